/**
 * The task security groups and every rule between the tiers, written once, in one place:
 *
 *   ALB --bffPort--> BFF --agentcorePort--> AgentCore
 *   BFF, AgentCore --443--> VPC interface endpoints and the S3 prefix list (ECR layers live in S3)
 *   BFF, AgentCore --databasePort--> database
 *
 * Each hop is a pair: an egress rule on the sender and an ingress rule on the receiver, both naming
 * the other group. The groups themselves carry no inline rules (inline and standalone rules fight
 * over the same group), and a new group's default allow-all egress is removed by the provider, so
 * nothing here reaches 0.0.0.0/0.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface ServiceSecurityGroupsArgs {
    /** VPC of the task security groups. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Security group of the load balancer; gets the egress rule to the BFF port. Required. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** Security group of the interface endpoints; gets 443 ingress from each task group. Required. */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** Managed prefix list of the S3 gateway endpoint. Required. */
    readonly s3PrefixListId: pulumi.Input<string>;
    /** Security group of the database; gets ingress on the database port from each task group. Required. */
    readonly databaseSecurityGroupId: pulumi.Input<string>;
    /** Port the BFF container listens on (its task definition's containerPort). Required. */
    readonly bffPort: number;
    /** Port the AgentCore container listens on (its task definition's containerPort). Required. */
    readonly agentcorePort: number;
    /** Port the database listens on. Required. */
    readonly databasePort: number;
}

type Rule = { from: string; to: string; port: number; what: string };

export class ServiceSecurityGroups extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:ServiceSecurityGroups";

    /**
     * Group ids that resolve only once every rule of this component exists, so a service using them
     * never starts tasks that cannot yet pull their image (a failed first pull would count against the
     * deployment circuit breaker).
     */
    public readonly bffSecurityGroupId: pulumi.Output<string>;
    public readonly agentcoreSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: ServiceSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ServiceSecurityGroups.typeToken, name, {}, opts);
        const egressRules: Record<string, aws.vpc.SecurityGroupEgressRule> = {};
        const ingressRules: Record<string, aws.vpc.SecurityGroupIngressRule> = {};
        const { bffPort, agentcorePort, databasePort } = args;

        const bffSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-bff`,
            {
                vpcId: args.vpcId,
                description: "BFF tasks: HTTP from the load balancer; calls AgentCore, endpoints, database",
                tags: { Name: `${name}-bff` },
            },
            { parent: this },
        );
        const agentcoreSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-agentcore`,
            {
                vpcId: args.vpcId,
                description: "AgentCore tasks: HTTP from the BFF; calls endpoints, database",
                tags: { Name: `${name}-agentcore` },
            },
            { parent: this },
        );

        const bff = bffSecurityGroup.id;
        const agentcore = agentcoreSecurityGroup.id;
        const pair = (key: string, from: pulumi.Input<string>, to: pulumi.Input<string>, r: Rule) => {
            egressRules[key] = new aws.vpc.SecurityGroupEgressRule(
                `${name}-${key}-egress`,
                {
                    securityGroupId: from,
                    referencedSecurityGroupId: to,
                    ipProtocol: "tcp",
                    fromPort: r.port,
                    toPort: r.port,
                    description: `${r.from} to ${r.to} on tcp ${r.port}: ${r.what}`,
                },
                { parent: this },
            );
            ingressRules[key] = new aws.vpc.SecurityGroupIngressRule(
                `${name}-${key}-ingress`,
                {
                    securityGroupId: to,
                    referencedSecurityGroupId: from,
                    ipProtocol: "tcp",
                    fromPort: r.port,
                    toPort: r.port,
                    description: `${r.to} from ${r.from} on tcp ${r.port}: ${r.what}`,
                },
                { parent: this },
            );
        };

        // seed T006: BFF admits the ALB on its port.
        pair("alb-to-bff", args.albSecurityGroupId, bff, {
            from: "ALB",
            to: "BFF",
            port: bffPort,
            what: "forwarded HTTP and target health checks",
        });
        // seed T007: AgentCore admits the BFF on its port.
        pair("bff-to-agentcore", bff, agentcore, {
            from: "BFF",
            to: "AgentCore",
            port: agentcorePort,
            what: "agentcore.local API",
        });
        const tasks: [string, string, pulumi.Input<string>][] = [
            ["bff", "BFF", bff],
            ["agentcore", "AgentCore", agentcore],
        ];
        for (const [key, label, sg] of tasks) {
            // seed T008: both task groups reach the VPC endpoints on 443.
            pair(`${key}-to-endpoints`, sg, args.endpointSecurityGroupId, {
                from: label,
                to: "VPC endpoints",
                port: 443,
                what: "ECR, CloudWatch Logs, SSM, STS, Bedrock over PrivateLink",
            });
            // seed T009, T053: both task groups reach the database group on its port.
            pair(`${key}-to-database`, sg, args.databaseSecurityGroupId, {
                from: label,
                to: "database",
                port: databasePort,
                what: "PostgreSQL",
            });
            egressRules[`${key}-to-s3`] = new aws.vpc.SecurityGroupEgressRule(
                `${name}-${key}-to-s3-egress`,
                {
                    securityGroupId: sg,
                    prefixListId: args.s3PrefixListId,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    description: `${label} to the S3 gateway endpoint on tcp 443: ECR image layers and agent data`,
                },
                { parent: this },
            );
        }

        const rulesCreated = [...Object.values(ingressRules), ...Object.values(egressRules)].map((r) => r.id);
        const afterRules = (sg: aws.ec2.SecurityGroup) => pulumi.all([sg.id, ...rulesCreated]).apply(([id]) => id);
        this.bffSecurityGroupId = afterRules(bffSecurityGroup);
        this.agentcoreSecurityGroupId = afterRules(agentcoreSecurityGroup);

        this.registerOutputs({
            bffSecurityGroupId: this.bffSecurityGroupId,
            agentcoreSecurityGroupId: this.agentcoreSecurityGroupId,
        });
    }
}
