/**
 * What `pulumi config set --path <key> <value>` writes into a stack file, so tests can follow the
 * documented way of setting one nested key. Pulumi's rules (pkg/resource/config/map.go, `Set` with
 * path=true): the path splits at `.` and `[n]`; missing objects and lists are created; a plain
 * value that reads as a boolean or an integer is stored as one, anything else as a string; with
 * `--secret` the leaf is `{ secure: <ciphertext> }`.
 */
import * as yaml from "js-yaml";

export interface SetPathOptions {
    /** Store every value as a string (what `--type string` or an older CLI writes). */
    readonly strings?: boolean;
    /** `--secret`: the leaf becomes `{ secure: "v1:..." }`. */
    readonly secret?: boolean;
}

type Segment = string | number;

/** ["services", "bff", "calls", 0] for `services.bff.calls[0]`. */
export function parsePath(path: string): Segment[] {
    const out: Segment[] = [];
    for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    return out;
}

/** The value Pulumi stores for the text given on the command line. */
export function storedValue(text: string, opts: SetPathOptions = {}): unknown {
    if (opts.secret) return { secure: `v1:${Buffer.from(text).toString("base64")}` };
    if (opts.strings) return text;
    if (text === "true" || text === "false") return text === "true";
    return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/**
 * Applies `pulumi config set --path <path> <text>` to the `config:` map of a stack file (keys
 * qualified as `ecs-platform:...`), then writes and reads it back as YAML, as the next command
 * would find it.
 */
export function configSetPath(
    config: Readonly<Record<string, unknown>>,
    path: string,
    text: string,
    opts: SetPathOptions = {},
): Record<string, unknown> {
    const [top, ...rest] = parsePath(path);
    const doc = structuredClone({ ...config }) as Record<string, unknown>;
    const key = `ecs-platform:${String(top)}`;
    const value = storedValue(text, opts);
    if (rest.length === 0) {
        doc[key] = value;
    } else {
        if (typeof doc[key] !== "object" || doc[key] === null) doc[key] = typeof rest[0] === "number" ? [] : {};
        let node = doc[key] as Record<Segment, unknown>;
        rest.forEach((seg, i) => {
            if (i === rest.length - 1) {
                node[seg] = value;
                return;
            }
            if (typeof node[seg] !== "object" || node[seg] === null)
                node[seg] = typeof rest[i + 1] === "number" ? [] : {};
            node = node[seg] as Record<Segment, unknown>;
        });
    }
    return (yaml.load(yaml.dump({ config: doc })) as { config: Record<string, unknown> }).config;
}
