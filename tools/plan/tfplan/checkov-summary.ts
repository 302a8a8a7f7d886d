/**
 * Checkov's verdict on a stack's export, as the plan's Markdown shows it beside the pack's verdict.
 * `npm run scan:checkov` (tools/scan/checkov.ts) writes `plan/<stack>.checkov.json` with the
 * SHA-256 of the export it scanned; the plan shows those counts only while the export is the same
 * (a stale result never passes for the current stack), and "not run" otherwise: the plan never
 * needs Checkov.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export interface CheckovFinding {
    readonly check: string;
    readonly resource: string;
    readonly title: string;
}

export interface CheckovSummary {
    readonly checkovVersion: string;
    /** SHA-256 of the `<stack>.tfplan.json` text scanned. */
    readonly exportSha256: string;
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
    /** Failed checks the committed baseline accepts, each with its reason. */
    readonly baselined: number;
    /** Failed checks the baseline does not accept: CI fails on any. */
    readonly newFindings: readonly CheckovFinding[];
}

export const tfplanPath = (outDir: string, stack: string): string => path.join(outDir, `${stack}.tfplan.json`);
export const summaryPath = (outDir: string, stack: string): string => path.join(outDir, `${stack}.checkov.json`);

export function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** The summary of the last scan of exactly this export text; undefined when none or stale. */
export function readFreshSummary(outDir: string, stack: string, exportText: string): CheckovSummary | undefined {
    let summary: CheckovSummary;
    try {
        summary = JSON.parse(fs.readFileSync(summaryPath(outDir, stack), "utf8")) as CheckovSummary;
    } catch {
        return undefined;
    }
    return summary.exportSha256 === sha256(exportText) ? summary : undefined;
}

/** Marks the line so a later scan can replace it in place (the rest of the page stays as the plan wrote it). */
const LINE_START = "**Outside judge: Checkov**";

export function checkovLine(summary: CheckovSummary | undefined, exported: boolean): string {
    if (!exported) return `${LINE_START}: no export (\`--no-tfplan\`).`;
    if (!summary) return `${LINE_START}: not run on this export (\`npm run scan:checkov\`; docs/scanners.md).`;
    const fresh = summary.newFindings.length;
    const findings =
        fresh === 0 ? "" : ` New: ${summary.newFindings.map((f) => `\`${f.check}\` ${f.resource}`).join(", ")}.`;
    return (
        `${LINE_START} ${summary.checkovVersion} (\`--framework terraform_plan\`): ${summary.passed} passed, ` +
        `${summary.failed} failed (${summary.baselined} baselined with a reason, ${fresh} new), ` +
        `${summary.skipped} skipped. ${fresh === 0 ? "✅" : "❌"}${findings}`
    );
}

/** The page with its Checkov line replaced (a page without one is returned unchanged). */
export function replaceCheckovLine(markdown: string, summary: CheckovSummary): string {
    return markdown
        .split("\n")
        .map((line) => (line.startsWith(LINE_START) ? checkovLine(summary, true) : line))
        .join("\n");
}
