/**
 * Seed T016: the cluster outputs of every stack, in AWS's formats and naming the cluster the
 * stack creates.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { output, single } from "../support/graph";

for (const stackName of STACKS) {
    describe(`ECS cluster contract (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T016 clusterArn is an ECS cluster ARN of ecs-platform-<stack>", () => {
            assert.match(
                String(stack.outputs.clusterArn),
                new RegExp(`^arn:aws:ecs:us-east-1:\\d{12}:cluster/ecs-platform-${stackName}$`),
            );
        });

        it("T016 clusterName is ecs-platform-<stack>, a valid cluster name", () => {
            assert.strictEqual(stack.outputs.clusterName, `ecs-platform-${stackName}`);
            assert.match(String(stack.outputs.clusterName), /^[A-Za-z0-9_-]{1,255}$/);
        });

        it("T016 both name the cluster the stack creates", () => {
            const cluster = single(stack, AWS_TYPE.ecs.Cluster);
            assert.strictEqual(stack.outputs.clusterArn, output(cluster, "arn"));
            assert.strictEqual(stack.outputs.clusterName, output(cluster, "name"));
        });
    });
}
