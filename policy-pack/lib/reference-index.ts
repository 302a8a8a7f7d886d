/**
 * Matching many resources to the many resources that name them (public access blocks to buckets,
 * lifecycle policies to repositories) in linear time: the candidates are indexed once by what their
 * `property` names, through the engine's property dependency and through the value itself, so a
 * stack policy over a stack of N buckets does not compare every bucket with every candidate.
 */
import { PolicyResource } from "@pulumi/policy";
import { at, isUnknown } from "./known-values";
import { dependenciesVia } from "./policy-support";

export class ReferenceIndex {
    private readonly byTarget = new Map<PolicyResource, PolicyResource[]>();
    private readonly byValue = new Map<string, PolicyResource[]>();
    /** Candidates whose reference is unknown (preview): they may name any target. */
    private readonly unknownRefs = new Set<PolicyResource>();

    constructor(
        readonly candidates: readonly PolicyResource[],
        property: string,
    ) {
        for (const c of candidates) {
            for (const target of new Set(dependenciesVia(c, property))) push(this.byTarget, target, c);
            const ref = at(c.props, property);
            if (isUnknown(ref)) this.unknownRefs.add(c);
            else if (typeof ref === "string" && ref !== "") push(this.byValue, ref, c);
        }
    }

    /** The candidates the engine recorded as built from `target` (certain in preview too). */
    linked(target: PolicyResource): readonly PolicyResource[] {
        return this.byTarget.get(target) ?? [];
    }

    /** The candidates whose reference equals `value` (an id, name or ARN of the target). */
    naming(value: unknown): readonly PolicyResource[] {
        return typeof value === "string" ? (this.byValue.get(value) ?? []) : [];
    }

    /** True when a candidate not linked to `target` has an unknown reference, so it might name it. */
    mayAlsoName(target: PolicyResource): boolean {
        const linked = this.linked(target);
        let unknownLinked = 0;
        for (const c of linked) if (this.unknownRefs.has(c)) unknownLinked++;
        return this.unknownRefs.size > unknownLinked;
    }

    /** How many candidates are not linked to `target` by a dependency. */
    unlinkedCount(target: PolicyResource): number {
        return this.candidates.length - this.linked(target).length;
    }
}

function push<K>(map: Map<K, PolicyResource[]>, key: K, value: PolicyResource): void {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
}
