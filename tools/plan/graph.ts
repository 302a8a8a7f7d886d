/**
 * Read-only helpers over an evaluated stack: plain values out of engine JSON (secrets redacted,
 * unknowns marked), lookups by URN and by id, and resolution of one resource's reference to
 * another, by value when ids are known and by property dependency when they are not (preview).
 */
import type { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    unknownValue: string;
    specialSigKey: string;
    specialSecretSig: string;
    specialResourceSig: string;
};

/** What the plan shows instead of a secret value (never the value itself). */
export const SECRET = "[secret]";
/** What the plan shows for a value computed at deploy time. */
export const UNKNOWN_TEXT = "(known after apply)";

/** Outputs the providers mark secret (the offline mocks return them in the clear). */
const SECRET_OUTPUTS: Record<string, readonly string[]> = {
    "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
};

/**
 * Engine JSON -> plain JSON: secrets become `[secret]`, unknowns `(known after apply)`, resource
 * references their URN. Strings in `secretValues` (values of secret outputs other resources
 * received) are redacted too.
 */
export function plain(value: unknown, secretValues: ReadonlySet<string> = new Set()): unknown {
    if (value === rpc.unknownValue) return UNKNOWN_TEXT;
    if (typeof value === "string") {
        let text = value;
        for (const secret of secretValues) if (text.includes(secret)) text = text.split(secret).join(SECRET);
        return text;
    }
    if (Array.isArray(value)) return value.map((v) => plain(v, secretValues));
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        const sig = o[rpc.specialSigKey];
        if (sig === rpc.specialSecretSig) return SECRET;
        if (sig === rpc.specialResourceSig) return typeof o.urn === "string" ? o.urn : UNKNOWN_TEXT;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) out[k] = plain(v, secretValues);
        return out;
    }
    return value;
}

export function isKnown(value: unknown): boolean {
    return value !== undefined && value !== UNKNOWN_TEXT && value !== rpc.unknownValue;
}

/** A stack's resources with indexes; values read through `props` are plain (see `plain`). */
export class PlanGraph {
    readonly byUrn = new Map<string, EvaluatedResource>();
    /** Resource id and ARN -> resource (ids are known outside preview). */
    readonly byId = new Map<string, EvaluatedResource>();
    readonly children = new Map<string, EvaluatedResource[]>();
    /** Values of secret outputs, redacted wherever they appear. */
    readonly secretValues = new Set<string>();
    private readonly plainCache = new Map<string, Record<string, unknown>>();

    constructor(readonly stack: EvaluatedStack) {
        for (const r of stack.resources) {
            for (const key of SECRET_OUTPUTS[r.type] ?? []) {
                const v = r.outputs[key];
                if (typeof v === "string" && v !== "" && v !== rpc.unknownValue) this.secretValues.add(v);
            }
            this.byUrn.set(r.urn, r);
            if (r.parent) {
                const list = this.children.get(r.parent) ?? [];
                list.push(r);
                this.children.set(r.parent, list);
            }
        }
        for (const r of stack.resources) {
            const outputs = this.props(r);
            for (const key of [r.id, outputs.id, outputs.arn]) {
                if (typeof key === "string" && key !== "" && isKnown(key) && !this.byId.has(key)) this.byId.set(key, r);
            }
        }
    }

    get resources(): readonly EvaluatedResource[] {
        return this.stack.resources;
    }

    /** Outputs (inputs plus computed values) as plain values. */
    props(r: EvaluatedResource): Record<string, unknown> {
        let p = this.plainCache.get(r.urn);
        if (p === undefined) {
            p = plain(Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs, this.secretValues) as Record<
                string,
                unknown
            >;
            this.plainCache.set(r.urn, p);
        }
        return p;
    }

    /** Inputs as plain values (what the report shows: what the program asked for). */
    inputs(r: EvaluatedResource): Record<string, unknown> {
        return plain(r.inputs, this.secretValues) as Record<string, unknown>;
    }

    ofType(type: string): EvaluatedResource[] {
        return this.stack.resources.filter((r) => r.type === type);
    }

    root(): EvaluatedResource | undefined {
        return this.stack.resources.find((r) => r.parent === undefined);
    }

    /**
     * The resources a property of `r` refers to (`networkConfiguration.subnets` for nested ones):
     * by id/ARN for known values, else through the top-level property's dependencies (preview).
     * `types` narrows the candidates.
     */
    referencedPath(r: EvaluatedResource, path: string, types?: readonly string[]): EvaluatedResource[] {
        if (path === "") return [];
        const fits = (c: EvaluatedResource | undefined): c is EvaluatedResource =>
            c !== undefined && (types === undefined || types.includes(c.type));
        const found: EvaluatedResource[] = [];
        for (const v of flatten(valueAt(this.props(r), path))) {
            const hit = typeof v === "string" ? this.byId.get(v) : undefined;
            if (fits(hit) && !found.includes(hit)) found.push(hit);
        }
        if (found.length > 0) return found;
        const top = path.split(".")[0];
        return (r.propertyDependencies[top] ?? []).map((u) => this.byUrn.get(u)).filter(fits);
    }

    /** The component ancestors of `r`, nearest first. */
    ancestors(r: EvaluatedResource): EvaluatedResource[] {
        const out: EvaluatedResource[] = [];
        let p = r.parent ? this.byUrn.get(r.parent) : undefined;
        while (p !== undefined) {
            out.push(p);
            p = p.parent ? this.byUrn.get(p.parent) : undefined;
        }
        return out;
    }
}

/** The value at a dotted path (`networkConfiguration.subnets`). */
export function valueAt(value: unknown, path: string): unknown {
    let v = value;
    for (const key of path.split(".")) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string, unknown>)[key];
    }
    return v;
}

/** Every leaf value of a (possibly nested) array; other values as a one-element list. */
export function flatten(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

/** `aws:ec2/vpc:Vpc` -> `aws:ec2:Vpc`, as `pulumi preview` prints types. */
export function shortType(type: string): string {
    const m = /^([^:]+):([^/:]+)\/[^:]+:(.+)$/.exec(type);
    return m ? `${m[1]}:${m[2]}:${m[3]}` : type;
}

/** A JSON string property parsed, or undefined (e.g. containerDefinitions). */
export function parseJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}
