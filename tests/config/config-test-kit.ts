/** Asking the config layer to reject a raw stack config, and reading what it says. */
import * as assert from "assert";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import type { PlatformConfig } from "../../config/schema";
import type { ResolvedService } from "../../config/services-map";
import { patchServices, ServicePatches } from "../support/service-patches";

/**
 * The smallest services map like the seed's: an http BFF calling an internal AgentCore that may
 * invoke Bedrock; every other key at its default.
 */
export const MINIMAL_SERVICES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
    bff: { kind: "http", port: 3000, healthCheckPath: "/api/health", cpu: 512, memory: 1024, calls: ["agentcore"] },
    agentcore: {
        kind: "internal",
        port: 8080,
        healthCheckPath: "/health",
        cpu: 512,
        memory: 1024,
        grants: { bedrock: true },
    },
};

/** `{ "ecs-platform:services": MINIMAL_SERVICES with patches merged }`, for validRaw. */
export function services(patches: ServicePatches = {}): Record<string, unknown> {
    return { "ecs-platform:services": patchServices(MINIMAL_SERVICES, patches) };
}

/** The resolved entry of one service (fails the test if the stack has none by that name). */
export function serviceOf(cfg: PlatformConfig, name: string): ResolvedService {
    const s = cfg.services.find((x) => x.name === name);
    assert.ok(s, `no service ${name}; the stack has ${cfg.services.map((x) => x.name).join(", ")}`);
    return s;
}

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
        ...services(),
        "ecs-platform:bedrock": { modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/m"] },
        ...overrides,
    };
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(base)) {
        if (v !== undefined) raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return raw;
}
