/**
 * Realistic computed values for the offline evaluator's mocks: autonames as the provider makes
 * them (`<name>-<7 hex>`), ids in each service's format and ARNs in AWS's formats, all derived
 * deterministically from the URN so two runs print the same plan.
 */
import { createHash } from "crypto";

export interface MockContext {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
}

/** Fixed identity of the offline account (documentation example account). */
export const OFFLINE_ACCOUNT: Omit<MockContext, "region"> = { accountId: "123456789012", partition: "aws" };

/** Property the provider autonames, by type token (absent: not autonamed). */
const AUTONAME_PROPERTY: Record<string, string> = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:rds/instance:Instance": "identifier",
    "aws:ec2/vpc:Vpc": "",
    "aws:ec2/subnet:Subnet": "",
    "aws:ec2/routeTable:RouteTable": "",
    "aws:ec2/internetGateway:InternetGateway": "",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "",
    "aws:ec2/route:Route": "",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "",
    "aws:kms/key:Key": "",
    "aws:cloudfront/distribution:Distribution": "",
    "aws:ecs/taskDefinition:TaskDefinition": "",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "",
    "aws:appautoscaling/target:Target": "",
    "aws:lb/listener:Listener": "",
    "aws:lb/listenerRule:ListenerRule": "",
    "aws:iam/rolePolicy:RolePolicy": "name",
    "aws:s3/bucketPolicy:BucketPolicy": "",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "",
    "aws:s3/bucketVersioning:BucketVersioning": "",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "",
    "aws:sns/topicSubscription:TopicSubscription": "",
};

/** The property holding the autoname for this type, or undefined when the type has none. */
export function autonameProperty(type: string): string | undefined {
    if (type.startsWith("random:") || type.startsWith("pulumi:")) return undefined;
    if (type in AUTONAME_PROPERTY) return AUTONAME_PROPERTY[type] || undefined;
    return type.startsWith("aws:") ? "name" : undefined;
}

/** Deterministic hex of the given length from a seed. */
export function hex(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, length);
}

/** The provider's autoname: logical name, a dash, 7 random hex characters (lowercased for S3). */
export function autoname(type: string, logicalName: string, urn: string): string {
    const n = `${logicalName}-${hex(urn, 7)}`;
    return type.startsWith("aws:s3/") || type === "aws:rds/instance:Instance" ? n.toLowerCase() : n;
}

type State = Record<string, unknown>;
type Computer = (s: State, c: MockContext & { urn: string; name: string }) => State;

const arn = (c: MockContext, service: string, resource: string, global = false) =>
    `arn:${c.partition}:${service}:${global ? "" : c.region}:${c.accountId}:${resource}`;
const lastSegment = (v: unknown) =>
    String(v ?? "")
        .split("/")
        .pop() ?? "";

/** Computed outputs per type (only those the program, tests or policies read). */
const COMPUTED: Record<string, Computer> = {
    "aws:ec2/vpc:Vpc": (_s, c) => ({ id: `vpc-${hex(c.urn, 17)}`, arn: arn(c, "ec2", `vpc/vpc-${hex(c.urn, 17)}`) }),
    "aws:ec2/subnet:Subnet": (_s, c) => ({
        id: `subnet-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `subnet/subnet-${hex(c.urn, 17)}`),
    }),
    "aws:ec2/securityGroup:SecurityGroup": (_s, c) => ({
        id: `sg-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `security-group/sg-${hex(c.urn, 17)}`),
        ownerId: c.accountId,
    }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (_s, c) => ({ id: `sg-${hex(c.urn, 17)}` }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (_s, c) => ({
        id: `sgr-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `security-group-rule/sgr-${hex(c.urn, 17)}`),
    }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (_s, c) => ({
        id: `sgr-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `security-group-rule/sgr-${hex(c.urn, 17)}`),
    }),
    "aws:ec2/internetGateway:InternetGateway": (_s, c) => ({ id: `igw-${hex(c.urn, 17)}` }),
    "aws:ec2/routeTable:RouteTable": (_s, c) => ({ id: `rtb-${hex(c.urn, 17)}` }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (s, c) => ({
        id: `vpce-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `vpc-endpoint/vpce-${hex(c.urn, 17)}`),
        prefixListId: s.vpcEndpointType === "Gateway" ? `pl-${hex(c.urn, 8)}` : undefined,
        dnsEntries: [
            { dnsName: `vpce-${hex(c.urn, 17)}.${String(s.serviceName ?? "")}`, hostedZoneId: "Z7HUB22UULQXV" },
        ],
    }),
    "aws:ecs/cluster:Cluster": (s, c) => ({ arn: arn(c, "ecs", `cluster/${s.name}`) }),
    "aws:ecs/service:Service": (s, c) => ({
        id: arn(c, "ecs", `service/${lastSegment(s.cluster)}/${s.name}`),
        arn: arn(c, "ecs", `service/${lastSegment(s.cluster)}/${s.name}`),
    }),
    "aws:ecs/taskDefinition:TaskDefinition": (s, c) => ({
        id: String(s.family),
        arn: arn(c, "ecs", `task-definition/${s.family}:1`),
        arnWithoutRevision: arn(c, "ecs", `task-definition/${s.family}`),
        revision: 1,
    }),
    "aws:iam/role:Role": (s, c) => ({
        id: String(s.name),
        arn: arn(c, "iam", `role${s.path ?? "/"}${s.name}`, true),
        uniqueId: `AROA${hex(c.urn, 17).toUpperCase()}`,
    }),
    "aws:iam/policy:Policy": (s, c) => ({ arn: arn(c, "iam", `policy${s.path ?? "/"}${s.name}`, true) }),
    "aws:iam/rolePolicy:RolePolicy": (s) => ({ id: `${lastSegment(s.role)}:${s.name}` }),
    "aws:lb/loadBalancer:LoadBalancer": (s, c) => {
        const suffix = `app/${s.name}/${hex(c.urn, 16)}`;
        return {
            arn: arn(c, "elasticloadbalancing", `loadbalancer/${suffix}`),
            arnSuffix: suffix,
            dnsName: `${s.name}-${parseInt(hex(c.urn, 8), 16)}.${c.region}.elb.amazonaws.com`,
            zoneId: "Z35SXDOTRQ7X7K",
        };
    },
    "aws:lb/targetGroup:TargetGroup": (s, c) => {
        const suffix = `targetgroup/${s.name}/${hex(c.urn, 16)}`;
        return { arn: arn(c, "elasticloadbalancing", suffix), arnSuffix: suffix };
    },
    "aws:lb/listener:Listener": (_s, c) => ({
        arn: arn(c, "elasticloadbalancing", `listener/app/lb/${hex(c.urn, 16)}/${hex(c.urn + "l", 16)}`),
    }),
    "aws:lb/listenerRule:ListenerRule": (_s, c) => ({
        arn: arn(c, "elasticloadbalancing", `listener-rule/app/lb/${hex(c.urn, 16)}/${hex(c.urn + "r", 16)}`),
    }),
    "aws:cloudwatch/logGroup:LogGroup": (s, c) => ({ arn: arn(c, "logs", `log-group:${s.name}`) }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (s, c) => ({ arn: arn(c, "cloudwatch", `alarm:${s.name}`) }),
    "aws:sns/topic:Topic": (s, c) => ({ id: arn(c, "sns", String(s.name)), arn: arn(c, "sns", String(s.name)) }),
    "aws:ecr/repository:Repository": (s, c) => ({
        arn: arn(c, "ecr", `repository/${s.name}`),
        registryId: c.accountId,
        repositoryUrl: `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com/${s.name}`,
    }),
    "aws:s3/bucket:Bucket": (s, c) => ({
        id: String(s.bucket),
        arn: `arn:${c.partition}:s3:::${s.bucket}`,
        bucketDomainName: `${s.bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${s.bucket}.s3.${c.region}.amazonaws.com`,
    }),
    "aws:kms/key:Key": (_s, c) => {
        const id = `${hex(c.urn, 8)}-${hex(c.urn, 12).slice(8)}-4${hex(c.urn, 3)}-8${hex(c.urn, 3)}-${hex(c.urn, 12)}`;
        return { id, keyId: id, arn: arn(c, "kms", `key/${id}`) };
    },
    "aws:kms/alias:Alias": (s, c) => ({ arn: arn(c, "kms", String(s.name)) }),
    "aws:ssm/parameter:Parameter": (s, c) => ({ arn: arn(c, "ssm", `parameter${s.name}`), version: 1 }),
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (_s, c) => ({
        id: `ns-${hex(c.urn, 16)}`,
        arn: arn(c, "servicediscovery", `namespace/ns-${hex(c.urn, 16)}`),
        hostedZone: `Z${hex(c.urn, 20).toUpperCase()}`,
    }),
    "aws:servicediscovery/service:Service": (_s, c) => ({
        id: `srv-${hex(c.urn, 16)}`,
        arn: arn(c, "servicediscovery", `service/srv-${hex(c.urn, 16)}`),
    }),
    "aws:rds/instance:Instance": (s, c) => ({
        arn: arn(c, "rds", `db:${s.identifier}`),
        address: `${s.identifier}.${hex(c.urn, 12)}.${c.region}.rds.amazonaws.com`,
        endpoint: `${s.identifier}.${hex(c.urn, 12)}.${c.region}.rds.amazonaws.com:5432`,
        port: 5432,
        masterUserSecrets: [{ secretArn: arn(c, "secretsmanager", `secret:rds!db-${hex(c.urn, 8)}`) }],
    }),
    "aws:rds/subnetGroup:SubnetGroup": (s, c) => ({ arn: arn(c, "rds", `subgrp:${s.name}`) }),
    "aws:rds/parameterGroup:ParameterGroup": (s, c) => ({ arn: arn(c, "rds", `pg:${s.name}`) }),
    "aws:appautoscaling/target:Target": (s, c) => ({
        id: String(s.resourceId),
        arn: arn(c, "application-autoscaling", `scalable-target/${hex(c.urn, 24)}`),
    }),
    "aws:appautoscaling/policy:Policy": (s, c) => ({
        arn: arn(c, "autoscaling", `scalingPolicy:${hex(c.urn, 8)}:resource/ecs/${s.resourceId}:policyName/${s.name}`),
    }),
    "aws:cloudfront/distribution:Distribution": (_s, c) => {
        const id = `E${hex(c.urn, 13).toUpperCase()}`;
        return {
            id,
            arn: `arn:${c.partition}:cloudfront::${c.accountId}:distribution/${id}`,
            domainName: `d${hex(c.urn, 13)}.cloudfront.net`,
            hostedZoneId: "Z2FDTNDATAQYW2",
        };
    },
    "random:index/randomPassword:RandomPassword": (s, c) => ({
        result: hex(`secret:${c.urn}`, Number(s.length ?? 32)),
    }),
};

/**
 * The state a mock returns for a registered resource: its inputs, its autoname and, outside
 * preview, its computed outputs (inputs win over computed values the program set itself).
 */
export function mockState(
    type: string,
    name: string,
    urn: string,
    inputs: State,
    ctx: MockContext,
    preview: boolean,
): { id: string | undefined; state: State } {
    const state: State = { ...inputs };
    const prop = autonameProperty(type);
    if (prop && state[prop] === undefined) state[prop] = autoname(type, name, urn);
    if (preview) return { id: undefined, state };
    const computed = (COMPUTED[type] ?? defaultComputed(type))(state, { ...ctx, urn, name });
    for (const [k, v] of Object.entries(computed)) if (state[k] === undefined && v !== undefined) state[k] = v;
    const id = String(computed.id ?? state[prop ?? ""] ?? `${name}-${hex(urn, 8)}`);
    return { id, state };
}

function defaultComputed(type: string): Computer {
    // aws:<module>/<resource>:<Type> -> arn:aws:<module>:<region>:<account>:<resource>/<name>
    const [, module = "", resource = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
    return (s, c) => (module ? { arn: arn(c, module, `${resource}/${s.name ?? hex(c.urn, 12)}`) } : {});
}
