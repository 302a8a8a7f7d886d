/**
 * The resource tree as `pulumi preview` prints it: the component hierarchy from parent URNs, type,
 * name and `+ create` (the plan always starts from an empty stack), with the properties a reviewer
 * checks on the right, then a summary of counts by type.
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { PlanGraph, shortType } from "./graph";
import { keyProperties } from "./properties";
import { padEnd, Style } from "./terminal";

export interface TreeLine {
    readonly depth: number;
    /** Box-drawing prefix (`│  ├─ `). */
    readonly prefix: string;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly op: "create";
    readonly info: string[];
}

export interface TypeCount {
    readonly type: string;
    readonly count: number;
}

/** The tree in display order (parents before children, children in registration order). */
export function treeLines(graph: PlanGraph): TreeLine[] {
    const lines: TreeLine[] = [];
    const visit = (r: EvaluatedResource, depth: number, indent: string, last: boolean) => {
        const branch = depth === 0 ? "" : `${indent}${last ? "└─ " : "├─ "}`;
        lines.push({
            depth,
            prefix: branch,
            urn: r.urn,
            type: r.type,
            name: r.name,
            op: "create",
            info: keyProperties(graph, r),
        });
        const children = graph.children.get(r.urn) ?? [];
        const childIndent = depth === 0 ? "" : `${indent}${last ? "   " : "│  "}`;
        children.forEach((c, i) => visit(c, depth + 1, childIndent, i === children.length - 1));
    };
    const roots = graph.resources.filter((r) => r.parent === undefined || !graph.byUrn.has(r.parent));
    roots.forEach((r, i) => visit(r, 0, "", i === roots.length - 1));
    return lines;
}

/** Resources per type (custom resources only, as the preview summary counts them), most first. */
export function countsByType(graph: PlanGraph): TypeCount[] {
    const counts = new Map<string, number>();
    for (const r of graph.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts]
        .map(([type, count]) => ({ type, count }))
        .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/** The tree as text; `width` bounds the info column (0: no limit). */
export function renderTree(graph: PlanGraph, style: Style, width = 0): string {
    const lines = treeLines(graph);
    const typeWidth = Math.max(4, ...lines.map((l) => l.prefix.length + shortType(l.type).length)) + 2;
    const nameWidth = Math.max(4, ...lines.map((l) => l.name.length)) + 2;
    const out: string[] = [
        style.bold(`     ${padEnd("Type", typeWidth)}${padEnd("Name", nameWidth)}${padEnd("Plan", 8)}Info`),
    ];
    for (const l of lines) {
        let info = l.info.join(", ");
        const used = 5 + typeWidth + nameWidth + 8;
        if (width > 0 && info.length > width - used) info = `${info.slice(0, Math.max(0, width - used - 1))}…`;
        out.push(
            ` ${style.green("+")}   ${padEnd(style.dim(l.prefix) + shortType(l.type), typeWidth)}` +
                `${padEnd(l.name, nameWidth)}${padEnd(style.green(l.op), 8)}${style.dim(info)}`,
        );
    }
    out.push("", summaryLine(graph, style));
    return out.join("\n");
}

export function summaryLine(graph: PlanGraph, style: Style): string {
    const counts = countsByType(graph);
    const total = graph.resources.length;
    const byType = counts.map((c) => `${shortType(c.type)} ×${c.count}`).join(", ");
    return `${style.bold("Resources:")} ${style.green(`+ ${total} to create`)}\n    ${style.dim(byType)}`;
}
