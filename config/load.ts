/**
 * Loads and validates the stack configuration before any resource is registered. Errors name
 * the key (`ecs-platform:bff.cpu`), the value given and what is allowed, all at once.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PLATFORM_CONFIG_KEYS, PlatformConfig, platformConfigSchema } from "./schema";

export const PROJECT = "ecs-platform";

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
    return parsePlatformConfig(pulumi.runtime.allConfig(), pulumi.getStack());
}

/**
 * Validates raw config as the CLI passes it: a flat map of `namespace:key` to strings, where
 * structured values are JSON. Pure, so tests can feed it anything.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>, stack: string): PlatformConfig {
    const issues: string[] = [];
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        const [namespace, key] = splitKey(fullKey);
        if (namespace !== PROJECT) continue;
        if (!PLATFORM_CONFIG_KEYS.includes(key)) {
            issues.push(`${fullKey}: unknown key; allowed keys: ${PLATFORM_CONFIG_KEYS.join(", ")}`);
            continue;
        }
        values[key] = decode(text);
    }
    const region = raw["aws:region"];
    if (region === undefined) {
        issues.push(`aws:region: missing; set it with \`pulumi config set aws:region us-east-1\``);
    } else if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
        issues.push(`aws:region: ${JSON.stringify(region)} is not an AWS region name (e.g. us-east-1)`);
    }
    const result = platformConfigSchema.safeParse(values);
    if (!result.success) issues.push(...result.error.issues.map((i) => describeIssue(i, values)));
    if (issues.length > 0 || !result.success) throw new ConfigValidationError(stack, issues);
    const cfg = result.data;
    return {
        ...cfg,
        stack,
        region: region as string,
        protect: cfg.protectStatefulResources ?? cfg.environment === "prod",
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

function describeIssue(issue: z.core.$ZodIssue, values: Record<string, unknown>): string {
    const path = issue.path.map(String);
    const key = `${PROJECT}:${path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : (i ? "." : "") + p)).join("")}`;
    const value = valueAt(values, issue.path as PropertyKey[]);
    switch (issue.code) {
        case "unrecognized_keys":
            return `${key}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
        case "invalid_type":
            return value === undefined
                ? `${key}: missing; expected ${issue.expected}`
                : `${key}: ${show(value)} is a ${typeName(value)}; expected ${issue.expected}`;
        case "invalid_value":
            return `${key}: ${show(value)} is not allowed; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_union":
            return `${key}: ${show(value)} matches no allowed form (${issue.message})`;
        case "too_small":
        case "too_big": {
            const bound = issue.code === "too_small" ? "minimum" : "maximum";
            const limit = (issue as { minimum?: unknown; maximum?: unknown })[bound];
            const what = Array.isArray(value) ? `has ${value.length} items` : `${show(value)} is out of range`;
            if (!/^Too (small|big)/.test(issue.message)) return `${key}: ${what}; ${issue.message}`;
            return `${key}: ${what}; ${bound} ${String(limit)}${issue.inclusive === false ? " (exclusive)" : ""}`;
        }
        default:
            return `${key}: ${show(value)} ${issue.message}`;
    }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let v: unknown = root;
    for (const p of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[p];
    }
    return v;
}

function show(v: unknown): string {
    const s = JSON.stringify(v);
    return s === undefined ? "undefined" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function typeName(v: unknown): string {
    return Array.isArray(v) ? "list" : v === null ? "null" : typeof v;
}
