/**
 * Stacks other than the committed files: config overrides and stack references, evaluated one at a
 * time after the shared evaluations, and the configured dev stack several specs share.
 */
import { EvaluatedStack, EvaluateOptions, evaluateStack } from "../../offline/evaluate";
import { ACCOUNT, REGION } from "./architecture";
import { getEvaluatedStack, StackName, STACKS } from "./evaluated-stacks";

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

/** The service block of a stack file, as written in Pulumi.<stack>.yaml (all three use 2/2/10). */
export function serviceConfig(stack: StackName, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const size = { dev: [512, 1024], test: [1024, 2048], prod: [2048, 4096] }[stack];
    return { cpu: size[0], memory: size[1], desiredCount: 2, minCount: 2, maxCount: 10, ...extra };
}

let configured: Promise<EvaluatedStack> | undefined;

/**
 * dev after the first images are pushed and configured (`bff.imageTag`, `agentcore.imageTag`), with
 * an agent alias AgentCore may invoke. Evaluated once per run and shared by the specs that need it.
 */
export function getConfiguredDev(): Promise<EvaluatedStack> {
    configured ??= evaluateVariant({
        stack: "dev",
        configOverrides: {
            "ecs-platform:bff": serviceConfig("dev", { imageTag: IMAGE_TAGS.bff }),
            "ecs-platform:agentcore": serviceConfig("dev", { imageTag: IMAGE_TAGS.agentcore }),
            "ecs-platform:bedrock": {
                inferenceProfileIds: ["us.anthropic.claude-sonnet-4-6"],
                agentAliasArns: [AGENT_ALIAS_ARN],
            },
        },
    });
    return configured;
}
