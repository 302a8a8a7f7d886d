/**
 * The offline evaluator itself, on small programs: it records what the engine would receive,
 * returns realistic computed values, leaves them unknown in preview and fails loudly on errors.
 */
import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EvaluatedStack, evaluateStack, EvaluationError } from "../../offline/evaluate";
import { UNKNOWN } from "../../offline/analyze";
import { readStackConfig, StackConfigError } from "../../offline/stack-config";
import { AWS_TYPE, PULUMI_TYPE } from "../../policy-pack/lib/aws-types";

class Pair extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Pair", name, {}, opts);
        this.role = new aws.iam.Role(
            `${name}-role`,
            { assumeRolePolicy: { Version: "2012-10-17", Statement: [] } },
            { parent: this, protect: true, retainOnDelete: true },
        );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                role: this.role.name,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${this.role.arn}`] },
                    ],
                },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

const pairProgram = async () => {
    const pair = new Pair("pair");
    const id = await aws.getCallerIdentity();
    return { account: id.accountId, roleArn: pair.role.arn, env: new pulumi.Config().require("environment") };
};

function find(stack: EvaluatedStack, type: string) {
    const r = stack.resources.find((x) => x.type === type);
    assert.ok(r, `no ${type}`);
    return r;
}

describe("offline evaluator", () => {
    let full: EvaluatedStack;
    let preview: EvaluatedStack;
    before(async () => {
        full = await evaluateStack({ stack: "dev", program: pairProgram });
        preview = await evaluateStack({ stack: "dev", program: pairProgram, preview: true });
    });

    it("registers everything inside a root Stack, with parents, URNs and options", () => {
        assert.strictEqual(full.resources[0].type, PULUMI_TYPE.Stack);
        const component = find(full, "test:index:Pair");
        const role = find(full, AWS_TYPE.iam.Role);
        assert.strictEqual(component.parent, full.resources[0].urn);
        assert.strictEqual(role.parent, component.urn);
        assert.strictEqual(role.urn, "urn:pulumi:dev::ecs-platform::test:index:Pair$aws:iam/role:Role::pair-role");
        assert.strictEqual(role.protect, true);
        assert.strictEqual(role.retainOnDelete, true);
        const policy = find(full, AWS_TYPE.iam.RolePolicy);
        assert.deepStrictEqual(policy.propertyDependencies.role, [role.urn]);
    });
    it("names resources as the engine does: no root Stack type, then the parent's whole type chain", async () => {
        // The SDK's mock monitor would say Stack$Pair and Pair$Role (the parent's last type only).
        class Outer extends pulumi.ComponentResource {
            constructor(name: string) {
                super("test:index:Outer", name, {}, {});
                new Pair(`${name}-pair`, { parent: this });
                this.registerOutputs({});
            }
        }
        const nested = await evaluateStack({ stack: "dev", program: async () => void new Outer("outer") });
        assert.strictEqual(find(full, "test:index:Pair").urn, "urn:pulumi:dev::ecs-platform::test:index:Pair::pair");
        assert.strictEqual(
            find(nested, "test:index:Outer").urn,
            "urn:pulumi:dev::ecs-platform::test:index:Outer::outer",
        );
        assert.strictEqual(
            find(nested, AWS_TYPE.iam.Role).urn,
            "urn:pulumi:dev::ecs-platform::test:index:Outer$test:index:Pair$aws:iam/role:Role::outer-pair-role",
        );
    });
    it("passes the stack's config as the CLI would", () => {
        assert.strictEqual(full.outputs.env, "dev");
        assert.strictEqual(full.config["aws:region"], "us-east-1");
    });
    it("returns realistic computed values: autonames, AWS ARNs, no 'undefined' anywhere", () => {
        const role = find(full, AWS_TYPE.iam.Role);
        assert.match(String(role.inputs.name), /^pair-role-[0-9a-f]{7}$/);
        assert.match(String(full.outputs.roleArn), /^arn:aws:iam::123456789012:role\/pair-role-[0-9a-f]{7}$/);
        assert.strictEqual(full.outputs.account, "123456789012");
        assert.ok(!JSON.stringify(full.resources).includes("undefined"));
    });
    it("leaves computed outputs unknown in preview, but keeps what a preview knows", () => {
        const policy = find(preview, AWS_TYPE.iam.RolePolicy);
        const doc = policy.inputs.policy as { Statement: { Action: string[]; Resource: string[] }[] };
        assert.deepStrictEqual(doc.Statement[0].Action, ["s3:GetObject"]);
        assert.deepStrictEqual(doc.Statement[0].Resource, [UNKNOWN]);
        assert.strictEqual(find(preview, AWS_TYPE.iam.Role).outputs.arn, undefined);
        assert.match(
            String(find(preview, AWS_TYPE.iam.Role).inputs.name),
            /^pair-role-/,
            "autonames are known in preview",
        );
    });
    it("fails when an apply throws", async () => {
        await assert.rejects(
            evaluateStack({
                stack: "dev",
                program: async () => {
                    const b = new aws.s3.Bucket("b");
                    b.arn.apply((a) => {
                        if (a) throw new Error("boom in apply");
                    });
                    return {};
                },
            }),
            (e: unknown) => e instanceof EvaluationError && /boom in apply/.test(e.message),
        );
    });
    it("fails, without waiting forever, when a resource others depend on cannot register", async () => {
        await assert.rejects(
            evaluateStack({
                stack: "dev",
                program: async () => {
                    const name = pulumi.output("b").apply((): string => {
                        throw new Error("boom in an input");
                    });
                    const first = new aws.s3.Bucket("first", { bucket: name });
                    new aws.s3.Bucket("second", {}, { dependsOn: [first] });
                    return {};
                },
            }),
            (e: unknown) => e instanceof EvaluationError && /boom in an input/.test(e.message),
        );
    });
    it("fails when the program logs an error", async () => {
        await assert.rejects(
            evaluateStack({
                stack: "dev",
                program: async () => {
                    pulumi.log.error("something is wrong");
                    return {};
                },
            }),
            /pulumi.log.error: something is wrong/,
        );
    });
    it("fails on an invoke it cannot answer instead of inventing a value", async () => {
        await assert.rejects(
            evaluateStack({
                stack: "dev",
                program: async () => {
                    await aws.ec2.getVpc({ default: true });
                    return {};
                },
            }),
            /no answer for invoke aws:ec2\/getVpc:getVpc/,
        );
    });
    it("answers stack references from the given outputs, and fails without them", async () => {
        const program = async () => ({ vpc: new pulumi.StackReference("acme/network/dev").requireOutput("vpcId") });
        const ok = await evaluateStack({
            stack: "dev",
            program,
            stackReferences: { "acme/network/dev": { vpcId: "vpc-0123456789abcdef0" } },
        });
        assert.strictEqual(ok.outputs.vpc, "vpc-0123456789abcdef0");
        await assert.rejects(
            evaluateStack({ stack: "dev", program }),
            /stack reference "acme\/network\/dev" has no outputs/,
        );
    });
});

describe("offline stack config", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-cfg-"));
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: proj\nruntime: nodejs\nconfig:\n  size:\n    type: integer\n    default: 3\n  tags:\n    value:\n      team: platform\n  aws:region: eu-west-1\n",
        );
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("merges project defaults and stack values into namespaced strings", () => {
        fs.writeFileSync(
            path.join(dir, "Pulumi.s.yaml"),
            "config:\n  proj:size: 5\n  proj:list: [1, 2]\n  proj:pw:\n    secure: v1:abc\n",
        );
        const c = readStackConfig(dir, "s");
        assert.deepStrictEqual(c.config, {
            "proj:size": "5",
            "proj:tags": '{"team":"platform"}',
            "aws:region": "eu-west-1",
            "proj:list": "[1,2]",
            "proj:pw": "offline-secret-placeholder",
        });
        assert.deepStrictEqual(c.secretKeys, ["proj:pw"]);
    });
    it("rejects a stack value of the wrong declared type, as the CLI does", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), "config:\n  proj:size: five\n");
        assert.throws(
            () => readStackConfig(dir, "s"),
            (e: unknown) => e instanceof StackConfigError && /'proj:size' must be of type 'integer'/.test(e.message),
        );
    });
    it("names a missing stack file", () => {
        assert.throws(() => readStackConfig(dir, "nope"), /no stack file .*Pulumi\.nope\.yaml/);
    });
});
