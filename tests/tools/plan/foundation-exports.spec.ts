/**
 * `stackReference` mode planned offline: the consumer's foundation comes from the exports of the
 * stack it names, read from a file given with `--foundation-exports` (the plan's own report of
 * that stack, or `pulumi stack output --json`), and a missing one is one line naming the key, the
 * reference and the flag, before the program runs.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../../../tools/plan/args";
import {
    exportsFor,
    FoundationExportsError,
    inheritedSpecs,
    readFoundationExports,
    resolveReferences,
} from "../../../tools/plan/foundation-exports";
import { Evaluate, runPlan } from "../../../tools/plan/plan";
import { AWS_TYPE } from "../../../policy-pack/lib/aws-types";
import { getEvaluatedStack, STACKS, StackName } from "../../support/evaluated-stacks";

const cached: Evaluate = (stack, preview) => getEvaluatedStack(stack as StackName, preview);
const DEV = "acme/ecs-platform/dev";
const PARTS = ["network", "storage", "parameters", "database"] as const;
const onDev: Record<string, unknown> = Object.fromEntries(
    PARTS.map((p) => [`ecs-platform:${p}`, { mode: "stackReference", stackReference: DEV }]),
);
const rawConfig = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)]));

describe("plan: stackReference mode from --foundation-exports", function () {
    this.timeout(120_000);
    let dir: string;
    const file = (name: string, content: unknown) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, JSON.stringify(content));
        return f;
    };
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-exports-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("the flag repeats and takes NAME=FILE", () => {
        const o = parseArgs(
            ["--stack", "dev", "--foundation-exports", "a.json", "--foundation-exports=x/y/z=b.json"],
            ["dev"],
        );
        assert.deepStrictEqual(o.foundationExports, ["a.json", "x/y/z=b.json"]);
        assert.deepStrictEqual(parseArgs(["--stack", "dev"], ["dev"]).foundationExports, []);
    });

    it("reads the three shapes: a plan report (any org), NAME=outputs, a map by reference; a bare file is the fallback", () => {
        const report = file("dev.json", {
            schemaVersion: 2,
            project: "ecs-platform",
            stack: "dev",
            graph: { outputs: { vpcId: "vpc-1" } },
        });
        const named = file("params.json", { kmsKeyArn: "arn:k" });
        const map = file("map.json", { "acme/other/prod": { vpcId: "vpc-3" } });
        const bare = file("bare.json", { vpcId: "vpc-9" });
        const e = readFoundationExports([report, `acme/params/dev=${named}`, map]);
        assert.deepStrictEqual(exportsFor(e, "whoever/ecs-platform/dev"), { vpcId: "vpc-1" });
        assert.deepStrictEqual(exportsFor(e, "acme/params/dev"), { kmsKeyArn: "arn:k" });
        assert.deepStrictEqual(exportsFor(e, "acme/other/prod"), { vpcId: "vpc-3" });
        assert.strictEqual(exportsFor(e, "acme/ecs-platform/test"), undefined, "a look-alike stack name is not dev");
        assert.deepStrictEqual(exportsFor(readFoundationExports([bare]), "any/thing/else"), { vpcId: "vpc-9" });
    });

    it("a missing reference is one line: the key, the reference, the flag", () => {
        const config = rawConfig(onDev);
        for (const exports of [undefined, readFoundationExports([file("other.json", { "acme/x/y": {} })])]) {
            assert.throws(
                () => resolveReferences(config, "test", exports),
                (e: unknown) => {
                    assert.ok(e instanceof FoundationExportsError);
                    assert.strictEqual(e.key, "ecs-platform:network.stackReference");
                    assert.doesNotMatch(e.message, /\n/);
                    assert.match(e.message, /^ecs-platform:network\.stackReference: "acme\/ecs-platform\/dev" /);
                    assert.match(e.message, /npm run plan -- --stack test --foundation-exports <file>/);
                    return true;
                },
            );
        }
        assert.deepStrictEqual(resolveReferences(rawConfig({}), "dev", undefined), {}, "create mode needs none");
    });

    it("an unreadable or non-JSON file names the flag and the file", () => {
        assert.throws(
            () => readFoundationExports([path.join(dir, "nope.json")]),
            /--foundation-exports .*nope\.json: cannot read/,
        );
        fs.writeFileSync(path.join(dir, "bad.json"), "{");
        assert.throws(() => readFoundationExports([path.join(dir, "bad.json")]), /bad\.json: not JSON/);
    });

    it("the specs are handed on, absolute, to a --diff base (the environment its child inherits)", () => {
        const env: NodeJS.ProcessEnv = {};
        const specs = inheritedSpecs(["plan/dev.json", "acme/net/prod=out.json"], env);
        assert.deepStrictEqual(specs, [path.resolve("plan/dev.json"), `acme/net/prod=${path.resolve("out.json")}`]);
        assert.deepStrictEqual(JSON.parse(env.ECS_PLATFORM_PLAN_FOUNDATION_EXPORTS ?? "[]"), specs);
        // The base's own CLI, given no flag, reads them back.
        assert.deepStrictEqual(inheritedSpecs([], env), specs);
        assert.deepStrictEqual(inheritedSpecs([], {}), [], "nothing given, nothing inherited");
    });

    describe("end to end: test planned on the file the plan writes for dev", () => {
        let devVpc: string;
        let exportsFile: string;
        before(async () => {
            for (const s of STACKS) await getEvaluatedStack(s);
            const out = path.join(dir, "plan");
            await runPlan({ stacks: ["dev"], evaluate: cached, outDir: out, svg: false, tfplan: false });
            exportsFile = path.join(out, "dev.json");
            devVpc = (await getEvaluatedStack("dev")).outputs.vpcId as string;
        });

        it("plans clean, in dev's VPC, creating no foundation of its own", async () => {
            const result = await runPlan({
                stacks: ["test"],
                configOverrides: onDev,
                foundationExports: readFoundationExports([exportsFile]),
            });
            assert.deepStrictEqual([result.exitCode, result.reports[0].reasons], [0, []]);
            const resources = result.stacks[0].report.graph!.resources;
            assert.strictEqual(resources.filter((r) => r.type === AWS_TYPE.ec2.Vpc).length, 0);
            const groups = resources.filter((r) => r.type === AWS_TYPE.ec2.SecurityGroup);
            assert.ok(groups.length > 0);
            for (const g of groups) assert.strictEqual((g.inputs as { vpcId?: string }).vpcId, devVpc, g.name);
        });

        it("through the CLI: --foundation-exports <dev's plan file> plans test clean", () => {
            // One CLI run (a fresh process costs seconds); the missing case is runPlan's, below.
            const cli = (...extra: string[]) =>
                spawnSync(
                    process.execPath,
                    ["-r", "ts-node/register", "tools/plan/cli.ts", "--stack", "test", "--json", ...extra],
                    {
                        cwd: path.resolve(__dirname, "..", "..", ".."),
                        encoding: "utf8",
                        env: {
                            ...process.env,
                            NO_COLOR: "1",
                            ECS_PLATFORM_PLAN_OVERRIDES: JSON.stringify(onDev),
                            ECS_PLATFORM_PLAN_FOUNDATION_EXPORTS: "",
                        },
                    },
                );
            const ok = cli("--foundation-exports", exportsFile, "--out", path.join(dir, "cli-out"), "--no-tfplan");
            assert.strictEqual(ok.status, 0, ok.stderr);
            const report = JSON.parse(ok.stdout) as {
                stacks: { exitCode: number; graph?: { resourceCount: number } }[];
            };
            assert.strictEqual(report.stacks[0].exitCode, 0);
            assert.ok((report.stacks[0].graph?.resourceCount ?? 0) > 50);
        });

        it("without the exports: exit 2, a config error with the key, no error chain", async () => {
            const result = await runPlan({ stacks: ["test"], configOverrides: onDev });
            const error = result.reports[0].error!;
            assert.strictEqual(result.exitCode, 2);
            assert.strictEqual(error.kind, "config");
            assert.strictEqual(error.causes.length, 1);
            assert.strictEqual(error.causes[0].key, "ecs-platform:network.stackReference");
            assert.doesNotMatch(error.causes[0].message, /error serializing|\n/);
            assert.match(error.causes[0].message, /--foundation-exports/);
        });
    });
});
