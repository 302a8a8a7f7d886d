/**
 * Two traffic-shifting rollouts in a row (hashicorp/terraform-provider-aws#45678): after each
 * deployment ECS swaps which target group is primary on the service and moves the listener weights;
 * the next `pulumi up --refresh` (deploy.yml) reads that into the state, and the update must send
 * ECS's pair and weights back unchanged while the task definition moves on. Modelled with the
 * engine's ignoreChanges semantics (tests/support/ignore-changes.ts) over the real evaluated stacks;
 * without the ignored paths the same model resets production to the drained group, so the test can fail.
 */
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { ECS_OWNED_TARGET_GROUPS } from "../../components/deployment-configuration";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { serviceParts } from "../support/architecture";
import { containersOf, single } from "../support/graph";
import { withIgnoredFromState } from "../support/ignore-changes";
import { evaluateVariant, withImageTags } from "../support/variants";

type Inputs = Record<string, any>;

/** What ECS leaves behind when a deployment completes: green's group is primary and takes 100 %. */
function ecsCompletesDeployment(service: Inputs, rule: Inputs): { service: Inputs; rule: Inputs } {
    const s = JSON.parse(JSON.stringify(service));
    const [binding] = s.loadBalancers;
    const green = binding.advancedConfiguration.alternateTargetGroupArn;
    binding.advancedConfiguration.alternateTargetGroupArn = binding.targetGroupArn;
    binding.targetGroupArn = green;
    const r = JSON.parse(JSON.stringify(rule));
    for (const tg of r.actions[0].forward.targetGroups) tg.weight = tg.arn === green ? 1 : 0;
    return { service: s, rule: r };
}

const imageOf = (taskDefinition: EvaluatedResource) => containersOf(taskDefinition)[0].image as string;
const primaryOf = (service: Inputs) => service.loadBalancers[0].targetGroupArn as string;
const weightOf = (rule: Inputs, arn: string) =>
    rule.actions[0].forward.targetGroups.find((t: { arn: string }) => t.arn === arn).weight as number;

describe("two canary rollouts in a row keep ECS's target group swap (prod, images configured)", function () {
    this.timeout(60_000);
    const release = async (bffTag: string) =>
        evaluateVariant({
            stack: "prod",
            configOverrides: withImageTags("prod", { bff: { imageTag: bffTag } }),
        });
    const parts = (
        stack: EvaluatedStack,
    ): { service: EvaluatedResource; rule: EvaluatedResource; taskDefinition: EvaluatedResource } => {
        const { service, taskDefinition } = serviceParts(stack, "bff");
        return { service, taskDefinition, rule: single(stack, AWS_TYPE.lb.ListenerRule) };
    };

    let stacks: EvaluatedStack[];
    before(async () => {
        stacks = [await release("1.4.2"), await release("1.4.3"), await release("1.4.4")];
    });

    it("the service ignores the ECS-owned target-group paths, the rule its weights", () => {
        const { service, rule } = parts(stacks[0]);
        assert.strictEqual(
            service.inputs.deploymentConfiguration && (service.inputs as Inputs).deploymentConfiguration.strategy,
            "CANARY",
        );
        for (const path of ECS_OWNED_TARGET_GROUPS) assert.ok(service.ignoreChanges.includes(path), path);
        assert.ok(rule.ignoreChanges.includes("actions[*].forward.targetGroups[*].weight"));
    });

    it("rollout 2 and rollout 3 send ECS's pair and weights, and only move the task definition", () => {
        const first = parts(stacks[0]);
        // State after rollout 1 and ECS's deployment, as `up --refresh` reads it.
        let live = ecsCompletesDeployment(first.service.inputs as Inputs, first.rule.inputs as Inputs);
        const blue = primaryOf(first.service.inputs as Inputs);
        let expectedPrimary = primaryOf(live.service);
        let liveImage = imageOf(first.taskDefinition);
        assert.notStrictEqual(expectedPrimary, blue, "the model swapped the groups");

        for (const next of stacks.slice(1)) {
            const program = parts(next);
            // The program always declares its original pair: the drift it must not push back.
            assert.strictEqual(primaryOf(program.service.inputs as Inputs), blue);
            const sentService = withIgnoredFromState(
                program.service.inputs as Inputs,
                live.service,
                program.service.ignoreChanges,
            );
            const sentRule = withIgnoredFromState(program.rule.inputs as Inputs, live.rule, program.rule.ignoreChanges);
            assert.deepStrictEqual(sentService.loadBalancers, live.service.loadBalancers, "load balancers changed");
            assert.strictEqual(primaryOf(sentService), expectedPrimary);
            assert.strictEqual(weightOf(sentRule, expectedPrimary), 1, "production weight moved off the serving group");
            // The rollout itself goes ahead: a new image in the task definition.
            const image = imageOf(program.taskDefinition);
            assert.notStrictEqual(image, liveImage, "the rollout deploys nothing");
            liveImage = image;
            // ECS completes this rollout too and swaps back.
            live = ecsCompletesDeployment(sentService, sentRule);
            expectedPrimary = primaryOf(live.service);
        }
        // Three deployments: production ended on green, as it would with console-triggered ones.
        assert.notStrictEqual(expectedPrimary, blue);
    });

    it("control: without the ignored paths the second rollout would point production back at the drained group", () => {
        const first = parts(stacks[0]);
        const live = ecsCompletesDeployment(first.service.inputs as Inputs, first.rule.inputs as Inputs);
        const program = parts(stacks[1]);
        const naive = withIgnoredFromState(program.service.inputs as Inputs, live.service, ["desiredCount"]);
        assert.notDeepStrictEqual(naive.loadBalancers, live.service.loadBalancers);
        const naiveRule = withIgnoredFromState(program.rule.inputs as Inputs, live.rule, []);
        assert.strictEqual(weightOf(naiveRule, primaryOf(live.service)), 0, "production would get no traffic");
    });
});
