/**
 * The plan's Rollout section (tools/plan/rollout.ts): read from the evaluated graph of each stack,
 * the same figures the program sized its timeouts from, and a missing alarm shown as missing.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../../offline/evaluate";
import { buildStackPlan } from "../../../tools/plan/analysis";
import { PlanGraph } from "../../../tools/plan/graph";
import { rolloutOf, stepsText } from "../../../tools/plan/rollout";
import { AWS_TYPE } from "../../../policy-pack/lib/aws-types";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";
import { evaluateVariant } from "../../support/variants";

for (const stackName of STACKS) {
    describe(`plan: rollout (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("every service has a strategy, rolls back by itself, and every alarm it names exists", () => {
            const rollout = rolloutOf(new PlanGraph(stack));
            assert.deepStrictEqual(rollout.map((r) => r.service).sort(), ["agentcore", "bff"]);
            for (const r of rollout) {
                assert.ok(r.alarmRollback, r.service);
                assert.strictEqual(r.circuitBreakerRollback, r.strategy === "ROLLING", r.service);
                assert.ok(r.alarms.length >= 2 && r.alarms.every((a) => a.exists), r.service);
                // Bootstrap: nothing to wait for yet, but the timeout for the first real deploy is set.
                assert.strictEqual(r.waitsForSteadyState, false);
                assert.match(r.timeout ?? "", /^\d+m$/);
                assert.strictEqual(r.desiredCount, 2, "figures use the configured count, not bootstrap's 0");
            }
        });

        it("the BFF's figures: canary steps in test and prod, one rolling wave in dev; peaks and minutes", () => {
            const bff = rolloutOf(new PlanGraph(stack)).find((r) => r.service === "bff")!;
            if (stackName === "dev") {
                assert.strictEqual(bff.strategy, "ROLLING");
                assert.strictEqual(stepsText(bff), "1 wave(s), traffic follows the tasks");
            } else {
                assert.strictEqual(bff.strategy, "CANARY");
                assert.strictEqual(stepsText(bff), "10 % for 5 min -> 100 %, bake 10 min");
                assert.strictEqual(bff.completeMinutes, 19.5);
                assert.strictEqual(bff.rollbackMinutes, 1.5);
            }
            assert.strictEqual(bff.peakTasks, 4);
            assert.ok(bff.extraCostPerDeployUsd > 0);
            // The plan's timeout is the program's: both come from policy-pack/lib/rollout.ts.
            const minutes = Number(bff.timeout!.slice(0, -1));
            assert.ok(minutes > bff.completeMinutes + bff.rollbackMinutes);
        });

        it("a deployment alarm removed from the graph shows as missing in the report and the text", () => {
            const missing = stack.resources.find(
                (r) => r.type === AWS_TYPE.cloudwatch.MetricAlarm && String(r.inputs.name).includes("-deploy-"),
            )!;
            const mutated: EvaluatedStack = { ...stack, resources: stack.resources.filter((r) => r !== missing) };
            const plan = buildStackPlan(mutated);
            const entry = plan.report.rollout!.flatMap((r) => r.alarms).find((a) => a.name === missing.inputs.name);
            assert.deepStrictEqual(entry?.exists, false);
            assert.match(plan.text, /missing alarm/);
            assert.match(plan.text, /^Rollout/m);
        });
    });
}

describe("plan: rollout in a first preview (ARNs unknown)", () => {
    it("gives prod the same figures as the full evaluation", async () => {
        const preview = rolloutOf(new PlanGraph(await evaluateVariant({ stack: "prod", preview: true })));
        const full = rolloutOf(new PlanGraph(await getEvaluatedStack("prod")));
        const figures = (r: typeof full) =>
            r.map(({ service, strategy, steps, peakTasks, completeMinutes, rollbackMinutes, timeout }) => ({
                service,
                strategy,
                steps,
                peakTasks,
                completeMinutes,
                rollbackMinutes,
                timeout,
            }));
        assert.deepStrictEqual(figures(preview), figures(full));
    });
});
