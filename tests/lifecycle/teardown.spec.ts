/**
 * Day two, part one: what happens after the first `pulumi up`. Teardown of an unprotected stack
 * completes (buckets and repositories force-deletable), prod stays protected; the database's final
 * snapshot has a name no earlier instance used; the Cloud Map service can be replaced; the
 * repositories never expire an image a stack may deploy.
 */
import * as assert from "assert";
import { Database, finalSnapshotIdentifier } from "../../components/database";
import { lifecycleRules } from "../../components/storage";
import { DISPOSABLE_TAG_PREFIXES } from "../../config/image-tags";
import { EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { dependsOn, input, ofType, output, single } from "../support/graph";
import { serviceParts } from "../support/architecture";
import { evaluateVariant } from "../support/variants";

const RANDOM_ID = "random:index/randomId:RandomId";

for (const stackName of STACKS) {
    const prod = stackName === "prod";
    describe(`teardown (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it(`every bucket (agent data, ALB logs, their access-log buckets) is ${prod ? "protected and not" : "unprotected and"} force-destroyable`, () => {
            const buckets = ofType(stack, AWS_TYPE.s3.Bucket);
            assert.strictEqual(buckets.length, 4);
            for (const bucket of buckets) {
                assert.strictEqual(input(bucket, "forceDestroy"), !prod, bucket.name);
                assert.strictEqual(bucket.protect, prod, bucket.name);
            }
        });

        it(`both repositories are ${prod ? "protected and not" : "unprotected and"} force-deletable`, () => {
            const repositories = ofType(stack, AWS_TYPE.ecr.Repository);
            assert.strictEqual(repositories.length, 2);
            for (const repository of repositories) {
                assert.strictEqual(input(repository, "forceDelete"), !prod, repository.name);
                assert.strictEqual(repository.protect, prod, repository.name);
            }
        });

        it(`the database and the ALB ${prod ? "keep" : "have no"} deletion protection`, () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
            assert.strictEqual(input(db, "deletionProtection"), prod);
            assert.strictEqual(input(db, "skipFinalSnapshot"), !prod);
            assert.strictEqual(input(single(stack, AWS_TYPE.lb.LoadBalancer), "enableDeletionProtection"), prod);
        });

        it("the Cloud Map service is deleted before it is replaced and deregisters its instances on delete", () => {
            const discovery = single(stack, AWS_TYPE.servicediscovery.Service);
            assert.strictEqual(discovery.deleteBeforeReplace, true);
            assert.strictEqual(input(discovery, "forceDestroy"), true);
            // The ECS service names the registry, so the engine orders it after the Cloud Map service.
            assert.ok(dependsOn(serviceParts(stack, "agentcore").service, discovery));
            // Besides it only the ALB, whose replacement (a scheme change, docs/edge.md#migration) must
            // free its target group first; deleting anything else first would be an outage.
            const others = stack.resources.filter((r) => r.deleteBeforeReplace === true && r.urn !== discovery.urn);
            assert.deepStrictEqual(
                others.map((r) => r.name),
                ["edge-alb"],
            );
        });
    });
}

describe("final snapshot of the protected database", () => {
    it("prod names it after a random suffix drawn per instance lifecycle; dev and test take none", async () => {
        const prod = await getEvaluatedStack("prod");
        const db = single(prod, AWS_TYPE.rds.Instance);
        const suffix = single(prod, RANDOM_ID);
        assert.strictEqual(
            input(db, "finalSnapshotIdentifier"),
            `ecs-platform-prod-database-final-${output(suffix, "hex")}`,
        );
        assert.match(output(suffix, "hex"), /^[0-9a-f]{8}$/);
        assert.ok(dependsOn(db, suffix), "the identifier does not come from the random suffix");
        // Keyed on the inputs that force a replacement of the instance, and nothing else.
        assert.deepStrictEqual(input(suffix, "keepers"), {
            engine: input(db, "engine"),
            dbName: input(db, "dbName"),
            username: input(db, "username"),
            storageEncrypted: String(input(db, "storageEncrypted")),
        });
        for (const stackName of ["dev", "test"] as const) {
            const stack = await getEvaluatedStack(stackName);
            assert.deepStrictEqual(ofType(stack, RANDOM_ID), [], stackName);
            assert.strictEqual(input(single(stack, AWS_TYPE.rds.Instance), "finalSnapshotIdentifier"), undefined);
        }
    });

    it("a rebuilt instance (a replace-forcing input changed) gets a different name; a resize keeps it", async () => {
        const names: string[] = [];
        for (const databaseName of ["app", "app2"]) {
            const stack = await evaluateVariant({
                stack: "prod",
                program: () => {
                    const db = new Database("database", {
                        vpcId: "vpc-0a1b2c3d4e5f60718",
                        dataSubnetIds: ["subnet-0ddd000000000031d", "subnet-0ddd000000000032d"],
                        settings: {
                            instanceClass: "db.t4g.micro",
                            allocatedStorage: 20,
                            engineVersion: "16",
                            backupRetentionDays: 7,
                        },
                        environment: "prod",
                        protect: true,
                        stack: "prod",
                        databaseName,
                    });
                    return { id: db.finalSnapshotIdentifier };
                },
            });
            names.push(String(stack.outputs.id));
        }
        assert.notStrictEqual(names[0], names[1]);
        const resized = await evaluateVariant({
            stack: "prod",
            configOverrides: {
                "ecs-platform:database": { mode: "create", instanceClass: "db.t4g.small", allocatedStorage: 50 },
            },
        });
        const prod = await getEvaluatedStack("prod");
        assert.strictEqual(
            input(single(resized, AWS_TYPE.rds.Instance), "finalSnapshotIdentifier"),
            input(single(prod, AWS_TYPE.rds.Instance), "finalSnapshotIdentifier"),
        );
    });

    it("the name meets RDS's rules however long the stack name, and keeps its unique suffix", () => {
        const valid = /^[a-z](?!.*--)[a-z0-9-]{0,253}[a-z0-9]$/;
        for (const stack of ["prod", "eu-prod-2", "x".repeat(300)]) {
            const id = finalSnapshotIdentifier(stack, "database", "0a1b2c3d");
            assert.match(id, valid, id);
            assert.ok(id.endsWith("-final-0a1b2c3d"), id);
        }
    });
});

describe("repository lifecycle rules never expire a deployable image", () => {
    const rules = lifecycleRules() as {
        selection: { tagStatus: string; tagPrefixList?: string[]; countType: string };
        action: { type: string };
    }[];

    /** Whether ECR would select an image with these tags (untagged: []). */
    const selected = (tags: string[]) =>
        rules.some((r) => {
            const s = r.selection;
            if (s.tagStatus === "any") return true;
            if (s.tagStatus === "untagged") return tags.length === 0;
            return tags.some((t) => (s.tagPrefixList ?? []).every((p) => t.startsWith(p)));
        });

    it("expires untagged and ci-/pr- images only: no 'any' rule, no count cap over release tags", () => {
        assert.ok(rules.every((r) => r.selection.tagStatus !== "any"));
        assert.ok(selected([]));
        for (const prefix of DISPOSABLE_TAG_PREFIXES) assert.ok(selected([`${prefix}3f9a2c1`]), prefix);
        for (const release of ["1.4.2", "v2.0.1", "2026-11-03", "main-3f9a2c1", "cir-1", "prod-1"]) {
            assert.ok(!selected([release]), `${release} would expire`);
        }
    });

    it("each rule names one prefix (a tagPrefixList of several selects only images carrying all of them)", () => {
        for (const r of rules.filter((x) => x.selection.tagStatus === "tagged")) {
            assert.strictEqual(r.selection.tagPrefixList?.length, 1);
        }
    });

    for (const stackName of STACKS) {
        it(`${stackName}: both repositories carry exactly these rules`, async () => {
            const stack = await getEvaluatedStack(stackName);
            const policies = ofType(stack, AWS_TYPE.ecr.LifecyclePolicy);
            assert.strictEqual(policies.length, 2);
            for (const p of policies) {
                const raw = input(p, "policy");
                assert.deepStrictEqual((typeof raw === "string" ? JSON.parse(raw) : raw).rules, rules);
            }
        });
    }
});
