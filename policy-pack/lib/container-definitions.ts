/**
 * `aws.ecs.TaskDefinition.containerDefinitions` as policies see it: in @pulumi/aws 7 a JSON string
 * (the whole string unknown in preview when built from outputs), but an array can reach the
 * analyzer too. Parsed defensively: a malformed value is reported, never silently passed.
 *
 * The provider decodes the JSON with Go's encoding/json, which matches field names
 * case-insensitively, so `"Privileged": true` is honoured by AWS; `field` looks names up the same way.
 */
import { isUnknown, UNKNOWN, unwrap } from "./known-values";

export interface Container {
    /** Position in containerDefinitions (0-based). */
    readonly index: number;
    /** `container "bff"`, or `container #1` when the name is missing or not name-like. */
    readonly label: string;
    /** The definition, or UNKNOWN when the array element itself is unknown. */
    readonly definition: Record<string, unknown> | typeof UNKNOWN;
}

export type ParsedContainerDefinitions =
    | { readonly kind: "containers"; readonly containers: readonly Container[] }
    | { readonly kind: "unknown" }
    | { readonly kind: "missing" }
    | { readonly kind: "invalid"; readonly reason: string };

/** Parses a containerDefinitions value (JSON string or array, possibly proxied). */
export function parseContainerDefinitions(value: unknown): ParsedContainerDefinitions {
    const raw = unwrap(value);
    if (isUnknown(raw)) return { kind: "unknown" };
    if (raw === undefined || raw === null || raw === "") return { kind: "missing" };
    let list: unknown = raw;
    if (typeof raw === "string") {
        try {
            list = JSON.parse(raw);
        } catch {
            // The parser's message quotes the input, which may hold secrets: say only what is wrong.
            return { kind: "invalid", reason: "is not valid JSON" };
        }
    }
    if (!Array.isArray(list)) return { kind: "invalid", reason: "is not a JSON array of container definitions" };
    if (list.length === 0) return { kind: "invalid", reason: "declares no container" };
    const containers: Container[] = [];
    for (let index = 0; index < list.length; index++) {
        const entry = list[index] as unknown;
        if (isUnknown(entry)) {
            containers.push({ index, label: `container #${index + 1}`, definition: UNKNOWN });
            continue;
        }
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            return { kind: "invalid", reason: `has an entry (#${index + 1}) that is not an object` };
        }
        const definition = entry as Record<string, unknown>;
        containers.push({ index, label: labelOf(definition, index), definition });
    }
    return { kind: "containers", containers };
}

/**
 * A field of a JSON object, matched case-insensitively like the provider's decoder (an exact match
 * wins). UNKNOWN for unknowns, undefined when absent or `obj` is not an object.
 */
export function field(obj: unknown, name: string): unknown {
    if (isUnknown(obj)) return UNKNOWN;
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return undefined;
    const record = obj as Record<string, unknown>;
    let value: unknown = record[name];
    if (!(name in record)) {
        const lower = name.toLowerCase();
        const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
        value = key === undefined ? undefined : record[key];
    }
    return isUnknown(value) ? UNKNOWN : value;
}

/** Follows several case-insensitive fields. */
export function fieldPath(obj: unknown, ...names: readonly string[]): unknown {
    let v = obj;
    for (const n of names) {
        v = field(v, n);
        if (v === UNKNOWN) return UNKNOWN;
    }
    return v;
}

function labelOf(definition: Record<string, unknown>, index: number): string {
    const name = field(definition, "name");
    return typeof name === "string" && /^[A-Za-z0-9_-]{1,255}$/.test(name)
        ? `container "${name}"`
        : `container #${index + 1}`;
}
