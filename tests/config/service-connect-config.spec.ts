/**
 * Config `deployment.discovery: serviceConnect` (config/deployment.ts, config/service-connect.ts):
 * the opt-in is accepted, AgentCore may then shift traffic (and only then), and each task must
 * leave the application at least the smallest Fargate task after the proxy's 256 CPU units and
 * 64 MiB; every refusal names the key, before any resource is registered.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import { applicationShare, serviceConnectIssues } from "../../config/service-connect";
import { SERVICE_CONNECT_APP_MINIMUM, SERVICE_CONNECT_PROXY } from "../../policy-pack/lib/service-connect";
import { FARGATE_CPU_MEMORY } from "../../policy-pack/lib/aws-limits";
import { assertRejected, issuesOf, serviceOf, services, validRaw } from "./config-test-kit";

const sc = { discovery: "serviceConnect" };

describe("config: deployment.discovery serviceConnect", () => {
    it("is an opt-in: unset means cloudMap", () => {
        assert.strictEqual(parsePlatformConfig(validRaw(), "dev").deployment.discovery, "cloudMap");
        assert.strictEqual(
            parsePlatformConfig(validRaw({ "ecs-platform:deployment": sc }), "dev").deployment.discovery,
            "serviceConnect",
        );
    });

    it("lets AgentCore canary, linear or blue/green only with serviceConnect", () => {
        for (const strategy of ["canary", "linear", "blueGreen"] as const) {
            const agentcore = services({ agentcore: { deployment: { strategy } } });
            const cfg = parsePlatformConfig(validRaw({ ...agentcore, "ecs-platform:deployment": sc }), "dev");
            assert.strictEqual(serviceOf(cfg, "agentcore").rollout.strategy, strategy);
            assertRejected(
                validRaw({ ...agentcore, "ecs-platform:deployment": { discovery: "cloudMap" } }),
                "ecs-platform:services.agentcore.deployment.strategy",
                "allowed: rolling",
                "serviceConnect",
            );
        }
    });

    it("keeps AgentCore rolling by default under serviceConnect, with the strategy's own rules", () => {
        const prod = parsePlatformConfig(
            validRaw({
                "ecs-platform:environment": "prod",
                ...services({ bff: { cpu: 2048, memory: 4096 }, agentcore: { cpu: 2048, memory: 4096 } }),
                "ecs-platform:deployment": sc,
            }),
            "prod",
        );
        assert.strictEqual(serviceOf(prod, "agentcore").rollout.strategy, "rolling");
        assertRejected(
            validRaw({
                ...services({ agentcore: { deployment: { strategy: "canary", canaryPercent: 0.05 } } }),
                "ecs-platform:deployment": sc,
            }),
            "ecs-platform:services.agentcore.deployment.canaryPercent",
            "0.1",
        );
    });

    it("refuses a task that leaves no room for the proxy, naming the key, the value and what is allowed", () => {
        const cpu = assertRejected(
            validRaw({ ...services({ agentcore: { cpu: 256, memory: 512 } }), "ecs-platform:deployment": sc }),
            "ecs-platform:services.agentcore.cpu",
            "256",
            "leaves 0 CPU units",
            "serviceConnect",
            "allowed: 512 or more",
        );
        assert.match(cpu, /256 CPU units and 64 MiB/);
        assertRejected(
            validRaw({ ...services({ agentcore: { cpu: 256, memory: 512 } }), "ecs-platform:deployment": sc }),
            "ecs-platform:services.agentcore.memory",
            "leaves 448 MiB",
            "allowed: 576 or more",
        );
        // The BFF is checked as well; only the failing service is named.
        const issues = issuesOf(
            validRaw({ ...services({ bff: { cpu: 256, memory: 2048 } }), "ecs-platform:deployment": sc }),
        );
        assert.deepStrictEqual(
            issues.map((i) => i.split(": ")[0]),
            ["ecs-platform:services.bff.cpu"],
        );
        // A worker runs the client proxy too, so it needs the same room.
        const worker = { kind: "worker", cpu: 256, memory: 512 };
        assertRejected(
            validRaw({ ...services({ jobs: worker }), "ecs-platform:deployment": sc }),
            "ecs-platform:services.jobs.cpu",
            "leaves 0 CPU units",
        );
    });

    it("accepts the same small task with cloudMap (the rule is the proxy's, not Fargate's)", () => {
        const cfg = parsePlatformConfig(validRaw(services({ agentcore: { cpu: 256, memory: 512 } })), "dev");
        assert.strictEqual(serviceOf(cfg, "agentcore").cpu, 256);
    });

    it("accepts every committed stack size (dev 512/1024 is the tightest: the app keeps 256/960)", () => {
        for (const [cpu, memory] of [
            [512, 1024],
            [1024, 2048],
            [2048, 4096],
        ]) {
            const cfg = parsePlatformConfig(
                validRaw({
                    ...services({ bff: { cpu, memory }, agentcore: { cpu, memory } }),
                    "ecs-platform:deployment": sc,
                }),
                "dev",
            );
            assert.strictEqual(cfg.deployment.discovery, "serviceConnect");
        }
        assert.deepStrictEqual(applicationShare({ cpu: 512, memory: 1024 }), { cpu: 256, memoryMiB: 960 });
    });

    it("property: over the whole Fargate table, a pair is refused exactly when the app keeps less than 256/512", () => {
        for (const [cpuText, memories] of Object.entries(FARGATE_CPU_MEMORY)) {
            const cpu = Number(cpuText);
            for (const memory of memories) {
                const issues = serviceConnectIssues({
                    services: {
                        bff: { kind: "http", cpu, memory },
                        agentcore: { kind: "internal", cpu: 1024, memory: 2048 },
                    },
                    deployment: { discovery: "serviceConnect" },
                });
                const tooSmall =
                    cpu - SERVICE_CONNECT_PROXY.cpu < SERVICE_CONNECT_APP_MINIMUM.cpu ||
                    memory - SERVICE_CONNECT_PROXY.memoryMiB < SERVICE_CONNECT_APP_MINIMUM.memoryMiB;
                assert.strictEqual(issues.length > 0, tooSmall, `${cpu}/${memory}`);
                const none = serviceConnectIssues({
                    services: { bff: { kind: "http", cpu, memory }, agentcore: { kind: "internal", cpu, memory } },
                    deployment: { discovery: "cloudMap" },
                });
                assert.deepStrictEqual(none, [], `cloudMap ${cpu}/${memory}`);
            }
        }
    });
});
