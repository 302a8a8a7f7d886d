/**
 * Stateful resources (database, buckets, repositories, log groups, parameters and their key) are
 * protected from deletion in prod, and only there: dev and test can be torn down and rebuilt.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { childOf, childrenOf, component, input, ofType } from "../support/graph";
import { COMPONENTS } from "../support/architecture";

const STATEFUL = [
    AWS_TYPE.rds.Instance,
    AWS_TYPE.s3.Bucket,
    AWS_TYPE.ecr.Repository,
    AWS_TYPE.cloudwatch.LogGroup,
    AWS_TYPE.ssm.Parameter,
    AWS_TYPE.kms.Key,
];

for (const stackName of STACKS) {
    const prod = stackName === "prod";
    describe(`stateful resources (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it(`T020 T021 T050 T053 database, buckets, repositories and log groups are ${prod ? "" : "not "}protected`, () => {
            for (const type of [
                AWS_TYPE.rds.Instance,
                AWS_TYPE.s3.Bucket,
                AWS_TYPE.ecr.Repository,
                AWS_TYPE.cloudwatch.LogGroup,
            ]) {
                const resources = ofType(stack, type);
                assert.ok(resources.length > 0, type);
                for (const r of resources) {
                    assert.strictEqual(r.protect || r.retainOnDelete, prod, `${r.name} protect=${r.protect}`);
                }
            }
        });

        it(`T005 parameters and their key are ${prod ? "" : "not "}protected (a lost key loses every secret)`, () => {
            const secureStrings = childrenOf(
                stack,
                component(stack, COMPONENTS.parameters, "parameters"),
                AWS_TYPE.ssm.Parameter,
            );
            assert.strictEqual(secureStrings.length, 2);
            for (const r of secureStrings) {
                assert.strictEqual(r.protect || r.retainOnDelete, prod, r.name);
            }
            // The database connection holds no state of its own (rewritten from the instance on
            // every update), so it stays replaceable everywhere.
            const connection = childOf(
                stack,
                component(stack, COMPONENTS.database, "database"),
                AWS_TYPE.ssm.Parameter,
            );
            assert.strictEqual(connection.protect || connection.retainOnDelete, false, connection.name);
            assert.strictEqual(ofType(stack, AWS_TYPE.ssm.Parameter).length, 3);
            const keys = ofType(stack, AWS_TYPE.kms.Key).filter((k) =>
                String(input(k, "description")).includes("SecureStrings"),
            );
            assert.strictEqual(keys.length, 1);
            assert.strictEqual(keys[0].protect || keys[0].retainOnDelete, prod);
        });

        it(`the ALB ${prod ? "has" : "has no"} deletion protection; log groups match`, () => {
            const [alb] = ofType(stack, AWS_TYPE.lb.LoadBalancer);
            assert.strictEqual(input(alb, "enableDeletionProtection"), prod);
            for (const group of ofType(stack, AWS_TYPE.cloudwatch.LogGroup)) {
                assert.strictEqual(input(group, "deletionProtectionEnabled") === true, prod, group.name);
            }
        });

        it("nothing stateless is protected (protect would block ordinary replacements)", () => {
            for (const r of stack.resources) {
                if (!r.protect || (STATEFUL as readonly string[]).includes(r.type)) continue;
                assert.ok(r.type === AWS_TYPE.lb.LoadBalancer, `${r.type} ${r.name} is protected`);
            }
        });
    });
}
