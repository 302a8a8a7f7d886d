/**
 * Small helpers shared by the ECS, ALB, logs, ECR, SSM, data and limits policies: giving up on an
 * unknown the way the analyzer expects, config with defaults, config regular expressions, and
 * resources of a stack linked through `propertyDependencies`.
 */
import { PolicyResource } from "@pulumi/policy";
import { at, isUnknown, UnknownNeeds } from "./known-values";

// The SDK's `.d.ts` for its proxy module is empty; the class is exported at runtime (1.21).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy") as {
    UnknownValueError: new (sentinel: string, props: readonly (string | number)[]) => Error;
};
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Gives up on what could not be decided, after every decidable finding has been reported: throws
 * the analyzer's `UnknownValueError`, which it turns into an advisory "can't run policy ... during
 * preview" (violations reported before it still count). The message names the property, never a value.
 */
export function settle(needs: UnknownNeeds): void {
    const [first, ...rest] = needs.all;
    if (first === undefined) return;
    cannotDecide(rest.length === 0 ? first : `${first} (and ${rest.length} more)`);
}

/** Gives up now: the decision needs the value at `path`, which is unknown during preview. */
export function cannotDecide(path: string): never {
    throw new UnknownValueError(UNKNOWN_STRING, [path]);
}

/** The policy's config over its defaults (the analyzer hands over only what the stack set). */
export function withDefaults<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
    const given = args.getConfig<Partial<T>>() ?? {};
    const out = { ...defaults } as Record<string, unknown>;
    for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
    return out as T;
}

/** Compiles a regular expression from config; a broken one is a config error, said loudly. */
export function configPattern(policyName: string, key: string, source: string, flags = "i"): RegExp {
    try {
        return new RegExp(source, flags);
    } catch {
        throw new Error(`policy ${policyName}: config "${key}" is not a valid regular expression`);
    }
}

/** The resources `resource` refers to through the input property `property` (engine-recorded). */
export function dependenciesVia(resource: PolicyResource, property: string): PolicyResource[] {
    return resource.propertyDependencies?.[property] ?? [];
}

/** True when `resource` is of one of `types`. */
export function ofType(resource: PolicyResource, types: readonly string[]): boolean {
    return types.includes(resource.type);
}

/**
 * Whether `ref` (a property value naming another resource: an ARN, name or id) names `target`,
 * compared with the target's known identifying outputs. `undefined` when it cannot be told
 * because the reference or all of the target's identifiers are unknown.
 */
export function refersTo(ref: unknown, target: PolicyResource, keys: readonly string[]): boolean | undefined {
    if (isUnknown(ref)) return undefined;
    if (typeof ref !== "string" || ref === "") return false;
    let anyKnown = false;
    for (const key of keys) {
        const id = at(target.props, key);
        if (isUnknown(id)) continue;
        if (typeof id === "string" && id !== "") {
            anyKnown = true;
            if (id === ref) return true;
        }
    }
    return anyKnown ? false : undefined;
}

/** A short, value-free description of a resource for stack-policy messages. */
export function describeResource(r: PolicyResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

/** Quotes a name-like identifier (container or variable names); anything else is left out. */
export function quoteIdentifier(value: unknown): string | undefined {
    return typeof value === "string" && /^[A-Za-z0-9_.\-/]{1,255}$/.test(value) ? `"${value}"` : undefined;
}
