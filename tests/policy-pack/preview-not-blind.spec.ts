/**
 * A first `pulumi preview` leaves ids and ARNs unknown. A policy that touches an unknown value is
 * skipped with an advisory "can't run policy ... during preview" notice, even when mandatory, so a
 * pack can pass a preview while checking nothing. This spec runs the pack over each stack evaluated
 * in preview mode and proves that no network or IAM policy is skipped; skipped policies of other
 * areas are counted and printed (they run on `pulumi up`).
 */
import * as assert from "assert";
import { PolicyPackConfig, PolicyRunResult, readPolicyPackConfig, runPolicies, UNKNOWN } from "../../offline/analyze";
import type { EvaluatedStack } from "../../offline/evaluate";
import { policies } from "../../policy-pack/policies";
import { getEvaluatedStack, STACKS, StackName } from "../support/evaluated-stacks";

const MUST_DECIDE_IN_PREVIEW = new Set(["network", "iam"]);
const areaOf = new Map(policies.map((p) => [p.name, p.metadata.area]));
function stackConfig(stack: StackName): PolicyPackConfig {
    return readPolicyPackConfig(stack).config;
}

function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** Types the network and IAM policies read, whose inputs carry unknowns in a first preview. */
const NETWORK_AND_IAM_TYPES = /^aws:(ec2\/securityGroup|vpc\/securityGroup|ec2\/securityGroupRule|iam\/)/;

describe("preview is not blind: network and IAM policies decide with unknown ids and ARNs", function () {
    this.timeout(120_000);
    const results = new Map<StackName, PolicyRunResult>();
    const stacks = new Map<StackName, EvaluatedStack>();

    before(async () => {
        for (const stack of STACKS) {
            const evaluated = await getEvaluatedStack(stack, true);
            stacks.set(stack, evaluated);
            results.set(stack, runPolicies(policies, evaluated.resources, stackConfig(stack)));
        }
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            it("the preview really has unknowns in security-group and IAM inputs", () => {
                const s = stacks.get(stack)!;
                assert.ok(s.preview);
                const withUnknowns = s.resources.filter(
                    (r) => NETWORK_AND_IAM_TYPES.test(r.type) && containsUnknown(r.inputs),
                );
                const types = new Set(withUnknowns.map((r) => r.type));
                assert.ok(
                    [...types].some((t) => t.includes("securityGroup")) &&
                        [...types].some((t) => t.startsWith("aws:iam/")),
                    `expected unknown inputs on security-group and IAM resources, got ${[...types].join(", ") || "none"}`,
                );
            });

            it("skips no network or IAM policy", () => {
                const skipped = results
                    .get(stack)!
                    .unknown.filter((u) => MUST_DECIDE_IN_PREVIEW.has(areaOf.get(u.policyName) ?? ""));
                const listing = skipped
                    .map((u) => `  ${u.policyName} (${areaOf.get(u.policyName)}) on ${u.urn ?? "(stack)"}: ${u.reason}`)
                    .join("\n");
                assert.strictEqual(
                    skipped.length,
                    0,
                    `${stack}: ${skipped.length} network/IAM policy runs could not decide during preview:\n${listing}`,
                );
            });

            it("counts and prints the skipped policies of other areas", () => {
                const unknown = results.get(stack)!.unknown;
                const byPolicy = new Map<string, { area: string; resources: string[]; reason: string }>();
                for (const u of unknown) {
                    const entry = byPolicy.get(u.policyName) ?? {
                        area: areaOf.get(u.policyName) ?? "?",
                        resources: [],
                        reason: u.reason,
                    };
                    entry.resources.push(u.urn ? (u.urn.split("::").pop() ?? u.urn) : "(stack)");
                    byPolicy.set(u.policyName, entry);
                }
                process.stdout.write(
                    `      ${stack} preview: ${unknown.length} skipped policy runs (${byPolicy.size} policies)\n`,
                );
                for (const [name, e] of byPolicy) {
                    process.stdout.write(
                        `        ${e.area.padEnd(7)} ${name.padEnd(32)} ${e.resources.join(", ")}: ${e.reason}\n`,
                    );
                }
                for (const u of unknown) {
                    assert.ok(areaOf.has(u.policyName), `unknown policy ${u.policyName}`);
                    // The notice must name the field, so the author knows what the policy waited for.
                    assert.match(u.reason, /at .+ can't be known during preview/, `${u.policyName}: ${u.reason}`);
                }
            });

            it("skips no mandatory policy: container definitions are known at the first preview", () => {
                const levelOf = new Map(policies.map((p) => [p.name, p.enforcementLevel]));
                const skipped = results.get(stack)!.unknown.filter((u) => levelOf.get(u.policyName) === "mandatory");
                const listing = skipped
                    .map((u) => `  ${u.policyName} on ${u.urn ?? "(stack)"}: ${u.reason}`)
                    .join("\n");
                assert.strictEqual(skipped.length, 0, `${stack} preview:\n${listing}`);
            });

            it("blocks nothing: 0 mandatory violations in preview", () => {
                const mandatory = results.get(stack)!.violations.filter((v) => v.enforcementLevel === "mandatory");
                const listing = mandatory.map((v) => `  ${v.policyName} on ${v.urn ?? "(stack)"}`).join("\n");
                assert.strictEqual(mandatory.length, 0, `${stack} preview:\n${listing}`);
            });
        });
    }
});
