/**
 * The security groups of every tier and every rule between them (components/service-security-groups.ts,
 * plus the groups of the edge, the endpoints and the database). Groups are found by what uses them
 * (service, load balancer, endpoints, database) and rules are joined to them through
 * propertyDependencies, so the same assertions hold in preview, where every id is unknown.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { childrenOf, input, ofType, securityGroupRules, single } from "../support/graph";
import { COMPONENTS, ruleSummary, securityGroupsByRole } from "../support/architecture";

const MODES = [
    ...STACKS.map((stack) => ({ stack, preview: false })),
    // Policies run at preview: the wiring must be visible before any id exists.
    { stack: "dev" as const, preview: true },
];

for (const { stack: stackName, preview } of MODES) {
    describe(`ServiceSecurityGroups (${stackName}${preview ? ", preview" : ""})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName, preview);
        });

        it("T006 BFF group admits only the ALB group, on tcp 3000", () => {
            assert.deepStrictEqual(ruleSummary(stack).bff.ingress, ["tcp 3000 from alb"]);
        });

        it("T007 AgentCore group admits only the BFF group, on tcp 8080", () => {
            assert.deepStrictEqual(ruleSummary(stack).agentcore.ingress, ["tcp 8080 from bff"]);
        });

        it("T008 T009 BFF egress: 443 to the endpoints and S3, 5432 to the database, 8080 to AgentCore, nothing else", () => {
            assert.deepStrictEqual(ruleSummary(stack).bff.egress, [
                "tcp 443 to endpoints",
                "tcp 443 to s3",
                "tcp 5432 to database",
                "tcp 8080 to agentcore",
            ]);
        });

        it("T008 T009 AgentCore egress: 443 to the endpoints and S3, 5432 to the database, nothing else", () => {
            assert.deepStrictEqual(ruleSummary(stack).agentcore.egress, [
                "tcp 443 to endpoints",
                "tcp 443 to s3",
                "tcp 5432 to database",
            ]);
        });

        it("T008 the endpoint group admits 443 from the two task groups only and sends nothing", () => {
            const { endpoints } = ruleSummary(stack);
            assert.deepStrictEqual(endpoints.ingress, ["tcp 443 from agentcore", "tcp 443 from bff"]);
            assert.deepStrictEqual(endpoints.egress, []);
        });

        it("T009 T053 the database group admits 5432 from the two task groups only and sends nothing", () => {
            const { database } = ruleSummary(stack);
            assert.deepStrictEqual(database.ingress, ["tcp 5432 from agentcore", "tcp 5432 from bff"]);
            assert.deepStrictEqual(database.egress, []);
        });

        it("T006 T055 the ALB group admits only CloudFront's origin-facing list on the listener port, and sends only to the BFF", () => {
            const { alb } = ruleSummary(stack);
            const listenerPort = input(single(stack, AWS_TYPE.lb.Listener), "port");
            assert.deepStrictEqual(alb.ingress, [`tcp ${listenerPort} from cloudfront`]);
            assert.deepStrictEqual(alb.egress, ["tcp 3000 to bff"]);
        });

        it("T030 no rule belongs to any other group", () => {
            assert.deepStrictEqual(ruleSummary(stack).unowned, []);
            // The VPC's default group is emptied, so nothing can join it for free.
            const defaultGroup = single(stack, AWS_TYPE.ec2.DefaultSecurityGroup);
            assert.deepStrictEqual(input(defaultGroup, "ingress"), []);
            assert.deepStrictEqual(input(defaultGroup, "egress"), []);
        });

        it("T030 task groups carry no inline rules (inline and standalone rules fight over a group)", () => {
            for (const sg of ofType(stack, AWS_TYPE.ec2.SecurityGroup)) {
                assert.strictEqual(input(sg, "ingress"), undefined, `${sg.name} ingress`);
                assert.strictEqual(input(sg, "egress"), undefined, `${sg.name} egress`);
            }
        });

        it("T030 every security group and every rule has a description", () => {
            for (const sg of ofType(stack, AWS_TYPE.ec2.SecurityGroup)) {
                const description = input(sg, "description");
                assert.ok(typeof description === "string" && description.trim().length > 10, sg.name);
                assert.ok(!/^Managed by (Pulumi|Terraform)$/.test(description), `${sg.name}: provider default`);
            }
            for (const { rule, resource } of securityGroupRules(stack)) {
                if (resource.type === AWS_TYPE.ec2.DefaultSecurityGroup) continue;
                assert.ok(rule.description && rule.description.trim().length > 10, `${resource.name} ${rule.path}`);
            }
        });

        it("T006 T007 the two task groups are the ServiceSecurityGroups component's, in the platform VPC", () => {
            const roles = securityGroupsByRole(stack);
            const owned = childrenOf(stack, single(stack, COMPONENTS.securityGroups), AWS_TYPE.ec2.SecurityGroup);
            assert.deepStrictEqual(owned.map((g) => g.urn).sort(), [roles.bff.urn, roles.agentcore.urn].sort());
            const vpc = single(stack, AWS_TYPE.ec2.Vpc);
            for (const sg of Object.values(roles)) {
                assert.deepStrictEqual(sg.propertyDependencies.vpcId, [vpc.urn], sg.name);
            }
        });

        if (!preview) {
            it("T006 T007 rule ids match the groups the dependencies name", () => {
                for (const { rule, resource, group, peerGroup } of securityGroupRules(stack)) {
                    if (rule.shape === "inline") continue;
                    assert.ok(group, `${resource.name} has no group`);
                    assert.strictEqual(rule.securityGroupId, group.id, resource.name);
                    if (peerGroup) assert.strictEqual(input(resource, "referencedSecurityGroupId"), peerGroup.id);
                }
            });
        }
    });
}
