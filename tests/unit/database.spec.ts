/**
 * PostgreSQL (components/database.ts) on every stack: private in the data subnets, encrypted,
 * TLS-only, password managed by RDS, reachable only through its own security group, and guarded
 * against deletion in prod.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { input, referenced, referencedOne, single, TYPES } from "../support/graph";

for (const stackName of STACKS) {
    describe(`Database (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T009 T053 private, encrypted PostgreSQL on 5432 with an RDS-managed master password", () => {
            const db = single(stack, TYPES.dbInstance);
            assert.strictEqual(input(db, "engine"), "postgres");
            assert.strictEqual(input(db, "port"), 5432);
            assert.strictEqual(input(db, "publiclyAccessible"), false);
            assert.strictEqual(input(db, "storageEncrypted"), true);
            assert.strictEqual(input(db, "manageMasterUserPassword"), true);
            assert.strictEqual(input(db, "password"), undefined, "a password in code or state");
        });

        it("T053 reachable only through the database security group, from the data subnets", () => {
            const db = single(stack, TYPES.dbInstance);
            const groups = referenced(stack, db, "vpcSecurityGroupIds", TYPES.securityGroup);
            assert.strictEqual(groups.length, 1);
            assert.deepStrictEqual(input(db, "vpcSecurityGroupIds"), [groups[0].id]);
            const subnetGroup = referencedOne(stack, db, "dbSubnetGroupName", TYPES.dbSubnetGroup);
            const cidrs = referenced(stack, subnetGroup, "subnetIds", TYPES.subnet).map((s) => input(s, "cidrBlock"));
            assert.deepStrictEqual(cidrs.sort(), ["10.0.31.0/24", "10.0.32.0/24"]);
        });

        it("T053 rejects connections without TLS", () => {
            const db = single(stack, TYPES.dbInstance);
            const parameters = referencedOne(stack, db, "parameterGroupName", TYPES.dbParameterGroup);
            assert.deepStrictEqual(
                input(parameters, "parameters").filter((p: { name: string }) => p.name === "rds.force_ssl"),
                [{ name: "rds.force_ssl", value: "1" }],
            );
        });

        const prod = stackName === "prod";
        it(`deletion protection ${prod ? "on, with a final snapshot, Multi-AZ" : "off, so the stack can be torn down"} in ${stackName}`, () => {
            const db = single(stack, TYPES.dbInstance);
            assert.strictEqual(input(db, "deletionProtection"), prod);
            assert.strictEqual(input(db, "skipFinalSnapshot"), !prod);
            if (prod) {
                assert.ok(input(db, "finalSnapshotIdentifier"), "no final snapshot identifier");
                assert.strictEqual(input(db, "multiAz"), true);
            }
            assert.ok(input(db, "backupRetentionPeriod") >= 1);
        });
    });
}
