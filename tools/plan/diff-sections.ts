/**
 * The deltas of the analyses between two stack reports: policy findings, reachability entries
 * and required paths, IAM actions per role, cost per line item. Each reads the reports loosely
 * (the base may be an older schema) and keys what it compares on stable identities: policy name
 * and resource URN (mapped through renames), connection endpoints and ports, role URN, line item.
 */
import type { PolicyResource } from "@pulumi/policy";
import { expandAction, parsePolicyDocument } from "../../policy-pack/lib/iam-document";
import { rolePermissions } from "../../policy-pack/lib/iam-roles";
import type { CostLineDelta, DiffSection } from "./diff-schema";
import type { ReportLike, ResourceLike } from "./diff";

type Finding = NonNullable<DiffSection["policies"]>["new"][number];

interface ViolationLike {
    policyName?: string;
    enforcementLevel?: string;
    severity?: string;
    message?: string;
    urn?: string;
    resourceName?: string;
}

/** New and resolved findings, keyed on policy, resource (base URN space) and message. */
export function policyDelta(
    base: ReportLike,
    head: ReportLike,
    toBase: (urn: string) => string,
): NonNullable<DiffSection["policies"]> {
    const read = (r: ReportLike, map: (u: string) => string) =>
        ((r.policies?.violations ?? []) as ViolationLike[]).map((v) => {
            const f: Finding = {
                policyName: String(v.policyName),
                level: String(v.enforcementLevel),
                ...(v.severity ? { severity: v.severity } : {}),
                ...(v.resourceName ? { resource: v.resourceName } : {}),
                message: String(v.message ?? ""),
            };
            return { key: `${f.policyName}|${v.urn ? map(v.urn) : ""}|${f.level}|${f.message}`, f };
        });
    const before = read(base, (u) => u);
    const after = read(head, toBase);
    return { new: minus(after, before).map((x) => x.f), resolved: minus(before, after).map((x) => x.f) };
}

interface EdgeLike {
    from: string;
    to: string;
    ports?: { protocol: string; from: number; to: number }[];
}
interface RequiredLike {
    from: string;
    to: string;
    port: number;
    why?: string;
    status: string;
}

/** Connections added and removed (one entry per port range) and required paths broken or fixed. */
export function reachabilityDelta(base: ReportLike, head: ReportLike): NonNullable<DiffSection["reachability"]> {
    const connections = (r: ReportLike) =>
        ((r.reachability?.edges ?? []) as EdgeLike[]).flatMap((e) =>
            (e.ports ?? []).map((p) => {
                const c = {
                    from: e.from,
                    to: e.to,
                    protocol: p.protocol,
                    ports: p.protocol === "all" ? "all" : p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`,
                };
                return { key: JSON.stringify(c), f: c };
            }),
        );
    const before = connections(base);
    const after = connections(head);
    const required = (r: ReportLike) =>
        new Map(((r.reachability?.required ?? []) as RequiredLike[]).map((p) => [`${p.from}>${p.to}:${p.port}`, p]));
    const rb = required(base);
    const rh = required(head);
    const broken: NonNullable<DiffSection["reachability"]>["broken"] = [];
    const fixed: typeof broken = [];
    for (const key of new Set([...rb.keys(), ...rh.keys()])) {
        const b = rb.get(key);
        const h = rh.get(key);
        const entry = (p: RequiredLike) => ({
            from: p.from,
            to: p.to,
            port: p.port,
            why: p.why ?? "",
            before: b?.status ?? "not needed",
            after: h?.status ?? "not needed",
        });
        if (h && h.status === "missing" && b?.status !== "missing") broken.push(entry(h));
        if (b && b.status === "missing" && h?.status !== "missing") fixed.push(entry(b));
    }
    return {
        added: minus(after, before).map((x) => x.f),
        removed: minus(before, after).map((x) => x.f),
        broken,
        fixed,
    };
}

/**
 * Actions each role can perform, wildcards expanded with the pack's IAM reference
 * (policy-pack/lib/iam-document.ts expandAction); Deny statements subtract. Conditions and
 * resource scopes are not compared (the policy findings judge those). AWS-managed policies count
 * as `managed-policy:<name>` (the pack does not ship their contents); `NotAction` grants as
 * `NotAction:<patterns>`; an action missing from the reference stays as written.
 */
export function roleActions(resources: readonly ResourceLike[]): Map<string, { name: string; actions: Set<string> }> {
    const asPolicy = resources.map(
        (r) =>
            ({
                type: r.type,
                urn: r.urn,
                name: r.name,
                props: r.inputs ?? {},
                dependencies: [],
                propertyDependencies: {},
            }) as unknown as PolicyResource,
    );
    const out = new Map<string, { name: string; actions: Set<string> }>();
    for (const perms of rolePermissions(asPolicy)) {
        const allowed = new Set<string>(perms.awsManagedPolicies.map((m) => `managed-policy:${m}`));
        const denied = new Set<string>();
        for (const { location } of perms.documents) {
            const parsed = parsePolicyDocument(location.doc);
            if (!("statements" in parsed)) continue;
            for (const s of parsed.statements) {
                const target = s.effect === "Allow" ? allowed : denied;
                for (const pattern of s.actions) {
                    const expanded = expandAction(pattern);
                    for (const a of expanded.length > 0 ? expanded : [pattern]) target.add(a);
                }
                if (s.effect === "Allow" && s.notActions.length > 0) allowed.add(`NotAction:${s.notActions.join(",")}`);
            }
        }
        for (const d of denied) allowed.delete(d);
        out.set(perms.role.urn, { name: perms.role.name, actions: allowed });
    }
    return out;
}

/** Actions gained and lost per role (roles matched through renames); unchanged roles are left out. */
export function iamDelta(
    before: readonly ResourceLike[],
    after: readonly ResourceLike[],
    toBase: (urn: string) => string,
): NonNullable<DiffSection["iam"]> {
    const b = roleActions(before);
    const h = new Map([...roleActions(after)].map(([urn, v]) => [toBase(urn), { ...v, urn }]));
    const out: NonNullable<DiffSection["iam"]> = [];
    for (const key of new Set([...b.keys(), ...h.keys()])) {
        const old = b.get(key);
        const now = h.get(key);
        const gained = [...(now?.actions ?? [])].filter((a) => !old?.actions.has(a)).sort();
        const lost = [...(old?.actions ?? [])].filter((a) => !now?.actions.has(a)).sort();
        if (gained.length === 0 && lost.length === 0 && old && now) continue;
        out.push({
            role: (now ?? old)!.name,
            urn: now?.urn ?? key,
            status: !old ? "added" : !now ? "removed" : "changed",
            gained,
            lost,
        });
    }
    return out;
}

interface CostLineLike {
    item: string;
    minUsd: number;
    maxUsd: number;
}

/** Monthly cost before, after and the delta, per line item (matched by name) and in total. */
export function costDelta(base: ReportLike, head: ReportLike): NonNullable<DiffSection["cost"]> {
    const lines = (r: ReportLike) => new Map(((r.cost?.lines ?? []) as CostLineLike[]).map((l) => [l.item, l]));
    const b = lines(base);
    const h = lines(head);
    const round = (n: number) => Math.round(n * 100) / 100;
    const delta = (o?: CostLineLike, n?: CostLineLike): Omit<CostLineDelta, "item"> => ({
        beforeMinUsd: round(o?.minUsd ?? 0),
        beforeMaxUsd: round(o?.maxUsd ?? 0),
        afterMinUsd: round(n?.minUsd ?? 0),
        afterMaxUsd: round(n?.maxUsd ?? 0),
        deltaMinUsd: round((n?.minUsd ?? 0) - (o?.minUsd ?? 0)),
        deltaMaxUsd: round((n?.maxUsd ?? 0) - (o?.maxUsd ?? 0)),
    });
    const out = [...new Set([...b.keys(), ...h.keys()])].map((item) => ({ item, ...delta(b.get(item), h.get(item)) }));
    const sum = (k: keyof Omit<CostLineDelta, "item">) => round(out.reduce((s, l) => s + l[k], 0));
    return {
        lines: out,
        total: {
            beforeMinUsd: sum("beforeMinUsd"),
            beforeMaxUsd: sum("beforeMaxUsd"),
            afterMinUsd: sum("afterMinUsd"),
            afterMaxUsd: sum("afterMaxUsd"),
            deltaMinUsd: sum("deltaMinUsd"),
            deltaMaxUsd: sum("deltaMaxUsd"),
        },
    };
}

/** Items of `a` not in `b`, as multisets of keys. */
function minus<T extends { key: string }>(a: readonly T[], b: readonly T[]): T[] {
    const counts = new Map<string, number>();
    for (const x of b) counts.set(x.key, (counts.get(x.key) ?? 0) + 1);
    return a.filter((x) => {
        const n = counts.get(x.key) ?? 0;
        if (n > 0) {
            counts.set(x.key, n - 1);
            return false;
        }
        return true;
    });
}
