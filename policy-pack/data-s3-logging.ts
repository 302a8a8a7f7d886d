/**
 * "data" area: S3 server access logging. Every bucket logs its requests into a dedicated log bucket
 * (AWSGuard `s3-bucket-logging-enabled`, which in @pulumi/aws 7 reads a `loggings` input that no
 * longer exists and so flags every bucket; here the aws 7 shapes are read: the `aws.s3.BucketLogging`
 * resource, its deprecated V2 token, and the deprecated inline `logging` block).
 *
 * Buckets are told apart by the `BucketPurpose` tag the program sets (lib/bucket-purpose.ts): the
 * dedicated log bucket (`s3-access-logs`) is exempt, every other bucket, tagged or not, must log,
 * into a bucket other than itself and, when the target is in the stack, into one tagged as the log bucket.
 */
import { PolicyResource } from "@pulumi/policy";
import { attachedTo, BUCKET_TYPES } from "./data";
import { PlatformPolicy, stackPolicy } from "./lib/define-policy";
import { at, isUnknown, UnknownNeeds } from "./lib/known-values";
import { dependenciesVia, describeResource, settle } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";
import { ReferenceIndex } from "./lib/reference-index";
import { BUCKET_PURPOSE, BUCKET_PURPOSE_TAG, EXEMPT_FROM_ACCESS_LOGGING } from "./lib/bucket-purpose";

const LOGGING_TYPES = [AWS_TYPE.s3.BucketLogging, AWS_TYPE.s3.BucketLoggingV2];

/** The bucket's `BucketPurpose` tag: a string, undefined when untagged, or the unknown marker. */
function purposeOf(bucket: PolicyResource): unknown {
    const tags = at(bucket.props, "tags");
    if (isUnknown(tags)) return tags;
    return at(tags, BUCKET_PURPOSE_TAG);
}

/** True when `ref` (a bucket name or id) names `bucket`. */
function names(ref: unknown, bucket: PolicyResource): boolean {
    return typeof ref === "string" && ["bucket", "id"].some((k) => at(bucket.props, k) === ref);
}

export const s3ServerAccessLogging = stackPolicy(
    {
        name: "s3-server-access-logging",
        area: "data",
        description:
            "Every S3 bucket except the dedicated log bucket (tag BucketPurpose=s3-access-logs) has server access " +
            "logging (aws.s3.BucketLogging) into another bucket, and, when that bucket is in the stack, into one " +
            "tagged as the log bucket.",
        why:
            "Server access logs are the only per-request record of who read, wrote or deleted objects (CloudTrail " +
            "data events cost extra and are off by default). The log bucket itself is exempt: logging it into " +
            "itself loops (every log write is a request that is logged), and into a further bucket only moves the " +
            "question one bucket on.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Add `aws.s3.BucketLogging` with `targetBucket` = the stack's log bucket (SSE-S3, a bucket policy " +
            "allowing `logging.s3.amazonaws.com` s3:PutObject with aws:SourceArn/aws:SourceAccount) and a " +
            "`targetPrefix` per source; tag the log bucket `BucketPurpose: s3-access-logs`.",
        anchors: ["AWSGuard s3-bucket-logging-enabled", "CKV_AWS_18", "AwsSolutions-S1", "Security Hub S3.9"],
    },
    (args, report) => {
        const needs = new UnknownNeeds();
        const buckets = args.resources.filter((r) => BUCKET_TYPES.includes(r.type));
        const loggings = new ReferenceIndex(
            args.resources.filter((r) => LOGGING_TYPES.includes(r.type)),
            "bucket",
        );
        for (const bucket of buckets) {
            const purpose = purposeOf(bucket);
            if (isUnknown(purpose)) {
                needs.note(`${bucket.name}.tags`);
                continue;
            }
            if (EXEMPT_FROM_ACCESS_LOGGING.some((p) => p === purpose)) continue;
            const what = describeResource(bucket);
            const attached = attachedTo(bucket, loggings);
            const inline = at(bucket.props, "logging");
            if (isUnknown(inline)) needs.note(`${bucket.name}.logging`);
            const targets = attached.found.map((l) => ({ ref: at(l.props, "targetBucket"), via: l }));
            if (inline !== undefined && inline !== null && !isUnknown(inline)) {
                targets.push({ ref: at(inline, "targetBucket"), via: bucket });
            }
            if (targets.length === 0) {
                if (attached.undecided) needs.note(`${bucket.name} server access logging`);
                else if (!isUnknown(inline)) report(`${what} has no server access logging.`, bucket.urn);
                continue;
            }
            for (const { ref, via } of targets) {
                const inStack = via === bucket ? [] : dependenciesVia(via, "targetBucket");
                const target = inStack.find((r) => BUCKET_TYPES.includes(r.type)) ?? buckets.find((b) => names(ref, b));
                if (target === bucket || names(ref, bucket)) {
                    report(`${what} logs its requests into itself (an endless loop of log writes).`, bucket.urn);
                    continue;
                }
                if (target === undefined) {
                    if (isUnknown(ref) && inStack.length === 0) needs.note(`${via.name}.targetBucket`);
                    continue; // a log bucket outside the stack: its own stack answers for it
                }
                const targetPurpose = purposeOf(target);
                if (isUnknown(targetPurpose)) needs.note(`${target.name}.tags`);
                else if (targetPurpose !== BUCKET_PURPOSE.s3AccessLogs) {
                    report(
                        `${what} logs into ${describeResource(target)}, which is not tagged ` +
                            `${BUCKET_PURPOSE_TAG}=${BUCKET_PURPOSE.s3AccessLogs} (a dedicated log bucket).`,
                        bucket.urn,
                    );
                }
            }
        }
        settle(needs);
    },
);

export const s3LoggingPolicies: PlatformPolicy[] = [s3ServerAccessLogging];
