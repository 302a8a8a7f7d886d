/**
 * Shared fixtures for the area specs (ecs, alb, logs, ecr, ssm, data, limits): resources as the
 * analyzer receives them, and one-line runs through the analyzer-faithful runner.
 */
import * as assert from "assert";
import {
    AnalyzedResource,
    PolicyPackConfig,
    PolicyRunResult,
    resourceFor,
    runPolicies,
    UNKNOWN,
} from "../../offline/analyze";
import { PlatformPolicy } from "../../policy-pack/lib/define-policy";

export { UNKNOWN };

/** A resource with explicit URN links (stack policies read them through propertyDependencies). */
export function res(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    links: Record<string, readonly AnalyzedResource[]> = {},
): AnalyzedResource {
    const base = resourceFor(type, inputs, name);
    const propertyDependencies = Object.fromEntries(Object.entries(links).map(([k, rs]) => [k, rs.map((r) => r.urn)]));
    return { ...base, propertyDependencies, dependencies: Object.values(propertyDependencies).flat() };
}

/** Runs one policy and returns its result. */
export function run(
    policy: PlatformPolicy,
    resources: AnalyzedResource | readonly AnalyzedResource[],
    config: Record<string, unknown> = {},
): PolicyRunResult {
    const list = Array.isArray(resources) ? resources : [resources as AnalyzedResource];
    const pack: PolicyPackConfig = Object.keys(config).length ? { [policy.name]: config } : {};
    return runPolicies([policy], list, pack);
}

/** The violation messages (without the policy description line). */
export function messages(result: PolicyRunResult): string[] {
    return result.violations.map((v) => v.message.split("\n").slice(1).join("\n"));
}

/** Asserts exactly `n` violations and returns their messages. */
export function expectViolations(result: PolicyRunResult, n: number): string[] {
    const m = messages(result);
    assert.strictEqual(m.length, n, `expected ${n} violation(s), got ${m.length}: ${JSON.stringify(m)}`);
    return m;
}

/** Asserts no violation and no unknown. */
export function expectClean(result: PolicyRunResult): void {
    expectViolations(result, 0);
    assert.deepStrictEqual(result.unknown, [], "expected no can't-run notice");
}

/** Asserts the policy gave up on an unknown (a "can't run" notice) and reported nothing. */
export function expectCannotRun(result: PolicyRunResult, violations = 0): void {
    expectViolations(result, violations);
    assert.strictEqual(result.unknown.length, 1, "expected one can't-run notice");
}

/** Asserts no message (nor can't-run reason) contains any of `secrets`. */
export function expectNoLeak(result: PolicyRunResult, secrets: readonly string[]): void {
    const text = JSON.stringify(result);
    for (const s of secrets) assert.ok(!text.includes(s), "a violation message leaks a secret value");
}

/** A compliant Fargate container; override fields per test. */
export function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "bff",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/bff:1.0.0",
        essential: true,
        user: "1000:1000",
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: 3000, protocol: "tcp" }],
        environment: [{ name: "PORT", value: "3000" }],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/app/db" }],
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/bff", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "bff" },
        },
        ...overrides,
    };
}

/** A compliant Fargate task definition with the given containers (JSON string unless `asArray`). */
export function taskDefinition(
    containers: unknown[] | string | typeof UNKNOWN = [container()],
    overrides: Record<string, unknown> = {},
    asArray = false,
): Record<string, unknown> {
    const defs = typeof containers === "string" || asArray ? containers : JSON.stringify(containers);
    return {
        family: "dev-bff",
        cpu: "512",
        memory: "1024",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        taskRoleArn: "arn:aws:iam::123456789012:role/bff-task",
        executionRoleArn: "arn:aws:iam::123456789012:role/bff-exec",
        containerDefinitions: defs,
        ...overrides,
    };
}
