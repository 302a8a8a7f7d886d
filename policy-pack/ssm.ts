/** Policies of the "ssm" area: Parameter Store parameters that hold secrets. */
import { PlatformPolicy, resourcePolicy } from "./lib/define-policy";
import { asText, at, isUnknown, UnknownNeeds } from "./lib/known-values";
import { configPattern, settle, withDefaults } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";

/** Parameter names or descriptions that announce a secret. */
export const DEFAULT_SENSITIVE_PARAMETER_PATTERN =
    "(pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential|connection[-_]?string|database[-_]?url|dsn)";

/** The AWS managed key of Parameter Store: every principal of the account may decrypt with it. */
const AWS_MANAGED_SSM_KEY = /(^|:)alias\/aws\/ssm$/;

interface SsmConfig {
    sensitivePattern: string;
}

export const secureParameters = resourcePolicy(
    {
        name: "ssm-secure-parameters",
        area: "ssm",
        description:
            "SSM parameters whose name or description looks sensitive are SecureString, encrypted with a customer managed KMS key, and carry no insecureValue.",
        why: "A String parameter is plaintext to anyone with ssm:GetParameter; the AWS managed key aws/ssm lets every principal of the account decrypt. `insecureValue` puts the value in plaintext in state and diffs.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            'Use `type: "SecureString"`, `keyId: <customer managed key ARN>` and set the value from a Pulumi secret (`value: cfg.requireSecret(...)` or the write-only `valueWo`), never `insecureValue`.',
        anchors: ["CKV2_AWS_34", "CKV_AWS_337", "KICS Pulumi SSM Parameter Encrypted With Default Key"],
        config: {
            sensitivePattern: {
                type: "string",
                default: DEFAULT_SENSITIVE_PARAMETER_PATTERN,
                description: "Case-insensitive regular expression over the parameter name and description.",
            },
        },
    },
    [AWS_TYPE.ssm.Parameter],
    (props, args, report) => {
        const cfg = withDefaults<SsmConfig>(args, { sensitivePattern: DEFAULT_SENSITIVE_PARAMETER_PATTERN });
        const pattern = configPattern("ssm-secure-parameters", "sensitivePattern", cfg.sensitivePattern);
        const needs = new UnknownNeeds();
        const name = at(props, "name");
        const description = at(props, "description");
        // Without an explicit name the parameter is autonamed from the resource name.
        const names = [isUnknown(name) ? undefined : (asText(name) ?? args.name), description];
        const sensitive = names.some((n) => typeof n === "string" && pattern.test(n));
        if (!sensitive) {
            if (isUnknown(name)) needs.note("name");
            if (isUnknown(description)) needs.note("description");
            return settle(needs);
        }
        const type = at(props, "type");
        if (isUnknown(type)) needs.note("type");
        else if (type !== "SecureString") report("a sensitive parameter is not a SecureString.");
        else {
            const key = at(props, "keyId");
            // An unknown key id is a key created by this stack: a customer managed key.
            if (!isUnknown(key) && asText(key) === undefined) {
                report("a sensitive SecureString has no keyId, so the AWS managed key aws/ssm encrypts it.");
            } else if (typeof key === "string" && AWS_MANAGED_SSM_KEY.test(key)) {
                report("a sensitive SecureString uses the AWS managed key aws/ssm.");
            }
        }
        if (at(props, "insecureValue") !== undefined) report("a sensitive parameter sets insecureValue.");
        settle(needs);
    },
);

/** Policies of the "ssm" area. */
export const ssmPolicies: PlatformPolicy[] = [secureParameters];
