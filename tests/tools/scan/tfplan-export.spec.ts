/**
 * The Terraform-plan export (tools/plan/tfplan/export.ts), tested both ways on every stack the
 * program evaluates to here: the committed stacks (also as a first preview), the five-service
 * example and config variants that register the optional types (custom domain, alarm e-mail,
 * publicAlb, cidrOnly, Service Connect, existing and referenced foundations).
 *
 * - Program -> table: every type the program's source constructs and every custom resource an
 *   evaluation registers is in terraform-names.ts, so none lands in `not_exported`.
 * - Table -> SDK: every rename names a property the installed @pulumi/aws declares, a list (Pulumi
 *   pluralises list blocks), and every plural list of blocks a stack sets is renamed or declared
 *   plural in Terraform too.
 * - Round trip: the export's values, renamed back, are exactly the inputs, secrets and unknowns
 *   aside, and those are marked; JSON-string attributes parse back to the input objects; computed
 *   outputs are unknown, never invented; no secret value is anywhere in the file.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { EvaluatedResource, EvaluatedStack, REPO_ROOT } from "../../../offline/evaluate";
import { UNKNOWN_SENTINELS } from "../../../policy-pack/lib/known-values";
import { TerraformPlanJson, TerraformResource, toTerraformPlan } from "../../../tools/plan/tfplan/export";
import {
    camelCase,
    MAP_PROPERTIES,
    snakeCase,
    TERRAFORM_NAMES,
    TerraformNames,
} from "../../../tools/plan/tfplan/terraform-names";
import { checkovBinary } from "../../../tools/scan/run-checkov";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";
import { getExistingFoundationDev, STACK_REFERENCE } from "../../support/foundation-variants";
import { propertyAt, resourceArgs } from "../../support/pulumi-declarations";
import { evaluateVariant, getConfiguredDev, getFiveServicesDev, withImageTags } from "../../support/variants";

interface Exported {
    readonly label: string;
    readonly stack: EvaluatedStack;
    readonly plan: TerraformPlanJson;
    readonly text: string;
}

type Tree = unknown;
/** Names ending in "s" that are singular (Terraform's `client_alias`, a security group's `ingress`). */
const SINGULAR_ENDING_IN_S = /(alias|ss|us|is)$/i;

/** A value the export must leave out (a secret, an unknown), found in the inputs. */
const HIDDEN = Symbol("hidden");

const isSecretWrapper = (v: unknown): boolean =>
    v !== null && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
const isUnknown = (v: unknown): boolean => typeof v === "string" && UNKNOWN_SENTINELS.has(v);

const exportedResources = (stack: EvaluatedStack): EvaluatedResource[] =>
    stack.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));

/** Every string a secret holds in the stack: engine-wrapped values and the outputs the table marks sensitive. */
function secretsOf(stack: EvaluatedStack): Set<string> {
    const found = new Set<string>();
    const collect = (v: unknown, inside: boolean): void => {
        if (isSecretWrapper(v)) collect((v as { value?: unknown }).value, true);
        else if (Array.isArray(v)) v.forEach((x) => collect(x, inside));
        else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => collect(x, inside));
        else if (inside && typeof v === "string" && v.length >= 8) found.add(v);
    };
    for (const r of exportedResources(stack)) {
        collect(r.inputs, false);
        collect(r.outputs, false);
        for (const key of TERRAFORM_NAMES[r.type]?.secretOutputs ?? []) collect(r.outputs[key], true);
    }
    return found;
}

/** The inputs as a scanner may see them: secret and unknown leaves left out (objects) or null (lists). */
function visible(v: unknown, secrets: ReadonlySet<string>): Tree | typeof HIDDEN {
    if (isSecretWrapper(v) || isUnknown(v)) return HIDDEN;
    if (typeof v === "string" && [...secrets].some((s) => v.includes(s))) return HIDDEN;
    if (Array.isArray(v)) return v.map((x) => visible(x, secrets)).map((x) => (x === HIDDEN ? null : x));
    if (v !== null && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            const seen = visible(x, secrets);
            if (seen !== HIDDEN) out[k] = seen;
        }
        return out;
    }
    return v;
}

function contains(v: unknown, test: (x: unknown) => boolean): boolean {
    if (test(v)) return true;
    if (Array.isArray(v)) return v.some((x) => contains(x, test));
    if (v !== null && typeof v === "object") return Object.values(v).some((x) => contains(x, test));
    return false;
}

/**
 * The Pulumi name of a Terraform attribute under `parent` (a dotted Pulumi path): the table's
 * rename, else camelCase. An attribute exported under the mechanical name of a renamed property
 * (`custom_headers` for `custom_header`) is an export that ignored the table: it throws.
 */
function pulumiName(names: TerraformNames, parent: string, tfKey: string): string {
    const prefix = parent === "" ? "" : `${parent}.`;
    for (const [from, to] of Object.entries(names.renames ?? {})) {
        const rest = from.slice(prefix.length);
        if (to === tfKey && from.startsWith(prefix) && !rest.includes(".")) return rest;
    }
    const name = camelCase(tfKey);
    const renamed = names.renames?.[prefix + name];
    if (renamed !== undefined) throw new Error(`${prefix}${tfKey}: exported under the mechanical name, not ${renamed}`);
    return name;
}

/**
 * The export's values (or marks) renamed back to Pulumi names, and in Pulumi's shape: a block the
 * installed declarations type as one object (not a list) must be a one-element list in the export,
 * as Terraform writes it; it throws on one written as a bare object.
 */
function back(v: unknown, token: string, names: TerraformNames, parent: string, isMap: boolean, inList = false): Tree {
    const decl = parent === "" || isMap ? undefined : propertyAt(token, parent);
    const single = decl?.nested !== undefined && !decl.list && !inList;
    if (Array.isArray(v)) {
        if (single) {
            if (v.length !== 1) throw new Error(`${parent}: a block of at most one item holds ${v.length}`);
            return back(v[0], token, names, parent, false, true);
        }
        return v.map((x) => back(x, token, names, parent, false, true));
    }
    if (v !== null && typeof v === "object") {
        if (single) throw new Error(`${parent}: a block written as an object, not a one-element list`);
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            const key = isMap ? k : pulumiName(names, parent, k);
            const childPath = parent === "" ? key : `${parent}.${key}`;
            out[key] = back(x, token, names, childPath, !isMap && MAP_PROPERTIES.has(key));
        }
        return out;
    }
    return v;
}

/** The leaf paths (keys and list indices) of the inputs the export must hide. */
function hiddenPaths(v: unknown, secrets: ReadonlySet<string>, at: (string | number)[] = []): (string | number)[][] {
    if (visible(v, secrets) === HIDDEN) return [at];
    if (Array.isArray(v)) return v.flatMap((x, i) => hiddenPaths(x, secrets, [...at, i]));
    if (v !== null && typeof v === "object") {
        return Object.entries(v).flatMap(([k, x]) => hiddenPaths(x, secrets, [...at, k]));
    }
    return [];
}

const get = (tree: unknown, at: readonly (string | number)[]): unknown =>
    at.reduce<unknown>(
        (t, k) => (t !== null && typeof t === "object" ? (t as Record<string, unknown>)[k] : undefined),
        tree,
    );

const changeOf = (e: Exported, address: string) =>
    (e.plan.resource_changes as { address: string; change: Record<string, unknown> }[]).find(
        (c) => c.address === address,
    )!.change;

describe("the Terraform-plan export, both ways", function () {
    this.timeout(240_000);
    const exported: Exported[] = [];
    /** Each exported resource beside the evaluated one it came from, over every evaluation. */
    const pairs: { e: Exported; r: EvaluatedResource; tf: TerraformResource; names: TerraformNames }[] = [];

    before(async () => {
        const add = (label: string, stack: EvaluatedStack) => {
            const plan = toTerraformPlan(stack);
            exported.push({ label, stack, plan, text: JSON.stringify(plan) });
        };
        for (const name of STACKS) add(name, await getEvaluatedStack(name));
        for (const name of STACKS) add(`${name} (preview)`, await getEvaluatedStack(name, true));
        add("five-service example", await getFiveServicesDev());
        add("dev with images and an agent alias", await getConfiguredDev());
        add("dev on an existing foundation", await getExistingFoundationDev());
        add("dev on stack references", await evaluateVariant({ stack: "dev", ...STACK_REFERENCE }));
        const edge = "ecs-platform:edge";
        const variants: [string, string, Record<string, unknown>][] = [
            [
                "dev with a custom domain and an alarm e-mail",
                "dev",
                {
                    [edge]: { domain: { name: "app.example.com", hostedZone: "example.com" } },
                    "ecs-platform:alarmEmail": "ops@example.com",
                },
            ],
            [
                "dev with scheduled and request-count scaling",
                "dev",
                {
                    ...withImageTags("dev", { bff: { scaling: { requestsPerTarget: 500 } } }),
                    "ecs-platform:scaling": {
                        schedules: [{ name: "night", schedule: "cron(0 20 ? * MON-FRI *)", minCount: 0, maxCount: 0 }],
                    },
                },
            ],
            ["dev with ECS Exec on the BFF", "dev", withImageTags("dev", { bff: { exec: true } })],
            [
                "dev with tracing",
                "dev",
                {
                    ...withImageTags("dev"),
                    "ecs-platform:tracing": {
                        enabled: true,
                        collectorImage: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${"ab".repeat(32)}`,
                    },
                },
            ],
            [
                "dev with a queue worker the BFF sends to",
                "dev",
                withImageTags("dev", {
                    bff: { grants: { queues: ["reports"] } },
                    reports: { kind: "worker", cpu: 256, memory: 512, imageTag: "1.0.0", queue: {} },
                }),
            ],
            ["dev publicAlb", "dev", { [edge]: { mode: "publicAlb" } }],
            ["dev cidrOnly", "dev", { [edge]: { mode: "cidrOnly", allowedCidrs: ["203.0.113.0/24"] } }],
            [
                "prod on Service Connect",
                "prod",
                { ...withImageTags("prod"), "ecs-platform:deployment": { discovery: "serviceConnect" } },
            ],
        ];
        for (const [label, stack, configOverrides] of variants) {
            add(label, await evaluateVariant({ stack, configOverrides }));
        }
        for (const e of exported) {
            const byAddress = new Map(e.plan.planned_values.root_module.resources.map((x) => [x.address, x]));
            const addressOf = new Map(Object.entries(e.plan.ecs_platform.urns).map(([a, urn]) => [urn, a]));
            for (const r of exportedResources(e.stack)) {
                const tf = byAddress.get(addressOf.get(r.urn) ?? "");
                if (tf) pairs.push({ e, r, tf, names: TERRAFORM_NAMES[r.type] });
            }
        }
    });

    it("every custom resource of every evaluation is exported under its table type (nothing in not_exported)", () => {
        for (const e of exported) {
            assert.deepStrictEqual(e.plan.ecs_platform.not_exported, [], e.label);
            const resources = exportedResources(e.stack);
            assert.strictEqual(e.plan.planned_values.root_module.resources.length, resources.length, e.label);
            assert.strictEqual(Object.keys(e.plan.ecs_platform.urns).length, resources.length, e.label);
        }
        assert.strictEqual(
            pairs.length,
            exported.map((e) => exportedResources(e.stack).length).reduce((a, b) => a + b),
        );
        for (const { e, r, tf } of pairs)
            assert.strictEqual(tf.type, TERRAFORM_NAMES[r.type].type, `${e.label} ${r.urn}`);
        // The variants reach the optional types: a table entry no evaluation exercises is untested.
        const seen = new Set(pairs.map((p) => p.r.type));
        assert.deepStrictEqual(
            Object.keys(TERRAFORM_NAMES).filter((t) => !seen.has(t)),
            [],
        );
    });

    it("every type the program's source constructs is in the table, and the table holds no other", () => {
        const files = [
            path.join(REPO_ROOT, "index.ts"),
            ...fs
                .readdirSync(path.join(REPO_ROOT, "components"))
                .filter((f) => f.endsWith(".ts"))
                .map((f) => path.join(REPO_ROOT, "components", f)),
        ];
        const tokens = new Set<string>();
        for (const file of files) {
            const text = fs.readFileSync(file, "utf8");
            for (const m of text.matchAll(/new\s+aws\.([a-z0-9]+)\.([A-Z][A-Za-z0-9]*)\s*\(/g)) {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                tokens.add((require(`@pulumi/aws/${m[1]}`)[m[2]] as { __pulumiType: string }).__pulumiType);
            }
            for (const m of text.matchAll(/new\s+random\.([A-Z][A-Za-z0-9]*)\s*\(/g)) {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                tokens.add((require("@pulumi/random")[m[1]] as { __pulumiType: string }).__pulumiType);
            }
        }
        assert.ok(tokens.size >= 50, `only ${tokens.size} constructor calls found: the scan is broken`);
        assert.deepStrictEqual([...tokens].filter((t) => !(t in TERRAFORM_NAMES)).sort(), []);
        assert.deepStrictEqual(
            Object.keys(TERRAFORM_NAMES)
                .filter((t) => !tokens.has(t))
                .sort(),
            [],
        );
    });

    it("every rename names a list the installed SDK declares, renamed to its singular", () => {
        const singular = (s: string) =>
            /ies$/.test(s)
                ? s.replace(/ies$/, "y")
                : /(alias|ss|x|ch|sh)es$/.test(s)
                  ? s.slice(0, -2)
                  : s.replace(/s$/, "");
        for (const [token, names] of Object.entries(TERRAFORM_NAMES)) {
            assert.ok(resourceArgs(token), `${token}: no ${token.split(":")[2]}Args in the installed SDK`);
            for (const [from, to] of Object.entries(names.renames ?? {})) {
                const decl = propertyAt(token, from);
                assert.ok(decl, `${token} ${from}: no such property in the installed declarations`);
                assert.ok(decl.list && decl.nested, `${token} ${from}: ${decl.type} is not a list of blocks`);
                assert.strictEqual(to, singular(snakeCase(from.split(".").pop()!)), `${token} ${from}`);
            }
            for (const from of names.pluralInTerraform ?? []) {
                assert.ok(propertyAt(token, from)?.list, `${token} ${from}: not a list in the installed declarations`);
            }
        }
    });

    it("every list of blocks and every map the stacks set has its Terraform name (renamed, plural in Terraform, or kept)", () => {
        const missing = new Set<string>();
        const maps = new Set<string>();
        let lists = 0;
        for (const { r, names } of pairs) {
            const walk = (v: unknown, parent: string): void => {
                if (Array.isArray(v)) return v.forEach((x) => walk(x, parent));
                if (v === null || typeof v !== "object") return;
                for (const [key, x] of Object.entries(v)) {
                    const at = parent === "" ? key : `${parent}.${key}`;
                    if (parent === "" && names.jsonStrings?.includes(snakeCase(key))) continue;
                    const decl = propertyAt(r.type, at);
                    assert.ok(decl, `${r.type}: the stacks set ${at}, which the installed SDK does not declare`);
                    // A map's keys are data: the export must keep them (MAP_PROPERTIES), and only them.
                    const isMap = /^pulumi\.Input<\{\s*\[key: string\]/.test(decl.type);
                    assert.strictEqual(
                        MAP_PROPERTIES.has(key) && !Array.isArray(x),
                        isMap,
                        `${r.type} ${at}: ${decl.type}`,
                    );
                    if (isMap) {
                        maps.add(key);
                        continue;
                    }
                    if (decl.list && decl.nested) {
                        lists++;
                        const plural = /s$/.test(key) && !SINGULAR_ENDING_IN_S.test(key);
                        if (plural && !names.renames?.[at] && !names.pluralInTerraform?.includes(at)) {
                            missing.add(`${r.type} ${at}`);
                        }
                    }
                    if (decl.nested) walk(x, at);
                }
            };
            walk(r.inputs, "");
        }
        assert.ok(lists > 100, `only ${lists} lists of blocks seen`);
        assert.deepStrictEqual([...missing].sort(), []);
        // Every map name of the set is one some stack sets, so none of them is a guess.
        assert.deepStrictEqual([...MAP_PROPERTIES].filter((m) => !maps.has(m)).sort(), []);
    });

    it("round trip: the values renamed back are exactly the inputs, each hidden leaf marked unknown or sensitive", () => {
        let hidden = 0;
        for (const { e, r, tf, names } of pairs) {
            const secrets = secretsOf(e.stack);
            const where = `${e.label} ${tf.address}`;
            const expected = visible(r.inputs, secrets) as Record<string, unknown>;
            // JSON-string attributes compare as the objects they hold (their keys are the document's, not renamed).
            const values: Record<string, unknown> = { ...tf.values };
            const documents: Record<string, unknown> = {};
            for (const attr of names.jsonStrings ?? []) {
                const key = pulumiName(names, "", attr);
                if (contains(r.inputs[key], (x) => visible(x, secrets) === HIDDEN)) delete expected[key];
                else if (typeof expected[key] === "string") expected[key] = JSON.parse(expected[key] as string);
                if (typeof values[attr] === "string") documents[key] = JSON.parse(values[attr] as string);
                delete values[attr];
            }
            assert.deepStrictEqual(
                { ...(back(values, r.type, names, "", false) as object), ...documents },
                expected,
                where,
            );
            const change = changeOf(e, tf.address);
            const marks = [change.after_unknown, change.after_sensitive].map((m) => back(m, r.type, names, "", false));
            for (const at of hiddenPaths(r.inputs, secrets)) {
                hidden++;
                const top = [at[0]];
                const marked = marks.some((m) => get(m, at) === true || get(m, top) === true);
                assert.ok(marked, `${where}: ${at.join(".")} is left out but not marked unknown or sensitive`);
            }
        }
        assert.ok(hidden > 20, `only ${hidden} hidden inputs: the preview and secret cases are not exercised`);
    });

    it("every Terraform attribute name is an identifier; only map properties keep their keys as written", () => {
        for (const { e, tf, names } of pairs) {
            const walk = (v: unknown, parent: string, isMap: boolean): void => {
                if (Array.isArray(v)) return v.forEach((x) => walk(x, parent, false));
                if (v === null || typeof v !== "object") return;
                for (const [k, x] of Object.entries(v)) {
                    if (!isMap)
                        assert.match(k, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `${e.label} ${tf.address}: ${parent}${k}`);
                    const key = isMap ? k : pulumiName(names, "", k);
                    walk(x, `${parent}${k}.`, !isMap && MAP_PROPERTIES.has(key));
                }
            };
            walk(tf.values, "", false);
        }
    });

    it("JSON-string attributes are strings that parse back to the inputs, covering every attribute Checkov parses from JSON", () => {
        const byType = new Map<string, number>();
        for (const { e, r, tf, names } of pairs) {
            for (const attr of names.jsonStrings ?? []) {
                const key = pulumiName(names, "", attr);
                assert.ok(
                    /\bstring\b/.test(propertyAt(r.type, key)?.type ?? ""),
                    `${r.type} ${key}: not a string input`,
                );
                if (!(attr in tf.values)) continue;
                const value = tf.values[attr];
                assert.strictEqual(typeof value, "string", `${e.label} ${tf.address}.${attr}`);
                const input = r.inputs[key];
                const object = typeof input === "string" ? JSON.parse(input) : input;
                assert.deepStrictEqual(JSON.parse(value as string), object, `${e.label} ${tf.address}.${attr}`);
                byType.set(`${tf.type}.${attr}`, (byType.get(`${tf.type}.${attr}`) ?? 0) + 1);
            }
        }
        for (const attr of [
            "aws_ecs_task_definition.container_definitions",
            "aws_iam_role.assume_role_policy",
            "aws_iam_role_policy.policy",
            "aws_kms_key.policy",
            "aws_s3_bucket_policy.policy",
            "aws_sns_topic_policy.policy",
        ]) {
            assert.ok(byType.get(attr), `no ${attr} in any export`);
        }
        // Checkov's own list (RESOURCE_TYPES_JSONIFY in the pinned checkov/terraform/plan_parser.py).
        const venv = path.dirname(path.dirname(checkovBinary()));
        const lib = fs.readdirSync(path.join(venv, "lib")).find((d) => d.startsWith("python"))!;
        const parser = fs.readFileSync(
            path.join(venv, "lib", lib, "site-packages/checkov/terraform/plan_parser.py"),
            "utf8",
        );
        const block = /RESOURCE_TYPES_JSONIFY = \{([^}]*)\}/.exec(parser)![1];
        const jsonify = [...block.matchAll(/"(\w+)": "(\w+)"/g)].map((m) => [m[1], m[2]] as const);
        assert.ok(jsonify.length > 20, "RESOURCE_TYPES_JSONIFY not found in Checkov's source");
        const ours = new Map(Object.values(TERRAFORM_NAMES).map((n) => [n.type, n.jsonStrings ?? []]));
        for (const [type, attr] of jsonify) {
            if (ours.has(type))
                assert.ok(ours.get(type)!.includes(attr), `${type}.${attr}: Checkov parses it from JSON`);
        }
    });

    it("computed outputs are unknown (after_unknown), never invented in values; no unknown sentinel in any file", () => {
        let unknownInputs = 0;
        for (const { e, r, tf, names } of pairs) {
            const change = changeOf(e, tf.address);
            const unknown = change.after_unknown as Record<string, unknown>;
            assert.strictEqual(unknown.id, true, `${e.label} ${tf.address}: id`);
            assert.deepStrictEqual(change.after, tf.values);
            for (const key of Object.keys(r.outputs).filter((k) => !(k in r.inputs))) {
                const tfKey = names.renames?.[key] ?? snakeCase(key);
                assert.strictEqual(unknown[tfKey], true, `${e.label} ${tf.address}: output ${key}`);
                assert.ok(!(tfKey in tf.values), `${e.label} ${tf.address}: output ${key} has a value`);
            }
            if (Object.values(r.inputs).some((v) => contains(v, isUnknown))) unknownInputs++;
        }
        assert.ok(unknownInputs > 50, `only ${unknownInputs} resources with unknown inputs: previews not exercised`);
        for (const e of exported) {
            for (const s of UNKNOWN_SENTINELS) assert.ok(!e.text.includes(s), `${e.label}: an unknown sentinel`);
        }
    });

    it("no secret value appears anywhere in any export, and the stacks do hold secrets", () => {
        let secrets = 0;
        for (const e of exported) {
            const found = secretsOf(e.stack);
            secrets += found.size;
            for (const s of found) assert.ok(!e.text.includes(s), `${e.label}: a secret is in the file`);
        }
        assert.ok(secrets >= exported.length, `only ${secrets} secrets over ${exported.length} evaluations`);
        // The X-Origin-Verify header CloudFront sends is a generated password: redacted, marked.
        const dev = exported.find((e) => e.label === "dev")!;
        const cdn = dev.plan.planned_values.root_module.resources.find(
            (x) => x.type === "aws_cloudfront_distribution",
        )!;
        assert.deepStrictEqual(cdn.sensitive_values.origin, [{ custom_header: [{ value: true }] }]);
    });

    it("a secret input (pulumi.secret) and a value carrying one are left out and marked, in a generated stack", async () => {
        const secret = "correct-horse-battery-staple";
        const stack = await evaluateVariant({
            stack: "dev",
            program: () => {
                new aws.ssm.Parameter("p", { type: "SecureString", value: pulumi.secret(secret) });
                new aws.ssm.Parameter("q", { type: "String", value: pulumi.secret(secret).apply((s) => `x-${s}`) });
                new aws.ecs.TaskDefinition("t", {
                    family: "t",
                    containerDefinitions: pulumi
                        .secret(secret)
                        .apply((s) =>
                            JSON.stringify([{ name: "app", image: "app:1", environment: [{ name: "K", value: s }] }]),
                        ),
                });
            },
        });
        const plan = toTerraformPlan(stack);
        assert.ok(!JSON.stringify(plan).includes(secret));
        const resources = plan.planned_values.root_module.resources;
        assert.deepStrictEqual(
            resources
                .map((x) => [x.address, x.sensitive_values, "value" in x.values || "container_definitions" in x.values])
                .sort(),
            [
                ["aws_ecs_task_definition.t", { container_definitions: true }, false],
                ["aws_ssm_parameter.p", { value: true }, false],
                ["aws_ssm_parameter.q", { value: true }, false],
            ],
        );
    });
});
