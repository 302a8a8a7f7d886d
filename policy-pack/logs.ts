/** Policies of the "logs" area: CloudWatch log groups (including those awsx or ECS would create bare). */
import { PlatformPolicy, resourcePolicy } from "./lib/define-policy";
import { LOG_RETENTION_DAYS } from "./lib/aws-limits";
import { asNumber, asText, at, isUnknown } from "./lib/known-values";
import { cannotDecide, withDefaults } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";

interface RetentionConfig {
    minDays: number;
    maxDays: number;
}

const RETENTION_DEFAULTS: RetentionConfig = { minDays: 7, maxDays: 3653 };

export const logGroupRetention = resourcePolicy(
    {
        name: "log-group-retention",
        area: "logs",
        description:
            "CloudWatch log groups set retentionInDays to a value CloudWatch offers, within the stack's [minDays, maxDays].",
        why: "Without retention logs are kept (and billed) forever; too short a retention loses the evidence an incident needs. Defaults 7-3653 days; prod stacks raise minDays.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: `Set \`retentionInDays\` to one of ${LOG_RETENTION_DAYS.join(", ")} within the configured range.`,
        anchors: [
            "CKV_AWS_66",
            "CKV_AWS_338",
            "KICS ef0b316a-211e-42f1-888e-64efe172b755",
            "cdk-nag CloudWatchLogGroupRetentionPeriod",
        ],
        config: {
            minDays: { type: "integer", minimum: 1, default: RETENTION_DEFAULTS.minDays },
            maxDays: { type: "integer", minimum: 1, default: RETENTION_DEFAULTS.maxDays },
        },
    },
    [AWS_TYPE.cloudwatch.LogGroup],
    (props, args, report) => {
        const cfg = withDefaults<RetentionConfig>(args, RETENTION_DEFAULTS);
        const raw = at(props, "retentionInDays");
        if (isUnknown(raw)) return cannotDecide("retentionInDays");
        const days = asNumber(raw);
        if (days === undefined || days === 0) return report("retentionInDays is not set, so logs never expire.");
        if (!LOG_RETENTION_DAYS.includes(days)) {
            return report(`retentionInDays ${days} is not a value CloudWatch Logs offers.`);
        }
        if (days < cfg.minDays) report(`retentionInDays ${days} is below the minimum of ${cfg.minDays}.`);
        if (days > cfg.maxDays) report(`retentionInDays ${days} is above the maximum of ${cfg.maxDays}.`);
    },
);

export const logGroupKms = resourcePolicy(
    {
        name: "log-group-kms",
        area: "logs",
        description: "CloudWatch log groups are encrypted with a customer managed KMS key.",
        why: "A CMK lets the stack revoke access to log data independently of CloudWatch permissions. Low and advisory: CloudWatch encrypts logs at rest anyway.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `kmsKeyId` to a KMS key whose key policy lets logs.<region>.amazonaws.com use it (kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey*, kms:Describe*).",
        anchors: ["CKV_AWS_158", "KICS 0afbcfe9-d341-4b92-a64c-7e6de0543879", "cdk-nag CloudWatchLogGroupEncrypted"],
    },
    [AWS_TYPE.cloudwatch.LogGroup],
    (props, _args, report) => {
        // An unknown key id is a key of this stack: present.
        const key = at(props, "kmsKeyId");
        if (!isUnknown(key) && asText(key) === undefined) report("kmsKeyId is not set.");
    },
);

/** Policies of the "logs" area. */
export const logsPolicies: PlatformPolicy[] = [logGroupRetention, logGroupKms];
