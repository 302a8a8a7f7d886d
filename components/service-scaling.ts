/**
 * A service's autoscaling (seed T035, T036): a scalable target between the configured floor and
 * ceiling and target tracking on average CPU and memory. Created under the FargateService it
 * scales (the `parent` given), so the children keep the URNs they always had.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** Target-tracking settings (config `scaling`, where their defaults live). */
export interface ServiceScaling {
    /** Average CPU utilisation to hold, percent. */
    readonly cpuTargetPercent: number;
    /** Average memory utilisation to hold, percent. */
    readonly memoryTargetPercent: number;
    /** Seconds between scale-in steps. */
    readonly scaleInCooldownSeconds: number;
    /** Seconds between scale-out steps. */
    readonly scaleOutCooldownSeconds: number;
    /** ALB requests per target per minute to hold (http, one production target group). Default none. */
    readonly requestsPerTarget?: number;
    /** Scheduled changes of the floor and ceiling. Default none. */
    readonly schedules?: readonly ScalingSchedule[];
    /** IANA time zone of the schedules. Default UTC. */
    readonly timeZone?: string;
}

/** One scheduled action (config/scaling-schedules.ts validates them). */
export interface ScalingSchedule {
    readonly name: string;
    /** `cron(...)`, `rate(...)` or `at(...)`. */
    readonly schedule: string;
    readonly minCount?: number;
    readonly maxCount?: number;
}

export interface TargetTrackingArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** Floor and ceiling (0/0 in bootstrap mode). */
    readonly minCount: number;
    readonly maxCount: number;
    readonly scaling: ServiceScaling;
    /**
     * `<load balancer ARN suffix>/<target group ARN suffix>`: the ALBRequestCountPerTarget resource
     * label. Required when `scaling.requestsPerTarget` is set.
     */
    readonly requestCountLabel?: pulumi.Input<string>;
    /** A worker's queue: a target-tracking policy on visible messages per running task. Default none. */
    readonly queue?: { readonly queueName: string; readonly messagesPerTask: number };
    /** Bootstrap mode: the target is pinned at 0/0, and schedules would start tasks without an image. */
    readonly bootstrap: boolean;
    readonly parent: pulumi.Resource;
}

/** `<service>-scaling`, `<service>-cpu-scaling` and `<service>-memory-scaling`. */
export function targetTrackingScaling(service: string, args: TargetTrackingArgs): void {
    const { parent, scaling } = args;
    const target = new aws.appautoscaling.Target(
        `${service}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
            minCapacity: args.minCount,
            maxCapacity: args.maxCount,
        },
        { parent },
    );
    const trackingPolicy = (
        suffix: string,
        metric: string,
        targetValue: number,
        resourceLabel?: pulumi.Input<string>,
    ) =>
        new aws.appautoscaling.Policy(
            `${service}-${suffix}`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
                    targetValue,
                    scaleInCooldown: scaling.scaleInCooldownSeconds,
                    scaleOutCooldown: scaling.scaleOutCooldownSeconds,
                },
            },
            { parent },
        );
    trackingPolicy("cpu-scaling", "ECSServiceAverageCPUUtilization", scaling.cpuTargetPercent);
    trackingPolicy("memory-scaling", "ECSServiceAverageMemoryUtilization", scaling.memoryTargetPercent);
    if (scaling.requestsPerTarget !== undefined) {
        if (args.requestCountLabel === undefined) {
            throw new pulumi.ResourceError(
                "requestsPerTarget needs the target group (a load-balanced service)",
                parent,
            );
        }
        // A third target-tracking policy: Application Auto Scaling scales out when any policy asks
        // and in only when all agree (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html).
        trackingPolicy(
            "requests-scaling",
            "ALBRequestCountPerTarget",
            scaling.requestsPerTarget,
            args.requestCountLabel,
        );
    }
    if (args.queue) queueBacklogPolicy(service, args, target, parent);
    // In bootstrap mode a schedule would raise the 0/0 floor and start tasks with no image.
    if (args.bootstrap) return;
    for (const s of scaling.schedules ?? []) {
        new aws.appautoscaling.ScheduledAction(
            `${service}-schedule-${s.name}`,
            {
                name: `${service}-${s.name}`,
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                schedule: s.schedule,
                timezone: scaling.timeZone ?? "UTC",
                scalableTargetAction: { minCapacity: s.minCount, maxCapacity: s.maxCount },
            },
            { parent },
        );
    }
}

/**
 * Backlog per task: the queue's visible messages over the service's running tasks, the metric AWS
 * recommends for queue workers, as target tracking with metric math
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html).
 */
function queueBacklogPolicy(
    service: string,
    args: TargetTrackingArgs,
    target: aws.appautoscaling.Target,
    parent: pulumi.Resource,
): void {
    const queue = args.queue!;
    const stat = (
        id: string,
        namespace: string,
        metricName: string,
        stat: string,
        dimensions: { name: string; value: pulumi.Input<string> }[],
    ) => ({
        id,
        returnData: false,
        metricStat: { stat, metric: { namespace, metricName, dimensions } },
    });
    new aws.appautoscaling.Policy(
        `${service}-queue-scaling`,
        {
            policyType: "TargetTrackingScaling",
            serviceNamespace: target.serviceNamespace,
            scalableDimension: target.scalableDimension,
            resourceId: target.resourceId,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: queue.messagesPerTask,
                scaleInCooldown: args.scaling.scaleInCooldownSeconds,
                scaleOutCooldown: args.scaling.scaleOutCooldownSeconds,
                customizedMetricSpecification: {
                    metrics: [
                        stat("visible", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum", [
                            { name: "QueueName", value: queue.queueName },
                        ]),
                        stat("tasks", "ECS/ContainerInsights", "RunningTaskCount", "Average", [
                            { name: "ClusterName", value: args.clusterName },
                            { name: "ServiceName", value: args.serviceName },
                        ]),
                        // At 0 tasks the backlog itself: the first message starts a task.
                        {
                            id: "backlog",
                            label: "messages per task",
                            expression: "visible / MAX([tasks, 1])",
                            returnData: true,
                        },
                    ],
                },
            },
        },
        { parent },
    );
}
