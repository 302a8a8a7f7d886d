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
}

export interface TargetTrackingArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** Floor and ceiling (0/0 in bootstrap mode). */
    readonly minCount: number;
    readonly maxCount: number;
    readonly scaling: ServiceScaling;
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
    const trackingPolicy = (suffix: string, metric: string, targetValue: number) =>
        new aws.appautoscaling.Policy(
            `${service}-${suffix}`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    predefinedMetricSpecification: { predefinedMetricType: metric },
                    targetValue,
                    scaleInCooldown: scaling.scaleInCooldownSeconds,
                    scaleOutCooldown: scaling.scaleOutCooldownSeconds,
                },
            },
            { parent },
        );
    trackingPolicy("cpu-scaling", "ECSServiceAverageCPUUtilization", scaling.cpuTargetPercent);
    trackingPolicy("memory-scaling", "ECSServiceAverageMemoryUtilization", scaling.memoryTargetPercent);
}
