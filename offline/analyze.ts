/**
 * Runs the policy pack's policies in-process the way the analyzer server does
 * (`@pulumi/policy/server.js`): props deserialised from engine JSON, wrapped in
 * `unknownCheckingProxy`, args with `stackTags`, `getConfig`, `notApplicable`; an unknown value
 * touched during preview becomes an advisory "can't run" notice; NotApplicable is recorded.
 * Used by the tests (single resources and whole evaluated stacks) and by the offline plan.
 *
 * Two shortcuts give the server's results with less work (bench/scale.ts: ~10x at 20k resources):
 * a resource policy whose declared types exclude a resource is recorded NotApplicable without
 * deserialising that resource for it, and stack policies share one read-only resource graph
 * instead of one each.
 */
import {
    EnforcementLevel,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";
import { APPLIES_TO, type PlatformPolicy } from "../policy-pack/lib/define-policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, any>;
};

/** The engine's wire form of a value unknown during preview (what the analyzer receives). */
export { unknownValue as UNKNOWN } from "@pulumi/pulumi/runtime/rpc";

/** A resource as the analyzer receives it: engine JSON (unknowns as the engine's sentinels). */
export interface AnalyzedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** Resource policies see inputs; stack policies see outputs. */
    readonly inputs: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
    readonly parent?: string;
    readonly protect?: boolean;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** Where the per-stack policy configs live (`--policy-pack-config policy-pack/config/<stack>.json`). */
export const POLICY_CONFIG_DIR = path.resolve(__dirname, "..", "policy-pack", "config");

/** The stack's policy config file, or `{}` with no file when the stack has none. */
export function readPolicyPackConfig(
    stack: string,
    dir = POLICY_CONFIG_DIR,
): { config: PolicyPackConfig; file?: string } {
    const file = path.join(dir, `${stack}.json`);
    if (!fs.existsSync(file)) return { config: {} };
    return { config: JSON.parse(fs.readFileSync(file, "utf8")) as PolicyPackConfig, file };
}

/** Per-policy config as in `--policy-pack-config` JSON: a level or `{ enforcementLevel, ...props }`. */
export type PolicyPackConfig = Record<
    string,
    EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

export interface PolicyViolation {
    readonly policyName: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly severity?: string;
    readonly message: string;
    readonly urn?: string;
}

export interface PolicyRunResult {
    readonly violations: PolicyViolation[];
    /** Policies that could not decide because they touched an unknown value (preview). */
    readonly unknown: { policyName: string; urn?: string; reason: string }[];
    readonly notApplicable: { policyName: string; urn?: string; reason?: string }[];
}

/** The error `args.notApplicable()` throws, as in the analyzer server. */
export class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/** Engine JSON -> what a policy sees: secrets unwrapped, unknowns left as sentinels, behind the proxy. */
export function policyProps(engineJson: Record<string, unknown>): Record<string, any> {
    return unknownCheckingProxy(deserializeProperties({ toJavaScript: () => engineJson }, false));
}

function levelOf(policy: PlatformPolicy, config: PolicyPackConfig): EnforcementLevel {
    const c = config[policy.name];
    const configured = typeof c === "string" ? c : c?.enforcementLevel;
    const level = configured ?? policy.enforcementLevel ?? "advisory";
    return level === "remediate" ? "mandatory" : level;
}

function configOf(policy: PlatformPolicy, config: PolicyPackConfig): Record<string, unknown> {
    const c = config[policy.name];
    if (c === undefined || typeof c === "string") return {};
    const { enforcementLevel: _ignored, ...props } = c;
    return props;
}

function reporter(policy: PlatformPolicy, level: EnforcementLevel, out: PolicyViolation[], urn?: string) {
    return ((message: unknown, violationUrn?: string) => {
        out.push({
            policyName: policy.name,
            enforcementLevel: level,
            severity: policy.severity,
            message: [policy.description, message].filter(Boolean).join("\n"),
            urn: violationUrn ?? urn,
        });
    }) as ReportViolation;
}

const EMPTY_TAGS: ReadonlyMap<string, string> = new Map();

/** Runs resource and stack policies over a set of resources, like a preview/up with the pack. */
export function runPolicies(
    policies: readonly PlatformPolicy[],
    resources: readonly AnalyzedResource[],
    config: PolicyPackConfig = {},
): PolicyRunResult {
    const result: PolicyRunResult = { violations: [], unknown: [], notApplicable: [] };
    // One graph for every stack policy: the server builds it per policy, but policies only read it.
    let graph: PolicyResource[] | undefined;
    for (const policy of policies) {
        const level = levelOf(policy, config);
        if (level === "disabled") continue;
        const policyConfig = configOf(policy, config);
        if ("validateResource" in policy && policy.validateResource) {
            const validations = Array.isArray(policy.validateResource)
                ? policy.validateResource
                : [policy.validateResource];
            const fastType =
                validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : undefined;
            // What the validate function would answer for other types, without deserialising props first.
            const appliesTo =
                validations.length === 1
                    ? (validations[0] as { [APPLIES_TO]?: readonly string[] })[APPLIES_TO]
                    : undefined;
            for (const r of resources) {
                if (fastType !== undefined && fastType !== r.type) continue;
                if (appliesTo !== undefined && !appliesTo.includes(r.type)) {
                    result.notApplicable.push({
                        policyName: policy.name,
                        urn: r.urn,
                        reason: `applies to ${appliesTo.join(", ")}`,
                    });
                    continue;
                }
                for (const validate of validations) {
                    const props = policyProps(r.inputs);
                    const args: ResourceValidationArgs = {
                        type: r.type,
                        props,
                        urn: r.urn,
                        name: r.name,
                        opts: policyOptions(r),
                        stackTags: EMPTY_TAGS,
                        isType: (cls: any) =>
                            cls?.__pulumiType === r.type || cls?.isInstance?.({ __pulumiType: r.type }),
                        asType: ((cls: any) =>
                            cls?.__pulumiType === r.type || cls?.isInstance?.({ __pulumiType: r.type })
                                ? props
                                : undefined) as ResourceValidationArgs["asType"],
                        getConfig: <T extends object>() => policyConfig as T,
                        notApplicable: throwNotApplicable,
                    };
                    capture(policy, r.urn, result, () =>
                        validate(args, reporter(policy, level, result.violations, r.urn)),
                    );
                }
            }
        }
        if ("validateStack" in policy && policy.validateStack) {
            const args: StackValidationArgs = {
                resources: (graph ??= stackResources(resources)),
                getConfig: <T extends object>() => policyConfig as T,
                stackTags: EMPTY_TAGS,
                notApplicable: throwNotApplicable,
            };
            const validateStack = policy.validateStack;
            capture(policy, undefined, result, () => validateStack(args, reporter(policy, level, result.violations)));
        }
    }
    return result;
}

function capture(policy: PlatformPolicy, urn: string | undefined, result: PolicyRunResult, run: () => unknown): void {
    try {
        const r = run();
        if (r instanceof Promise)
            throw new Error(`policy ${policy.name} is async; this pack's policies are synchronous`);
    } catch (e: unknown) {
        if (e instanceof UnknownValueError) {
            result.unknown.push({ policyName: policy.name, urn, reason: (e as Error).message });
        } else if (e instanceof NotApplicableError) {
            result.notApplicable.push({ policyName: policy.name, urn, reason: e.reason });
        } else {
            throw new Error(`policy ${policy.name} threw on ${urn ?? "the stack"}: ${(e as Error).message}`, {
                cause: e as Error,
            });
        }
    }
}

/** The resource options the analyzer passes (only protect and parent are known offline). */
function policyOptions(r: AnalyzedResource): PolicyResourceOptions {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: r.parent,
    };
}

/** Builds the analyzer's PolicyResource graph: outputs as props, parent and dependencies linked. */
function stackResources(resources: readonly AnalyzedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const props = policyProps(r.outputs ?? r.inputs);
        const pr: PolicyResource = {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props,
            opts: policyOptions(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: any) => cls?.__pulumiType === r.type || cls?.isInstance?.({ __pulumiType: r.type }),
            asType: ((cls: any) =>
                cls?.__pulumiType === r.type || cls?.isInstance?.({ __pulumiType: r.type })
                    ? props
                    : undefined) as PolicyResource["asType"],
        };
        byUrn.set(r.urn, pr);
        return pr;
    });
    resources.forEach((r, i) => {
        const pr = built[i] as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
        if (r.parent) pr.parent = byUrn.get(r.parent);
        pr.dependencies = (r.dependencies ?? []).map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
            pr.propertyDependencies[k] = urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
        }
    });
    return built;
}

/** Convenience for unit tests: one resource, inputs as outputs, a URN derived from type and name. */
export function resourceFor(type: string, inputs: Record<string, unknown>, name = "r"): AnalyzedResource {
    return { type, name, urn: `urn:pulumi:test::ecs-platform::${type}::${name}`, inputs, outputs: inputs };
}
