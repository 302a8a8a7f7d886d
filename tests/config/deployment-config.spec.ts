/**
 * Config `deployment` (config/deployment.ts): the defaults per environment, every rule with the key
 * named, and two properties: every valid section becomes service arguments the ECS deployment rules
 * of the AWS-limits lint accept (policy-pack/lib/limits/ecs-deployment.ts), and every value outside
 * ECS's ranges is rejected naming its full key.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../offline/evaluate";
import { readStackConfig } from "../../offline/stack-config";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import { ServiceRollout } from "../../config/deployment";
import type { PlatformConfig } from "../../config/schema";
import { serviceOf, services } from "./config-test-kit";
import { ecsDeploymentArgs } from "../../components/deployment-configuration";
import { checkResourceLimits, ECS_DEPLOYMENT_LIMITS } from "../../policy-pack/lib/aws-limits";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

type Env = "dev" | "test" | "prod";

/**
 * What a test sets: each service's `deployment` (`services.<name>.deployment`), and the stack's
 * own `deployment` section (discovery, alarms) under `stack`.
 */
interface Rollouts {
    readonly bff?: unknown;
    readonly agentcore?: unknown;
    readonly stack?: unknown;
}

function raw(env: Env, rollouts: Rollouts = {}): Record<string, string> {
    const { stack, ...perService } = rollouts;
    const patches = Object.fromEntries(Object.entries(perService).map(([name, deployment]) => [name, { deployment }]));
    const base: Record<string, unknown> = {
        "aws:region": "us-east-1",
        "ecs-platform:environment": env,
        ...services(patches),
        "ecs-platform:bedrock": { modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/m"] },
    };
    if (stack !== undefined) base["ecs-platform:deployment"] = stack;
    return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

const parse = (env: Env, rollouts: Rollouts = {}): PlatformConfig => parsePlatformConfig(raw(env, rollouts), env);
const rolloutOf = (cfg: PlatformConfig, name: string): ServiceRollout => serviceOf(cfg, name).rollout;

function issuesOf(env: Env, rollouts: Rollouts): readonly string[] {
    try {
        parsePlatformConfig(raw(env, rollouts), env);
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, String(e));
        return e.issues;
    }
    assert.fail(`accepted: ${JSON.stringify(rollouts)}`);
}

function assertRejected(env: Env, rollouts: Rollouts, key: string, ...fragments: string[]): void {
    const issues = issuesOf(env, rollouts);
    const hit = issues.find((i) => i.startsWith(`ecs-platform:${key}:`));
    assert.ok(hit, `no issue for ${key}; got:\n${issues.join("\n")}`);
    for (const f of fragments) assert.ok(hit.includes(f), `"${hit}" lacks "${f}"`);
}

/** The ECS limit errors of a service carrying this rollout's arguments (a load balancer when it shifts). */
function ecsErrors(rollout: ServiceRollout, loadBalanced: boolean): string[] {
    const args = ecsDeploymentArgs(rollout);
    const props: Record<string, unknown> = {
        ...args,
        alarms: { alarmNames: ["a"], enable: true, rollback: true },
        waitForSteadyState: true,
        sigintRollback: true,
        loadBalancers: loadBalanced
            ? [
                  {
                      targetGroupArn: "arn:tg/blue",
                      advancedConfiguration:
                          rollout.strategy === "rolling"
                              ? undefined
                              : {
                                    alternateTargetGroupArn: "arn:tg/green",
                                    productionListenerRule: "arn:rule",
                                    roleArn: "arn:role",
                                },
                  },
              ]
            : undefined,
    };
    return checkResourceLimits(AWS_TYPE.ecs.Service, props, "svc")
        .filter((f) => f.severity === "error")
        .map((f) => `${f.property}: ${f.message}`);
}

describe("config deployment: defaults per environment", () => {
    it("dev rolls both services 50/200; AgentCore rolls everywhere; Cloud Map DNS is the discovery", () => {
        const dev = parse("dev");
        assert.deepStrictEqual(rolloutOf(dev, "bff"), {
            strategy: "rolling",
            minimumHealthyPercent: 50,
            maximumPercent: 200,
        });
        assert.deepStrictEqual(rolloutOf(dev, "agentcore"), rolloutOf(dev, "bff"));
        assert.strictEqual(dev.deployment.discovery, "cloudMap");
    });
    for (const env of ["test", "prod"] as const) {
        it(`${env} canaries the BFF (10 % for 5 min, bake 10) and rolls AgentCore`, () => {
            const r = parse(env);
            assert.deepStrictEqual(rolloutOf(r, "bff"), {
                strategy: "canary",
                bakeTimeMinutes: 10,
                canaryPercent: 10,
                canaryBakeTimeMinutes: 5,
            });
            assert.deepStrictEqual(rolloutOf(r, "agentcore"), {
                strategy: "rolling",
                minimumHealthyPercent: env === "prod" ? 100 : 50,
                maximumPercent: 200,
            });
        });
    }
    it("Pulumi.prod.yaml writes down every rolling service's 100 % minimum healthy (the seed says 50) with its reason", () => {
        const file = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
        const { config } = readStackConfig(REPO_ROOT, "prod");
        const cfg = parsePlatformConfig(config, "prod");
        const written = JSON.parse(config["ecs-platform:services"]) as Record<string, { deployment?: unknown }>;
        const rolling = cfg.services.filter((s) => s.rollout.strategy === "rolling");
        assert.ok(rolling.length > 0, "prod has a rolling service");
        for (const s of rolling) {
            assert.deepStrictEqual(written[s.name].deployment, { minimumHealthyPercent: 100 }, s.name);
            assert.strictEqual(s.rollout.strategy === "rolling" && s.rollout.minimumHealthyPercent, 100, s.name);
        }
        // The comment above the key says which seed value it departs from and why.
        const lines = file.split("\n");
        const at = lines.findIndex((l) => /^\s+minimumHealthyPercent: 100$/.test(l));
        const comment = lines.slice(Math.max(0, at - 5), at).join(" ");
        assert.match(comment, /Deviates from the seed \(T034: rolling at 50 % minimum healthy\)/);
        assert.match(comment, /capacity/);
    });
    it("alarm thresholds default to 3-minute windows, 2 breaching, 5 % 5xx over 10 requests, p99 30 s, 90 % CPU/memory", () => {
        const defaults = {
            evaluationMinutes: 3,
            datapointsToAlarm: 2,
            http5xxRatePercent: 5,
            httpMinimumRequests: 10,
            httpP99ResponseTimeSeconds: 30,
            httpUnhealthyTargets: 1,
            cpuPercent: 90,
            memoryPercent: 90,
        };
        const cfg = parse("prod");
        assert.deepStrictEqual(cfg.deployment.alarms, defaults);
        for (const s of cfg.services) assert.deepStrictEqual(s.alarms, defaults, `${s.name} inherits the stack's`);
    });
    it("a stack overrides one parameter and keeps the other defaults (numeric strings too)", () => {
        const r = parse("prod", { bff: { canaryPercent: "25" } });
        assert.deepStrictEqual(rolloutOf(r, "bff"), {
            strategy: "canary",
            bakeTimeMinutes: 10,
            canaryPercent: 25,
            canaryBakeTimeMinutes: 5,
        });
    });
});

describe("config deployment: rejected with the key named", () => {
    it("an unknown strategy", () =>
        assertRejected("dev", { bff: { strategy: "bluegreen" } }, "services.bff.deployment.strategy", "blueGreen"));
    it("a canary share that is not a tenth of a percent, or out of 0.1-100", () => {
        assertRejected(
            "prod",
            { bff: { canaryPercent: 0.15 } },
            "services.bff.deployment.canaryPercent",
            "steps of 0.1",
        );
        assertRejected("prod", { bff: { canaryPercent: 0 } }, "services.bff.deployment.canaryPercent", "0.1 to 100");
        assertRejected("prod", { bff: { canaryPercent: 100.1 } }, "services.bff.deployment.canaryPercent");
    });
    it("a linear step under 3 %", () =>
        assertRejected(
            "prod",
            { bff: { strategy: "linear", linearStepPercent: 2.9 } },
            "services.bff.deployment.linearStepPercent",
            "3 to 100",
        ));
    it("a bake time over 1440 minutes or not whole", () => {
        assertRejected("prod", { bff: { bakeTimeMinutes: 1441 } }, "services.bff.deployment.bakeTimeMinutes");
        assertRejected(
            "prod",
            { bff: { canaryBakeTimeMinutes: 1.5 } },
            "services.bff.deployment.canaryBakeTimeMinutes",
        );
    });
    it("a parameter of another strategy, naming where the strategy came from", () => {
        assertRejected(
            "dev",
            { bff: { canaryPercent: 10 } },
            "services.bff.deployment.canaryPercent",
            "canary",
            "the dev default",
        );
        assertRejected(
            "prod",
            { bff: { strategy: "linear", canaryBakeTimeMinutes: 3 } },
            "services.bff.deployment.canaryBakeTimeMinutes",
            "services.bff.deployment.strategy",
        );
        assertRejected("prod", { bff: { maximumPercent: 150 } }, "services.bff.deployment.maximumPercent", "rolling");
    });
    for (const env of ["dev", "test", "prod"] as const) {
        for (const strategy of ["canary", "linear", "blueGreen"]) {
            it(`${env}: AgentCore ${strategy} with Cloud Map DNS (no load balancer, no Service Connect to shift traffic)`, () =>
                assertRejected(
                    env,
                    { agentcore: { strategy } },
                    "services.agentcore.deployment.strategy",
                    "allowed: rolling",
                ));
        }
        it(`${env}: discovery accepts cloudMap and serviceConnect (opt-in), nothing else`, () => {
            assertRejected(
                env,
                { stack: { discovery: "appMesh" } },
                "deployment.discovery",
                "cloudMap",
                "serviceConnect",
            );
            for (const discovery of ["cloudMap", "serviceConnect"]) {
                assert.strictEqual(parse(env, { stack: { discovery } }).deployment.discovery, discovery);
            }
        });
    }
    it("a rolling ceiling at or below the floor", () =>
        assertRejected(
            "prod",
            { agentcore: { maximumPercent: 100 } },
            "services.agentcore.deployment.maximumPercent",
            "above 100",
        ));
    it("more breaching minutes than evaluated minutes", () =>
        assertRejected(
            "dev",
            { stack: { alarms: { evaluationMinutes: 2, datapointsToAlarm: 3 } } },
            "deployment.alarms.datapointsToAlarm",
        ));
    it("a misspelt key", () =>
        assertRejected("dev", { bff: { canaryPercentage: 10 } }, "services.bff.deployment.canaryPercentage"));
    it("look-alikes stay valid: strategy rolling with its own keys, canary 0.1 and 100, linear 3, bake 0 and 1440", () => {
        for (const [env, d] of [
            ["prod", { bff: { strategy: "rolling", minimumHealthyPercent: 0, maximumPercent: 400 } }],
            ["dev", { bff: { strategy: "canary", canaryPercent: 0.1, bakeTimeMinutes: 0 } }],
            ["dev", { bff: { strategy: "canary", canaryPercent: 100, canaryBakeTimeMinutes: 1440 } }],
            ["test", { bff: { strategy: "linear", linearStepPercent: 3 } }],
        ] as const) {
            assert.doesNotThrow(() => parsePlatformConfig(raw(env, d), env), JSON.stringify(d));
        }
    });
});

const L = ECS_DEPLOYMENT_LIMITS;
const tenths = (min: number, max: number) =>
    fc.integer({ min: Math.round(min * 10), max: Math.round(max * 10) }).map((v) => v / 10);
const bake = fc.integer({ min: L.bakeTimeMinutes.min, max: L.bakeTimeMinutes.max });
const validBff = fc.oneof(
    fc
        .record({ min: fc.integer({ min: 0, max: 100 }), headroom: fc.integer({ min: 1, max: 300 }) })
        .map(({ min, headroom }) => ({
            strategy: "rolling",
            minimumHealthyPercent: min,
            maximumPercent: Math.min(400, Math.max(100, min + headroom)),
        }))
        .filter((d) => d.maximumPercent > d.minimumHealthyPercent),
    fc.record({
        strategy: fc.constant("canary"),
        canaryPercent: tenths(0.1, 100),
        canaryBakeTimeMinutes: bake,
        bakeTimeMinutes: bake,
    }),
    fc.record({
        strategy: fc.constant("linear"),
        linearStepPercent: tenths(3, 100),
        linearStepBakeTimeMinutes: bake,
        bakeTimeMinutes: bake,
    }),
    fc.record({ strategy: fc.constant("blueGreen"), bakeTimeMinutes: bake }),
);
const env = fc.constantFrom<Env>("dev", "test", "prod");

describe("config deployment: properties", () => {
    it("every valid section evaluates to service arguments ECS's rules accept", () => {
        fc.assert(
            fc.property(
                env,
                validBff,
                fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
                (e, bff, agentMin) => {
                    const agentcore =
                        agentMin === undefined
                            ? {}
                            : { strategy: "rolling", minimumHealthyPercent: agentMin, maximumPercent: 200 };
                    const cfg = parsePlatformConfig(raw(e, { bff, agentcore }), e);
                    assert.deepStrictEqual(ecsErrors(rolloutOf(cfg, "bff"), true), []);
                    assert.deepStrictEqual(ecsErrors(rolloutOf(cfg, "agentcore"), false), []);
                },
            ),
            { numRuns: 300 },
        );
    });

    const outOfRange = fc.oneof(
        fc.record({
            key: fc.constant("canaryPercent"),
            value: fc.oneof(
                fc.double({ min: -100, max: 0.09, noNaN: true }),
                fc.double({ min: 100.01, max: 1e6, noNaN: true }),
            ),
            strategy: fc.constant("canary"),
        }),
        fc.record({
            key: fc.constant("canaryPercent"),
            value: fc.integer({ min: 1, max: 999 }).map((v) => v / 10 + 0.05),
            strategy: fc.constant("canary"),
        }),
        fc.record({
            key: fc.constant("linearStepPercent"),
            value: fc.oneof(
                fc.double({ min: -10, max: 2.99, noNaN: true }),
                fc.double({ min: 100.01, max: 1e6, noNaN: true }),
            ),
            strategy: fc.constant("linear"),
        }),
        fc.record({
            key: fc.constantFrom("bakeTimeMinutes", "canaryBakeTimeMinutes"),
            value: fc.oneof(fc.integer({ min: 1441, max: 1e6 }), fc.integer({ min: -1e6, max: -1 })),
            strategy: fc.constant("canary"),
        }),
        fc.record({
            key: fc.constant("linearStepBakeTimeMinutes"),
            value: fc.integer({ min: 1441, max: 1e6 }),
            strategy: fc.constant("linear"),
        }),
        fc.record({
            key: fc.constant("minimumHealthyPercent"),
            value: fc.integer({ min: 101, max: 1e4 }),
            strategy: fc.constant("rolling"),
        }),
        fc.record({
            key: fc.constant("maximumPercent"),
            value: fc.integer({ min: -1e4, max: 99 }),
            strategy: fc.constant("rolling"),
        }),
    );

    it("every value outside ECS's ranges is rejected, naming its full key", () => {
        fc.assert(
            fc.property(env, outOfRange, fc.constantFrom("bff", "agentcore"), (e, bad, service) => {
                const strategy = service === "agentcore" ? "rolling" : bad.strategy;
                if (service === "agentcore" && bad.strategy !== "rolling") return; // AgentCore only rolls (tested above)
                const issues = issuesOf(e, { [service]: { strategy, [bad.key]: bad.value } });
                const key = `ecs-platform:services.${service}.deployment.${bad.key}:`;
                assert.ok(
                    issues.some((i) => i.startsWith(key)),
                    `${key} not in\n${issues.join("\n")}`,
                );
            }),
            { numRuns: 300 },
        );
    });
});
