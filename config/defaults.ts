/**
 * The table of every default the schema gives a key a stack file may omit, read off the schema
 * itself (schema.ts, service-entry.ts, edge-schema.ts, deployment.ts, alarm-thresholds.ts), so
 * it cannot miss one: a `.default()` added anywhere appears here, and the spec that pins the
 * documented values (tests/config/defaults-pinned.spec.ts) fails until it is documented.
 * Defaults resolved from another key (the environment: Multi-AZ, protection, WAF action, rollout
 * strategy and minimum healthy percent) are not schema defaults; deployment.ts and edge-rules.ts
 * hold them and their own specs pin them.
 */
import type { z } from "zod";
import { defOf } from "./describe";

/** One default: the key as `pulumi config set --path` names it (`<name>` for any map key). */
export interface SchemaDefault {
    readonly key: string;
    readonly value: unknown;
    /** The path to the key; `<name>` stands for every entry of a map. */
    readonly path: readonly string[];
    /** The `mode`/`kind` members the key belongs to, when it is not in every member. */
    readonly only?: readonly string[];
}

const WRAPPERS = ["prefault", "optional", "nullable", "readonly", "catch"];

/** Every schema default under `schema`, in schema order, one row per key. */
export function schemaDefaults(schema: z.ZodType): SchemaDefault[] {
    const rows = new Map<string, { value: unknown; path: string[]; members: Set<string>; inAll: boolean }>();
    walk(schema, [], undefined, rows);
    return [...rows.entries()].map(([key, r]) => ({
        key,
        value: r.value,
        path: r.path,
        ...(r.inAll ? {} : { only: [...r.members] }),
    }));
}

function walk(
    s: z.ZodType,
    path: string[],
    member: { tag: string; all: readonly string[] } | undefined,
    rows: Map<string, { value: unknown; path: string[]; members: Set<string>; inAll: boolean }>,
): void {
    const d = defOf(s);
    if (d.type === "default" && d.innerType) {
        const key = path.join(".");
        const row = rows.get(key) ?? { value: d.defaultValue, path, members: new Set<string>(), inAll: true };
        if (JSON.stringify(row.value) !== JSON.stringify(d.defaultValue)) {
            throw new Error(`${key}: members of one union give different defaults; keep one or name them apart`);
        }
        if (member) row.members.add(member.tag);
        row.inAll = member === undefined || row.members.size === member.all.length;
        rows.set(key, row);
        return walk(d.innerType, path, member, rows);
    }
    if (d.innerType && WRAPPERS.includes(d.type)) return walk(d.innerType, path, member, rows);
    if (d.type === "pipe" && d.in && d.out)
        return walk(defOf(d.in).type === "transform" ? d.out : d.in, path, member, rows);
    if (d.type === "union" && d.options) {
        const disc = d.discriminator;
        const tags = d.options.map((o) => String(disc ? defOf(defOf(o).shape?.[disc] as z.ZodType).values?.[0] : ""));
        d.options.forEach((o, i) => walk(o, path, disc ? { tag: tags[i], all: tags } : member, rows));
        return;
    }
    if (d.type === "object" && d.shape) {
        for (const [k, v] of Object.entries(d.shape)) walk(v, [...path, k], member, rows);
    } else if (d.type === "record" && d.valueType) {
        walk(d.valueType, [...path, "<name>"], member, rows);
    }
}
