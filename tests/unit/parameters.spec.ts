/**
 * The stack's SSM parameters on every stack: all under `/ecs-platform/<stack>/`. The per-service
 * secrets (components/parameters.ts) are SecureStrings encrypted with the stack's rotating customer
 * managed key, values generated and held as secrets, never written in code or config. The one plain
 * parameter, `database/connection` (components/database.ts), says where the database is and which
 * Secrets Manager secret holds its login: no secret value of its own.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import {
    childOf,
    childrenOf,
    component,
    input,
    isSecret,
    ofType,
    output,
    referencedOne,
    single,
    statementsOf,
} from "../support/graph";
import { COMPONENTS } from "../support/architecture";

/** Every secret value of the stack (generated passwords, values held as secret) outside `except`. */
function secretValues(stack: EvaluatedStack, except: EvaluatedResource): string[] {
    const values: string[] = [];
    for (const r of stack.resources) {
        if (r.urn === except.urn) continue;
        for (const v of [...Object.values(r.inputs), ...Object.values(r.outputs)]) {
            if (isSecret(v) && typeof v.value === "string") values.push(v.value);
        }
        if (r.type === "random:index/randomPassword:RandomPassword") values.push(String(r.outputs.result));
    }
    return values;
}

for (const stackName of STACKS) {
    describe(`Parameters (${stackName})`, () => {
        let stack: EvaluatedStack;
        let secureStrings: EvaluatedResource[];
        let connection: EvaluatedResource;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
            secureStrings = childrenOf(
                stack,
                component(stack, COMPONENTS.parameters, "parameters"),
                AWS_TYPE.ssm.Parameter,
            );
            connection = childOf(stack, component(stack, COMPONENTS.database, "database"), AWS_TYPE.ssm.Parameter);
        });

        it(`T005 T052 every parameter lives under /ecs-platform/${stackName}/: one per service secret, plus the database connection`, () => {
            assert.deepStrictEqual(secureStrings.map((p) => input(p, "name")).sort(), [
                `/ecs-platform/${stackName}/agentcore/api-key`,
                `/ecs-platform/${stackName}/bff/session-secret`,
            ]);
            assert.strictEqual(input(connection, "name"), `/ecs-platform/${stackName}/database/connection`);
            // No other parameter anywhere in the stack.
            assert.deepStrictEqual(
                ofType(stack, AWS_TYPE.ssm.Parameter)
                    .map((p) => p.urn)
                    .sort(),
                [...secureStrings, connection].map((p) => p.urn).sort(),
            );
        });

        it("T005 T052 every service parameter is a SecureString under the stack's customer managed key", () => {
            const key = childOf(stack, component(stack, COMPONENTS.parameters, "parameters"), AWS_TYPE.kms.Key);
            for (const parameter of secureStrings) {
                assert.strictEqual(input(parameter, "type"), "SecureString", parameter.name);
                assert.strictEqual(
                    referencedOne(stack, parameter, "keyId", AWS_TYPE.kms.Key).urn,
                    key.urn,
                    parameter.name,
                );
                assert.strictEqual(input(parameter, "keyId"), output(key, "arn"));
            }
            assert.strictEqual(input(key, "enableKeyRotation"), true);
            assert.ok(input(key, "deletionWindowInDays") >= 7);
        });

        it("T005 service parameter values are generated secrets, never plain text in the engine's state", () => {
            for (const parameter of secureStrings) {
                assert.ok(isSecret(parameter.inputs.value), `${parameter.name}: value is not a secret`);
                const source = parameter.propertyDependencies.value ?? [];
                assert.ok(
                    source.some((urn) => urn.includes("random:index/randomPassword:RandomPassword")),
                    `${parameter.name}: value is not generated`,
                );
            }
        });

        it("T052 the database connection is a plain String naming where the login is, holding no secret", () => {
            assert.strictEqual(input(connection, "type"), "String");
            assert.strictEqual(input(connection, "keyId"), undefined, "a String takes no key");
            // (@pulumi/aws marks every Parameter `value` secret in state; what matters is what it holds.)
            const value = input(connection, "value");
            const db = single(stack, AWS_TYPE.rds.Instance);
            // Only these keys: nothing like a user name or password can ride along.
            assert.deepStrictEqual(JSON.parse(value), {
                host: output(db, "address"),
                port: 5432,
                database: input(db, "dbName"),
                credentialsSecretArn: output(db, "masterUserSecrets", 0, "secretArn"),
                sslmode: "verify-full",
                sslrootcert: "/etc/ssl/certs/rds-global-bundle.pem",
            });
            assert.deepStrictEqual(connection.propertyDependencies.value, [db.urn]);
            const secrets = secretValues(stack, connection);
            assert.ok(secrets.length >= 2, "the stack's secret values were not found");
            for (const secret of secrets) assert.ok(!value.includes(secret), "holds a secret value of the stack");
        });

        it("T052 the key is administered by the account only: no wildcard principal", () => {
            const key = childOf(stack, component(stack, COMPONENTS.parameters, "parameters"), AWS_TYPE.kms.Key);
            for (const s of statementsOf(key, "policy")) {
                assert.ok(!s.principals.some((p) => p.value === "*"), `statement ${s.sid}`);
                assert.deepStrictEqual(s.notPrincipals, []);
            }
        });
    });
}
