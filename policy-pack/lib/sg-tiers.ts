/**
 * The architecture's traffic map, as data: which tier may talk to which, on which port.
 *
 *   internet/CloudFront --443/80--> ALB --3000--> BFF --8080--> AgentCore
 *   BFF, AgentCore --443--> VPC endpoints (and S3 prefix list);  --5432--> database
 *
 * A rule of a tiered security group is compliant when one flow of its tier admits it: a single
 * tcp port listed by the flow and every peer allowed by the flow. Policy config can replace the map.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { cidrContains } from "./cidr";
import { GraphRule, ResolvedPeer, SecurityGroupGraph } from "./sg-graph";
import { SEED_SERVICES } from "./architecture";
import { tierMapFor } from "./service-policy-config";

/** Allowed traffic: tcp `ports`, with `peers` = tier names, `"cidr"` and/or `"prefixList"`. */
export interface Flow {
    readonly ports: readonly number[];
    readonly peers: readonly string[];
    /** When set, CIDR peers must lie inside one of these blocks. */
    readonly cidrs?: readonly string[];
    /** When set, prefix-list peers must be one of these ids (unknown ids during preview pass). */
    readonly prefixLists?: readonly string[];
}

export interface TierSpec {
    /**
     * For groups without the program's tags only: a case-insensitive regular expression over the
     * group's resource name, Name tag, name, description. A tagged group's tier is its tag
     * (`ecs-platform:service` or `ecs-platform:tier`, lib/service-tags.ts), whatever its description says.
     */
    readonly match?: string;
    readonly ingress?: readonly Flow[];
    /** Only tiers with an egress map have their egress checked (the task tiers). */
    readonly egress?: readonly Flow[];
}

export type TierMap = Readonly<Record<string, TierSpec>>;

/**
 * Without per-stack config: the seed's architecture (the BFF behind the ALB calling AgentCore,
 * both reaching the database), with name patterns for stacks whose groups carry no tags.
 * A stack with other services takes its map from policy-pack/config/<stack>.json, generated
 * from its `services` (lib/service-policy-config.ts).
 */
const SEED_TIERS = tierMapFor(SEED_SERVICES);
export const DEFAULT_TIERS: TierMap = {
    ...SEED_TIERS,
    bff: { ...SEED_TIERS.bff, match: "bff" },
    agentcore: { ...SEED_TIERS.agentcore, match: "agent-?core" },
};

const flowSchema: PolicyConfigJSONSchema = {
    type: "array",
    items: {
        type: "object",
        properties: {
            ports: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 } },
            peers: { type: "array", items: { type: "string" } },
            cidrs: { type: "array", items: { type: "string" } },
            prefixLists: { type: "array", items: { type: "string" } },
        },
        required: ["ports", "peers"],
        additionalProperties: false,
    },
};

export const tierConfigSchema: Record<string, PolicyConfigJSONSchema> = {
    tiers: {
        type: "object",
        description:
            "Tier name -> { match (for untagged groups: regex over the group's name/tags/description), ingress, egress flows }. A group tagged ecs-platform:service or ecs-platform:tier is of the tier its tag names.",
        additionalProperties: {
            type: "object",
            properties: { match: { type: "string" }, ingress: flowSchema, egress: flowSchema },
            additionalProperties: false,
        },
    },
    externalSecurityGroups: {
        type: "object",
        description: "Security groups outside the stack: id -> tier name.",
        additionalProperties: { type: "string" },
    },
};

export interface TierConfig {
    readonly tiers?: TierMap;
    readonly externalSecurityGroups?: Readonly<Record<string, string>>;
}

export function tierPatterns(tiers: TierMap): Record<string, string> {
    return Object.fromEntries(
        Object.entries(tiers).flatMap(([t, s]) => (s.match === undefined ? [] : [[t, s.match] as const])),
    );
}

export type FlowVerdict =
    | { readonly kind: "ok" }
    | { readonly kind: "violation"; readonly reason: string }
    | { readonly kind: "unknown"; readonly field: string };

/** Judges one rule against its tier's flows. */
export function judgeAgainstFlows(graph: SecurityGroupGraph, g: GraphRule, flows: readonly Flow[]): FlowVerdict {
    const r = g.rule;
    const unknownField = r.unknown.find((f) => f === "rule" || f === "protocol" || f === "ports");
    if (unknownField) return { kind: "unknown", field: `${r.path}.${unknownField}` };
    const portFlows = flows.filter(
        (f) => r.protocol === "tcp" && r.fromPort === r.toPort && f.ports.includes(r.fromPort),
    );
    if (portFlows.length === 0) {
        const allowed = [...new Set(flows.flatMap((f) => f.ports))].join(", ");
        return {
            kind: "violation",
            reason: `admits traffic other than single tcp ports of the map (${allowed || "none"})`,
        };
    }
    let unknown: string | undefined;
    for (const rp of graph.peersOf(g)) {
        const verdicts = portFlows.map((f) => judgePeer(rp, f));
        if (verdicts.includes("ok")) continue;
        if (verdicts.includes("unknown")) {
            unknown ??= rp.peer.kind === "unknown" ? rp.peer.field : r.path;
            continue;
        }
        const allowedPeers = [...new Set(portFlows.flatMap((f) => f.peers))].join(", ");
        return { kind: "violation", reason: `on tcp ${r.fromPort} admits ${peerLabel(rp)}; allowed: ${allowedPeers}` };
    }
    return unknown !== undefined ? { kind: "unknown", field: unknown } : { kind: "ok" };
}

function judgePeer(rp: ResolvedPeer, flow: Flow): "ok" | "no" | "unknown" {
    const p = rp.peer;
    switch (p.kind) {
        case "cidr":
            if (!flow.peers.includes("cidr")) return "no";
            return !flow.cidrs || flow.cidrs.some((c) => cidrContains(c, p.cidr)) ? "ok" : "no";
        case "prefixList":
            if (!flow.peers.includes("prefixList")) return "no";
            return !flow.prefixLists || flow.prefixLists.includes(p.id) ? "ok" : "no";
        case "self":
        case "securityGroup":
            return judgeGroups(rp, flow, p.kind === "securityGroup");
        case "unknown":
            switch (p.expected) {
                case "cidr4":
                case "cidr6":
                    if (!flow.peers.includes("cidr")) return "no";
                    return flow.cidrs ? "unknown" : "ok";
                case "prefixList":
                    if (!flow.peers.includes("prefixList")) return "no";
                    return "ok";
                case "securityGroup":
                    return judgeGroups(rp, flow, false);
                default:
                    return "unknown";
            }
    }
}

function judgeGroups(rp: ResolvedPeer, flow: Flow, idKnown: boolean): "ok" | "no" | "unknown" {
    if (rp.candidates.length === 0) return idKnown ? "no" : "unknown";
    return rp.candidates.every((c) => c.tier !== undefined && flow.peers.includes(c.tier)) ? "ok" : "no";
}

function peerLabel(rp: ResolvedPeer): string {
    const p = rp.peer;
    switch (p.kind) {
        case "cidr":
            return `an IPv${p.version} CIDR source`;
        case "prefixList":
            return "a prefix list not in the map";
        case "self":
            return "its own group (self)";
        case "securityGroup": {
            const tiers = rp.candidates.map((c) => c.tier ?? "untiered");
            return tiers.length
                ? `a security group of tier ${tiers.join("/")}`
                : "a security group outside the stack's tiers";
        }
        case "unknown": {
            const tiers = rp.candidates.map((c) => c.tier ?? "untiered");
            return tiers.length ? `a security group of tier ${tiers.join("/")}` : `a source of kind ${p.expected}`;
        }
    }
}
