/**
 * Statement-level IAM checks shared by the IAM policies. Each returns value-free findings
 * ("allows every action of service s3 (s3:*)"); action names are AWS vocabulary, never secrets,
 * so they may appear, but resources, principals' ARNs and condition values never do.
 */
import {
    coversAllResources,
    hasConditionKey,
    NormalisedStatement,
    statementGrants,
    StatementField,
} from "./iam-document";
import { accessLevels, actionExists, expandWildcard, hasWildcard, resourceTypeNames, serviceExists } from "./iam-facts";

export interface Findings {
    readonly violations: string[];
    /** Statement fields whose unknown values kept a decision open. */
    readonly pending: StatementField[];
}

const none = (): Findings => ({ violations: [], pending: [] });

/**
 * Single actions that let a principal raise its own privileges (cloudsplaining's
 * PRIVILEGE_ESCALATION_METHODS, as used by Checkov CKV_AWS_286), plus `ecs:ExecuteCommand`
 * (a shell in a running task and its role's credentials; Prowler ECS-006).
 * `iam:PassRole` and `sts:AssumeRole` are judged separately: they are fine when scoped.
 */
export const ESCALATION_ACTIONS: readonly string[] = [
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "glue:UpdateDevEndpoint",
    "ecs:ExecuteCommand",
];

function splitAction(pattern: string): [string, string] | undefined {
    const i = pattern.indexOf(":");
    return i > 0 ? [pattern.slice(0, i), pattern.slice(i + 1)] : undefined;
}

const ACCOUNT_ROOT = /^(arn:aws[a-z-]*:iam::\d{12}:root|\d{12})$/;

/**
 * IAM-01: `*`, `*:*`, a wildcard service, or `service:*` in an Allow statement's Action.
 * With `keyPolicy`, the default KMS key-policy statement (`kms:*` for the account root only) is
 * accepted: it grants nothing itself, it delegates the key's use to IAM policies.
 */
export function wildcardActionFindings(s: NormalisedStatement, keyPolicy = false): Findings {
    const f = none();
    if (s.effect !== "Allow") return f;
    for (const a of s.actions) {
        const parts = splitAction(a);
        if (a.trim() === "*" || (parts && parts[0] === "*" && parts[1] === "*")) {
            f.violations.push(`allows every action of every service (${a})`);
        } else if (parts && hasWildcard(parts[0])) {
            f.violations.push(`allows actions across services through a wildcard service prefix (${a})`);
        } else if (parts && /^\*+$/.test(parts[1])) {
            const rootDelegation = keyPolicy && parts[0].toLowerCase() === "kms" && accountRootOnly(s);
            if (rootDelegation === "unknown") f.pending.push("Principal");
            else if (!rootDelegation)
                f.violations.push(`allows every action of service ${parts[0].toLowerCase()} (${a})`);
        }
    }
    if (s.unknown.includes("Action")) f.pending.push("Action");
    return f;
}

/** S3 resource types that are objects (through the bucket or an access point). */
const OBJECT_TYPES = ["object", "accesspointobject"];

/** True when a resource pattern can name objects: "*", an S3 ARN with a key part, or a wildcard bucket. */
function mayNameObjects(resource: string): boolean {
    const r = resource.trim();
    if (r === "*") return true;
    const m = /^arn:[^:]*:s3:[^:]*:[^:]*:(.*)$/i.exec(r);
    return m !== null && (m[1].includes("/") || hasWildcard(m[1]));
}

/**
 * An S3 action pattern with a wildcard in the action name (`s3:*Object`, `s3:Put*`, `s3:*Object*`) that
 * reaches object-level actions beyond reading: deletes (DeleteObject, DeleteObjectVersion: the data and
 * its versioned history), overwrites, ACLs and retention. `s3:GetObject*` (reads only) passes; service-wide
 * `s3:*` is the service-wide check's. Judged on any bucket's objects: in preview a statement's bucket
 * ARN is unknown, and a data bucket is whatever is not a log bucket.
 */
export function objectWildcardFindings(s: NormalisedStatement): Findings {
    const f = none();
    if (s.effect !== "Allow") return f;
    for (const pattern of s.actions) {
        const parts = splitAction(pattern);
        if (!parts || parts[0].toLowerCase() !== "s3" || !hasWildcard(parts[1]) || /^\*+$/.test(parts[1])) continue;
        const reached = expandWildcard(pattern).filter(
            (a) =>
                resourceTypeNames(a).some((t) => OBJECT_TYPES.includes(t)) &&
                accessLevels(a).some((l) => l !== "Read" && l !== "List"),
        );
        if (reached.length === 0) continue;
        if (!s.resources.some(mayNameObjects)) {
            if (s.unknown.includes("Resource")) f.pending.push("Resource");
            continue;
        }
        const shown = reached.slice(0, 4).join(", ") + (reached.length > 4 ? ` and ${reached.length - 4} more` : "");
        f.violations.push(
            `grants object-level writes and deletes through the wildcard ${pattern} (${shown}); list the object actions`,
        );
    }
    return f;
}

/** True when every principal is an account root; `unknown` when unknown principals could be. */
function accountRootOnly(s: NormalisedStatement): boolean | "unknown" {
    if (s.present.includes("NotPrincipal")) return false;
    if (!s.principals.every((p) => p.kind === "AWS" && ACCOUNT_ROOT.test(p.value))) return false;
    if (s.unknown.includes("Principal")) return "unknown";
    return s.principals.length > 0;
}

/** IAM-02: Allow with NotAction / NotResource / NotPrincipal grants by exclusion. */
export function notElementFindings(s: NormalisedStatement): Findings {
    const f = none();
    if (s.effect !== "Allow") return f;
    if (s.present.includes("NotAction")) f.violations.push("allows every action except those listed (NotAction)");
    if (s.present.includes("NotResource")) {
        f.violations.push("applies to every resource except those listed (NotResource)");
    }
    if (s.present.includes("NotPrincipal"))
        f.violations.push("trusts every principal except those listed (NotPrincipal)");
    return f;
}

/** Why an action pattern names nothing real in IAM; undefined when it is fine. */
export function actionProblem(pattern: string): string | undefined {
    if (pattern.trim() === "*") return undefined;
    const parts = splitAction(pattern);
    if (!parts || parts[1] === "" || parts[1].includes(":"))
        return `names an action not of the form service:action (${pattern})`;
    const [service, action] = parts;
    if (!hasWildcard(service) && !serviceExists(service)) {
        return `names a service prefix IAM does not know (${pattern})`;
    }
    if (hasWildcard(pattern)) {
        return expandWildcard(pattern).length === 0
            ? `names a pattern that matches no IAM action (${pattern})`
            : undefined;
    }
    return actionExists(`${service}:${action}`) ? undefined : `names an action that does not exist in IAM (${pattern})`;
}

/** IAM-04: every Action/NotAction entry exists in IAM. */
export function actionExistenceFindings(s: NormalisedStatement): Findings {
    const f = none();
    for (const pattern of [...s.actions, ...s.notActions]) {
        const problem = actionProblem(pattern);
        if (problem) f.violations.push(problem);
    }
    return f;
}

/** IAM-06: escalation actions, unscoped or unconditioned iam:PassRole, sts:AssumeRole on every role. */
export function escalationFindings(s: NormalisedStatement): Findings {
    const f = none();
    if (s.effect !== "Allow") return f;
    const grants = (action: string): boolean => {
        const g = statementGrants(s, action);
        if (g === "unknown") {
            f.pending.push(s.present.includes("NotAction") ? "NotAction" : "Action");
            return false;
        }
        return g;
    };
    const escalations = ESCALATION_ACTIONS.filter(grants);
    if (escalations.length > 0) {
        f.violations.push(`allows privilege escalation through ${escalations.join(", ")}`);
    }
    if (grants("iam:PassRole")) {
        if (coversAllResources(s)) f.violations.push("allows iam:PassRole on every role");
        if (s.unknown.includes("Condition") && Object.keys(s.conditions).length === 0) f.pending.push("Condition");
        else if (!hasConditionKey(s, "iam:PassedToService")) {
            f.violations.push("allows iam:PassRole without an iam:PassedToService condition");
        }
    }
    if (grants("sts:AssumeRole") && coversAllResources(s)) f.violations.push("allows sts:AssumeRole on every role");
    return f;
}

/** IAM-07: an Allow in a trust policy must not name every principal. */
export function publicPrincipalFindings(s: NormalisedStatement): Findings {
    const f = none();
    if (s.effect !== "Allow") return f;
    if (s.principals.some((p) => p.value.trim() === "*")) f.violations.push('trusts every principal ("*")');
    return f;
}
