/**
 * Values unknown during preview. The analyzer wraps props in `unknownCheckingProxy`, which throws
 * `UnknownValueError` the moment a policy reads an unknown value; one unknown ARN would then hide
 * every known fact of the resource. These helpers read through the proxy and turn each unknown
 * into the `UNKNOWN` marker instead, so a policy can decide on the known parts (actions, ports,
 * CIDRs) and only give up, with `cannotDecide`, when the answer really depends on an unknown.
 */
// The policy SDK's `.d.ts` for its proxy module is empty; the runtime exports are stable (1.21).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (sentinel: string, props: readonly (string | number)[]) => Error;
    unknownStringValue: string;
    [key: string]: unknown;
};

/** Marks a value the engine did not know yet (a preview of a value computed from another resource). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;
export type Maybe<T> = T | Unknown;

const SENTINELS: ReadonlySet<unknown> = new Set(
    [
        "unknownBooleanValue",
        "unknownNumberValue",
        "unknownStringValue",
        "unknownArrayValue",
        "unknownAssetValue",
        "unknownArchiveValue",
        "unknownObjectValue",
    ].map((k) => proxy[k]),
);

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || SENTINELS.has(value);
}

/** True for the error the analyzer's proxy throws on an unknown. */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof proxy.UnknownValueError;
}

/** `obj[key]`, with an unknown (thrown by the proxy, or a raw engine sentinel) returned as `UNKNOWN`. */
export function read(obj: unknown, key: string | number): unknown {
    if (obj === null || typeof obj !== "object") return undefined;
    try {
        const value = (obj as Record<string | number, unknown>)[key];
        return isUnknown(value) ? UNKNOWN : value;
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
}

/**
 * A plain deep copy of a (possibly proxied) value: proxies gone, every unknown replaced by
 * `UNKNOWN`. Never throws `UnknownValueError`.
 */
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

/** True when `value` (a snapshot) holds `UNKNOWN` anywhere. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/**
 * Gives up the way the analyzer expects: throws its `UnknownValueError`, which it reports as an
 * advisory "can't run policy ... during preview" (violations reported before still count).
 * `path` names the property the decision needed, never its value.
 */
export function cannotDecide(path: string): never {
    throw new proxy.UnknownValueError(proxy.unknownStringValue, path.split("."));
}
