/**
 * `plan/<stack>.tfplan.json`: the evaluated graph of a stack as a Terraform plan JSON (the format
 * of `terraform show -json`), so scanners that read Terraform plans (Checkov, Trivy, KICS,
 * conftest) judge our stacks. Every custom resource the program registers, components' children
 * included, appears under its Terraform type and attribute names (terraform-names.ts) with a
 * `create` change:
 *
 * - `planned_values.root_module.resources[].values`: the resource's inputs, renamed, blocks as lists
 *   (as Terraform writes them, one-item blocks included); attributes the Terraform schema holds
 *   as JSON strings are strings.
 * - secrets (the engine's secret signature) are left out and marked in `sensitive_values` /
 *   `after_sensitive`; unknowns (preview) and computed outputs (id, arn, ...: "known after apply")
 *   are left out and marked in `after_unknown`, never invented.
 * - `configuration.root_module.resources[].expressions.<attr>.references` name the resources an
 *   input depends on (`aws_kms_key.parameters-key.arn`), so graph checks connect them.
 *
 * What Checkov reads from such a file: ../shared/reference/scanner-facts.md and docs/scanners.md.
 */
import { specialSecretSig as SECRET_VALUE, specialSigKey as SECRET_SIG } from "@pulumi/pulumi/runtime/rpc";
import type { EvaluatedResource, EvaluatedStack } from "../../../offline/evaluate";
import { UNKNOWN_SENTINELS } from "../../../policy-pack/lib/known-values";
import { MAP_PROPERTIES, snakeCase, TERRAFORM_NAMES, TerraformNames } from "./terraform-names";

/** A format marker Checkov requires (truthy `terraform_version`); no Terraform ran. */
export const TERRAFORM_VERSION = "1.9.0";
export const FORMAT_VERSION = "1.2";

const PROVIDERS: Record<string, string> = {
    aws: "registry.terraform.io/hashicorp/aws",
    random: "registry.terraform.io/hashicorp/random",
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** `true` at the leaves that are unknown (or sensitive), as Terraform writes after_unknown. */
type Marks = true | Marks[] | { [key: string]: Marks } | undefined;

export interface TerraformResource {
    readonly address: string;
    readonly mode: "managed";
    readonly type: string;
    readonly name: string;
    readonly provider_name: string;
    readonly schema_version: 0;
    readonly values: Record<string, Json>;
    readonly sensitive_values: Record<string, Json>;
}

export interface TerraformPlanJson {
    readonly format_version: string;
    readonly terraform_version: string;
    readonly planned_values: { readonly root_module: { readonly resources: TerraformResource[] } };
    readonly resource_changes: unknown[];
    readonly configuration: { readonly root_module: { readonly resources: unknown[] } };
    /** Ours (scanners ignore it): the stack, each address's Pulumi URN, what was not exported. */
    readonly ecs_platform: {
        readonly stack: string;
        readonly preview: boolean;
        readonly urns: Record<string, string>;
        readonly not_exported: { urn: string; type: string; reason: string }[];
    };
}

/** The stack as a Terraform plan. Types without a mapping are listed in `ecs_platform.not_exported`. */
export function toTerraformPlan(stack: EvaluatedStack): TerraformPlanJson {
    const custom = stack.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
    const addresses = assignAddresses(custom);
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const secrets = secretValues(custom);
    const resources: TerraformResource[] = [];
    const changes: unknown[] = [];
    const configuration: unknown[] = [];
    const urns: Record<string, string> = {};
    const notExported: { urn: string; type: string; reason: string }[] = [];
    for (const r of custom) {
        const names = TERRAFORM_NAMES[r.type];
        const at = addresses.get(r.urn);
        if (!names || !at) {
            notExported.push({ urn: r.urn, type: r.type, reason: "no Terraform mapping in terraform-names.ts" });
            continue;
        }
        const { values, unknown, sensitive } = convertInputs(r.inputs, names, secrets);
        for (const key of Object.keys(r.outputs)) {
            // Computed by the provider: known only after apply (the mocks' ids and ARNs are not facts).
            const tfKey = names.renames?.[key] ?? snakeCase(key);
            if (!(key in r.inputs) && !(tfKey in values)) unknown[tfKey] = true;
        }
        unknown.id = true;
        const provider_name = PROVIDERS[r.type.split(":")[0]] ?? r.type.split(":")[0];
        const common = { address: at.address, mode: "managed" as const, type: names.type, name: at.name };
        resources.push({ ...common, provider_name, schema_version: 0, values, sensitive_values: sensitive });
        changes.push({
            ...common,
            provider_name,
            change: {
                actions: ["create"],
                before: null,
                after: values,
                after_unknown: unknown,
                before_sensitive: false,
                after_sensitive: sensitive,
            },
        });
        configuration.push({
            ...common,
            provider_config_key: r.type.split(":")[0],
            expressions: references(r, names, byUrn, addresses),
            schema_version: 0,
        });
        urns[at.address] = r.urn;
    }
    return {
        format_version: FORMAT_VERSION,
        terraform_version: TERRAFORM_VERSION,
        planned_values: { root_module: { resources } },
        resource_changes: changes,
        configuration: { root_module: { resources: configuration } },
        ecs_platform: { stack: stack.stack, preview: stack.preview, urns, not_exported: notExported },
    };
}

/** `<type>.<name>` per resource; the name from the Pulumi name, made a Terraform identifier, unique per type. */
function assignAddresses(resources: readonly EvaluatedResource[]): Map<string, { address: string; name: string }> {
    const taken = new Set<string>();
    const out = new Map<string, { address: string; name: string }>();
    for (const r of resources) {
        const type = TERRAFORM_NAMES[r.type]?.type;
        if (!type) continue;
        const base = r.name.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^(?=[^A-Za-z_])/, "r_");
        let name = base;
        for (let i = 2; taken.has(`${type}.${name}`); i++) name = `${base}_${i}`;
        taken.add(`${type}.${name}`);
        out.set(r.urn, { address: `${type}.${name}`, name });
    }
    return out;
}

interface Converted {
    values: Record<string, Json>;
    unknown: Record<string, Marks>;
    sensitive: Record<string, Json>;
}

/**
 * Every value a secret holds in this stack: the engine's secret-wrapped values and the outputs the
 * provider marks sensitive. A value an input carries (a custom header set from a generated
 * password) is redacted there too.
 */
function secretValues(resources: readonly EvaluatedResource[]): ReadonlySet<string> {
    const found = new Set<string>();
    const collect = (v: unknown): void => {
        if (isSecretWrapper(v)) {
            const inner = (v as { value?: unknown }).value;
            if (typeof inner === "string") found.add(inner);
            else collect(inner);
        } else if (Array.isArray(v)) v.forEach(collect);
        else if (v !== null && typeof v === "object") Object.values(v).forEach(collect);
    };
    for (const r of resources) {
        collect(r.inputs);
        collect(r.outputs);
        for (const key of TERRAFORM_NAMES[r.type]?.secretOutputs ?? []) {
            const v = r.outputs[key];
            if (typeof v === "string") found.add(v);
            else collect(v);
        }
    }
    // A short secret (a PIN) would match ordinary text; such values are redacted where wrapped only.
    return new Set([...found].filter((v) => v.length >= 8));
}

function convertInputs(
    inputs: Record<string, unknown>,
    names: TerraformNames,
    secrets: ReadonlySet<string>,
): Converted {
    const isSecret = (v: unknown): boolean =>
        isSecretWrapper(v) || (typeof v === "string" && [...secrets].some((s) => v.includes(s)));
    const out: Converted = { values: {}, unknown: {}, sensitive: {} };
    for (const [key, raw] of Object.entries(inputs)) {
        const tfKey = names.renames?.[key] ?? snakeCase(key);
        if (names.jsonStrings?.includes(tfKey)) {
            jsonString(raw, tfKey, out, isSecret);
            continue;
        }
        // A map is an object: a list under a map's name (a scaling policy's metric `dimensions`) is blocks.
        const c = convert(raw, key, names, MAP_PROPERTIES.has(key) && !Array.isArray(raw), isSecret);
        if (c.value !== undefined) out.values[tfKey] = c.value;
        if (c.unknown !== undefined) out.unknown[tfKey] = c.unknown;
        if (c.sensitive !== undefined) out.sensitive[tfKey] = c.sensitive as Json;
    }
    return out;
}

/** A JSON-string attribute: a string as it is, an object serialised; any secret or unknown inside makes the whole one so. */
function jsonString(raw: unknown, tfKey: string, out: Converted, isSecret: (v: unknown) => boolean): void {
    if (contains(raw, isSecret)) out.sensitive[tfKey] = true;
    else if (contains(raw, isUnknownValue)) out.unknown[tfKey] = true;
    else out.values[tfKey] = typeof raw === "string" ? raw : JSON.stringify(raw);
}

interface Leaf {
    value?: Json;
    unknown?: Marks;
    sensitive?: Marks;
}

/**
 * One input value in Terraform's shape. A nested object that is not a map is a block, and
 * `terraform show -json` writes every list-nested block as an array, the blocks that hold at most
 * one item (`network_configuration`) included: such an object becomes a one-element list, so
 * scanners that index `[0]` (Rego, jq, Trivy) read it as they read a real plan. Every nested
 * object in an SDKv2 resource is a block (its maps hold only primitives); of the plugin-framework
 * ones exported here the security group rules have no blocks and the VPC origin's are
 * `ListNestedBlock`s (terraform-names.ts cites the provider's source).
 */
function convert(
    raw: unknown,
    path: string,
    names: TerraformNames,
    isMap: boolean,
    isSecret: (v: unknown) => boolean,
    inList = false,
): Leaf {
    if (isSecret(raw)) return { sensitive: true };
    if (isUnknownValue(raw)) return { unknown: true };
    if (Array.isArray(raw)) {
        const items = raw.map((x) => convert(x, path, names, false, isSecret, true));
        const unknown = items.some((i) => i.unknown !== undefined) ? items.map((i) => i.unknown ?? false) : undefined;
        const sensitive = items.some((i) => i.sensitive !== undefined)
            ? items.map((i) => i.sensitive ?? false)
            : undefined;
        // A list keeps its positions: an unknown or secret element stays as null, marked beside it.
        return { value: items.map((i) => i.value ?? null), unknown: unknown as Marks, sensitive: sensitive as Marks };
    }
    if (raw !== null && typeof raw === "object") {
        const value: Record<string, Json> = {};
        const unknown: Record<string, Marks> = {};
        const sensitive: Record<string, Marks> = {};
        for (const [key, v] of Object.entries(raw)) {
            const childPath = `${path}.${key}`;
            const tfKey = isMap ? key : (names.renames?.[childPath] ?? snakeCase(key));
            const c = convert(v, childPath, names, !isMap && MAP_PROPERTIES.has(key) && !Array.isArray(v), isSecret);
            if (c.value !== undefined) value[tfKey] = c.value;
            if (c.unknown !== undefined) unknown[tfKey] = c.unknown;
            if (c.sensitive !== undefined) sensitive[tfKey] = c.sensitive;
        }
        const block = !isMap && !inList;
        const wrap = <T>(x: T): T | T[] => (block ? [x] : x);
        return {
            value: wrap(value),
            ...(Object.keys(unknown).length > 0 ? { unknown: wrap(unknown) } : {}),
            ...(Object.keys(sensitive).length > 0 ? { sensitive: wrap(sensitive) as Marks } : {}),
        };
    }
    return { value: raw as Json };
}

/**
 * The references of each top-level input that depends on another exported resource: the
 * resources whose id or ARN the value carries (else another output of theirs it carries); an
 * unknown value (preview) names every exported resource it depends on.
 */
function references(
    r: EvaluatedResource,
    names: TerraformNames,
    byUrn: ReadonlyMap<string, EvaluatedResource>,
    addresses: Map<string, { address: string }>,
): Record<string, { references: string[] }> {
    const out: Record<string, { references: string[] }> = {};
    for (const [key, deps] of Object.entries(r.propertyDependencies)) {
        const exported = deps.flatMap((urn) => {
            const dep = byUrn.get(urn);
            const at = addresses.get(urn);
            return dep && at ? [{ dep, address: at.address }] : [];
        });
        const value = r.inputs[key];
        const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
        let found = exported.flatMap(({ dep, address }) => {
            const attr = identityCarried(text, dep);
            return attr ? [`${address}.${attr}`, address] : [];
        });
        if (found.length === 0) {
            found = exported.flatMap(({ dep, address }) => {
                const attr = otherOutputCarried(text, dep);
                return attr ? [`${address}.${attr}`, address] : [];
            });
        }
        if (found.length === 0 && contains(value, isUnknownValue)) found = exported.map((e) => e.address);
        if (found.length > 0) out[names.renames?.[key] ?? snakeCase(key)] = { references: found };
    }
    return out;
}

/** `arn` or `id` when the value carries the dependency's ARN or id. */
function identityCarried(text: string, dep: EvaluatedResource): string | undefined {
    const arn = dep.outputs.arn;
    if (typeof arn === "string" && text.includes(arn)) return "arn";
    if (dep.id !== undefined && dep.id.length >= 4 && text.includes(dep.id)) return "id";
    return undefined;
}

/** Another output of the dependency the value carries (a name, a URL), as a Terraform attribute. */
function otherOutputCarried(text: string, dep: EvaluatedResource): string | undefined {
    for (const [key, v] of Object.entries(dep.outputs)) {
        if (typeof v === "string" && v.length >= 8 && text.includes(v)) return snakeCase(key);
    }
    return undefined;
}

/** The engine's form of a secret: `{ [specialSigKey]: specialSecretSig, value }` (the SDK's rpc constants). */
function isSecretWrapper(v: unknown): boolean {
    return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE;
}

function isUnknownValue(v: unknown): boolean {
    return typeof v === "string" && UNKNOWN_SENTINELS.has(v);
}

function contains(v: unknown, test: (x: unknown) => boolean): boolean {
    if (test(v)) return true;
    if (Array.isArray(v)) return v.some((x) => contains(x, test));
    if (v !== null && typeof v === "object") return Object.values(v).some((x) => contains(x, test));
    return false;
}
