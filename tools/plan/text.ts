/**
 * The human-readable plan of one stack (tree, policies, reachability, limits, cost) and the
 * closing totals. Plain text plus optional colours; the JSON report carries the same facts.
 */
import { ServiceRolloutReport, stepsText } from "./rollout";
import { PlanDocument, StackReport } from "./report";
import { padEnd, Style } from "./terminal";

const LEVEL_ORDER = ["mandatory", "remediate", "advisory", "disabled"];
const SEVERITY_ORDER = ["critical", "high", "medium", "low", "unspecified"];

export function renderStackText(report: StackReport, tree: string, style: Style): string {
    const title = `━━ ${report.stack} ━━${report.graph ? ` ${report.graph.resourceCount} resources` : ""}${report.preview ? " (preview)" : ""}`;
    const out: string[] = [style.bold(title)];
    if (report.error) {
        out.push(style.red(report.error.message));
        for (const c of report.error.causes) out.push(`    ${c.key ? `${style.bold(c.key)}: ` : ""}${c.message}`);
        out.push(style.red(`exit 2`));
        return out.join("\n");
    }
    out.push("", tree);
    for (const w of report.graph?.warnings ?? []) out.push(style.yellow(`warning: ${w}`));
    out.push("", ...policiesText(report, style));
    out.push("", ...reachabilityText(report, style));
    out.push("", ...lintText(report, style));
    out.push("", ...costText(report, style));
    if (report.rollout) out.push("", ...rolloutText(report, style));
    out.push(
        "",
        report.exitCode === 0
            ? style.green(`${report.stack}: clean (exit 0)`)
            : style.red(`${report.stack}: exit ${report.exitCode}: ${report.reasons.join("; ")}`),
    );
    return out.join("\n");
}

function policiesText(report: StackReport, style: Style): string[] {
    const p = report.policies!;
    const head =
        `${style.bold("Policies")}: ${p.policyCount} policies${p.config ? ` (config ${p.config})` : ""}: ` +
        `${p.mandatory} mandatory, ${p.advisory} advisory violation(s)`;
    const out = [head];
    const sorted = [...p.violations].sort(
        (a, b) =>
            LEVEL_ORDER.indexOf(a.enforcementLevel) - LEVEL_ORDER.indexOf(b.enforcementLevel) ||
            SEVERITY_ORDER.indexOf(a.severity ?? "unspecified") - SEVERITY_ORDER.indexOf(b.severity ?? "unspecified"),
    );
    let group = "";
    for (const v of sorted) {
        const key = `${v.enforcementLevel} / ${v.severity ?? "unspecified"}`;
        if (key !== group) {
            group = key;
            const paint = v.enforcementLevel === "mandatory" ? style.red : style.yellow;
            out.push(`  ${paint(key)}`);
        }
        const lines = v.message.split("\n");
        out.push(`    ${style.bold(v.policyName)} ${v.resourceName ?? "(stack)"}: ${lines[lines.length - 1]}`);
    }
    if (p.unknown.length > 0)
        out.push(style.dim(`  ${p.unknown.length} check(s) could not decide on values unknown until deploy`));
    return out;
}

function reachabilityText(report: StackReport, style: Style): string[] {
    const r = report.reachability!;
    const verdictPaint = r.verdict === "ok" ? style.green : r.verdict === "warnings" ? style.yellow : style.red;
    const out = [`${style.bold("Reachability")}: ${verdictPaint(r.verdict)} (who may open a connection to whom)`];
    if (r.entry.length > 0) out.push(`  Entry: ${r.entry.join(" → ")}`);
    const sources = r.nodes.filter((n) => r.edges.some((e) => e.from === n.id)).map((n) => n.id);
    const targets = r.nodes.filter((n) => r.edges.some((e) => e.to === n.id)).map((n) => n.id);
    const label = (id: string) => r.nodes.find((n) => n.id === id)?.label ?? id;
    const cell = (from: string, to: string) => r.matrix[from]?.[to] ?? "·";
    const firstWidth = Math.max(11, ...sources.map((s) => label(s).length)) + 2;
    const widths = targets.map((t) => Math.max(label(t).length, ...sources.map((s) => cell(s, t).length)) + 2);
    out.push(`  ${padEnd("from \\ to", firstWidth)}${targets.map((t, i) => padEnd(label(t), widths[i])).join("")}`);
    for (const s of sources) {
        const cells = targets.map((t, i) => {
            const text = cell(s, t);
            return padEnd(text === "·" ? style.dim(text) : text, widths[i]);
        });
        out.push(`  ${padEnd(label(s), firstWidth)}${cells.join("")}`);
    }
    out.push("  Needed to start and serve:");
    for (const p of r.required) {
        const mark =
            p.status === "ok"
                ? style.green("✓")
                : p.status === "assumed"
                  ? style.yellow("?")
                  : p.status === "refused"
                    ? style.yellow("⊘")
                    : style.red("✗");
        out.push(
            `    ${mark} ${label(p.from)} → ${label(p.to)} tcp ${p.port}  ${style.dim(p.why)}${p.detail ? `: ${p.detail}` : ""}`,
        );
    }
    out.push(
        `  VPC endpoints: ${r.endpoints
            .map(
                (e) =>
                    `${e.service} ${e.status === "present" ? style.green("✓") : e.status === "missing" ? style.red("✗ missing") : style.yellow(e.status)}`,
            )
            .join(", ")}`,
    );
    for (const f of r.findings) {
        const paint = f.severity === "warning" ? style.yellow : style.red;
        out.push(`  ${paint(f.severity)} ${f.message}`);
    }
    return out;
}

function lintText(report: StackReport, style: Style): string[] {
    const l = report.lint!;
    const out = [`${style.bold("AWS limits")}: ${l.errors} error(s), ${l.warnings} warning(s)`];
    for (const f of l.findings) {
        const paint = f.severity === "error" ? style.red : style.yellow;
        out.push(`  ${paint(f.severity)} ${f.resourceName} ${f.property}: ${f.message}`);
    }
    if (l.skipped.length > 0)
        out.push(style.dim(`  ${l.skipped.length} check(s) skipped: values unknown until deploy`));
    return out;
}

function rolloutText(report: StackReport, style: Style): string[] {
    const out = [`${style.bold("Rollout")} (per deploy; worst case; docs/deployment.md#rollouts)`];
    for (const r of report.rollout ?? []) {
        const guards = [r.circuitBreakerRollback ? "circuit breaker" : "", r.alarmRollback ? "alarm rollback" : ""]
            .filter(Boolean)
            .join(" + ");
        out.push(
            `  ${style.bold(r.service)} ${r.strategy}: ${stepsText(r as ServiceRolloutReport)}; rolls back by ${guards || style.red("nothing")}`,
        );
        out.push(
            `    peak ${r.peakTasks} tasks (desired ${r.desiredCount}), extra $${r.extraCostPerDeployUsd.toFixed(3)} per deploy (on-demand); ` +
                `complete <= ${r.completeMinutes} min, roll back <= ${r.rollbackMinutes} min; ` +
                (r.waitsForSteadyState
                    ? `up waits (timeout ${r.timeout ?? "provider default"})`
                    : `bootstrap: up does not wait (with an image: timeout ${r.timeout ?? "provider default"})`),
        );
        for (const a of r.alarms)
            out.push(`    ${a.exists ? "alarm" : style.red("missing alarm")} ${a.name}: ${style.dim(a.watches)}`);
        if (r.execCommand) out.push(`    ECS Exec (audited): ${r.execCommand}`);
    }
    return out;
}

function costText(report: StackReport, style: Style): string[] {
    const c = report.cost!;
    const out = [
        `${style.bold("Monthly cost estimate")} (${c.currency}, ${c.region} on-demand, prices as of ${c.pricesAsOf}): min tasks / max tasks`,
    ];
    const itemWidth = Math.max(...c.lines.map((l) => l.item.length)) + 2;
    for (const l of c.lines) {
        out.push(
            `  ${padEnd(l.item, itemWidth)}${money(l.minUsd).padStart(10)}${money(l.maxUsd).padStart(11)}  ${style.dim(l.detail)}`,
        );
    }
    out.push(
        `  ${padEnd("total", itemWidth)}${style.bold(money(c.totalMinUsd).padStart(10))}${style.bold(money(c.totalMaxUsd).padStart(11))}`,
    );
    out.push(
        style.dim(
            `  assumptions: ${c.assumptions.slice(0, 6).join("; ")}; estimated prices in plan/${report.stack}.json`,
        ),
    );
    out.push(style.dim(`  not included: ${c.notIncluded.join("; ")}`));
    for (const w of c.warnings ?? []) out.push(style.yellow(`  warning: ${w}`));
    return out;
}

export function renderTotals(doc: PlanDocument, files: readonly string[], style: Style): string {
    const out: string[] = [];
    if (doc.costTotals.length > 0) {
        out.push(style.bold("Monthly cost by stack (USD): min tasks / max tasks"));
        for (const t of doc.costTotals)
            out.push(`  ${padEnd(t.stack, 8)}${money(t.minUsd).padStart(10)}${money(t.maxUsd).padStart(11)}`);
    }
    if (files.length > 0) out.push(style.dim(`Wrote ${files.join(", ")}`));
    const paint = doc.exitCode === 0 ? style.green : style.red;
    const failing = doc.stacks.filter((s) => s.exitCode !== 0).map((s) => `${s.stack} (exit ${s.exitCode})`);
    out.push(
        paint(doc.exitCode === 0 ? "Plan clean: exit 0" : `Plan failed (exit ${doc.exitCode}): ${failing.join(", ")}`),
    );
    return out.join("\n");
}

function money(v: number): string {
    return `$${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
