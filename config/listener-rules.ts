/**
 * How the http services share the ALB listener: whose rule sees a request first (priority) and
 * which paths two services both claim (overlaps). The ALB evaluates rules from the lowest
 * priority number up and the first match wins; priorities are unique per listener (1-50000)
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html).
 *
 * Derived priorities depend only on the service's own entry, so adding or removing another service
 * never moves one: the catch-all (`/*`) is 50000, evaluated after every other rule; any other
 * service takes 1 + FNV-1a(name) mod 49999. Two services that land on one number are refused with
 * a fix (set `listenerRulePriority` on one), never shifted silently.
 */
import type { ParsedServiceEntry } from "./service-entry";

export const CATCH_ALL_PATTERN = "/*";
export const CATCH_ALL_PRIORITY = 50000;
const SPECIFIC_PRIORITIES = CATCH_ALL_PRIORITY - 1;

type Services = Readonly<Record<string, ParsedServiceEntry>>;
type HttpEntry = Extract<ParsedServiceEntry, { kind: "http" }>;

const httpEntries = (services: Services): [string, HttpEntry][] =>
    Object.entries(services).flatMap(([n, e]) => (e.kind === "http" ? [[n, e] as [string, HttpEntry]] : []));

const isCatchAll = (e: HttpEntry): boolean => e.pathPatterns.includes(CATCH_ALL_PATTERN);

/** 32-bit FNV-1a of the name's UTF-8 bytes: stable across Node versions and machines. */
export function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(text, "utf8")) {
        hash ^= byte;
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

/** The priority an http entry takes when `listenerRulePriority` is unset. */
export function defaultPriority(name: string, e: HttpEntry): number {
    return isCatchAll(e) ? CATCH_ALL_PRIORITY : 1 + (fnv1a(name) % SPECIFIC_PRIORITIES);
}

export interface PriorityCollision {
    readonly service: string;
    readonly message: string;
}

/** Each http service's priority, and the services whose priority cannot work. */
export function derivedPriorities(services: Services): {
    byService: Map<string, number>;
    collisions: PriorityCollision[];
} {
    const byService = new Map<string, number>();
    const owner = new Map<number, string>();
    const collisions: PriorityCollision[] = [];
    const entries = httpEntries(services);
    for (const [name, e] of entries) {
        const priority = e.listenerRulePriority ?? defaultPriority(name, e);
        byService.set(name, priority);
        const other = owner.get(priority);
        if (other !== undefined) {
            collisions.push({
                service: name,
                message: `${e.listenerRulePriority === undefined ? "(derived) is" : "is"} ${priority}, like ${other}'s rule; priorities are unique per listener: set listenerRulePriority on one of them to a free value (1-${CATCH_ALL_PRIORITY})`,
            });
        } else owner.set(priority, name);
    }
    for (const [name, e] of entries) {
        if (!isCatchAll(e)) continue;
        const mine = byService.get(name) as number;
        const later = entries.find(
            ([n, other]) => n !== name && !isCatchAll(other) && (byService.get(n) as number) > mine,
        );
        if (later) {
            collisions.push({
                service: name,
                message: `is ${mine}, before ${later[0]}'s rule (${byService.get(later[0])}); the catch-all ${CATCH_ALL_PATTERN} would take its requests: give the catch-all the highest number (default ${CATCH_ALL_PRIORITY})`,
            });
        }
    }
    return { byService, collisions };
}

/**
 * Whether some path matches both ALB patterns (`*` any run, `?` one character): a walk over both
 * patterns at once, where a wildcard may consume the other side's next character or nothing.
 */
export function patternsIntersect(a: string, b: string): boolean {
    const memo = new Map<number, boolean>();
    const go = (i: number, j: number): boolean => {
        const key = i * (b.length + 1) + j;
        const known = memo.get(key);
        if (known !== undefined) return known;
        let result: boolean;
        if (i === a.length && j === b.length) result = true;
        else if (a[i] === "*") result = go(i + 1, j) || (j < b.length && go(i, j + 1));
        else if (b[j] === "*") result = go(i, j + 1) || (i < a.length && go(i + 1, j));
        else if (i === a.length || j === b.length) result = false;
        else result = (a[i] === b[j] || a[i] === "?" || b[j] === "?") && go(i + 1, j + 1);
        memo.set(key, result);
        return result;
    };
    return go(0, 0);
}

export interface PatternOverlap {
    readonly service: string;
    readonly index: number;
    readonly message: string;
}

/**
 * Patterns of two services that claim a common path. Only the catch-all may overlap the others
 * (its rule is evaluated last); two catch-alls, or two specific patterns with a path in common,
 * would make the winner depend on priorities nobody chose for that reason.
 */
export function pathPatternOverlaps(services: Services): PatternOverlap[] {
    const found: PatternOverlap[] = [];
    const claimed: { service: string; pattern: string }[] = [];
    for (const [name, e] of httpEntries(services)) {
        e.pathPatterns.forEach((pattern, index) => {
            const first = e.pathPatterns.indexOf(pattern);
            if (first < index) {
                found.push({ service: name, index, message: `repeats the pattern at [${first}]` });
                return;
            }
            const clash = claimed.find(
                (c) =>
                    c.service !== name &&
                    (pattern === CATCH_ALL_PATTERN) === (c.pattern === CATCH_ALL_PATTERN) &&
                    patternsIntersect(c.pattern, pattern),
            );
            if (clash) {
                found.push({
                    service: name,
                    index,
                    message:
                        pattern === CATCH_ALL_PATTERN
                            ? `is a second catch-all (${clash.service} has ${CATCH_ALL_PATTERN}); at most one service takes every other path: narrow one`
                            : `claims paths ${clash.service}'s ${JSON.stringify(clash.pattern)} claims too (e.g. ${witness(clash.pattern, pattern)}); allowed: patterns with no path in common`,
                });
            }
        });
        for (const pattern of e.pathPatterns) claimed.push({ service: name, pattern });
    }
    return found;
}

/** A short path both patterns match (for the message); the first pattern with wildcards filled in when that one does. */
function witness(a: string, b: string): string {
    // Each pattern's literal part (wildcards as "x") is tried as a fill too: "/img/*" filled with
    // "/*.png"'s "x.png" gives "/img/x.png", which both match.
    const literal = (p: string) => p.replace(/[*?]/g, "x").replace(/^\//, "");
    for (const fill of ["", "x", "x/x", literal(a), literal(b)]) {
        for (const candidate of [a, b].map((p) => p.replace(/\*/g, fill).replace(/\?/g, "x"))) {
            if (patternsIntersect(candidate, a) && patternsIntersect(candidate, b)) return candidate;
        }
    }
    return "a path both match";
}
