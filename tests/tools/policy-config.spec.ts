/** policy-pack/config/<stack>.json is what each stack's services map derives (npm run gen:policy-config). */
import * as assert from "assert";
import * as fs from "fs";
import { derivedPolicyConfig, policyConfigPath } from "../../tools/gen/policy-config";
import { STACKS } from "../support/evaluated-stacks";

describe("policy config derived from the services map", () => {
    for (const stack of STACKS) {
        it(`policy-pack/config/${stack}.json is up to date (regenerate: npm run gen:policy-config)`, () => {
            const text = fs.readFileSync(policyConfigPath(stack), "utf8");
            assert.strictEqual(text, derivedPolicyConfig(stack, JSON.parse(text) as Record<string, unknown>));
        });
    }
    it("a service added to the map changes the derived file (the check can fail)", () => {
        const text = fs.readFileSync(policyConfigPath("dev"), "utf8");
        const stale = JSON.parse(text) as Record<string, { tiers?: Record<string, unknown> }>;
        delete stale["sg-tier-ingress-allowlist"].tiers?.agentcore;
        assert.notStrictEqual(`${JSON.stringify(stale, null, 4)}\n`, derivedPolicyConfig("dev", stale));
    });
});
