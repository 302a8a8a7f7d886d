/**
 * One ECS Fargate service (one per entry of the services map) with the deployment its
 * config names (rolling with the circuit breaker, or canary / linear / blue-green behind the load
 * balancer; components/deployment-configuration.ts), deployment alarms with rollback
 * (components/deployment-alarms.ts), `waitForSteadyState` with timeouts sized from the rollout so a
 * failed or rolled-back deployment fails `pulumi up`, an explicit FARGATE/FARGATE_SPOT split,
 * target-tracking autoscaling on CPU and memory, and optionally:
 *
 * - `loadBalancer`: an ip target group and a listener rule on the edge listener (kind http: the BFF);
 * - `serviceDiscovery`: a Cloud Map A record `<name>.<namespace>` (kind internal: `agentcore.local`).
 *
 * In bootstrap mode (no image tag yet) the service and its scaling target are pinned at 0 tasks.
 * Raising the scaling target's minimum later scales the service up: Application Auto Scaling moves
 * the current count into the registered range.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { CapacityProviderStrategyItem } from "./cluster";
import { ServiceTask } from "./fargate-task-definition";
import type { AlarmThresholds, ServiceRollout } from "../config/deployment";
import {
    ECS_OWNED_TARGET_GROUPS,
    ecsDeploymentArgs,
    loadBalancerInfrastructureRole,
    rolloutFiguresOf,
} from "./deployment-configuration";
import { createDeploymentAlarms, deploymentAlarmNames } from "./deployment-alarms";
import { ServiceConnectArgs, serviceConnectConfiguration } from "./service-connect";
import { cloudMapRegistration, ServiceDiscovery } from "./service-discovery";
import { ServiceScaling, targetTrackingScaling } from "./service-scaling";

export type { ServiceDiscovery, ServiceScaling };
import type { RolloutFigures } from "../policy-pack/lib/rollout";

/** Target group health check: interval x healthy threshold is how long a new target takes to turn healthy. */
const TARGET_HEALTH = { interval: 30, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 } as const;

/** Puts the service behind a listener of an existing Application Load Balancer. */
export interface ServiceLoadBalancer {
    /** VPC of the target group. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Listener whose rule forwards to the service. Required. */
    readonly listenerArn: pulumi.Input<string>;
    /** Load balancer ARN suffix, the CloudWatch `LoadBalancer` dimension of the deployment alarms. Required. */
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    /** Header CloudFront adds to origin requests; when given, only requests carrying it are forwarded. Default none. */
    readonly originVerifyHeader?: { readonly name: string; readonly value: pulumi.Input<string> };
    /** Listener rule priority, unique on the listener (config derives it: config/listener-rules.ts). Required. */
    readonly listenerRulePriority: number;
    /** Request paths the rule forwards (config `services.<name>.pathPatterns`). Required. */
    readonly pathPatterns: readonly string[];
    /** Seconds a deregistering target keeps draining. Default 30 (must stay under Spot's 120 s notice). */
    readonly deregistrationDelaySeconds?: number;
    /** Seconds ECS ignores failing target health after a task starts. Default 60. */
    readonly healthCheckGracePeriodSeconds?: number;
}

export interface FargateServiceArgs extends ServiceConnectArgs {
    /** Cluster ARN. Required. */
    readonly clusterArn: pulumi.Input<string>;
    /** Cluster name (the autoscaling resource id names the cluster, not its ARN). Required. */
    readonly clusterName: pulumi.Input<string>;
    /** Capacity provider strategy; set explicitly because a service without one defaults to launch type EC2. Required. */
    readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[];
    /** The cluster's capacity provider association; the service must be created after it. Required. */
    readonly capacityProviders: pulumi.Resource;
    /** The task definition: its ARN, and the container name, port and health path the bindings use. Required. */
    readonly task: ServiceTask;
    /** Subnets of the tasks (private, no public IP). Required. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group of the tasks. Required. */
    readonly securityGroupId: pulumi.Input<string>;
    /** Tasks at creation; autoscaling owns the count afterwards (config `<service>.desiredCount`). Required. */
    readonly desiredCount: number;
    /** Autoscaling floor (config `<service>.minCount`). Required. */
    readonly minCount: number;
    /** Autoscaling ceiling (config `<service>.maxCount`). Required. */
    readonly maxCount: number;
    /** Resources the tasks need before they start (e.g. the VPC endpoints). Default none. */
    readonly startAfter?: pulumi.Resource[];
    /** Target-tracking settings. Required. */
    readonly scaling: ServiceScaling;
    /** Load balancer binding. Default none. */
    readonly loadBalancer?: ServiceLoadBalancer;
    /** Cloud Map registration. Default none. */
    readonly serviceDiscovery?: ServiceDiscovery;
    /** How a new version rolls out (config `deployment.<service>`, defaults resolved). Required. */
    readonly rollout: ServiceRollout;
    /** Deployment alarms: name prefix (`ecs-platform-<stack>`) and thresholds (config `deployment.alarms`). Required. */
    readonly deploymentAlarms: { readonly namePrefix: string; readonly thresholds: AlarmThresholds };
    /** AWS partition (the infrastructure role's managed policy ARN). Required. */
    readonly partition: pulumi.Input<string>;
    /** A worker's queue: scale on its backlog per task (config `services.<name>.queue`). Default none. */
    readonly queueScaling?: { readonly queueName: string; readonly messagesPerTask: number };
    /** ECS Exec into the tasks (config `services.<name>.exec`). Default false. */
    readonly exec?: boolean;
    /** Tags of the ECS service and its target groups (the service's `ecs-platform:service`/`kind`). Default none. */
    readonly tags?: Record<string, string>;
}

export class FargateService extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:FargateService";

    public readonly serviceArn: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    /** Target group ARN suffix, the CloudWatch `TargetGroup` dimension. */
    public readonly targetGroupArnSuffix?: pulumi.Output<string>;
    /** DNS name clients resolve, e.g. "agentcore.local". */
    public readonly dnsName?: string;
    /** Traffic-shifting strategies: the second target group ECS registers the new version in. */
    public readonly alternateTargetGroup?: aws.lb.TargetGroup;
    /** Alarms ECS watches during a deployment (rollback on ALARM). */
    public readonly deploymentAlarms: aws.cloudwatch.MetricAlarm[];
    /** Steps, peak tasks, worst-case minutes and the timeout the service waits with. */
    public readonly rolloutFigures: RolloutFigures;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(FargateService.typeToken, name, {}, opts);
        const task = args.task;
        // No image yet: run 0 tasks and pin autoscaling at 0/0.
        const bootstrap = task.bootstrap;
        const desiredCount = bootstrap ? 0 : args.desiredCount;
        const minCount = bootstrap ? 0 : args.minCount;
        const maxCount = bootstrap ? 0 : args.maxCount;
        const deployment = ecsDeploymentArgs(args.rollout);
        const shifting = args.rollout.strategy !== "rolling";

        const dependsOn: pulumi.Resource[] = [args.capacityProviders, ...(args.startAfter ?? [])];
        let loadBalancers: aws.types.input.ecs.ServiceLoadBalancer[] | undefined;
        let healthCheckGracePeriodSeconds: number | undefined;
        let primaryTargetGroup: aws.lb.TargetGroup | undefined;
        if (args.loadBalancer !== undefined) {
            const lb = args.loadBalancer;
            const containerPort = task.containerPort;
            if (containerPort === undefined) {
                throw new pulumi.ResourceError("loadBalancer needs a task with a container port (not a worker)", this);
            }
            const targetGroup = (logicalName: string) =>
                new aws.lb.TargetGroup(
                    logicalName,
                    {
                        vpcId: lb.vpcId,
                        // awsvpc tasks have their own ENI: targets are IPs, not instances.
                        targetType: "ip",
                        protocol: "HTTP",
                        port: containerPort,
                        deregistrationDelay: lb.deregistrationDelaySeconds ?? 30,
                        // Set explicitly: the provider defaults differ from the API defaults.
                        // seed T031: the task definition's health path every 30 s, 3 failures unhealthy, 2 healthy.
                        healthCheck: {
                            enabled: true,
                            protocol: "HTTP",
                            port: "traffic-port",
                            path: task.healthCheckPath ?? "/",
                            ...TARGET_HEALTH,
                            matcher: "200",
                        },
                        tags: args.tags,
                    },
                    { parent: this },
                );
            primaryTargetGroup = targetGroup(`${name}-tg`);
            this.targetGroupArnSuffix = primaryTargetGroup.arnSuffix;
            // Blue/green, canary and linear need a second group for the new version; both groups sit in
            // the production rule and ECS moves the weights between them
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html).
            if (shifting) this.alternateTargetGroup = targetGroup(`${name}-tg-alt`);

            const conditions: aws.types.input.lb.ListenerRuleCondition[] = [
                { pathPattern: { values: [...lb.pathPatterns] } },
            ];
            if (lb.originVerifyHeader !== undefined) {
                conditions.push({
                    httpHeader: {
                        httpHeaderName: lb.originVerifyHeader.name,
                        values: [lb.originVerifyHeader.value],
                    },
                });
            }
            // A pure forward rule: ECS fails a blue/green deployment on rules that mix forward with
            // redirect, fixed-response or authenticate actions (same page, "Limitations").
            const actions: aws.types.input.lb.ListenerRuleAction[] = this.alternateTargetGroup
                ? [
                      {
                          type: "forward",
                          forward: {
                              targetGroups: [
                                  { arn: primaryTargetGroup.arn, weight: 1 },
                                  { arn: this.alternateTargetGroup.arn, weight: 0 },
                              ],
                          },
                      },
                  ]
                : [{ type: "forward", targetGroupArn: primaryTargetGroup.arn }];
            const listenerRule = new aws.lb.ListenerRule(
                `${name}-rule`,
                { listenerArn: lb.listenerArn, priority: lb.listenerRulePriority, conditions, actions },
                // ECS rewrites the weights on every deployment; resetting them would send production
                // traffic to whichever group is empty (rollout-facts.md 1.6).
                { parent: this, ignoreChanges: shifting ? ["actions[*].forward.targetGroups[*].weight"] : [] },
            );
            // ECS rejects a target group that no load balancer routes to yet.
            dependsOn.push(listenerRule);
            let advancedConfiguration: aws.types.input.ecs.ServiceLoadBalancerAdvancedConfiguration | undefined;
            if (this.alternateTargetGroup) {
                const infra = loadBalancerInfrastructureRole(name, args.partition, this);
                dependsOn.push(infra.attachment);
                advancedConfiguration = {
                    alternateTargetGroupArn: this.alternateTargetGroup.arn,
                    productionListenerRule: listenerRule.arn,
                    roleArn: infra.role.arn,
                };
            }
            loadBalancers = [
                {
                    targetGroupArn: primaryTargetGroup.arn,
                    containerName: task.containerName,
                    containerPort,
                    advancedConfiguration,
                },
            ];
            healthCheckGracePeriodSeconds = lb.healthCheckGracePeriodSeconds ?? 60;
        }

        this.dnsName = args.serviceConnect?.server?.dnsName;
        let serviceRegistries: aws.types.input.ecs.ServiceServiceRegistries | undefined;
        // seed T034: AgentCore registers as <name>.<namespace> (agentcore.local).
        if (args.serviceDiscovery !== undefined) {
            const registration = cloudMapRegistration(name, args.serviceDiscovery, task.containerName, this);
            this.dnsName = registration.dnsName;
            serviceRegistries = { registryArn: registration.registryArn };
        }

        const alarmPrefix = args.deploymentAlarms.namePrefix;
        const label = task.containerName;
        const groupKeys = primaryTargetGroup
            ? this.alternateTargetGroup
                ? ["primary", "alternate"]
                : ["primary"]
            : [];
        const alarmNames = deploymentAlarmNames(alarmPrefix, label, groupKeys).map((a) => a.name);
        const thresholds = args.deploymentAlarms.thresholds;
        this.rolloutFigures = rolloutFiguresOf(args.rollout, {
            desiredCount: args.desiredCount,
            healthCheckGraceSeconds: healthCheckGracePeriodSeconds ?? 0,
            targetHealthySeconds: primaryTargetGroup ? TARGET_HEALTH.interval * TARGET_HEALTH.healthyThreshold : 0,
            deregistrationDelaySeconds: primaryTargetGroup ? (args.loadBalancer?.deregistrationDelaySeconds ?? 30) : 0,
            alarmWindowMinutes: thresholds.evaluationMinutes,
        });
        // Bootstrap (0 tasks) does not wait: there is nothing to become steady, and whether ECS marks a
        // 0-task deployment SUCCESSFUL is not documented (rollout-facts.md 4).
        const wait = !bootstrap;
        const timeout = `${this.rolloutFigures.timeoutMinutes}m`;

        // Alarms on target groups need nothing from the service: create them first, so they exist when ECS
        // first looks. The service's own CPU/memory alarms need its name, so they follow it.
        const alarmsOf = (serviceName: pulumi.Input<string>) =>
            createDeploymentAlarms(
                `${name}-deploy`,
                {
                    namePrefix: alarmPrefix,
                    label,
                    thresholds,
                    clusterName: args.clusterName,
                    serviceName,
                    targetGroups:
                        this.targetGroupArnSuffix && args.loadBalancer
                            ? {
                                  loadBalancerArnSuffix: args.loadBalancer.loadBalancerArnSuffix,
                                  groups: [
                                      { key: "primary", arnSuffix: this.targetGroupArnSuffix },
                                      ...(this.alternateTargetGroup
                                          ? [{ key: "alternate", arnSuffix: this.alternateTargetGroup.arnSuffix }]
                                          : []),
                                  ],
                              }
                            : undefined,
                },
                this,
            );
        this.deploymentAlarms = [];
        if (primaryTargetGroup) {
            this.deploymentAlarms = alarmsOf("");
            dependsOn.push(...this.deploymentAlarms);
        }

        const service = new aws.ecs.Service(
            `${name}-service`,
            {
                cluster: args.clusterArn,
                taskDefinition: task.taskDefinitionArn,
                desiredCount,
                capacityProviderStrategies: args.capacityProviderStrategy.map((s) => ({ ...s })),
                // Changing the strategy of an existing service requires a new deployment.
                forceNewDeployment: true,
                // LATEST is Linux platform version 1.4.0, which FARGATE_SPOT needs for ARM64 tasks
                // ("FARGATE_SPOT supports Linux tasks with the ARM64 architecture on platform version
                // 1.4.0 or later", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html),
                // so one strategy serves both architectures.
                platformVersion: "LATEST",
                networkConfiguration: {
                    subnets: args.subnetIds,
                    securityGroups: [args.securityGroupId],
                    assignPublicIp: false,
                },
                ...deployment,
                // ECS fails the deployment when one of these goes into ALARM and rolls back to the last
                // completed one (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html).
                alarms: { alarmNames, enable: true, rollback: true },
                // The provider then polls the service deployment: a rollback (circuit breaker or alarm)
                // fails `pulumi up` even when the rollback succeeded (TF service.go statusServiceWaitForStable).
                waitForSteadyState: wait,
                // Cancelling `pulumi up` (SIGINT) stops the deployment with a rollback; needs the wait.
                sigintRollback: wait,
                loadBalancers,
                healthCheckGracePeriodSeconds,
                serviceRegistries,
                serviceConnectConfiguration: serviceConnectConfiguration(args.serviceConnect, task, this),
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                tags: args.tags,
                // ECS Exec only where the entry turned it on (audited by the cluster's executeCommandConfiguration).
                enableExecuteCommand: args.exec === true,
            },
            // Autoscaling owns desiredCount after creation; without this every `up` resets it. ECS owns
            // which group is primary after a traffic-shifting deployment (docs/deployment.md#target-group-swap).
            {
                parent: this,
                dependsOn,
                ignoreChanges: ["desiredCount", ...(this.alternateTargetGroup ? ECS_OWNED_TARGET_GROUPS : [])],
                customTimeouts: { create: timeout, update: timeout },
            },
        );
        if (!primaryTargetGroup) this.deploymentAlarms = alarmsOf(service.name);
        this.serviceArn = service.arn;
        this.serviceName = service.name;

        // seed T035, T036: target tracking on CPU and memory between the configured floor and ceiling.
        targetTrackingScaling(name, {
            clusterName: args.clusterName,
            serviceName: service.name,
            minCount,
            maxCount,
            scaling: args.scaling,
            requestCountLabel:
                this.targetGroupArnSuffix && args.loadBalancer
                    ? pulumi.interpolate`${args.loadBalancer.loadBalancerArnSuffix}/${this.targetGroupArnSuffix}`
                    : undefined,
            bootstrap,
            queue: args.queueScaling,
            parent: this,
        });

        this.registerOutputs({
            serviceArn: this.serviceArn,
            serviceName: this.serviceName,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            dnsName: this.dnsName,
        });
    }
}
