/**
 * Pulumi's `ignoreChanges` as the engine applies it on an update: for each ignored path, the value
 * the state holds replaces the program's ("Uses the serialized value from the stack state for any
 * later previews or updates", https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/).
 * Paths use the engine's syntax: dots, `[*]` for every element of a list, `[n]` for one.
 * A model for tests of what an `up` would send, not the engine itself.
 */
type Json = unknown;

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function tokens(path: string): (string | "*" | number)[] {
    const out: (string | "*" | number)[] = [];
    for (const part of path.split(".")) {
        const m = /^([^[]+)((?:\[(?:\*|\d+)\])*)$/.exec(part);
        if (!m) throw new Error(`unsupported ignoreChanges path ${path}`);
        out.push(m[1]);
        for (const idx of m[2].matchAll(/\[(\*|\d+)\]/g)) out.push(idx[1] === "*" ? "*" : Number(idx[1]));
    }
    return out;
}

function apply(news: Json, olds: Json, path: (string | "*" | number)[]): Json {
    if (path.length === 0) return clone(olds);
    if (olds === undefined || olds === null) return news;
    const [head, ...rest] = path;
    if (head === "*") {
        if (!Array.isArray(olds) || !Array.isArray(news)) return news;
        return news.map((n, i) => (i < olds.length ? apply(n, olds[i], rest) : n));
    }
    const container = (news ?? (typeof head === "number" ? [] : {})) as Record<string | number, Json>;
    const copy = (Array.isArray(container) ? [...container] : { ...container }) as Record<string | number, Json>;
    const oldChild = (olds as Record<string | number, Json>)[head];
    if (oldChild === undefined && !(head in (olds as object))) return news;
    copy[head] = apply(container[head], oldChild, rest);
    return copy;
}

/** The inputs an update sends: the program's, with every ignored path taken from the state's. */
export function withIgnoredFromState(
    programInputs: Record<string, Json>,
    stateInputs: Record<string, Json>,
    ignoreChanges: readonly string[],
): Record<string, Json> {
    let out: Json = clone(programInputs);
    for (const path of ignoreChanges) out = apply(out, stateInputs, tokens(path));
    return out as Record<string, Json>;
}
