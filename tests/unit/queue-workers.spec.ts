/**
 * Queue workers (`services.<name>.queue`, kind worker): the platform's SQS queue with its
 * dead-letter queue, encryption and TLS-only policies, the SQS endpoint, QUEUE_URL and
 * <WORKER>_QUEUE_URL, the consumer's and the producers' IAM (simulated), the backlog-per-task
 * scaling, the dashboard's queue row, the plan's SQS cost, and the config rules around them.
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
import { assertRejected, serviceOf, services, validRaw } from "../config/config-test-kit";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { inputsOfType } from "../support/graph";
import { simulatedDecision } from "../support/iam-simulation";
import { evaluateVariant, withImageTags } from "../support/variants";

const REPORTS = { kind: "worker", cpu: 256, memory: 512, imageTag: "1.0.0", queue: {} };
const ofType = inputsOfType;
const envOf = (stack: EvaluatedStack, service: string) => {
    const td = ofType(stack, AWS_TYPE.ecs.TaskDefinition).find(
        (t) => serviceOfTags(t.props.tags)?.service === service,
    )!;
    const env = JSON.parse(String(td.props.containerDefinitions))[0].environment as { name: string; value: string }[];
    return Object.fromEntries(env.map((e) => [e.name, e.value]));
};
const close = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 0.006, `${actual} is not ${expected} (to the cent)`);

describe("queue workers", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    before(async () => {
        stack = await evaluateVariant({
            stack: "dev",
            configOverrides: withImageTags("dev", { bff: { grants: { queues: ["reports"] } }, reports: REPORTS }),
        });
    });

    for (const name of STACKS) {
        it(`${name}: no queue, no SQS endpoint (no worker has a queue)`, async () => {
            const evaluated = await getEvaluatedStack(name);
            assert.deepStrictEqual(ofType(evaluated, AWS_TYPE.sqs.Queue), []);
            assert.ok(
                !ofType(evaluated, AWS_TYPE.ec2.VpcEndpoint).some((e) => String(e.props.serviceName).endsWith(".sqs")),
            );
        });
    }

    it("defaults: visibility 30 s, 5 receives, 4 days, 100 messages per task; no grant", () => {
        const cfg = parsePlatformConfig(validRaw(services({ reports: { ...REPORTS, imageTag: undefined } })), "dev");
        const reports = serviceOf(cfg, "reports");
        assert.ok(reports.kind === "worker");
        assert.deepStrictEqual(reports.queue, {
            visibilityTimeoutSeconds: 30,
            maxReceiveCount: 5,
            retentionDays: 4,
            messagesPerTask: 100,
        });
        assert.deepStrictEqual(serviceOf(cfg, "bff").grants.queues, []);
    });

    it("the queue and its dead-letter queue: names, encryption, retention, redrive, TLS-only policies", () => {
        const queues = ofType(stack, AWS_TYPE.sqs.Queue);
        const main = queues.find((q) => q.name === "queues-reports")!;
        const dlq = queues.find((q) => q.name === "queues-reports-dlq")!;
        assert.strictEqual(main.props.name, "ecs-platform-dev-reports");
        assert.strictEqual(dlq.props.name, "ecs-platform-dev-reports-dlq");
        for (const q of [main, dlq]) assert.strictEqual(q.props.sqsManagedSseEnabled, true);
        assert.deepStrictEqual(
            [main.props.visibilityTimeoutSeconds, main.props.messageRetentionSeconds],
            [30, 4 * 86_400],
        );
        assert.strictEqual(dlq.props.messageRetentionSeconds, 14 * 86_400);
        assert.deepStrictEqual(JSON.parse(String(main.props.redrivePolicy)), {
            deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:ecs-platform-dev-reports-dlq",
            maxReceiveCount: 5,
        });
        const policies = ofType(stack, AWS_TYPE.sqs.QueuePolicy);
        assert.strictEqual(policies.length, 2);
        for (const p of policies) {
            const [statement] = JSON.parse(String(p.props.policy)).Statement;
            assert.deepStrictEqual(
                [statement.Effect, statement.Condition],
                ["Deny", { Bool: { "aws:SecureTransport": "false" } }],
            );
        }
        assert.ok(
            ofType(stack, AWS_TYPE.ec2.VpcEndpoint).some(
                (e) => String(e.props.serviceName) === "com.amazonaws.us-east-1.sqs",
            ),
        );
    });

    it("QUEUE_URL for the worker, REPORTS_QUEUE_URL for its producer, nothing for the others", () => {
        const url = "https://sqs.us-east-1.amazonaws.com/123456789012/ecs-platform-dev-reports";
        assert.strictEqual(envOf(stack, "reports").QUEUE_URL, url);
        assert.strictEqual(envOf(stack, "bff").REPORTS_QUEUE_URL, url);
        assert.strictEqual(envOf(stack, "agentcore").REPORTS_QUEUE_URL, undefined);
        assert.strictEqual(envOf(stack, "bff").QUEUE_URL, undefined);
    });

    it("IAM: the worker consumes its queue only, the producer sends only, the third service neither", async () => {
        const policyOf = (service: string) => {
            const p = ofType(stack, AWS_TYPE.iam.RolePolicy).find((x) => x.name === `roles-${service}-task`)!.props
                .policy;
            return typeof p === "string" ? JSON.parse(p) : p;
        };
        const queue = "arn:aws:sqs:us-east-1:123456789012:ecs-platform-dev-reports";
        const decide = (service: string, action: string, resource = queue) =>
            simulatedDecision({ role: `${service}-task`, action, resource, policy: policyOf(service) });
        for (const action of [
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes",
        ])
            assert.strictEqual(await decide("reports", action), "Allowed", action);
        assert.notStrictEqual(await decide("reports", "sqs:SendMessage"), "Allowed");
        assert.notStrictEqual(await decide("reports", "sqs:ReceiveMessage", `${queue}-dlq`), "Allowed");
        assert.notStrictEqual(await decide("reports", "sqs:PurgeQueue"), "Allowed");
        assert.strictEqual(await decide("bff", "sqs:SendMessage"), "Allowed");
        assert.notStrictEqual(await decide("bff", "sqs:ReceiveMessage"), "Allowed");
        assert.notStrictEqual(await decide("agentcore", "sqs:SendMessage"), "Allowed");
    });

    it("scaling on backlog per task: visible messages over running tasks, at the configured target", () => {
        const policy = ofType(stack, AWS_TYPE.appautoscaling.Policy).find((p) => p.name === "reports-queue-scaling")!;
        const config = policy.props.targetTrackingScalingPolicyConfiguration as Record<string, any>;
        assert.strictEqual(config.targetValue, 100);
        const metrics = config.customizedMetricSpecification.metrics as Record<string, any>[];
        assert.deepStrictEqual(
            metrics.map((m) => [m.id, m.returnData, m.expression ?? m.metricStat.metric.metricName]),
            [
                ["visible", false, "ApproximateNumberOfMessagesVisible"],
                ["tasks", false, "RunningTaskCount"],
                ["backlog", true, "visible / MAX([tasks, 1])"],
            ],
        );
        assert.deepStrictEqual(metrics[0].metricStat.metric.dimensions, [
            { name: "QueueName", value: "ecs-platform-dev-reports" },
        ]);
    });

    it("the plan: nothing mandatory, no allowlist finding, SQS endpoint required and present, the SQS cost, the dashboard row", () => {
        const cfg = parsePlatformConfig(stack.config, "dev");
        const config = { ...readPolicyPackConfig("dev").config, ...packConfigFor(packServicesOf(cfg.services)) };
        const report = buildStackPlan(stack, { policyConfig: { config: config as never } }).report;
        assert.strictEqual(report.policies!.mandatory, 0);
        assert.ok(!report.policies!.violations.some((v) => v.policyName === "iam-task-role-allowlist"));
        assert.strictEqual(report.reachability!.verdict, "ok");
        // 1 work queue x 3,000,000 requests x $0.40 per million.
        const sqs = report.cost!.lines.find((l) => l.item === "SQS")!;
        close(sqs.minUsd, 1.2);
        close(sqs.maxUsd, 1.2);
        const dashboard = ofType(stack, AWS_TYPE.cloudwatch.Dashboard)[0];
        assert.ok(String(dashboard.props.dashboardBody).includes("reports: queue depth and oldest message age"));
    });

    it("refuses a queue off a worker, a grant to no queue, and a grant to itself", () => {
        assertRejected(
            validRaw(services({ agentcore: { queue: {} } })),
            "ecs-platform:services.agentcore.queue",
            'only kind "worker" takes this key',
        );
        assertRejected(
            validRaw(services({ bff: { grants: { queues: ["agentcore"] } } })),
            "ecs-platform:services.bff.grants.queues[0]",
            "names no worker with a queue",
        );
        assertRejected(
            validRaw(services({ reports: { ...REPORTS, grants: { queues: ["reports"] } } })),
            "ecs-platform:services.reports.grants.queues[0]",
            "is the service itself",
        );
        assertRejected(
            validRaw(services({ reports: { ...REPORTS, queue: { visibilityTimeoutSeconds: 50_000 } } })),
            "ecs-platform:services.reports.queue.visibilityTimeoutSeconds",
            "43200",
        );
    });
});
