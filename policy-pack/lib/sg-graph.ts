/**
 * The stack's security groups as a graph, for stack policies: which group each rule belongs to,
 * which group each SG-reference peer names, and which architecture tier (ALB, BFF, ...) each
 * group plays. During preview the ids are unknown, so references are resolved through the
 * engine's `propertyDependencies` (the URN of the resource an input came from), falling back to
 * matching known ids.
 */
import { PolicyResource } from "@pulumi/policy";
import { AWS_TYPE } from "./aws-types";
import { normaliseSecurityGroupRules, NormalisedRule, Peer, SECURITY_GROUP_RULE_TYPES } from "./sg-rules";
import { isUnknown, read, snapshot } from "./known-values";
import { tierOfTags } from "./service-tags";

export interface SecurityGroupNode {
    /** Undefined for a group outside the stack that config names by id. */
    readonly resource?: PolicyResource;
    readonly id?: string;
    readonly tier?: string;
}

export interface GraphRule {
    readonly rule: NormalisedRule;
    /** The resource that declared the rule (the group itself for inline rules). */
    readonly resource: PolicyResource;
    /** The group the rule belongs to; undefined when it could not be resolved. */
    readonly owner?: SecurityGroupNode;
    /** True when the owner is unresolved because its id is unknown (preview), not because it is foreign. */
    readonly ownerUnknown: boolean;
}

/** A peer, with SG references resolved to candidate groups (several when an inline list is ambiguous). */
export type ResolvedPeer = { readonly peer: Peer; readonly candidates: readonly SecurityGroupNode[] };

export interface SecurityGroupGraph {
    readonly groups: readonly SecurityGroupNode[];
    readonly rules: readonly GraphRule[];
    /** Resolves a rule's peers; `self` resolves to the owner. */
    peersOf(rule: GraphRule): ResolvedPeer[];
}

const GROUP_TYPES = [AWS_TYPE.ec2.SecurityGroup, AWS_TYPE.ec2.DefaultSecurityGroup];

/**
 * Builds the graph. A group tagged `ecs-platform:service` or `ecs-platform:tier` is of the tier
 * its tag names; for an untagged group, `tierPatterns` maps a tier name to a case-insensitive
 * regular expression over its resource name, `Name` tag, `name` and description (tried in that
 * order; the first text that matches exactly one tier decides). `externalGroups` names groups outside the stack by id.
 */
export function buildSecurityGroupGraph(
    resources: readonly PolicyResource[],
    tierPatterns: Readonly<Record<string, string>>,
    externalGroups: Readonly<Record<string, string>> = {},
): SecurityGroupGraph {
    const patterns = Object.entries(tierPatterns).map(([tier, re]) => ({ tier, re: new RegExp(re, "i") }));
    const byUrn = new Map<string, SecurityGroupNode>();
    const byId = new Map<string, SecurityGroupNode>();
    for (const r of resources) {
        if (!GROUP_TYPES.includes(r.type)) continue;
        const id = knownString(read(r.props, "id"));
        const node: SecurityGroupNode = { resource: r, id, tier: tierOf(r, patterns) };
        byUrn.set(r.urn, node);
        if (id !== undefined) byId.set(id, node);
    }
    for (const [id, tier] of Object.entries(externalGroups)) {
        if (!byId.has(id)) byId.set(id, { id, tier });
    }

    /** A group named by an input field: by known id, else by the field's property dependencies. */
    const resolve = (holder: PolicyResource, field: string, value: unknown): SecurityGroupNode[] => {
        const id = knownString(value);
        if (id !== undefined) {
            const node = byId.get(id);
            if (node) return [node];
        }
        const deps = holder.propertyDependencies[field] ?? [];
        return deps.map((d) => byUrn.get(d.urn)).filter((n): n is SecurityGroupNode => n !== undefined);
    };

    const rules: GraphRule[] = [];
    for (const r of resources) {
        if (!SECURITY_GROUP_RULE_TYPES.includes(r.type)) continue;
        for (const rule of normaliseSecurityGroupRules(r.type, r.props, { urn: r.urn, name: r.name })) {
            if (rule.shape === "inline") {
                rules.push({ rule, resource: r, owner: byUrn.get(r.urn), ownerUnknown: false });
                continue;
            }
            const owners = resolve(r, "securityGroupId", rule.securityGroupId);
            rules.push({
                rule,
                resource: r,
                owner: owners.length === 1 ? owners[0] : undefined,
                ownerUnknown: owners.length !== 1 && isUnknown(rule.securityGroupId),
            });
        }
    }

    const peersOf = (g: GraphRule): ResolvedPeer[] => {
        return g.rule.peers.map((peer): ResolvedPeer => {
            if (peer.kind === "self") return { peer, candidates: g.owner ? [g.owner] : [] };
            const isGroupRef =
                peer.kind === "securityGroup" || (peer.kind === "unknown" && peer.expected === "securityGroup");
            if (!isGroupRef) return { peer, candidates: [] };
            // Inline references share one dependency list (`ingress`/`egress`); standalone ones have their own field.
            const field = g.rule.shape === "inline" ? g.rule.direction : groupRefField(g.rule);
            const value = peer.kind === "securityGroup" ? peer.id : undefined;
            const candidates = resolve(g.resource, field, value);
            if (g.rule.shape === "inline" && value === undefined) {
                // Only groups, not the owner itself, can be the referenced peer among the inline dependencies.
                return { peer, candidates: candidates.filter((c) => c.resource?.urn !== g.resource.urn) };
            }
            return { peer, candidates };
        });
    };

    return { groups: [...byUrn.values()], rules, peersOf };
}

function groupRefField(rule: NormalisedRule): string {
    return rule.shape === "vpc-rule" ? "referencedSecurityGroupId" : "sourceSecurityGroupId";
}

function knownString(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
}

function tierOf(r: PolicyResource, patterns: { tier: string; re: RegExp }[]): string | undefined {
    const props = snapshot(r.props) as Record<string, unknown>;
    const tags = props.tags as Record<string, unknown> | undefined;
    // The program says what a group is; a description that mentions "load balancer" does not.
    const tagged = tierOfTags(tags);
    if (tagged !== undefined) return tagged;
    const texts = [r.name, tags && typeof tags === "object" ? tags.Name : undefined, props.name, props.description];
    for (const text of texts) {
        if (typeof text !== "string") continue;
        const matches = patterns.filter((p) => p.re.test(text));
        if (matches.length === 1) return matches[0].tier;
    }
    return undefined;
}
