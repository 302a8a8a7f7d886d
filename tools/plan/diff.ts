/**
 * The plan diff: two stack reports (the base's, parsed from its JSON, and the head's) in, the
 * `diff` section out. Generic over the report: resources are matched by URN, through the head's
 * recorded aliases for renames (a component renamed with an alias keeps its state: the engine
 * renames it in place, and its children with it), and compared input by input. The base report
 * may come from an older version of this tool, so it is read loosely (only the fields used).
 */
import { autonameProperty } from "../../offline/mock-values";
import { ChangedResource, DiffSection } from "./diff-schema";
import { costDelta, iamDelta, policyDelta, reachabilityDelta } from "./diff-sections";
import { FORCE_NEW, forceNewProperty } from "./force-new";
import { redact, valueChanges } from "./diff-values";
import { servicesDelta } from "./diff-services";

/** One resource of a report, as read from JSON of any schema version. */
export interface ResourceLike {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom?: boolean;
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly inputs?: Record<string, unknown>;
    readonly aliases?: readonly { urn?: string; type?: string; name?: string }[];
    /** opts.replaceOnChanges of the head: the program's own "this change replaces it". */
    readonly replaceOnChanges?: readonly string[];
}

/** The parts of a stack report the diff reads. */
export interface ReportLike {
    readonly stack?: string;
    readonly exitCode?: number;
    readonly graph?: { readonly resources?: readonly ResourceLike[] };
    readonly policies?: { readonly violations?: readonly unknown[] };
    readonly reachability?: { readonly edges?: readonly unknown[]; readonly required?: readonly unknown[] };
    readonly cost?: { readonly lines?: readonly unknown[] };
    readonly error?: { readonly message?: string; readonly causes?: readonly { key?: string; message?: string }[] };
}

export interface BaseInfo {
    readonly ref: string;
    readonly commit?: string;
}

/** The diff of `head` against `base`; a base that did not evaluate is reported, never thrown. */
export function diffReports(base: ReportLike | undefined, head: ReportLike, info: BaseInfo, why?: string): DiffSection {
    const meta = { ref: info.ref, ...(info.commit ? { commit: info.commit } : {}) };
    if (!base)
        return { base: { ...meta, status: "no-stack", error: why ?? "the stack has no stack file at the base" } };
    if (base.error || !base.graph?.resources) {
        const causes = (base.error?.causes ?? []).map((c) => `${c.key ? `${c.key}: ` : ""}${c.message ?? ""}`);
        const error = [base.error?.message ?? why ?? "the base did not evaluate", ...causes].join("; ");
        return {
            base: {
                ...meta,
                status: "failed",
                ...(base.exitCode !== undefined ? { exitCode: base.exitCode } : {}),
                error,
            },
        };
    }
    const renames = matchResources(base.graph.resources, head.graph?.resources ?? []);
    return {
        base: { ...meta, status: "ok", ...(base.exitCode !== undefined ? { exitCode: base.exitCode } : {}) },
        resources: renames.section,
        services: servicesDelta(base.graph.resources, head.graph?.resources ?? []),
        policies: policyDelta(base, head, renames.toBase),
        reachability: reachabilityDelta(base, head),
        iam: iamDelta(base.graph.resources, head.graph?.resources ?? [], renames.toBase),
        cost: costDelta(base, head),
    };
}

interface Matched {
    readonly section: NonNullable<DiffSection["resources"]>;
    /** Head URN -> the URN the same resource has in the base (itself when not renamed). */
    readonly toBase: (urn: string) => string;
}

/** Pairs the resources of the two graphs (by URN, then through aliases) and compares each pair. */
export function matchResources(before: readonly ResourceLike[], after: readonly ResourceLike[]): Matched {
    const baseByUrn = new Map(before.map((r) => [r.urn, r]));
    const typeRenames = componentTypeRenames(after);
    const headToBase = new Map<string, string>();
    for (const r of after) {
        if (baseByUrn.has(r.urn)) continue;
        const old = oldUrns(r, typeRenames).find((u) => baseByUrn.has(u) && !after.some((h) => h.urn === u));
        if (old) headToBase.set(r.urn, old);
    }
    const toBase = (urn: string) => headToBase.get(urn) ?? urn;
    const rewrite = (s: string) => (s.startsWith("urn:pulumi:") ? toBase(s) : s);

    const matchedBase = new Set<string>();
    const added: NonNullable<DiffSection["resources"]>["added"] = [];
    const changed: ChangedResource[] = [];
    let unchanged = 0;
    for (const r of after) {
        const baseUrn = toBase(r.urn);
        const b = baseByUrn.get(baseUrn);
        if (!b) {
            added.push(ref(r));
            continue;
        }
        matchedBase.add(baseUrn);
        const c = compareResource(b, r, rewrite);
        if (c) changed.push(c);
        else unchanged++;
    }
    const removed = before.filter((r) => !matchedBase.has(r.urn)).map((r) => ({ ...ref(r), protect: !!r.protect }));
    return { section: { added, removed, changed, unchanged }, toBase };
}

/** The replaceOnChanges entry `path` falls under (`*` covers every input), if any. */
function replaceOnChange(entries: readonly string[] | undefined, path: string): string | undefined {
    return entries?.find((p) => p === "*" || path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

/** The changes of one resource, or undefined when nothing differs. */
export function compareResource(
    b: ResourceLike,
    h: ResourceLike,
    rewrite: (s: string) => string = (s) => s,
): ChangedResource | undefined {
    const nameProperty = autonameProperty(h.type);
    const reasons = new Set<string>();
    const changes = valueChanges(redact(b.inputs ?? {}), redact(h.inputs ?? {}), "", rewrite).map((c) => {
        const top = c.path.split(/[.[]/)[0];
        const forced = forceNewProperty(h.type, c.path) ?? replaceOnChange(h.replaceOnChanges, c.path);
        const byName = h.custom !== false && nameProperty !== undefined && top === nameProperty;
        if (byName) reasons.add(`physical name (${nameProperty})`);
        if (forced && !(byName && forced === nameProperty)) reasons.add(`force-new (${forced})`);
        return { ...c, replaces: byName || forced !== undefined };
    });
    for (const flag of ["protect", "retainOnDelete"] as const) {
        if (!!b[flag] !== !!h[flag])
            changes.push({ path: `(${flag})`, old: !!b[flag], new: !!h[flag], replaces: false });
    }
    if (b.type !== h.type) changes.push({ path: "(type)", old: b.type, new: h.type, replaces: false });
    if (b.name !== h.name) changes.push({ path: "(name)", old: b.name, new: h.name, replaces: false });
    const renamed = b.urn !== h.urn;
    if (changes.length === 0 && !renamed) return undefined;
    return {
        urn: h.urn,
        type: h.type,
        name: h.name,
        ...(renamed ? { oldUrn: b.urn } : {}),
        replacement: reasons.size > 0,
        replaceReasons: [...reasons],
        changes,
    };
}

/** Component types renamed through a type-only alias: new type -> old type (children follow). */
function componentTypeRenames(resources: readonly ResourceLike[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of resources) {
        if (r.custom !== false) continue;
        for (const a of r.aliases ?? []) if (a.type && !a.name && !a.urn) out.set(r.type, a.type);
    }
    return out;
}

/** The URNs a head resource may have had in the base: its aliases, and its type chain before renames. */
function oldUrns(r: ResourceLike, typeRenames: ReadonlyMap<string, string>): string[] {
    const parts = r.urn.split("::");
    if (parts.length < 4) return [];
    const chain = parts[2].split("$");
    const renamedChain = chain.map((t) => typeRenames.get(t) ?? t);
    const withChain = (types: readonly string[], name: string) =>
        [parts[0], parts[1], types.join("$"), name].join("::");
    const out = [withChain(renamedChain, parts[3])];
    for (const a of r.aliases ?? []) {
        if (a.urn) out.push(a.urn);
        else
            out.push(
                withChain(
                    [...renamedChain.slice(0, -1), a.type ?? renamedChain[renamedChain.length - 1]],
                    a.name ?? parts[3],
                ),
            );
    }
    return out.filter((u) => u !== r.urn);
}

function ref(r: ResourceLike) {
    return { urn: r.urn, type: r.type, name: r.name };
}

/** Types the diff knows no force-new facts for (read from the table, for the report's notes). */
export function unverifiedTypes(resources: readonly ResourceLike[]): string[] {
    return [...new Set(resources.filter((r) => r.custom && !FORCE_NEW[r.type]?.source).map((r) => r.type))].sort();
}
