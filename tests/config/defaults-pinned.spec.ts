/**
 * Defaults nobody pins: every committed stack file sets the scaling, capacity and retention keys,
 * so a changed code default would pass every spec that plans those files. Here each row of the
 * schema's table of defaults (config/defaults.ts, read off the schema, so a new default gets its
 * rows for free) is held to the value the documentation gives (README.md#configuration, the seed
 * ids in the schema's comments): a stack file omitting the key parses to it, and a plan of the dev
 * stack file with every defaulted key omitted is the same, resource by resource, as one with every
 * key written out at its documented value. A default that changes, or a new one nobody
 * documented, fails here.
 */
import * as assert from "assert";
import { schemaDefaults, SchemaDefault } from "../../config/defaults";
import { platformConfigSchema } from "../../config/schema";
import type { EvaluatedStack } from "../../offline/evaluate";
import { REPO_ROOT } from "../../offline/evaluate";
import { readStackConfig } from "../../offline/stack-config";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { input, ofType } from "../support/graph";
import { evaluateVariant } from "../support/variants";

/** What the documentation says each default is (a new schema default fails until it is added here and there). */
const DOCUMENTED: Readonly<Record<string, unknown>> = {
    "services.<name>.desiredCount": 2, // T033, T034
    "services.<name>.minCount": 2, // T035, T036
    "services.<name>.maxCount": 10, // T035, T036
    "services.<name>.calls": [],
    "services.<name>.database": false,
    "services.<name>.grants.bedrock": false,
    "services.<name>.grants.parameters": false,
    "services.<name>.grants.secrets": [],
    "services.<name>.grants.queues": [],
    // config/service-queue.ts: SQS's own defaults where it has one (visibility 30 s, retention 4 days).
    "services.<name>.queue.visibilityTimeoutSeconds": 30,
    "services.<name>.queue.maxReceiveCount": 5,
    "services.<name>.queue.retentionDays": 4,
    "services.<name>.queue.messagesPerTask": 100,
    "services.<name>.environment": {},
    "services.<name>.secrets": {},
    "services.<name>.secrets.<name>.value": "placeholder",
    "services.<name>.pathPatterns": ["/*"],
    "scaling.cpuTargetPercent": 70, // T035, T036
    "scaling.memoryTargetPercent": 80, // T035, T036
    "scaling.scaleInCooldownSeconds": 300, // T035, T036
    "scaling.scaleOutCooldownSeconds": 300, // T035, T036
    "scaling.schedules": [], // docs/services.md#scaling
    "scaling.timeZone": "UTC", // PutScheduledAction's own default
    "runtime.cpuArchitecture": "X86_64", // docs/services.md#cpu-architecture
    "exec.enabled": false, // docs/services.md#ecs-exec
    "exec.allowInProd": false,
    "tracing.enabled": false, // docs/services.md#tracing
    "tracing.collectorCpu": 256,
    "tracing.collectorMemoryMiB": 512,
    "capacity.fargateWeight": 70, // T012
    "capacity.fargateSpotWeight": 30, // T013
    "capacity.fargateBase": 1,
    logRetentionDays: 7, // T020, T021
    "network.vpcCidr": "10.0.0.0/16",
    "edge.mode": "vpcOrigin",
    "edge.allowedCidrs": [],
    "edge.sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "edge.waf.enabled": true,
    "edge.waf.rateLimit": 2000,
    "edge.waf.rateWindowSeconds": 300,
    "edge.waf.excludedRules": [],
    "edge.viewerTlsPolicy": "TLSv1.2_2021",
    "database.instanceClass": "db.t4g.micro",
    "database.allocatedStorage": 20,
    "database.engineVersion": "16",
    "database.backupRetentionDays": 7,
    "bedrock.modelArns": [],
    "bedrock.inferenceProfileIds": [],
    "bedrock.agentAliasArns": [],
    "deployment.discovery": "cloudMap",
    "deployment.alarms.evaluationMinutes": 3,
    "deployment.alarms.datapointsToAlarm": 2,
    "deployment.alarms.http5xxRatePercent": 5,
    "deployment.alarms.httpMinimumRequests": 10,
    "deployment.alarms.httpP99ResponseTimeSeconds": 30,
    "deployment.alarms.httpUnhealthyTargets": 1,
    "deployment.alarms.cpuPercent": 90,
    "deployment.alarms.memoryPercent": 90,
};

type Values = Record<string, unknown>;
const ROWS = schemaDefaults(platformConfigSchema);

/** The dev stack file's `ecs-platform:` values, decoded, keyed without the namespace. */
function devValues(): Values {
    const values: Values = {};
    for (const [k, v] of Object.entries(readStackConfig(REPO_ROOT, "dev").config)) {
        if (k.startsWith("ecs-platform:")) values[k.slice("ecs-platform:".length)] = decoded(v);
    }
    return values;
}

/** The CLI's encoding: structured and numeric values as JSON, strings as themselves. */
function decoded(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** The containers `path` names in `values` (every map entry for `<name>`), with the last key. */
function holders(values: Values, path: readonly string[]): { node: Record<string, unknown>; key: string }[] {
    let nodes: Record<string, unknown>[] = [values];
    for (const p of path.slice(0, -1)) {
        nodes = nodes.flatMap((n) => {
            const next = p === "<name>" ? Object.values(n) : [n[p]];
            return next.filter(
                (x): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x),
            );
        });
    }
    return nodes.map((node) => ({ node, key: path[path.length - 1] }));
}

/** Whether a row is nested under another row's key (that one is kept so this one has a place). */
const hasChildRow = (row: SchemaDefault) => ROWS.some((r) => r.key.startsWith(`${row.key}.`));

/** Removes every defaulted key (deepest first); each entry of a map loses its own. */
function omitDefaults(values: Values, rows: readonly SchemaDefault[], keepParents = true): Values {
    const out = structuredClone(values);
    for (const row of [...rows].sort((a, b) => b.path.length - a.path.length)) {
        if (keepParents && hasChildRow(row)) continue;
        for (const { node, key } of holders(out, row.path)) delete node[key];
    }
    return out;
}

/** Writes every defaulted key out at its documented value where its block's member has it. */
function writeDocumented(values: Values, rows: readonly SchemaDefault[]): Values {
    const out = structuredClone(values);
    for (const row of rows) {
        if (hasChildRow(row)) continue;
        for (const { node, key } of holders(out, row.path)) {
            const tag = (node.mode ?? node.kind) as string | undefined;
            if (row.only && !row.only.includes(tag ?? "create")) continue;
            node[key] = structuredClone(DOCUMENTED[row.key]);
        }
    }
    return out;
}

function overrides(values: Values): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) o[`ecs-platform:${k}`] = v;
    return o;
}

/** The parsed value at a row's path, for the first entry of each map. */
function parsedAt(parsed: unknown, path: readonly string[]): unknown {
    let v = parsed;
    for (const p of path) {
        const node = v as Record<string, unknown>;
        v = p === "<name>" ? Object.values(node)[0] : node?.[p];
    }
    return v;
}

describe("defaults nobody pins: every schema default is the documented one", () => {
    it("the table of defaults has every documented key and no other", () => {
        assert.deepStrictEqual(ROWS.map((r) => r.key).sort(), Object.keys(DOCUMENTED).sort());
    });
    it("the table reaches nested and per-member defaults (sanity: the walk is tested)", () => {
        const byKey = new Map(ROWS.map((r) => [r.key, r]));
        assert.deepStrictEqual(byKey.get("services.<name>.pathPatterns")?.only, ["http"]);
        assert.deepStrictEqual(byKey.get("database.instanceClass")?.only, ["create"]);
        assert.strictEqual(byKey.get("services.<name>.desiredCount")?.only, undefined);
    });

    for (const row of ROWS) {
        it(`${row.key}: a stack file that omits it gets ${JSON.stringify(DOCUMENTED[row.key])}`, () => {
            assert.deepStrictEqual(row.value, DOCUMENTED[row.key], `config/ gives ${row.key} another default`);
            const values = omitDefaults(devValues(), [row], false);
            // A member key is read where that member is in use (database.instanceClass in mode create).
            if (row.only && row.path[0] !== "services") (values[row.path[0]] as Values | undefined) ??= {};
            // A worker's keys (its queue) are read on a worker the dev stack does not have: add one.
            if (row.only?.includes("worker")) {
                (values.services as Values).jobs = { kind: "worker", cpu: 256, memory: 512, queue: {} };
            }
            const parsed = platformConfigSchema.parse(values);
            const where = row.only?.includes("http")
                ? ["services", "bff", ...row.path.slice(2)]
                : row.only?.includes("worker")
                  ? ["services", "jobs", ...row.path.slice(2)]
                  : row.path;
            assert.deepStrictEqual(parsedAt(parsed, where), DOCUMENTED[row.key]);
        });
    }

    describe("planned: every defaulted key omitted is the same plan as every key at its documented value", function () {
        this.timeout(120_000);
        let omitted: EvaluatedStack;
        let written: EvaluatedStack;
        before(async () => {
            const base = omitDefaults(devValues(), ROWS);
            omitted = await evaluateVariant({ stack: "dev", configOverrides: overrides(base) });
            written = await evaluateVariant({ stack: "dev", configOverrides: overrides(writeDocumented(base, ROWS)) });
        });
        it("the two plans register the same resources with the same inputs", () => {
            const shape = (s: EvaluatedStack) =>
                Object.fromEntries(s.resources.map((r) => [r.urn, JSON.stringify(r.inputs)]));
            const a = shape(omitted);
            const b = shape(written);
            assert.deepStrictEqual(Object.keys(a).sort(), Object.keys(b).sort());
            const differ = Object.keys(a).filter((urn) => a[urn] !== b[urn]);
            assert.deepStrictEqual(differ, [], "resources whose inputs depend on whether a default was written out");
        });
        it("the omitted plan carries the scaling and capacity defaults into the resources", () => {
            for (const p of ofType(omitted, AWS_TYPE.appautoscaling.Policy)) {
                const c = input(p, "targetTrackingScalingPolicyConfiguration");
                assert.deepStrictEqual([c.scaleInCooldown, c.scaleOutCooldown], [300, 300], p.name);
            }
            for (const s of ofType(omitted, AWS_TYPE.ecs.Service)) {
                const strategy: { capacityProvider: string; weight: number; base?: number }[] = input(
                    s,
                    "capacityProviderStrategies",
                );
                const by = Object.fromEntries(strategy.map((x) => [x.capacityProvider, x]));
                assert.deepStrictEqual(
                    [by.FARGATE.weight, by.FARGATE.base, by.FARGATE_SPOT.weight],
                    [70, 1, 30],
                    s.name,
                );
            }
        });
    });

    describe("planned: each scaling and capacity key lands on its own property (a swap fails)", function () {
        this.timeout(120_000);
        let stack: EvaluatedStack;
        before(async () => {
            stack = await evaluateVariant({
                stack: "dev",
                configOverrides: {
                    "ecs-platform:scaling": {
                        cpuTargetPercent: 61,
                        memoryTargetPercent: 73,
                        scaleInCooldownSeconds: 600,
                        scaleOutCooldownSeconds: 60,
                    },
                    "ecs-platform:capacity": { fargateWeight: 3, fargateSpotWeight: 5, fargateBase: 4 },
                },
            });
        });
        it("targets 61 % CPU and 73 % memory, scale-in after 600 s and scale-out after 60 s", () => {
            const policies = ofType(stack, AWS_TYPE.appautoscaling.Policy);
            assert.ok(policies.length >= 4, `${policies.length} scaling policies`);
            const seen = new Set<string>();
            for (const p of policies) {
                const c = input(p, "targetTrackingScalingPolicyConfiguration");
                const metric: string = c.predefinedMetricSpecification.predefinedMetricType;
                seen.add(metric);
                const target = { ECSServiceAverageCPUUtilization: 61, ECSServiceAverageMemoryUtilization: 73 }[metric];
                assert.strictEqual(c.targetValue, target, `${p.name} ${metric}`);
                assert.deepStrictEqual([c.scaleInCooldown, c.scaleOutCooldown], [600, 60], p.name);
            }
            assert.strictEqual(seen.size, 2);
        });
        it("puts the base of 4 and weight 3 on FARGATE, weight 5 on FARGATE_SPOT", () => {
            for (const s of ofType(stack, AWS_TYPE.ecs.Service)) {
                const strategy: { capacityProvider: string; weight: number; base?: number }[] = input(
                    s,
                    "capacityProviderStrategies",
                );
                const by = Object.fromEntries(strategy.map((x) => [x.capacityProvider, x]));
                assert.deepStrictEqual(
                    [by.FARGATE.weight, by.FARGATE.base, by.FARGATE_SPOT.weight, by.FARGATE_SPOT.base ?? 0],
                    [3, 4, 5, 0],
                    s.name,
                );
            }
        });
    });
});
