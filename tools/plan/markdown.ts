/**
 * `plan/<stack>.md`: the diagram as Mermaid (GitHub renders it in a pull request) with the
 * reachability matrix, the needed paths and the cost table, for reviewers who do not open JSON.
 */
import { diffMarkdown } from "./diff-markdown";
import { StackReport } from "./report";

export function toMarkdown(report: StackReport, mermaid: string): string {
    const r = report.reachability;
    const out = [`# ecs-platform ${report.stack}: offline plan`, ""];
    out.push(
        report.exitCode === 0
            ? "Result: **clean** (exit 0)."
            : `Result: **exit ${report.exitCode}**: ${report.reasons.join("; ")}.`,
        "",
        "Drawn from the evaluated graph by `npm run plan`; do not edit by hand.",
        "",
        ...(report.diff ? diffMarkdown(report.diff) : []),
        "```mermaid",
        mermaid,
        "```",
        "",
    );
    if (r) {
        const label = (id: string) => r.nodes.find((n) => n.id === id)?.label ?? id;
        const sources = r.nodes.filter((n) => r.edges.some((e) => e.from === n.id)).map((n) => n.id);
        const targets = r.nodes.filter((n) => r.edges.some((e) => e.to === n.id)).map((n) => n.id);
        out.push(`## Reachability: ${r.verdict}`, "");
        out.push(`| from \\ to | ${targets.map(label).join(" | ")} |`, `|---|${targets.map(() => "---").join("|")}|`);
        for (const s of sources)
            out.push(`| ${label(s)} | ${targets.map((t) => r.matrix[s]?.[t] ?? "").join(" | ")} |`);
        out.push("", "| needed path | port | status | why |", "|---|---|---|---|");
        for (const p of r.required) {
            out.push(
                `| ${label(p.from)} → ${label(p.to)} | tcp ${p.port} | ${p.status}${p.detail ? `: ${p.detail}` : ""} | ${p.why} |`,
            );
        }
        out.push("", `VPC endpoints: ${r.endpoints.map((e) => `${e.service} (${e.status})`).join(", ")}`, "");
        for (const f of r.findings) out.push(`- **${f.severity}** ${f.message}`);
        if (r.findings.length > 0) out.push("");
    }
    const c = report.cost;
    if (c) {
        out.push(`## Monthly cost (${c.currency}, ${c.region}, prices as of ${c.pricesAsOf})`, "");
        out.push("| item | min tasks | max tasks | detail |", "|---|---:|---:|---|");
        for (const l of c.lines)
            out.push(`| ${l.item} | ${l.minUsd.toFixed(2)} | ${l.maxUsd.toFixed(2)} | ${l.detail} |`);
        out.push(`| **total** | **${c.totalMinUsd.toFixed(2)}** | **${c.totalMaxUsd.toFixed(2)}** | |`, "");
        out.push("Assumptions:", "", ...c.assumptions.map((a) => `- ${a}`), "");
        out.push("Not included:", "", ...c.notIncluded.map((a) => `- ${a}`), "");
    }
    return `${out.join("\n")}\n`;
}
