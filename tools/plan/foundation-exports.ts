/**
 * `--foundation-exports [NAME=]FILE`: the outputs of the stacks a `stackReference` mode reads,
 * so the offline plan can evaluate such a stack. Offline there is no Pulumi Cloud to read
 * another stack's outputs from; the plan takes them from files instead:
 *
 * - the plan's own report of the foundation stack (`plan/<stack>.json`, or the whole document
 *   of `npm run plan -- --json-out FILE`): it answers the references to `<any org>/<project>/<stack>`;
 * - `pulumi stack output --json --show-secrets > FILE` (a flat object of outputs), given as
 *   `NAME=FILE` for the reference `NAME`, or as `FILE` for every reference no other file answers;
 * - an object of such objects by full reference name (`{ "acme/foundation/shared": {...} }`).
 *
 * The references themselves come from the stack's configuration (`<part>.stackReference`), so a
 * missing one is reported before the program runs, in one line naming the key and the flag.
 */
import * as fs from "fs";
import * as path from "path";

export interface FoundationExports {
    /** Outputs by full reference name (`org/project/stack`) or `project/stack` (from a plan report). */
    readonly byName: ReadonlyMap<string, Record<string, unknown>>;
    /** Outputs given without a name: they answer every reference the others do not. */
    readonly fallback?: Record<string, unknown>;
    /** Where each set came from, for messages. */
    readonly sources: readonly string[];
}

/** Thrown when a file cannot be read or a reference of the stack has no exports. */
export class FoundationExportsError extends Error {
    constructor(
        message: string,
        readonly key?: string,
    ) {
        super(message);
        this.name = "FoundationExportsError";
    }
}

export const FOUNDATION_PARTS = ["network", "storage", "parameters", "database"] as const;
const REFERENCE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `acme/net/prod=out.json` -> the reference and the file; a bare `FILE` has no name. */
export function splitSpec(spec: string): { name?: string; file: string } {
    const eq = spec.indexOf("=");
    return eq > 0 && REFERENCE.test(spec.slice(0, eq))
        ? { name: spec.slice(0, eq), file: spec.slice(eq + 1) }
        : { file: spec };
}

/**
 * The `--foundation-exports` specs, with their files made absolute and handed on in
 * ECS_PLATFORM_PLAN_FOUNDATION_EXPORTS, so the base of `--diff` (a child in another tree, which
 * inherits the environment) plans its stackReference stacks from the same files. A base from
 * before the variable existed ignores it and reports its own one-line error.
 */
export function inheritedSpecs(flags: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
    const absolute = flags.map((spec) => {
        const { name, file } = splitSpec(spec);
        return name ? `${name}=${path.resolve(file)}` : path.resolve(file);
    });
    let inherited: string[] = [];
    try {
        const parsed: unknown = JSON.parse(env.ECS_PLATFORM_PLAN_FOUNDATION_EXPORTS ?? "[]");
        if (Array.isArray(parsed)) inherited = parsed.filter((x): x is string => typeof x === "string");
    } catch {
        inherited = [];
    }
    const all = [...new Set([...inherited, ...absolute])];
    if (all.length > 0) env.ECS_PLATFORM_PLAN_FOUNDATION_EXPORTS = JSON.stringify(all);
    return all;
}

/** Reads every `[NAME=]FILE` given on the command line. */
export function readFoundationExports(specs: readonly string[]): FoundationExports {
    const byName = new Map<string, Json>();
    let fallback: Json | undefined;
    for (const spec of specs) {
        const { name, file } = splitSpec(spec);
        const doc = readJson(file);
        const reports = planReports(doc);
        if (name) {
            byName.set(name, reports.length === 1 ? outputsOf(reports[0], file) : doc);
        } else if (reports.length > 0) {
            for (const r of reports) byName.set(`${String(r.project)}/${String(r.stack)}`, outputsOf(r, file));
        } else if (
            Object.keys(doc).length > 0 &&
            Object.entries(doc).every(([k, v]) => REFERENCE.test(k) && isObject(v))
        ) {
            for (const [k, v] of Object.entries(doc)) byName.set(k, v as Json);
        } else {
            fallback = doc;
        }
    }
    return { byName, ...(fallback ? { fallback } : {}), sources: specs };
}

/** The outputs that answer `reference` (`org/project/stack`), if any file gave them. */
export function exportsFor(exports: FoundationExports, reference: string): Record<string, unknown> | undefined {
    const projectStack = reference.split("/").slice(1).join("/");
    return exports.byName.get(reference) ?? exports.byName.get(projectStack) ?? exports.fallback;
}

/** The `stackReference` names a raw stack config reads, with the key that names each. */
export function referencesOf(config: Readonly<Record<string, string>>): { key: string; name: string }[] {
    const out: { key: string; name: string }[] = [];
    for (const part of FOUNDATION_PARTS) {
        const text = config[`ecs-platform:${part}`];
        if (text === undefined) continue;
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            continue; // not an object: the config layer reports it
        }
        if (isObject(value) && value.mode === "stackReference" && typeof value.stackReference === "string") {
            out.push({ key: `ecs-platform:${part}.stackReference`, name: value.stackReference });
        }
    }
    return out;
}

/**
 * The stack references `config` reads, each with its exports; a reference without any fails in
 * one line that names the key, the reference and the flag that supplies it.
 */
export function resolveReferences(
    config: Readonly<Record<string, string>>,
    stack: string,
    exports: FoundationExports | undefined,
): Record<string, Record<string, unknown>> {
    const resolved: Record<string, Record<string, unknown>> = {};
    for (const { key, name } of referencesOf(config)) {
        const found = exports ? exportsFor(exports, name) : undefined;
        if (!found) {
            const given = exports?.sources.length ? `; none of ${exports.sources.join(", ")} is that stack` : "";
            throw new FoundationExportsError(
                `${key}: ${JSON.stringify(name)} is another stack's outputs, which the offline plan cannot read${given}; ` +
                    `give them: npm run plan -- --stack ${stack} --foundation-exports <file> (that stack's plan/<stack>.json, ` +
                    `or ${name}=<file> of \`pulumi stack output --json --show-secrets --stack ${name}\`)`,
                key,
            );
        }
        resolved[name] = found;
    }
    return resolved;
}

function readJson(file: string): Json {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new FoundationExportsError(`--foundation-exports ${file}: cannot read it (${(e as Error).message})`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new FoundationExportsError(`--foundation-exports ${file}: not JSON (${(e as Error).message})`);
    }
    if (!isObject(doc)) {
        throw new FoundationExportsError(
            `--foundation-exports ${file}: expected a JSON object of outputs or a plan report`,
        );
    }
    return doc;
}

/** The stack reports in a plan report file or a plan document; none for anything else. */
function planReports(doc: Json): Json[] {
    if (Array.isArray(doc.stacks) && doc.schemaVersion !== undefined) return doc.stacks.filter(isObject);
    return typeof doc.project === "string" && typeof doc.stack === "string" && doc.schemaVersion !== undefined
        ? [doc]
        : [];
}

function outputsOf(report: Json, file: string): Json {
    const outputs = isObject(report.graph) ? report.graph.outputs : undefined;
    if (!isObject(outputs)) {
        throw new FoundationExportsError(
            `--foundation-exports ${file}: the plan of stack ${String(report.stack)} has no outputs (it did not evaluate; plan it again)`,
        );
    }
    return outputs;
}
