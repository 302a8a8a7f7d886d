/**
 * Updates that keep state: the config edits users make on a running stack (sizes, counts, image
 * tags, scaling, capacity weights, log retention, allowed CIDRs, alarm e-mail, database size) are
 * evaluated against dev as committed, and no stateful resource (database, buckets, repositories,
 * KMS keys, log groups, parameters) may change its URN, its physical name or an input that forces
 * the provider to replace it. A change here would be a data-losing replacement on `pulumi up`.
 */
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { getEvaluatedStack } from "../support/evaluated-stacks";
import { evaluateVariant, servicesOverride, withImageTags } from "../support/variants";

/**
 * Per stateful type: the inputs that name it or force its replacement (ForceNew in the provider
 * schema, terraform-provider-aws internal/service/<svc>/*.go).
 */
const IDENTITY: Record<string, readonly string[]> = {
    [AWS_TYPE.rds.Instance]: [
        "identifier",
        "engine",
        "dbName",
        "username",
        "storageEncrypted",
        "kmsKeyId",
        "availabilityZone",
    ],
    [AWS_TYPE.s3.Bucket]: ["bucket", "bucketPrefix"],
    [AWS_TYPE.ecr.Repository]: ["name", "encryptionConfigurations"],
    [AWS_TYPE.kms.Key]: ["customerMasterKeySpec", "keyUsage", "multiRegion"],
    [AWS_TYPE.cloudwatch.LogGroup]: ["name", "namePrefix"],
    [AWS_TYPE.ssm.Parameter]: ["name"],
};

function identities(stack: EvaluatedStack): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of stack.resources.filter((x: EvaluatedResource) => x.type in IDENTITY)) {
        const keys = IDENTITY[r.type];
        out.set(r.urn, JSON.stringify(Object.fromEntries(keys.map((k) => [k, r.inputs[k] ?? null]))));
    }
    return out;
}

const EDITS: { edit: string; overrides: Record<string, unknown> }[] = [
    {
        edit: "task sizes",
        overrides: servicesOverride("dev", {
            bff: { cpu: 1024, memory: 2048 },
            agentcore: { cpu: 2048, memory: 4096 },
        }),
    },
    {
        edit: "task counts",
        overrides: servicesOverride("dev", { bff: { desiredCount: 3, minCount: 3, maxCount: 20 } }),
    },
    {
        edit: "image tags (bootstrap -> running)",
        overrides: withImageTags("dev"),
    },
    {
        edit: "scaling targets and cooldowns",
        overrides: {
            "ecs-platform:scaling": {
                cpuTargetPercent: 50,
                memoryTargetPercent: 60,
                scaleInCooldownSeconds: 600,
                scaleOutCooldownSeconds: 60,
            },
        },
    },
    {
        edit: "capacity weights and base",
        overrides: { "ecs-platform:capacity": { fargateWeight: 1, fargateSpotWeight: 3, fargateBase: 2 } },
    },
    { edit: "log retention", overrides: { "ecs-platform:logRetentionDays": 30 } },
    {
        edit: "allowed CIDRs",
        overrides: { "ecs-platform:edge": { mode: "publicAlb", allowedCidrs: ["198.51.100.0/24"] } },
    },
    { edit: "alarm e-mail", overrides: { "ecs-platform:alarmEmail": "ops@example.com" } },
    {
        edit: "database size and backups",
        overrides: {
            "ecs-platform:database": {
                mode: "create",
                instanceClass: "db.t4g.small",
                allocatedStorage: 50,
                backupRetentionDays: 14,
            },
        },
    },
];

describe("updates that keep state (dev): no routine config edit replaces a stateful resource", function () {
    this.timeout(120_000);
    let baseline: Map<string, string>;
    before(async () => {
        baseline = identities(await getEvaluatedStack("dev"));
        // Every stateful type is present, so a rename could not hide behind an empty list.
        const types = new Set([...(await getEvaluatedStack("dev")).resources].map((r) => r.type));
        for (const type of Object.keys(IDENTITY)) assert.ok(types.has(type), type);
    });

    for (const { edit, overrides } of EDITS) {
        it(`${edit}: same stateful URNs, names and replace-forcing inputs`, async () => {
            const after = identities(await evaluateVariant({ stack: "dev", configOverrides: overrides }));
            assert.deepStrictEqual([...after.keys()].sort(), [...baseline.keys()].sort());
            for (const [urn, identity] of baseline) assert.strictEqual(after.get(urn), identity, urn);
        });
    }

    it("the check can fail: a stack rename moves every stateful name (look-alike that must differ)", async () => {
        const renamed = identities(await evaluateVariant({ stack: "test" }));
        const same = [...baseline.entries()].filter(
            ([urn, id]) => renamed.get(urn.replace("::dev::", "::test::")) === id,
        );
        // Repositories, log groups and parameters carry the stack in their names.
        assert.ok(same.length < baseline.size, "identities do not depend on anything");
    });
});
