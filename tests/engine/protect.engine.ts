/**
 * Run 4 of issue 19, prod's half: the resources the program protects in prod (database, bucket,
 * repositories, log groups, key: `protectStatefulResources`) must stop `pulumi destroy`, and stay
 * in the stack, exactly the ones the offline plan marks `protect`.
 */
import * as assert from "assert";
import { EngineStack } from "../../tools/engine/harness";
import { runOfflinePlan } from "../../tools/engine/offline-plan";
import { diagnostics, pulumiBinary, record } from "./engine-kit";

describe("engine run 4: protected resources stop a prod destroy", function () {
    let engine: EngineStack;

    before(async () => {
        engine = await EngineStack.create({ stack: "prod", pulumiBinary: pulumiBinary() });
        const up = await engine.up({ policyPack: false });
        assert.strictEqual(up.error, undefined, `${up.error?.message}\n${diagnostics(up.events).join("\n")}`);
    });
    after(() => engine?.remove());

    it("the engine protects exactly what the plan marks protect", async () => {
        const plan = runOfflinePlan({ stack: "prod" });
        const planned = plan.graph.resources.filter((r) => r.protect).map((r) => r.urn);
        const exported = (await engine.exportResources()).filter((r) => r.protect).map((r) => r.urn);
        assert.ok(planned.length > 0, "prod protects its stateful resources");
        assert.deepStrictEqual(exported.sort(), planned.sort());
    });

    it("destroy fails on them, and every protected resource is still in the stack", async () => {
        const destroyed = await engine.destroy();
        record("prod", { destroy: { seconds: destroyed.seconds, error: destroyed.error?.message.slice(-2000) } });
        assert.ok(destroyed.error, "pulumi destroy of prod succeeded");
        assert.match(destroyed.error.message, /protected/);
        const left = new Set((await engine.exportResources()).map((r) => r.urn));
        const plan = runOfflinePlan({ stack: "prod" });
        for (const r of plan.graph.resources.filter((x) => x.protect)) {
            assert.ok(left.has(r.urn), `${r.urn} was deleted`);
        }
    });
});
