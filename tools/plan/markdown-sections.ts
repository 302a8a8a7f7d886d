/**
 * The reachability and cost sections of `plan/<stack>.md` (markdown.ts assembles the page).
 */
import { StackReport } from "./report";
import { ServiceRolloutReport, stepsText } from "./rollout";

/**
 * A Markdown-safe single-line table cell: no line breaks, pipes or raw HTML. Angle brackets are
 * escaped outside `code spans` only (inside one, an entity would show literally).
 */
export function cell(text: string): string {
    return text
        .replace(/\r?\n/g, " ")
        .replace(/\|/g, "\\|")
        .split("`")
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;")))
        .join("`")
        .trim();
}

const STATUS_MARK: Record<string, string> = {
    ok: "✅ ok",
    missing: "❌ missing",
    assumed: "❔ assumed",
    refused: "⛔ refused",
};

export function reachabilitySection(report: StackReport): string[] {
    const r = report.reachability;
    if (!r) return [];
    const label = (id: string) => cell(r.nodes.find((n) => n.id === id)?.label ?? id);
    const sources = r.nodes.filter((n) => r.edges.some((e) => e.from === n.id)).map((n) => n.id);
    const targets = r.nodes.filter((n) => r.edges.some((e) => e.to === n.id)).map((n) => n.id);
    const out = [`### Reachability: ${r.verdict}`, ""];
    if (r.entry.length > 0) out.push(`Entry: ${r.entry.map(cell).join(" → ")}`, "");
    for (const f of r.findings) out.push(`- **${f.severity}** ${cell(f.message)}`);
    if (r.findings.length > 0) out.push("");
    out.push(`| from \\ to | ${targets.map(label).join(" | ")} |`, `|---|${targets.map(() => "---").join("|")}|`);
    for (const s of sources)
        out.push(`| ${label(s)} | ${targets.map((t) => cell(r.matrix[s]?.[t] ?? "")).join(" | ")} |`);
    out.push("", "| needed path | port | status | why |", "|---|---|---|---|");
    for (const p of r.required) {
        const status = `${STATUS_MARK[p.status] ?? p.status}${p.detail ? `: ${cell(p.detail)}` : ""}`;
        out.push(`| ${label(p.from)} → ${label(p.to)} | tcp ${p.port} | ${status} | ${cell(p.why)} |`);
    }
    out.push("", `VPC endpoints: ${r.endpoints.map((e) => `${e.service} (${e.status})`).join(", ")}`, "");
    return out;
}

export function costSection(report: StackReport): string[] {
    const c = report.cost;
    if (!c) return [];
    const out = [`### Monthly cost estimate (${c.currency}, ${c.region}, prices as of ${c.pricesAsOf})`, ""];
    for (const w of c.warnings ?? []) out.push(`> ⚠️ ${cell(w)}`, "");
    out.push("| item | min tasks | max tasks | detail |", "|---|---:|---:|---|");
    for (const l of c.lines)
        out.push(`| ${cell(l.item)} | ${l.minUsd.toFixed(2)} | ${l.maxUsd.toFixed(2)} | ${cell(l.detail)} |`);
    out.push(`| **total** | **${c.totalMinUsd.toFixed(2)}** | **${c.totalMaxUsd.toFixed(2)}** | |`, "");
    out.push(
        "<details>",
        "<summary>Assumptions and what is not included</summary>",
        "",
        ...c.assumptions.map((a) => `- ${cell(a)}`),
        "",
        "Not included:",
        "",
        ...c.notIncluded.map((a) => `- ${cell(a)}`),
        "",
        "</details>",
        "",
    );
    return out;
}

/** Per service: the strategy and its steps, what rolls a bad version back, the peak and its cost, the worst times. */
export function rolloutSection(report: StackReport): string[] {
    if (!report.rollout || report.rollout.length === 0) return [];
    const out = ["### Rollout (per deploy, worst case)", ""];
    out.push(
        "| service | strategy and steps | rolls back by | peak tasks | extra cost / deploy | complete | roll back | up waits | alarms |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    );
    for (const r of report.rollout) {
        const guards = [r.circuitBreakerRollback ? "circuit breaker" : "", r.alarmRollback ? "alarms" : ""]
            .filter(Boolean)
            .join(" + ");
        const waits = r.waitsForSteadyState
            ? (r.timeout ?? "yes")
            : `no (bootstrap; then ${r.timeout ?? "provider default"})`;
        const alarms = r.alarms.map((a) => `${cell(a.name)}${a.exists ? "" : " (missing)"}`).join("<br>");
        out.push(
            `| ${cell(r.service)} | ${r.strategy}: ${cell(stepsText(r as ServiceRolloutReport))} | ${guards || "nothing"} | ${r.peakTasks} (desired ${r.desiredCount}) | $${r.extraCostPerDeployUsd.toFixed(3)} | ${r.completeMinutes} min | ${r.rollbackMinutes} min | ${waits} | ${alarms} |`,
        );
    }
    out.push("");
    return out;
}
