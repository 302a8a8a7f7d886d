/**
 * Run 1 of issue 19: `pulumi preview --policy-pack policy-pack --policy-pack-config
 * policy-pack/config/<stack>.json` on a fresh stack, by the real engine with the real analyzer
 * loading the pack, must give the verdict of the offline plan of a first preview (`npm run plan --
 * --preview`): the same mandatory and advisory findings, policy by policy and resource by resource,
 * and the same resources to create, URN for URN.
 */
import * as assert from "assert";
import { engineFindings, engineOnly, findingKey, multisetDelta, planFindings } from "../../tools/engine/compare";
import { EngineStack } from "../../tools/engine/harness";
import { runOfflinePlan } from "../../tools/engine/offline-plan";
import { diagnostics, pulumiBinary, record, STACKS } from "./engine-kit";

describe("engine run 1: pulumi preview with the policy pack equals the offline plan", function () {
    for (const stack of STACKS) {
        describe(stack, () => {
            let engine: EngineStack;
            let run: Awaited<ReturnType<EngineStack["preview"]>>;
            let plan: ReturnType<typeof runOfflinePlan>;

            before(async () => {
                engine = await EngineStack.create({ stack, pulumiBinary: pulumiBinary() });
                run = await engine.preview({ policyPack: true });
                plan = runOfflinePlan({ stack, preview: true });
                record(stack, {
                    preview: {
                        seconds: run.seconds,
                        planSeconds: plan.seconds,
                        findings: engineFindings(run.events).map(findingKey),
                        error: run.error?.message,
                    },
                });
            });
            after(() => engine?.remove());

            it("the preview ran, with the pack loaded by the engine's analyzer", () => {
                const mandatory = plan.policies?.violations?.filter((v) => v.enforcementLevel === "mandatory") ?? [];
                // A mandatory violation fails `pulumi preview`: the engine must fail exactly when the plan has one.
                assert.strictEqual(run.error !== undefined, mandatory.length > 0, run.error?.message);
                const loaded = diagnostics(run.events).some((d) => /pulumi-analyzer-policy-nodejs/.test(d));
                assert.ok(loaded, "the engine started the policy pack through pulumi-analyzer-policy-nodejs");
            });

            it("the mandatory and advisory findings are the plan's, policy by policy and resource by resource", () => {
                const delta = multisetDelta(engineFindings(run.events), planFindings(plan.policies), findingKey);
                assert.deepStrictEqual(delta, { onlyA: [], onlyB: [] }, "onlyA: the engine's; onlyB: the plan's");
            });

            // The engine's default provider resources (pulumi:providers:aws, :random) have no counterpart in the plan.
            it("every resource of the plan is one the engine would create, and nothing else", () => {
                const creates = new Set(
                    run.events
                        .map((e) => e.resourcePreEvent?.metadata)
                        .filter((m) => m?.op === "create" && !engineOnly(m.urn))
                        .map((m) => m!.urn),
                );
                const planned = new Set(plan.graph.resources.map((r) => r.urn));
                assert.deepStrictEqual(
                    [...creates].filter((u) => !planned.has(u)),
                    [],
                    "the engine creates what the plan does not have",
                );
                assert.deepStrictEqual(
                    [...planned].filter((u) => !creates.has(u)),
                    [],
                    "the plan has what the engine does not create",
                );
            });
        });
    }
});
