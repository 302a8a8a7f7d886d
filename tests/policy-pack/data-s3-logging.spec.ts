/**
 * s3-server-access-logging (policy-pack/data-s3-logging.ts): every bucket but the dedicated log
 * bucket logs into a bucket other than itself, tagged as the log bucket when it is in the stack.
 * Look-alikes: a bucket tagged as the ALB log bucket is not exempt; logging into itself or into a
 * data bucket is not "logging"; a target outside the stack is accepted.
 */
import * as assert from "assert";
import { AnalyzedResource } from "../../offline/analyze";
import { s3ServerAccessLogging } from "../../policy-pack/data-s3-logging";
import { policies } from "../../policy-pack/policies";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { BUCKET_PURPOSE, BUCKET_PURPOSE_TAG } from "../../policy-pack/lib/bucket-purpose";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";

const bucket = (name: string, purpose?: string, type: string = AWS_TYPE.s3.Bucket) =>
    res(type, name, { bucket: name, id: name, ...(purpose ? { tags: { [BUCKET_PURPOSE_TAG]: purpose } } : {}) });

const logging = (
    source: AnalyzedResource,
    target: AnalyzedResource | string,
    type: string = AWS_TYPE.s3.BucketLogging,
) =>
    res(
        type,
        `${source.name}-logging`,
        { bucket: UNKNOWN, targetBucket: typeof target === "string" ? target : UNKNOWN, targetPrefix: "x/" },
        { bucket: [source], ...(typeof target === "string" ? {} : { targetBucket: [target] }) },
    );

describe("s3-server-access-logging", () => {
    const logs = bucket("access-logs", BUCKET_PURPOSE.s3AccessLogs);
    const data = bucket("agent-data", BUCKET_PURPOSE.data);

    it("is registered, advisory, in the data area", () => {
        assert.ok(policies.includes(s3ServerAccessLogging));
        assert.strictEqual(s3ServerAccessLogging.enforcementLevel, "advisory");
        assert.strictEqual(s3ServerAccessLogging.metadata.area, "data");
    });
    it("passes a data bucket logged into the dedicated log bucket, which itself is exempt", () => {
        expectClean(run(s3ServerAccessLogging, [data, logs, logging(data, logs)]));
        expectClean(run(s3ServerAccessLogging, [data, logs, logging(data, logs, AWS_TYPE.s3.BucketLoggingV2)]));
    });
    it("flags a bucket without logging, tagged or not", () => {
        const [m] = expectViolations(run(s3ServerAccessLogging, [data, logs]), 1);
        assert.match(m, /agent-data.*no server access logging/);
        expectViolations(run(s3ServerAccessLogging, [bucket("untagged")]), 1);
    });
    it("look-alike: the ALB access-log bucket is a log bucket, but not the exempt one", () => {
        const alb = bucket("alb-logs", BUCKET_PURPOSE.albAccessLogs);
        expectViolations(run(s3ServerAccessLogging, [alb, logs]), 1);
        expectClean(run(s3ServerAccessLogging, [alb, logs, logging(alb, logs)]));
        // Another tag key with the exempt value exempts nothing.
        const other = res(AWS_TYPE.s3.Bucket, "other", {
            bucket: "other",
            tags: { Purpose: BUCKET_PURPOSE.s3AccessLogs },
        });
        expectViolations(run(s3ServerAccessLogging, [other]), 1);
    });
    it("look-alike: logging into itself is a loop, not logging", () => {
        const [m] = expectViolations(run(s3ServerAccessLogging, [data, logging(data, data)]), 1);
        assert.match(m, /into itself/);
        expectViolations(run(s3ServerAccessLogging, [data, logging(data, "agent-data")]), 1);
    });
    it("look-alike: logging into a bucket of the stack not tagged as the log bucket", () => {
        const other = bucket("scratch", BUCKET_PURPOSE.data);
        const r = run(s3ServerAccessLogging, [data, other, logging(data, other), logging(other, logs), logs]);
        const [m] = expectViolations(r, 1);
        assert.match(m, /agent-data.*not tagged BucketPurpose=s3-access-logs/);
    });
    it("accepts a log bucket outside the stack (named by a literal) and the inline logging block", () => {
        expectClean(run(s3ServerAccessLogging, [data, logging(data, "central-access-logs-123456789012")]));
        const inline = res(AWS_TYPE.s3.Bucket, "inline", {
            bucket: "inline",
            logging: { targetBucket: "access-logs", targetPrefix: "inline/" },
        });
        expectClean(run(s3ServerAccessLogging, [inline, logs]));
        const self = res(AWS_TYPE.s3.Bucket, "self", { bucket: "self", logging: { targetBucket: "self" } });
        expectViolations(run(s3ServerAccessLogging, [self]), 1);
    });
    it("cannot decide on unknown tags or an unknown logging target, and says so", () => {
        const unknownTags = res(AWS_TYPE.s3.Bucket, "b", { bucket: "b", tags: UNKNOWN });
        expectCannotRun(run(s3ServerAccessLogging, [unknownTags]));
        const pending = res(AWS_TYPE.s3.BucketLogging, "l", { bucket: UNKNOWN, targetBucket: UNKNOWN });
        expectCannotRun(run(s3ServerAccessLogging, [bucket("b"), pending]));
    });
});
