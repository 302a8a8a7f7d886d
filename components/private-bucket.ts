/**
 * The S3 baseline every bucket of this program gets (CKV2_AWS_6, AwsSolutions-S2/S10): public
 * access blocked, owner-enforced objects (no ACLs), default encryption, a lifecycle, and a policy
 * that denies any request not made over TLS. Used by Storage (agent data) and Edge (ALB logs).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { BUCKET_PURPOSE_TAG, BucketPurpose } from "../policy-pack/lib/bucket-purpose";

export interface PrivateBucketArgs {
    /**
     * Pulumi `protect` on the bucket. Required. It also decides `forceDestroy`: an unprotected
     * bucket is emptied (every object version) on delete, so `pulumi destroy` of dev/test completes;
     * S3 refuses to delete a bucket that still holds objects ("BucketNotEmpty",
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html), and the ALB log
     * bucket holds ELB's test object from the moment access logging is switched on
     * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
     */
    readonly protect: boolean;
    /**
     * What the bucket holds, set as the `BucketPurpose` tag the policy pack reads (which buckets need
     * server access logging, which are log buckets). Required.
     */
    readonly purpose: BucketPurpose;
    /** Default encryption: "AES256" (SSE-S3, the only one ALB log delivery supports) or "aws:kms" (AWS managed key). Required. */
    readonly sseAlgorithm: "AES256" | "aws:kms";
    /** Lifecycle rules (ids, expirations). Required: every bucket ages something out. */
    readonly lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[];
    /** Statements added to the TLS-only policy, e.g. a log-delivery grant. Default none. */
    readonly extraStatements?: (bucketArn: pulumi.Output<string>) => aws.iam.PolicyStatement[];
    /** Turn on versioning (before the lifecycle, which may expire non-current versions). Default false. */
    readonly versioned?: boolean;
}

export interface PrivateBucket {
    readonly bucket: aws.s3.Bucket;
    /** Resources that must exist before the bucket is used (policy, ownership, encryption). */
    readonly ready: pulumi.Resource[];
}

/** Creates `resourceName` and its baseline as children of `parent`. */
export function privateBucket(parent: pulumi.Resource, resourceName: string, args: PrivateBucketArgs): PrivateBucket {
    // forceDestroy is provider-side only (no API call until the delete), so flipping it is an in-place update.
    // Tags are an in-place update (no replacement of a deployed bucket).
    const bucket = new aws.s3.Bucket(
        resourceName,
        { forceDestroy: !args.protect, tags: { [BUCKET_PURPOSE_TAG]: args.purpose } },
        { parent, protect: args.protect },
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${resourceName}-public-access`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        { parent },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
        `${resourceName}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { parent },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${resourceName}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: args.sseAlgorithm },
                    // The bucket key cuts KMS request charges; meaningless for SSE-S3.
                    bucketKeyEnabled: args.sseAlgorithm === "aws:kms" ? true : undefined,
                },
            ],
        },
        { parent },
    );
    const versioning = args.versioned
        ? new aws.s3.BucketVersioning(
              `${resourceName}-versioning`,
              { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
              { parent },
          )
        : undefined;
    new aws.s3.BucketLifecycleConfiguration(
        `${resourceName}-lifecycle`,
        { bucket: bucket.id, rules: args.lifecycleRules },
        { parent, dependsOn: versioning ? [versioning] : [] },
    );
    const policy: aws.iam.PolicyDocument = {
        Version: "2012-10-17",
        Statement: [
            ...(args.extraStatements?.(bucket.arn) ?? []),
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
    // After the public access block, so S3 never evaluates the policy on an unguarded bucket.
    const bucketPolicy = new aws.s3.BucketPolicy(
        `${resourceName}-policy`,
        { bucket: bucket.id, policy },
        { parent, dependsOn: [publicAccessBlock] },
    );
    return { bucket, ready: [bucketPolicy, ownership, encryption] };
}
