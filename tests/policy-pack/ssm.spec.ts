import * as assert from "assert";
import { secureParameters } from "../../policy-pack/ssm";
import { expectCannotRun, expectClean, expectNoLeak, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
const CMK = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const VALUE = "correct-horse-battery-staple";
const param = (inputs: Record<string, unknown>, name = "param") => res(AWS_TYPE.ssm.Parameter, name, inputs);

describe("ssm-secure-parameters", () => {
    it("is advisory, medium", () => {
        assert.strictEqual(secureParameters.enforcementLevel, "advisory");
        assert.strictEqual(secureParameters.severity, "medium");
    });
    it("flags a sensitive String parameter without echoing its value", () => {
        const r = run(secureParameters, param({ name: "/app/dev/db-password", type: "String", value: VALUE }));
        expectViolations(r, 1);
        expectNoLeak(r, [VALUE]);
    });
    it("detects sensitivity from the description or the autonamed resource name", () => {
        expectViolations(
            run(secureParameters, param({ name: "/app/x", description: "API token", type: "String", value: VALUE })),
            1,
        );
        expectViolations(run(secureParameters, param({ type: "String", value: VALUE }, "db-secret")), 1);
    });
    it("flags the AWS managed key and a missing key id", () => {
        const base = { name: "/app/dev/api-key", type: "SecureString", value: VALUE };
        expectViolations(run(secureParameters, param(base)), 1);
        expectViolations(run(secureParameters, param({ ...base, keyId: "alias/aws/ssm" })), 1);
        expectViolations(run(secureParameters, param({ ...base, keyId: "arn:aws:kms:us-east-1:1:alias/aws/ssm" })), 1);
    });
    it("flags insecureValue on a sensitive parameter without echoing it", () => {
        const r = run(
            secureParameters,
            param({ name: "/app/dev/token", type: "SecureString", keyId: CMK, insecureValue: VALUE }),
        );
        expectViolations(r, 1);
        expectNoLeak(r, [VALUE]);
    });
    it("passes CMK SecureStrings (an unknown key is the stack's CMK) and non-sensitive parameters", () => {
        expectClean(
            run(
                secureParameters,
                param({ name: "/app/dev/db-password", type: "SecureString", keyId: CMK, value: VALUE }),
            ),
        );
        expectClean(
            run(
                secureParameters,
                param({ name: "/app/dev/db-password", type: "SecureString", keyId: UNKNOWN, value: UNKNOWN }),
            ),
        );
        expectClean(run(secureParameters, param({ name: "/app/dev/log-level", type: "String", value: "info" })));
    });
    it("uses a configured pattern; cannot run on an unknown name that might be sensitive", () => {
        expectViolations(
            run(secureParameters, param({ name: "/app/pin", type: "String", value: "1" }), { sensitivePattern: "pin" }),
            1,
        );
        expectCannotRun(run(secureParameters, param({ name: UNKNOWN, type: "String", value: "x" }, "p")));
        expectViolations(
            run(secureParameters, param({ name: UNKNOWN, description: "db password", type: "String" })),
            1,
        );
    });
});
