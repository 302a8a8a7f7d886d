/**
 * `plan/<stack>.md`: what a reviewer reads in the pull request, per stack and compact: the verdict
 * and why, the diff against a base (when `--diff` gave one), policy findings with their remediation
 * and a link to the policy's documentation, warnings, the AWS-limits result, a collapsible resource
 * summary, then reachability, the diagram (Mermaid renders on GitHub) and the cost.
 *
 * This text is posted as a PR comment by a workflow that treats it as untrusted data; it still
 * escapes table cells so a finding's text cannot break the layout.
 */
import { policies } from "../../policy-pack/policies";
import { diffMarkdown } from "./diff-markdown";
import { StackReport } from "./report";
import { cell, costSection, reachabilitySection, rolloutSection } from "./markdown-sections";
import { checkovLine, CheckovSummary } from "./tfplan/checkov-summary";

export interface MarkdownOptions {
    /** The diagram as Mermaid; absent when the stack did not evaluate. */
    readonly mermaid?: string;
    /**
     * Where docs/policies.md is, for the links on each finding. Default the repository-relative
     * path from plan/<stack>.md; the CLI passes the blob URL of the commit when run in GitHub Actions.
     */
    readonly policyDocsUrl?: string;
    /** Whether `<stack>.tfplan.json` was written, and Checkov's result on it when a fresh one exists. */
    readonly scanner?: { readonly exported: boolean; readonly checkov?: CheckovSummary };
}

export const DEFAULT_POLICY_DOCS_URL = "../docs/policies.md";

/** The anchor of a policy's entry in docs/policies.md (tools/docs/generate-policy-docs.ts writes it). */
export function policyAnchor(name: string): string {
    return `policy-${name}`;
}

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];

export function toMarkdown(report: StackReport, options: MarkdownOptions = {}): string {
    const out: string[] = [];
    out.push(...verdict(report), "");
    // The outside judge beside our own verdict (a stack that did not evaluate has no export).
    if (options.scanner && !report.error) out.push(checkovLine(options.scanner.checkov, options.scanner.exported), "");
    if (report.error) {
        out.push("The stack did not evaluate, so this plan has no findings, diagram or cost for it.", "");
        out.push(...report.error.causes.map((c) => `- ${c.key ? `\`${c.key}\`: ` : ""}${cell(c.message)}`), "");
        return finish(out);
    }
    // With `--diff <ref>`: what the change does, before everything else a reviewer reads.
    if (report.diff !== undefined) out.push(...diffMarkdown(report.diff), "");
    out.push(...policySection(report, options.policyDocsUrl ?? DEFAULT_POLICY_DOCS_URL));
    const warnings = report.graph?.warnings ?? [];
    if (warnings.length > 0) out.push("### Warnings", "", ...warnings.map((w) => `- ${cell(w)}`), "");
    out.push(...limitsSection(report));
    out.push(...resourceSummary(report));
    out.push(...reachabilitySection(report));
    out.push(...rolloutSection(report));
    if (options.mermaid !== undefined) out.push("### Diagram", "", "```mermaid", options.mermaid, "```", "");
    out.push(...costSection(report));
    return finish(out);
}

function finish(out: string[]): string {
    out.push("_Drawn from the evaluated graph by `npm run plan`; do not edit by hand._");
    return `${out.join("\n")}\n`;
}

function verdict(report: StackReport): string[] {
    const title = `## ecs-platform \`${report.stack}\`${report.preview ? " (preview)" : ""}: `;
    if (report.exitCode === 0) {
        const p = report.policies;
        const detail = p
            ? ` No mandatory violation; ${p.advisory} advisory finding(s); reachability ${report.reachability?.verdict}; ` +
              `${report.lint?.errors ?? 0} AWS limit error(s).`
            : "";
        return [`${title}✅ clean (exit 0)`, "", `**Verdict: clean.**${detail}`];
    }
    const head = report.exitCode === 2 ? "❌ did not evaluate (exit 2)" : "❌ blocked (exit 1)";
    return [
        `${title}${head}`,
        "",
        `**Verdict: exit ${report.exitCode}**, because:`,
        "",
        ...report.reasons.map((r) => `- ${cell(r)}`),
    ];
}

function policySection(report: StackReport, docsUrl: string): string[] {
    const p = report.policies;
    if (!p) return [];
    const out = [
        `### Policy findings: ${p.mandatory} mandatory, ${p.advisory} advisory (${p.policyCount} policies)`,
        "",
    ];
    if (p.config) out.push(`Levels from \`${p.config}\`.`, "");
    if (p.violations.length === 0) {
        out.push("None.", "");
    } else {
        const remediation = new Map(policies.map((x) => [x.metadata.name, x.metadata.remediationSteps]));
        const sorted = [...p.violations].sort(
            (a, b) => LEVEL_ORDER.indexOf(a.enforcementLevel) - LEVEL_ORDER.indexOf(b.enforcementLevel),
        );
        out.push("| level | policy | resource | finding | remediation |", "|---|---|---|---|---|");
        for (const v of sorted) {
            const lines = v.message.split("\n");
            const level = v.enforcementLevel === "mandatory" ? "**mandatory**" : v.enforcementLevel;
            const link = `[\`${v.policyName}\`](${docsUrl}#${policyAnchor(v.policyName)})`;
            out.push(
                `| ${level}${v.severity ? ` (${v.severity})` : ""} | ${link} | ${cell(v.resourceName ?? "(stack)")} | ` +
                    `${cell(lines[lines.length - 1])} | ${cell(remediation.get(v.policyName) ?? "")} |`,
            );
        }
        out.push("");
    }
    if (p.unknown.length > 0)
        out.push(`${p.unknown.length} check(s) could not decide on values unknown until deploy.`, "");
    return out;
}

function limitsSection(report: StackReport): string[] {
    const l = report.lint;
    if (!l) return [];
    const out = [`### AWS limits: ${l.errors} error(s), ${l.warnings} warning(s)`, ""];
    for (const f of l.findings)
        out.push(`- **${f.severity}** ${cell(f.resourceName)} \`${f.property}\`: ${cell(f.message)}`);
    if (l.skipped.length > 0) out.push(`- ${l.skipped.length} check(s) skipped: values unknown until deploy`);
    if (l.findings.length > 0 || l.skipped.length > 0) out.push("");
    return out;
}

function resourceSummary(report: StackReport): string[] {
    const g = report.graph;
    if (!g) return [];
    const protectedCount = g.resources.filter((r) => r.protect).length;
    return [
        "<details>",
        `<summary>Resources: ${g.resourceCount} (${g.countsByType.length} types, ${protectedCount} protected)</summary>`,
        "",
        "| type | count |",
        "|---|---:|",
        ...g.countsByType.map((c) => `| \`${c.type}\` | ${c.count} |`),
        "",
        "</details>",
        "",
    ];
}
