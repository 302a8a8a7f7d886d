/**
 * Tracing, opt-in per stack (config/tracing.ts): off in the committed stacks; on, every task gets
 * the ADOT collector (not essential, non-root, read-only root, its share of the task) from the
 * account's pull-through cache of ECR Public, the app the OpenTelemetry variables, the task role
 * the X-Ray calls alone, the execution role the cache pull, and the VPC the xray endpoint.
 */
import * as assert from "assert";
import type { EvaluatedStack } from "../../offline/evaluate";
import { readPolicyPackConfig } from "../../offline/analyze";
import { parsePlatformConfig } from "../../config/load";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { packConfigFor } from "../../policy-pack/lib/service-policy-config";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { buildStackPlan } from "../../tools/plan/analysis";
import { packServicesOf } from "../../tools/plan/services";
import { assertRejected, services, validRaw } from "../config/config-test-kit";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { inputsOfType } from "../support/graph";
import { simulatedDecision } from "../support/iam-simulation";
import { evaluateVariant, withImageTags } from "../support/variants";

const IMAGE = `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${"0123456789abcdef".repeat(4)}`;
const ofType = inputsOfType;
const containersOf = (stack: EvaluatedStack, service: string) => {
    const td = ofType(stack, AWS_TYPE.ecs.TaskDefinition).find(
        (t) => serviceOfTags(t.props.tags)?.service === service,
    )!;
    return JSON.parse(String(td.props.containerDefinitions)) as Record<string, any>[];
};
const policyOf = (stack: EvaluatedStack, name: string) => {
    const p = ofType(stack, AWS_TYPE.iam.RolePolicy).find((x) => x.name === name)!.props.policy;
    return typeof p === "string" ? JSON.parse(p) : p;
};

describe("tracing: the ADOT collector beside every service, opt-in per stack", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    before(async () => {
        stack = await evaluateVariant({
            stack: "dev",
            configOverrides: {
                ...withImageTags("dev"),
                "ecs-platform:tracing": { enabled: true, collectorImage: IMAGE },
            },
        });
    });

    for (const name of STACKS) {
        it(`${name}: off: one container per task, no cache rule, no xray endpoint`, async () => {
            const evaluated = await getEvaluatedStack(name);
            for (const s of parsePlatformConfig(evaluated.config, name).services) {
                assert.strictEqual(containersOf(evaluated, s.name).length, 1);
            }
            assert.deepStrictEqual(ofType(evaluated, AWS_TYPE.ecr.PullThroughCacheRule), []);
            assert.ok(
                !ofType(evaluated, AWS_TYPE.ec2.VpcEndpoint).some((e) => String(e.props.serviceName).endsWith(".xray")),
            );
        });
    }

    it("each task: the collector from the account's cache, not essential, non-root, read-only, 256 / 512 of the task", () => {
        for (const service of ["bff", "agentcore"]) {
            const [app, collector] = containersOf(stack, service);
            assert.strictEqual(collector.name, "aws-otel-collector");
            assert.strictEqual(
                collector.image,
                `123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/aws-observability/aws-otel-collector@sha256:${"0123456789abcdef".repeat(4)}`,
            );
            assert.deepStrictEqual(
                [
                    collector.essential,
                    collector.user,
                    collector.readonlyRootFilesystem,
                    collector.cpu,
                    collector.memory,
                ],
                [false, "10001", true, 256, 512],
            );
            assert.deepStrictEqual(collector.command, ["--config=/etc/ecs/ecs-default-config.yaml"]);
            const env = Object.fromEntries(
                (app.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
            );
            assert.deepStrictEqual(
                [env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_SERVICE_NAME, env.OTEL_PROPAGATORS],
                ["http://localhost:4317", service, "tracecontext,baggage,xray"],
            );
        }
        const [rule] = ofType(stack, AWS_TYPE.ecr.PullThroughCacheRule);
        assert.deepStrictEqual(
            [rule.props.ecrRepositoryPrefix, rule.props.upstreamRegistryUrl],
            ["ecr-public", "public.ecr.aws"],
        );
        assert.ok(
            ofType(stack, AWS_TYPE.ec2.VpcEndpoint).some(
                (e) => String(e.props.serviceName) === "com.amazonaws.us-east-1.xray",
            ),
        );
    });

    it("IAM: task roles send traces and nothing else of X-Ray; the execution role pulls through the cache only", async () => {
        const decide = (policyName: string, role: string, action: string, resource: string) =>
            simulatedDecision({ role, action, resource, policy: policyOf(stack, policyName) });
        for (const action of ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules"]) {
            assert.strictEqual(await decide("roles-bff-task", "bff-task", action, "*"), "Allowed", action);
        }
        assert.notStrictEqual(await decide("roles-bff-task", "bff-task", "xray:BatchGetTraces", "*"), "Allowed");
        const cached = "arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/aws-observability/aws-otel-collector";
        for (const action of ["ecr:BatchGetImage", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]) {
            assert.strictEqual(await decide("roles-execution", "execution", action, cached), "Allowed", action);
        }
        assert.notStrictEqual(
            await decide(
                "roles-execution",
                "execution",
                "ecr:CreateRepository",
                "arn:aws:ecr:us-east-1:123456789012:repository/other",
            ),
            "Allowed",
        );
    });

    it("the plan: nothing mandatory, no allowlist finding, the xray endpoint required and present", () => {
        const cfg = parsePlatformConfig(stack.config, "dev");
        const config = { ...readPolicyPackConfig("dev").config, ...packConfigFor(packServicesOf(cfg.services)) };
        const report = buildStackPlan(stack, { policyConfig: { config: config as never } }).report;
        assert.strictEqual(report.policies!.mandatory, 0);
        const names = report.policies!.violations.map((v) => v.policyName);
        assert.ok(!names.includes("iam-task-role-allowlist") && !names.includes("ecs-task-isolation"), names.join(","));
        assert.strictEqual(report.reachability!.verdict, "ok");
    });

    it("config: off by default; on, it needs a digest-pinned image and room in every task", () => {
        assert.deepStrictEqual(parsePlatformConfig(validRaw(services()), "dev").tracing, {
            enabled: false,
            collectorCpu: 256,
            collectorMemoryMiB: 512,
        });
        assertRejected(
            validRaw({ ...services(), "ecs-platform:tracing": { enabled: true } }),
            "ecs-platform:tracing.collectorImage",
            "is required with tracing.enabled",
            "docker buildx imagetools inspect",
        );
        assertRejected(
            validRaw({
                ...services(),
                "ecs-platform:tracing": {
                    enabled: true,
                    collectorImage: "public.ecr.aws/aws-observability/aws-otel-collector:latest",
                },
            }),
            "ecs-platform:tracing.collectorImage",
            "pinned by digest",
        );
        assertRejected(
            validRaw({
                ...services({ agentcore: { cpu: 256, memory: 512 } }),
                "ecs-platform:tracing": { enabled: true, collectorImage: IMAGE },
            }),
            "ecs-platform:services.agentcore.cpu",
            "leaves 0 CPU units beside the tracing collector (256)",
        );
    });
});
