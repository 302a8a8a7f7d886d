import * as assert from "assert";
import { PlanGraph } from "../../../tools/plan/graph";
import { computeReachability, Reachability, REQUIRED_ENDPOINT_SERVICES } from "../../../tools/plan/reachability";
import { buildStackPlan } from "../../../tools/plan/analysis";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";
import { getExistingFoundationDev } from "../../support/foundation-variants";
import { byName, groupId, withoutResources, withPatched, withResource } from "./mutations";
import { AWS_TYPE } from "../../../policy-pack/lib/aws-types";
const EC2_RULE = AWS_TYPE.ec2.SecurityGroupRule;

/**
 * The network the architecture allows, and nothing else: the internet reaches only CloudFront,
 * CloudFront only the ALB's HTTP listener (no certificate is configured in any stack), the ALB
 * only the BFF on 3000, the BFF only AgentCore on 8080, and both tasks only the database on
 * 5432 and the endpoints / S3 on 443.
 */
const EXPECTED: Record<string, Record<string, string>> = {
    internet: { cloudfront: "tcp 80,443" },
    cloudfront: { alb: "tcp 80" },
    alb: { bff: "tcp 3000" },
    bff: { agentcore: "tcp 8080", rds: "tcp 5432", endpoints: "tcp 443", s3: "tcp 443" },
    agentcore: { rds: "tcp 5432", endpoints: "tcp 443", s3: "tcp 443" },
};

async function reachabilityOf(stack: (typeof STACKS)[number], preview = false): Promise<Reachability> {
    return computeReachability(new PlanGraph(await getEvaluatedStack(stack, preview)));
}

describe("plan: network reachability", () => {
    for (const stack of STACKS) {
        it(`${stack}: the matrix is exactly the intended one and every needed path is open`, async () => {
            const r = await reachabilityOf(stack);
            assert.deepStrictEqual(r.matrix, EXPECTED);
            assert.deepStrictEqual(
                r.required.filter((p) => p.status !== "ok"),
                [],
            );
            assert.deepStrictEqual(r.findings, []);
            assert.strictEqual(r.verdict, "ok");
            assert.deepStrictEqual(
                r.endpoints.filter((e) => e.status !== "present"),
                [],
            );
            const checked = r.endpoints.map((e) => e.service);
            for (const service of REQUIRED_ENDPOINT_SERVICES) assert.ok(checked.includes(service), service);
        });
    }

    it("derives the same matrix in preview, where every id is unknown", async () => {
        const r = await reachabilityOf("dev", true);
        assert.deepStrictEqual(r.matrix, EXPECTED);
        assert.strictEqual(r.verdict, "ok");
    });

    it("lists the paths each task needs to start and serve, with their ports", async () => {
        const r = await reachabilityOf("dev");
        const needs = r.required.map((p) => `${p.from}>${p.to}:${p.port}`);
        assert.deepStrictEqual(needs.sort(), [
            "agentcore>endpoints:443",
            "agentcore>rds:5432",
            "agentcore>s3:443",
            "alb>bff:3000",
            "bff>agentcore:8080",
            "bff>endpoints:443",
            "bff>rds:5432",
            "bff>s3:443",
            "cloudfront>alb:80",
        ]);
        const agentEndpoints = r.required.find((p) => p.from === "agentcore" && p.to === "endpoints")!;
        assert.match(agentEndpoints.why, /bedrock-runtime, bedrock-agent-runtime/);
    });

    describe("a world-open rule changes the verdict, whatever shape declares it", () => {
        it("vpc.SecurityGroupIngressRule with 0.0.0.0/0 on the BFF group", async () => {
            const dev = await getEvaluatedStack("dev");
            const bffGroup = byName(dev, "service-sgs-bff");
            const mutated = withResource(
                dev,
                AWS_TYPE.vpc.SecurityGroupIngressRule,
                "bff-world-open",
                {
                    securityGroupId: groupId(dev, "service-sgs-bff"),
                    cidrIpv4: "0.0.0.0/0",
                    ipProtocol: "tcp",
                    fromPort: 3000,
                    toPort: 3000,
                },
                { securityGroupId: [bffGroup.urn] },
            );
            const r = computeReachability(new PlanGraph(mutated));
            assert.strictEqual(r.matrix.internet.bff, "tcp 3000");
            assert.strictEqual(r.verdict, "exposed");
            assert.ok(
                r.findings.some(
                    (f) => f.severity === "error" && f.code === "exposed" && /Internet reaches BFF/.test(f.message),
                ),
            );
            assert.strictEqual(buildStackPlan(mutated).report.exitCode, 1);
        });

        it("ec2.SecurityGroupRule (ingress, all ports) on the database group", async () => {
            const dev = await getEvaluatedStack("dev");
            const mutated = withResource(dev, EC2_RULE, "db-world-open", {
                type: "ingress",
                securityGroupId: groupId(dev, "database-sg"),
                cidrBlocks: ["0.0.0.0/0"],
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
            });
            const r = computeReachability(new PlanGraph(mutated));
            assert.strictEqual(r.matrix.internet.rds, "all traffic");
            assert.strictEqual(r.verdict, "exposed");
        });

        it("an inline ingress block on the AgentCore group", async () => {
            const dev = await getEvaluatedStack("dev");
            const mutated = withPatched(dev, "service-sgs-agentcore", {
                ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: [], ipv6CidrBlocks: ["::/0"] }],
            });
            const r = computeReachability(new PlanGraph(mutated));
            assert.strictEqual(r.matrix.internet.agentcore, "tcp 8080");
            assert.strictEqual(r.verdict, "exposed");
        });

        it("a world-open egress rule shows as a warning (no route out), not as exposure", async () => {
            const dev = await getEvaluatedStack("dev");
            const mutated = withResource(dev, AWS_TYPE.vpc.SecurityGroupEgressRule, "bff-egress-anywhere", {
                securityGroupId: groupId(dev, "service-sgs-bff"),
                cidrIpv4: "0.0.0.0/0",
                ipProtocol: "-1",
            });
            const r = computeReachability(new PlanGraph(mutated));
            assert.strictEqual(r.matrix.bff.internet, "all traffic");
            assert.strictEqual(
                r.edges.find((e) => e.from === "bff" && e.to === "internet")?.note,
                "no route to the internet from its subnets",
            );
            // Egress alone opens nothing: AgentCore's ingress still admits the BFF on 8080 only.
            assert.strictEqual(r.matrix.bff.agentcore, "tcp 8080");
            assert.strictEqual(r.verdict, "warnings");
            assert.ok(r.findings.some((f) => f.code === "unexpected-path"));
            assert.ok(r.findings.some((f) => f.code === "wider-than-needed" && /S3/.test(f.message)));
        });

        it("a security-group reference adds exactly one edge, on both sides' ports", async () => {
            const dev = await getEvaluatedStack("dev");
            // AgentCore's ingress admits the ALB on 8080, but the ALB's egress admits only the BFF.
            const oneSided = withResource(dev, AWS_TYPE.vpc.SecurityGroupIngressRule, "agentcore-from-alb", {
                securityGroupId: groupId(dev, "service-sgs-agentcore"),
                referencedSecurityGroupId: groupId(dev, "edge-alb-sg"),
                ipProtocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
            });
            assert.deepStrictEqual(computeReachability(new PlanGraph(oneSided)).matrix, EXPECTED);
            const bothSides = withResource(oneSided, AWS_TYPE.vpc.SecurityGroupEgressRule, "alb-to-agentcore", {
                securityGroupId: groupId(dev, "edge-alb-sg"),
                referencedSecurityGroupId: groupId(dev, "service-sgs-agentcore"),
                ipProtocol: "tcp",
                fromPort: 8000,
                toPort: 9000,
            });
            const r = computeReachability(new PlanGraph(bothSides));
            assert.strictEqual(r.matrix.alb.agentcore, "tcp 8080");
            assert.strictEqual(r.verdict, "warnings");
        });
    });

    it("existing-network mode: endpoints are assumed, the stack's own rules to them still count", async () => {
        const existing = await getExistingFoundationDev();
        const r = computeReachability(new PlanGraph(existing));
        assert.ok(r.endpoints.length > 0);
        assert.ok(r.endpoints.every((e) => e.status === "assumed (existing network)"));
        assert.deepStrictEqual(r.matrix, EXPECTED);
        assert.strictEqual(r.nodes.find((n) => n.id === "endpoints")?.outsideStack, true);
        assert.deepStrictEqual(
            r.required.filter((p) => p.status !== "ok"),
            [],
        );
        assert.strictEqual(r.verdict, "ok");
    });

    describe("a missing path is deploy-blocking", () => {
        it("without the S3 prefix-list egress rule the BFF cannot pull image layers", async () => {
            const dev = await getEvaluatedStack("dev");
            const mutated = withoutResources(dev, "service-sgs-bff-to-s3-egress");
            const r = computeReachability(new PlanGraph(mutated));
            const s3 = r.required.find((p) => p.from === "bff" && p.to === "s3")!;
            assert.strictEqual(s3.status, "missing");
            assert.match(s3.detail!, /no egress rule of BFF admits S3/);
            assert.strictEqual(r.verdict, "blocked");
            assert.ok(r.findings.some((f) => f.severity === "blocking" && /BFF cannot reach S3/.test(f.message)));
            const plan = buildStackPlan(mutated).report;
            assert.strictEqual(plan.exitCode, 1);
            assert.ok(plan.reasons.some((x) => /deploy-blocking/.test(x)));
        });

        it("without the database's ingress rule for AgentCore, AgentCore cannot reach RDS", async () => {
            const dev = await getEvaluatedStack("dev");
            const r = computeReachability(
                new PlanGraph(withoutResources(dev, "service-sgs-agentcore-to-database-ingress")),
            );
            const db = r.required.find((p) => p.from === "agentcore" && p.to === "rds")!;
            assert.strictEqual(db.status, "missing");
            assert.match(db.detail!, /no ingress rule of RDS admits AgentCore on tcp 5432/);
            assert.strictEqual(r.matrix.agentcore.rds, undefined);
        });

        it("a missing interface endpoint is reported by service name", async () => {
            const dev = await getEvaluatedStack("dev");
            const r = computeReachability(new PlanGraph(withoutResources(dev, "network-vpce-ecr-dkr")));
            assert.deepStrictEqual(
                r.endpoints.filter((e) => e.status !== "present").map((e) => e.service),
                ["ecr.dkr"],
            );
            assert.ok(r.findings.some((f) => f.code === "missing-endpoint" && /ecr\.dkr/.test(f.message)));
            assert.strictEqual(r.verdict, "blocked");
        });

        it("a task whose role reads Secrets Manager needs its endpoint", async () => {
            const dev = await getEvaluatedStack("dev");
            const role = dev.resources.find((r) => r.type === AWS_TYPE.iam.Role && r.name === "roles-bff-task")!;
            const endpoints = dev.resources
                .filter((r) => r.type === AWS_TYPE.ec2.VpcEndpoint)
                .filter((r) => String(r.inputs.serviceName).endsWith(".secretsmanager"))
                .map((r) => r.name);
            const mutated = withResource(
                withoutResources(dev, ...endpoints),
                AWS_TYPE.iam.RolePolicy,
                "bff-reads-secret",
                {
                    role: role.id,
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: "secretsmanager:GetSecretValue",
                                Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
                            },
                        ],
                    }),
                },
            );
            const r = computeReachability(new PlanGraph(mutated));
            assert.match(r.required.find((p) => p.from === "bff" && p.to === "endpoints")!.why, /secretsmanager/);
            assert.deepStrictEqual(
                r.endpoints.filter((e) => e.status === "missing").map((e) => e.service),
                ["secretsmanager"],
            );
            assert.strictEqual(r.verdict, "blocked");
        });

        it("an S3 gateway endpoint not attached to a task subnet's route table is missing", async () => {
            const dev = await getEvaluatedStack("dev");
            const appTable = byName(dev, "network-app-rt");
            const gateway = byName(dev, "network-vpce-s3");
            const mutated = withPatched(dev, "network-vpce-s3", {
                routeTableIds: (gateway.outputs.routeTableIds as string[]).filter((id) => id !== appTable.id),
            });
            const s3 = computeReachability(new PlanGraph(mutated)).endpoints.find((e) => e.service === "s3")!;
            assert.strictEqual(s3.status, "missing");
            assert.match(s3.detail!, /network-app-1/);
        });
    });
});
