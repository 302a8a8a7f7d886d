/**
 * Which input changes make the AWS provider replace a resource instead of updating it. The Pulumi
 * AWS provider is bridged from hashicorp/terraform-provider-aws, and a bridged property whose
 * Terraform schema says `ForceNew: true` is a replacement in `pulumi preview`
 * (https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/#creation-and-deletion-order).
 *
 * Each entry was read from the provider's source at the commit named (the stored copy of
 * https://github.com/hashicorp/terraform-provider-aws); properties are the Pulumi input names
 * (camelCase; Terraform list blocks are plural in Pulumi: `volume` -> `volumes`). A property
 * matches a change at itself or anywhere below it (`containerDefinitions[0].cpu`). Only top-level
 * ForceNew properties are listed: a ForceNew field inside a block that is not ForceNew itself is
 * left out (none of them is set by this program). Conditional replacements (CustomizeDiff
 * `ForceNewIf...`) are named in `conditional` and not flagged.
 *
 * A type listed as `unverified` has not been read yet: its diff flags only a physical-name change
 * (offline/mock-values.ts autonameProperty), which every AWS resource with a name replaces.
 * tests/tools/plan/force-new.spec.ts checks every type the stacks contain has an entry and every
 * property exists in the @pulumi/aws input type.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

export const PROVIDER_REPOSITORY = "https://github.com/hashicorp/terraform-provider-aws";

export interface ForceNewEntry {
    /** Path in the provider repository and the commit it was read at. */
    readonly source?: { readonly file: string; readonly commit: string };
    /** Pulumi input names whose change replaces the resource. */
    readonly properties: readonly string[];
    /** Replacements that depend on old and new values, not flagged (Terraform CustomizeDiff). */
    readonly conditional?: string;
    /** Not read from the provider yet: only a physical-name change is flagged. */
    readonly unverified?: true;
}

const src = (file: string, commit: string) => ({ file: `internal/service/${file}`, commit });
const UNVERIFIED: ForceNewEntry = { properties: [], unverified: true };

export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
    // inference_accelerator is ForceNew too, but @pulumi/aws 7 has no such input (the spec checks each name).
    [AWS_TYPE.ecs.TaskDefinition]: {
        source: src("ecs/task_definition.go", "04fc21d56d73cb67a9bbef2aedcffe8fbfd07286"),
        properties: [
            "containerDefinitions",
            "cpu",
            "ephemeralStorage",
            "executionRoleArn",
            "family",
            "ipcMode",
            "memory",
            "networkMode",
            "pidMode",
            "placementConstraints",
            "proxyConfiguration",
            "requiresCompatibilities",
            "runtimePlatform",
            "taskRoleArn",
            "volumes",
        ],
    },
    [AWS_TYPE.lb.LoadBalancer]: {
        source: src("elbv2/load_balancer.go", "00edc94be7a89c4c485415cdec27094875f61bfc"),
        properties: ["customerOwnedIpv4Pool", "internal", "loadBalancerType", "name", "namePrefix"],
    },
    [AWS_TYPE.rds.Instance]: {
        source: src("rds/instance.go", "00e4b23838859616dd0ebc9d1fd9364c0f6bff22"),
        properties: [
            "availabilityZone",
            "characterSetName",
            "customIamInstanceProfile",
            "dbName",
            "engine",
            "identifier",
            "identifierPrefix",
            "kmsKeyId",
            "ncharCharacterSetName",
            "restoreToPointInTime",
            "snapshotIdentifier",
            "storageEncrypted",
            "timezone",
            "username",
        ],
    },
    [AWS_TYPE.ec2.SecurityGroup]: {
        source: src("ec2/vpc_security_group.go", "01606926a0c0ab9174aec440f976a48b0baee722"),
        properties: ["description", "name", "namePrefix", "vpcId"],
    },
    [AWS_TYPE.ec2.Subnet]: {
        source: src("ec2/vpc_subnet.go", "00cda125a19d31754cb0d073cf551264c57955cb"),
        properties: [
            "availabilityZone",
            "availabilityZoneId",
            "cidrBlock",
            "ipv4IpamPoolId",
            "ipv4NetmaskLength",
            "ipv6IpamPoolId",
            "ipv6Native",
            "ipv6NetmaskLength",
            "outpostArn",
            "vpcId",
        ],
        conditional: "ipv6CidrBlock when assignIpv6AddressOnCreation was true",
    },
    [AWS_TYPE.ec2.Vpc]: {
        source: src("ec2/vpc_.go", "00081ce41cc691433ac19bf42227cdabffd0454d"),
        properties: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
    },
    [AWS_TYPE.ecr.Repository]: {
        source: src("ecr/repository.go", "0072eea2d6046230a1fb7717741c17fd2122175e"),
        properties: ["encryptionConfigurations", "name"],
    },
    [AWS_TYPE.kms.Key]: {
        source: src("kms/key.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39"),
        properties: ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"],
    },
    [AWS_TYPE.ssm.Parameter]: {
        source: src("ssm/parameter.go", "0073593e7d6993ba482409f4dc35438daaa79bb3"),
        properties: ["dataType", "name"],
        conditional: "tier from Advanced to Standard",
    },
    [AWS_TYPE.cloudwatch.LogGroup]: {
        source: src("logs/group.go", "0073593e7d6993ba482409f4dc35438daaa79bb3"),
        properties: ["logGroupClass", "name", "namePrefix"],
    },
    [AWS_TYPE.iam.Role]: {
        source: src("iam/role.go", "0040ea6911af00bea2cca6dbb14e86829826ad8e"),
        properties: ["name", "namePrefix", "path"],
    },
    [AWS_TYPE.appautoscaling.Policy]: UNVERIFIED,
    [AWS_TYPE.appautoscaling.ScheduledAction]: UNVERIFIED,
    [AWS_TYPE.cloudwatch.Dashboard]: UNVERIFIED,
    [AWS_TYPE.appautoscaling.Target]: UNVERIFIED,
    [AWS_TYPE.cloudfront.Distribution]: UNVERIFIED,
    [AWS_TYPE.cloudwatch.MetricAlarm]: UNVERIFIED,
    [AWS_TYPE.ec2.DefaultSecurityGroup]: UNVERIFIED,
    [AWS_TYPE.ec2.InternetGateway]: UNVERIFIED,
    [AWS_TYPE.ec2.Route]: UNVERIFIED,
    [AWS_TYPE.ec2.RouteTable]: UNVERIFIED,
    [AWS_TYPE.ec2.RouteTableAssociation]: UNVERIFIED,
    [AWS_TYPE.ec2.VpcEndpoint]: UNVERIFIED,
    [AWS_TYPE.ecr.LifecyclePolicy]: UNVERIFIED,
    [AWS_TYPE.ecs.Cluster]: UNVERIFIED,
    [AWS_TYPE.ecs.ClusterCapacityProviders]: UNVERIFIED,
    [AWS_TYPE.ecs.Service]: UNVERIFIED,
    [AWS_TYPE.iam.RolePolicy]: UNVERIFIED,
    [AWS_TYPE.kms.Alias]: UNVERIFIED,
    [AWS_TYPE.lb.Listener]: UNVERIFIED,
    [AWS_TYPE.lb.ListenerRule]: UNVERIFIED,
    [AWS_TYPE.lb.TargetGroup]: UNVERIFIED,
    [AWS_TYPE.rds.ParameterGroup]: UNVERIFIED,
    [AWS_TYPE.rds.SubnetGroup]: UNVERIFIED,
    [AWS_TYPE.s3.Bucket]: UNVERIFIED,
    [AWS_TYPE.s3.BucketLifecycleConfiguration]: UNVERIFIED,
    // target_bucket and target_prefix update in place (PutBucketLogging again).
    [AWS_TYPE.s3.BucketLogging]: {
        source: src("s3/bucket_logging.go", "01f431114674c27cf790fafb67ac274bf8f765e1"),
        properties: ["bucket", "expectedBucketOwner"],
    },
    [AWS_TYPE.s3.BucketOwnershipControls]: UNVERIFIED,
    [AWS_TYPE.s3.BucketPolicy]: UNVERIFIED,
    [AWS_TYPE.s3.BucketPublicAccessBlock]: UNVERIFIED,
    [AWS_TYPE.s3.BucketServerSideEncryptionConfiguration]: UNVERIFIED,
    [AWS_TYPE.s3.BucketVersioning]: UNVERIFIED,
    [AWS_TYPE.servicediscovery.PrivateDnsNamespace]: UNVERIFIED,
    [AWS_TYPE.servicediscovery.Service]: UNVERIFIED,
    [AWS_TYPE.sns.Topic]: UNVERIFIED,
    [AWS_TYPE.sqs.Queue]: UNVERIFIED,
    [AWS_TYPE.ecr.PullThroughCacheRule]: UNVERIFIED,
    [AWS_TYPE.sqs.QueuePolicy]: UNVERIFIED,
    [AWS_TYPE.sns.TopicPolicy]: UNVERIFIED,
    [AWS_TYPE.vpc.SecurityGroupEgressRule]: UNVERIFIED,
    [AWS_TYPE.vpc.SecurityGroupIngressRule]: UNVERIFIED,
    // The program replaces the VPC origin itself on a change of its endpoint (replaceOnChanges: it cannot be
    // updated while a distribution uses it), which the diff reads from the resource.
    [AWS_TYPE.cloudfront.VpcOrigin]: UNVERIFIED,
    [AWS_TYPE.cloudfront.ResponseHeadersPolicy]: UNVERIFIED,
    [AWS_TYPE.iam.RolePolicyAttachment]: UNVERIFIED,
    [AWS_TYPE.wafv2.WebAcl]: UNVERIFIED,
    [AWS_TYPE.wafv2.WebAclLoggingConfiguration]: UNVERIFIED,
};

/** The entry's properties that `path` (`a.b[0].c`) falls under. */
export function forceNewProperty(type: string, path: string): string | undefined {
    for (const p of FORCE_NEW[type]?.properties ?? []) {
        if (path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)) return p;
    }
    return undefined;
}
