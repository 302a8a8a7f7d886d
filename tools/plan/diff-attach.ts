/**
 * Puts the diff into a stack's plan: the `diff` key of its report and a short summary at the end
 * of its human-readable text (the Markdown is rendered from the report by diff-markdown.ts).
 * The exit code stays the head's.
 */
import type { StackPlan } from "./analysis";
import type { BaseEvaluation } from "./diff-base";
import type { DiffSection } from "./diff-schema";
import { diffReports } from "./diff";
import { updatesInputs } from "./diff-markdown";
import { holdsState } from "./diff-state";
import type { Style } from "./terminal";

export function attachDiff(plan: StackPlan, base: BaseEvaluation, style: Style): StackPlan {
    if (!plan.report.graph) return plan; // the head did not evaluate: its error is the report
    const b = base.stacks.get(plan.report.stack);
    // No report and a stack file: the base failed as a whole (unknown ref, no plan tool, a crash).
    const failed =
        !b?.report && !b?.noStack ? { error: { message: b?.why ?? "the base did not evaluate" } } : undefined;
    const diff = diffReports(b?.report ?? failed, plan.report, { ref: base.ref, commit: base.commit }, b?.why);
    const report = { ...plan.report, diff };
    return { ...plan, report, text: `${plan.text}\n\n${diffText(diff, style).join("\n")}` };
}

/** The diff in a few terminal lines. */
export function diffText(diff: DiffSection, style: Style): string[] {
    const head = `${style.bold("Diff")} against ${diff.base.ref}${diff.base.commit ? ` (${diff.base.commit.slice(0, 12)})` : ""}`;
    if (diff.base.status !== "ok")
        return [`${head}: ${style.yellow(`base ${diff.base.status}: ${diff.base.error ?? ""}`)}`];
    const r = diff.resources!;
    const replaced = r.changed.filter((c) => c.replacement);
    const updated = r.changed.filter((c) => !c.replacement && updatesInputs(c)).length;
    const renamed = r.changed.filter((c) => c.oldUrn).length;
    const out = [
        `${head}: ${r.added.length} to create, ${updated} to update, ${replaced.length} to replace, ${r.removed.length} to delete, ${r.unchanged} unchanged${renamed ? `, ${renamed} renamed in place` : ""}`,
    ];
    out.push(...resourceLines(diff, style));
    const p = diff.policies!;
    out.push(`  policy findings: ${p.new.length} new, ${p.resolved.length} resolved`);
    const n = diff.reachability!;
    out.push(
        `  reachability: ${n.added.length} added, ${n.removed.length} removed, ${n.broken.length} needed path(s) broken`,
    );
    for (const role of diff.iam!) out.push(`  IAM ${role.role}: +${role.gained.length} / -${role.lost.length} actions`);
    const t = diff.cost!.total;
    const sign = (x: number) => `${x >= 0 ? "+" : "-"}$${Math.abs(x).toFixed(2)}`;
    out.push(`  monthly cost: ${sign(t.deltaMinUsd)} / ${sign(t.deltaMaxUsd)} (min / max tasks)`);
    return out;
}

/** At most this many property lines on the terminal; the Markdown and the JSON have all of them. */
const MAX_TERMINAL_LINES = 40;
const MAX_VALUE = 60;

/**
 * The same per-resource changes as the Markdown's table, one line each: create, delete, and for
 * an update or a replacement every changed property with its old and new value. A replacement
 * of a resource that holds state is flagged as losing it; others are rebuilt from inputs.
 */
export function resourceLines(diff: DiffSection, style: Style): string[] {
    const r = diff.resources!;
    const kind = (type: string) => type.split(":").pop() ?? type;
    const lines: string[] = [];
    for (const a of r.added) lines.push(style.green(`  + create  ${a.name} (${kind(a.type)})`));
    for (const d of r.removed) {
        lines.push(style.red(`  - delete  ${d.name} (${kind(d.type)})${d.protect ? " [protected]" : ""}`));
    }
    for (const c of r.changed) {
        const head = c.replacement
            ? holdsState(c.type)
                ? style.red(`  ± replace ${c.name} (${kind(c.type)}): its state and data are lost`)
                : style.yellow(`  ± replace ${c.name} (${kind(c.type)}): rebuilt from inputs, holds no data`)
            : `  ~ update  ${c.name} (${kind(c.type)})`;
        lines.push(c.replacement ? `${head} [${c.replaceReasons.join(", ")}]` : head);
        if (c.oldUrn) lines.push(`      (urn) ${c.oldUrn} -> ${c.urn}`);
        for (const p of c.changes) {
            lines.push(
                `      ${p.path}: ${short(p.old)} -> ${short(p.new)}${p.replaces ? " (forces replacement)" : ""}`,
            );
        }
    }
    if (lines.length <= MAX_TERMINAL_LINES) return lines;
    const more = lines.length - MAX_TERMINAL_LINES;
    return [
        ...lines.slice(0, MAX_TERMINAL_LINES),
        `  ... ${more} more line(s): the Markdown (plan/<stack>.md) and the JSON have them all`,
    ];
}

function short(v: unknown): string {
    if (v === undefined) return "(none)";
    const text = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
