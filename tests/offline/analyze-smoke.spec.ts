import * as assert from "assert";
import { resourcePolicy } from "../../policy-pack/lib/define-policy";
import { resourceFor, runPolicies, UNKNOWN } from "../../offline/analyze";
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
