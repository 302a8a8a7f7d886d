/**
 * Sets of (protocol, port range) as security-group rules express them, with the two operations
 * reachability needs: union (several rules on one side) and intersection (egress meets ingress).
 */

export interface PortRange {
    /** `all`, `tcp`, `udp`, `icmp`, `icmpv6` or another IP protocol number. */
    readonly protocol: string;
    readonly from: number;
    readonly to: number;
}

export type PortSet = readonly PortRange[];

export const ALL_TRAFFIC: PortSet = [{ protocol: "all", from: 0, to: 65535 }];

/** Union, merged and sorted: `all` swallows everything; ranges of one protocol coalesce. */
export function normalise(ranges: readonly PortRange[]): PortRange[] {
    if (ranges.some((r) => r.protocol === "all")) return [...ALL_TRAFFIC];
    const byProtocol = new Map<string, PortRange[]>();
    for (const r of ranges) byProtocol.set(r.protocol, [...(byProtocol.get(r.protocol) ?? []), r]);
    const out: PortRange[] = [];
    for (const protocol of [...byProtocol.keys()].sort()) {
        const sorted = [...byProtocol.get(protocol)!].sort((a, b) => a.from - b.from);
        let current: PortRange | undefined;
        for (const r of sorted) {
            if (current && r.from <= current.to + 1) {
                current = { protocol, from: current.from, to: Math.max(current.to, r.to) };
            } else {
                if (current) out.push(current);
                current = r;
            }
        }
        if (current) out.push(current);
    }
    return out;
}

export function intersect(a: PortSet, b: PortSet): PortRange[] {
    const out: PortRange[] = [];
    for (const x of a) {
        for (const y of b) {
            if (x.protocol === "all") out.push(y);
            else if (y.protocol === "all") out.push(x);
            else if (x.protocol === y.protocol) {
                const from = Math.max(x.from, y.from);
                const to = Math.min(x.to, y.to);
                if (from <= to) out.push({ protocol: x.protocol, from, to });
            }
        }
    }
    return normalise(out);
}

export function covers(set: PortSet, protocol: string, port: number): boolean {
    return set.some((r) => r.protocol === "all" || (r.protocol === protocol && r.from <= port && port <= r.to));
}

/** True when `set` admits more than the given ports of `protocol`. */
export function widerThan(set: PortSet, protocol: string, ports: readonly number[]): boolean {
    return set.some((r) => r.protocol !== protocol || r.from !== r.to || !ports.includes(r.from));
}

/** `tcp 80,443`, `tcp 1024-65535`, `all traffic`, `udp 53; tcp 443`. */
export function formatPorts(set: PortSet): string {
    if (set.length === 0) return "-";
    if (set.some((r) => r.protocol === "all")) return "all traffic";
    const groups = new Map<string, string[]>();
    for (const r of set) {
        const text = r.from === r.to ? String(r.from) : r.from === 0 && r.to === 65535 ? "all" : `${r.from}-${r.to}`;
        groups.set(r.protocol, [...(groups.get(r.protocol) ?? []), text]);
    }
    return [...groups].map(([p, list]) => `${p} ${list.join(",")}`).join("; ");
}
