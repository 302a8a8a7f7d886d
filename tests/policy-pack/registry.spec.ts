/**
 * The registry (policy-pack/policies.ts) as the analyzer and Pulumi Cloud see it: names, levels,
 * severities, remediation, the waiver schema every policy shares, the user's non-negotiables at
 * mandatory, the stack config files valid against the schemas, and docs/policies.md in step with
 * the registry.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import type { PolicyArea } from "../../policy-pack/lib/define-policy";
import { DOCS_PATH, REGENERATE_COMMAND, renderPolicyDocs } from "../../tools/docs/generate-policy-docs";

const AREAS: readonly PolicyArea[] = ["network", "iam", "ecs", "alb", "edge", "logs", "ecr", "ssm", "data", "limits"];
const SEVERITIES = ["low", "medium", "high", "critical"];
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const CONFIG_DIR = path.resolve(__dirname, "../../policy-pack/config");

/** The user's non-negotiables: each must be covered by at least one policy, and all of those mandatory. */
const NON_NEGOTIABLES: readonly { requirement: string; area: PolicyArea; name: RegExp }[] = [
    { requirement: "no world-open ingress", area: "network", name: /world-ingress/ },
    { requirement: "no wildcard IAM actions", area: "iam", name: /wildcard-action/ },
    { requirement: "no over-broad IAM (Allow + NotAction/NotResource)", area: "iam", name: /allow-not/ },
    { requirement: "no privilege escalation", area: "iam", name: /privilege-escalation/ },
    {
        requirement: 'no grants on every resource (Resource "*" for scopable actions)',
        area: "iam",
        name: /scoped-resources/,
    },
    { requirement: "no web-identity trust without a subject", area: "iam", name: /federated-trust/ },
    { requirement: "no admin / full-access policies", area: "iam", name: /broad-managed|admin/ },
    { requirement: "no role anyone may assume", area: "iam", name: /trust-no-public/ },
    { requirement: "no public IP on tasks", area: "ecs", name: /public-ip/ },
    { requirement: "no privileged containers", area: "ecs", name: /not-privileged|privileged/ },
    { requirement: "no plaintext secrets", area: "ecs", name: /plaintext-secret/ },
];

describe("policy registry", () => {
    it(`has about 40 policies (${policies.length}), every area covered`, () => {
        process.stdout.write(`      registry: ${policies.length} policies\n`);
        assert.ok(policies.length >= 40, `only ${policies.length} policies; the recommended set has 40`);
        for (const area of AREAS) {
            assert.ok(
                policies.some((p) => p.metadata.area === area),
                `no policy in area ${area}`,
            );
        }
    });

    it("names are unique kebab-case and not the reserved name 'all'", () => {
        const seen = new Set<string>();
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9-]+$/, `policy name ${p.name}`);
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `policy name ${p.name} has an empty segment`);
            assert.notStrictEqual(p.name, "all");
            assert.ok(!seen.has(p.name), `duplicate policy name ${p.name}`);
            seen.add(p.name);
        }
    });

    it("every policy declares level, severity, description, why, remediation and anchors, and the analyzer fields match", () => {
        for (const p of policies) {
            const m = p.metadata;
            const at = `policy ${p.name}`;
            assert.strictEqual(m.name, p.name, at);
            assert.ok(AREAS.includes(m.area), `${at}: area ${m.area}`);
            assert.ok(SEVERITIES.includes(String(p.severity)), `${at}: severity ${p.severity}`);
            assert.ok(LEVELS.includes(String(p.enforcementLevel)), `${at}: level ${p.enforcementLevel}`);
            assert.notStrictEqual(p.enforcementLevel, "disabled", `${at} is disabled by default`);
            for (const field of ["description", "why", "remediationSteps"] as const) {
                assert.ok(typeof m[field] === "string" && m[field].trim().length >= 10, `${at}: ${field} is empty`);
            }
            assert.ok(m.anchors.length > 0, `${at}: no anchor rule ids`);
            // What the analyzer serves (GetAnalyzerInfo) is the policy object, not the metadata.
            assert.strictEqual(p.description, m.description, at);
            assert.strictEqual(p.severity, m.severity, at);
            assert.strictEqual(p.enforcementLevel, m.enforcementLevel, at);
            assert.strictEqual(p.remediationSteps, m.remediationSteps, at);
            assert.ok(p.tags?.includes(m.area), `${at}: tags lack the area`);
        }
    });

    it("every policy is exactly one of resource or stack policy", () => {
        for (const p of policies) {
            const hasResource = "validateResource" in p && p.validateResource !== undefined;
            const hasStack = "validateStack" in p && p.validateStack !== undefined;
            assert.ok(hasResource !== hasStack, `policy ${p.name}: resource=${hasResource} stack=${hasStack}`);
        }
    });

    it("every configSchema has the waiver list `exclude` (pattern + mandatory reason) and no enforcementLevel", () => {
        for (const p of policies) {
            const schema = p.configSchema;
            assert.ok(schema?.properties, `policy ${p.name} has no configSchema`);
            // The analyzer server exits at start-up when a schema declares or requires enforcementLevel.
            assert.ok(!("enforcementLevel" in schema.properties), `policy ${p.name} declares enforcementLevel`);
            assert.ok(!(schema.required ?? []).includes("enforcementLevel"), `policy ${p.name} requires it`);
            const exclude = schema.properties.exclude as any;
            assert.strictEqual(exclude?.type, "array", `policy ${p.name}: exclude`);
            assert.deepStrictEqual([...exclude.items.required].sort(), ["pattern", "reason"], `policy ${p.name}`);
            assert.ok(exclude.items.properties.reason.minLength >= 10, `policy ${p.name}: a reason can be empty`);
        }
    });

    it("the user's non-negotiables are covered and mandatory", () => {
        const rows: string[] = [];
        for (const n of NON_NEGOTIABLES) {
            const matching = policies.filter((p) => p.metadata.area === n.area && n.name.test(p.name));
            assert.ok(matching.length > 0, `no ${n.area} policy enforces "${n.requirement}" (${n.name})`);
            for (const p of matching) {
                assert.strictEqual(p.enforcementLevel, "mandatory", `${p.name} ("${n.requirement}") is not mandatory`);
                rows.push(`${n.requirement.padEnd(50)} ${p.name}`);
            }
        }
        process.stdout.write(rows.map((r) => `      ${r}\n`).join(""));
    });

    describe("stack config files (policy-pack/config/<stack>.json)", () => {
        const byName = new Map(policies.map((p) => [p.name, p]));
        for (const stack of ["dev", "test", "prod"]) {
            it(`${stack}.json names existing policies, fits their schemas and lowers no non-negotiable`, () => {
                const file = path.join(CONFIG_DIR, `${stack}.json`);
                assert.ok(fs.existsSync(file), `${file} is missing (pulumi preview --policy-pack-config needs it)`);
                const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
                for (const [name, value] of Object.entries(config)) {
                    if (name === "all") {
                        assert.ok(LEVELS.includes(String(value)), `${stack}: all = ${String(value)}`);
                        assert.notStrictEqual(
                            value,
                            "advisory",
                            `${stack}: "all": "advisory" lowers the non-negotiables`,
                        );
                        continue;
                    }
                    const policy = byName.get(name);
                    assert.ok(policy, `${stack}: config for unknown policy ${name}`);
                    const level =
                        typeof value === "string" ? value : (value as { enforcementLevel?: string }).enforcementLevel;
                    if (level !== undefined) assert.ok(LEVELS.includes(level), `${stack}: ${name} level ${level}`);
                    if (policy.enforcementLevel === "mandatory" && level !== undefined) {
                        assert.ok(
                            level === "mandatory" || level === "remediate",
                            `${stack}: lowers mandatory ${name} to ${level}; waive the resource instead`,
                        );
                    }
                    if (typeof value === "string") continue;
                    const allowed = Object.keys(policy.configSchema?.properties ?? {});
                    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
                        if (key === "enforcementLevel") continue;
                        assert.ok(allowed.includes(key), `${stack}: ${name}.${key} is not in its schema (${allowed})`);
                        if (key === "exclude") {
                            for (const w of v as { pattern?: string; reason?: string }[]) {
                                assert.ok(w.pattern && w.reason && w.reason.length >= 10, `${stack}: ${name} waiver`);
                                assert.doesNotThrow(() => new RegExp(w.pattern as string), `${stack}: ${name} pattern`);
                            }
                        }
                    }
                }
            });
        }
    });

    it(`docs/policies.md is up to date with the registry (regenerate: ${REGENERATE_COMMAND})`, () => {
        assert.ok(fs.existsSync(DOCS_PATH), `docs/policies.md is missing; run \`${REGENERATE_COMMAND}\``);
        const current = fs.readFileSync(DOCS_PATH, "utf8");
        const expected = renderPolicyDocs(policies);
        assert.ok(current === expected, `docs/policies.md is stale; run \`${REGENERATE_COMMAND}\` and commit it`);
        for (const p of policies) {
            assert.ok(current.includes(`| \`${p.name}\` | ${p.metadata.area} |`), `docs/policies.md lacks ${p.name}`);
        }
        for (const section of ["pulumi policy publish", "pulumi policy enable", "--policy-group", "exclude"]) {
            assert.ok(current.includes(section), `docs/policies.md does not explain ${section}`);
        }
    });
});
