/**
 * Policies of the "data" area: the PostgreSQL RDS instance (and, for "not publicly accessible", every
 * RDS-family data store) and the S3 buckets. "Not publicly accessible" is mandatory by default (a
 * database on the internet is a breach waiting to happen); the rest are advisory. Nothing here ever prints a password or policy value.
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { asBoolean, asNumber, at, isUnknown, UnknownNeeds } from "./lib/known-values";
import { cannotDecide, describeResource, settle, withDefaults } from "./lib/policy-support";
import { deniesInsecureTransport, parsePolicyDocument, publicGrants, Statement } from "./lib/resource-policy";
import { AWS_TYPE } from "./lib/aws-types";
import { ReferenceIndex } from "./lib/reference-index";

function isAurora(props: unknown): boolean | "unknown" {
    const engine = at(props, "engine");
    if (isUnknown(engine)) return "unknown";
    return typeof engine === "string" && engine.startsWith("aurora");
}

/**
 * Every type of the RDS family whose provider inputs carry `publiclyAccessible` (grep of
 * node_modules/@pulumi/aws/{rds,docdb,neptune,redshift,redshiftserverless}/*.d.ts, aws 7.48.0):
 * RDS instances, Aurora cluster members, Aurora Limitless shard groups, Neptune instances (same
 * RDS API), Redshift clusters and Redshift Serverless workgroups. Left out, with reasons:
 * `aws.rds.Cluster` has no such input in this provider (the Multi-AZ DB cluster's CreateDBCluster
 * `PubliclyAccessible` is not exposed), `aws.docdb.ClusterInstance` has it only as an output
 * (DocumentDB instances are never public), and `aws.dms.ReplicationInstance` is not a data store.
 * The provider documents `false` as the default for each, so an absent input is not public.
 */
export const PUBLICLY_ACCESSIBLE_TYPES: readonly string[] = [
    AWS_TYPE.rds.Instance,
    AWS_TYPE.rds.ClusterInstance,
    AWS_TYPE.rds.ShardGroup,
    AWS_TYPE.neptune.ClusterInstance,
    AWS_TYPE.redshift.Cluster,
    AWS_TYPE.redshiftserverless.Workgroup,
];

export const rdsNotPublic = resourcePolicy(
    {
        name: "rds-not-public",
        area: "data",
        description:
            "RDS-family data stores (RDS and Aurora instances, Aurora shard groups, Neptune instances, Redshift clusters and Serverless workgroups) are not publicly accessible.",
        why: "A publicly accessible database gets a public DNS answer and IP; one security group mistake then exposes it. Mandatory by default.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Set `publiclyAccessible: false` and use a subnet group of private subnets; reach the data store from the tasks' security groups only.",
        anchors: [
            "CKV_AWS_17",
            "CKV_AWS_87",
            "KICS 35113e6f-2c6b-414d-beec-7a9482d3b2d1",
            "cdk-nag RDSInstancePublicAccess",
            "AWSGuard rds-instance-public-access",
            "KICS af173fde-95ea-4584-b904-bb3923ac4bda",
            "Security Hub Redshift.1",
        ],
    },
    PUBLICLY_ACCESSIBLE_TYPES,
    (props, _args, report) => {
        const open = at(props, "publiclyAccessible");
        if (isUnknown(open)) return cannotDecide("publiclyAccessible");
        if (asBoolean(open) === true) report("publiclyAccessible is true.");
    },
);

export const rdsEncrypted = resourcePolicy(
    {
        name: "rds-storage-encrypted",
        area: "data",
        description: "RDS instances encrypt their storage (Aurora instances inherit it from the cluster).",
        why: "Unencrypted storage, snapshots and replicas expose the data to anyone who gets a snapshot shared or copied; encryption cannot be turned on later without a restore.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps: "Set `storageEncrypted: true` and preferably `kmsKeyId` to a customer managed key.",
        anchors: ["CKV_AWS_16", "AwsSolutions-RDS2", "AWSGuard rds-storage-encrypted"],
    },
    [AWS_TYPE.rds.Instance],
    (props, args, report) => {
        const aurora = isAurora(props);
        if (aurora === "unknown") return cannotDecide("engine");
        if (aurora) args.notApplicable("Aurora storage encryption is set on the cluster");
        const encrypted = at(props, "storageEncrypted");
        if (isUnknown(encrypted)) return cannotDecide("storageEncrypted");
        if (asBoolean(encrypted) !== true) report("storageEncrypted is not true.");
    },
);

interface HygieneConfig {
    minBackupRetentionDays: number;
    requireDeletionProtection: boolean;
    requireIamAuthentication: boolean;
}

const HYGIENE_DEFAULTS: HygieneConfig = {
    minBackupRetentionDays: 7,
    requireDeletionProtection: true,
    requireIamAuthentication: true,
};

export const rdsHygiene = resourcePolicy(
    {
        name: "rds-hygiene",
        area: "data",
        description:
            "RDS instances keep automated backups for at least minBackupRetentionDays, have deletion protection and IAM database authentication (each configurable).",
        why: "Backups are the only way back from a bad migration or deletion; deletion protection stops an accidental `pulumi destroy`; IAM auth removes long-lived database passwords from the app.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `backupRetentionPeriod` (>= the minimum), `deletionProtection: true` and `iamDatabaseAuthenticationEnabled: true`; dev stacks may relax them in this policy's config.",
        anchors: ["CKV_AWS_133", "CKV_AWS_293", "CKV_AWS_161", "AwsSolutions-RDS10", "AwsSolutions-RDS13"],
        config: {
            minBackupRetentionDays: { type: "integer", minimum: 0, maximum: 35, default: 7 },
            requireDeletionProtection: { type: "boolean", default: true },
            requireIamAuthentication: { type: "boolean", default: true },
        },
    },
    [AWS_TYPE.rds.Instance],
    (props, args, report) => {
        const cfg = withDefaults<HygieneConfig>(args, HYGIENE_DEFAULTS);
        const needs = new UnknownNeeds();
        const aurora = isAurora(props);
        if (aurora === "unknown") needs.note("engine");
        else if (!aurora) {
            const raw = at(props, "backupRetentionPeriod");
            const days = asNumber(raw);
            if (isUnknown(raw)) needs.note("backupRetentionPeriod");
            else if (days === undefined) report("backupRetentionPeriod is not set.");
            else if (days < cfg.minBackupRetentionDays) {
                report(`backupRetentionPeriod ${days} is below the minimum of ${cfg.minBackupRetentionDays} days.`);
            }
        }
        const flags: [keyof HygieneConfig, string][] = [
            ["requireDeletionProtection", "deletionProtection"],
            ["requireIamAuthentication", "iamDatabaseAuthenticationEnabled"],
        ];
        for (const [required, property] of flags) {
            if (!cfg[required]) continue;
            const v = at(props, property);
            if (isUnknown(v)) needs.note(property);
            else if (asBoolean(v) !== true) report(`${property} is not true.`);
        }
        settle(needs);
    },
);

export const rdsManagedPassword = resourcePolicy(
    {
        name: "rds-managed-master-password",
        area: "data",
        description:
            "RDS instances let RDS manage the master password in Secrets Manager (or use the write-only passwordWo); no `password` input.",
        why: "A `password` input is stored in Pulumi state and passes through the plan; a managed password never leaves Secrets Manager and can rotate.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `manageMasterUserPassword: true` (optionally `masterUserSecretKmsKeyId`) and remove `password`; the tasks read the generated secret through the execution role.",
        anchors: ["AwsSolutions-SMG4 (rotation)", "CKV2_AWS_69 (companion)"],
    },
    [AWS_TYPE.rds.Instance],
    (props, args, report) => {
        for (const inherited of ["replicateSourceDb", "snapshotIdentifier"]) {
            if (at(props, inherited) !== undefined) {
                args.notApplicable(`the master password comes from the source (${inherited})`);
            }
        }
        const aurora = isAurora(props);
        if (aurora === "unknown") return cannotDecide("engine");
        if (aurora) args.notApplicable("Aurora master credentials are set on the cluster");
        const managed = at(props, "manageMasterUserPassword");
        if (isUnknown(managed)) return cannotDecide("manageMasterUserPassword");
        if (asBoolean(managed) === true) return;
        // Only presence is read; the value is never touched or echoed.
        if (at(props, "password") !== undefined) {
            return report("a master `password` input is set (it is stored in state); use manageMasterUserPassword.");
        }
        if (at(props, "passwordWo") !== undefined) return;
        report("manageMasterUserPassword is not true.");
    },
);

export const BUCKET_TYPES = [AWS_TYPE.s3.Bucket, AWS_TYPE.s3.BucketV2];
const SSE_TYPES = [
    AWS_TYPE.s3.BucketServerSideEncryptionConfiguration,
    AWS_TYPE.s3.BucketServerSideEncryptionConfigurationV2,
];
const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3BucketBaseline = stackPolicy(
    {
        name: "s3-bucket-baseline",
        area: "data",
        description:
            "Every S3 bucket has a public access block with all four flags, a server-side encryption configuration, and a bucket policy that denies non-TLS access and grants nothing to everyone without a condition.",
        why: "Buckets hold logs and application data; the public access block is the guard against a later ACL or policy mistake, the TLS-only policy keeps data off plaintext connections.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            'Per bucket add `aws.s3.BucketPublicAccessBlock` (all four flags true), `aws.s3.BucketServerSideEncryptionConfiguration` (aws:kms with a CMK preferred), and an `aws.s3.BucketPolicy` with `{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket, bucket/*], Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
        anchors: [
            "CKV2_AWS_6",
            "CKV_AWS_53",
            "CKV_AWS_54",
            "CKV_AWS_55",
            "CKV_AWS_56",
            "CKV_AWS_19",
            "CKV_AWS_145",
            "CKV_AWS_70",
            "AwsSolutions-S2",
            "AwsSolutions-S10",
        ],
    },
    (args, report) => {
        const needs = new UnknownNeeds();
        const of = (types: readonly string[]) => args.resources.filter((r) => types.includes(r.type));
        const blocks = new ReferenceIndex(of([AWS_TYPE.s3.BucketPublicAccessBlock]), "bucket");
        const policies = new ReferenceIndex(of([AWS_TYPE.s3.BucketPolicy]), "bucket");
        const sse = new ReferenceIndex(of(SSE_TYPES), "bucket");
        for (const bucket of of(BUCKET_TYPES)) {
            const related = (candidates: ReferenceIndex) => attachedTo(bucket, candidates);
            checkPublicAccessBlock(bucket, related(blocks), needs, report);
            checkEncryption(bucket, related(sse), needs, report);
            checkBucketPolicy(bucket, related(policies), needs, report);
        }
        settle(needs);
    },
);

export interface Attached {
    /** Resources linked to the bucket for sure. */
    readonly found: PolicyResource[];
    /** True when some candidate's bucket reference could not be compared (unknown in preview). */
    readonly undecided: boolean;
}

/** Resources whose `bucket` input names this bucket: engine dependency, else name/id match. */
export function attachedTo(bucket: PolicyResource, candidates: ReferenceIndex): Attached {
    const found = new Set(candidates.linked(bucket));
    const ids = ["bucket", "id"].map((k) => at(bucket.props, k));
    const idsUnknown = ids.every(isUnknown);
    if (!idsUnknown) for (const id of ids) for (const c of candidates.naming(id)) found.add(c);
    const undecided = candidates.mayAlsoName(bucket) || (idsUnknown && candidates.unlinkedCount(bucket) > 0);
    return { found: [...found], undecided };
}

function checkPublicAccessBlock(bucket: PolicyResource, pab: Attached, needs: UnknownNeeds, report: ReportViolation) {
    const what = describeResource(bucket);
    if (pab.found.length === 0) {
        if (pab.undecided) needs.note(`${bucket.name} public access block`);
        else report(`${what} has no BucketPublicAccessBlock.`, bucket.urn);
        return;
    }
    const flags = PAB_FLAGS.map((f) => ({ f, v: pab.found.map((b) => at(b.props, f)) }));
    if (flags.some(({ v }) => v.some(isUnknown))) return needs.note(`${bucket.name} public access block flags`);
    const off = flags.filter(({ v }) => !v.some((x) => asBoolean(x) === true)).map(({ f }) => f);
    if (off.length > 0) report(`${what}: the public access block does not set ${off.join(", ")}.`, bucket.urn);
}

function checkEncryption(bucket: PolicyResource, sse: Attached, needs: UnknownNeeds, report: ReportViolation) {
    if (sse.found.length > 0) return;
    // The deprecated inline block still counts when present.
    const inline = at(bucket.props, "serverSideEncryptionConfiguration");
    if (isUnknown(inline) || (inline !== undefined && inline !== null)) return;
    if (sse.undecided) needs.note(`${bucket.name} encryption configuration`);
    else report(`${describeResource(bucket)} has no server-side encryption configuration.`, bucket.urn);
}

function checkBucketPolicy(bucket: PolicyResource, policies: Attached, needs: UnknownNeeds, report: ReportViolation) {
    const what = describeResource(bucket);
    const documents = [...policies.found.map((p) => at(p.props, "policy")), at(bucket.props, "policy")].filter(
        (d) => d !== undefined && d !== null && d !== "",
    );
    const statements: Statement[] = [];
    let unknown = false;
    for (const d of documents) {
        const doc = parsePolicyDocument(d);
        if (doc.kind === "unknown") unknown = true;
        else if (doc.kind === "invalid") report(`${what}: a bucket policy ${doc.reason}.`, bucket.urn);
        else statements.push(...doc.statements);
    }
    const open = publicGrants(statements);
    if (open.length > 0) {
        report(`${what}: the bucket policy allows every principal without a condition.`, bucket.urn);
    }
    if (deniesInsecureTransport(statements)) return;
    if (unknown || policies.undecided) needs.note(`${bucket.name} bucket policy`);
    else report(`${what} has no bucket policy denying aws:SecureTransport=false.`, bucket.urn);
}

/** Policies of the "data" area. */
export const dataPolicies: PlatformPolicy[] = [
    rdsNotPublic,
    rdsEncrypted,
    rdsHygiene,
    rdsManagedPassword,
    s3BucketBaseline,
];
