/**
 * Seed T025: task definition and task role ARNs of every stack, in AWS's formats and naming the
 * definitions and roles the services actually run.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { output, referencedOne } from "../support/graph";
import { SERVICE_KEYS, serviceParts } from "../support/architecture";

const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@-]{1,64}$/;

for (const stackName of STACKS) {
    describe(`task definition contract (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        for (const key of SERVICE_KEYS) {
            it(`T025 ${key}TaskDefinitionArn is a revision of family ${stackName}-${key}, the one the service runs`, () => {
                const value = String(stack.outputs[`${key}TaskDefinitionArn`]);
                assert.match(
                    value,
                    new RegExp(`^arn:aws:ecs:us-east-1:\\d{12}:task-definition/${stackName}-${key}:\\d+$`),
                );
                const { service, taskDefinition } = serviceParts(stack, key);
                assert.strictEqual(value, output(taskDefinition, "arn"));
                assert.strictEqual(output(service, "taskDefinition"), value);
            });

            it(`T025 ${key}TaskRoleArn is an IAM role ARN, the task role of that definition`, () => {
                const value = String(stack.outputs[`${key}TaskRoleArn`]);
                assert.match(value, ROLE_ARN);
                const role = referencedOne(
                    stack,
                    serviceParts(stack, key).taskDefinition,
                    "taskRoleArn",
                    AWS_TYPE.iam.Role,
                );
                assert.strictEqual(value, output(role, "arn"));
            });
        }

        it("T025 executionRoleArn is the execution role of both definitions, distinct from the task roles", () => {
            const value = String(stack.outputs.executionRoleArn);
            assert.match(value, ROLE_ARN);
            for (const key of SERVICE_KEYS) {
                assert.strictEqual(output(serviceParts(stack, key).taskDefinition, "executionRoleArn"), value);
            }
            assert.strictEqual(
                new Set([value, stack.outputs.bffTaskRoleArn, stack.outputs.agentcoreTaskRoleArn]).size,
                3,
            );
        });
    });
}
