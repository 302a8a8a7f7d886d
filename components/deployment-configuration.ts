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

/**
 * The service inputs ECS rewrites on every traffic-shifting deployment, which `pulumi up` must
 * neither send back nor reset. ECS picks the group the new revision registers in from the service's
 * own load-balancer configuration and swaps the pair when a deployment completes (the group that
 * served green becomes primary); an IaC tool that re-sends its original pair points the next
 * deployment at the group now serving production, which is what
 * https://github.com/hashicorp/terraform-provider-aws/issues/45678 reports for Terraform-triggered
 * deployments ("do not alternate target groups"; open, provider v6.24.0, the code @pulumi/aws 7.48
 * is built from), and what aws/containers-roadmap#2853 warns ends with production on an empty group.
 * The provider sends `LoadBalancers` in UpdateService only when the block differs from state
 * (terraform-provider-aws internal/service/ecs/service.go, `d.HasChange("load_balancer")`), and with
 * these paths ignored Pulumi takes them from the state instead of the program ("Uses the serialized
 * value from the stack state for any later previews or updates",
 * https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/); the deploy workflow runs
 * `up --refresh` so that state is ECS's current pair when anything else in the block changes.
 * The listener rule's weights are ignored for the same reason (fargate-service.ts).
 */
export const ECS_OWNED_TARGET_GROUPS: readonly string[] = [
    "loadBalancers[*].targetGroupArn",
    "loadBalancers[*].advancedConfiguration.alternateTargetGroupArn",
];

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
