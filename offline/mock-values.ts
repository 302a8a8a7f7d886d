/**
 * Realistic computed values for the offline evaluator's mocks: autonames as the provider makes
 * them (`<name>-<7 hex>`), ids in each service's format and ARNs in AWS's formats, all derived
 * deterministically from the URN so two runs print the same plan.
 */
import { createHash } from "crypto";
import { AWS_TYPE } from "../policy-pack/lib/aws-types";
import { MANAGED_RULE_GROUP_WCU, RATE_BASED_CUSTOM_KEY_WCU, RATE_BASED_WCU } from "../policy-pack/lib/edge-facts";

export interface MockContext {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
}

/** Fixed identity of the offline account (documentation example account). */
export const OFFLINE_ACCOUNT: Omit<MockContext, "region"> = { accountId: "123456789012", partition: "aws" };

/** Property the provider autonames, by type token (absent: not autonamed). */
const AUTONAME_PROPERTY: Record<string, string> = {
    [AWS_TYPE.s3.Bucket]: "bucket",
    [AWS_TYPE.s3.BucketV2]: "bucket",
    [AWS_TYPE.rds.Instance]: "identifier",
    [AWS_TYPE.ec2.Vpc]: "",
    [AWS_TYPE.ec2.Subnet]: "",
    [AWS_TYPE.ec2.RouteTable]: "",
    [AWS_TYPE.ec2.InternetGateway]: "",
    [AWS_TYPE.ec2.VpcEndpoint]: "",
    [AWS_TYPE.ec2.RouteTableAssociation]: "",
    [AWS_TYPE.ec2.Route]: "",
    [AWS_TYPE.ec2.DefaultSecurityGroup]: "",
    [AWS_TYPE.kms.Key]: "",
    [AWS_TYPE.cloudfront.Distribution]: "",
    [AWS_TYPE.cloudfront.VpcOrigin]: "",
    [AWS_TYPE.wafv2.WebAclLoggingConfiguration]: "",
    [AWS_TYPE.acm.Certificate]: "",
    [AWS_TYPE.acm.CertificateValidation]: "",
    [AWS_TYPE.ecs.TaskDefinition]: "",
    [AWS_TYPE.ecs.ClusterCapacityProviders]: "",
    [AWS_TYPE.vpc.SecurityGroupIngressRule]: "",
    [AWS_TYPE.vpc.SecurityGroupEgressRule]: "",
    [AWS_TYPE.appautoscaling.Target]: "",
    [AWS_TYPE.sqs.QueuePolicy]: "",
    [AWS_TYPE.ecr.PullThroughCacheRule]: "",
    // dashboardName is required (the program names it): nothing autonamed.
    [AWS_TYPE.cloudwatch.Dashboard]: "",
    [AWS_TYPE.lb.Listener]: "",
    [AWS_TYPE.lb.ListenerRule]: "",
    [AWS_TYPE.iam.RolePolicy]: "name",
    [AWS_TYPE.iam.RolePolicyAttachment]: "",
    [AWS_TYPE.s3.BucketPolicy]: "",
    [AWS_TYPE.s3.BucketPublicAccessBlock]: "",
    [AWS_TYPE.s3.BucketVersioning]: "",
    [AWS_TYPE.s3.BucketServerSideEncryptionConfiguration]: "",
    [AWS_TYPE.s3.BucketOwnershipControls]: "",
    [AWS_TYPE.s3.BucketLifecycleConfiguration]: "",
    [AWS_TYPE.s3.BucketLogging]: "",
    [AWS_TYPE.ecr.LifecyclePolicy]: "",
    [AWS_TYPE.sns.TopicSubscription]: "",
    // No `name` input: an autoname here would be a value AWS never sees.
    [AWS_TYPE.sns.TopicPolicy]: "",
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
    return type.startsWith("aws:s3/") || type === AWS_TYPE.rds.Instance ? n.toLowerCase() : n;
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
    [AWS_TYPE.ec2.Vpc]: (_s, c) => ({ id: `vpc-${hex(c.urn, 17)}`, arn: arn(c, "ec2", `vpc/vpc-${hex(c.urn, 17)}`) }),
    [AWS_TYPE.ec2.Subnet]: (_s, c) => ({
        id: `subnet-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `subnet/subnet-${hex(c.urn, 17)}`),
    }),
    [AWS_TYPE.ec2.SecurityGroup]: (_s, c) => ({
        id: `sg-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `security-group/sg-${hex(c.urn, 17)}`),
        ownerId: c.accountId,
    }),
    [AWS_TYPE.ec2.DefaultSecurityGroup]: (_s, c) => ({ id: `sg-${hex(c.urn, 17)}` }),
    [AWS_TYPE.vpc.SecurityGroupIngressRule]: (_s, c) => ({
        id: `sgr-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `security-group-rule/sgr-${hex(c.urn, 17)}`),
    }),
    [AWS_TYPE.vpc.SecurityGroupEgressRule]: (_s, c) => ({
        id: `sgr-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `security-group-rule/sgr-${hex(c.urn, 17)}`),
    }),
    [AWS_TYPE.ec2.InternetGateway]: (_s, c) => ({ id: `igw-${hex(c.urn, 17)}` }),
    [AWS_TYPE.ec2.RouteTable]: (_s, c) => ({ id: `rtb-${hex(c.urn, 17)}` }),
    [AWS_TYPE.ec2.VpcEndpoint]: (s, c) => ({
        id: `vpce-${hex(c.urn, 17)}`,
        arn: arn(c, "ec2", `vpc-endpoint/vpce-${hex(c.urn, 17)}`),
        prefixListId: s.vpcEndpointType === "Gateway" ? `pl-${hex(c.urn, 8)}` : undefined,
        dnsEntries: [
            { dnsName: `vpce-${hex(c.urn, 17)}.${String(s.serviceName ?? "")}`, hostedZoneId: "Z7HUB22UULQXV" },
        ],
    }),
    [AWS_TYPE.ecs.Cluster]: (s, c) => ({ arn: arn(c, "ecs", `cluster/${s.name}`) }),
    [AWS_TYPE.ecs.Service]: (s, c) => ({
        id: arn(c, "ecs", `service/${lastSegment(s.cluster)}/${s.name}`),
        arn: arn(c, "ecs", `service/${lastSegment(s.cluster)}/${s.name}`),
    }),
    [AWS_TYPE.ecs.TaskDefinition]: (s, c) => ({
        id: String(s.family),
        arn: arn(c, "ecs", `task-definition/${s.family}:1`),
        arnWithoutRevision: arn(c, "ecs", `task-definition/${s.family}`),
        revision: 1,
    }),
    [AWS_TYPE.iam.Role]: (s, c) => ({
        id: String(s.name),
        arn: arn(c, "iam", `role${s.path ?? "/"}${s.name}`, true),
        uniqueId: `AROA${hex(c.urn, 17).toUpperCase()}`,
    }),
    [AWS_TYPE.iam.Policy]: (s, c) => ({ arn: arn(c, "iam", `policy${s.path ?? "/"}${s.name}`, true) }),
    [AWS_TYPE.iam.RolePolicy]: (s) => ({ id: `${lastSegment(s.role)}:${s.name}` }),
    // The provider's PrefixedUniqueId("<role>-"): a timestamp and a counter, 26 digits
    // (terraform-provider-aws internal/service/iam/role_policy_attachment.go).
    [AWS_TYPE.iam.RolePolicyAttachment]: (s, c) => ({
        id: `${lastSegment(s.role)}-20261127120000${String(parseInt(hex(c.urn, 8), 16))
            .padStart(12, "0")
            .slice(-12)}`,
    }),
    [AWS_TYPE.lb.LoadBalancer]: (s, c) => {
        const suffix = `app/${s.name}/${hex(c.urn, 16)}`;
        return {
            arn: arn(c, "elasticloadbalancing", `loadbalancer/${suffix}`),
            arnSuffix: suffix,
            dnsName: `${s.name}-${parseInt(hex(c.urn, 8), 16)}.${c.region}.elb.amazonaws.com`,
            zoneId: "Z35SXDOTRQ7X7K",
        };
    },
    [AWS_TYPE.lb.TargetGroup]: (s, c) => {
        const suffix = `targetgroup/${s.name}/${hex(c.urn, 16)}`;
        return { arn: arn(c, "elasticloadbalancing", suffix), arnSuffix: suffix };
    },
    [AWS_TYPE.lb.Listener]: (_s, c) => ({
        arn: arn(c, "elasticloadbalancing", `listener/app/lb/${hex(c.urn, 16)}/${hex(c.urn + "l", 16)}`),
    }),
    [AWS_TYPE.lb.ListenerRule]: (_s, c) => ({
        arn: arn(c, "elasticloadbalancing", `listener-rule/app/lb/${hex(c.urn, 16)}/${hex(c.urn + "r", 16)}`),
    }),
    [AWS_TYPE.cloudwatch.LogGroup]: (s, c) => ({ arn: arn(c, "logs", `log-group:${s.name}`) }),
    [AWS_TYPE.cloudwatch.MetricAlarm]: (s, c) => ({ arn: arn(c, "cloudwatch", `alarm:${s.name}`) }),
    // SQS names a queue by its URL (the id) https://sqs.<region>.amazonaws.com/<account>/<name>.
    [AWS_TYPE.sqs.Queue]: (s, c) => ({
        id: `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${String(s.name)}`,
        url: `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${String(s.name)}`,
        arn: arn(c, "sqs", String(s.name)),
    }),
    [AWS_TYPE.sqs.QueuePolicy]: (s) => ({ id: String(s.queueUrl) }),
    // The id is the repository prefix; the rule lives in the account's own registry.
    [AWS_TYPE.ecr.PullThroughCacheRule]: (s, c) => ({ id: String(s.ecrRepositoryPrefix), registryId: c.accountId }),
    // The id is the dashboard's name; the ARN is global (no Region): arn:aws:cloudwatch::<account>:dashboard/<name>.
    [AWS_TYPE.cloudwatch.Dashboard]: (s, c) => ({
        id: String(s.dashboardName),
        dashboardArn: `arn:${c.partition}:cloudwatch::${c.accountId}:dashboard/${String(s.dashboardName)}`,
    }),
    [AWS_TYPE.sns.Topic]: (s, c) => ({ id: arn(c, "sns", String(s.name)), arn: arn(c, "sns", String(s.name)) }),
    [AWS_TYPE.ecr.Repository]: (s, c) => ({
        arn: arn(c, "ecr", `repository/${s.name}`),
        registryId: c.accountId,
        repositoryUrl: `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com/${s.name}`,
    }),
    [AWS_TYPE.s3.Bucket]: (s, c) => ({
        id: String(s.bucket),
        arn: `arn:${c.partition}:s3:::${s.bucket}`,
        bucketDomainName: `${s.bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${s.bucket}.s3.${c.region}.amazonaws.com`,
    }),
    // The provider's id for a logging configuration is the source bucket's name
    // when no expected owner is set (terraform-provider-aws internal/service/s3/bucket_logging.go:
    // d.SetId(createResourceID(bucket, expectedBucketOwner))).
    [AWS_TYPE.s3.BucketLogging]: (s) => ({ id: String(s.bucket) }),
    [AWS_TYPE.kms.Key]: (_s, c) => {
        const id = `${hex(c.urn, 8)}-${hex(c.urn, 12).slice(8)}-4${hex(c.urn, 3)}-8${hex(c.urn, 3)}-${hex(c.urn, 12)}`;
        return { id, keyId: id, arn: arn(c, "kms", `key/${id}`) };
    },
    [AWS_TYPE.kms.Alias]: (s, c) => ({ arn: arn(c, "kms", String(s.name)) }),
    [AWS_TYPE.ssm.Parameter]: (s, c) => ({ arn: arn(c, "ssm", `parameter${s.name}`), version: 1 }),
    [AWS_TYPE.servicediscovery.PrivateDnsNamespace]: (_s, c) => ({
        id: `ns-${hex(c.urn, 16)}`,
        arn: arn(c, "servicediscovery", `namespace/ns-${hex(c.urn, 16)}`),
        hostedZone: `Z${hex(c.urn, 20).toUpperCase()}`,
    }),
    [AWS_TYPE.servicediscovery.Service]: (_s, c) => ({
        id: `srv-${hex(c.urn, 16)}`,
        arn: arn(c, "servicediscovery", `service/srv-${hex(c.urn, 16)}`),
    }),
    [AWS_TYPE.rds.Instance]: (s, c) => ({
        arn: arn(c, "rds", `db:${s.identifier}`),
        address: `${s.identifier}.${hex(c.urn, 12)}.${c.region}.rds.amazonaws.com`,
        endpoint: `${s.identifier}.${hex(c.urn, 12)}.${c.region}.rds.amazonaws.com:5432`,
        port: 5432,
        masterUserSecrets: [{ secretArn: arn(c, "secretsmanager", `secret:rds!db-${hex(c.urn, 8)}`) }],
    }),
    [AWS_TYPE.rds.SubnetGroup]: (s, c) => ({ arn: arn(c, "rds", `subgrp:${s.name}`) }),
    [AWS_TYPE.rds.ParameterGroup]: (s, c) => ({ arn: arn(c, "rds", `pg:${s.name}`) }),
    [AWS_TYPE.appautoscaling.Target]: (s, c) => ({
        id: String(s.resourceId),
        arn: arn(c, "application-autoscaling", `scalable-target/${hex(c.urn, 24)}`),
    }),
    // arn:aws:autoscaling:<region>:<account>:scheduledAction:<uuid>:resource/ecs/<resource id>:scheduledActionName/<name>
    // (the ARN format DescribeScheduledActions returns).
    [AWS_TYPE.appautoscaling.ScheduledAction]: (s, c) => ({
        arn: arn(
            c,
            "autoscaling",
            `scheduledAction:${uuid(c.urn)}:resource/ecs/${s.resourceId}:scheduledActionName/${s.name}`,
        ),
    }),
    [AWS_TYPE.appautoscaling.Policy]: (s, c) => ({
        arn: arn(c, "autoscaling", `scalingPolicy:${hex(c.urn, 8)}:resource/ecs/${s.resourceId}:policyName/${s.name}`),
    }),
    [AWS_TYPE.cloudfront.Distribution]: (_s, c) => {
        const id = `E${hex(c.urn, 13).toUpperCase()}`;
        return {
            id,
            arn: `arn:${c.partition}:cloudfront::${c.accountId}:distribution/${id}`,
            domainName: `d${hex(c.urn, 13)}.cloudfront.net`,
            hostedZoneId: "Z2FDTNDATAQYW2",
        };
    },
    [AWS_TYPE.cloudfront.VpcOrigin]: (_s, c) => {
        // VPC origin ids are "vo_" and 22 letters/digits; the ARN is global (no Region).
        const id = `vo_${base62(c.urn, 22)}`;
        return {
            id,
            arn: `arn:${c.partition}:cloudfront::${c.accountId}:vpcorigin/${id}`,
            etag: `E${hex(c.urn, 13).toUpperCase()}`,
        };
    },
    [AWS_TYPE.cloudfront.ResponseHeadersPolicy]: (_s, c) => {
        const id = uuid(c.urn);
        return {
            id,
            arn: `arn:${c.partition}:cloudfront::${c.accountId}:response-headers-policy/${id}`,
            etag: `E${hex(c.urn, 13).toUpperCase()}`,
        };
    },
    [AWS_TYPE.wafv2.WebAcl]: (s, c) => {
        // CLOUDFRONT scope is "global" in the ARN and always in us-east-1 (the resource's `region`).
        const id = uuid(c.urn);
        const scope = s.scope === "CLOUDFRONT" ? "global" : "regional";
        return {
            id,
            arn: `arn:${c.partition}:wafv2:${c.region}:${c.accountId}:${scope}/webacl/${s.name}/${id}`,
            capacity: webAclCapacity(s.rules),
            lockToken: uuid(`${c.urn}#lock`),
        };
    },
    [AWS_TYPE.wafv2.WebAclLoggingConfiguration]: (s) => ({ id: String(s.resourceArn) }),
    [AWS_TYPE.acm.Certificate]: (s, c) => {
        const domain = String(s.domainName);
        return {
            arn: arn(c, "acm", `certificate/${uuid(c.urn)}`),
            status: "PENDING_VALIDATION",
            domainValidationOptions: [
                {
                    domainName: domain,
                    resourceRecordName: `_${hex(c.urn + "n", 32)}.${domain}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${hex(c.urn + "v", 32)}.${hex(c.urn + "z", 10)}.acm-validations.aws.`,
                },
            ],
        };
    },
    [AWS_TYPE.acm.CertificateValidation]: (s) => ({ id: String(s.certificateArn) }),
    [AWS_TYPE.route53.Record]: (s) => {
        const name = String(s.name).replace(/\.$/, "");
        return { id: `${s.zoneId}_${name}_${s.type}`, fqdn: name };
    },
    "random:index/randomPassword:RandomPassword": (s, c) => ({
        result: hex(`secret:${c.urn}`, Number(s.length ?? 32)),
    }),
    // Random bytes per resource lifecycle: new keepers replace the resource and draw new bytes.
    "random:index/randomId:RandomId": (s, c) => {
        const bytes = Buffer.from(hex(`${c.urn}|${JSON.stringify(s.keepers ?? {})}`, 2 * Number(s.byteLength)), "hex");
        return {
            id: bytes.toString("base64url"),
            hex: bytes.toString("hex"),
            b64Url: bytes.toString("base64url"),
            b64Std: bytes.toString("base64"),
            dec: BigInt(`0x${bytes.toString("hex")}`).toString(),
        };
    },
};

/** A random-looking RFC 4122 UUID (version 4 layout), from a seed. */
export function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Letters and digits from a seed (ids such as VPC origins' use them). */
function base62(seed: string, length: number): string {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    return [...hex(seed, length * 2).matchAll(/../g)].map((m) => alphabet[parseInt(m[0], 16) % 62]).join("");
}

/**
 * The WCUs AWS reports for a web ACL's rules: managed groups at their published capacity, a
 * rate-based statement at 2 plus 30 per custom key (edge-facts.ts has the sources).
 */
export function webAclCapacity(rules: unknown): number {
    let total = 0;
    for (const rule of Array.isArray(rules) ? rules : []) {
        const statement = (rule as { statement?: Record<string, any> }).statement ?? {};
        const managed = statement.managedRuleGroupStatement?.name;
        if (typeof managed === "string") total += MANAGED_RULE_GROUP_WCU[managed] ?? 0;
        const rate = statement.rateBasedStatement;
        if (rate) total += RATE_BASED_WCU + RATE_BASED_CUSTOM_KEY_WCU * (rate.customKeys?.length ?? 0);
    }
    return total;
}

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
    // @pulumi/aws 7 places a resource in its own `region` when given (CloudFront-scope WAF, ACM for CloudFront).
    const region = typeof state.region === "string" && state.region !== "" ? state.region : ctx.region;
    const computed = (COMPUTED[type] ?? defaultComputed(type))(state, { ...ctx, region, urn, name });
    for (const [k, v] of Object.entries(computed)) if (state[k] === undefined && v !== undefined) state[k] = v;
    const id = String(computed.id ?? state[prop ?? ""] ?? `${name}-${hex(urn, 8)}`);
    return { id, state };
}

function defaultComputed(type: string): Computer {
    // aws:<module>/<resource>:<Type> -> arn:aws:<module>:<region>:<account>:<resource>/<name>
    const [, module = "", resource = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
    return (s, c) => (module ? { arn: arn(c, module, `${resource}/${s.name ?? hex(c.urn, 12)}`) } : {});
}

/** `route53.getZone`: a public hosted zone of the offline account (AWS returns the name without the final dot). */
export function hostedZone(inputs: Record<string, unknown>, ctx: MockContext): Record<string, unknown> {
    const name = String(inputs.name ?? "").replace(/\.$/, "");
    if (name === "") throw new Error("route53.getZone needs a name offline");
    const zoneId = `Z${hex(`zone:${name}`, 20).toUpperCase()}`;
    return {
        id: zoneId,
        zoneId,
        name,
        arn: `arn:${ctx.partition}:route53:::hostedzone/${zoneId}`,
        privateZone: false,
        resourceRecordSetCount: 2,
        nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"],
    };
}
