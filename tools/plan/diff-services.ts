/**
 * The services a change adds, removes or moves to another kind, read from the tags the program
 * sets on each service's resources (`ecs-platform:service`, `ecs-platform:kind`), so a reviewer
 * sees "orders-api (http) added: 14 resources" before the resource rows it explains. Tags, not
 * names: a renamed service shows as one removed and one added, which is what it does to state.
 */
import { serviceOfTags, ServiceKindValue } from "../../policy-pack/lib/service-tags";
import type { DiffSection } from "./diff-schema";
import type { ResourceLike } from "./diff";

interface Tagged {
    readonly kind: ServiceKindValue;
    /** Resources carrying the service's tags (its untagged children, e.g. listener rules, not counted). */
    readonly resources: number;
}

/** Service name -> its kind and tagged resources, in first-seen order. */
export function servicesOf(resources: readonly ResourceLike[]): Map<string, Tagged> {
    const out = new Map<string, Tagged>();
    for (const r of resources) {
        const tagged = serviceOfTags(r.inputs?.tags);
        if (!tagged) continue;
        const seen = out.get(tagged.service);
        out.set(tagged.service, { kind: seen?.kind ?? tagged.kind, resources: (seen?.resources ?? 0) + 1 });
    }
    return out;
}

export function servicesDelta(
    before: readonly ResourceLike[],
    after: readonly ResourceLike[],
): NonNullable<DiffSection["services"]> {
    const base = servicesOf(before);
    const head = servicesOf(after);
    const entry = (name: string, t: Tagged) => ({ name, kind: t.kind, resources: t.resources });
    return {
        added: [...head].filter(([n]) => !base.has(n)).map(([n, t]) => entry(n, t)),
        removed: [...base].filter(([n]) => !head.has(n)).map(([n, t]) => entry(n, t)),
        kindChanged: [...head]
            .filter(([n, t]) => base.has(n) && base.get(n)!.kind !== t.kind)
            .map(([n, t]) => ({ name: n, from: base.get(n)!.kind, to: t.kind })),
    };
}

/** Markdown lines for the services that appear, disappear or change kind (none when none do). */
export function servicesMarkdown(s: DiffSection["services"]): string[] {
    if (!s || s.added.length + s.removed.length + s.kindChanged.length === 0) return [];
    const n = (k: number) => `${k} tagged resource${k === 1 ? "" : "s"}`;
    return [
        "Services:",
        ...s.added.map((a) => `- **${a.name}** (${a.kind}) added: ${n(a.resources)}`),
        ...s.removed.map((r) => `- **${r.name}** (${r.kind}) removed: ${n(r.resources)} deleted`),
        ...s.kindChanged.map((c) => `- **${c.name}** changes kind ${c.from} -> ${c.to}`),
        "",
    ];
}
