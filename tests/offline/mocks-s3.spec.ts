/**
 * The offline mocks answer S3 server access logging as the provider does: no autonamed `name` (the
 * resource has no such input) and the source bucket's name as the id.
 */
import * as assert from "assert";
import { autonameProperty, mockState, OFFLINE_ACCOUNT } from "../../offline/mock-values";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

describe("offline mocks: aws.s3.BucketLogging", () => {
    const ctx = { ...OFFLINE_ACCOUNT, region: "us-east-1" };
    const urn = "urn:pulumi:dev::ecs-platform::aws:s3/bucketLogging:BucketLogging::storage-agent-data-access-logging";
    const inputs = {
        bucket: "storage-agent-data-0a1b2c3",
        targetBucket: "storage-access-logs-4d5e6f7",
        targetPrefix: "agent-data/",
    };

    it("invents no name input", () => {
        assert.strictEqual(autonameProperty(AWS_TYPE.s3.BucketLogging), undefined);
        const { state } = mockState(AWS_TYPE.s3.BucketLogging, "l", urn, inputs, ctx, true);
        assert.deepStrictEqual(Object.keys(state).sort(), ["bucket", "targetBucket", "targetPrefix"]);
    });
    it("has the source bucket's name as its id after create", () => {
        const { id, state } = mockState(AWS_TYPE.s3.BucketLogging, "l", urn, inputs, ctx, false);
        assert.strictEqual(id, "storage-agent-data-0a1b2c3");
        assert.strictEqual(state.arn, undefined, "a logging configuration has no ARN");
    });
});
