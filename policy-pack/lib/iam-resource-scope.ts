/**
 * Whether an Allow statement of an identity policy grants resource-scopable actions on every
 * resource: `Resource: "*"`, or an ARN pattern that means the same for the action's resource
 * types (`arn:aws:s3:::*`, `arn:*:*:*:*:*`, `arn:aws:dynamodb:*:*:table/*`, `arn:aws:sqs:*:*:*`).
 *
 * "Means the same" is decided from the IAM data, not from the pattern's shape: for each resource
 * type the action supports, the ARN format (`arn:${Partition}:dynamodb:${Region}:${Account}:
 * table/${TableName}`) is filled with a probe value in every variable position (region, account,
 * names). A pattern that still matches covers every resource of that type, in every region and
 * account; one that names a region, an account, a bucket or a log group does not. The partition
 * is taken from the pattern: an account lives in one partition, so naming it narrows nothing.
 * Actions without resource types only work on "*" (ecr:GetAuthorizationToken) and are never
 * findings. Service Authorization Reference: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { expandAction, NormalisedStatement } from "./iam-document";
import {
    actionConditionKeys,
    hasWildcard,
    resourceArnFormats,
    resourceTypesOptional,
    wildcardRegExp,
} from "./iam-facts";
import type { Findings } from "./iam-checks";

/**
 * Stands for any region, account or name. No literal in a pattern contains control characters, so
 * only wildcards match it; three characters so `?`-patterns of one or two characters do not.
 */
const PROBE = "\u0001\u0001\u0001";

const coverCache = new Map<string, boolean>();

/** True when resource pattern `pattern` matches every ARN of the resource type with ARN format `format`. */
export function coversEveryResourceOf(pattern: string, format: string): boolean {
    const key = `${pattern}\n${format}`;
    let covers = coverCache.get(key);
    if (covers === undefined) {
        const partition = pattern.split(":")[1];
        const probe = format.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
            name === "Partition" ? (partition && !hasWildcard(partition) ? partition : "aws") : PROBE,
        );
        covers = wildcardRegExp(pattern).test(probe);
        coverCache.set(key, covers);
    }
    return covers;
}

/** True when some resource pattern of the statement covers every resource of some type `action` supports. */
export function grantsOnEveryResource(resources: readonly string[], action: string): boolean {
    // A pattern without a wildcard names one ARN; only wildcard patterns can cover a whole type.
    const broad = resources.filter(hasWildcard);
    if (broad.length === 0) return false;
    return resourceArnFormats(action).some((format) => broad.some((r) => coversEveryResourceOf(r, format)));
}

/**
 * Operators under which the listed values are the only ones admitted (negated operators admit the
 * rest, `...IfExists` and `ForAllValues:` pass when the key is absent):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
const NARROWING_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];

/**
 * True when `Resource: "*"` is the documented way to grant `action` (it requires no resource type)
 * and the statement narrows it with a condition key the Service Authorization Reference documents
 * for that action, of the action's own service, to concrete values: CloudWatch's own example grants
 * cloudwatch:PutMetricData on "*" with StringEquals cloudwatch:namespace
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html).
 * Global keys (aws:...) describe the request or the caller, not what is acted on: they never count.
 * `"unknown"` when such a key's values are unknown (preview).
 */
export function narrowedByActionCondition(s: NormalisedStatement, action: string): boolean | "unknown" {
    if (!resourceTypesOptional(action)) return false;
    const service = action.slice(0, action.indexOf(":")).toLowerCase();
    const documented = actionConditionKeys(action).filter((k) => k.startsWith(`${service}:`));
    if (documented.length === 0) return false;
    let undecided = false;
    for (const [operator, block] of Object.entries(s.conditions)) {
        if (!NARROWING_OPERATORS.includes(operator.toLowerCase().replace(/^foranyvalue:/, ""))) continue;
        for (const [key, values] of Object.entries(block)) {
            if (!documented.includes(key.toLowerCase())) continue;
            if (values.length === 0) undecided = undecided || s.unknown.includes("Condition");
            else if (values.every((v) => v.trim() !== "" && !hasWildcard(v))) return true;
        }
    }
    return undecided ? "unknown" : false;
}

/**
 * The (expanded, de-duplicated) actions of an Allow statement that support resource-level
 * permissions and are granted on every resource; `exempt` actions (waived in config) are left out.
 * NotAction and NotResource statements are iam-no-allow-not-elements' business.
 */
export function everyResourceFindings(s: NormalisedStatement, exempt: (action: string) => boolean): Findings {
    const f: Findings = { violations: [], pending: [] };
    if (s.effect !== "Allow" || !s.resources.some(hasWildcard)) return f;
    const restrictable = new Set<string>();
    let narrowingUnknown = false;
    for (const pattern of s.actions) {
        for (const action of expandAction(pattern)) {
            if (exempt(action) || !grantsOnEveryResource(s.resources, action)) continue;
            const narrowed = narrowedByActionCondition(s, action);
            if (narrowed === "unknown") narrowingUnknown = true;
            else if (!narrowed) restrictable.add(action);
        }
    }
    if (narrowingUnknown) f.pending.push("Condition");
    if (restrictable.size > 0) {
        const list = [...restrictable];
        const shown = list.slice(0, 5).join(", ");
        const more = list.length > 5 ? ` and ${list.length - 5} more` : "";
        const where = s.resources.includes("*") ? 'Resource "*"' : "an ARN pattern that matches every resource";
        f.violations.push(
            `applies to every resource (${where}) although ${list.length} of its actions support resource-level ` +
                `permissions (${shown}${more}); name the resource ARNs`,
        );
    }
    if (s.unknown.includes("Action")) f.pending.push("Action");
    return f;
}
