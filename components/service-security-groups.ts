/**
 * The task security groups and every rule between the tiers, written once, in one place, derived
 * from the services' entries:
 *
 *   ALB --port--> each http service          a caller --callee's port--> each internal service it `calls`
 *   every service --443--> VPC interface endpoints and the S3 prefix list (ECR layers live in S3)
 *   every `database` service --databasePort--> database
 *
 * Each hop is a pair: an egress rule on the sender and an ingress rule on the receiver, both naming
 * the other group (`<from>-to-<to>`). The groups themselves carry no inline rules (inline and
 * standalone rules fight over the same group), and a new group's default allow-all egress is
 * removed by the provider, so nothing here reaches 0.0.0.0/0. A worker gets no ingress at all.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTags } from "../policy-pack/lib/service-tags";

/** One service's group, as its entry decides it. */
export interface SecurityGroupService {
    readonly name: string;
    /** Label in rule descriptions ("BFF"). */
    readonly displayName: string;
    /** http: admits the ALB; internal: admits its callers; worker: admits nothing. */
    readonly kind: "http" | "internal" | "worker";
    /** Port its container listens on (http, internal). */
    readonly port?: number;
    /** Name its callers use (internal), e.g. `agentcore.local`; in rule descriptions. */
    readonly dnsName?: string;
    /** Internal services it opens connections to. */
    readonly calls: readonly string[];
    /** Whether it reaches the database. */
    readonly database: boolean;
    /** The group's description (written once: EC2 replaces a group whose description changes). */
    readonly description: string;
}

export interface ServiceSecurityGroupsArgs {
    /** VPC of the task security groups. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Security group of the load balancer; gets the egress rule to each http service's port. Required. */
    readonly albSecurityGroupId: pulumi.Input<string>;
    /** Security group of the interface endpoints; gets 443 ingress from each task group. Required. */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** Managed prefix list of the S3 gateway endpoint. Required. */
    readonly s3PrefixListId: pulumi.Input<string>;
    /** Security group of the database; gets ingress on the database port from each `database` service. Required. */
    readonly databaseSecurityGroupId: pulumi.Input<string>;
    /** The services, one group each. Required. */
    readonly services: readonly SecurityGroupService[];
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
    public readonly securityGroupIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: ServiceSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ServiceSecurityGroups.typeToken, name, {}, opts);
        const egressRules: Record<string, aws.vpc.SecurityGroupEgressRule> = {};
        const ingressRules: Record<string, aws.vpc.SecurityGroupIngressRule> = {};
        const { databasePort } = args;
        const byName = new Map(args.services.map((svc) => [svc.name, svc]));
        const groups = new Map<string, aws.ec2.SecurityGroup>();
        for (const svc of args.services) {
            groups.set(
                svc.name,
                new aws.ec2.SecurityGroup(
                    `${name}-${svc.name}`,
                    {
                        vpcId: args.vpcId,
                        description: svc.description,
                        tags: { Name: `${name}-${svc.name}`, ...serviceTags(svc.name, svc.kind) },
                    },
                    { parent: this },
                ),
            );
        }
        const groupOf = (service: string) => {
            const group = groups.get(service);
            if (group === undefined) throw new pulumi.ResourceError(`no service named ${service} to call`, this);
            return group.id;
        };

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

        for (const svc of args.services) {
            const sg = groupOf(svc.name);
            // seed T006: an http service (the BFF) admits the ALB on its port.
            if (svc.kind === "http" && svc.port !== undefined) {
                pair(`alb-to-${svc.name}`, args.albSecurityGroupId, sg, {
                    from: "ALB",
                    to: svc.displayName,
                    port: svc.port,
                    what: "forwarded HTTP and target health checks",
                });
            }
            // seed T007: an internal service (AgentCore) admits exactly its callers on its port.
            for (const calleeName of svc.calls) {
                const callee = byName.get(calleeName);
                if (callee?.port === undefined) {
                    throw new pulumi.ResourceError(`${svc.name} calls ${calleeName}, which has no port to call`, this);
                }
                pair(`${svc.name}-to-${calleeName}`, sg, groupOf(calleeName), {
                    from: svc.displayName,
                    to: callee.displayName,
                    port: callee.port,
                    what: `${callee.dnsName ?? calleeName} API`,
                });
            }
            // seed T008: every task group reaches the VPC endpoints on 443.
            pair(`${svc.name}-to-endpoints`, sg, args.endpointSecurityGroupId, {
                from: svc.displayName,
                to: "VPC endpoints",
                port: 443,
                what: "ECR, CloudWatch Logs, SSM, STS, Bedrock over PrivateLink",
            });
            // seed T009, T053: a `database` service's group reaches the database group on its port.
            if (svc.database) {
                pair(`${svc.name}-to-database`, sg, args.databaseSecurityGroupId, {
                    from: svc.displayName,
                    to: "database",
                    port: databasePort,
                    what: "PostgreSQL",
                });
            }
            egressRules[`${svc.name}-to-s3`] = new aws.vpc.SecurityGroupEgressRule(
                `${name}-${svc.name}-to-s3-egress`,
                {
                    securityGroupId: sg,
                    prefixListId: args.s3PrefixListId,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    description: `${svc.displayName} to the S3 gateway endpoint on tcp 443: ECR image layers and agent data`,
                },
                { parent: this },
            );
        }

        const rulesCreated = [...Object.values(ingressRules), ...Object.values(egressRules)].map((r) => r.id);
        const afterRules = (sg: aws.ec2.SecurityGroup) => pulumi.all([sg.id, ...rulesCreated]).apply(([id]) => id);
        this.securityGroupIds = Object.fromEntries([...groups].map(([service, sg]) => [service, afterRules(sg)]));

        this.registerOutputs({ securityGroupIds: this.securityGroupIds });
    }
}
