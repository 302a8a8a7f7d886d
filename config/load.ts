/**
 * Loads and validates the stack configuration before any resource is registered. Errors name
 * the key (`ecs-platform:bff.cpu`), the value given and what is allowed, all at once.
 */
import { execIssues } from "./exec";
import { tracingIssues } from "./tracing";
import * as pulumi from "@pulumi/pulumi";
import {
    describeIssue,
    describeKeyed,
    DescribeContext,
    KeyedIssue,
    nearest,
    PROJECT,
    unknownKeyMessage,
    valueAt,
} from "./describe";
import { edgeIssues, resolveEdge } from "./edge-rules";
import { AWS_REGIONS, regionIssues } from "./region-rules";
import { stackNameProblem } from "./stack-name";
import { serviceConnectIssues } from "./service-connect";
import { resolveServices, servicesIssues, ServicesContext } from "./services-map";
import { movedKeyMessage } from "./moved-keys";
import { ParsedPlatformConfig, PLATFORM_CONFIG_KEYS, PlatformConfig, platformConfigSchema } from "./schema";

export { PROJECT };

/**
 * Thrown for invalid stack configuration; `issues` lists one line per problem. A RunError, so the
 * Pulumi CLI prints the message alone, without a stack trace.
 */
export class ConfigValidationError extends pulumi.RunError {
    constructor(
        readonly stack: string,
        readonly issues: readonly string[],
    ) {
        super(`Invalid configuration for stack "${stack}":\n${issues.map((i) => `  - ${i}`).join("\n")}`);
        this.name = "ConfigValidationError";
    }
}

/** Reads the `ecs-platform:*` and `aws:region` keys the CLI (or the offline evaluator) passed in. */
export function loadPlatformConfig(): PlatformConfig {
    const raw = pulumi.runtime.allConfig();
    return parsePlatformConfig(raw, pulumi.getStack(), secretKeysOf(Object.keys(raw)));
}

/**
 * The keys whose stack value is `secure:`. The SDK answers this with `runtime.isConfigSecret`
 * (exported, but marked internal in 3.248's typings); it reads the list the CLI passes in
 * PULUMI_CONFIG_SECRET_KEYS, and `setAllConfig(config, secretKeys)` fills the same list offline.
 */
function secretKeysOf(keys: readonly string[]): string[] {
    const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    if (typeof isConfigSecret === "function") return keys.filter((k) => isConfigSecret(k));
    const fromEnv: unknown = JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS || "[]");
    return Array.isArray(fromEnv) ? keys.filter((k) => fromEnv.includes(k)) : [];
}

/**
 * Validates raw config as the CLI passes it: a flat map of `namespace:key` to strings, where
 * structured values are JSON, and the list of keys whose values are secrets. Pure, so tests can
 * feed it anything.
 */
export function parsePlatformConfig(
    raw: Readonly<Record<string, string>>,
    stack: string,
    secretKeys: readonly string[] = [],
): PlatformConfig {
    const issues: string[] = [];
    const stackProblem = stackNameProblem(stack);
    if (stackProblem !== undefined) {
        issues.push(`stack name ${JSON.stringify(stack)} ${stackProblem} (rename it: \`pulumi stack rename\`)`);
    }
    const values: Record<string, unknown> = {};
    const secret = new Set<string>();
    for (const [fullKey, text] of Object.entries(raw)) {
        const [namespace, key] = splitKey(fullKey);
        if (namespace !== PROJECT) continue;
        if (!PLATFORM_CONFIG_KEYS.includes(key)) {
            issues.push(movedKeyMessage(fullKey, key) ?? unknownKeyMessage(fullKey, key, PLATFORM_CONFIG_KEYS));
            continue;
        }
        if (secretKeys.includes(fullKey)) secret.add(key);
        values[key] = decode(text);
    }
    for (const key of secretKeys) {
        if (key === "aws:region" || (splitKey(key)[0] === PROJECT && PLATFORM_CONFIG_KEYS.includes(splitKey(key)[1]))) {
            // The CLI marks a whole block secret when one nested key is `secure:`; it does not say which.
            const block = typeof values[splitKey(key)[1]] === "object";
            const name = key.replace(`${PROJECT}:`, "");
            const fix = block
                ? `set the block's secret keys again without --secret (\`pulumi config set --path ${name}.<key> <value>\`)`
                : `set it without --secret (\`pulumi config set ${name} ...\`)`;
            issues.push(
                `${key}: ${block ? "holds a secret (secure:) value" : "is a secret (secure:)"}, but the program ` +
                    "passes it to resources as plain input, where it would be stored unencrypted in the state and " +
                    `shown in previews; ${fix}, and keep secrets in SSM Parameter Store under /${PROJECT}/${stack}/`,
            );
        }
    }
    const region = raw["aws:region"];
    const regionKnown = region !== undefined && AWS_REGIONS.includes(region);
    if (region === undefined) {
        issues.push(`aws:region: missing; set it with \`pulumi config set aws:region us-east-1\``);
    } else if (!regionKnown) {
        const guess = nearest(region, AWS_REGIONS);
        issues.push(
            `aws:region: ${JSON.stringify(region)} is not an AWS region${guess ? `; did you mean ${guess}?` : ""} ` +
                `allowed: ${AWS_REGIONS.join(", ")}`,
        );
    }
    const ctx: DescribeContext = { values, schema: platformConfigSchema, secretKeys: secret };
    const result = platformConfigSchema.safeParse(values);
    if (!result.success) issues.push(...result.error.issues.flatMap((i) => describeIssue(i, ctx)));
    // Rules that relate a value to the region run once both are known to be valid on their own.
    const regional: KeyedIssue[] =
        result.success && regionKnown ? [...regionIssues(result.data, region), ...edgeIssues(result.data, region)] : [];
    issues.push(...regional.map((i) => describeKeyed(i, ctx)));
    const services = result.success ? servicesContext(result.data, values) : undefined;
    const rollout =
        result.success && services
            ? [
                  ...servicesIssues(result.data.services, services),
                  ...serviceConnectIssues(result.data),
                  ...tracingIssues(result.data.tracing, result.data.services),
                  ...execIssues(
                      result.data.environment,
                      result.data.exec,
                      Object.entries(result.data.services).map(([name, e]) => ({
                          name,
                          own: e.exec !== undefined,
                          exec: e.exec ?? result.data.exec.enabled,
                      })),
                  ),
              ]
            : [];
    issues.push(...rollout.map((i) => describeKeyed(i, ctx)));
    if (issues.length > 0 || !result.success || !services) throw new ConfigValidationError(stack, issues);
    const cfg = result.data;
    return {
        ...cfg,
        services: resolveServices(cfg.services, services),
        edge: resolveEdge(cfg.edge, cfg.environment),
        stack,
        region: region as string,
        protect: cfg.protectStatefulResources ?? cfg.environment === "prod",
    };
}

/** What the services' rules and resolution take from the rest of the stack's configuration. */
function servicesContext(cfg: ParsedPlatformConfig, values: Record<string, unknown>): ServicesContext {
    const b = cfg.bedrock;
    return {
        environment: cfg.environment,
        discovery: cfg.deployment.discovery,
        scaling: cfg.scaling,
        cpuArchitecture: cfg.runtime.cpuArchitecture,
        schedules: cfg.scaling.schedules,
        execEnabled: cfg.exec.enabled,
        tracing: cfg.tracing.enabled,
        alarms: cfg.deployment.alarms,
        // What the stack file itself sets, so a rule across two thresholds points at a key written there.
        alarmsSet: (valueAt(values, ["deployment", "alarms"]) ?? {}) as ServicesContext["alarmsSet"],
        bedrockConfigured: b.modelArns.length + b.inferenceProfileIds.length + b.agentAliasArns.length > 0,
        existingRepositoryKeys: cfg.storage.mode === "existing" ? Object.keys(cfg.storage.repositoryNames) : undefined,
    };
}

function splitKey(fullKey: string): [string, string] {
    const i = fullKey.indexOf(":");
    return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

/** The CLI hands every value over as a string; structured and numeric values arrive as JSON. */
function decode(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
