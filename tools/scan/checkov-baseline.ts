/**
 * The committed baseline of Checkov findings we accept (tools/scan/checkov-accepted.json): each
 * entry names a check, the Terraform resource types it applies to, optionally the stacks (a
 * cost trade-off in dev and test only), and the reason. Resources are matched by type, never by
 * name: names are the program's to change. A failed check no entry accepts is new and fails CI;
 * an entry that accepts nothing any more is stale and fails CI too, so the baseline only shrinks
 * by being edited.
 */
import * as fs from "fs";
import * as path from "path";
import type { CheckResult } from "./run-checkov";

export interface BaselineEntry {
    readonly check: string;
    readonly resourceTypes: readonly string[];
    /** Absent: every stack. */
    readonly stacks?: readonly string[];
    readonly reason: string;
}

export const BASELINE_PATH = path.join(__dirname, "checkov-accepted.json");

/** The baseline, validated: every entry has a check id, at least one resource type and a reason. */
export function readBaseline(file: string = BASELINE_PATH): BaselineEntry[] {
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { accepted?: unknown };
    if (!Array.isArray(doc.accepted)) throw new Error(`${file}: "accepted" must be a list of entries`);
    return doc.accepted.map((e: Partial<BaselineEntry>, i: number) => {
        const where = `${path.basename(file)} accepted[${i}]`;
        if (typeof e.check !== "string" || !/^CKV2?_AWS_\d+$/.test(e.check)) {
            throw new Error(`${where}: check ${JSON.stringify(e.check)} is not a Checkov AWS check id (CKV_AWS_<n>)`);
        }
        if (!Array.isArray(e.resourceTypes) || e.resourceTypes.length === 0) {
            throw new Error(`${where} (${e.check}): resourceTypes must name at least one Terraform type`);
        }
        if (typeof e.reason !== "string" || e.reason.trim().length < 20) {
            throw new Error(`${where} (${e.check}): every accepted check needs its reason (20+ characters)`);
        }
        return e as BaselineEntry;
    });
}

export interface Classified {
    readonly baselined: { finding: CheckResult; entry: BaselineEntry }[];
    readonly fresh: CheckResult[];
}

export function classify(
    stack: string,
    failed: readonly CheckResult[],
    baseline: readonly BaselineEntry[],
): Classified {
    const baselined: { finding: CheckResult; entry: BaselineEntry }[] = [];
    const fresh: CheckResult[] = [];
    for (const finding of failed) {
        const type = finding.resource.split(".")[0];
        const entry = baseline.find(
            (e) =>
                e.check === finding.check_id &&
                e.resourceTypes.includes(type) &&
                (e.stacks === undefined || e.stacks.includes(stack)),
        );
        if (entry) baselined.push({ finding, entry });
        else fresh.push(finding);
    }
    return { baselined, fresh };
}

/** Entries that accepted no finding in a scan of every stack: the finding was fixed, so the entry goes. */
export function staleEntries(baseline: readonly BaselineEntry[], used: ReadonlySet<BaselineEntry>): BaselineEntry[] {
    return baseline.filter((e) => !used.has(e));
}

/**
 * The baseline as the Markdown table of docs/scanners.md#baseline (a test keeps the page equal to
 * the file): check, Terraform types, stacks, reason. `<`, `>`, `&`, `*` and `|` are escaped so GitHub shows
 * `logs.<region>.amazonaws.com` as written.
 */
export function baselineTable(baseline: readonly BaselineEntry[]): string {
    const escape = (s: string) =>
        s
            .replace(/&/g, "&amp;")
            .replace(/</g, "&lt;")
            .replace(/>/g, "&gt;")
            .replace(/\*/g, "\\*")
            .replace(/\|/g, "\\|");
    return [
        "| check | resource types | stacks | reason |",
        "| --- | --- | --- | --- |",
        ...baseline.map(
            (e) =>
                `| \`${e.check}\` | ${e.resourceTypes.map((t) => `\`${t}\``).join(", ")} | ` +
                `${e.stacks?.join(", ") ?? "all"} | ${escape(e.reason)} |`,
        ),
    ].join("\n");
}
