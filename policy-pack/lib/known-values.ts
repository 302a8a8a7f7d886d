/**
 * Reading resource properties that may be unknown during preview without tripping the analyzer's
 * `unknownCheckingProxy`. The proxy throws on the first unknown a policy touches, which would turn
 * the whole check into an advisory "can't run" even when the known fields already decide it. So
 * the policies of this pack read through the proxy (`at`, `read`, `snapshot`), meet unknowns as
 * values (`isUnknown`, the one `UNKNOWN` marker), decide what they can, and give up explicitly
 * (`settle`/`cannotDecide` in policy-support.ts) only when the answer needs an unknown.
 *
 * Pure on purpose (no `@pulumi/policy` import): aws-limits.ts uses it and the Pulumi program and
 * the offline plan import aws-limits.ts.
 */

/**
 * The analyzer's sentinels for values unknown during preview (`@pulumi/policy/proxy`, 1.21: boolean,
 * number, string, array, asset, archive, object). The engine's wire form is the string one. A test
 * pins this list to the SDK's.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** What `at` returns for a value the engine does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;
export type Maybe<T> = T | Unknown;

/** True for an engine sentinel or the `UNKNOWN` marker. */
export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

// Property names the proxy answers itself (`@pulumi/policy/proxy`): the marker and its target.
const IS_SPECIAL_PROXY = "__isSpecialProxy";
const SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * The plain data behind the analyzer's proxy, or the value itself when it is not proxied. Nested
 * values of the result are plain; unknowns in it are engine sentinels (test with `isUnknown`).
 */
export function unwrap<T>(value: T): T {
    if (value === null || typeof value !== "object") return value;
    const v = value as Record<string, unknown>;
    return v[IS_SPECIAL_PROXY] === true ? (v[SPECIAL_PROXY_TARGET] as T) : value;
}

/**
 * Follows `path` from `root`: `UNKNOWN` when the value or a step on the way is unknown, undefined
 * when a step is missing or not an object. Works on proxied and plain data alike and never throws.
 */
export function at(root: unknown, ...path: readonly (string | number)[]): unknown {
    let v: unknown = unwrap(root);
    for (const key of path) {
        if (isUnknown(v)) return UNKNOWN;
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string | number, unknown>)[key];
    }
    return isUnknown(v) ? UNKNOWN : v;
}

/**
 * `obj[key]`, with an unknown (an engine sentinel, or `UNKNOWN`) returned as `UNKNOWN`. A nested
 * object comes back as `obj` holds it, so a proxied one stays proxied. Never throws on an unknown.
 */
export function read(obj: unknown, key: string | number): unknown {
    if (obj === null || typeof obj !== "object") return undefined;
    // Look behind the proxy first: it throws when asked for an unknown, and answers anything else.
    if (isUnknown((unwrap(obj) as Record<string | number, unknown>)[key])) return UNKNOWN;
    return (obj as Record<string | number, unknown>)[key];
}

/** A plain deep copy of a (possibly proxied) value: proxies gone, every unknown replaced by `UNKNOWN`. */
export function snapshot(value: unknown): unknown {
    if (isUnknown(value)) return UNKNOWN;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
        const length = read(value, "length");
        if (typeof length !== "number") return UNKNOWN;
        return Array.from({ length }, (_, i) => snapshot(read(value, i)));
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = snapshot(read(value, key));
    return out;
}

/** True when `value` holds an unknown anywhere (plain data: a snapshot, or parsed JSON). */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** `value` as a list: arrays as they are, a single value as a one-element list, absent as empty. */
export function asList(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

/** A number, or a numeric string (engine JSON and JSON container definitions carry both). */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
    return undefined;
}

/** true/false, also from "true"/"false" strings; undefined for anything else. */
export function asBoolean(value: unknown): boolean | undefined {
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
    return undefined;
}

/** A non-empty string, or undefined. */
export function asText(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * The property paths a decision needed but the engine did not know yet. Checks note them instead
 * of throwing, so every decidable finding is reported first.
 */
export class UnknownNeeds {
    private readonly paths: string[] = [];

    note(path: string): void {
        if (!this.paths.includes(path)) this.paths.push(path);
    }

    get all(): readonly string[] {
        return this.paths;
    }
}
