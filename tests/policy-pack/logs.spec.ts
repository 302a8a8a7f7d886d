import * as assert from "assert";
import { logGroupKms, logGroupRetention, logsPolicies } from "../../policy-pack/logs";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
const group = (inputs: Record<string, unknown>) => res(AWS_TYPE.cloudwatch.LogGroup, "bff-logs", inputs);

describe("logs policies", () => {
    it("are advisory by default", () => {
        assert.deepStrictEqual(
            logsPolicies.map((p) => [p.name, p.enforcementLevel, p.severity]),
            [
                ["log-group-retention", "advisory", "medium"],
                ["log-group-kms", "advisory", "low"],
            ],
        );
    });

    describe("log-group-retention", () => {
        it("flags a missing retention and 0 (never expire), as awsx's bare groups have", () => {
            expectViolations(run(logGroupRetention, group({})), 1);
            expectViolations(run(logGroupRetention, group({ retentionInDays: 0 })), 1);
        });
        it("flags values CloudWatch does not offer", () => {
            const [m] = expectViolations(run(logGroupRetention, group({ retentionInDays: 10 })), 1);
            assert.match(m, /not a value CloudWatch Logs offers/);
        });
        it("applies the configured range (default 7-3653)", () => {
            expectClean(run(logGroupRetention, group({ retentionInDays: 7 })));
            expectViolations(run(logGroupRetention, group({ retentionInDays: 3 })), 1);
            expectViolations(run(logGroupRetention, group({ retentionInDays: 30 }), { minDays: 365 }), 1);
            expectViolations(run(logGroupRetention, group({ retentionInDays: 400 }), { maxDays: 365 }), 1);
            expectClean(run(logGroupRetention, group({ retentionInDays: "14" })));
        });
        it("cannot run on an unknown retention", () => {
            expectCannotRun(run(logGroupRetention, group({ retentionInDays: UNKNOWN })));
        });
        it("honours a waiver by URN", () => {
            const r = run(logGroupRetention, group({}), {
                exclude: [{ pattern: "cloudwatch/logGroup:LogGroup::bff-logs$", reason: "kept forever by audit rule" }],
            });
            expectViolations(r, 0);
        });
    });

    describe("log-group-kms", () => {
        it("flags a missing key; an unknown key counts as set", () => {
            expectViolations(run(logGroupKms, group({ retentionInDays: 7 })), 1);
            expectClean(run(logGroupKms, group({ kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" })));
            expectClean(run(logGroupKms, group({ kmsKeyId: UNKNOWN })));
        });
    });
});
