/**
 * Stacks other than the committed files: config overrides and stack references, evaluated one at a
 * time after the shared evaluations, and the configured dev stack several specs share.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { EvaluatedStack, EvaluateOptions, evaluateStack, REPO_ROOT } from "../../offline/evaluate";
import { readStackConfig } from "../../offline/stack-config";
import { ACCOUNT, REGION } from "./architecture";
import { getEvaluatedStack, StackName, STACKS } from "./evaluated-stacks";
import { EntryPatch, mergePatch, patchServices, ServicePatches } from "./service-patches";

/**
 * Evaluates a variant of a stack (config overrides, stack references) once no shared evaluation
 * is running: the SDK's runtime is global, so two evaluations must never overlap. The shared ones
 * are requested from mocha hooks, one hook at a time; awaiting every one this suite uses first
 * leaves the runtime idle.
 */
export async function evaluateVariant(options: EvaluateOptions): Promise<EvaluatedStack> {
    for (const stack of STACKS) await getEvaluatedStack(stack);
    return evaluateStack(options);
}

/** Offline-valid image tags for the services (immutable tags: a version, never `latest`). */
export const IMAGE_TAGS = { bff: "1.4.2", agentcore: "2.0.1" } as const;
export const AGENT_ALIAS_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent-alias/AGENT12345/ALIAS12345`;

/**
 * The committed stack file's `ecs-platform:services` map with `patches` merged per service (nested
 * objects merged, lists replaced, `undefined` removes a key or a service), so an override names
 * only what it changes: `stackServices("dev", { bff: { imageTag: "1.4.2" } })`.
 */
export function stackServices(stack: StackName, patches: ServicePatches = {}): Record<string, Record<string, unknown>> {
    const text = readStackConfig(REPO_ROOT, stack).config["ecs-platform:services"];
    if (text === undefined) throw new Error(`Pulumi.${stack}.yaml has no ecs-platform:services`);
    return patchServices(JSON.parse(text) as Record<string, unknown>, patches);
}

/** The config override `{ "ecs-platform:services": stackServices(stack, patches) }`. */
export function servicesOverride(stack: StackName, patches: ServicePatches = {}): Record<string, unknown> {
    return { "ecs-platform:services": stackServices(stack, patches) };
}

/** Every service of the stack file at its offline-valid image tag (after the first push). */
export function withImageTags(stack: StackName, patches: ServicePatches = {}): Record<string, unknown> {
    const combined: Record<string, EntryPatch | undefined> = {};
    for (const [name, imageTag] of Object.entries(IMAGE_TAGS)) combined[name] = { imageTag };
    for (const [name, patch] of Object.entries(patches)) {
        combined[name] = patch === undefined ? undefined : (mergePatch(combined[name] ?? {}, patch) as EntryPatch);
    }
    return servicesOverride(stack, combined);
}

let configured: Promise<EvaluatedStack> | undefined;

/**
 * dev after the first images are pushed and configured (`services.<name>.imageTag`), with
 * an agent alias AgentCore may invoke. Evaluated once per run and shared by the specs that need it.
 */
export function getConfiguredDev(): Promise<EvaluatedStack> {
    configured ??= evaluateVariant({
        stack: "dev",
        configOverrides: {
            ...withImageTags("dev"),
            "ecs-platform:bedrock": {
                inferenceProfileIds: ["us.anthropic.claude-sonnet-4-6"],
                agentAliasArns: [AGENT_ALIAS_ARN],
            },
        },
    });
    return configured;
}

/** examples/stacks/five-services.yaml (http x2, internal x2, worker x1). */
export const FIVE_SERVICES_FILE = path.join(REPO_ROOT, "examples", "stacks", "five-services.yaml");

let fiveServices: Promise<EvaluatedStack> | undefined;

/**
 * dev with the five-service example's `ecs-platform:services` map and the stack file's other
 * settings, evaluated once per run and shared by the example's spec and the export spec.
 */
export function getFiveServicesDev(): Promise<EvaluatedStack> {
    fiveServices ??= evaluateVariant({
        stack: "dev",
        configOverrides: { "ecs-platform:services": fiveServicesMap() },
    });
    return fiveServices;
}

/** The example's `ecs-platform:services` map, as the YAML holds it. */
export function fiveServicesMap(): Record<string, Record<string, unknown>> {
    const doc = yaml.load(fs.readFileSync(FIVE_SERVICES_FILE, "utf8")) as { config: Record<string, unknown> };
    return doc.config["ecs-platform:services"] as Record<string, Record<string, unknown>>;
}
