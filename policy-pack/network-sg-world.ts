/**
 * Network policies about the internet as a security-group source (NET-01): world-open or broad
 * public CIDRs in any rule shape, one resource at a time and across standalone rules of one group.
 * Messages name rules by position, never CIDRs or ids.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isWaived, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { Broadness, DEFAULT_BROADNESS, judgeCidr, unionWorldOpen } from "./lib/exposure";
import { buildSecurityGroupGraph, GraphRule, SecurityGroupNode } from "./lib/sg-graph";
import { describeRule, INGRESS_CAPABLE_TYPES, normaliseSecurityGroupRules, NormalisedRule, Peer } from "./lib/sg-rules";
import { cannotDecide } from "./lib/policy-support";

/** Lets a named resource (the public ALB's group) be world-open on listed tcp ports only, with a reason. */
interface PublicIngressException {
    readonly pattern: string;
    readonly ports: readonly number[];
    readonly reason: string;
}

interface WorldIngressConfig {
    readonly maxPrefixV4?: number;
    readonly maxPrefixV6?: number;
    readonly publicIngress?: readonly PublicIngressException[];
}

const worldIngressConfigSchema: Record<string, PolicyConfigJSONSchema> = {
    maxPrefixV4: {
        type: "integer",
        minimum: 0,
        maximum: 32,
        default: DEFAULT_BROADNESS.maxPrefixV4,
        description: "Public IPv4 blocks this wide or wider (prefix length <= this) count as the internet.",
    },
    maxPrefixV6: {
        type: "integer",
        minimum: 0,
        maximum: 128,
        default: DEFAULT_BROADNESS.maxPrefixV6,
        description: "Public IPv6 blocks this wide or wider count as the internet.",
    },
    publicIngress: {
        type: "array",
        description: "Resources (regex over name or URN) that may be world-open, on these tcp ports only, and why.",
        items: {
            type: "object",
            properties: {
                pattern: { type: "string", minLength: 1 },
                ports: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, minItems: 1 },
                reason: { type: "string", minLength: 10 },
            },
            required: ["pattern", "ports", "reason"],
            additionalProperties: false,
        },
    },
};

function broadnessOf(c: WorldIngressConfig): Broadness {
    return {
        maxPrefixV4: c.maxPrefixV4 ?? DEFAULT_BROADNESS.maxPrefixV4,
        maxPrefixV6: c.maxPrefixV6 ?? DEFAULT_BROADNESS.maxPrefixV6,
    };
}

type Exemption = "exempt" | "not-exempt" | "unknown";

/** Whether a rule of resource `name`/`urn` is covered by a public-ingress exception. */
function exemption(c: WorldIngressConfig, rule: NormalisedRule, name: string, urn: string): Exemption {
    const matching = (c.publicIngress ?? []).filter((e) => isWaived({ exclude: [e] }, name, urn));
    if (matching.length === 0) return "not-exempt";
    if (rule.unknown.includes("protocol") || rule.unknown.includes("ports")) return "unknown";
    if (rule.protocol !== "tcp") return "not-exempt";
    const ports = new Set(matching.flatMap((e) => e.ports));
    for (let p = rule.fromPort; p <= rule.toPort; p++) if (!ports.has(p)) return "not-exempt";
    return "exempt";
}

const family = (v: 4 | 6) => `IPv${v}`;

/** A rule that is, or may be (direction unknown at preview), ingress. */
export const mayBeIngress = (r: NormalisedRule) => r.direction === "ingress" || r.unknown.includes("direction");

/** NET-01 (seed T029): no source that is the internet, by CIDR math, in any rule shape. */
export const noWorldIngress = resourcePolicy(
    {
        name: "sg-no-world-ingress",
        area: "network",
        description: "Security groups admit no ingress from the whole internet (IPv4 or IPv6), in any rule shape.",
        why:
            "Only the load balancer faces the internet, and only through CloudFront or listed CIDRs; a world-open " +
            "rule on any other group exposes tasks, the database or endpoints directly.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Replace the 0.0.0.0/0, ::/0 or broad public CIDR source with a security-group reference, a prefix " +
            "list or a narrow CIDR. For the public ALB, list it under `publicIngress` with its ports and a reason.",
        anchors: [
            "CKV_AWS_24",
            "CKV_AWS_25",
            "CKV_AWS_260",
            "CKV_AWS_277",
            "AwsSolutions-EC23",
            "KICS:4728cd65-a20c-49da-8b31-9c08b423e4db",
        ],
        config: worldIngressConfigSchema,
    },
    INGRESS_CAPABLE_TYPES,
    (props, args, report) => {
        const config = args.getConfig<WorldIngressConfig>();
        const broadness = broadnessOf(config);
        const rules = normaliseSecurityGroupRules(args.type, props, { urn: args.urn, name: args.name }).filter(
            mayBeIngress,
        );
        const pending: string[] = [];
        const flagged = new Set<NormalisedRule>();
        for (const rule of rules) {
            const exempt = exemption(config, rule, args.name, args.urn);
            for (const peer of rule.peers) {
                const problem = worldProblem(peer, broadness);
                if (problem === undefined) continue;
                if (problem === "unknown") {
                    if (exempt !== "exempt") pending.push(peer.kind === "unknown" ? peer.field : rule.path);
                    continue;
                }
                if (exempt === "exempt" && problem !== "malformed") continue;
                if (exempt === "unknown" || rule.unknown.includes("direction")) {
                    pending.push(`${rule.path}.${exempt === "unknown" ? "ports" : "type"}`);
                    continue;
                }
                report(`${describeRule(rule)} ${problem}.`);
                flagged.add(rule);
            }
        }
        const unionCandidates = rules.filter(
            (r) => r.direction === "ingress" && exemption(config, r, args.name, args.urn) === "not-exempt",
        );
        for (const open of unionWorldOpen(unionCandidates)) {
            if (open.rules.some((r) => flagged.has(r))) continue;
            report(
                `the ingress rules of this security group together admit every ${family(open.version)} address ` +
                    `on a common port (narrower blocks that add up to the whole space).`,
            );
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);

/** Why a peer is (or may be) the internet; undefined when it is not. */
function worldProblem(peer: Peer, broadness: Broadness): string | "unknown" | undefined {
    if (peer.kind === "unknown") {
        return peer.expected === "cidr4" || peer.expected === "cidr6" || peer.expected === "any"
            ? "unknown"
            : undefined;
    }
    if (peer.kind !== "cidr") return undefined;
    const max = peer.version === 4 ? broadness.maxPrefixV4 : broadness.maxPrefixV6;
    switch (judgeCidr(peer.cidr, broadness)) {
        case "world":
            return `admits every ${family(peer.version)} address (a /0 source)`;
        case "broad":
            return `admits a public ${family(peer.version)} block at least as wide as /${max}`;
        case "malformed":
            return "has a source CIDR that does not parse, so its reach cannot be judged";
        default:
            return undefined;
    }
}

/** NET-01, across resources: standalone rules of one group whose sources add up to the internet. */
export const noWorldIngressCombined = stackPolicy(
    {
        name: "sg-no-world-ingress-combined",
        area: "network",
        description:
            "The ingress rules of one security group, across standalone rule resources, do not add up to the whole internet.",
        why:
            "Two rule resources admitting 0.0.0.0/1 and 128.0.0.0/1 on the same port are as open as 0.0.0.0/0, " +
            "though each looks narrow on its own.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Replace the CIDR sources of the group's rules with security-group references, prefix lists or narrow CIDRs.",
        anchors: ["CKV_AWS_24", "CKV_AWS_277", "AwsSolutions-EC23", "KICS:4728cd65-a20c-49da-8b31-9c08b423e4db"],
        config: worldIngressConfigSchema,
    },
    (args, report) => {
        const config = args.getConfig<WorldIngressConfig>();
        const broadness = broadnessOf(config);
        const graph = buildSecurityGroupGraph(args.resources, {});
        const byOwner = new Map<SecurityGroupNode, GraphRule[]>();
        for (const g of graph.rules) {
            if (g.rule.direction !== "ingress" || !g.owner) continue;
            if (exemption(config, g.rule, g.resource.name, g.resource.urn) !== "not-exempt") continue;
            byOwner.set(g.owner, [...(byOwner.get(g.owner) ?? []), g]);
        }
        for (const [owner, gs] of byOwner) {
            if (new Set(gs.map((g) => g.resource.urn)).size < 2) continue; // one resource: sg-no-world-ingress decides
            for (const open of unionWorldOpen(gs.map((g) => g.rule))) {
                const individuallyOpen = open.rules.some((r) =>
                    r.peers.some((p) => p.kind === "cidr" && judgeCidr(p.cidr, broadness) !== "narrow"),
                );
                if (individuallyOpen) continue;
                report(
                    `the ingress rules of a security group, declared in ${open.rules.length} rules, together admit ` +
                        `every ${family(open.version)} address on a common port.`,
                    owner.resource?.urn,
                );
            }
        }
    },
);
