/**
 * One model for security-group rules, whatever shape declared them:
 *
 * - inline `ingress[]`/`egress[]` of `aws.ec2.SecurityGroup` (and `aws.ec2.DefaultSecurityGroup`),
 * - standalone `aws.ec2.SecurityGroupRule` (`type: ingress|egress`),
 * - standalone `aws.vpc.SecurityGroupIngressRule` / `SecurityGroupEgressRule` (one peer each).
 *
 * Policies, the program's tests and the offline reachability plan all read rules through here, so
 * a check written once sees every shape. Unknown values (preview) never throw: an unknown peer is a
 * `{ kind: "unknown" }` peer and an unknown protocol/port/direction is listed in `rule.unknown`,
 * so a caller can still decide on the known parts (a known `0.0.0.0/0` next to an unknown SG id).
 */
import { isUnknown, Maybe, snapshot, UNKNOWN } from "./known-values";
import { AWS_TYPE } from "./aws-types";
export const EC2_RULE = AWS_TYPE.ec2.SecurityGroupRule;

/** Every type token whose props this module understands. */
export const SECURITY_GROUP_RULE_TYPES: readonly string[] = [
    AWS_TYPE.ec2.SecurityGroup,
    AWS_TYPE.ec2.DefaultSecurityGroup,
    EC2_RULE,
    AWS_TYPE.vpc.SecurityGroupIngressRule,
    AWS_TYPE.vpc.SecurityGroupEgressRule,
];
/** The types that can declare ingress. */
export const INGRESS_CAPABLE_TYPES: readonly string[] = [
    AWS_TYPE.ec2.SecurityGroup,
    AWS_TYPE.ec2.DefaultSecurityGroup,
    EC2_RULE,
    AWS_TYPE.vpc.SecurityGroupIngressRule,
];

export type Direction = "ingress" | "egress";
export type RuleShape = "inline" | "ec2-rule" | "vpc-rule";
/** What an unknown peer would have been, had it been known. `any`: the whole rule was unknown. */
export type UnknownPeerKind = "cidr4" | "cidr6" | "securityGroup" | "prefixList" | "self" | "any";

export type Peer =
    | { readonly kind: "cidr"; readonly cidr: string; readonly version: 4 | 6 }
    | { readonly kind: "securityGroup"; readonly id: string }
    | { readonly kind: "self" }
    | { readonly kind: "prefixList"; readonly id: string }
    | { readonly kind: "unknown"; readonly expected: UnknownPeerKind; readonly field: string };

export interface NormalisedRule {
    readonly direction: Direction;
    /** The group the rule belongs to; undefined for inline rules (the group itself), `UNKNOWN` at preview. */
    readonly securityGroupId?: Maybe<string>;
    /** `all`, `tcp`, `udp`, `icmp`, `icmpv6`, or another IP protocol number as a string. */
    readonly protocol: string;
    /** Port range (ICMP: type/code as given). `all` protocols and non-port protocols span 0-65535. */
    readonly fromPort: number;
    readonly toPort: number;
    readonly peers: readonly Peer[];
    readonly description?: string;
    readonly shape: RuleShape;
    /** Where the rule sits in its resource: `ingress[2]` for inline rules, `rule` for standalone ones. */
    readonly path: string;
    /**
     * Fields that were unknown: `direction`, `protocol`, `ports`, `rule` (the whole inline entry).
     * Unknown fields are filled conservatively (ingress, all protocols, all ports).
     */
    readonly unknown: readonly string[];
    readonly urn?: string;
    readonly name?: string;
}

const ALL_PORTS: readonly [number, number] = [0, 65535];

/** Normalises the rules a resource declares; `[]` for types that declare none. */
export function normaliseSecurityGroupRules(
    type: string,
    props: Record<string, any>,
    ctx: { urn?: string; name?: string } = {},
): NormalisedRule[] {
    const p = snapshot(props) as Record<string, unknown>;
    if (p === null || typeof p !== "object") return [];
    switch (type) {
        case AWS_TYPE.ec2.SecurityGroup:
        case AWS_TYPE.ec2.DefaultSecurityGroup:
            return [...inlineRules(p, "ingress", ctx), ...inlineRules(p, "egress", ctx)];
        case EC2_RULE:
            return [ec2Rule(p, ctx)];
        case AWS_TYPE.vpc.SecurityGroupIngressRule:
            return [vpcRule(p, "ingress", ctx)];
        case AWS_TYPE.vpc.SecurityGroupEgressRule:
            return [vpcRule(p, "egress", ctx)];
        default:
            return [];
    }
}

function inlineRules(p: Record<string, unknown>, direction: Direction, ctx: Ctx): NormalisedRule[] {
    const list = p[direction];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) return [unknownRule(direction, direction, ctx)];
    return list.map((entry, i) => {
        const path = `${direction}[${i}]`;
        if (entry === null || typeof entry !== "object") return unknownRule(direction, path, ctx);
        const r = entry as Record<string, unknown>;
        const peers = [
            ...cidrPeers(r.cidrBlocks, 4, `${path}.cidrBlocks`),
            ...cidrPeers(r.ipv6CidrBlocks, 6, `${path}.ipv6CidrBlocks`),
            ...idPeers(r.securityGroups, "securityGroup", `${path}.securityGroups`),
            ...idPeers(r.prefixListIds, "prefixList", `${path}.prefixListIds`),
            ...selfPeer(r.self, `${path}.self`),
        ];
        return build({ direction, shape: "inline", path, raw: r, protocolField: "protocol", peers, ctx });
    });
}

function ec2Rule(p: Record<string, unknown>, ctx: Ctx): NormalisedRule {
    const unknown: string[] = [];
    let direction: Direction = "ingress";
    if (isUnknown(p.type)) unknown.push("direction");
    else if (p.type === "egress") direction = "egress";
    const peers = [
        ...cidrPeers(p.cidrBlocks, 4, "cidrBlocks"),
        ...cidrPeers(p.ipv6CidrBlocks, 6, "ipv6CidrBlocks"),
        ...idPeers(p.sourceSecurityGroupId, "securityGroup", "sourceSecurityGroupId"),
        ...idPeers(p.prefixListIds, "prefixList", "prefixListIds"),
        ...selfPeer(p.self, "self"),
    ];
    return build({
        direction,
        shape: "ec2-rule",
        path: "rule",
        raw: p,
        protocolField: "protocol",
        peers,
        ctx,
        unknown,
    });
}

function vpcRule(p: Record<string, unknown>, direction: Direction, ctx: Ctx): NormalisedRule {
    const peers = [
        ...cidrPeers(p.cidrIpv4, 4, "cidrIpv4"),
        ...cidrPeers(p.cidrIpv6, 6, "cidrIpv6"),
        ...idPeers(p.referencedSecurityGroupId, "securityGroup", "referencedSecurityGroupId"),
        ...idPeers(p.prefixListId, "prefixList", "prefixListId"),
    ];
    return build({ direction, shape: "vpc-rule", path: "rule", raw: p, protocolField: "ipProtocol", peers, ctx });
}

type Ctx = { urn?: string; name?: string };

function build(a: {
    direction: Direction;
    shape: RuleShape;
    path: string;
    raw: Record<string, unknown>;
    protocolField: string;
    peers: Peer[];
    ctx: Ctx;
    unknown?: string[];
}): NormalisedRule {
    const unknown = a.unknown ?? [];
    const rawProtocol = a.raw[a.protocolField];
    let protocol = "all";
    if (isUnknown(rawProtocol)) unknown.push("protocol");
    else if (rawProtocol !== undefined && rawProtocol !== null) protocol = normaliseProtocol(String(rawProtocol));
    const from = a.raw.fromPort;
    const to = a.raw.toPort;
    // Ports only matter for port protocols (and ICMP types); `all` and others span every port anyway.
    const portsMatter = ["tcp", "udp", "icmp", "icmpv6"].includes(protocol) || unknown.includes("protocol");
    let ports: readonly [number, number];
    if (portsMatter && (isUnknown(from) || isUnknown(to))) {
        unknown.push("ports");
        ports = ALL_PORTS;
    } else {
        ports = portRange(
            protocol,
            asNumber(isUnknown(from) ? undefined : from),
            asNumber(isUnknown(to) ? undefined : to),
        );
    }
    const description = a.raw.description;
    return {
        direction: a.direction,
        securityGroupId: a.shape === "inline" ? undefined : idOrUnknown(a.raw.securityGroupId),
        protocol,
        fromPort: ports[0],
        toPort: ports[1],
        peers: a.peers,
        // A description computed from another resource is still a description.
        description: isUnknown(description) ? "(unknown during preview)" : nonEmptyString(description),
        shape: a.shape,
        path: a.path,
        unknown,
        urn: a.ctx.urn,
        name: a.ctx.name,
    };
}

function unknownRule(direction: Direction, path: string, ctx: Ctx): NormalisedRule {
    return {
        direction,
        protocol: "all",
        fromPort: ALL_PORTS[0],
        toPort: ALL_PORTS[1],
        peers: [{ kind: "unknown", expected: "any", field: path }],
        description: "(unknown during preview)",
        shape: "inline",
        path,
        unknown: ["rule", "protocol", "ports"],
        urn: ctx.urn,
        name: ctx.name,
    };
}

/** `-1`/`all` -> `all`, `6` -> `tcp`, `17` -> `udp`, `1` -> `icmp`, `58` -> `icmpv6`; case-insensitive. */
export function normaliseProtocol(raw: string): string {
    const p = raw.trim().toLowerCase();
    switch (p) {
        case "-1":
        case "all":
        case "":
            return "all";
        case "6":
        case "tcp":
            return "tcp";
        case "17":
        case "udp":
            return "udp";
        case "1":
        case "icmp":
            return "icmp";
        case "58":
        case "icmpv6":
        case "icmp-v6":
            return "icmpv6";
        default:
            return p;
    }
}

function portRange(protocol: string, from: number | undefined, to: number | undefined): readonly [number, number] {
    if (protocol === "tcp" || protocol === "udp") {
        // -1 (or a missing bound) on a port protocol means every port.
        const lo = from === undefined || from < 0 ? ALL_PORTS[0] : from;
        const hi = to === undefined || to < 0 ? ALL_PORTS[1] : to;
        return lo <= hi ? [lo, hi] : [hi, lo];
    }
    if (protocol === "icmp" || protocol === "icmpv6") return [from ?? -1, to ?? -1];
    // `all`, and any other IP protocol: AWS ignores the ports and admits all of them.
    return ALL_PORTS;
}

function asNumber(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v);
    return undefined;
}

function nonEmptyString(v: unknown): string | undefined {
    return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

function idOrUnknown(v: unknown): Maybe<string> | undefined {
    if (isUnknown(v)) return UNKNOWN;
    return nonEmptyString(v);
}

function cidrPeers(value: unknown, version: 4 | 6, field: string): Peer[] {
    const expected = version === 4 ? "cidr4" : "cidr6";
    return listOf(value).map((v, i): Peer => {
        if (isUnknown(v)) return { kind: "unknown", expected, field: indexed(field, value, i) };
        const cidr = String(v);
        // The family comes from the text when it parses (an IPv6 block in cidrBlocks is still IPv6).
        const parsedVersion = cidr.includes(":") ? 6 : cidr.includes(".") ? 4 : version;
        return { kind: "cidr", cidr, version: parsedVersion };
    });
}

function idPeers(value: unknown, kind: "securityGroup" | "prefixList", field: string): Peer[] {
    return listOf(value).map((v, i): Peer => {
        if (isUnknown(v)) return { kind: "unknown", expected: kind, field: indexed(field, value, i) };
        return { kind, id: String(v) };
    });
}

function selfPeer(value: unknown, field: string): Peer[] {
    if (isUnknown(value)) return [{ kind: "unknown", expected: "self", field }];
    return value === true ? [{ kind: "self" }] : [];
}

/** A string, a list, or an unknown list (kept as one `UNKNOWN` element); empty strings dropped. */
function listOf(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    if (isUnknown(value)) return [UNKNOWN];
    const items = Array.isArray(value) ? value : [value];
    return items.filter((v) => v !== undefined && v !== null && v !== "");
}

function indexed(field: string, value: unknown, i: number): string {
    return Array.isArray(value) ? `${field}[${i}]` : field;
}

/** True for every protocol, or a port protocol's whole port range. */
export function isAllTraffic(rule: NormalisedRule): boolean {
    if (rule.protocol === "all") return true;
    return (
        (rule.protocol === "tcp" || rule.protocol === "udp") &&
        rule.fromPort <= ALL_PORTS[0] &&
        rule.toPort >= ALL_PORTS[1]
    );
}

/** True when the rule admits `port` of `protocol` (tcp unless given). */
export function coversPort(rule: NormalisedRule, port: number, protocol: "tcp" | "udp" = "tcp"): boolean {
    if (rule.protocol === "all") return true;
    if (rule.protocol !== protocol) return false;
    return rule.fromPort <= port && port <= rule.toPort;
}

/** True when the rule's ports are exactly `port` of `protocol` (and nothing wider). */
export function isSinglePort(rule: NormalisedRule, port: number, protocol: "tcp" | "udp" = "tcp"): boolean {
    return rule.protocol === protocol && rule.fromPort === port && rule.toPort === port;
}

/** A short, value-free label of a rule for violation messages: `ingress rule 3` or `standalone egress rule`. */
export function describeRule(rule: NormalisedRule): string {
    if (rule.shape !== "inline") return `standalone ${rule.direction} rule`;
    const m = /\[(\d+)\]$/.exec(rule.path);
    return m ? `${rule.direction} rule ${Number(m[1]) + 1}` : `${rule.direction} rules`;
}
