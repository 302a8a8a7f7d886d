/**
 * Runs 2, 4 and 5 of issue 19 on dev and test, by the real engine on the stub providers: `pulumi
 * up` with the policy pack, the deployed resource set against the offline evaluator's (URN for URN,
 * input for input, written to .engine/<stack>.json), an edit (the BFF's size and an image tag)
 * whose preview and update must take the steps `npm run plan -- --diff HEAD` names for the same
 * edit (so the program must be committed: the plan's base is HEAD, the engine's the working tree),
 * on dev a deliberate disagreement (a force-new input the plan's diff is not told about) that the
 * comparison must catch, and `pulumi destroy`.
 */
import * as assert from "assert";
import {
    engineFindings,
    engineOnly,
    engineSteps,
    findingKey,
    inputDelta,
    multisetDelta,
    planFindings,
    planSteps,
    stepDelta,
} from "../../tools/engine/compare";
import { EngineRun, EngineStack } from "../../tools/engine/harness";
import { evaluateOffline, runOfflinePlan } from "../../tools/engine/offline-plan";
import { readCalls } from "../../tools/engine/stub/call-log";
import { diagnostics, pulumiBinary, record, servicesEdit, sizeAndImage } from "./engine-kit";

// dev carries the deliberate disagreement; test repeats the rest on the other sizes.
for (const STACK of ["dev", "test"]) {
    describe(`engine runs 2, 4, 5 on ${STACK}: up, edit, preview and up against the plan diff, destroy`, function () {
        let engine: EngineStack;
        let up: EngineRun;
        const edit = servicesEdit(STACK, sizeAndImage(STACK));
        let planDiff: ReturnType<typeof runOfflinePlan>;

        before(async () => {
            engine = await EngineStack.create({ stack: STACK, pulumiBinary: pulumiBinary() });
            up = await engine.up({ policyPack: true });
            record(STACK, { up: { seconds: up.seconds, error: up.error?.message } });
        });
        after(() => engine?.remove());

        it("up with the policy pack succeeds; its findings are the plan's of the deployed stack (values known)", () => {
            assert.strictEqual(up.error, undefined, `${up.error?.message}\n${diagnostics(up.events).join("\n")}`);
            const plan = runOfflinePlan({ stack: STACK });
            const delta = multisetDelta(engineFindings(up.events), planFindings(plan.policies), findingKey);
            assert.deepStrictEqual(delta, { onlyA: [], onlyB: [] }, "onlyA: the engine's; onlyB: the plan's");
        });

        it("run 5: the engine's resource set (stack export) is the offline evaluator's, URN for URN", async () => {
            const exported = await engine.exportResources();
            const plan = runOfflinePlan({ stack: STACK });
            const urns = exported.map((r) => r.urn).filter((u) => !engineOnly(u));
            record(STACK, {
                export: { resources: urns, engineOnly: exported.map((r) => r.urn).filter(engineOnly) },
            });
            const delta = multisetDelta(
                urns,
                plan.graph.resources.map((r) => r.urn),
                (u) => u,
            );
            assert.deepStrictEqual(delta, { onlyA: [], onlyB: [] }, "onlyA: the engine's; onlyB: the plan's");
        });

        it("run 5: ... and each deployed resource has the evaluator's inputs, property by property", async () => {
            const evaluated = evaluateOffline({ stack: STACK, projectDir: engine.projectDir });
            const delta = inputDelta(await engine.exportResources(), evaluated);
            record(STACK, { inputDelta: delta });
            assert.deepStrictEqual(delta, []);
        });

        it("the stubs answered every call and nothing but the stub providers was called", () => {
            const calls = readCalls(engine.callLog);
            assert.ok(
                calls.some((c) => c.method === "Create"),
                "the engine created through the stubs",
            );
            assert.deepStrictEqual(
                calls.filter((c) => c.error !== undefined),
                [],
            );
        });

        it("a preview right after the up changes nothing (the stubs answer as they created)", async () => {
            const again = await engine.preview({ policyPack: false });
            assert.strictEqual(again.error, undefined, again.error?.message);
            assert.deepStrictEqual([...engineSteps(again.events)], []);
        });

        it("run 2: after the edit, the engine's preview takes the steps of `npm run plan -- --diff` for it", async () => {
            engine.editConfig(edit);
            const preview = await engine.preview({ policyPack: true });
            assert.strictEqual(preview.error, undefined, preview.error?.message);
            planDiff = runOfflinePlan({ stack: STACK, diffRef: "HEAD", overrides: edit });
            const delta = stepDelta(engineSteps(preview.events), planSteps(planDiff.diff));
            record(STACK, {
                edit: {
                    previewSeconds: preview.seconds,
                    planDiffSeconds: planDiff.seconds,
                    steps: [...engineSteps(preview.events)],
                    delta,
                },
            });
            assert.deepStrictEqual(delta, []);
        });

        it("run 2: ... and the up of the edit takes exactly those steps", async () => {
            const applied = await engine.up({ policyPack: true });
            assert.strictEqual(applied.error, undefined, applied.error?.message);
            const delta = stepDelta(engineSteps(applied.events), planSteps(planDiff.diff));
            record(STACK, { editUp: { seconds: applied.seconds, steps: [...engineSteps(applied.events)], delta } });
            assert.deepStrictEqual(delta, []);
        });

        if (STACK === "dev") {
            it("a deliberate disagreement is caught: a force-new input changed behind the plan's back", async () => {
                // The VPC's cidrBlock is force-new (tools/plan/force-new.ts): the engine replaces the VPC;
                // the plan diff it is compared with knows nothing of the change.
                engine.editConfig({ "ecs-platform:network": { mode: "create", vpcCidr: "10.1.0.0/16" } });
                const preview = await engine.preview({ policyPack: false });
                assert.strictEqual(preview.error, undefined, preview.error?.message);
                const sameEdit = runOfflinePlan({ stack: STACK, diffRef: "HEAD", overrides: edit });
                const delta = stepDelta(engineSteps(preview.events), planSteps(sameEdit.diff));
                const vpc = `urn:pulumi:${STACK}::ecs-platform::ecs-platform:foundation:Network$aws:ec2/vpc:Vpc::network-vpc`;
                assert.ok(delta.includes(`${vpc}: engine replace, plan same`), delta.join("\n"));
                engine.editConfig({ "ecs-platform:network": { mode: "create", vpcCidr: "10.0.0.0/16" } });
            });
        }

        it("run 4: destroy removes every resource", async () => {
            const destroyed = await engine.destroy();
            assert.strictEqual(destroyed.error, undefined, destroyed.error?.message);
            record(STACK, { destroy: { seconds: destroyed.seconds } });
            assert.deepStrictEqual(
                (await engine.exportResources()).map((r) => r.urn),
                [],
            );
        });
    });
}
