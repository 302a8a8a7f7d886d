/**
 * Every message a user can get from the config layer is in the project's voice: zod's own words
 * ("expected int", "Invalid email address", "Invalid key in record", "Too small: ...") never reach
 * them. The schema is walked, so every key (a new one included) is fed wrong values of every kind
 * and each resulting message is checked.
 */
import * as assert from "assert";
import { parsePlatformConfig, ConfigValidationError } from "../../config/load";
import { platformConfigSchema } from "../../config/schema";
import { validRaw } from "./config-test-kit";

type Seg = string | number;
interface Def {
    readonly type: string;
    readonly shape?: Record<string, unknown>;
    readonly innerType?: unknown;
    readonly in?: unknown;
    readonly out?: unknown;
    readonly options?: readonly unknown[];
    readonly discriminator?: string;
    readonly element?: unknown;
    readonly valueType?: unknown;
    readonly values?: readonly unknown[];
}
const defOf = (s: unknown): Def => (s as { def: Def }).def;

/** A leaf key and the discriminators (mode, kind) its parents need to reach it. */
interface Leaf {
    readonly path: readonly Seg[];
    readonly tags: readonly { readonly at: readonly Seg[]; readonly key: string; readonly value: unknown }[];
}

function leaves(s: unknown, at: readonly Seg[], tags: Leaf["tags"], out: Leaf[], depth = 0): void {
    const d = defOf(s);
    if (depth > 12) return;
    if (d.innerType && ["default", "prefault", "optional", "nullable", "readonly", "catch"].includes(d.type)) {
        return leaves(d.innerType, at, tags, out, depth + 1);
    }
    if (d.type === "pipe") return leaves(defOf(d.in).type === "transform" ? d.out : d.in, at, tags, out, depth + 1);
    if (d.type === "union" && d.options) {
        for (const o of d.options) {
            const disc = d.discriminator;
            const value = disc ? defOf(defOf(o).shape?.[disc]).values?.[0] : undefined;
            leaves(o, at, disc ? [...tags, { at, key: disc, value }] : tags, out, depth + 1);
        }
        return;
    }
    out.push({ path: at, tags });
    if (d.type === "object" && d.shape) {
        for (const [k, v] of Object.entries(d.shape)) leaves(v, [...at, k], tags, out, depth + 1);
    } else if (d.type === "array" && d.element) {
        leaves(d.element, [...at, 0], tags, out, depth + 1);
    } else if (d.type === "record" && d.valueType) {
        // `bff` is a service of validRaw(), so its entry keeps its other keys.
        leaves(d.valueType, [...at, at[at.length - 1] === "services" ? "bff" : "KEY"], tags, out, depth + 1);
    }
}

function setAt(root: Record<string, unknown>, path: readonly Seg[], value: unknown): void {
    let node = root as Record<Seg, unknown>;
    path.forEach((p, i) => {
        if (i === path.length - 1) {
            node[p] = value;
            return;
        }
        if (typeof node[p] !== "object" || node[p] === null) node[p] = typeof path[i + 1] === "number" ? [] : {};
        node = node[p] as Record<Seg, unknown>;
    });
}

/** Zod's English defaults (zod/v4/locales/en) and its type names where ours are meant. */
const ZOD_WORDS =
    /\bInvalid\b|Too (small|big)|Unrecognized key|expected (int|nan|bigint|symbol|undefined)\b|received |must match pattern|multiple of|No matching discriminator/;

const BAD_VALUES: readonly unknown[] = [
    { x: 1 },
    "zz not valid",
    -1.5,
    0,
    [],
    true,
    ["a", "a"],
    "",
    { secure: "v1:AA" },
];

describe("config: every message is in the project's voice", () => {
    const found: Leaf[] = [];
    leaves(platformConfigSchema, [], [], found);
    const paths = found.filter((l) => l.path.length > 0);

    it("the walk reaches every block and nested keys (sanity: the walk itself is tested)", () => {
        const keys = new Set(paths.map((l) => l.path.join(".")));
        for (const k of [
            "database.instanceClass",
            "network.vpcId",
            "services.bff.cpu",
            "edge.waf.rateLimit",
            "alarmEmail",
        ]) {
            assert.ok(keys.has(k), `walk missed ${k}`);
        }
        assert.ok(paths.length > 100, `only ${paths.length} keys walked`);
    });

    it("wrong values of every kind at every key: no zod wording, each line names its key", () => {
        const offenders: string[] = [];
        let messages = 0;
        for (const leaf of paths) {
            for (const bad of BAD_VALUES) {
                const base = JSON.parse(JSON.stringify(validRaw(), (_k, v: unknown) => v)) as Record<string, string>;
                const values: Record<string, unknown> = {};
                for (const [k, v] of Object.entries(base)) values[k.replace("ecs-platform:", "")] = tryJson(v);
                for (const t of leaf.tags) setAt(values, [...t.at, t.key], t.value);
                setAt(values, leaf.path, bad);
                const raw: Record<string, string> = {};
                for (const [k, v] of Object.entries(values)) {
                    raw[k === "aws:region" ? k : `ecs-platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
                }
                for (const issue of issuesOrNone(raw)) {
                    messages += 1;
                    if (ZOD_WORDS.test(issue) || !/^(ecs-platform:|aws:region|stack name)/.test(issue)) {
                        offenders.push(`${leaf.path.join(".")} = ${JSON.stringify(bad)}: ${issue}`);
                    }
                }
            }
        }
        assert.ok(messages > 500, `only ${messages} messages produced`);
        assert.deepStrictEqual([...new Set(offenders)].slice(0, 20), []);
    });

    it("a bad map key (a service name, an environment variable) is named in our words, not 'Invalid key in record'", () => {
        const raw = validRaw({
            "ecs-platform:services": {
                ...JSON.parse(validRaw()["ecs-platform:services"]),
                "Bad Name!": { kind: "worker", cpu: 256, memory: 512 },
            },
        });
        const issues = issuesOrNone(raw);
        assert.ok(issues.length > 0, "accepted");
        for (const i of issues) assert.doesNotMatch(i, ZOD_WORDS, i);
        assert.ok(
            issues.some((i) => i.includes('the name "Bad Name!"')),
            issues.join("\n"),
        );
    });
});

function tryJson(v: string): unknown {
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}

function issuesOrNone(raw: Record<string, string>): readonly string[] {
    try {
        parsePlatformConfig(raw, "dev");
        return [];
    } catch (e) {
        if (e instanceof ConfigValidationError) return e.issues;
        throw e;
    }
}
