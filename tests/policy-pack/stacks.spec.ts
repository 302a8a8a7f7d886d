/**
 * The whole pack over dev, test and prod as evaluated offline (what `pulumi up --policy-pack
 * policy-pack --policy-pack-config policy-pack/config/<stack>.json` would analyze): no mandatory
 * violation, and exactly the advisory findings documented, with a reason each, in
 * docs/policies.md "## Advisory findings per stack".
 */
import * as assert from "assert";
import * as fs from "fs";
import {
    AnalyzedResource,
    PolicyPackConfig,
    PolicyRunResult,
    PolicyViolation,
    readPolicyPackConfig,
    runPolicies,
} from "../../offline/analyze";
import { policies } from "../../policy-pack/policies";
import { DOCS_PATH, parseAdvisoryFindings, REGENERATE_COMMAND } from "../../tools/docs/generate-policy-docs";
import { getEvaluatedStack, STACKS, StackName } from "../support/evaluated-stacks";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

function stackConfig(stack: StackName): PolicyPackConfig {
    return readPolicyPackConfig(stack).config;
}

/** The resource a violation is about: its logical name, or "(stack)" for a stack-wide finding. */
function resourceOf(v: PolicyViolation): string {
    return v.urn ? (v.urn.split("::").pop() ?? v.urn) : "(stack)";
}

/** The violation's own message (the analyzer prefixes the policy description). */
function detail(v: PolicyViolation): string {
    return v.message.split("\n").slice(1).join(" ").trim();
}

function table(rows: readonly string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => `      ${r.map((c, i) => c.padEnd(widths[i])).join("  ")}`.trimEnd()).join("\n");
}

const key = (stack: string, policy: string, resource: string) => `${stack} | ${policy} | ${resource}`;

describe("policy pack over the evaluated stacks", function () {
    this.timeout(120_000);
    const results = new Map<StackName, PolicyRunResult>();

    before(async () => {
        for (const stack of STACKS) {
            const evaluated = await getEvaluatedStack(stack);
            results.set(stack, runPolicies(policies, evaluated.resources, stackConfig(stack)));
        }
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("has 0 mandatory violations", () => {
                const mandatory = results.get(stack)!.violations.filter((v) => v.enforcementLevel === "mandatory");
                const listing = mandatory.map((v) => `${v.policyName} on ${resourceOf(v)}: ${detail(v)}`).join("\n");
                assert.strictEqual(
                    mandatory.length,
                    0,
                    `${stack}: ${mandatory.length} mandatory violations\n${listing}`,
                );
            });

            it("skips no policy once every value is known (an update, not a preview)", () => {
                const unknown = results.get(stack)!.unknown;
                const listing = unknown.map((u) => `${u.policyName} on ${u.urn ?? "(stack)"}: ${u.reason}`).join("\n");
                assert.strictEqual(unknown.length, 0, `${stack}: policies could not decide\n${listing}`);
            });

            it("reports exactly the advisory findings documented in docs/policies.md", () => {
                const advisory = results.get(stack)!.violations.filter((v) => v.enforcementLevel === "advisory");
                const rows = [["policy", "resource", "finding"]];
                for (const v of advisory) rows.push([v.policyName, resourceOf(v), detail(v).slice(0, 110)]);
                process.stdout.write(`      ${stack}: ${advisory.length} advisory findings\n`);
                if (advisory.length > 0) process.stdout.write(`${table(rows)}\n`);

                const documented = parseAdvisoryFindings(fs.readFileSync(DOCS_PATH, "utf8")).filter(
                    (f) => f.stack === stack,
                );
                for (const f of documented)
                    assert.ok(f.reason.length >= 10, `${key(stack, f.policy, f.resource)}: no reason`);
                const actual = new Set(advisory.map((v) => key(stack, v.policyName, resourceOf(v))));
                const expected = new Set(documented.map((f) => key(stack, f.policy, f.resource)));
                const undocumented = [...actual].filter((k) => !expected.has(k));
                const gone = [...expected].filter((k) => !actual.has(k));
                assert.deepStrictEqual(
                    { undocumented, gone },
                    { undocumented: [], gone: [] },
                    "advisory findings differ from docs/policies.md: add each new one with a reason to " +
                        `ACCEPTED_ADVISORY_FINDINGS in tools/docs/generate-policy-docs.ts (or fix it), drop the gone ones, ` +
                        `then \`${REGENERATE_COMMAND}\``,
                );
            });
        });
    }

    it("is not vacuous: the same run flags a world-open ingress rule added to dev", async () => {
        const evaluated = await getEvaluatedStack("dev");
        const sg = evaluated.resources.find((r) => r.type === AWS_TYPE.ec2.SecurityGroup);
        assert.ok(sg, "dev has no security group");
        const rule: AnalyzedResource = {
            type: AWS_TYPE.vpc.SecurityGroupIngressRule,
            name: "injected-world-open",
            urn: `urn:pulumi:dev::ecs-platform::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::injected-world-open`,
            inputs: {
                securityGroupId: sg.outputs.id,
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrIpv4: "0.0.0.0/0",
                description: "injected by the test",
            },
        };
        const result = runPolicies(policies, [...evaluated.resources, rule], stackConfig("dev"));
        const flagged = result.violations.filter(
            (v) => v.enforcementLevel === "mandatory" && resourceOf(v) === rule.name,
        );
        assert.ok(flagged.length > 0, "a world-open ingress rule passed the pack");
    });

    it("every policy of the pack ran on every stack (none disabled by a stack config)", () => {
        for (const stack of STACKS) {
            const config = stackConfig(stack);
            for (const p of policies) {
                const c = config[p.name];
                const level = typeof c === "string" ? c : c?.enforcementLevel;
                assert.notStrictEqual(level, "disabled", `${stack} disables ${p.name}`);
            }
        }
    });
});
