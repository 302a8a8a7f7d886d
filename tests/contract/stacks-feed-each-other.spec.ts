/**
 * Stacks feed each other: dev, as evaluated, exports its foundation under the names
 * `stackReference` mode reads (components/foundation-outputs.ts); test, with every foundation part
 * read from dev's outputs, evaluates, passes the policy pack with 0 mandatory findings and gets a
 * clean reachability verdict, wired to exactly dev's VPC, subnets, groups, repositories and key.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { readPolicyPackConfig, runPolicies } from "../../offline/analyze";
import { policies } from "../../policy-pack/policies";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { PlanGraph } from "../../tools/plan/graph";
import { computeReachability } from "../../tools/plan/reachability";
import { getEvaluatedStack } from "../support/evaluated-stacks";
import { evaluateVariant } from "../support/variants";
import { input, ofType } from "../support/graph";
import { serviceParts, servicesOf } from "../support/architecture";
import { FOUNDATION_OUTPUT_KEYS } from "./stack-outputs.spec";

const DEV_REFERENCE = "acme/ecs-platform/dev";
const PARTS = ["network", "storage", "parameters", "database"] as const;

describe("stacks feed each other: test on dev's exported foundation (stackReference)", function () {
    this.timeout(120_000);
    let dev: EvaluatedStack;
    let consumer: EvaluatedStack;

    before(async () => {
        dev = await getEvaluatedStack("dev");
        const configOverrides: Record<string, unknown> = {};
        for (const part of PARTS) {
            configOverrides[`ecs-platform:${part}`] = { mode: "stackReference", stackReference: DEV_REFERENCE };
        }
        consumer = await evaluateVariant({
            stack: "test",
            configOverrides,
            stackReferences: { [DEV_REFERENCE]: dev.outputs },
        });
    });

    it("dev exports every foundation output stackReference mode reads, each known", () => {
        for (const key of FOUNDATION_OUTPUT_KEYS) {
            assert.ok(dev.outputs[key] !== undefined, `dev does not export ${key}`);
        }
    });

    it("test creates no foundation of its own and runs in dev's subnets, VPC and repositories", () => {
        for (const type of [AWS_TYPE.ec2.Vpc, AWS_TYPE.ecr.Repository, AWS_TYPE.rds.Instance, AWS_TYPE.kms.Key]) {
            const own = ofType(consumer, type).filter(
                (r) => type !== AWS_TYPE.kms.Key || /SecureStrings/.test(String(input(r, "description"))),
            );
            assert.deepStrictEqual(
                own.map((r) => r.name),
                [],
                type,
            );
        }
        const subnets = (key: string) => input(serviceParts(consumer, key).service, "networkConfiguration", "subnets");
        assert.deepStrictEqual(subnets("bff"), dev.outputs.appSubnetIds);
        assert.deepStrictEqual(subnets("agentcore"), dev.outputs.agentSubnetIds);
        for (const s of servicesOf(consumer)) {
            const tier = s.subnetTier === "app" ? dev.outputs.appSubnetIds : dev.outputs.agentSubnetIds;
            assert.deepStrictEqual(subnets(s.name), tier, s.name);
        }
        for (const sg of ofType(consumer, AWS_TYPE.ec2.SecurityGroup)) {
            assert.strictEqual(input(sg, "vpcId"), dev.outputs.vpcId, sg.name);
        }
        const images = ofType(consumer, AWS_TYPE.ecs.TaskDefinition).map((t) =>
            JSON.stringify(input(t, "containerDefinitions")),
        );
        const devUrls = dev.outputs.repositoryUrls as Record<string, string>;
        assert.ok(images.some((d) => d.includes(devUrls.app)));
        assert.ok(images.some((d) => d.includes(devUrls.agent)));
        for (const s of servicesOf(consumer)) {
            const image = JSON.stringify(input(serviceParts(consumer, s.name).taskDefinition, "containerDefinitions"));
            assert.ok(image.includes(devUrls[s.repository]), `${s.name} runs an image of dev's ${s.repository}`);
        }
        // The task groups reach dev's database group and endpoint group.
        const ruleTargets = ofType(consumer, AWS_TYPE.vpc.SecurityGroupIngressRule).map((r) =>
            input(r, "securityGroupId"),
        );
        assert.ok(ruleTargets.includes(dev.outputs.databaseSecurityGroupId), "no rule on dev's database group");
        assert.ok(ruleTargets.includes(dev.outputs.endpointSecurityGroupId), "no rule on dev's endpoint group");
    });

    it("the policy pack finds 0 mandatory violations on test fed by dev", () => {
        const run = runPolicies(policies, consumer.resources, readPolicyPackConfig("test").config);
        const mandatory = run.violations.filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual(
            mandatory.map((v) => `${v.policyName}: ${v.message}`),
            [],
        );
        assert.deepStrictEqual(run.unknown, []);
    });

    it("reachability is clean: every path a task needs is open, nothing else", () => {
        const r = computeReachability(new PlanGraph(consumer));
        assert.deepStrictEqual(r.findings, []);
        assert.strictEqual(r.verdict, "ok");
        assert.deepStrictEqual(
            r.required.filter((p) => p.status !== "ok").map((p) => `${p.from}>${p.to}`),
            [],
        );
    });
});
