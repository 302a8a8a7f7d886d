/**
 * Seed T025: task definition and task role ARNs of every stack, in AWS's formats and naming the
 * definitions and roles the services actually run.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { output, referencedOne } from "../support/graph";
import { SERVICES, serviceParts, stackFileServices } from "../support/architecture";

const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@-]{1,64}$/;

for (const stackName of STACKS) {
    describe(`task definition contract (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        const services = stackFileServices(stackName);
        const arnOf = (output: string, key: string) => String((stack.outputs[output] as Record<string, unknown>)[key]);
        it("T025 the seed's services are in the map (the maps below name each service)", () => {
            for (const seed of Object.keys(SERVICES))
                assert.ok(
                    services.some((s) => s.name === seed),
                    seed,
                );
        });
        for (const { name: key } of services) {
            it(`T025 taskDefinitionArns.${key} is a revision of family ${stackName}-${key}, the one the service runs`, () => {
                const value = arnOf("taskDefinitionArns", key);
                assert.match(
                    value,
                    new RegExp(`^arn:aws:ecs:us-east-1:\\d{12}:task-definition/${stackName}-${key}:\\d+$`),
                );
                const { service, taskDefinition } = serviceParts(stack, key);
                assert.strictEqual(value, output(taskDefinition, "arn"));
                assert.strictEqual(output(service, "taskDefinition"), value);
            });

            it(`T025 taskRoleArns.${key} is an IAM role ARN, the task role of that definition`, () => {
                const value = arnOf("taskRoleArns", key);
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

        it("T025 executionRoleArn is the execution role of every definition, distinct from the task roles", () => {
            const value = String(stack.outputs.executionRoleArn);
            assert.match(value, ROLE_ARN);
            for (const { name } of services) {
                assert.strictEqual(output(serviceParts(stack, name).taskDefinition, "executionRoleArn"), value);
            }
            const taskRoles = services.map((s) => arnOf("taskRoleArns", s.name));
            assert.strictEqual(new Set([value, ...taskRoles]).size, 1 + services.length, "one task role each");
        });
    });
}
