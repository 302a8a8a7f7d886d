/**
 * Run 3 of issue 19: a consumer stack in `stackReference` mode reads a foundation stack's real
 * exports (dev, deployed by the engine in the same file backend), and the offline evaluator fed
 * those very exports gives the same graph: the same resources, URN for URN, with the same inputs.
 */
import * as assert from "assert";
import { inputDelta, multisetDelta } from "../../tools/engine/compare";
import { EngineStack } from "../../tools/engine/harness";
import { evaluateOffline } from "../../tools/engine/offline-plan";
import { diagnostics, pulumiBinary, record } from "./engine-kit";

// The file backend names every stack organization/<project>/<stack>.
const FOUNDATION = "organization/ecs-platform/dev";
const PARTS = ["network", "storage", "parameters", "database"] as const;

describe("engine run 3: a stackReference consumer on a deployed foundation equals the offline plan fed its exports", function () {
    let foundation: EngineStack;
    let consumer: EngineStack;

    before(async () => {
        foundation = await EngineStack.create({ stack: "dev", pulumiBinary: pulumiBinary() });
        const up = await foundation.up({ policyPack: false });
        assert.strictEqual(up.error, undefined, `${up.error?.message}\n${diagnostics(up.events).join("\n")}`);
        const config: Record<string, unknown> = {};
        for (const part of PARTS)
            config[`ecs-platform:${part}`] = { mode: "stackReference", stackReference: FOUNDATION };
        consumer = await EngineStack.create({
            stack: "consumer",
            baseStack: "test",
            config,
            dir: foundation.dir,
            pulumiBinary: pulumiBinary(),
        });
    });
    after(() => foundation?.remove());

    it("the consumer deploys on the foundation's exports, and its graph is the evaluator's", async () => {
        const up = await consumer.up({ policyPack: false });
        assert.strictEqual(up.error, undefined, `${up.error?.message}\n${diagnostics(up.events).join("\n")}`);
        const exported = await consumer.exportResources();
        const evaluated = evaluateOffline({
            stack: "consumer",
            projectDir: consumer.projectDir,
            stackReferences: { [FOUNDATION]: await foundation.outputValues() },
        });
        const urns = exported.map((r) => r.urn).filter((u) => !u.includes("::pulumi:providers:"));
        const sets = multisetDelta(
            urns,
            evaluated.map((r) => r.urn),
            (u) => u,
        );
        const inputs = inputDelta(exported, evaluated);
        record("consumer", { up: { seconds: up.seconds }, resources: urns.length, sets, inputs });
        assert.ok(
            urns.some((u) => u.includes("pulumi:pulumi:StackReference")),
            "the consumer read the foundation through a StackReference",
        );
        assert.deepStrictEqual(sets, { onlyA: [], onlyB: [] }, "onlyA: the engine's; onlyB: the evaluator's");
        assert.deepStrictEqual(inputs, []);
    });
});
