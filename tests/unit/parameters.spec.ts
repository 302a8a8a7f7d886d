/**
 * The stack's SSM parameters (components/parameters.ts) on every stack: all under
 * `/ecs-platform/<stack>/`, SecureStrings encrypted with the stack's rotating customer managed key,
 * values generated and held as secrets, never written in code or config.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import {
    childOf,
    component,
    COMPONENTS,
    input,
    isSecret,
    ofType,
    output,
    referencedOne,
    statementsOf,
    TYPES,
} from "../support/graph";

for (const stackName of STACKS) {
    describe(`Parameters (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it(`T005 T052 every parameter lives under /ecs-platform/${stackName}/, one per service secret`, () => {
            const names = ofType(stack, TYPES.parameter).map((p) => input(p, "name"));
            assert.ok(names.length >= 2);
            for (const name of names)
                assert.match(name, new RegExp(`^/ecs-platform/${stackName}/(bff|agentcore)/[\\w.-]+$`));
        });

        it("T005 T052 every parameter is a SecureString under the stack's customer managed key", () => {
            const key = childOf(stack, component(stack, COMPONENTS.parameters, "parameters"), TYPES.kmsKey);
            for (const parameter of ofType(stack, TYPES.parameter)) {
                assert.strictEqual(input(parameter, "type"), "SecureString", parameter.name);
                assert.strictEqual(referencedOne(stack, parameter, "keyId", TYPES.kmsKey).urn, key.urn, parameter.name);
                assert.strictEqual(input(parameter, "keyId"), output(key, "arn"));
            }
            assert.strictEqual(input(key, "enableKeyRotation"), true);
            assert.ok(input(key, "deletionWindowInDays") >= 7);
        });

        it("T005 parameter values are generated secrets, never plain text in the engine's state", () => {
            for (const parameter of ofType(stack, TYPES.parameter)) {
                assert.ok(isSecret(parameter.inputs.value), `${parameter.name}: value is not a secret`);
                const source = parameter.propertyDependencies.value ?? [];
                assert.ok(
                    source.some((urn) => urn.includes("random:index/randomPassword:RandomPassword")),
                    `${parameter.name}: value is not generated`,
                );
            }
        });

        it("T052 the key is administered by the account only: no wildcard principal", () => {
            const key = childOf(stack, component(stack, COMPONENTS.parameters, "parameters"), TYPES.kmsKey);
            for (const s of statementsOf(key, "policy")) {
                assert.ok(!s.principals.some((p) => p.value === "*"), `statement ${s.sid}`);
                assert.deepStrictEqual(s.notPrincipals, []);
            }
        });
    });
}
