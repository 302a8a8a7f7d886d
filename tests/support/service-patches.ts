/**
 * Config overrides of the `ecs-platform:services` map that stay short: a base map with
 * per-service patches merged in, so a test writes only what it changes (`{ bff: { imageTag } }`).
 */

/** A patch of one entry: keys merged into it, nested objects merged too, `undefined` removes a key. */
export type EntryPatch = Readonly<Record<string, unknown>>;
/** Patches by service name; `undefined` removes the service, a name not in the base adds one. */
export type ServicePatches = Readonly<Record<string, EntryPatch | undefined>>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);

/** `patch` merged into `base`: objects key by key, everything else (lists too) replaced. */
export function mergePatch(base: unknown, patch: unknown): unknown {
    if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch);
    const out: Record<string, unknown> = structuredClone(base);
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete out[k];
        else out[k] = mergePatch(out[k], v);
    }
    return out;
}

/** The services map `base` with `patches` applied (the base is not modified). */
export function patchServices(
    base: Readonly<Record<string, unknown>>,
    patches: ServicePatches = {},
): Record<string, Record<string, unknown>> {
    const out = structuredClone(base) as Record<string, Record<string, unknown>>;
    for (const [name, patch] of Object.entries(patches)) {
        if (patch === undefined) delete out[name];
        else out[name] = mergePatch(out[name] ?? {}, patch) as Record<string, unknown>;
    }
    return out;
}
