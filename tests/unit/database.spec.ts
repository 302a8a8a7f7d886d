/**
 * PostgreSQL (components/database.ts) on every stack: private in the data subnets, encrypted,
 * TLS-only, password managed by RDS, reachable only through its own security group, guarded
 * against deletion in prod, and announced to the services by a connection parameter.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { ACCOUNT, COMPONENTS, REGION, SERVICE_KEYS, serviceParts } from "../support/architecture";
import { childOf, component, containersOf, input, output, referenced, referencedOne, single } from "../support/graph";

for (const stackName of STACKS) {
    describe(`Database (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T009 T053 private, encrypted PostgreSQL on 5432 with an RDS-managed master password", () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
            assert.strictEqual(input(db, "engine"), "postgres");
            assert.strictEqual(input(db, "port"), 5432);
            assert.strictEqual(input(db, "publiclyAccessible"), false);
            assert.strictEqual(input(db, "storageEncrypted"), true);
            assert.strictEqual(input(db, "manageMasterUserPassword"), true);
            assert.strictEqual(input(db, "password"), undefined, "a password in code or state");
        });

        it("T053 reachable only through the database security group, from the data subnets", () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
            const groups = referenced(stack, db, "vpcSecurityGroupIds", AWS_TYPE.ec2.SecurityGroup);
            assert.strictEqual(groups.length, 1);
            assert.deepStrictEqual(input(db, "vpcSecurityGroupIds"), [groups[0].id]);
            const subnetGroup = referencedOne(stack, db, "dbSubnetGroupName", AWS_TYPE.rds.SubnetGroup);
            const cidrs = referenced(stack, subnetGroup, "subnetIds", AWS_TYPE.ec2.Subnet).map((s) =>
                input(s, "cidrBlock"),
            );
            assert.deepStrictEqual(cidrs.sort(), ["10.0.31.0/24", "10.0.32.0/24"]);
        });

        it("T053 rejects connections without TLS", () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
            const parameters = referencedOne(stack, db, "parameterGroupName", AWS_TYPE.rds.ParameterGroup);
            assert.deepStrictEqual(
                input(parameters, "parameters").filter((p: { name: string }) => p.name === "rds.force_ssl"),
                [{ name: "rds.force_ssl", value: "1" }],
            );
        });

        it("T052 connection parameter under the stack path: a String with host, port, database, the login's secret ARN and verify-full TLS", () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
            const parameter = childOf(stack, component(stack, COMPONENTS.database, "database"), AWS_TYPE.ssm.Parameter);
            const name = `/ecs-platform/${stackName}/database/connection`;
            assert.strictEqual(input(parameter, "name"), name);
            assert.strictEqual(input(parameter, "type"), "String");
            const loginArn = output(db, "masterUserSecrets", 0, "secretArn");
            assert.match(loginArn, new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-`));
            assert.deepStrictEqual(JSON.parse(input(parameter, "value")), {
                host: output(db, "address"),
                port: 5432,
                database: "app",
                credentialsSecretArn: loginArn,
                sslmode: "verify-full",
                sslrootcert: "/etc/ssl/certs/rds-global-bundle.pem",
            });
            assert.strictEqual(input(db, "dbName"), "app");
            assert.deepStrictEqual(parameter.propertyDependencies.value, [db.urn]);
            // The ARN the services receive, computed from names, is the parameter's own.
            const arn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
            assert.strictEqual(output(parameter, "arn"), arn);
            for (const key of SERVICE_KEYS) {
                const [c] = containersOf(serviceParts(stack, key).taskDefinition);
                const connection = c.secrets.filter((s: { name: string }) => s.name === "DATABASE_CONNECTION");
                assert.deepStrictEqual(connection, [{ name: "DATABASE_CONNECTION", valueFrom: arn }], key);
            }
        });

        const prod = stackName === "prod";
        it(`deletion protection ${prod ? "on, with a final snapshot, Multi-AZ" : "off, so the stack can be torn down"} in ${stackName}`, () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
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
