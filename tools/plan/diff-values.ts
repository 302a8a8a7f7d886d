/**
 * Property-level differences between two plain input values, with secrets redacted on both
 * sides before anything is compared or shown:
 *   - the engine's secret signature (the SDK's `specialSigKey`: `specialSecretSig`) and the
 *     plan's `[secret]` marker;
 *   - any string the policy pack judges to be a secret by its shape (policy-pack/lib/secret-values.ts:
 *     key shapes, credentials in URLs, high-entropy tokens).
 * JSON held in strings (policy documents, container definitions) is compared inside, so a change
 * shows as `containerDefinitions[0].cpu`, not as two opaque strings.
 */
import { specialSecretSig as SECRET_SIG, specialSigKey as SIG_KEY } from "@pulumi/pulumi/runtime/rpc";
import { secretShape } from "../../policy-pack/lib/secret-values";

export const SECRET = "[secret]";

export interface ValueChange {
    readonly path: string;
    readonly old?: unknown;
    readonly new?: unknown;
}

/** The value with every secret replaced by `[secret]`; `name` is the property holding a string. */
export function redact(value: unknown, name = ""): unknown {
    if (typeof value === "string") {
        if (value === SECRET) return value;
        const parsed = parseJsonText(value);
        if (parsed !== undefined) {
            const clean = redact(parsed, name);
            return JSON.stringify(clean) === JSON.stringify(parsed) ? value : JSON.stringify(clean);
        }
        return secretShape(value, name) !== undefined ? SECRET : value;
    }
    if (Array.isArray(value)) return value.map((v) => redact(v, name));
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SIG_KEY] === SECRET_SIG) return SECRET;
        // A container's environment entry names its value: judge the value by that name.
        const entryName = typeof o.name === "string" && "value" in o ? o.name : undefined;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) out[k] = redact(v, k === "value" && entryName ? entryName : k);
        return out;
    }
    return value;
}

/** Object or array JSON held in a string, else undefined. */
export function parseJsonText(text: string): unknown {
    const t = text.trimStart();
    if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
    try {
        const v: unknown = JSON.parse(text);
        return v !== null && typeof v === "object" ? v : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Leaf-level differences between two redacted values. Objects are compared key by key, arrays
 * element by element when their lengths match (else the whole array is one change), JSON strings
 * inside. `rewrite` maps strings of the new side before comparing (URNs of renamed resources).
 */
export function valueChanges(
    before: unknown,
    after: unknown,
    path = "",
    rewrite: (s: string) => string = (s) => s,
): ValueChange[] {
    if (typeof after === "string") after = rewrite(after);
    if (deepEqual(before, after)) return [];
    if (typeof before === "string" && typeof after === "string") {
        const a = parseJsonText(before);
        const b = parseJsonText(after);
        if (a !== undefined && b !== undefined) return valueChanges(a, rewriteDeep(b, rewrite), path);
    }
    if (isRecord(before) && isRecord(after)) {
        const out: ValueChange[] = [];
        for (const key of union(Object.keys(before), Object.keys(after))) {
            const p = path ? `${path}.${key}` : key;
            if (!(key in after)) out.push({ path: p, old: before[key] });
            else if (!(key in before)) out.push({ path: p, new: rewriteDeep(after[key], rewrite) });
            else out.push(...valueChanges(before[key], after[key], p, rewrite));
        }
        return out;
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
        return before.flatMap((v, i) => valueChanges(v, after[i], `${path}[${i}]`, rewrite));
    }
    return [{ path: path || "(value)", old: before, new: rewriteDeep(after, rewrite) }];
}

function rewriteDeep(value: unknown, rewrite: (s: string) => string): unknown {
    if (typeof value === "string") return rewrite(value);
    if (Array.isArray(value)) return value.map((v) => rewriteDeep(v, rewrite));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteDeep(v, rewrite)]));
    return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
    if (isRecord(a) && isRecord(b)) {
        const ka = Object.keys(a);
        return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
    }
    return false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function union(a: readonly string[], b: readonly string[]): string[] {
    return [...new Set([...a, ...b])];
}
