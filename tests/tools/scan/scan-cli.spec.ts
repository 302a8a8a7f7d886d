/**
 * `npm run scan:checkov` (tools/scan/checkov.ts) as CI runs it after the plan: it puts Checkov's
 * counts on the "Outside judge" line of each page the PR comment posts, records them against the
 * export's SHA-256, and a stack without an export (it failed to evaluate) still leaves the others
 * scanned while the run exits 2. The real CLI in a child process, the pinned Checkov.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../offline/evaluate";
import { toTerraformPlan } from "../../../tools/plan/tfplan/export";
import { checkovLine, CheckovSummary, sha256 } from "../../../tools/plan/tfplan/checkov-summary";
import { checkovBinary } from "../../../tools/scan/run-checkov";
import { getEvaluatedStack } from "../../support/evaluated-stacks";

describe("npm run scan:checkov", function () {
    this.timeout(120_000);
    let dir: string;
    let run: ReturnType<typeof spawnSync>;
    let exportText: string;
    const page = (verdict: string) =>
        ["## ecs-platform `dev`", "", verdict, "", checkovLine(undefined, true), ""].join("\n");

    before(async () => {
        const binary = checkovBinary();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-scan-"));
        exportText = `${JSON.stringify(toTerraformPlan(await getEvaluatedStack("dev")), null, 2)}\n`;
        fs.writeFileSync(path.join(dir, "dev.tfplan.json"), exportText);
        fs.writeFileSync(path.join(dir, "dev.md"), page("**Verdict: clean.**"));
        // test has a page but no export, as after a failed evaluation.
        fs.writeFileSync(path.join(dir, "test.md"), page("**Verdict: error.**"));
        run = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "tools/scan/checkov.ts", "--out", dir, "--stack", "dev,test"],
            { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CHECKOV_BIN: binary } },
        );
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 2 naming the stack without an export, and scans the one with an export", () => {
        assert.strictEqual(run.status, 2, String(run.stderr));
        assert.match(String(run.stderr), /no export for test in /);
        assert.match(
            String(run.stdout),
            /^checkov 3\.3\.30 dev: \d+ passed, \d+ failed \(\d+ baselined, 0 new\), 0 skipped$/m,
        );
    });

    it("records the counts against the SHA-256 of the export it scanned", () => {
        const summary = JSON.parse(fs.readFileSync(path.join(dir, "dev.checkov.json"), "utf8")) as CheckovSummary;
        assert.strictEqual(summary.exportSha256, sha256(exportText));
        assert.strictEqual(summary.checkovVersion, "3.3.30");
        assert.ok(summary.passed > 200, `${summary.passed} passed`);
        assert.strictEqual(summary.baselined, summary.failed);
        assert.deepStrictEqual(summary.newFindings, []);
        assert.strictEqual(fs.existsSync(path.join(dir, "test.checkov.json")), false);
    });

    it("replaces the Outside judge line of the scanned page only, right under its verdict", () => {
        const summary = JSON.parse(fs.readFileSync(path.join(dir, "dev.checkov.json"), "utf8")) as CheckovSummary;
        const dev = fs.readFileSync(path.join(dir, "dev.md"), "utf8");
        assert.strictEqual(
            dev,
            page("**Verdict: clean.**").replace(checkovLine(undefined, true), checkovLine(summary, true)),
        );
        assert.match(
            dev,
            new RegExp(
                `\\*\\*Verdict: clean\\.\\*\\*\\n\\n\\*\\*Outside judge: Checkov\\*\\* 3\\.3\\.30 .* ${summary.passed} passed`,
            ),
        );
        assert.strictEqual(fs.readFileSync(path.join(dir, "test.md"), "utf8"), page("**Verdict: error.**"));
    });
});
