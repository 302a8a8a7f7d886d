/**
 * Operational alarms (components/alarms.ts) on every stack: tasks running below desired per
 * service, unhealthy BFF targets, every alarm notifying the one encrypted SNS topic.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { input, ofType, output, referenced, referencedOne, single, statementsOf } from "../support/graph";
import { SERVICE_KEYS, serviceParts } from "../support/architecture";
import { ServiceAlarms } from "../../components/alarms";

/** The paging alarms (children of ServiceAlarms); the deployment alarms are the services' own (deployment.spec.ts). */
function pagingAlarms(stack: EvaluatedStack): EvaluatedResource[] {
    return ofType(stack, AWS_TYPE.cloudwatch.MetricAlarm).filter((a) => a.urn.includes(`${ServiceAlarms.typeToken}$`));
}

type MetricQuery = {
    id: string;
    expression?: string;
    metric?: { metricName: string; namespace: string; dimensions: Record<string, string> };
};

/** The running-below-desired alarm of a service: desired - running over Container Insights metrics of it. */
function runningBelowDesired(stack: EvaluatedStack, serviceName: string): EvaluatedResource {
    const found = ofType(stack, AWS_TYPE.cloudwatch.MetricAlarm).filter((a) => {
        const queries: MetricQuery[] | undefined = input(a, "metricQueries");
        const metrics = (queries ?? []).filter((q) => q.metric).map((q) => q.metric!);
        return (
            metrics.some((m) => m.metricName === "RunningTaskCount") &&
            metrics.every((m) => m.dimensions.ServiceName === serviceName)
        );
    });
    assert.strictEqual(found.length, 1, `running-below-desired alarms of ${serviceName}: ${found.length}`);
    return found[0];
}

for (const stackName of STACKS) {
    describe(`T048 ServiceAlarms (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        for (const key of SERVICE_KEYS) {
            const id = key === "bff" ? "T045" : "T046";
            it(`${id} ${key}: alarm when fewer tasks run than desired`, () => {
                const { service } = serviceParts(stack, key);
                const alarm = runningBelowDesired(stack, output(service, "name"));
                const queries: MetricQuery[] = input(alarm, "metricQueries");
                const clusterName = output(single(stack, AWS_TYPE.ecs.Cluster), "name");
                const byId = Object.fromEntries(queries.map((q) => [q.id, q]));
                for (const q of queries.filter((x) => x.metric)) {
                    assert.strictEqual(q.metric!.namespace, "ECS/ContainerInsights");
                    assert.deepStrictEqual(q.metric!.dimensions, {
                        ClusterName: clusterName,
                        ServiceName: output(service, "name"),
                    });
                }
                const names = Object.fromEntries(
                    queries.filter((q) => q.metric).map((q) => [q.metric!.metricName, q.id]),
                );
                assert.ok(names.DesiredTaskCount && names.RunningTaskCount, "desired and running both queried");
                const returned = queries.filter((q) => (q as { returnData?: boolean }).returnData);
                assert.strictEqual(returned.length, 1);
                assert.strictEqual(returned[0].expression, `${names.DesiredTaskCount} - ${names.RunningTaskCount}`);
                assert.ok(byId[names.DesiredTaskCount]);
                assert.strictEqual(input(alarm, "comparisonOperator"), "GreaterThanOrEqualToThreshold");
                assert.strictEqual(input(alarm, "threshold"), 1);
            });

            it(`${id} ${key}: the alarm's window is 5 minutes, all 5 breaching, as its description says`, () => {
                const { service } = serviceParts(stack, key);
                const alarm = runningBelowDesired(stack, output(service, "name"));
                const queries: (MetricQuery & { metric?: { period?: number } })[] = input(alarm, "metricQueries");
                const periods = new Set(queries.filter((q) => q.metric).map((q) => q.metric!.period));
                assert.deepStrictEqual([...periods], [60], "one-minute datapoints");
                assert.deepStrictEqual([input(alarm, "evaluationPeriods"), input(alarm, "datapointsToAlarm")], [5, 5]);
                // The description is what the on-call reads: it must state the window the alarm has.
                const said = /for (\d+) minutes/.exec(input(alarm, "alarmDescription") as string);
                assert.ok(said, input(alarm, "alarmDescription"));
                assert.strictEqual(Number(said[1]), (input(alarm, "evaluationPeriods") * [...periods][0]!) / 60);
            });
        }

        it("T045 T046 the task-count metrics exist: Container Insights is on", () => {
            const settings: { name: string; value: string }[] = input(single(stack, AWS_TYPE.ecs.Cluster), "settings");
            assert.ok(settings.some((s) => s.name === "containerInsights" && s.value !== "disabled"));
        });

        it("T047 BFF: alarm on unhealthy targets in its target group behind the ALB", () => {
            // The primary group: the one the service names in targetGroupArn (a traffic-shifting
            // strategy adds an alternate group, watched by the deployment alarms).
            const primaryArn = input(serviceParts(stack, "bff").service, "loadBalancers")[0].targetGroupArn;
            const group = referenced(
                stack,
                serviceParts(stack, "bff").service,
                "loadBalancers",
                AWS_TYPE.lb.TargetGroup,
            ).find((g) => output(g, "arn") === primaryArn);
            assert.ok(group, "the service's primary target group");
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            const found = pagingAlarms(stack).filter((a) => input(a, "metricName") === "UnHealthyHostCount");
            assert.strictEqual(found.length, 1);
            const [alarm] = found;
            assert.strictEqual(input(alarm, "namespace"), "AWS/ApplicationELB");
            assert.deepStrictEqual(input(alarm, "dimensions"), {
                TargetGroup: output(group, "arnSuffix"),
                LoadBalancer: output(alb, "arnSuffix"),
            });
            assert.strictEqual(input(alarm, "comparisonOperator"), "GreaterThanThreshold");
            assert.strictEqual(input(alarm, "threshold"), 0);
        });

        it("T045 T046 T047 every alarm notifies the alarm topic, on alarm and on recovery", () => {
            const topic = single(stack, AWS_TYPE.sns.Topic);
            const alarms = pagingAlarms(stack);
            assert.strictEqual(alarms.length, 3);
            for (const alarm of alarms) {
                assert.deepStrictEqual(input(alarm, "alarmActions"), [output(topic, "arn")], alarm.name);
                assert.deepStrictEqual(input(alarm, "okActions"), [output(topic, "arn")], alarm.name);
                assert.strictEqual(referencedOne(stack, alarm, "alarmActions", AWS_TYPE.sns.Topic).urn, topic.urn);
                assert.strictEqual(input(alarm, "actionsEnabled"), undefined, `${alarm.name} disables its actions`);
                assert.match(input(alarm, "name"), new RegExp(`^ecs-platform-${stackName}-`));
            }
        });

        it("T045 T046 T047 CloudWatch may publish to the topic, which is encrypted with a key it may use", () => {
            const topic = single(stack, AWS_TYPE.sns.Topic);
            const key = referencedOne(stack, topic, "kmsMasterKeyId", AWS_TYPE.kms.Key);
            assert.strictEqual(input(key, "enableKeyRotation"), true);
            const cloudWatchUse = statementsOf(key, "policy").filter((s) =>
                s.principals.some((p) => p.kind === "Service" && p.value === "cloudwatch.amazonaws.com"),
            );
            assert.ok(
                cloudWatchUse.some(
                    (s) => s.actions.includes("kms:GenerateDataKey*") && s.actions.includes("kms:Decrypt"),
                ),
                "CloudWatch cannot encrypt messages for the topic",
            );
            const topicPolicy = single(stack, AWS_TYPE.sns.TopicPolicy);
            assert.strictEqual(referencedOne(stack, topicPolicy, "arn", AWS_TYPE.sns.Topic).urn, topic.urn);
            const publish = statementsOf(topicPolicy, "policy").filter((s) => s.actions.includes("sns:Publish"));
            assert.strictEqual(publish.length, 1);
            assert.deepStrictEqual(publish[0].principals, [{ kind: "Service", value: "cloudwatch.amazonaws.com" }]);
            assert.deepStrictEqual(publish[0].resources, [output(topic, "arn")]);
        });
    });
}
