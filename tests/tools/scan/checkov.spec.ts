/**
 * An outside judge reads our export as we mean it: Checkov (the pinned version, installed by
 * tools/scan/install-checkov.sh when CHECKOV_BIN is unset) on small generated stacks with one
 * known-bad setting each must flag exactly the checks of that setting, and the committed stacks
 * must pass those same checks; so a mapping mistake (a renamed attribute, a policy left an
 * object) cannot silently turn checks into passes. One Checkov process scans every file.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EvaluatedStack } from "../../../offline/evaluate";
import { toTerraformPlan } from "../../../tools/plan/tfplan/export";
import { classify, readBaseline, staleEntries } from "../../../tools/scan/checkov-baseline";
import { checkovBinary, CheckovRun, FileReport, runCheckov } from "../../../tools/scan/run-checkov";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";
import { SCANNER_CASES } from "../../support/scanner-cases";
import { evaluateVariant } from "../../support/variants";

const ids = (list: readonly { check_id: string }[]) => new Set(list.map((c) => c.check_id));
const sorted = (s: Iterable<string>) => [...s].sort();

describe("Checkov on the Terraform-plan export", function () {
    this.timeout(240_000);
    let dir: string;
    let run: CheckovRun;
    const stacks = new Map<string, EvaluatedStack>();
    const report = (file: string): FileReport => run.files.get(path.join(dir, file))!;

    before(async () => {
        const binary = checkovBinary();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-checkov-"));
        const files: string[] = [];
        const write = (file: string, stack: EvaluatedStack) => {
            fs.writeFileSync(path.join(dir, file), JSON.stringify(toTerraformPlan(stack)));
            files.push(path.join(dir, file));
        };
        for (const [i, c] of SCANNER_CASES.entries()) {
            for (const bad of [false, true]) {
                write(
                    `case-${i}-${bad ? "bad" : "good"}.tfplan.json`,
                    await evaluateVariant({ stack: "dev", program: () => c.program(bad) }),
                );
            }
        }
        for (const name of STACKS) {
            const stack = await getEvaluatedStack(name);
            stacks.set(name, stack);
            write(`${name}.tfplan.json`, stack);
        }
        run = runCheckov(files, binary);
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("parses every file as a plan (no parsing error, every exported resource scanned)", () => {
        assert.deepStrictEqual(run.parsingErrors, []);
        for (const name of STACKS) {
            const r = report(`${name}.tfplan.json`);
            const scanned = new Set([...r.passed, ...r.failed].map((c) => c.resource.split(".")[0]));
            // The types a stack's checks cover: far more than a handful proves the types are read.
            assert.ok(scanned.size >= 25, `${name}: checks ran on only ${sorted(scanned).join(", ")}`);
        }
    });

    for (const [i, c] of SCANNER_CASES.entries()) {
        it(`${c.name}: Checkov flags exactly ${c.checks.join(", ") || "nothing (a Checkov gap)"}`, () => {
            const good = report(`case-${i}-good.tfplan.json`);
            const bad = report(`case-${i}-bad.tfplan.json`);
            const goodFailed = ids(good.failed);
            const added = sorted([...ids(bad.failed)].filter((id) => !goodFailed.has(id)));
            assert.deepStrictEqual(added, sorted(c.checks));
            // The good variant was judged by those checks (passed), not skipped for want of an attribute.
            const passed = ids(good.passed);
            for (const check of c.checks) assert.ok(passed.has(check), `${check} did not run on the good variant`);
            if (c.checkovGap !== undefined) assert.deepStrictEqual(sorted(ids(bad.failed)), sorted(goodFailed));
        });
    }

    it("the committed stacks pass the same checks (the log-delivery buckets' SSE-S3 alone excepted)", () => {
        const checks = new Set(SCANNER_CASES.flatMap((c) => c.checks));
        for (const name of STACKS) {
            const r = report(`${name}.tfplan.json`);
            const failed = r.failed.filter((f) => checks.has(f.check_id)).map((f) => `${f.check_id} ${f.resource}`);
            // ELB access logs and S3 server access logs are delivered only to SSE-S3 buckets
            // (components/server-access-logs.ts, components/edge-alb.ts cite AWS): exactly the
            // destinations the export names may fail CKV_AWS_145, and each one must.
            const plan = toTerraformPlan(stacks.get(name)!).planned_values.root_module.resources;
            const destinations = new Set<string>();
            for (const x of plan) {
                if (x.type === "aws_lb") {
                    destinations.add(String((x.values.access_logs as { bucket?: string }[])[0].bucket));
                }
                if (x.type === "aws_s3_bucket_logging") destinations.add(String(x.values.target_bucket));
            }
            const addresses = plan
                .filter((x) => x.type === "aws_s3_bucket" && destinations.has(String(x.values.bucket)))
                .map((x) => `CKV_AWS_145 ${x.address}`);
            assert.strictEqual(addresses.length, destinations.size, `${name}: a log destination is not in the export`);
            assert.ok(addresses.length >= 2, `${name}: expected the ALB and the server-access-log destinations`);
            assert.deepStrictEqual(sorted(failed), sorted(addresses));
            const passed = ids(r.passed);
            for (const check of [
                "CKV_AWS_24",
                "CKV_AWS_145",
                "CKV_AWS_17",
                "CKV_AWS_290",
                "CKV_AWS_336",
                "CKV_AWS_334",
            ]) {
                assert.ok(passed.has(check), `${name}: ${check} judged none of the stack's resources`);
            }
        }
    });

    it("the committed stacks: every failed check is accepted by the baseline with its reason, and no entry is stale", () => {
        const baseline = readBaseline();
        const used = new Set<(typeof baseline)[number]>();
        for (const name of STACKS) {
            const { baselined, fresh } = classify(name, report(`${name}.tfplan.json`).failed, baseline);
            baselined.forEach((b) => used.add(b.entry));
            assert.deepStrictEqual(
                fresh.map((f) => `${f.check_id} ${f.resource}: ${f.check_name}`),
                [],
                `${name}: fix these or add them to tools/scan/checkov-accepted.json with a reason`,
            );
        }
        assert.deepStrictEqual(
            staleEntries(baseline, used).map((e) => e.check),
            [],
        );
    });
});
