/**
 * Network ACL entries, whatever shape declared them (inline `ingress[]` of `aws.ec2.NetworkAcl` /
 * `aws.ec2.DefaultNetworkAcl`, or a standalone `aws.ec2.NetworkAclRule`), and the question the
 * pack asks of them: which inbound entries let the internet reach every protocol or a sensitive
 * port, once rule order is taken into account.
 *
 * NACLs are stateless and evaluated in ascending rule-number order, first match wins
 * (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html), so a lower-numbered deny
 * of the same traffic makes a later allow harmless. That is decidable only where all entries of
 * one ACL are visible together: the inline entries of one resource. A standalone rule is judged
 * alone (a deny in another resource is not seen).
 */
import { parseCidr } from "./cidr";
import { Broadness, DEFAULT_BROADNESS, judgeCidr } from "./exposure";
import { asNumber, isUnknown, snapshot } from "./known-values";
import { normaliseProtocol } from "./sg-rules";
import { AWS_TYPE } from "./aws-types";

export const NACL_TYPES: readonly string[] = [
    AWS_TYPE.ec2.NetworkAcl,
    AWS_TYPE.ec2.DefaultNetworkAcl,
    AWS_TYPE.ec2.NetworkAclRule,
];

/**
 * Ports nobody on the internet should reach through a NACL. Administration: FTP 20/21, SSH 22,
 * RDP 3389 (Checkov CKV_AWS_229/230/232/231, AbsNACLUnrestrictedIngress). Data stores, the
 * default ports of Prowler's "allow ingress from internet" checks: SQL Server 1433/1434, Oracle
 * 1521/2483/2484, MySQL 3306, PostgreSQL 5432, Redshift 5439, Redis 6379, Cassandra
 * 7000/7001/7199/8888/9042/9160, Elasticsearch/Kibana 9200/9300/5601, Memcached 11211, MongoDB
 * 27017/27018, and Telnet 23 (Security Hub EC2.21 family).
 */
export const DEFAULT_SENSITIVE_PORTS: readonly number[] = [
    20, 21, 22, 23, 1433, 1434, 1521, 2483, 2484, 3306, 3389, 5432, 5439, 5601, 6379, 7000, 7001, 7199, 8888, 9042,
    9160, 9200, 9300, 11211, 27017, 27018,
];

/**
 * The return-traffic allowance a public subnet needs because NACLs are stateless: AWS's examples
 * admit tcp 1024-65535 from 0.0.0.0/0 inbound (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-examples.html;
 * client ephemeral ranges are 1024-65535, 32768-60999 or 49152-65535). An entry that starts at or
 * above 1024 and spans at least this many ports is read as that allowance, not as opening the
 * sensitive ports inside it: the stateful security groups decide new connections there.
 */
export const EPHEMERAL_MIN_FROM = 1024;
export const EPHEMERAL_MIN_WIDTH = 16384;

export interface NaclEntry {
    /** `ingress[2]` for inline entries, `rule` for a standalone one. */
    readonly path: string;
    readonly egress: boolean;
    readonly ruleNumber: number;
    readonly allow: boolean;
    /** `all`, `tcp`, `udp`, `icmp`, `icmpv6` or another protocol number (see normaliseProtocol). */
    readonly protocol: string;
    readonly fromPort: number;
    readonly toPort: number;
    readonly cidrs: readonly string[];
    /** Fields unknown during preview; an entry with any is not judged, and shields later ones. */
    readonly unknown: readonly string[];
}

function entry(raw: Record<string, unknown>, path: string, fields: EntryFields): NaclEntry {
    const unknown: string[] = [];
    const get = (key: string, name: string): unknown => {
        const v = raw[key];
        if (isUnknown(v)) unknown.push(name);
        return isUnknown(v) ? undefined : v;
    };
    const egress = fields.egress === undefined ? false : get(fields.egress, "egress") === true;
    const action = get(fields.action, "action");
    const protocolRaw = get("protocol", "protocol");
    const protocol = normaliseProtocol(String(protocolRaw ?? "-1"));
    const from = asNumber(get("fromPort", "ports"));
    const to = asNumber(get("toPort", "ports"));
    const ruleNumber = asNumber(get(fields.ruleNumber, "ruleNumber")) ?? Number.MAX_SAFE_INTEGER;
    const cidrs: string[] = [];
    for (const key of ["cidrBlock", "ipv6CidrBlock"]) {
        const c = get(key, key);
        if (typeof c === "string" && c.trim() !== "") cidrs.push(c);
    }
    // AWS ignores the port range for every protocol but tcp and udp.
    const ported = protocol === "tcp" || protocol === "udp";
    return {
        path,
        egress,
        ruleNumber,
        allow: typeof action === "string" && action.trim().toLowerCase() === "allow",
        protocol,
        fromPort: ported ? (from ?? 0) : 0,
        toPort: ported ? (to ?? 65535) : 65535,
        cidrs,
        unknown: [...new Set(unknown)],
    };
}

interface EntryFields {
    readonly action: string;
    readonly ruleNumber: string;
    readonly egress?: string;
}

/** The inbound and outbound entries a resource declares; `[]` for other types. */
export function normaliseNaclEntries(type: string, props: Record<string, unknown>): NaclEntry[] {
    const p = snapshot(props) as Record<string, unknown>;
    if (p === null || typeof p !== "object") return [];
    if (type === AWS_TYPE.ec2.NetworkAclRule) {
        return [entry(p, "rule", { action: "ruleAction", ruleNumber: "ruleNumber", egress: "egress" })];
    }
    if (type !== AWS_TYPE.ec2.NetworkAcl && type !== AWS_TYPE.ec2.DefaultNetworkAcl) return [];
    const out: NaclEntry[] = [];
    for (const direction of ["ingress", "egress"] as const) {
        const list = p[direction];
        const fields = { action: "action", ruleNumber: "ruleNo" };
        if (isUnknown(list)) {
            out.push({ ...entry({}, direction, fields), egress: direction === "egress", unknown: [direction] });
            continue;
        }
        if (!Array.isArray(list)) continue;
        list.forEach((raw, i) => {
            const path = `${direction}[${i}]`;
            if (isUnknown(raw) || raw === null || typeof raw !== "object") {
                out.push({ ...entry({}, path, fields), egress: direction === "egress", unknown: ["entry"] });
                return;
            }
            out.push({ ...entry(raw as Record<string, unknown>, path, fields), egress: direction === "egress" });
        });
    }
    return out;
}

/** What an entry opens to the internet. */
export interface NaclFinding {
    readonly entry: NaclEntry;
    /** True when every protocol is allowed; otherwise `ports` lists the sensitive ports reached. */
    readonly allTraffic: boolean;
    readonly ports: readonly number[];
    readonly families: readonly (4 | 6)[];
}

export interface NaclVerdict {
    readonly findings: NaclFinding[];
    /** Several entries whose sources add up to a whole family on a sensitive point. */
    readonly combined: { readonly entries: NaclEntry[]; readonly version: 4 | 6; readonly point: string }[];
    /** Paths of entries that could not be judged (unknown fields), shielding what follows them. */
    readonly undecided: string[];
}

type Range = readonly [bigint, bigint];

const FAMILY_MAX = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n } as const;

/** True when the sorted, merged ranges cover [lo, hi]. */
function covered(ranges: readonly Range[], lo: bigint, hi: bigint): boolean {
    let next = lo;
    for (const [a, b] of [...ranges].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
        if (a > next) return false;
        if (b + 1n > next) next = b + 1n;
        if (next > hi) return true;
    }
    return next > hi;
}

/** A point of traffic a NACL entry may match: every protocol, or one tcp/udp port. */
interface Point {
    readonly protocol: "all" | "tcp" | "udp";
    readonly port: number;
}

function matches(e: NaclEntry, point: Point): boolean {
    if (e.protocol === "all") return true;
    if (point.protocol === "all") return false; // only an all-protocol entry decides "all traffic"
    return e.protocol === point.protocol && e.fromPort <= point.port && point.port <= e.toPort;
}

/** The entry takes part in deciding `point` (an ephemeral allowance is not read as opening a port). */
function relevant(e: NaclEntry, point: Point): boolean {
    if (!matches(e, point)) return false;
    return point.protocol === "all" || !e.allow || !isEphemeralAllowance(e);
}

function isEphemeralAllowance(e: NaclEntry): boolean {
    return (
        (e.protocol === "tcp" || e.protocol === "udp") &&
        e.fromPort >= EPHEMERAL_MIN_FROM &&
        e.toPort - e.fromPort + 1 >= EPHEMERAL_MIN_WIDTH
    );
}

/**
 * Judges the inbound entries of one ACL (or one standalone rule): for every point (all traffic,
 * each sensitive tcp/udp port) walks the entries in rule-number order; an allow from a world or
 * broad public block is a finding unless lower-numbered denies at that point cover its whole block.
 */
export function judgeInboundEntries(
    entries: readonly NaclEntry[],
    sensitivePorts: readonly number[] = DEFAULT_SENSITIVE_PORTS,
    broadness: Broadness = DEFAULT_BROADNESS,
): NaclVerdict {
    const inbound = entries.filter((e) => !e.egress || e.unknown.includes("egress")).sort(byRuleNumber);
    const points: Point[] = [{ protocol: "all", port: 0 }];
    for (const port of sensitivePorts) points.push({ protocol: "tcp", port }, { protocol: "udp", port });
    const perEntry = new Map<NaclEntry, { all: boolean; ports: Set<number>; families: Set<4 | 6> }>();
    const combined: NaclVerdict["combined"] = [];
    const combinedSeen = new Set<string>();
    const undecided = new Set<string>();
    for (const point of points) {
        const decided: Record<4 | 6, Range[]> = { 4: [], 6: [] };
        const allowing: Record<4 | 6, NaclEntry[]> = { 4: [], 6: [] };
        for (const e of inbound) {
            if (e.unknown.length > 0) {
                undecided.add(e.path);
                break; // it may deny or allow anything at this point: nothing after it can be judged
            }
            if (!relevant(e, point)) continue;
            for (const text of e.cidrs) {
                const c = parseCidr(text);
                if (!c) continue;
                if (e.allow) allowing[c.version].push(e);
                if (e.allow && !covered(decided[c.version], c.first, c.last)) {
                    const verdict = judgeCidr(text, broadness);
                    if (verdict === "world" || verdict === "broad") {
                        const f = perEntry.get(e) ?? { all: false, ports: new Set<number>(), families: new Set() };
                        if (point.protocol === "all") f.all = true;
                        else f.ports.add(point.port);
                        f.families.add(c.version);
                        perEntry.set(e, f);
                    }
                }
                decided[c.version].push([c.first, c.last]);
            }
        }
        for (const version of [4, 6] as const) {
            const open = [...new Set(allowing[version])];
            if (open.length < 2 || open.some((e) => perEntry.has(e))) continue;
            if (!firstMatchAllowsFamily(inbound, point, version)) continue;
            const key = `${version}:${open.map((e) => e.path).join(",")}`;
            if (combinedSeen.has(key)) continue;
            combinedSeen.add(key);
            const label = point.protocol === "all" ? "every protocol" : `${point.protocol} ${point.port}`;
            combined.push({ entries: open, version, point: label });
        }
    }
    const findings = [...perEntry].map(([entry, f]) => ({
        entry,
        allTraffic: f.all,
        ports: [...f.ports].sort((a, b) => a - b),
        families: [...f.families].sort(),
    }));
    return { findings, combined, undecided: [...undecided] };
}

/**
 * True when, at `point`, the first matching entry for every address of the family is an allow:
 * an exact first-match walk over the address space, by ranges.
 */
function firstMatchAllowsFamily(inbound: readonly NaclEntry[], point: Point, version: 4 | 6): boolean {
    const decided: Range[] = [];
    const allowedRanges: Range[] = [];
    for (const e of inbound) {
        if (!relevant(e, point)) continue;
        for (const text of e.cidrs) {
            const c = parseCidr(text);
            if (!c || c.version !== version) continue;
            if (e.allow) allowedRanges.push(...subtract([c.first, c.last], decided));
            decided.push([c.first, c.last]);
        }
    }
    return covered(allowedRanges, 0n, FAMILY_MAX[version]);
}

/** `range` minus every range of `minus`. */
function subtract(range: Range, minus: readonly Range[]): Range[] {
    let parts: Range[] = [range];
    for (const [a, b] of minus) {
        const next: Range[] = [];
        for (const [x, y] of parts) {
            if (b < x || a > y) {
                next.push([x, y]);
                continue;
            }
            if (a > x) next.push([x, a - 1n]);
            if (b < y) next.push([b + 1n, y]);
        }
        parts = next;
    }
    return parts;
}

function byRuleNumber(a: NaclEntry, b: NaclEntry): number {
    return a.ruleNumber - b.ruleNumber;
}

/** A short, value-free label: `inbound entry rule 100` (no CIDRs, no ids). */
export function describeEntry(e: NaclEntry): string {
    const n = e.ruleNumber === Number.MAX_SAFE_INTEGER ? "" : ` rule ${e.ruleNumber}`;
    return e.path === "rule" ? `the standalone inbound entry${n}` : `inbound entry${n} (${e.path})`;
}
