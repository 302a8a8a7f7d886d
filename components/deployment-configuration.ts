/**
 * The deployment part of an ECS service: config's rollout (config/deployment.ts) in the provider's
 * terms, the timeouts `waitForSteadyState` needs, and, for a traffic-shifting strategy behind a load
 * balancer, the ECS infrastructure role that lets ECS move the listener weights.
 *
 * Provider names (@pulumi/aws 7.48.0, ecs/service.d.ts and types/input.d.ts):
 * `deploymentConfiguration.{strategy, bakeTimeInMinutes, canaryConfiguration, linearConfiguration}`
 * (bake times are strings), `alarms.{alarmNames, enable, rollback}`, `waitForSteadyState`,
 * `sigintRollback`, `loadBalancers[].advancedConfiguration.{alternateTargetGroupArn,
 * productionListenerRule, roleArn}`.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceRollout } from "../config/deployment";
import type { EcsDeploymentStrategy } from "../policy-pack/lib/limits/ecs-deployment";
import { RolloutFigures, rolloutFigures } from "../policy-pack/lib/rollout";

export const ECS_STRATEGY: Record<ServiceRollout["strategy"], EcsDeploymentStrategy> = {
    rolling: "ROLLING",
    blueGreen: "BLUE_GREEN",
    canary: "CANARY",
    linear: "LINEAR",
};

/**
 * The AWS managed policy for the ECS infrastructure role for load balancers: Describe*, register /
 * deregister targets and modify listeners and rules, nothing else
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForLoadBalancers.html).
 */
export const ECS_LOAD_BALANCER_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

export interface EcsDeploymentArgs {
    readonly deploymentConfiguration: aws.types.input.ecs.ServiceDeploymentConfiguration;
    /** Rolling only (API_DeploymentCircuitBreaker: "can only be used for ... the rolling update"). */
    readonly deploymentCircuitBreaker?: aws.types.input.ecs.ServiceDeploymentCircuitBreaker;
    readonly deploymentMinimumHealthyPercent: number;
    readonly deploymentMaximumPercent: number;
}

/** The service arguments of a rollout. */
export function ecsDeploymentArgs(rollout: ServiceRollout): EcsDeploymentArgs {
    const strategy = ECS_STRATEGY[rollout.strategy];
    switch (rollout.strategy) {
        case "rolling":
            return {
                deploymentConfiguration: { strategy },
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentMinimumHealthyPercent: rollout.minimumHealthyPercent,
                deploymentMaximumPercent: rollout.maximumPercent,
            };
        // Traffic-shifting strategies: the percentages are rolling-only knobs; keep the API defaults
        // (ecs-facts/rollout-facts 1.5: whether they throttle green is not documented).
        case "blueGreen":
            return shifting({ strategy, bakeTimeInMinutes: String(rollout.bakeTimeMinutes) });
        case "canary":
            return shifting({
                strategy,
                bakeTimeInMinutes: String(rollout.bakeTimeMinutes),
                canaryConfiguration: {
                    canaryPercent: rollout.canaryPercent,
                    canaryBakeTimeInMinutes: String(rollout.canaryBakeTimeMinutes),
                },
            });
        case "linear":
            return shifting({
                strategy,
                bakeTimeInMinutes: String(rollout.bakeTimeMinutes),
                linearConfiguration: {
                    stepPercent: rollout.linearStepPercent,
                    stepBakeTimeInMinutes: String(rollout.linearStepBakeTimeMinutes),
                },
            });
    }
}

function shifting(deploymentConfiguration: aws.types.input.ecs.ServiceDeploymentConfiguration): EcsDeploymentArgs {
    return { deploymentConfiguration, deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200 };
}

/** Health and drain timing of a service, the other half of its rollout's duration. */
export interface ServiceTiming {
    readonly desiredCount: number;
    readonly healthCheckGraceSeconds: number;
    readonly targetHealthySeconds: number;
    readonly deregistrationDelaySeconds: number;
    readonly alarmWindowMinutes: number;
}

/** The figures of a rollout (steps, peak tasks, worst-case minutes, timeout). */
export function rolloutFiguresOf(rollout: ServiceRollout, timing: ServiceTiming): RolloutFigures {
    const args = ecsDeploymentArgs(rollout);
    return rolloutFigures({
        strategy: ECS_STRATEGY[rollout.strategy],
        bakeTimeMinutes: "bakeTimeMinutes" in rollout ? rollout.bakeTimeMinutes : undefined,
        canaryPercent: rollout.strategy === "canary" ? rollout.canaryPercent : undefined,
        canaryBakeTimeMinutes: rollout.strategy === "canary" ? rollout.canaryBakeTimeMinutes : undefined,
        linearStepPercent: rollout.strategy === "linear" ? rollout.linearStepPercent : undefined,
        linearStepBakeTimeMinutes: rollout.strategy === "linear" ? rollout.linearStepBakeTimeMinutes : undefined,
        minimumHealthyPercent: args.deploymentMinimumHealthyPercent,
        maximumPercent: args.deploymentMaximumPercent,
        ...timing,
    });
}

/**
 * The role ECS assumes to shift listener weights and register targets during a traffic-shifting
 * deployment: trusts ecs.amazonaws.com (the ECS service, not tasks) and holds only the AWS managed
 * policy made for it. Trust policy as documented:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
 */
export function loadBalancerInfrastructureRole(
    name: string,
    partition: pulumi.Input<string>,
    parent: pulumi.Resource,
): { role: aws.iam.Role; attachment: aws.iam.RolePolicyAttachment } {
    const role = new aws.iam.Role(
        `${name}-ecs-infrastructure`,
        {
            description: "ECS shifts listener weights and (de)registers targets during traffic-shifting deployments",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowAccessToECSForInfrastructureManagement",
                        Effect: "Allow",
                        Principal: { Service: "ecs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
        },
        { parent },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        `${name}-ecs-infrastructure-lb`,
        {
            role: role.name,
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${ECS_LOAD_BALANCER_INFRASTRUCTURE_POLICY}`,
        },
        { parent },
    );
    return { role, attachment };
}
