/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` into the flat `namespace:key -> string` map the
 * CLI hands a program (structured values as JSON), applying project-level defaults and checking
 * declared types as `pulumi preview` does before the program runs.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    /** What `pulumi.runtime.allConfig()` returns under the CLI. */
    readonly config: Record<string, string>;
    /** Keys whose stack value is `secure:` (replaced by a placeholder offline). */
    readonly secretKeys: string[];
}

/** Thrown when a stack file is missing, unparsable or violates the project's declared config types. */
export class StackConfigError extends Error {
    constructor(
        readonly stack: string,
        message: string,
    ) {
        super(message);
        this.name = "StackConfigError";
    }
}

interface ProjectFile {
    name: string;
    config?: Record<string, unknown>;
    stackConfigDir?: string;
}

const SECRET_PLACEHOLDER = "offline-secret-placeholder";

/** Loads the config of `stack` from the project in `projectDir`. `overrides` replace stack values (tests). */
export function readStackConfig(
    projectDir: string,
    stack: string,
    overrides: Record<string, unknown> = {},
): StackConfig {
    const project = readYaml<ProjectFile>(path.join(projectDir, "Pulumi.yaml"), stack);
    if (!project?.name) throw new StackConfigError(stack, `Pulumi.yaml in ${projectDir} has no project name`);
    const stackFile = path.join(projectDir, project.stackConfigDir ?? "", `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new StackConfigError(
            stack,
            `no stack file ${path.relative(process.cwd(), stackFile)} for stack "${stack}"`,
        );
    }
    const stackValues = readYaml<{ config?: Record<string, unknown> }>(stackFile, stack)?.config ?? {};
    const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const declared: Record<string, { type?: string; items?: { type?: string } }> = {};
    for (const [rawKey, spec] of Object.entries(project.config ?? {})) {
        const key = qualify(rawKey);
        if (isObject(spec) && ("type" in spec || "default" in spec || "description" in spec)) {
            declared[key] = spec as { type?: string };
            if ("default" in spec) config[key] = stringify(spec.default);
        } else if (isObject(spec) && "value" in spec) {
            config[key] = stringify(spec.value);
        } else {
            config[key] = stringify(spec);
        }
    }
    for (const [rawKey, value] of Object.entries({ ...stackValues, ...overrides })) {
        const key = qualify(rawKey);
        if (value === undefined) {
            delete config[key];
            continue;
        }
        if (isObject(value) && "secure" in value) {
            secretKeys.push(key);
            config[key] = SECRET_PLACEHOLDER;
            continue;
        }
        const spec = declared[key];
        if (spec?.type && !matchesType(value, spec.type, spec.items?.type)) {
            throw new StackConfigError(
                stack,
                `validating stack config: Stack '${stack}' with configuration key '${key}' must be of type '${spec.type}'`,
            );
        }
        config[key] = stringify(value);
    }
    return { project: project.name, stack, config, secretKeys };
}

function readYaml<T>(file: string, stack: string): T | undefined {
    try {
        return yaml.load(fs.readFileSync(file, "utf8")) as T;
    } catch (e) {
        throw new StackConfigError(stack, `cannot read ${path.basename(file)}: ${(e as Error).message}`);
    }
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A config value as the CLI hands it to the program: structured values as JSON with every
 * object's keys in sorted order (the CLI holds them in Go maps, sdk/go/common/resource/config
 * object.go, and Go's JSON encoder sorts map keys), not in the order the stack file lists them.
 * The engine run of issue 19 found the difference: a map of services arrives sorted by name.
 */
function stringify(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(sortedKeys(v));
}

function sortedKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(sortedKeys);
    if (!isObject(v)) return v;
    return Object.fromEntries(
        Object.keys(v)
            .sort()
            .map((k) => [k, sortedKeys(v[k])]),
    );
}

function matchesType(v: unknown, type: string, itemType?: string): boolean {
    switch (type) {
        case "string":
            return typeof v === "string";
        case "integer":
            return Number.isInteger(v);
        case "boolean":
            return typeof v === "boolean";
        case "array":
            return Array.isArray(v) && (!itemType || v.every((i) => matchesType(i, itemType)));
        default:
            return true;
    }
}
