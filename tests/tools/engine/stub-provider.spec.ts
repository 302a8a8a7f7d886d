/**
 * The engine run's stub providers (tools/engine/stub) answer from the offline evaluator's data
 * and replace where the plan diff says a change replaces; no CLI needed, so this runs in npm test.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { specialOutputValueSig, specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { answerInvoke } from "../../../offline/invoke-answers";
import { autoname, mockState, OFFLINE_ACCOUNT } from "../../../offline/mock-values";
import { AWS_INVOKE, AWS_TYPE } from "../../../policy-pack/lib/aws-types";
import type { StubCall } from "../../../tools/engine/stub/call-log";
import { stubProvider, stubRegion } from "../../../tools/engine/stub/provider";
import { parseUrn, plainWireValue } from "../../../tools/engine/stub/wire";

// As the engine names a child of a top-level component (no root Stack type in the chain).
const urnOf = (type: string, name: string, parent = "ecs-platform:compute:FargateService") =>
    `urn:pulumi:dev::ecs-platform::${parent}$${type}::${name}`;
const TD = AWS_TYPE.ecs.TaskDefinition;
const ctx = { ...OFFLINE_ACCOUNT, region: "us-east-1" };

function stub(calls: StubCall[] = []) {
    const p = stubProvider({ pkg: "aws", version: "7.48.0", region: "us-east-1", record: (c) => calls.push(c) });
    const need = <T>(f: T | undefined): T => {
        assert.ok(f, "the stub implements the method");
        return f;
    };
    return {
        check: need(p.check),
        diff: need(p.diff),
        create: need(p.create),
        update: need(p.update),
        del: need(p.delete),
        invoke: need(p.invoke),
    };
}

describe("engine stub providers", () => {
    const tdInputs = { family: "ecs-platform-dev-bff", cpu: "512", memory: "1024", containerDefinitions: "[]" };

    it("parses the type and name out of a nested URN", () => {
        assert.deepStrictEqual(parseUrn(urnOf(TD, "bff-td")), {
            stack: "dev",
            project: "ecs-platform",
            type: TD,
            name: "bff-td",
        });
        assert.throws(() => parseUrn("bff-td"), /not a resource URN/);
    });

    it("unwraps output values and resource references, keeps secrets wrapped", () => {
        const secret = { [specialSigKey]: specialSecretSig, value: "s3cr3t" };
        const wire = {
            a: { [specialSigKey]: specialOutputValueSig, value: "x", dependencies: ["urn:1"] },
            b: { [specialSigKey]: specialOutputValueSig, dependencies: [] },
            c: [{ [specialSigKey]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:2", id: "vpc-1" }],
            d: secret,
        };
        assert.deepStrictEqual(plainWireValue(wire), { a: "x", b: unknownValue, c: ["vpc-1"], d: secret });
    });

    it("Check autonames as the mocks do, and keeps the name a resource already has", async () => {
        const s = stub();
        const urn = urnOf(AWS_TYPE.ecs.Cluster, "cluster");
        const fresh = await s.check(urn, {}, {});
        assert.strictEqual(fresh.inputs?.name, autoname(AWS_TYPE.ecs.Cluster, "cluster", urn));
        const kept = await s.check(urn, { name: "cluster-0000000" }, {});
        assert.strictEqual(kept.inputs?.name, "cluster-0000000");
        const given = await s.check(urn, {}, { name: "ecs-platform-dev" });
        assert.strictEqual(given.inputs?.name, "ecs-platform-dev");
    });

    it("seeds names from the URN before a component rename, as the evaluator does", async () => {
        const renamed = stubProvider({
            pkg: "aws",
            version: "7.48.0",
            region: "us-east-1",
            typeRenames: new Map([["ecs-platform:edge:Edge", "ecs-platform:index:Edge"]]),
            record: () => undefined,
        });
        const urn = urnOf(AWS_TYPE.s3.Bucket, "edge-alb-logs", "ecs-platform:edge:Edge");
        const old = urnOf(AWS_TYPE.s3.Bucket, "edge-alb-logs", "ecs-platform:index:Edge");
        const checked = await renamed.check!(urn, {}, {});
        assert.strictEqual(checked.inputs?.bucket, autoname(AWS_TYPE.s3.Bucket, "edge-alb-logs", old));
        assert.notStrictEqual(checked.inputs?.bucket, autoname(AWS_TYPE.s3.Bucket, "edge-alb-logs", urn));
    });

    it("Create answers the evaluator's id and state", async () => {
        const urn = urnOf(TD, "bff-td");
        const created = await stub().create(urn, tdInputs);
        const expected = mockState(TD, "bff-td", urn, tdInputs, ctx, false);
        assert.strictEqual(created.id, expected.id);
        assert.deepStrictEqual(created.outs, expected.state);
    });

    it("Diff replaces on a force-new input (the plan's table) and updates in place otherwise", async () => {
        const s = stub();
        const urn = urnOf(TD, "bff-td");
        const olds = (await s.create(urn, tdInputs)).outs;
        assert.deepStrictEqual(await s.diff("id", urn, olds, tdInputs), { changes: false, replaces: [] });
        assert.deepStrictEqual(await s.diff("id", urn, olds, { ...tdInputs, cpu: "1024" }), {
            changes: true,
            replaces: ["cpu"],
        });
        const svcUrn = urnOf(AWS_TYPE.ecs.Service, "bff-svc");
        const svc = { name: "bff", cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c", desiredCount: 0 };
        const svcOlds = (await s.create(svcUrn, svc)).outs;
        assert.deepStrictEqual(await s.diff("id", svcUrn, svcOlds, { ...svc, desiredCount: 2 }), {
            changes: true,
            replaces: [],
        });
        // A new physical name replaces, whatever the table says.
        assert.deepStrictEqual((await s.diff("id", svcUrn, svcOlds, { ...svc, name: "bff2" })).replaces, ["name"]);
    });

    it("Invoke answers the evaluator's look-ups, and fails on one it has no answer for", async () => {
        const s = stub();
        const got = await s.invoke(AWS_INVOKE.index.getCallerIdentity, {});
        assert.deepStrictEqual(got.outputs, answerInvoke(AWS_INVOKE.index.getCallerIdentity, {}, ctx));
        await assert.rejects(s.invoke("aws:index/getAmi:getAmi", {}), /no answer for invoke/);
    });

    it("refuses another package's resources and records every call, failures included", async () => {
        const calls: StubCall[] = [];
        const s = stub(calls);
        await assert.rejects(
            s.create("urn:pulumi:dev::ecs-platform::random:index/randomId:RandomId::x", {}),
            /stub aws provider asked for random/,
        );
        await s.update("id", urnOf(TD, "bff-td"), {}, tdInputs);
        await s.del("id", urnOf(TD, "bff-td"), {});
        assert.deepStrictEqual(
            calls.map((c) => [c.method, c.error === undefined]),
            [
                ["Create", false],
                ["Update", true],
                ["Delete", true],
            ],
        );
    });

    it("takes the region from ENGINE_STUB_REGION, else from stack files that agree", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stub-region-"));
        try {
            assert.strictEqual(stubRegion(dir, { ENGINE_STUB_REGION: "eu-west-1" }), "eu-west-1");
            assert.throws(() => stubRegion(dir, {}), /name no aws:region/);
            fs.writeFileSync(path.join(dir, "Pulumi.a.yaml"), "config:\n  aws:region: us-east-2\n");
            assert.strictEqual(stubRegion(dir, {}), "us-east-2");
            fs.writeFileSync(path.join(dir, "Pulumi.b.yaml"), "config:\n  aws:region: eu-west-1\n");
            assert.throws(() => stubRegion(dir, {}), /name several aws:region/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
