import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { discoverStacks, parseArgs, UsageError } from "../../../tools/plan/args";
import { Evaluate, runPlan } from "../../../tools/plan/plan";
import { planDocumentSchema } from "../../../tools/plan/report";
import { colourWanted, makeStyle, stripAnsi } from "../../../tools/plan/terminal";
import { getEvaluatedStack, StackName } from "../../support/evaluated-stacks";
import { byName, withPatched } from "./mutations";
import { servicesOverride } from "../../support/variants";
import { scratchDirs } from "../../support/scratch-dirs";

const REPO = path.resolve(__dirname, "..", "..", "..");
const cached: Evaluate = (stack, preview) => getEvaluatedStack(stack as StackName, preview);
const ALL_STACKS = discoverStacks();
const BROKEN_BFF = servicesOverride("dev", { bff: { cpu: 300, memory: 1024 } });

async function devWithPublicIp() {
    const dev = await getEvaluatedStack("dev");
    const service = byName(dev, "bff-service");
    return withPatched(dev, "bff-service", {
        networkConfiguration: { ...(service.inputs.networkConfiguration as object), assignPublicIp: true },
    });
}

describe("plan: runPlan and the CLI", () => {
    const scratch = scratchDirs("plan-test-");
    const tempDir = () => scratch.make();
    describe("exit codes", () => {
        it("0 when every stack is clean, with one valid document for all of them", async () => {
            const result = await runPlan({ stacks: [...ALL_STACKS], evaluate: cached });
            assert.deepStrictEqual(
                result.reports.map((r) => [r.stack, r.exitCode, r.reasons]),
                ALL_STACKS.map((s) => [s, 0, []]),
            );
            assert.strictEqual(result.exitCode, 0);
            planDocumentSchema.parse(JSON.parse(JSON.stringify(result.document)));
            assert.deepStrictEqual(
                result.document.costTotals.map((t) => t.stack),
                [...ALL_STACKS],
            );
            assert.match(result.text, /Plan clean: exit 0/);
            assert.match(result.text, /Monthly cost by stack/);
        });

        it("1 on a mandatory policy violation, and the stack's policy config decides the level", async () => {
            const mutated = await devWithPublicIp();
            const evaluate: Evaluate = async () => mutated;
            const failing = await runPlan({ stacks: ["dev"], evaluate });
            assert.strictEqual(failing.exitCode, 1);
            const report = failing.reports[0];
            assert.deepStrictEqual(report.reasons, ["1 mandatory policy violation(s)"]);
            const v = report.policies!.violations.find((x) => x.policyName === "ecs-service-no-public-ip")!;
            assert.strictEqual(v.enforcementLevel, "mandatory");
            assert.strictEqual(v.resourceName, "bff-service");
            assert.match(failing.text, /mandatory \/ critical\n\s+ecs-service-no-public-ip bff-service/);

            const dir = tempDir();
            fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify({ "ecs-service-no-public-ip": "advisory" }));
            const relaxed = await runPlan({ stacks: ["dev"], evaluate, policyConfigDir: dir });
            assert.strictEqual(relaxed.exitCode, 0);
            assert.strictEqual(relaxed.reports[0].policies!.advisory >= 1, true);
        });

        it("2 on bad config, naming the stack, the key and the cause; other stacks still plan", async () => {
            const evaluate: Evaluate = async (stack, preview, overrides) => {
                if (stack === "dev") {
                    const { evaluateStack } = await import("../../../offline/evaluate");
                    return evaluateStack({ stack, preview, configOverrides: overrides });
                }
                return cached(stack, preview);
            };
            const result = await runPlan({ stacks: ["dev", "test"], evaluate, configOverrides: BROKEN_BFF });
            assert.strictEqual(result.exitCode, 2);
            const [dev, test] = result.reports;
            assert.strictEqual(dev.exitCode, 2);
            assert.strictEqual(dev.error!.kind, "config");
            assert.strictEqual(dev.error!.stack, "dev");
            const cause = dev.error!.causes.find((c) => c.key === "ecs-platform:services.bff.cpu");
            assert.ok(cause, JSON.stringify(dev.error));
            assert.match(cause!.message, /not a Fargate cpu value; allowed: 256, 512/);
            assert.strictEqual(test.exitCode, 0);
            assert.match(result.text, /stack dev: invalid configuration\n\s+ecs-platform:services\.bff\.cpu: /);
            planDocumentSchema.parse(JSON.parse(JSON.stringify(result.document)));
        });

        it("2 on a program exception, with its message", async () => {
            const evaluate: Evaluate = async (stack) => {
                throw Object.assign(new Error(`stack "${stack}": boom`), {
                    name: "EvaluationError",
                    causes: [new Error("Network: vpc cidr must be between /16 and /18")],
                });
            };
            const result = await runPlan({ stacks: ["prod"], evaluate });
            assert.strictEqual(result.exitCode, 2);
            assert.deepStrictEqual(result.reports[0].error, {
                stack: "prod",
                kind: "program",
                message: "stack prod: the program failed",
                causes: [{ message: "Network: vpc cidr must be between /16 and /18" }],
            });
        });
    });

    it("writes <stack>.tfplan.json as Terraform plan JSON, and --no-tfplan (tfplan: false) skips it", async () => {
        const outDir = tempDir();
        await runPlan({ stacks: ["dev"], evaluate: cached, outDir });
        const tf = JSON.parse(fs.readFileSync(path.join(outDir, "dev.tfplan.json"), "utf8"));
        assert.match(tf.format_version, /^\d+\.\d+$/);
        assert.ok(tf.planned_values.root_module.resources.some((r: { type: string }) => r.type === "aws_ecs_service"));
        const skipped = tempDir();
        const result = await runPlan({ stacks: ["dev"], evaluate: cached, outDir: skipped, tfplan: false });
        assert.deepStrictEqual(
            result.files.map((f) => path.basename(f)),
            ["dev.json", "dev.md", "dev.svg"],
        );
        assert.strictEqual(fs.existsSync(path.join(skipped, "dev.tfplan.json")), false);
    });

    it("writes <stack>.json, a Mermaid <stack>.md and a Graphviz <stack>.svg", async () => {
        const outDir = tempDir();
        const result = await runPlan({ stacks: ["dev"], evaluate: cached, outDir });
        assert.deepStrictEqual(
            result.files.map((f) => path.basename(f)),
            ["dev.tfplan.json", "dev.json", "dev.md", "dev.svg"],
        );
        const doc = JSON.parse(fs.readFileSync(path.join(outDir, "dev.json"), "utf8"));
        assert.strictEqual(doc.stack, "dev");
        const md = fs.readFileSync(path.join(outDir, "dev.md"), "utf8");
        assert.match(md, /```mermaid\nflowchart LR\n/);
        assert.match(md, /subgraph tier_app\["App subnets<br\/>10\.0\.11\.0\/24 · 10\.0\.12\.0\/24"\]/);
        assert.match(md, /alb -->\|"tcp 3000"\| bff/);
        assert.match(md, /agentcore -.->\|"registers"\| cloudmap/);
        const svg = fs.readFileSync(path.join(outDir, "dev.svg"), "utf8");
        assert.match(svg, /<svg[\s\S]*<\/svg>\s*$/);
        for (const text of [
            "ALB",
            "BFF",
            "AgentCore",
            "RDS",
            "tcp 8080",
            "tcp 5432",
            "agentcore.local",
            "10.0.21.0/24",
        ]) {
            assert.ok(svg.includes(text), `the SVG shows ${text}`);
        }
    });

    describe("the CLI", () => {
        const cli = (args: string[], env: Record<string, string> = {}) =>
            spawnSync(process.execPath, ["-r", "ts-node/register", "tools/plan/cli.ts", ...args], {
                cwd: REPO,
                env: { ...process.env, NO_COLOR: "1", ...env },
                encoding: "utf8",
            });

        it("--json with a broken config override: one JSON document on stdout, the cause on stderr, exit 2", () => {
            const run = cli(["--stack", "dev", "--json", "--out", tempDir()], {
                ECS_PLATFORM_PLAN_OVERRIDES: JSON.stringify(BROKEN_BFF),
            });
            assert.strictEqual(run.status, 2, run.stderr);
            const doc = planDocumentSchema.parse(JSON.parse(run.stdout));
            assert.strictEqual(
                doc.stacks[0].error?.causes.some((c) => c.key === "ecs-platform:services.bff.cpu"),
                true,
            );
            assert.match(run.stderr, /stack dev: invalid configuration\n\s+ecs-platform:services\.bff\.cpu: 300 /);
            assert.ok(!/\u001b\[/.test(run.stderr + run.stdout), "no colours with NO_COLOR / without a TTY");
        });

        it("rejects unknown arguments with the usage and exit 2", () => {
            const run = cli(["--stack", "staging"]);
            assert.strictEqual(run.status, 2);
            assert.match(run.stderr, /unknown stack "staging"/);
            assert.match(run.stderr, /Usage: npm run plan/);
        });
    });

    describe("arguments and terminal", () => {
        it("parses stacks, out, json and preview", () => {
            assert.deepStrictEqual(parseArgs([]), {
                stacks: ["dev", "test", "prod"],
                outDir: "plan",
                json: false,
                preview: false,
                help: false,
                tfplan: true,
                foundationExports: [],
            });
            assert.deepStrictEqual(parseArgs(["--stack", "prod", "--out=x", "--json", "--preview", "--no-tfplan"]), {
                stacks: ["prod"],
                outDir: "x",
                json: true,
                preview: true,
                help: false,
                tfplan: false,
                foundationExports: [],
            });
            assert.deepStrictEqual(parseArgs(["--stack", "test,dev", "--stack", "all"]).stacks, [
                "test",
                "dev",
                "prod",
            ]);
            assert.throws(() => parseArgs(["--out"]), UsageError);
            assert.throws(() => parseArgs(["--colour"]), UsageError);
        });

        it("colours only a TTY without NO_COLOR", () => {
            assert.strictEqual(colourWanted({ isTTY: true }, {}), true);
            assert.strictEqual(colourWanted({ isTTY: false }, {}), false);
            assert.strictEqual(colourWanted({ isTTY: true }, { NO_COLOR: "1" }), false);
            assert.strictEqual(makeStyle(false).red("x"), "x");
            assert.strictEqual(stripAnsi(makeStyle(true).red("x")), "x");
            assert.notStrictEqual(makeStyle(true).red("x"), "x");
        });
    });
});
