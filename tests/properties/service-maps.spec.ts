/**
 * Property tests over random valid service maps: whatever services a stack declares, the platform
 * built from them keeps the same guarantees the seed's two are held to. Each generated map is
 * planned with the dev stack's other settings and the policy config its services derive, and:
 *
 * - nothing outside the VPC reaches anything but the public entry (no world-open ingress);
 * - each service is reached only by the ALB (http), exactly its callers (internal), or nothing (worker);
 * - each task role holds exactly the grants its entry names;
 * - listener-rule priorities are unique, one rule per http service;
 * - every derived name and text is within AWS's limits (the limits lint finds no error), and the
 *   pack finds nothing mandatory.
 *
 * PROPERTY_RUNS (default 6) and PROPERTY_SEED replay or widen a run; fast-check prints the seed
 * and the shrunk map of a failure.
 */
import * as assert from "assert";
import fc from "fast-check";
import { parsePlatformConfig } from "../../config/load";
import { RESERVED_SERVICE_NAMES } from "../../config/services-map";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { packConfigFor } from "../../policy-pack/lib/service-policy-config";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { buildStackPlan } from "../../tools/plan/analysis";
import { PlanGraph } from "../../tools/plan/graph";
import { packServicesOf } from "../../tools/plan/services";
import { evaluateVariant } from "../support/variants";

type Entry = Record<string, unknown>;
const KINDS = ["http", "internal", "worker"] as const;

/** A map of 2-6 services, the first an http catch-all; calls only go to later internal services (no cycles). */
const serviceMaps = fc
    .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{1,8}(-[a-z0-9]{1,6})?$/), { minLength: 2, maxLength: 6 })
    .filter((names) => names.every((n) => !(n in RESERVED_SERVICE_NAMES)))
    .chain((names) =>
        fc
            .tuple(
                ...names.map((_, i) =>
                    fc.record({
                        kind: i === 0 ? fc.constant<(typeof KINDS)[number]>("http") : fc.constantFrom(...KINDS),
                        port: fc.integer({ min: 1024, max: 9999 }),
                        database: fc.boolean(),
                        bedrock: fc.boolean(),
                        s3: fc.boolean(),
                        parameters: fc.boolean(),
                        secrets: fc.boolean(),
                        callMask: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
                    }),
                ),
            )
            .map((drawn) => {
                const map: Record<string, Entry> = {};
                names.forEach((name, i) => {
                    const d = drawn[i];
                    const calls = names.filter((_, j) => j > i && d.callMask[j] && drawn[j].kind === "internal");
                    map[name] = {
                        kind: d.kind,
                        cpu: 256,
                        memory: 512,
                        ...(d.kind === "worker" ? {} : { port: d.port, healthCheckPath: "/health" }),
                        ...(d.kind === "http" && i > 0 ? { pathPatterns: [`/${name}/*`] } : {}),
                        calls,
                        database: d.database,
                        grants: {
                            bedrock: d.bedrock,
                            ...(d.s3 ? { s3Prefix: `${name}/` } : {}),
                            parameters: d.parameters,
                            secrets: d.secrets ? [`${name}/token`] : [],
                        },
                    };
                });
                return map;
            }),
    );

describe("properties of any valid service map", function () {
    this.timeout(300_000);

    it("isolation, exact reachability, exact grants, unique priorities, AWS limits", async () => {
        const runs = Number(process.env.PROPERTY_RUNS ?? 6);
        const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
        await fc.assert(
            fc.asyncProperty(serviceMaps, async (services) => {
                const stack = await evaluateVariant({
                    stack: "dev",
                    configOverrides: { "ecs-platform:services": services },
                });
                const cfg = parsePlatformConfig(stack.config, "dev");
                const plan = buildStackPlan(stack, {
                    policyConfig: { config: packConfigFor(packServicesOf(cfg.services)) as never },
                });
                const report = plan.report;
                assert.strictEqual(report.policies!.mandatory, 0, JSON.stringify(report.policies!.violations));
                assert.strictEqual(report.lint!.errors, 0, JSON.stringify(report.lint));

                const r = report.reachability!;
                assert.strictEqual(r.verdict, "ok", JSON.stringify(r.findings));
                const fromOutside = r.edges.filter((e) => e.from === "internet").map((e) => e.to);
                assert.deepStrictEqual([...new Set(fromOutside)], ["cloudfront"]);
                for (const s of cfg.services) {
                    const inbound = [...new Set(r.edges.filter((e) => e.to === s.name).map((e) => e.from))].sort();
                    const callers = cfg.services.filter((c) => c.calls.includes(s.name)).map((c) => c.name);
                    const expected = s.kind === "http" ? ["alb"] : s.kind === "internal" ? callers.sort() : [];
                    assert.deepStrictEqual(inbound, expected, `${s.name} (${s.kind}) is reached by`);
                }

                const g = new PlanGraph(stack);
                for (const s of cfg.services) {
                    const policy = g.ofType(AWS_TYPE.iam.RolePolicy).find((p) => p.name === `roles-${s.name}-task`);
                    const text = policy ? JSON.stringify(g.props(policy).policy) : "";
                    const has = (re: RegExp) => re.test(text);
                    assert.strictEqual(has(/bedrock:Invoke/), s.grants.bedrock, `${s.name}: bedrock`);
                    assert.strictEqual(
                        has(new RegExp(`s3:::[^"/]+/${s.name}/\\*`)),
                        s.grants.s3Prefix !== undefined,
                        `${s.name}: s3`,
                    );
                    assert.strictEqual(
                        has(/secret:[^"]*\/token-\?{6}/),
                        s.grants.secrets.length > 0,
                        `${s.name}: secrets`,
                    );
                    assert.strictEqual(has(/secret:rds!db-/), s.database, `${s.name}: database login`);
                    assert.strictEqual(has(/ssm:GetParameter/), s.grants.parameters, `${s.name}: parameters`);
                }

                const priorities = g.ofType(AWS_TYPE.lb.ListenerRule).map((x) => g.props(x).priority);
                assert.strictEqual(priorities.length, cfg.services.filter((s) => s.kind === "http").length);
                assert.strictEqual(new Set(priorities).size, priorities.length, `priorities ${priorities.join(",")}`);
            }),
            { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
        );
    });
});

const TRACING_IMAGE = `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${"ab".repeat(32)}`;

/** The same maps with the per-service features drawn too: architecture, Exec, a worker's queue and its producers, tracing. */
const featureStacks = serviceMaps.chain((map) => {
    const names = Object.keys(map);
    return fc
        .record({
            arm: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
            exec: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
            queue: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
            send: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
            tracing: fc.boolean(),
        })
        .map((d) => {
            const queued = names.filter((n, i) => map[n].kind === "worker" && d.queue[i]);
            const services: Record<string, Entry> = {};
            names.forEach((n, i) => {
                const e = map[n];
                const targets = queued.filter((w) => w !== n && d.send[i]);
                services[n] = {
                    ...e,
                    // Room for the tracing collector beside every service.
                    cpu: 512,
                    memory: 1024,
                    cpuArchitecture: d.arm[i] ? "ARM64" : "X86_64",
                    exec: d.exec[i],
                    ...(queued.includes(n) ? { queue: {} } : {}),
                    grants: { ...(e.grants as Entry), queues: targets },
                };
            });
            return { services, tracing: d.tracing };
        });
});

describe("properties of any valid service map with the per-service features", function () {
    this.timeout(300_000);

    it("each feature reaches exactly its services: architecture, Exec, queues, tracing; and the plan stays clean", async () => {
        const runs = Number(process.env.PROPERTY_RUNS ?? 4);
        const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
        await fc.assert(
            fc.asyncProperty(featureStacks, async ({ services, tracing }) => {
                const stack = await evaluateVariant({
                    stack: "dev",
                    configOverrides: {
                        "ecs-platform:services": services,
                        "ecs-platform:tracing": tracing ? { enabled: true, collectorImage: TRACING_IMAGE } : {},
                    },
                });
                const cfg = parsePlatformConfig(stack.config, "dev");
                const report = buildStackPlan(stack, {
                    policyConfig: { config: packConfigFor(packServicesOf(cfg.services)) as never },
                }).report;
                assert.strictEqual(report.policies!.mandatory, 0, JSON.stringify(report.policies!.violations));
                assert.ok(!report.policies!.violations.some((v) => v.policyName === "iam-task-role-allowlist"));
                assert.strictEqual(report.reachability!.verdict, "ok", JSON.stringify(report.reachability!.findings));
                assert.strictEqual(report.lint!.errors, 0, JSON.stringify(report.lint));

                const g = new PlanGraph(stack);
                const tagged = (type: string, name: string) =>
                    g.props(g.ofType(type).find((r) => serviceOfTags(g.props(r).tags)?.service === name)!);
                for (const s of cfg.services) {
                    const td = tagged(AWS_TYPE.ecs.TaskDefinition, s.name);
                    assert.strictEqual(
                        (td.runtimePlatform as { cpuArchitecture: string }).cpuArchitecture,
                        s.cpuArchitecture,
                    );
                    assert.strictEqual(JSON.parse(String(td.containerDefinitions)).length, tracing ? 2 : 1, s.name);
                    assert.strictEqual(tagged(AWS_TYPE.ecs.Service, s.name).enableExecuteCommand, s.exec, s.name);
                    const policy = g.ofType(AWS_TYPE.iam.RolePolicy).find((p) => p.name === `roles-${s.name}-task`);
                    const text = policy ? JSON.stringify(g.props(policy).policy) : "";
                    const ownQueue = s.kind === "worker" && s.queue !== undefined;
                    assert.strictEqual(/ssmmessages:/.test(text), s.exec, `${s.name}: exec`);
                    assert.strictEqual(/sqs:ReceiveMessage/.test(text), ownQueue, `${s.name}: consume`);
                    assert.strictEqual(/sqs:SendMessage/.test(text), s.grants.queues.length > 0, `${s.name}: send`);
                    assert.strictEqual(/xray:PutTraceSegments/.test(text), tracing, `${s.name}: tracing`);
                }
                const endpoints = g
                    .ofType(AWS_TYPE.ec2.VpcEndpoint)
                    .map((e) => String(g.props(e).serviceName).split(".").pop());
                const anyQueue = cfg.services.some((s) => s.kind === "worker" && s.queue !== undefined);
                assert.strictEqual(
                    endpoints.includes("ssmmessages"),
                    cfg.services.some((s) => s.exec),
                );
                assert.strictEqual(endpoints.includes("sqs"), anyQueue);
                assert.strictEqual(endpoints.includes("xray"), tracing);
            }),
            { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
        );
    });
});
