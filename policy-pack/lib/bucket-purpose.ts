/**
 * What an S3 bucket of this program holds, as a tag the program sets and the pack reads (policies
 * recognise resources by tags, never by names). One home for the key and its values.
 *
 * - `data`: application data (AgentCore's objects). Gets server access logging.
 * - `alb-access-logs`: the ALB's access logs. Gets server access logging too: who read or deleted
 *   the request records is itself audit data.
 * - `s3-access-logs`: the dedicated target of S3 server access logging. Exempt from logging itself:
 *   logging into itself would log its own log writes forever, and logging it into another bucket
 *   only moves the question one bucket further (docs/policies.md, "s3-server-access-logging").
 *
 * A bucket without the tag counts as a data bucket: an unknown bucket is never exempted.
 */
export const BUCKET_PURPOSE_TAG = "BucketPurpose";

export const BUCKET_PURPOSE = {
    data: "data",
    albAccessLogs: "alb-access-logs",
    s3AccessLogs: "s3-access-logs",
} as const;

export type BucketPurpose = (typeof BUCKET_PURPOSE)[keyof typeof BUCKET_PURPOSE];

/** The only purpose the server-access-logging policy exempts. */
export const EXEMPT_FROM_ACCESS_LOGGING: readonly BucketPurpose[] = [BUCKET_PURPOSE.s3AccessLogs];

/** Purposes whose objects are records written by AWS services, not application data. */
export const LOG_PURPOSES: readonly BucketPurpose[] = [BUCKET_PURPOSE.albAccessLogs, BUCKET_PURPOSE.s3AccessLogs];
