/**
 * The ECS cluster both services run in: Container Insights on, the Fargate capacity providers
 * associated with a default strategy, and the Cloud Map private DNS namespace in which AgentCore
 * registers (`agentcore.local` = service `agentcore` in namespace `local`).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** How tasks are split between on-demand FARGATE and FARGATE_SPOT (config `capacity`, where the defaults live). */
export interface CapacitySplit {
    /** Relative share of tasks on FARGATE after the base. */
    readonly fargateWeight: number;
    /** Relative share of tasks on FARGATE_SPOT after the base. */
    readonly fargateSpotWeight: number;
    /** Tasks always placed on FARGATE, so a Spot reclaim never empties a service. */
    readonly fargateBase: number;
}

/** One entry of a capacity provider strategy, the shape both the cluster and the services accept. */
export interface CapacityProviderStrategyItem {
    readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
    readonly base?: number;
    readonly weight: number;
}

/**
 * The strategy for a split. Only FARGATE carries a base (ECS allows a base on one provider only);
 * Spot is never back-filled with on-demand capacity, so the base is the on-demand floor.
 */
export function capacityProviderStrategy(split: CapacitySplit): CapacityProviderStrategyItem[] {
    return [
        { capacityProvider: "FARGATE", base: split.fargateBase, weight: split.fargateWeight },
        { capacityProvider: "FARGATE_SPOT", weight: split.fargateSpotWeight },
    ];
}

export interface EcsClusterArgs {
    /** VPC the Cloud Map private DNS namespace is attached to. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Capacity split of the cluster's default strategy. Required. */
    readonly capacity: CapacitySplit;
    /** Cluster name. Default: a Pulumi auto-name derived from the component name. */
    readonly clusterName?: pulumi.Input<string>;
    /** Container Insights level: "enabled" or "enhanced". Default "enabled" (the task-count alarms need it). */
    readonly containerInsights?: "enabled" | "enhanced";
    /** Private DNS namespace for service discovery. Default "local" (so AgentCore is `agentcore.local`). */
    readonly namespaceName?: string;
    /** ECS Exec's audit: the session key and log group (components/exec-audit.ts). Default none (no service has Exec). */
    readonly executeCommand?: { readonly kmsKeyArn: pulumi.Input<string>; readonly logGroupName: string };
}

export class EcsCluster extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:EcsCluster";

    public readonly clusterArn: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    /** The provider association; every service must depend on it (Pulumi cannot infer that). */
    public readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
    /** The default strategy, for services to set explicitly (a service without one falls back to launch type EC2). */
    public readonly capacityProviderStrategy: CapacityProviderStrategyItem[];
    public readonly namespaceId: pulumi.Output<string>;
    /** The namespace's ARN (Service Connect names its namespace by name or ARN). */
    public readonly namespaceArn: pulumi.Output<string>;
    /** The namespace's DNS name, e.g. "local". */
    public readonly namespaceName: string;

    constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(EcsCluster.typeToken, name, {}, opts);
        const containerInsights = args.containerInsights ?? "enabled";
        const namespaceName = args.namespaceName ?? "local";
        this.capacityProviderStrategy = capacityProviderStrategy(args.capacity);

        const cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            // seed T011: Container Insights on (the task-count alarms read its metrics).
            {
                name: args.clusterName,
                settings: [{ name: "containerInsights", value: containerInsights }],
                // Exec sessions are encrypted with the key and every session logged to the encrypted group.
                configuration: args.executeCommand && {
                    executeCommandConfiguration: {
                        kmsKeyId: args.executeCommand.kmsKeyArn,
                        logging: "OVERRIDE",
                        logConfiguration: {
                            cloudWatchLogGroupName: args.executeCommand.logGroupName,
                            cloudWatchEncryptionEnabled: true,
                        },
                    },
                },
            },
            { parent: this },
        );
        this.clusterArn = cluster.arn;
        this.clusterName = cluster.name;

        // seed T012, T013, T014: FARGATE and FARGATE_SPOT associated, with the configured default strategy.
        this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity-providers`,
            {
                clusterName: cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: this.capacityProviderStrategy.map((s) => ({ ...s })),
            },
            { parent: this },
        );

        // seed T032: the private DNS namespace for service discovery.
        const namespace = new aws.servicediscovery.PrivateDnsNamespace(
            `${name}-namespace`,
            {
                name: namespaceName,
                vpc: args.vpcId,
                description: "Service discovery for the ECS services (the BFF calls AgentCore here)",
            },
            { parent: this },
        );
        this.namespaceId = namespace.id;
        this.namespaceArn = namespace.arn;
        this.namespaceName = namespaceName;

        this.registerOutputs({
            clusterArn: this.clusterArn,
            clusterName: this.clusterName,
            namespaceId: this.namespaceId,
            namespaceName: this.namespaceName,
        });
    }
}
