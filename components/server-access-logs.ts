/**
 * S3 server access logging: a dedicated, locked-down log bucket and one `aws.s3.BucketLogging` per
 * source bucket. Facts (Amazon S3 User Guide, "Enabling Amazon S3 server access logging",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html, and
 * "Logging requests with server access logging",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html):
 * - the destination must be in the same Region and account as the source: a component that owns
 *   buckets owns their log bucket (the foundation may live in another stack than the edge);
 * - with Object Ownership "bucket owner enforced" ACL grants are impossible, so delivery is granted
 *   by a bucket policy to the `logging.s3.amazonaws.com` service principal, pinned with
 *   `aws:SourceArn` (the source bucket) and `aws:SourceAccount`, as the guide's example does;
 * - the destination's default encryption must be SSE-S3 (SSE-KMS default encryption is not
 *   supported for log delivery), and logging a bucket into itself loops, so the log bucket logs nowhere.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { privateBucket } from "./private-bucket";
import { BUCKET_PURPOSE } from "../policy-pack/lib/bucket-purpose";

/** Days a server access log object is kept before the lifecycle expires it. */
export const SERVER_ACCESS_LOG_RETENTION_DAYS = 90;

/** The S3 service principal that writes server access logs. */
export const S3_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";

export interface AccessLogSource {
    readonly bucket: aws.s3.Bucket;
    /** Key prefix of this source's logs in the log bucket, ending in "/" (e.g. `agent-data/`). */
    readonly prefix: string;
}

export interface ServerAccessLogsArgs {
    /** Pulumi `protect` (and, unprotected, `forceDestroy`) of the log bucket. Required. */
    readonly protect: boolean;
    /** The buckets whose requests are logged. Required, at least one. */
    readonly sources: readonly AccessLogSource[];
    /** Account of the sources (the `aws:SourceAccount` condition); omitted when not known. */
    readonly accountId?: pulumi.Input<string>;
    /** Log retention in days. Default SERVER_ACCESS_LOG_RETENTION_DAYS (90). */
    readonly retentionDays?: number;
}

/** Creates `<name>-access-logs` and the logging configuration of every source, as children of `parent`. */
export function serverAccessLogs(
    parent: pulumi.Resource,
    name: string,
    args: ServerAccessLogsArgs,
): { bucket: aws.s3.Bucket; loggings: aws.s3.BucketLogging[] } {
    if (args.sources.length === 0) throw new Error(`serverAccessLogs ${name}: no source bucket to log`);
    for (const s of args.sources) {
        if (!/^[a-z0-9][a-z0-9-]*\/$/.test(s.prefix)) {
            throw new Error(`serverAccessLogs ${name}: prefix "${s.prefix}" must be lower-case words and end in "/"`);
        }
    }
    const logs = privateBucket(parent, `${name}-access-logs`, {
        protect: args.protect,
        purpose: BUCKET_PURPOSE.s3AccessLogs,
        sseAlgorithm: "AES256",
        lifecycleRules: [
            {
                id: "expire-server-access-logs",
                status: "Enabled",
                filter: {},
                expiration: { days: args.retentionDays ?? SERVER_ACCESS_LOG_RETENTION_DAYS },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        ],
        extraStatements: (logBucketArn) =>
            args.sources.map((source, i) => ({
                Sid: `AllowS3ServerAccessLogDelivery${i + 1}`,
                Effect: "Allow",
                Principal: { Service: S3_LOG_DELIVERY_PRINCIPAL },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${logBucketArn}/${source.prefix}*`,
                Condition: {
                    ArnLike: { "aws:SourceArn": source.bucket.arn },
                    ...(args.accountId !== undefined ? { StringEquals: { "aws:SourceAccount": args.accountId } } : {}),
                },
            })),
    });
    const loggings = args.sources.map(
        (source) =>
            new aws.s3.BucketLogging(
                loggingName(name, source.prefix),
                { bucket: source.bucket.id, targetBucket: logs.bucket.id, targetPrefix: source.prefix },
                // After the delivery grant: S3 starts writing as soon as logging is on.
                { parent, dependsOn: logs.ready },
            ),
    );
    return { bucket: logs.bucket, loggings };
}

function loggingName(name: string, prefix: string): string {
    return `${name}-${prefix.replace(/\/$/, "")}-access-logging`;
}
