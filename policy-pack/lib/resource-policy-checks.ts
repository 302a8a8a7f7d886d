/**
 * Public-access checks on resource-based policies, on the normalised statements of
 * lib/iam-document.ts. A statement is a public grant when it Allows a public principal (`*`, a
 * principal map with `*` in any list, or any NotPrincipal) either every action of a service, or
 * anything at all without a condition that pins the caller to an account, organisation, network or
 * source resource. Findings are value-free: they name condition keys, never their values.
 */
import { NormalisedStatement } from "./iam-document";
import { Findings } from "./iam-checks";
import { hasWildcard } from "./iam-facts";

/**
 * Condition keys that restrict who the caller is or where the request comes from: the global ones
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) and the
 * service keys that pin the caller's account as aws:PrincipalAccount does. `kms:CallerAccount`
 * matches the AWS account of the calling principal (AWS KMS condition keys,
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account);
 * the policy AWS writes for every AWS managed key (aws/ssm, aws/s3, ...) is `Principal: {AWS: "*"}`
 * limited by kms:CallerAccount plus kms:ViaService.
 * Keys such as aws:SecureTransport, aws:UserAgent or kms:ViaService only describe the request (any
 * account's principal can call through SSM): alone, they do not close a public grant.
 */
export const RESTRICTING_KEYS: readonly string[] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "kms:CallerAccount",
];

/**
 * Operators under which the listed values are the only ones admitted. Negated operators admit
 * everyone else, `...IfExists` and `ForAllValues:` pass when the key is absent (a direct call from
 * another account carries no aws:SourceArn), `Null` tests presence only
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
const PINNING_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];

const ARN_KEYS = ["aws:sourcearn", "aws:principalarn"];

/** True when a statement names every principal (or Allows by NotPrincipal). */
export function isPublicPrincipal(s: NormalisedStatement): boolean {
    return s.present.includes("NotPrincipal") || s.principals.some((p) => p.value.trim() === "*");
}

/** A condition value that pins something: no wildcard, or an ARN whose account field is a literal account. */
function pins(key: string, value: string): boolean {
    const v = value.trim();
    if (v === "") return false;
    if (!/[*?]/.test(v)) return true;
    if (!ARN_KEYS.includes(key)) return false;
    const account = v.split(":")[4];
    return account !== undefined && /^\d{12}$/.test(account);
}

/** `true` when some condition restricts the caller, `"unknown"` when an unknown one might. */
export function restrictsCaller(s: NormalisedStatement): boolean | "unknown" {
    const keys = RESTRICTING_KEYS.map((k) => k.toLowerCase());
    let undecided = false;
    for (const [operator, block] of Object.entries(s.conditions)) {
        const op = operator.toLowerCase().replace(/^foranyvalue:/, "");
        if (!PINNING_OPERATORS.includes(op)) continue;
        for (const [rawKey, values] of Object.entries(block)) {
            const key = rawKey.toLowerCase();
            if (!keys.includes(key)) continue;
            // Condition values unknown in preview are left out of `values` (and the key may be empty).
            if (values.length === 0) undecided = undecided || s.unknown.includes("Condition");
            else if (values.every((v) => pins(key, v))) return true;
        }
    }
    // A wholly unknown operator block leaves `{}`: it could hold a restricting key.
    if (s.unknown.includes("Condition")) undecided = true;
    return undecided ? "unknown" : false;
}

/** Every action, or every action of a service: `*`, `*:*`, `s3:*`, a wildcard service, or NotAction. */
function wildcardActions(s: NormalisedStatement): string[] {
    const out = s.actions.filter((a) => {
        const i = a.indexOf(":");
        if (a.trim() === "*" || i < 0) return a.trim() === "*";
        return hasWildcard(a.slice(0, i)) || /^\*+$/.test(a.slice(i + 1));
    });
    if (s.present.includes("NotAction")) out.push("NotAction");
    return out;
}

/** The public grants of one resource-policy statement. */
export function publicGrantFindings(s: NormalisedStatement): Findings {
    const f: Findings = { violations: [], pending: [] };
    if (s.effect !== "Allow" || !isPublicPrincipal(s)) return f;
    const wildcards = wildcardActions(s);
    if (wildcards.length > 0) {
        f.violations.push(`grants every action (${wildcards.join(", ")}) to every principal`);
        return f;
    }
    const restricted = restrictsCaller(s);
    if (restricted === "unknown") f.pending.push("Condition");
    else if (restricted) {
        // A condition pins the caller, but an unknown action could still be a service-wide wildcard.
        if (s.unknown.includes("Action")) f.pending.push("Action");
    } else {
        f.violations.push(
            `lets every principal in without a condition that restricts the caller (${RESTRICTING_KEYS.join(", ")})`,
        );
    }
    return f;
}
