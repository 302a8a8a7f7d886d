/**
 * The few questions the ECR and S3 policies ask of a resource-based policy document (an ECR
 * repository policy, an S3 bucket policy): is it readable, does it let everyone in without a
 * condition, does it deny insecure transport. The document may be a JSON string or an object
 * (@pulumi/aws 7 accepts both), `Statement` a single object or a list, `Principal` a string or a
 * map of string-or-list. The IAM area has its own, fuller document model.
 */
import { containsUnknown, isUnknown, unwrap } from "./known-values";

export type Statement = Readonly<Record<string, unknown>>;

export type ParsedPolicyDocument =
    | { readonly kind: "document"; readonly statements: readonly Statement[] }
    | { readonly kind: "unknown" }
    | { readonly kind: "invalid"; readonly reason: string };

/** Parses a policy document value; unknown anywhere inside counts as unknown. */
export function parsePolicyDocument(value: unknown): ParsedPolicyDocument {
    const raw = unwrap(value);
    if (isUnknown(raw)) return { kind: "unknown" };
    let doc: unknown = raw;
    if (typeof raw === "string") {
        try {
            doc = JSON.parse(raw);
        } catch {
            return { kind: "invalid", reason: "is not valid JSON" };
        }
    }
    if (containsUnknown(doc)) return { kind: "unknown" };
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        return { kind: "invalid", reason: "is not a JSON policy document" };
    }
    const statement = (doc as Record<string, unknown>).Statement;
    const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    if (list.length === 0) return { kind: "invalid", reason: "has no Statement" };
    if (list.some((s) => s === null || typeof s !== "object" || Array.isArray(s))) {
        return { kind: "invalid", reason: "has a Statement entry that is not an object" };
    }
    return { kind: "document", statements: list as Statement[] };
}

/** An Allow statement (a missing or odd Effect is not treated as Deny). */
export function isAllow(s: Statement): boolean {
    return s.Effect !== "Deny";
}

/** True when the statement carries at least one condition. */
export function hasCondition(s: Statement): boolean {
    const c = s.Condition;
    return c !== null && typeof c === "object" && Object.keys(c).length > 0;
}

/**
 * True when the statement applies to every principal: `Principal: "*"`, `{AWS: "*"}`,
 * `{AWS: [..., "*"]}` (any principal type), or any `NotPrincipal` (an Allow with NotPrincipal
 * admits everyone but the listed principals).
 */
export function appliesToEveryone(s: Statement): boolean {
    if (s.NotPrincipal !== undefined) return true;
    const p = s.Principal;
    if (p === "*") return true;
    if (p === null || typeof p !== "object") return false;
    return Object.values(p as Record<string, unknown>).some((v) =>
        (Array.isArray(v) ? v : [v]).some((x) => typeof x === "string" && x.trim() === "*"),
    );
}

/** Allow statements open to everyone with no condition: the public grants. */
export function publicGrants(statements: readonly Statement[]): Statement[] {
    return statements.filter((s) => isAllow(s) && appliesToEveryone(s) && !hasCondition(s));
}

/**
 * True when some Deny statement for everyone carries `aws:SecureTransport` = false under a Bool
 * operator: the documented way to make a bucket TLS-only (AwsSolutions-S10).
 */
export function deniesInsecureTransport(statements: readonly Statement[]): boolean {
    return statements.some((s) => {
        if (s.Effect !== "Deny" || !appliesToEveryone(s)) return false;
        const condition = s.Condition;
        if (condition === null || typeof condition !== "object") return false;
        return Object.entries(condition as Record<string, unknown>).some(([operator, block]) => {
            if (!/^Bool(IfExists)?$/i.test(operator) || block === null || typeof block !== "object") return false;
            return Object.entries(block as Record<string, unknown>).some(
                ([key, v]) =>
                    key.toLowerCase() === "aws:securetransport" &&
                    (Array.isArray(v) ? v : [v]).some((x) => String(x).toLowerCase() === "false"),
            );
        });
    });
}
