/**
 * The five-service example (examples/stacks/five-services.yaml: http x2, internal x2, worker x1),
 * planned with the dev stack's other settings and the policy config its services derive: the
 * same properties the seed's two are held to, checked for every service from its entry, not its
 * name. The config rules of the map itself are in services-config.spec.ts.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import type { EvaluatedStack } from "../../offline/evaluate";
import { packConfigFor } from "../../policy-pack/lib/service-policy-config";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { buildStackPlan, StackPlan } from "../../tools/plan/analysis";
import { PlanGraph } from "../../tools/plan/graph";
import { packServicesOf } from "../../tools/plan/services";
import { getFiveServicesDev } from "../support/variants";
import { getEvaluatedStack } from "../support/evaluated-stacks";
import { diffReports } from "../../tools/plan/diff";
import { diffMarkdown } from "../../tools/plan/diff-markdown";

describe("the five-service example stack (all three kinds)", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    let plan: StackPlan;
    let cfg: ReturnType<typeof parsePlatformConfig>;
    before(async () => {
        stack = await getFiveServicesDev();
        cfg = parsePlatformConfig(stack.config, "dev");
        const config = packConfigFor(packServicesOf(cfg.services));
        plan = buildStackPlan(stack, { policyConfig: { config: config as never } });
    });

    it("evaluates every entry: one task definition, ECS service and security group each, tagged with its name and kind", () => {
        const g = new PlanGraph(stack);
        for (const s of cfg.services) {
            for (const type of [AWS_TYPE.ecs.TaskDefinition, AWS_TYPE.ecs.Service, AWS_TYPE.ec2.SecurityGroup]) {
                const tagged = g.ofType(type).filter((r) => serviceOfTags(g.props(r).tags)?.service === s.name);
                assert.strictEqual(tagged.length, 1, `${s.name}: ${type}`);
                assert.strictEqual(serviceOfTags(g.props(tagged[0]).tags)?.kind, s.kind);
            }
        }
        // Sorted: the CLI hands the services map over with its keys in name order, not the file's.
        assert.deepStrictEqual(cfg.services.map((s) => s.kind).sort(), [
            "http",
            "http",
            "internal",
            "internal",
            "worker",
        ]);
    });

    it("with the derived policy config the pack finds nothing about tiers or roles, and nothing mandatory", () => {
        const p = plan.report.policies!;
        assert.strictEqual(p.mandatory, 0);
        const scoped = p.violations.filter((v) =>
            [
                "sg-tier-ingress-allowlist",
                "sg-task-egress-scoped",
                "iam-task-role-allowlist",
                "single-public-entry",
                "internal-services-private-only",
            ].includes(v.policyName),
        );
        assert.deepStrictEqual(scoped, []);
    });

    it("each service is reached only by the ALB (http) or exactly its callers (internal); a worker by nothing", () => {
        const r = plan.report.reachability!;
        assert.strictEqual(r.verdict, "ok", JSON.stringify(r.findings));
        for (const s of cfg.services) {
            const from = r.edges
                .filter((e) => e.to === s.name)
                .map((e) => e.from)
                .sort();
            const expected =
                s.kind === "http"
                    ? ["alb"]
                    : cfg.services
                          .filter((c) => c.calls.includes(s.name))
                          .map((c) => c.name)
                          .sort();
            assert.deepStrictEqual(from, s.kind === "worker" ? [] : expected, s.name);
        }
        assert.ok(!r.edges.some((e) => e.from === "internet" && cfg.services.some((s) => s.name === e.to)));
    });

    it("the listener rules: the BFF's catch-all last (50000), the Orders API on its own paths, priorities unique", () => {
        const g = new PlanGraph(stack);
        const rules = g.ofType(AWS_TYPE.lb.ListenerRule).map((r) => g.props(r));
        const priorities = rules.map((r) => r.priority);
        assert.strictEqual(new Set(priorities).size, priorities.length);
        const orders = cfg.services.find((s) => s.name === "orders-api");
        assert.ok(orders?.kind === "http");
        assert.ok(orders.listenerRulePriority < 50000);
        assert.ok(priorities.includes(50000) && priorities.includes(orders.listenerRulePriority));
        const paths = rules.map((r) => JSON.stringify((r.conditions as { pathPattern?: { values: string[] } }[])[0]));
        assert.ok(
            paths.some((p) => p.includes("/orders/*")),
            paths.join(" "),
        );
    });

    it("each task role holds exactly its grants: the worker reads its named secret, catalog only its prefix", () => {
        const g = new PlanGraph(stack);
        const policyOf = (role: string) =>
            JSON.stringify(
                g.props(g.ofType(AWS_TYPE.iam.RolePolicy).find((p) => p.name === `roles-${role}-task`)!).policy,
            );
        assert.match(policyOf("reports"), /secret:reports\/smtp-\?\?\?\?\?\?/);
        assert.doesNotMatch(policyOf("reports"), /bedrock|s3:/);
        assert.match(policyOf("catalog"), /catalog\/\*/);
        assert.doesNotMatch(policyOf("catalog"), /agent-data\/\*|bedrock|secretsmanager|ssm:/);
    });

    it("callers get each callee's URL; the worker has no port mapping and no container health check", () => {
        const g = new PlanGraph(stack);
        const defsOf = (service: string) => {
            const td = g
                .ofType(AWS_TYPE.ecs.TaskDefinition)
                .find((t) => serviceOfTags(g.props(t).tags)?.service === service)!;
            return JSON.parse(String(g.props(td).containerDefinitions))[0];
        };
        const env = (service: string) =>
            Object.fromEntries(
                (defsOf(service).environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
            );
        assert.strictEqual(env("bff").CATALOG_URL, "http://catalog.local:9000");
        assert.strictEqual(env("bff").AGENTCORE_URL, "http://agentcore.local:8080");
        assert.strictEqual(env("orders-api").CATALOG_URL, "http://catalog.local:9000");
        assert.strictEqual(env("orders-api").AGENTCORE_URL, undefined);
        const worker = defsOf("reports");
        assert.deepStrictEqual(worker.portMappings, []);
        assert.strictEqual(worker.healthCheck, undefined);
        assert.strictEqual(env("reports").PORT, undefined);
    });

    it("--diff against the seed's two names the services added, and the way back those removed, with their kinds", async () => {
        const seed = buildStackPlan(await getEvaluatedStack("dev")).report;
        const info = { ref: "seed" };
        const grown = diffReports(seed, plan.report, info);
        assert.deepStrictEqual(grown.services!.added.map((a) => [a.name, a.kind]).sort(), [
            ["catalog", "internal"],
            ["orders-api", "http"],
            ["reports", "worker"],
        ]);
        assert.deepStrictEqual([grown.services!.removed, grown.services!.kindChanged], [[], []]);
        // Each added service brings at least its task definition, ECS service, security group and roles.
        for (const a of grown.services!.added) assert.ok(a.resources >= 4, `${a.name}: ${a.resources}`);
        const md = diffMarkdown(grown).join("\n");
        assert.match(md, /- \*\*orders-api\*\* \(http\) added: \d+ tagged resources/);
        const shrunk = diffReports(plan.report, seed, info);
        assert.deepStrictEqual(shrunk.services!.removed.map((r) => r.name).sort(), [
            "catalog",
            "orders-api",
            "reports",
        ]);
        assert.match(
            diffMarkdown(shrunk).join("\n"),
            /- \*\*reports\*\* \(worker\) removed: \d+ tagged resources deleted/,
        );
        assert.deepStrictEqual(diffReports(seed, seed, info).services, { added: [], removed: [], kindChanged: [] });
    });
});
