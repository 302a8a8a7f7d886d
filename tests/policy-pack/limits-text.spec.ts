/**
 * Free-text and name fields against AWS's own patterns (policy-pack/lib/limits/text-fields.ts):
 * the rules themselves, and every resource of every stack, where each name-like field must be
 * judged somewhere (a new field fails here until it is classified) and none breaks its rule.
 */
import * as assert from "assert";
import { evaluateResourceLimits } from "../../policy-pack/lib/aws-limits";
import { UNKNOWN } from "../../policy-pack/lib/known-values";
import { NAME_RULES } from "../../policy-pack/lib/limits/names";
import { TEXT_RULES, WAF_DESCRIPTION } from "../../policy-pack/lib/limits/text-fields";
import { JUDGED_ELSEWHERE, NOT_FREE_TEXT } from "../../policy-pack/lib/limits/text-field-coverage";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import type { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { evaluateVariant, withImageTags } from "../support/variants";

/** Beside the committed stacks: dev with every optional per-service feature on, so their fields are judged too. */
const FEATURES = "dev with a queue worker, ECS Exec, tracing, schedules and request-count scaling";
let features: Promise<EvaluatedStack> | undefined;
const evaluationOf = (label: string): Promise<EvaluatedStack> =>
    label === FEATURES
        ? (features ??= evaluateVariant({
              stack: "dev",
              configOverrides: {
                  ...withImageTags("dev", {
                      bff: { exec: true, grants: { queues: ["reports"] }, scaling: { requestsPerTarget: 500 } },
                      reports: { kind: "worker", cpu: 512, memory: 1024, imageTag: "1.0.0", queue: {} },
                  }),
                  "ecs-platform:tracing": {
                      enabled: true,
                      collectorImage: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${"ab".repeat(32)}`,
                  },
                  "ecs-platform:scaling": {
                      schedules: [{ name: "night", schedule: "cron(0 20 ? * MON-FRI *)", minCount: 0, maxCount: 0 }],
                  },
              },
          }))
        : getEvaluatedStack(label as (typeof STACKS)[number]);
import { webAclRules } from "../../components/edge-waf";

const errors = (type: string, props: Record<string, unknown>, name = "r") =>
    evaluateResourceLimits(type, props, name).findings.filter((f) => f.severity === "error");

describe("AWS limits: free-text and name fields (AWS's own patterns)", () => {
    it("refuses the web ACL description every stack used to send, and accepts its replacement", () => {
        const old = { name: "ecs-platform-dev-edge", description: "ecs-platform-dev: CloudFront entry (count mode)" };
        const [f] = errors(AWS_TYPE.wafv2.WebAcl, old);
        assert.strictEqual(f.property, "description");
        assert.match(f.message, /may contain only letters, digits, spaces and \+=:#@\/-,\./);
        assert.match(f.message, /EntityDescription/);
        assert.ok(!f.message.includes("CloudFront entry"), "messages never quote the value");
        assert.deepStrictEqual(
            errors(AWS_TYPE.wafv2.WebAcl, { ...old, description: "ecs-platform-dev: CloudFront entry, count mode" }),
            [],
        );
        for (const bad of [" leading", "trailing ", "a", "x".repeat(257), "semi;colon", "quote's"]) {
            assert.ok(!WAF_DESCRIPTION.pattern!.test(bad) || bad.length > 256, bad);
        }
        assert.strictEqual(errors(AWS_TYPE.wafv2.WebAcl, { ...old, description: "x".repeat(257) }).length, 1);
    });
    it("judges each documented rule both ways", () => {
        const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
            [AWS_TYPE.kms.Alias, { name: "alias/ecs-platform-dev-parameters" }, { name: "alias/aws/ssm" }],
            [AWS_TYPE.kms.Alias, { name: "alias/a" }, { name: "ecs-platform" }],
            [AWS_TYPE.servicediscovery.Service, { name: "agentcore" }, { name: "-agentcore" }],
            [AWS_TYPE.servicediscovery.PrivateDnsNamespace, { name: "local" }, { name: "arn:aws:x" }],
            [AWS_TYPE.rds.ParameterGroup, { name: "database-params-52ed840" }, { name: "db--params" }],
            [AWS_TYPE.rds.ParameterGroup, { name: "a1" }, { name: "1a" }],
            [AWS_TYPE.rds.SubnetGroup, { name: "database-subnets" }, { name: "default" }],
            [AWS_TYPE.sns.Topic, { name: "alarms-topic-40dec0c" }, { name: "alarms.topic" }],
            [AWS_TYPE.sqs.Queue, { name: "ecs-platform-dev-reports-dlq" }, { name: "ecs-platform.dev" }],
            [AWS_TYPE.sqs.Queue, { name: "q" }, { name: "q".repeat(81) }],
            [AWS_TYPE.appautoscaling.ScheduledAction, { name: "bff-night" }, { name: "bff/night" }],
            [AWS_TYPE.appautoscaling.ScheduledAction, { name: "night shift" }, { name: " night" }],
            [AWS_TYPE.cloudwatch.Dashboard, { dashboardName: "ecs-platform-dev" }, { dashboardName: "ecs platform" }],
            [AWS_TYPE.iam.Role, { description: "ECS agent: image pull" }, { description: "emoji \u{1F600}" }],
            [AWS_TYPE.iam.Role, { path: "/ecs/" }, { path: "ecs" }],
            [AWS_TYPE.cloudwatch.MetricAlarm, { name: "a" }, { name: "a".repeat(256) }],
            [AWS_TYPE.cloudwatch.MetricAlarm, { namespace: "AWS/ECS" }, { namespace: ":x" }],
            [
                AWS_TYPE.cloudwatch.MetricAlarm,
                { dimensions: { ClusterName: "c" } },
                { dimensions: { ClusterName: "" } },
            ],
            [AWS_TYPE.vpc.SecurityGroupIngressRule, { description: "BFF to RDS (TLS)" }, { description: "BFF → RDS" }],
            [AWS_TYPE.ssm.Parameter, { name: "/a", description: "d" }, { name: "/a", description: "d".repeat(1025) }],
            [
                AWS_TYPE.iam.RolePolicy,
                { name: "p", policy: JSON.stringify({ Statement: [{ Sid: "ReadAgentData1" }] }) },
                { name: "p", policy: { Statement: [{ Sid: "Read-Agent-Data" }] } },
            ],
            [
                AWS_TYPE.wafv2.WebAclLoggingConfiguration,
                { redactedFields: [{ singleHeader: { name: "authorization" } }] },
                { redactedFields: [{ singleHeader: { name: " " } }] },
            ],
        ];
        for (const [type, good, bad] of cases) {
            assert.deepStrictEqual(errors(type, good), [], `${type} ${JSON.stringify(good)}`);
            const found = errors(type, bad);
            assert.strictEqual(
                found.length,
                1,
                `${type} ${JSON.stringify(bad).slice(0, 80)}: ${JSON.stringify(found)}`,
            );
            assert.match(found[0].message, /\(AWS: /, `${type}: names its source: ${found[0].message}`);
        }
    });
    it("skips values unknown in preview (other resources' outputs), judged again on up", () => {
        const r = evaluateResourceLimits(AWS_TYPE.wafv2.WebAcl, { description: UNKNOWN }, "w");
        assert.deepStrictEqual(r.findings, []);
        // Not left undecided: a mandatory policy must not print "can't run" for an ARN suffix.
        assert.deepStrictEqual(r.unknownProperties, []);
    });
    it("the WAF rule builder's names and metric names pass", () => {
        const waf = {
            enabled: true,
            action: "count" as const,
            rateLimit: 2000,
            rateWindowSeconds: 300,
            excludedRules: [],
        };
        assert.deepStrictEqual(errors(AWS_TYPE.wafv2.WebAcl, { rules: webAclRules(waf, "ecs-platform-dev") }), []);
    });

    for (const stackName of [...STACKS, FEATURES]) {
        describe(`every resource of ${stackName}`, function () {
            this.timeout(60_000);
            const NAME_LIKE = /(name|description|comment|label|prefix|sid)$/i;
            const classified = (type: string, path: string) =>
                (TEXT_RULES[type] ?? []).some(
                    (r) => r.path === path || (r.path.endsWith(".*") && path.startsWith(r.path.slice(0, -1))),
                ) ||
                [NAME_RULES[type]?.property, NAME_RULES[type]?.prefixProperty].includes(path) ||
                [JUDGED_ELSEWHERE, NOT_FREE_TEXT].some(
                    (c) => c[type]?.[path] !== undefined || c["*"]?.[path] !== undefined,
                );

            it("has every name-like or free-text field judged somewhere (or classified with a reason)", async () => {
                const stack = await evaluationOf(stackName);
                const missing = new Set<string>();
                for (const r of stack.resources) {
                    if (r.type.startsWith("pulumi:") || !r.custom) continue;
                    const walk = (v: unknown, path: string, key: string) => {
                        if (typeof v === "string") {
                            if (NAME_LIKE.test(key) && !classified(r.type, path)) missing.add(`${r.type} ${path}`);
                        } else if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`, key));
                        else if (v && typeof v === "object") {
                            for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, k);
                        }
                    };
                    const inputs = { ...r.inputs } as Record<string, unknown>;
                    for (const doc of ["policy"]) {
                        if (typeof inputs[doc] === "string") {
                            try {
                                inputs[doc] = JSON.parse(inputs[doc] as string);
                            } catch {
                                // not JSON: judged as text
                            }
                        }
                    }
                    walk(inputs, "", "");
                }
                assert.deepStrictEqual(
                    [...missing].sort(),
                    [],
                    "fields no rule judges: add them to text-fields.ts or text-field-coverage.ts",
                );
            });
            it("sends no free-text or name field AWS's pattern refuses", async () => {
                const stack = await evaluationOf(stackName);
                const found = stack.resources
                    .filter((r) => r.custom)
                    .flatMap(
                        (r) => evaluateResourceLimits(r.type, r.inputs as Record<string, unknown>, r.name).findings,
                    )
                    .filter((f) => f.severity === "error");
                assert.deepStrictEqual(found, []);
            });
        });
    }
});
