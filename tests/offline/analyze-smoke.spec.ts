import * as assert from "assert";
import { APPLIES_TO, resourcePolicy } from "../../policy-pack/lib/define-policy";
import { PolicyRunResult, readPolicyPackConfig, resourceFor, runPolicies, UNKNOWN } from "../../offline/analyze";
import { policies } from "../../policy-pack/policies";
import { getEvaluatedStack } from "../support/evaluated-stacks";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

const demo = resourcePolicy(
    {
        name: "demo-no-public-ip",
        area: "ecs",
        description: "No public IP.",
        why: "x",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Set assignPublicIp false.",
        anchors: ["CKV_AWS_333"],
    },
    [AWS_TYPE.ecs.Service],
    (props, _args, report) => {
        if (props.networkConfiguration?.assignPublicIp === true) report("assigns a public IP");
    },
);

describe("offline policy runner", () => {
    it("reports violations with the configured level and honours waivers", () => {
        const bad = resourceFor(AWS_TYPE.ecs.Service, { networkConfiguration: { assignPublicIp: true } }, "svc");
        const r = runPolicies([demo], [bad]);
        assert.strictEqual(r.violations.length, 1);
        assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
        const waived = runPolicies([demo], [bad], {
            "demo-no-public-ip": { exclude: [{ pattern: "^svc$", reason: "test waiver here" }] },
        });
        assert.strictEqual(waived.violations.length, 0);
    });
    it("turns an unknown into a can't-run notice", () => {
        const r = runPolicies([demo], [resourceFor(AWS_TYPE.ecs.Service, { networkConfiguration: UNKNOWN })]);
        assert.strictEqual(r.violations.length, 0);
        assert.strictEqual(r.unknown.length, 1);
    });
});

describe("offline policy runner shortcuts give the analyzer server's results", function () {
    this.timeout(60_000);

    /** The pack as the server runs it: no declared types to skip by, a fresh graph per stack policy. */
    const serverFaithful = policies.map((policy) => {
        if (!("validateResource" in policy) || typeof policy.validateResource !== "function") return policy;
        const original = policy.validateResource;
        const plain: typeof original = (args, report) => original(args, report);
        const fastType = (original as { __pulumiType?: string }).__pulumiType;
        if (fastType !== undefined) (plain as { __pulumiType?: string }).__pulumiType = fastType;
        assert.ok(!(APPLIES_TO in plain));
        return { ...policy, validateResource: plain };
    });
    const sorted = (r: PolicyRunResult) =>
        JSON.stringify({
            violations: [...r.violations].map((v) => JSON.stringify(v)).sort(),
            unknown: [...r.unknown].map((v) => JSON.stringify(v)).sort(),
            notApplicable: [...r.notApplicable].map((v) => JSON.stringify(v)).sort(),
        });

    for (const preview of [false, true]) {
        it(`on the evaluated dev stack${preview ? " in preview" : ""}: same violations, unknowns and NotApplicables`, async () => {
            const dev = await getEvaluatedStack("dev", preview);
            const resources = dev.resources.filter((r) => r.custom);
            const config = readPolicyPackConfig("dev").config;
            const fast = runPolicies(policies, resources, config);
            const faithful = runPolicies(serverFaithful, resources, config);
            assert.ok(fast.notApplicable.length > 100, "the shortcut is exercised");
            assert.strictEqual(sorted(fast), sorted(faithful));
        });
    }
});
