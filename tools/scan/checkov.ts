/**
 * `npm run scan:checkov [-- --out DIR] [--stack NAME ...]`: Checkov on the stacks' Terraform-plan
 * exports (`npm run plan` writes `DIR/<stack>.tfplan.json`; default DIR plan, every stack of a
 * Pulumi.<name>.yaml). Per stack it writes `DIR/<stack>.checkov.json` (Checkov's counts, keyed by
 * the SHA-256 of the export) and puts the counts on the Checkov line of `DIR/<stack>.md`.
 * Exit 1 when a failed check is not in tools/scan/checkov-accepted.json, or (on a scan of every
 * stack) an entry there accepted nothing; 2 when an export is missing (the others are still
 * scanned) or Checkov could not run.
 */
import * as fs from "fs";
import * as path from "path";
import { discoverStacks } from "../plan/args";
import { CheckovSummary, replaceCheckovLine, sha256, summaryPath, tfplanPath } from "../plan/tfplan/checkov-summary";
import { BaselineEntry, classify, readBaseline, staleEntries } from "./checkov-baseline";
import { runCheckov } from "./run-checkov";

function main(argv: readonly string[]): number {
    let outDir = "plan";
    const requested: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--out") outDir = argv[++i];
        else if (argv[i] === "--stack") requested.push(...argv[++i].split(","));
        else {
            process.stderr.write(`scan:checkov: unknown argument ${JSON.stringify(argv[i])}\n`);
            return 2;
        }
    }
    const all = discoverStacks();
    const wanted = requested.length > 0 ? requested : all;
    // A stack the plan could not export (it failed to evaluate) does not keep the others' pages
    // from getting their counts: those are scanned, and the run still exits 2.
    const missing = wanted.filter((s) => !fs.existsSync(tfplanPath(outDir, s)));
    const stacks = wanted.filter((s) => !missing.includes(s));
    if (missing.length > 0) {
        process.stderr.write(
            `scan:checkov: no export for ${missing.join(", ")} in ${outDir}/: run npm run plan first\n`,
        );
        if (stacks.length === 0) return 2;
    }
    const baseline = readBaseline();
    const texts = new Map(stacks.map((s) => [s, fs.readFileSync(tfplanPath(outDir, s), "utf8")]));
    const run = runCheckov(stacks.map((s) => tfplanPath(outDir, s)));
    if (run.parsingErrors.length > 0) {
        process.stderr.write(`scan:checkov: Checkov could not parse ${run.parsingErrors.join(", ")}\n`);
        return 2;
    }
    const used = new Set<BaselineEntry>();
    let fresh = 0;
    for (const stack of stacks) {
        const report = run.files.get(path.resolve(tfplanPath(outDir, stack)))!;
        const { baselined, fresh: news } = classify(stack, report.failed, baseline);
        baselined.forEach((b) => used.add(b.entry));
        fresh += news.length;
        const summary: CheckovSummary = {
            checkovVersion: run.version,
            exportSha256: sha256(texts.get(stack)!),
            passed: report.passed.length,
            failed: report.failed.length,
            skipped: report.skipped.length,
            baselined: baselined.length,
            newFindings: news.map((f) => ({ check: f.check_id, resource: f.resource, title: f.check_name })),
        };
        fs.writeFileSync(summaryPath(outDir, stack), `${JSON.stringify(summary, null, 2)}\n`);
        const md = path.join(outDir, `${stack}.md`);
        if (fs.existsSync(md)) fs.writeFileSync(md, replaceCheckovLine(fs.readFileSync(md, "utf8"), summary));
        process.stdout.write(
            `checkov ${run.version} ${stack}: ${summary.passed} passed, ${summary.failed} failed ` +
                `(${summary.baselined} baselined, ${news.length} new), ${summary.skipped} skipped\n`,
        );
        for (const f of news) process.stdout.write(`  NEW ${f.check_id} ${f.resource}: ${f.check_name}\n`);
    }
    const stale =
        stacks.length === all.length && all.every((s) => stacks.includes(s)) ? staleEntries(baseline, used) : [];
    for (const e of stale) {
        process.stdout.write(
            `  STALE baseline entry ${e.check} (${e.resourceTypes.join(", ")}): no stack fails it any more; remove it\n`,
        );
    }
    if (missing.length > 0) return 2;
    return fresh > 0 || stale.length > 0 ? 1 : 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (e) {
    process.stderr.write(`scan:checkov: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
}
