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
    for (const c of replaced)
        out.push(style.red(`  replace ${c.name} (${c.type.split(":").pop()}): ${c.replaceReasons.join(", ")}`));
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
