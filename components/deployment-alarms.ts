/**
 * The alarms ECS watches during a deployment of one service (`alarms.alarmNames`, enable + rollback):
 * each means "this version is bad" and watches exactly this service. They are separate from the
 * paging alarms (alarms.ts): ECS ignores an alarm that is already in ALARM when a deployment starts
 * (rollout-facts.md 3), so a paging alarm that fires on scale events would silently disarm it.
 *
 * - load-balanced service, per target group it can serve from (with a traffic-shifting strategy the
 *   primary and alternate groups swap roles every deployment, so both are watched):
 *   5xx rate (HTTPCode_Target_5XX_Count / RequestCount, 0 below a minimum request count),
 *   UnHealthyHostCount, p99 TargetResponseTime;
 * - any service: the service's own CPU and memory (AWS/ECS CPUUtilization / MemoryUtilization,
 *   published per ClusterName + ServiceName without Container Insights), sustained above what
 *   autoscaling holds, i.e. a version that burns more than scaling absorbs (a leak, a hot loop).
 *
 * ALB metrics exist only while requests flow, so every alarm treats missing data as not breaching:
 * a quiet target group sits in OK instead of INSUFFICIENT_DATA
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmThresholds } from "../config/deployment";

export interface DeploymentAlarmArgs {
    /** Prefix of alarm names (`ecs-platform-<stack>`). Required. */
    readonly namePrefix: string;
    /** Short service label (`bff`). Required. */
    readonly label: string;
    /** Thresholds (config `deployment.alarms`). Required. */
    readonly thresholds: AlarmThresholds;
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** Target groups to watch, by short key ("primary", "alternate"), with the load balancer's ARN suffix. */
    readonly targetGroups?: {
        readonly loadBalancerArnSuffix: pulumi.Input<string>;
        readonly groups: readonly { readonly key: string; readonly arnSuffix: pulumi.Input<string> }[];
    };
}

/** The alarm names, known before any alarm exists (the service lists them at creation). */
export function deploymentAlarmNames(
    namePrefix: string,
    label: string,
    targetGroupKeys: readonly string[],
): { readonly name: string; readonly kind: string; readonly targetGroup?: string }[] {
    const names: { name: string; kind: string; targetGroup?: string }[] = [];
    for (const key of targetGroupKeys) {
        for (const kind of ["5xx-rate", "unhealthy-targets", "p99-response-time"]) {
            names.push({ name: `${namePrefix}-${label}-deploy-${kind}-${key}`, kind, targetGroup: key });
        }
    }
    if (targetGroupKeys.length === 0) {
        for (const kind of ["cpu-high", "memory-high"])
            names.push({ name: `${namePrefix}-${label}-deploy-${kind}`, kind });
    }
    return names;
}

/** Creates the alarms (children of `parent`) and returns them with their names. */
export function createDeploymentAlarms(
    name: string,
    args: DeploymentAlarmArgs,
    parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
    const t = args.thresholds;
    const window = { period: 60, evaluationPeriods: t.evaluationMinutes, datapointsToAlarm: t.datapointsToAlarm };
    const common = { ...window, treatMissingData: "notBreaching", actionsEnabled: false };
    const groups = args.targetGroups?.groups ?? [];
    const specs = deploymentAlarmNames(
        args.namePrefix,
        args.label,
        groups.map((g) => g.key),
    );
    return specs.map((spec) => {
        const group = groups.find((g) => g.key === spec.targetGroup);
        const tg = group && {
            TargetGroup: group.arnSuffix,
            LoadBalancer: (args.targetGroups as NonNullable<DeploymentAlarmArgs["targetGroups"]>).loadBalancerArnSuffix,
        };
        const service = { ClusterName: args.clusterName, ServiceName: args.serviceName };
        const logical = `${name}-${spec.name.slice(args.namePrefix.length + 1)}`;
        let props: aws.cloudwatch.MetricAlarmArgs;
        switch (spec.kind) {
            case "5xx-rate": {
                const metric = (metricName: string) => ({
                    metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: tg, period: 60, stat: "Sum" },
                    returnData: false,
                });
                props = {
                    alarmDescription: `${args.label} (${spec.targetGroup} target group): more than ${t.http5xxRatePercent} % of requests answered 5xx by the targets`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.http5xxRatePercent,
                    metricQueries: [
                        { id: "errors", ...metric("HTTPCode_Target_5XX_Count") },
                        { id: "requests", ...metric("RequestCount") },
                        {
                            id: "rate",
                            label: "Target 5xx, percent of requests",
                            expression: `IF(FILL(requests, 0) >= ${t.httpMinimumRequests}, 100 * FILL(errors, 0) / FILL(requests, 1), 0)`,
                            returnData: true,
                        },
                    ],
                };
                break;
            }
            case "unhealthy-targets":
                props = {
                    alarmDescription: `${args.label} (${spec.targetGroup} target group): at least ${t.httpUnhealthyTargets} unhealthy target(s)`,
                    namespace: "AWS/ApplicationELB",
                    metricName: "UnHealthyHostCount",
                    dimensions: tg,
                    statistic: "Minimum",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: t.httpUnhealthyTargets,
                };
                break;
            case "p99-response-time":
                props = {
                    alarmDescription: `${args.label} (${spec.targetGroup} target group): p99 response time above ${t.httpP99ResponseTimeSeconds} s`,
                    namespace: "AWS/ApplicationELB",
                    metricName: "TargetResponseTime",
                    dimensions: tg,
                    extendedStatistic: "p99",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.httpP99ResponseTimeSeconds,
                };
                break;
            default: {
                const cpu = spec.kind === "cpu-high";
                const threshold = cpu ? t.cpuPercent : t.memoryPercent;
                props = {
                    alarmDescription: `${args.label}: average ${cpu ? "CPU" : "memory"} of the service above ${threshold} %`,
                    namespace: "AWS/ECS",
                    metricName: cpu ? "CPUUtilization" : "MemoryUtilization",
                    dimensions: service,
                    statistic: "Average",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold,
                };
            }
        }
        return new aws.cloudwatch.MetricAlarm(
            logical,
            {
                name: spec.name,
                ...common,
                ...props,
                // metricQueries carry their own period; the alarm-level one is for single metrics only.
                ...(props.metricQueries ? { period: undefined } : {}),
            },
            { parent },
        );
    });
}
