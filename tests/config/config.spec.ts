/**
 * Config validation [T001]: every stack file is valid and sized as the seed says; every invalid
 * input is rejected with a message naming the key, the value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fc from "fast-check";
import { parsePlatformConfig } from "../../config/load";
import { assertRejected, issuesOf, serviceOf, services, validRaw } from "./config-test-kit";
import { FARGATE_CPU_MEMORY, LOG_RETENTION_DAYS } from "../../policy-pack/lib/aws-limits";
import { readStackConfig } from "../../offline/stack-config";
import { REPO_ROOT } from "../../offline/evaluate";

const STACK_SIZES = { dev: [512, 1024], test: [1024, 2048], prod: [2048, 4096] } as const;

describe("config: stack files [T001]", () => {
    for (const [stack, [cpu, memory]] of Object.entries(STACK_SIZES)) {
        it(`${stack}: validates and sizes every service ${cpu} CPU / ${memory} MiB (the seed's bff and agentcore)`, () => {
            const { config } = readStackConfig(REPO_ROOT, stack);
            const cfg = parsePlatformConfig(config, stack);
            assert.strictEqual(serviceOf(cfg, "bff").kind, "http");
            assert.strictEqual(serviceOf(cfg, "agentcore").kind, "internal");
            for (const svc of cfg.services) {
                assert.deepStrictEqual([svc.cpu, svc.memory], [cpu, memory]);
                assert.deepStrictEqual([svc.desiredCount, svc.minCount, svc.maxCount], [2, 2, 10]);
            }
            assert.deepStrictEqual(cfg.scaling, {
                cpuTargetPercent: 70,
                memoryTargetPercent: 80,
                scaleInCooldownSeconds: 300,
                scaleOutCooldownSeconds: 300,
                schedules: [],
                timeZone: "UTC",
            });
            assert.strictEqual(cfg.capacity.fargateWeight, 70);
            assert.strictEqual(cfg.capacity.fargateSpotWeight, 30);
            assert.ok(cfg.capacity.fargateBase >= 1, "a FARGATE base keeps a task when Spot is reclaimed");
            assert.strictEqual(cfg.logRetentionDays, 7);
            assert.strictEqual(cfg.environment, stack);
            assert.strictEqual(cfg.protect, stack === "prod");
        });
    }
    it("resolves every default in one place", () => {
        const cfg = parsePlatformConfig(validRaw(), "dev");
        assert.strictEqual(cfg.logRetentionDays, 7);
        assert.strictEqual(cfg.network.mode, "create");
        assert.strictEqual(cfg.edge.mode, "vpcOrigin");
        assert.strictEqual(cfg.edge.waf.action, "count", "WAF counts outside prod");
        assert.deepStrictEqual(cfg.edge.allowedCidrs, []);
        for (const s of cfg.services) assert.strictEqual(s.imageTag, undefined, `${s.name}: no tag = bootstrap mode`);
    });
});

describe("config: invalid input is rejected with key, value and what is allowed", () => {
    it("rejects every Fargate memory that does not pair with the cpu (property)", () => {
        const cpus = Object.keys(FARGATE_CPU_MEMORY).map(Number);
        fc.assert(
            fc.property(fc.constantFrom(...cpus), fc.integer({ min: 0, max: 130000 }), (cpu, memory) => {
                const valid = FARGATE_CPU_MEMORY[cpu].includes(memory);
                const raw = validRaw(services({ bff: { cpu, memory } }));
                if (valid) {
                    assert.strictEqual(serviceOf(parsePlatformConfig(raw, "dev"), "bff").memory, memory);
                } else {
                    assertRejected(raw, "ecs-platform:services.bff.memory", String(memory), `cpu ${cpu}`, "allowed:");
                }
            }),
            { numRuns: 300 },
        );
    });
    it("accepts every pair of the Fargate table", () => {
        for (const [cpu, memories] of Object.entries(FARGATE_CPU_MEMORY)) {
            for (const memory of memories) {
                const cfg = parsePlatformConfig(validRaw(services({ agentcore: { cpu: +cpu, memory } })), "dev");
                assert.strictEqual(serviceOf(cfg, "agentcore").cpu, +cpu);
            }
        }
    });
    it("rejects a cpu Fargate does not offer, listing the allowed values", () => {
        assertRejected(
            validRaw(services({ agentcore: { cpu: 600, memory: 1024 } })),
            "ecs-platform:services.agentcore.cpu",
            "600",
            "256, 512, 1024",
        );
    });
    it("rejects negative counts, min > max and desired outside [min, max] (property)", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: -5, max: 20 }),
                fc.integer({ min: -5, max: 20 }),
                fc.integer({ min: -5, max: 20 }),
                (desired, min, max) => {
                    const raw = validRaw(services({ bff: { desiredCount: desired, minCount: min, maxCount: max } }));
                    const ok = desired >= 0 && min >= 0 && max >= 0 && min <= max && desired >= min && desired <= max;
                    if (ok) {
                        assert.strictEqual(serviceOf(parsePlatformConfig(raw, "dev"), "bff").desiredCount, desired);
                    } else {
                        const issues = issuesOf(raw);
                        assert.ok(
                            issues.some((i) =>
                                /^ecs-platform:services\.bff\.(desiredCount|minCount|maxCount):/.test(i),
                            ),
                            issues.join("\n"),
                        );
                    }
                },
            ),
            { numRuns: 300 },
        );
    });
    it("rejects percentages outside [1, 100] (property)", () => {
        fc.assert(
            fc.property(fc.double({ min: -50, max: 200, noNaN: true }), (p) => {
                const raw = validRaw({ "ecs-platform:scaling": { cpuTargetPercent: p } });
                if (p >= 1 && p <= 100) assert.strictEqual(parsePlatformConfig(raw, "dev").scaling.cpuTargetPercent, p);
                else if (p > 0 && p < 1) assertRejected(raw, "ecs-platform:scaling.cpuTargetPercent", "fraction");
                else assertRejected(raw, "ecs-platform:scaling.cpuTargetPercent", "allowed: 1 to 100");
            }),
            { numRuns: 200 },
        );
    });
    it("rejects capacity weights that are all zero", () => {
        assertRejected(
            validRaw({ "ecs-platform:capacity": { fargateWeight: 0, fargateSpotWeight: 0 } }),
            "ecs-platform:capacity.fargateWeight",
            "both 0",
        );
    });
    it("rejects log retention days CloudWatch does not offer (property)", () => {
        fc.assert(
            fc.property(fc.integer({ min: -10, max: 4000 }), (d) => {
                const raw = validRaw({ "ecs-platform:logRetentionDays": d });
                if (LOG_RETENTION_DAYS.includes(d))
                    assert.strictEqual(parsePlatformConfig(raw, "dev").logRetentionDays, d);
                else assertRejected(raw, "ecs-platform:logRetentionDays", String(d), "allowed: 1, 3, 5, 7");
            }),
            { numRuns: 200 },
        );
    });
    it("rejects malformed CIDRs and world-open sources", () => {
        for (const bad of ["10.0.0.0/33", "300.1.1.1/8", "10.0.0/8", "fe80:::1/64", "banana"]) {
            assertRejected(
                validRaw({ "ecs-platform:edge": { allowedCidrs: [bad] } }),
                "ecs-platform:edge.allowedCidrs[0]",
                JSON.stringify(bad),
                "not a valid",
            );
        }
        for (const world of ["0.0.0.0/0", "::/0", "00.0.0.0/0", "10.1.2.3/0"]) {
            assertRejected(
                validRaw({ "ecs-platform:edge": { allowedCidrs: [world] } }),
                "ecs-platform:edge.allowedCidrs[0]",
                "whole internet",
            );
        }
        assertRejected(
            validRaw({ "ecs-platform:network": { mode: "create", vpcCidr: "10.0.0.0/99" } }),
            "ecs-platform:network.vpcCidr",
        );
    });
    it("requires originDomainName when CloudFront fronts an HTTPS listener (else CloudFront gets 502s)", () => {
        const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
        assertRejected(
            validRaw({ "ecs-platform:edge": { mode: "publicAlb", certificateArn } }),
            "ecs-platform:edge.originDomainName",
            "is required with CloudFront (mode vpcOrigin or publicAlb) and certificateArn",
        );
        const ok = validRaw({
            "ecs-platform:edge": { mode: "publicAlb", certificateArn, originDomainName: "origin.example.com" },
        });
        assert.strictEqual(parsePlatformConfig(ok, "dev").edge.originDomainName, "origin.example.com");
        const direct = validRaw({
            "ecs-platform:edge": { mode: "cidrOnly", allowedCidrs: ["203.0.113.0/24"], certificateArn },
        });
        assert.strictEqual(parsePlatformConfig(direct, "dev").edge.originDomainName, undefined);
    });
    it("rejects unknown keys, top-level and nested (typos)", () => {
        assertRejected(
            validRaw({ "ecs-platform:logRetentionDay": 7 }),
            "ecs-platform:logRetentionDay",
            "unknown key",
            "logRetentionDays",
        );
        assertRejected(
            validRaw(services({ bff: { desiredCont: 2 } })),
            "ecs-platform:services.bff.desiredCont",
            "unknown key",
            "did you mean desiredCount?",
            "allowed keys: kind, displayName, cpu, memory, exec, cpuArchitecture, imageTag, desiredCount, minCount, maxCount",
        );
    });
    it("rejects wrong types, naming the type given and expected", () => {
        assertRejected(
            validRaw(services({ bff: { cpu: "lots" } })),
            "ecs-platform:services.bff.cpu",
            '"lots"',
            "string",
            "expected number",
        );
        assertRejected(
            validRaw(services({ bff: { cpu: true } })),
            "ecs-platform:services.bff.cpu",
            "is a boolean; expected number",
        );
        assertRejected(
            validRaw({ "ecs-platform:edge": { waf: { enabled: "yes" } } }),
            "ecs-platform:edge.waf.enabled",
            "expected boolean (true or false)",
        );
        assertRejected(
            validRaw({ "ecs-platform:environment": "staging" }),
            "ecs-platform:environment",
            '"staging"',
            '"dev", "test", "prod"',
        );
    });
    it("rejects a missing required key and a malformed region", () => {
        assertRejected(validRaw({ "ecs-platform:services": undefined }), "ecs-platform:services", "missing");
        assertRejected(validRaw(services({ bff: { cpu: undefined } })), "ecs-platform:services.bff.cpu", "missing");
        assertRejected(validRaw({ "aws:region": "mars-1" }), "aws:region", '"mars-1"', "allowed: af-south-1");
    });
    it("rejects the mutable tag 'latest' and malformed image tags", () => {
        assertRejected(
            validRaw(services({ bff: { imageTag: "latest" } })),
            "ecs-platform:services.bff.imageTag",
            "immutable",
        );
        assertRejected(validRaw(services({ bff: { imageTag: "-bad tag" } })), "ecs-platform:services.bff.imageTag");
    });
    it("fails as a Pulumi RunError, so the CLI prints the message without a stack trace", () => {
        try {
            parsePlatformConfig(validRaw({ "ecs-platform:logRetentionDays": 8 }), "dev");
            assert.fail("accepted");
        } catch (e) {
            assert.ok(pulumi.RunError.isInstance(e));
            assert.match(
                (e as Error).message,
                /^Invalid configuration for stack "dev":\n {2}- ecs-platform:logRetentionDays: 8 /,
            );
        }
    });
    it("reports every problem at once, one line each", () => {
        const issues = issuesOf(
            validRaw({
                "ecs-platform:logRetentionDays": 8,
                "ecs-platform:capcity": {},
                "ecs-platform:environment": "qa",
            }),
        );
        assert.strictEqual(issues.length, 3, issues.join("\n"));
    });
});
