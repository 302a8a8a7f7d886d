/**
 * IAM policy documents in one normalised form, whatever the program wrote: a JSON string or an
 * object, `Statement` as a list or a single object, `Action`/`Resource`/`Principal` values as a
 * string or a list. Unknown values (preview: ARNs of resources not created yet) stay out of the
 * lists and are named in `statement.unknown`, so the known actions, effects and principals can
 * still be judged. Problems are described without quoting document values.
 */
import { canonicalAction, expandWildcard, hasWildcard, wildcardRegExp } from "./iam-facts";
import { isUnknown, snapshot } from "./known-values";

export type PrincipalKind = "*" | "AWS" | "Service" | "Federated" | "CanonicalUser";
export interface Principal {
    readonly kind: PrincipalKind;
    readonly value: string;
}

export type StatementField =
    | "Statement"
    | "Effect"
    | "Action"
    | "NotAction"
    | "Resource"
    | "NotResource"
    | "Principal"
    | "NotPrincipal"
    | "Condition";

export interface NormalisedStatement {
    /** Position in the document, from 0. */
    readonly index: number;
    readonly sid?: string;
    /** A missing or invalid Effect is `Allow` (and a problem): never mistake it for a Deny. */
    readonly effect: "Allow" | "Deny";
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    readonly resources: readonly string[];
    readonly notResources: readonly string[];
    readonly principals: readonly Principal[];
    readonly notPrincipals: readonly Principal[];
    /** operator -> condition key -> values (an unknown value leaves its key with the known values). */
    readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
    /** Fields the statement sets (known or not). */
    readonly present: readonly StatementField[];
    /** Fields wholly or partly unknown during preview; their lists hold only the known elements. */
    readonly unknown: readonly StatementField[];
    /** Structural problems (missing Effect, neither Action nor NotAction, ...), value-free. */
    readonly problems: readonly string[];
}

export type ParsedDocument =
    | { readonly statements: readonly NormalisedStatement[] }
    | { readonly error: string }
    | { readonly unknown: true };

const PRINCIPAL_KINDS: readonly PrincipalKind[] = ["AWS", "Service", "Federated", "CanonicalUser"];

/** Parses a policy document given as a JSON string or an object (possibly behind the analyzer's proxy). */
export function parsePolicyDocument(doc: unknown): ParsedDocument {
    let value = snapshot(doc);
    if (isUnknown(value)) return { unknown: true };
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            // JSON.parse's message quotes the input; never pass it on.
            return { error: "is not valid JSON" };
        }
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) return { error: "is not a JSON object" };
    const statement = (value as Record<string, unknown>).Statement;
    if (isUnknown(statement)) return { unknown: true };
    if (statement === undefined || statement === null) return { error: "has no Statement" };
    const list = Array.isArray(statement) ? statement : [statement];
    if (list.length === 0) return { error: "has an empty Statement list" };
    return { statements: list.map((s, i) => normaliseStatement(s, i)) };
}

function normaliseStatement(raw: unknown, index: number): NormalisedStatement {
    const present: StatementField[] = [];
    const unknown: StatementField[] = [];
    const problems: string[] = [];
    if (isUnknown(raw) || raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        if (isUnknown(raw)) unknown.push("Statement", "Effect", "Action");
        else problems.push("is not an object");
        return empty(index, present, unknown, problems);
    }
    const s = raw as Record<string, unknown>;
    const strings = (field: StatementField): string[] => {
        const v = s[field];
        if (v === undefined) return [];
        present.push(field);
        return readStrings(v, field, unknown, problems, `has a ${field} element that is not a string`);
    };

    let effect: "Allow" | "Deny" = "Allow";
    if (s.Effect === undefined) problems.push("has no Effect");
    else if (isUnknown(s.Effect)) unknown.push("Effect");
    else if (s.Effect === "Deny") effect = "Deny";
    else if (s.Effect !== "Allow") problems.push("has an Effect other than Allow or Deny");
    if (s.Effect !== undefined) present.push("Effect");

    const actions = strings("Action");
    const notActions = strings("NotAction");
    const resources = strings("Resource");
    const notResources = strings("NotResource");
    if (present.includes("Action") === present.includes("NotAction")) {
        problems.push(
            present.includes("Action") ? "has both Action and NotAction" : "has neither Action nor NotAction",
        );
    }
    if (present.includes("Resource") && present.includes("NotResource"))
        problems.push("has both Resource and NotResource");
    const principals = principalsOf(s, "Principal", present, unknown, problems);
    const notPrincipals = principalsOf(s, "NotPrincipal", present, unknown, problems);
    const conditions = conditionsOf(s, present, unknown, problems);
    const sid = typeof s.Sid === "string" ? s.Sid : undefined;
    return {
        index,
        sid,
        effect,
        actions,
        notActions,
        resources,
        notResources,
        principals,
        notPrincipals,
        conditions,
        present,
        unknown,
        problems,
    };
}

/**
 * Reads one field value given as a string or a list of strings (the one reader for Action,
 * Resource, Principal values, ...): unknown elements mark `field` unknown and are left out,
 * non-string elements are a problem.
 */
function readStrings(
    v: unknown,
    field: StatementField,
    unknown: StatementField[],
    problems: string[],
    notString: string,
): string[] {
    const out: string[] = [];
    if (isUnknown(v)) {
        if (!unknown.includes(field)) unknown.push(field);
        return out;
    }
    for (const item of Array.isArray(v) ? v : [v]) {
        if (isUnknown(item)) {
            if (!unknown.includes(field)) unknown.push(field);
        } else if (typeof item === "string") {
            out.push(item);
        } else {
            problems.push(notString);
        }
    }
    return out;
}

function empty(index: number, present: StatementField[], unknown: StatementField[], problems: string[]) {
    return {
        index,
        effect: "Allow" as const,
        actions: [],
        notActions: [],
        resources: [],
        notResources: [],
        principals: [],
        notPrincipals: [],
        conditions: {},
        present,
        unknown,
        problems,
    };
}

function principalsOf(
    s: Record<string, unknown>,
    field: "Principal" | "NotPrincipal",
    present: StatementField[],
    unknown: StatementField[],
    problems: string[],
): Principal[] {
    const v = s[field];
    if (v === undefined) return [];
    present.push(field);
    if (isUnknown(v)) {
        unknown.push(field);
        return [];
    }
    if (v === "*") return [{ kind: "*", value: "*" }];
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        problems.push(`has a ${field} that is neither "*" nor an object`);
        return [];
    }
    const out: Principal[] = [];
    for (const [key, values] of Object.entries(v as Record<string, unknown>)) {
        const kind = PRINCIPAL_KINDS.find((k) => k === key);
        if (!kind) {
            problems.push(`has a ${field} of an unsupported kind`);
            continue;
        }
        const names = readStrings(values, field, unknown, problems, `has a ${field} value that is not a string`);
        out.push(...names.map((value) => ({ kind, value })));
    }
    return out;
}

function conditionsOf(
    s: Record<string, unknown>,
    present: StatementField[],
    unknown: StatementField[],
    problems: string[],
): Record<string, Record<string, string[]>> {
    const v = s.Condition;
    if (v === undefined) return {};
    present.push("Condition");
    if (isUnknown(v)) {
        unknown.push("Condition");
        return {};
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        problems.push("has a Condition that is not an object");
        return {};
    }
    const out: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(v as Record<string, unknown>)) {
        if (isUnknown(block)) {
            if (!unknown.includes("Condition")) unknown.push("Condition");
            out[operator] = {};
            continue;
        }
        if (block === null || typeof block !== "object" || Array.isArray(block)) {
            problems.push("has a Condition operator whose value is not an object");
            continue;
        }
        out[operator] = {};
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            const list: string[] = [];
            for (const item of Array.isArray(values) ? values : [values]) {
                if (isUnknown(item)) {
                    if (!unknown.includes("Condition")) unknown.push("Condition");
                } else if (item !== null && item !== undefined) {
                    list.push(String(item));
                }
            }
            out[operator][key] = list;
        }
    }
    return out;
}

const regexCache = new Map<string, RegExp>();

/** True when IAM action pattern `pattern` (`*`, `?`; case-insensitive) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
    let re = regexCache.get(pattern);
    if (!re) {
        re = wildcardRegExp(pattern);
        regexCache.set(pattern, re);
    }
    return re.test(action);
}

/** The existing actions a pattern names (a plain action: itself, if it exists), in the reference's spelling. */
export function expandAction(pattern: string): string[] {
    if (hasWildcard(pattern)) return expandWildcard(pattern);
    const canonical = canonicalAction(pattern);
    return canonical ? [canonical] : [];
}

/**
 * Whether an Allow statement grants `action`: by Action (some pattern matches) or by NotAction
 * (no pattern matches). `unknown` when the answer depends on an unknown list.
 */
export function statementGrants(s: NormalisedStatement, action: string): boolean | "unknown" {
    if (s.effect !== "Allow") return false;
    if (s.present.includes("NotAction")) {
        if (s.notActions.some((p) => actionMatches(p, action))) return false;
        return s.unknown.includes("NotAction") ? "unknown" : true;
    }
    if (s.actions.some((p) => actionMatches(p, action))) return true;
    return s.unknown.includes("Action") ? "unknown" : false;
}

/** True when the statement applies to every resource (`Resource: "*"` or any `NotResource`). */
export function coversAllResources(s: NormalisedStatement): boolean {
    return s.resources.includes("*") || s.present.includes("NotResource");
}

/** True when some condition block names `key` (condition keys are case-insensitive). */
export function hasConditionKey(s: NormalisedStatement, key: string): boolean {
    const k = key.toLowerCase();
    return Object.values(s.conditions).some((block) => Object.keys(block).some((x) => x.toLowerCase() === k));
}

/** A value-free label: `statement 2 ("ReadParams")`. */
export function describeStatement(s: NormalisedStatement): string {
    return `statement ${s.index + 1}${s.sid ? ` ("${s.sid}")` : ""}`;
}
