/**
 * The `diff` section as Markdown, for `plan/<stack>.md` and the pull-request comment (which
 * includes `diffMarkdown` as it is). Compact: counts first, replacements called out, long lists
 * folded in `<details>`, values shortened; the JSON report carries everything in full.
 */
import type { DiffSection } from "./diff-schema";
import { servicesMarkdown } from "./diff-services";
import { holdsState } from "./diff-state";

const MAX_VALUE = 80;
const MAX_ROWS = 40;
const MAX_ACTIONS = 12;

/** Markdown lines of one stack's diff (a level-2 heading first). */
export function diffMarkdown(diff: DiffSection): string[] {
    const b = diff.base;
    const at = `\`${b.ref}\`${b.commit ? ` (${b.commit.slice(0, 12)})` : ""}`;
    const out = [`### Changes against ${at}`, ""];
    if (b.status !== "ok") {
        out.push(
            b.status === "no-stack"
                ? `The base has no such stack (${b.error ?? "no stack file"}): everything below the plan is new.`
                : `The base did not evaluate, so there is nothing to compare: ${esc(b.error ?? "unknown error")}.`,
            "",
        );
        return out;
    }
    const r = diff.resources!;
    const replaced = r.changed.filter((c) => c.replacement);
    const renamed = r.changed.filter((c) => c.oldUrn !== undefined);
    const updated = r.changed.filter((c) => !c.replacement && updatesInputs(c));
    out.push(
        `Resources: **${r.added.length} to create, ${updated.length} to update, ` +
            `${replaced.length} to replace, ${r.removed.length} to delete**, ${r.unchanged} unchanged` +
            (renamed.length > 0 ? ` (${renamed.length} renamed in place through aliases)` : "") +
            ".",
        "",
    );
    out.push(...servicesMarkdown(diff.services));
    const losing = replaced.filter((c) => holdsState(c.type));
    if (losing.length > 0) {
        out.push("> [!WARNING]", "> Replaced, and the state or data they hold is lost:");
        for (const c of losing) out.push(`> - \`${c.name}\` (${short(c.type)}): ${c.replaceReasons.join(", ")}`);
        out.push("");
    }
    const rebuilt = replaced.filter((c) => !holdsState(c.type));
    if (rebuilt.length > 0) {
        out.push("Replaced from their inputs (they hold no data; nothing is lost):");
        for (const c of rebuilt) out.push(`- \`${c.name}\` (${short(c.type)}): ${c.replaceReasons.join(", ")}`);
        out.push("");
    }
    const protectedGone = r.removed.filter((x) => x.protect);
    if (protectedGone.length > 0) {
        out.push(
            `Deleting protected resources (\`pulumi up\` refuses until unprotected): ${protectedGone.map((x) => `\`${x.name}\``).join(", ")}`,
            "",
        );
    }
    if (r.added.length + r.removed.length + r.changed.length > 0) {
        const rows: string[] = [
            "| action | resource | type | property | before | after |",
            "|---|---|---|---|---|---|",
        ];
        for (const a of r.added) rows.push(`| + create | \`${a.name}\` | ${short(a.type)} | | | |`);
        for (const d of r.removed) rows.push(`| − delete | \`${d.name}\` | ${short(d.type)} | | | |`);
        for (const c of r.changed) {
            const action = c.replacement ? "± **replace**" : "~ update";
            if (c.oldUrn)
                rows.push(
                    `| ~ rename | \`${c.name}\` | ${short(c.type)} | (urn) | ${code(c.oldUrn)} | ${code(c.urn)} |`,
                );
            for (const p of c.changes) {
                rows.push(
                    `| ${action} | \`${c.name}\` | ${short(c.type)} | \`${p.path}\`${p.replaces ? " (forces replacement)" : ""} | ${value(p.old)} | ${value(p.new)} |`,
                );
            }
        }
        out.push(...fold(rows, "resource changes"), "");
    }

    const p = diff.policies!;
    if (p.new.length + p.resolved.length > 0) {
        out.push(`Policy findings: **${p.new.length} new, ${p.resolved.length} resolved**`, "");
        out.push("| | policy | level | resource | finding |", "|---|---|---|---|---|");
        for (const [mark, list] of [
            ["new", p.new],
            ["resolved", p.resolved],
        ] as const) {
            for (const f of list) {
                out.push(
                    `| ${mark} | \`${f.policyName}\` | ${f.level}${f.severity ? ` / ${f.severity}` : ""} | ${f.resource ? `\`${f.resource}\`` : "(stack)"} | ${esc(lastLine(f.message))} |`,
                );
            }
        }
        out.push("");
    } else out.push("Policy findings: no change.", "");

    const n = diff.reachability!;
    if (n.added.length + n.removed.length + n.broken.length + n.fixed.length > 0) {
        out.push("Reachability:", "");
        for (const c of n.added) out.push(`- **now allowed**: ${c.from} → ${c.to} ${c.protocol} ${c.ports}`);
        for (const c of n.removed) out.push(`- no longer allowed: ${c.from} → ${c.to} ${c.protocol} ${c.ports}`);
        for (const x of n.broken)
            out.push(
                `- **needed path breaks**: ${x.from} → ${x.to} tcp ${x.port} (${x.why}): ${x.before} → ${x.after}`,
            );
        for (const x of n.fixed) out.push(`- needed path fixed: ${x.from} → ${x.to} tcp ${x.port} (${x.why})`);
        out.push("");
    } else out.push("Reachability: no change.", "");

    const iam = diff.iam!;
    if (iam.length > 0) {
        out.push("IAM (actions per role, wildcards expanded):", "");
        for (const role of iam) {
            const what = role.status === "changed" ? "" : ` (role ${role.status})`;
            out.push(
                `- \`${role.role}\`${what}: ${actions("gains", role.gained)}${role.gained.length && role.lost.length ? "; " : ""}${actions("loses", role.lost)}`,
            );
        }
        out.push("");
    } else out.push("IAM: no change in any role's actions.", "");

    const c = diff.cost!;
    const changedLines = c.lines.filter((l) => l.deltaMinUsd !== 0 || l.deltaMaxUsd !== 0);
    out.push(
        `Monthly cost: ${usd(c.total.beforeMinUsd)}–${usd(c.total.beforeMaxUsd)} → ${usd(c.total.afterMinUsd)}–${usd(c.total.afterMaxUsd)} (**${signed(c.total.deltaMinUsd)} / ${signed(c.total.deltaMaxUsd)}** at min / max tasks)`,
        "",
    );
    if (changedLines.length > 0) {
        out.push("| item | before (min / max) | after (min / max) | delta (min / max) |", "|---|---:|---:|---:|");
        for (const l of changedLines) {
            out.push(
                `| ${l.item} | ${usd(l.beforeMinUsd)} / ${usd(l.beforeMaxUsd)} | ${usd(l.afterMinUsd)} / ${usd(l.afterMaxUsd)} | ${signed(l.deltaMinUsd)} / ${signed(l.deltaMaxUsd)} |`,
            );
        }
        out.push("");
    }
    return out;
}

/** More than a rename: some input or option changes (a renamed component's type is the rename itself). */
export function updatesInputs(c: { changes: readonly { path: string }[] }): boolean {
    return c.changes.some((x) => x.path !== "(type)" && x.path !== "(name)");
}

function fold(rows: string[], what: string): string[] {
    if (rows.length - 2 <= MAX_ROWS) return rows;
    return [`<details><summary>${rows.length - 2} ${what}</summary>`, "", ...rows, "", "</details>"];
}

function actions(verb: string, list: readonly string[]): string {
    if (list.length === 0) return "";
    const shown = list
        .slice(0, MAX_ACTIONS)
        .map((a) => `\`${a}\``)
        .join(", ");
    return `${verb} ${list.length}: ${shown}${list.length > MAX_ACTIONS ? `, … ${list.length - MAX_ACTIONS} more` : ""}`;
}

function value(v: unknown): string {
    if (v === undefined) return "";
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return code(text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text);
}

function code(text: string): string {
    return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\n/g, " ")}\``;
}

function esc(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function lastLine(text: string): string {
    return text.split("\n").pop() ?? text;
}

function short(type: string): string {
    return type.split(":").pop() ?? type;
}

function usd(n: number): string {
    return `$${n.toFixed(2)}`;
}

function signed(n: number): string {
    return `${n > 0 ? "+" : n < 0 ? "−" : "±"}$${Math.abs(n).toFixed(2)}`;
}
