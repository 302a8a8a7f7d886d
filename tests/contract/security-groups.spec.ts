/**
 * The network-isolation contract of every stack (seed T027-T029): what may reach each tier. Read
 * from the whole stack, whatever resource declared a rule, so a rule added anywhere counts.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { isWorldOpen } from "../../policy-pack/lib/cidr";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { ruleSummary } from "../support/architecture";
import { securityGroupRules } from "../support/graph";

for (const stackName of STACKS) {
    describe(`security group contract (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T027 the BFF tasks accept traffic only from the public ALB's group, on 3000", () => {
            assert.deepStrictEqual(ruleSummary(stack).bff.ingress, ["tcp 3000 from alb"]);
        });

        it("T028 the AgentCore tasks accept traffic only from the BFF's group, on 8080", () => {
            assert.deepStrictEqual(ruleSummary(stack).agentcore.ingress, ["tcp 8080 from bff"]);
        });

        it("T029 no security group rule admits 0.0.0.0/0 or ::/0", () => {
            const rules = securityGroupRules(stack);
            // Every standalone rule resource must have been read (an unread shape would pass vacuously).
            const standalone = stack.resources.filter((r) => /^aws:(vpc|ec2)\/securityGroup\w*Rule:/.test(r.type));
            assert.ok(standalone.length > 0);
            assert.strictEqual(rules.filter((r) => r.rule.shape !== "inline").length, standalone.length);
            for (const { rule, resource } of rules) {
                for (const peer of rule.peers) {
                    assert.notStrictEqual(peer.kind, "unknown", `${resource.name}: peer unknown in a full evaluation`);
                    if (peer.kind === "cidr" && rule.direction === "ingress") {
                        assert.ok(!isWorldOpen(peer.cidr), `${resource.name} admits ${peer.cidr}`);
                    }
                }
            }
        });

        it("T029 no group sends to the whole internet either (there is no NAT; everything goes via endpoints)", () => {
            for (const { rule, resource } of securityGroupRules(stack)) {
                for (const peer of rule.peers) {
                    if (peer.kind === "cidr" && rule.direction === "egress") {
                        assert.ok(!isWorldOpen(peer.cidr), `${resource.name} sends to ${peer.cidr}`);
                    }
                }
            }
        });
    });
}
