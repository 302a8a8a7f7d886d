/**
 * CIDR arithmetic for the network rules. Sources are judged by the address ranges they cover,
 * never by string equality, so `0.0.0.0/1` + `128.0.0.0/1`, `00.0.0.0/0`, `::/1` or
 * `0000:0000::/0` are recognised for what they are.
 */

export interface Cidr {
    readonly version: 4 | 6;
    /** First address of the block (host bits cleared). */
    readonly first: bigint;
    /** Last address of the block. */
    readonly last: bigint;
    readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses an IPv4 or IPv6 CIDR (a bare address counts as /32 or /128); undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
    if (typeof text !== "string") return undefined;
    const trimmed = text.trim();
    const slash = trimmed.indexOf("/");
    const addrText = slash < 0 ? trimmed : trimmed.slice(0, slash);
    const prefixText = slash < 0 ? undefined : trimmed.slice(slash + 1);
    const version: 4 | 6 = addrText.includes(":") ? 6 : 4;
    const addr = version === 4 ? parseIpv4(addrText) : parseIpv6(addrText);
    if (addr === undefined) return undefined;
    const bits = BITS[version];
    let prefix: number = bits;
    if (prefixText !== undefined) {
        if (!/^\d{1,3}$/.test(prefixText)) return undefined;
        prefix = Number(prefixText);
        if (prefix > bits) return undefined;
    }
    const hostBits = BigInt(bits - prefix);
    const first = (addr >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    return { version, first, last, prefix };
}

function parseIpv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const part of parts) {
        if (!/^\d{1,3}$/.test(part)) return undefined;
        const n = Number(part);
        if (n > 255) return undefined;
        value = (value << 8n) | BigInt(n);
    }
    return value;
}

function parseIpv6(text: string): bigint | undefined {
    if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const groups = (part: string): string[] | undefined => {
        if (part === "") return [];
        const out: string[] = [];
        const pieces = part.split(":");
        for (let i = 0; i < pieces.length; i++) {
            const piece = pieces[i];
            if (piece.includes(".")) {
                // Embedded IPv4 (e.g. ::ffff:10.0.0.1) only as the last piece.
                if (i !== pieces.length - 1) return undefined;
                const v4 = parseIpv4(piece);
                if (v4 === undefined) return undefined;
                out.push(((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
            } else {
                if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
                out.push(piece);
            }
        }
        return out;
    };
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    if (!head || !tail) return undefined;
    const missing = 8 - head.length - tail.length;
    if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
    const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** True for a block that covers the whole address space of its family (prefix 0). */
export function isWorldOpen(text: string): boolean {
    const c = parseCidr(text);
    return c !== undefined && c.prefix === 0;
}

/**
 * True when the union of the given blocks covers every address of the family: `0.0.0.0/1` and
 * `128.0.0.0/1` together are as open as `0.0.0.0/0`.
 */
export function unionCoversFamily(cidrs: readonly string[], version: 4 | 6): boolean {
    const ranges = cidrs
        .map(parseCidr)
        .filter((c): c is Cidr => c !== undefined && c.version === version)
        .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    const max = (1n << BigInt(BITS[version])) - 1n;
    let next = 0n;
    for (const r of ranges) {
        if (r.first > next) return false;
        if (r.last + 1n > next) next = r.last + 1n;
        if (next > max) return true;
    }
    return false;
}

/**
 * True for a block at least as wide as `/maxPrefix` of its family (IPv6 uses `maxPrefix + 96`
 * unless `maxPrefixV6` is given): a source broad enough to count as "the internet".
 */
export function isBroad(text: string, maxPrefix: number, maxPrefixV6 = maxPrefix + 96): boolean {
    const c = parseCidr(text);
    if (!c) return false;
    return c.prefix <= (c.version === 4 ? maxPrefix : maxPrefixV6);
}

/** True when block `inner` lies entirely inside block `outer` (same family). */
export function cidrContains(outer: string, inner: string): boolean {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return !!o && !!i && o.version === i.version && o.first <= i.first && i.last <= o.last;
}

/** True when two blocks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    return !!x && !!y && x.version === y.version && x.first <= y.last && y.first <= x.last;
}
