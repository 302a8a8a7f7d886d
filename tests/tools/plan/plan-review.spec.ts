/**
 * What a reviewer and a new user see: the PR Markdown's sections, the allowed-CIDR path the
 * origin-verify listener rule refuses, the diagram of an existing network, stacks discovered from
 * their files, and the CLI's rough edges (stale files, progress marks, stderr, --json-out, colour).
 */
import * as assert from "assert";
import { servicesOverride } from "../../support/variants";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildStackPlan } from "../../../tools/plan/analysis";
import { discoverStacks, parseArgs, UsageError } from "../../../tools/plan/args";
import { diagramModel, toMermaid } from "../../../tools/plan/diagram";
import { PlanGraph } from "../../../tools/plan/graph";
import { headerGate } from "../../../tools/plan/needs";
import { policyAnchor, toMarkdown } from "../../../tools/plan/markdown";
import { Evaluate, runPlan } from "../../../tools/plan/plan";
import { computeReachability } from "../../../tools/plan/reachability";
import { planDocumentSchema, SCHEMA_VERSION, stackReportSchema } from "../../../tools/plan/report";
import { colourWanted, Progress } from "../../../tools/plan/terminal";
import { policies } from "../../../policy-pack/policies";
import { getEvaluatedStack, StackName } from "../../support/evaluated-stacks";
import { getExistingFoundationDev, NETWORK } from "../../support/foundation-variants";
import { evaluateVariant } from "../../support/variants";
import { byName, withPatched } from "./mutations";
import { scratchDirs } from "../../support/scratch-dirs";

const REPO = path.resolve(__dirname, "..", "..", "..");
const cached: Evaluate = (stack, preview) => getEvaluatedStack(stack as StackName, preview);
const ALLOWED = { "ecs-platform:edge": { mode: "publicAlb", allowedCidrs: ["203.0.113.0/24"] } };

async function devWithPublicIp() {
    const dev = await getEvaluatedStack("dev");
    const service = byName(dev, "bff-service");
    return withPatched(dev, "bff-service", {
        networkConfiguration: { ...(service.inputs.networkConfiguration as object), assignPublicIp: true },
    });
}

describe("plan: the PR review page and a new user's rough edges", function () {
    const scratch = scratchDirs("plan-review-");
    const tempDir = () => scratch.make();
    this.timeout(30_000);

    describe("plan/<stack>.md", () => {
        it("carries, in order: verdict, policy findings, warnings, limits, resources, reachability, diagram, cost", async () => {
            const plan = buildStackPlan(await getEvaluatedStack("dev"));
            const md = toMarkdown(plan.report, { mermaid: plan.mermaid });
            const order = [
                "## ecs-platform `dev`: ✅ clean (exit 0)",
                "**Verdict: clean.**",
                "### Policy findings: 0 mandatory, ",
                "### Warnings",
                "bootstrap mode",
                "### AWS limits: 0 error(s), 0 warning(s)",
                "<details>\n<summary>Resources: ",
                "### Reachability: ok",
                "### Diagram\n\n```mermaid\nflowchart LR",
                "### Monthly cost estimate",
            ];
            const at = order.map((s) => md.indexOf(s));
            assert.ok(
                at.every((i) => i >= 0),
                order.filter((_, i) => at[i] < 0).join(" | "),
            );
            assert.deepStrictEqual(
                [...at].sort((a, b) => a - b),
                at,
            );
            assert.doesNotMatch(md, /Changes against the base/, "no diff section without a base");
        });

        it("a blocked stack says why, and each finding links to its policy's entry with the remediation", async () => {
            const plan = buildStackPlan(await devWithPublicIp());
            const md = toMarkdown(plan.report, { mermaid: plan.mermaid, policyDocsUrl: "https://x/docs/policies.md" });
            assert.match(md, /## ecs-platform `dev`: ❌ blocked \(exit 1\)/);
            assert.match(md, /- 1 mandatory policy violation\(s\)/);
            const remediation = policies.find((p) => p.metadata.name === "ecs-service-no-public-ip")!.metadata
                .remediationSteps;
            const row = md.split("\n").find((l) => l.includes("[`ecs-service-no-public-ip`]"))!;
            assert.ok(row.startsWith("| **mandatory**"), row);
            assert.ok(row.includes("(https://x/docs/policies.md#policy-ecs-service-no-public-ip)"), row);
            assert.ok(row.includes(remediation.split("`")[0].trim().slice(0, 30)), row);
        });

        it("every policy has the anchor the links use in docs/policies.md", () => {
            const docs = fs.readFileSync(path.join(REPO, "docs/policies.md"), "utf8");
            for (const p of policies)
                assert.ok(docs.includes(`<a id="${policyAnchor(p.metadata.name)}"></a>`), p.metadata.name);
            assert.ok(!docs.includes(`<a id="${policyAnchor("no-such-policy")}"></a>`));
        });

        it("renders a report's diff right after the verdict, before the policy findings", async () => {
            const plan = buildStackPlan(await getEvaluatedStack("dev"));
            const report = {
                ...plan.report,
                diff: { base: { ref: "origin/main", status: "failed" as const, error: "no such ref" } },
            };
            const md = toMarkdown(report);
            assert.ok(md.includes("### Changes against `origin/main`"), md.slice(0, 400));
            assert.ok(md.indexOf("### Changes against") > md.indexOf("**Verdict"));
            assert.ok(md.indexOf("### Changes against") < md.indexOf("### Policy findings"));
            assert.match(md, /The base did not evaluate, so there is nothing to compare: no such ref/);
            assert.ok(!toMarkdown(plan.report).includes("### Changes against"), "no diff, no section");
        });

        it("escapes cells: a pipe or a tag in a message cannot break the table", () => {
            const report = stackReportSchema.parse({
                schemaVersion: SCHEMA_VERSION,
                project: "ecs-platform",
                stack: "dev",
                preview: false,
                exitCode: 2,
                reasons: ["stack dev: invalid configuration"],
                error: {
                    stack: "dev",
                    kind: "config",
                    message: "stack dev: invalid configuration",
                    causes: [{ key: "ecs-platform:bff.cpu", message: "a | b <script>x</script>" }],
                },
            });
            const md = toMarkdown(report);
            assert.match(md, /did not evaluate \(exit 2\)/);
            assert.match(md, /a \\\| b &lt;script&gt;x&lt;\/script&gt;/);
            assert.doesNotMatch(md, /<script>/);
        });
    });

    describe("reachability behind the origin-verify header", () => {
        it("an allowed CIDR reaches the ALB but the listener refuses it: refused, a warning, never ok", async () => {
            const plan = buildStackPlan(await evaluateVariant({ stack: "dev", configOverrides: ALLOWED }));
            const r = plan.report.reachability!;
            const path_ = r.required.find((p) => p.from === "cidr:203.0.113.0/24")!;
            assert.strictEqual(path_.status, "refused");
            assert.match(path_.detail!, /X-Origin-Verify header, which only CloudFront adds/);
            assert.strictEqual(r.required.find((p) => p.from === "cloudfront")?.status, "ok");
            assert.ok(r.findings.some((f) => f.code === "refused-by-listener" && f.severity === "warning"));
            assert.strictEqual(r.verdict, "warnings");
            assert.match(r.matrix["cidr:203.0.113.0/24"].alb, /\(listener refuses\)/);
            assert.match(toMarkdown(plan.report), /⛔ refused/);
        });

        it("without CloudFront the same CIDR is served: no header gate, the path is ok (look-alike)", async () => {
            const direct = { "ecs-platform:edge": { mode: "cidrOnly", allowedCidrs: ["203.0.113.0/24"] } };
            const evaluated = await evaluateVariant({ stack: "dev", configOverrides: direct });
            assert.strictEqual(headerGate(new PlanGraph(evaluated)), undefined);
            const r = computeReachability(new PlanGraph(evaluated));
            assert.strictEqual(r.required.find((p) => p.from === "cidr:203.0.113.0/24")?.status, "ok");
        });

        it("finds the gate only when CloudFront adds the header the forwarding rule requires", async () => {
            const dev = await getEvaluatedStack("dev");
            assert.strictEqual(headerGate(new PlanGraph(dev)), "X-Origin-Verify");
            const distribution = dev.resources.find((x) => x.type.startsWith("aws:cloudfront/distribution"))!;
            const origins = (distribution.inputs.origins as Record<string, unknown>[]).map((o) => ({
                ...o,
                customHeaders: [],
            }));
            const noHeader = withPatched(dev, distribution.name, { origins });
            assert.strictEqual(headerGate(new PlanGraph(noHeader)), undefined);
        });
    });

    describe("the diagram of an existing network", () => {
        it("puts the components inside the VPC box, labelled with the configured CIDR", async () => {
            const g = new PlanGraph(await getExistingFoundationDev());
            const model = diagramModel(g, computeReachability(g));
            const vpc = model.clusters.find((c) => c.id === "vpc")!;
            assert.strictEqual(vpc.label, `VPC ${NETWORK.vpcCidr} (existing network)`);
            const inside = vpc.children.flatMap((c) => c.nodes.map((n) => n.id));
            for (const id of ["alb", "bff", "agentcore", "rds", "endpoints"]) assert.ok(inside.includes(id), id);
            const internetSide = model.clusters.find((c) => c.id === "outside")!.nodes.map((n) => n.id);
            assert.deepStrictEqual(internetSide.sort(), ["cloudfront", "internet"]);
            assert.match(toMermaid(model), /subgraph vpc\["VPC 10\.0\.0\.0\/16 \(existing network\)"\]/);
        });

        it("a created network keeps its subnet CIDRs per tier (look-alike)", async () => {
            const g = new PlanGraph(await getEvaluatedStack("dev"));
            const vpc = diagramModel(g, computeReachability(g)).clusters.find((c) => c.id === "vpc")!;
            assert.match(vpc.label, /^VPC 10\.0\.0\.0\/16 \(no NAT\)$/);
            assert.ok(vpc.children.some((c) => /App subnets\\n10\.0\.11\.0\/24/.test(c.label)));
        });
    });

    describe("stacks from Pulumi.<name>.yaml", () => {
        it("discovers every stack file, promotion order first, and plans a new one", () => {
            const dir = tempDir();
            for (const f of [
                "Pulumi.yaml",
                "Pulumi.prod.yaml",
                "Pulumi.staging.yaml",
                "Pulumi.dev.yml",
                "Pulumi.test.yaml",
                "notes.yaml",
            ])
                fs.writeFileSync(path.join(dir, f), "");
            assert.deepStrictEqual(discoverStacks(dir), ["dev", "test", "prod", "staging"]);
            assert.deepStrictEqual(discoverStacks(REPO).slice(0, 3), ["dev", "test", "prod"]);
            const available = discoverStacks(dir);
            assert.deepStrictEqual(parseArgs(["--stack", "staging"], available).stacks, ["staging"]);
            assert.deepStrictEqual(parseArgs([], available).stacks, available);
            assert.throws(() => parseArgs(["--stack", "qa"], available), /no Pulumi\.qa\.yaml/);
            assert.throws(() => parseArgs(["--stack", "staging"], ["dev"]), UsageError);
        });
    });

    describe("rough edges", () => {
        it("a failed run rewrites the .md and removes the stale .svg of a previous clean run", async () => {
            const outDir = tempDir();
            await runPlan({ stacks: ["dev"], evaluate: cached, outDir });
            assert.match(fs.readFileSync(path.join(outDir, "dev.md"), "utf8"), /clean/);
            assert.ok(fs.existsSync(path.join(outDir, "dev.svg")));
            const failing: Evaluate = async () => {
                throw new Error("boom");
            };
            const result = await runPlan({ stacks: ["dev"], evaluate: failing, outDir });
            const md = fs.readFileSync(path.join(outDir, "dev.md"), "utf8");
            assert.match(md, /did not evaluate \(exit 2\)/);
            assert.doesNotMatch(md, /clean/);
            assert.ok(!fs.existsSync(path.join(outDir, "dev.svg")), "the stale diagram is gone");
            assert.deepStrictEqual(
                result.files.map((f) => path.basename(f)),
                ["dev.json", "dev.md"],
            );
        });

        it("a stack that plans with exit 1 gets a cross, not a tick", async () => {
            const marks: string[] = [];
            const progress: Progress = {
                step: () => {},
                done: (s, m) => marks.push(`✓ ${s} ${m}`),
                fail: (s, m) => marks.push(`✗ ${s} ${m}`),
            };
            const mutated = await devWithPublicIp();
            await runPlan({ stacks: ["dev"], evaluate: async () => mutated, progress });
            await runPlan({ stacks: ["test"], evaluate: cached, progress });
            assert.deepStrictEqual(marks, ["✗ dev exit 1: 1 mandatory policy violation(s)", "✓ test clean"]);
        });

        it("FORCE_COLOR forces colour (over NO_COLOR, as Node does) and FORCE_COLOR=0 turns it off", () => {
            assert.strictEqual(colourWanted({ isTTY: false }, { FORCE_COLOR: "1" }), true);
            assert.strictEqual(colourWanted({ isTTY: false }, { FORCE_COLOR: "" }), true);
            assert.strictEqual(colourWanted({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" }), true);
            assert.strictEqual(colourWanted({ isTTY: true }, { FORCE_COLOR: "0" }), false);
            assert.strictEqual(colourWanted({ isTTY: true }, { FORCE_COLOR: "false" }), false);
            assert.strictEqual(colourWanted({ isTTY: true }, {}), true);
        });

        it("CLI: errors on stderr without --json, --json-out writes clean JSON, FORCE_COLOR colours a pipe", () => {
            const out = tempDir();
            const jsonOut = path.join(out, "nested", "plan.json");
            const run = spawnSync(
                process.execPath,
                ["-r", "ts-node/register", "tools/plan/cli.ts", "--stack", "dev", "--out", out, "--json-out", jsonOut],
                {
                    cwd: REPO,
                    env: {
                        ...process.env,
                        NO_COLOR: "",
                        FORCE_COLOR: "1",
                        ECS_PLATFORM_PLAN_OVERRIDES: JSON.stringify(
                            servicesOverride("dev", { bff: { cpu: 300, memory: 1024 } }),
                        ),
                    },
                    encoding: "utf8",
                },
            );
            assert.strictEqual(run.status, 2, run.stderr);
            assert.match(run.stderr, /stack dev: invalid configuration/);
            assert.match(run.stderr, /ecs-platform:services\.bff\.cpu: 300/);
            assert.match(run.stderr, /\u001b\[31m✗\u001b\[39m/, "a red cross, coloured although stderr is a pipe");
            const doc = planDocumentSchema.parse(JSON.parse(fs.readFileSync(jsonOut, "utf8")));
            assert.strictEqual(doc.exitCode, 2);
        });
    });
});
