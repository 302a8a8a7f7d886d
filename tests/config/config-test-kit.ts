/** Asking the config layer to reject a raw stack config, and reading what it says. */
import * as assert from "assert";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";

/** The issues of a rejected config (fails the test if the config was accepted). */
export function issuesOf(raw: Record<string, string>, secretKeys: string[] = []): readonly string[] {
    try {
        parsePlatformConfig(raw, "dev", secretKeys);
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, `expected ConfigValidationError, got ${String(e)}`);
        return e.issues;
    }
    assert.fail("config was accepted");
}

/** The issue for exactly `key` (the text before the first ": "), checked for each fragment. */
export function assertRejected(raw: Record<string, string>, key: string, ...fragments: string[]): string {
    const issues = issuesOf(raw);
    const hit = issues.find((i) => i.startsWith(`${key}: `));
    assert.ok(hit, `no issue for ${key}; got:\n${issues.join("\n")}`);
    for (const f of fragments) assert.ok(hit.includes(f), `issue "${hit}" lacks "${f}"`);
    return hit;
}

/** A minimal valid raw config, as the CLI passes it (JSON strings). */
export function validRaw(overrides: Record<string, unknown> = {}): Record<string, string> {
    const base: Record<string, unknown> = {
        "aws:region": "us-east-1",
        "ecs-platform:environment": "dev",
        "ecs-platform:bff": { cpu: 512, memory: 1024 },
        "ecs-platform:agentcore": { cpu: 512, memory: 1024 },
        "ecs-platform:bedrock": { modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/m"] },
        ...overrides,
    };
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(base)) {
        if (v !== undefined) raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return raw;
}
