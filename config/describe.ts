/**
 * Turns zod's issues into one line each that names the full dotted key (`ecs-platform:bff.memory`),
 * the value given, what is allowed and, where a typo is likely, the nearest allowed name. Values of
 * secret keys are never printed.
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { MOVED_NESTED } from "./moved-keys";

export const PROJECT = "ecs-platform";

/** A problem found outside zod (region rules, secrets): the path under the namespace and what is wrong. */
export interface KeyedIssue {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

export interface DescribeContext {
    /** The decoded values under the namespace, by top-level key. */
    readonly values: Record<string, unknown>;
    /** The schema they were parsed with (to list allowed keys and modes). */
    readonly schema: z.ZodType;
    /** Top-level keys whose values are secrets: shown as [secret]. */
    readonly secretKeys: ReadonlySet<string>;
}

/** `ecs-platform:edge.allowedCidrs[0]` for the path ["edge", "allowedCidrs", 0]. */
export function dottedKey(path: readonly PropertyKey[]): string {
    const parts = path.map((p, i) =>
        typeof p === "number" || /^\d+$/.test(String(p)) ? `[${String(p)}]` : (i ? "." : "") + String(p),
    );
    return `${PROJECT}:${parts.join("")}`;
}

/** The allowed name nearest to `given`, when it is close enough to be a typo. */
export function nearest(given: string, allowed: readonly string[]): string | undefined {
    if (allowed.length === 0) return undefined;
    const lower = allowed.map((a) => a.toLowerCase());
    const best = closest(given.toLowerCase(), lower);
    const limit = Math.max(2, Math.floor(best.length / 3));
    return distance(given.toLowerCase(), best) <= limit ? allowed[lower.indexOf(best)] : undefined;
}

export function unknownKeyMessage(key: string, given: string, allowed: readonly string[]): string {
    const guess = nearest(given, allowed);
    return `${key}: unknown key;${guess ? ` did you mean ${guess}?` : ""} allowed keys: ${allowed.join(", ")}`;
}

export function describeKeyed(issue: KeyedIssue, ctx: DescribeContext): string {
    const value = valueAt(ctx.values, issue.path);
    // A rule may fault a default: say so rather than print "undefined".
    const what = value === undefined ? "(unset, default)" : shown(value, issue.path, ctx);
    return `${dottedKey(issue.path)}: ${what} ${issue.message}`;
}

export function describeIssue(issue: z.core.$ZodIssue, ctx: DescribeContext): string[] {
    const path = issue.path as PropertyKey[];
    const key = dottedKey(path);
    const value = valueAt(ctx.values, path);
    const show = (v: unknown) => shown(v, path, ctx);
    switch (issue.code) {
        case "unrecognized_keys": {
            const allowed = objectKeys(schemaAt(ctx.schema, path, ctx.values));
            return issue.keys.map((k) => {
                const moved = MOVED_NESTED[[...path, k].join(".")];
                const full = dottedKey([...path, k]);
                if (moved) return `${full}: moved; write it as ${PROJECT}:${moved}`;
                return otherMemberMessage(full, k, path, ctx) ?? unknownKeyMessage(full, k, allowed);
            });
        }
        case "invalid_type": {
            if (value === undefined) {
                const keys = issue.expected === "object" ? objectKeys(schemaAt(ctx.schema, path, ctx.values)) : [];
                const what =
                    keys.length > 0
                        ? `an object with keys ${keys.join(", ")}`
                        : issue.expected === "record"
                          ? "a map of names to values"
                          : issue.expected;
                return [`${key}: missing; expected ${what}`];
            }
            if (isSecureValue(value)) return [secureValueMessage(key, path)];
            if (issue.expected === "int") {
                const { text, min, max } = numberRange(schemaAt(ctx.schema, path, ctx.values));
                const n = Number(value);
                const near = Math.min(Math.max(Math.round(n), min ?? -Infinity), max ?? Infinity);
                const fix = Number.isFinite(n) ? `: write ${near} or another whole number` : "";
                return [`${key}: ${show(value)} is not a whole number; allowed: whole numbers${text}${fix}`];
            }
            const quote =
                issue.expected === "string" && typeof value === "number"
                    ? ` (quote it: "${String(value)}"; YAML reads an unquoted 16.10 as the number 16.1)`
                    : issue.expected === "boolean"
                      ? " (true or false)"
                      : "";
            return [`${key}: ${show(value)} is ${article(typeName(value))}; expected ${issue.expected}${quote}`];
        }
        case "invalid_value": {
            const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
            return [
                value === undefined
                    ? `${key}: missing; allowed: ${allowed}`
                    : `${key}: ${show(value)} is not allowed; allowed: ${allowed}`,
            ];
        }
        case "invalid_union": {
            const disc = (issue as { discriminator?: string }).discriminator;
            if (disc !== undefined) {
                const union = schemaAt(ctx.schema, path.slice(0, -1), ctx.values, false);
                const allowed = discriminatorValues(union, disc)
                    .map((v) => JSON.stringify(v))
                    .join(", ");
                return [
                    value === undefined
                        ? `${key}: missing; allowed: ${allowed}; ${missingTagFix(union, disc, path, ctx.values)}`
                        : `${key}: ${show(value)} is not allowed; allowed: ${allowed}`,
                ];
            }
            return [`${key}: ${show(value)} matches none of the forms this key allows`];
        }
        case "invalid_format": {
            const format = (issue as { format?: string }).format ?? "";
            // Our own patterns carry their message ("is not a subnet id ..."); zod's defaults start "Invalid".
            if (!/^Invalid\b/.test(issue.message)) return [`${key}: ${show(value)} ${issue.message}`];
            const pattern = (issue as { pattern?: string }).pattern;
            const what =
                format === "email"
                    ? "is not an email address; allowed: one address such as ops@example.com"
                    : format === "regex" && pattern
                      ? `does not have the allowed form; allowed: text matching ${pattern}`
                      : `is not a valid ${format}`;
            return [`${key}: ${show(value)} ${what}`];
        }
        case "too_small":
        case "too_big": {
            const bound = issue.code === "too_small" ? "minimum" : "maximum";
            const limit = (issue as { minimum?: unknown; maximum?: unknown })[bound];
            const what = Array.isArray(value) ? `has ${value.length} items` : `${show(value)} is out of range`;
            if (!/^Too (small|big)/.test(issue.message)) return [`${key}: ${what}; ${issue.message}`];
            const exact = (issue as { exact?: boolean }).exact === true;
            // A list one short: `config set --path` adds an item at the next index.
            const next =
                Array.isArray(value) && issue.code === "too_small"
                    ? `; add one with \`pulumi config set --path '${configPath(path)}[${value.length}]' <value>\``
                    : "";
            const allowed = exact ? `exactly ${String(limit)}` : `${bound} ${String(limit)}`;
            return [`${key}: ${what}; ${allowed}${issue.inclusive === false ? " (exclusive)" : ""}${next}`];
        }
        case "invalid_key": {
            // A map key (a service name) failed its own schema: report the key's issues, not zod's
            // "Invalid key in record".
            const name = JSON.stringify(String(path[path.length - 1]));
            const inner = (issue as { issues?: readonly { message: string }[] }).issues ?? [];
            const why = inner.length > 0 ? inner.map((i) => i.message).join("; ") : "is not an allowed name";
            return [`${key}: the name ${name} ${why}`];
        }
        default:
            return [`${key}: ${show(value)} ${issue.message}`];
    }
}

/**
 * A key another member of a discriminated union takes (`port` on a `kind: worker` service): say
 * which kinds take it, rather than only "unknown key".
 */
function otherMemberMessage(
    full: string,
    key: string,
    path: readonly PropertyKey[],
    ctx: DescribeContext,
): string | undefined {
    const d = defOf(schemaAt(ctx.schema, path, ctx.values, false));
    if (d.type !== "union" || !d.discriminator || !d.options) return undefined;
    const disc = d.discriminator;
    const takers = d.options.filter((o) => objectKeys(o).includes(key)).flatMap((o) => discriminatorValues(o, disc));
    if (takers.length === 0) return undefined;
    const current = JSON.stringify((valueAt(ctx.values, path) as Record<string, unknown> | undefined)?.[disc]);
    return `${full}: only ${disc} ${takers.map((t) => JSON.stringify(t)).join(", ")} take${takers.length === 1 ? "s" : ""} this key, not ${disc} ${current}; remove it or change ${disc}`;
}

/** What `pulumi config set --path` stores for `--secret`: `{ secure: "v1:..." }` (offline, undecrypted). */
export function isSecureValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).join() === "secure";
}

/** `database.instanceClass` for ["database", "instanceClass"]: the path `pulumi config set --path` takes. */
export function configPath(path: readonly PropertyKey[]): string {
    return dottedKey(path).slice(PROJECT.length + 1);
}

/** A nested `secure:` value: the program passes every key of this namespace to resources as plain input. */
export function secureValueMessage(key: string, path: readonly PropertyKey[]): string {
    return (
        `${key}: is a secret (secure:), but the program passes it to resources as plain input, where it would ` +
        "be stored unencrypted in the state and shown in previews; set it without --secret " +
        `(\`pulumi config set --path ${configPath(path)} <value>\`), and keep secrets in SSM Parameter Store`
    );
}

/**
 * The command that sets a missing `mode` (or `kind`): the one member whose keys hold every key the
 * block has, else each member the block could be.
 */
function missingTagFix(union: z.ZodType, disc: string, path: readonly PropertyKey[], values: unknown): string {
    const block = valueAt(values, path.slice(0, -1));
    const given = block && typeof block === "object" ? Object.keys(block).filter((k) => k !== disc) : [];
    const options = defOf(union).options ?? [];
    const fits = options.filter((o) => given.every((k) => objectKeys(o).includes(k)));
    const tags = (fits.length > 0 ? fits : options).flatMap((o) => discriminatorValues(o, disc)).map(String);
    const command = (tag: string) => `\`pulumi config set --path ${configPath(path)} ${tag}\``;
    if (tags.length === 1 && given.length > 0) {
        return `the keys ${given.join(", ")} belong to ${disc} ${JSON.stringify(tags[0])}: set it with ${command(tags[0])}`;
    }
    return `set it with ${tags.map(command).join(" or ")}`;
}

/** " from 20 to 65536" for an integer schema with bounds, and the bounds. */
function numberRange(s: z.ZodType): { text: string; min?: number; max?: number } {
    const n = s as unknown as { minValue?: number | null; maxValue?: number | null };
    const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
    const min = finite(n.minValue) ? n.minValue : undefined;
    const max = finite(n.maxValue) ? n.maxValue : undefined;
    const text =
        min !== undefined && max !== undefined
            ? ` from ${min} to ${max}`
            : min !== undefined
              ? ` from ${min}`
              : max !== undefined
                ? ` up to ${max}`
                : "";
    return { text, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function article(word: string): string {
    return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

/** Zod's definition record: the public `def` of a classic schema, typed loosely for walking. */
export interface Def {
    readonly type: string;
    readonly shape?: Record<string, z.ZodType>;
    readonly innerType?: z.ZodType;
    readonly in?: z.ZodType;
    readonly out?: z.ZodType;
    readonly options?: readonly z.ZodType[];
    readonly discriminator?: string;
    readonly element?: z.ZodType;
    readonly valueType?: z.ZodType;
    readonly values?: readonly unknown[];
    readonly defaultValue?: unknown;
}

export const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

/** Strips wrappers (default, optional, preprocess, ...) and picks the union member `value` selects. */
function unwrap(s: z.ZodType, value: unknown, pickMember = true): z.ZodType {
    for (;;) {
        const d = defOf(s);
        if (d.innerType && ["default", "prefault", "optional", "nullable", "readonly", "catch"].includes(d.type)) {
            s = d.innerType;
        } else if (d.type === "pipe" && d.in && d.out) {
            s = defOf(d.in).type === "transform" ? d.out : d.in;
        } else if (pickMember && d.type === "union" && d.discriminator && d.options) {
            const tag = (value as Record<string, unknown> | undefined)?.[d.discriminator];
            // No tag: a foundation block means its default mode, create (schema.ts, defaultMode).
            const wanted = tag === undefined ? "create" : tag;
            const member = d.options.find((o) => discriminatorValues(o, d.discriminator as string).includes(wanted));
            if (!member) return s;
            s = member;
        } else {
            return s;
        }
    }
}

/** The schema at `path` under `root`, following the values to choose union members. */
function schemaAt(root: z.ZodType, path: readonly PropertyKey[], value: unknown, pickLast = true): z.ZodType {
    let s = unwrap(root, value);
    let v = value;
    for (const p of path) {
        v = (v as Record<PropertyKey, unknown> | undefined)?.[p];
        const d = defOf(s);
        const next =
            d.type === "object"
                ? d.shape?.[String(p)]
                : d.type === "array"
                  ? d.element
                  : d.type === "record"
                    ? d.valueType
                    : undefined;
        if (!next) return s;
        s = unwrap(next, v, pickLast || p !== path[path.length - 1]);
    }
    return s;
}

function objectKeys(s: z.ZodType): string[] {
    const d = defOf(s);
    return d.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

function discriminatorValues(s: z.ZodType, disc: string): unknown[] {
    const d = defOf(s);
    if (d.type === "union" && d.options) return d.options.flatMap((o) => discriminatorValues(o, disc));
    const field = d.type === "object" ? d.shape?.[disc] : undefined;
    return field ? [...(defOf(field).values ?? [])] : [];
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let v: unknown = root;
    for (const p of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[p];
    }
    return v;
}

function shown(v: unknown, path: readonly PropertyKey[], ctx: DescribeContext): string {
    if (path.length > 0 && ctx.secretKeys.has(String(path[0]))) return "[secret]";
    const s = JSON.stringify(v);
    return s === undefined ? "undefined" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function typeName(v: unknown): string {
    return Array.isArray(v) ? "list" : v === null ? "null" : typeof v;
}
