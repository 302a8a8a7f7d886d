/**
 * Is a source "the internet"? Judged by address math on parsed CIDRs (see cidr.ts), never by
 * string equality: `0.0.0.0/0`, `00.0.0.0/0`, `::/0`, a block at least as wide as a configurable
 * prefix (`0.0.0.0/1`, `::/1`, `2000::/3`), and the union of several narrower blocks that together
 * cover a whole family on the same port (`0.0.0.0/1` + `128.0.0.0/1`).
 */
import { cidrContains, parseCidr, unionCoversFamily } from "./cidr";
import { NormalisedRule } from "./sg-rules";

/** Prefix lengths at or below which a public block counts as "the internet". */
export interface Broadness {
    readonly maxPrefixV4: number;
    readonly maxPrefixV6: number;
}

/**
 * /8 for IPv4 (16 M addresses); /32 for IPv6: a VPC's own IPv6 block is a /56 of global unicast
 * space, so an IPv6 threshold must sit well above it, not at the IPv4-equivalent address count.
 */
export const DEFAULT_BROADNESS: Broadness = { maxPrefixV4: 8, maxPrefixV6: 32 };

/** Ranges that are never reachable from the internet: a broad block inside one is not "public". */
const NON_PUBLIC: readonly string[] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

export type CidrVerdict = "world" | "broad" | "narrow" | "malformed";

/** Classifies one CIDR: the whole family, a broad public block, a narrow or private one, or unparsable. */
export function judgeCidr(text: string, broadness: Broadness = DEFAULT_BROADNESS): CidrVerdict {
    const c = parseCidr(text);
    if (!c) return "malformed";
    if (c.prefix === 0) return "world";
    const max = c.version === 4 ? broadness.maxPrefixV4 : broadness.maxPrefixV6;
    if (c.prefix <= max && !NON_PUBLIC.some((range) => cidrContains(range, text))) return "broad";
    return "narrow";
}

/** A port (or ICMP type) of a protocol at which rules can be sampled. */
interface Point {
    readonly protocol: string;
    readonly port: number;
}

function covers(rule: NormalisedRule, point: Point): boolean {
    if (rule.protocol === "all") return true;
    return rule.protocol === point.protocol && rule.fromPort <= point.port && point.port <= rule.toPort;
}

/**
 * The protocol/port points at which the union of the rules' CIDR sources covers a whole address
 * family. The union can only change at a rule's first port, so sampling there is exact.
 * Returns one entry per family found open, with the rules that make it so.
 */
export function unionWorldOpen(rules: readonly NormalisedRule[]): { version: 4 | 6; rules: NormalisedRule[] }[] {
    const points: Point[] = [];
    for (const r of rules) points.push({ protocol: r.protocol === "all" ? "all" : r.protocol, port: r.fromPort });
    const found = new Map<4 | 6, NormalisedRule[]>();
    for (const point of points) {
        const covering = rules.filter((r) => covers(r, point));
        for (const version of [4, 6] as const) {
            if (found.has(version)) continue;
            const cidrs = covering.flatMap((r) =>
                r.peers.flatMap((p) => (p.kind === "cidr" && p.version === version ? [p.cidr] : [])),
            );
            if (unionCoversFamily(cidrs, version)) found.set(version, covering);
        }
    }
    return [...found].map(([version, rs]) => ({ version, rules: rs }));
}
