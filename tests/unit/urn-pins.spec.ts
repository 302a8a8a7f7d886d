/**
 * The URN set of each committed stack is pinned (tests/fixtures/urns/<stack>.txt): a rename of a
 * resource or component that would replace it in a deployed stack, or a resource added or dropped
 * by accident, fails here until the pin is regenerated on purpose (npm run gen:urns), and the
 * pull request then shows the lines that change. The services map kept this set: planned against
 * the commit before it, no stack deletes or replaces anything (docs/services.md#migrating).
 */
import * as assert from "assert";
import * as fs from "fs";
import { urnPinPath, urnPinText } from "../../tools/gen/urn-pins";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { evaluateVariant, stackServices } from "../support/variants";

describe("URN pins of the committed stacks", function () {
    this.timeout(60_000);
    for (const stack of STACKS) {
        it(`${stack}: the evaluated URNs are exactly tests/fixtures/urns/${stack}.txt (regenerate: npm run gen:urns)`, async () => {
            const pinned = fs.readFileSync(urnPinPath(stack), "utf8");
            const now = urnPinText(await getEvaluatedStack(stack));
            const missing = pinned.split("\n").filter((u) => u && !now.includes(`${u}\n`));
            const extra = now.split("\n").filter((u) => u && !pinned.includes(`${u}\n`));
            assert.deepStrictEqual({ missing, extra }, { missing: [], extra: [] });
        });
    }

    it("a service renamed in the map is caught: its URNs leave the set and new ones enter it", async () => {
        const { agentcore, bff } = stackServices("dev");
        const variant = await evaluateVariant({
            stack: "dev",
            // The BFF calls agentcore, so the rename follows in its calls.
            configOverrides: { "ecs-platform:services": { bff: { ...bff, calls: ["agents"] }, agents: agentcore } },
        });
        const text = urnPinText(variant);
        const dev = urnPinText(await getEvaluatedStack("dev"));
        assert.ok(dev.includes("::agentcore-task\n") && !dev.includes("::agents-task\n"));
        assert.ok(!text.includes("::agentcore-task\n") && text.includes("::agents-task\n"), "task definition renamed");
    });
});
