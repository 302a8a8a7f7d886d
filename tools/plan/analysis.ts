/**
 * Everything the plan says about one evaluated stack: the resource tree, the policy pack's
 * verdict, network reachability, the AWS limits lint, the diagram and the cost estimate. Pure
 * (a function of the graph and the policy config), so tests feed it mutated graphs and the CLI
 * runs it in a worker thread while the next stack evaluates.
 */
import type { EvaluatedStack } from "../../offline/evaluate";
import { PolicyPackConfig, runPolicies } from "../../offline/analyze";
import { withoutStackTraces } from "../../offline/without-stack-traces";
import { policies } from "../../policy-pack/policies";
import { costInputsOf, estimateCost } from "./cost";
import { diagramModel, toDot, toMermaid } from "./diagram";
import { PlanGraph, plain } from "./graph";
import { lintLimits } from "./lint";
import { keyProperties } from "./properties";
import { computeReachability } from "./reachability";
import { SCHEMA_VERSION, StackReport } from "./report";
import { makeStyle, Style } from "./terminal";
import { renderStackText } from "./text";
import { countsByType, renderTree } from "./tree";

export interface StackPlan {
    readonly report: StackReport;
    /** The human-readable plan of the stack. */
    readonly text: string;
    readonly mermaid?: string;
    readonly dot?: string;
}

export interface PolicyConfigFile {
    readonly config: PolicyPackConfig;
    /** Repository-relative path of the file it came from. */
    readonly file?: string;
}

export interface BuildOptions {
    readonly style?: Style;
    readonly width?: number;
    readonly policyConfig?: PolicyConfigFile;
}

/** Everything the plan says about one evaluated stack. Pure: tests feed it mutated graphs. */
export function buildStackPlan(evaluated: EvaluatedStack, options: BuildOptions = {}): StackPlan {
    const style = options.style ?? makeStyle(false);
    const graph = new PlanGraph(evaluated);
    const byUrn = graph.byUrn;

    const policyConfig = options.policyConfig ?? { config: {} };
    const run = withoutStackTraces(() => runPolicies(policies, evaluated.resources, policyConfig.config));
    const violations = run.violations.map((v) => ({
        ...v,
        ...(v.urn ? { resourceName: byUrn.get(v.urn)?.name ?? v.urn.split("::").pop() } : {}),
    }));
    const bySeverity: Record<string, number> = {};
    for (const v of violations)
        bySeverity[v.severity ?? "unspecified"] = (bySeverity[v.severity ?? "unspecified"] ?? 0) + 1;
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;

    const reachability = withoutStackTraces(() => computeReachability(graph));
    const lint = withoutStackTraces(() => lintLimits(graph));
    const cost = estimateCost(costInputsOf(graph));
    const model = diagramModel(graph, reachability);

    const reasons: string[] = [];
    if (mandatory > 0) reasons.push(`${mandatory} mandatory policy violation(s)`);
    const blocking = reachability.findings.filter((f) => f.severity === "blocking").length;
    const exposed = reachability.findings.filter((f) => f.severity === "error").length;
    if (blocking > 0) reasons.push(`${blocking} deploy-blocking network finding(s)`);
    if (exposed > 0) reasons.push(`${exposed} network exposure finding(s)`);
    if (lint.errors > 0) reasons.push(`${lint.errors} AWS limit error(s)`);

    const report: StackReport = {
        schemaVersion: SCHEMA_VERSION,
        project: evaluated.project,
        stack: evaluated.stack,
        preview: evaluated.preview,
        exitCode: reasons.length > 0 ? 1 : 0,
        reasons,
        graph: {
            resourceCount: evaluated.resources.length,
            countsByType: countsByType(graph),
            resources: evaluated.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                custom: r.custom,
                ...(r.parent ? { parent: r.parent } : {}),
                protect: r.protect,
                retainOnDelete: r.retainOnDelete,
                dependencies: r.dependencies,
                keyProperties: keyProperties(graph, r),
                inputs: graph.inputs(r),
                ...(r.aliases ? { aliases: r.aliases.map((a) => ({ ...a })) } : {}),
            })),
            outputs: plain(evaluated.outputs ?? {}, graph.secretValues) as Record<string, unknown>,
            warnings: evaluated.warnings,
        },
        policies: {
            policyCount: policies.length,
            ...(policyConfig.file ? { config: policyConfig.file } : {}),
            violations,
            mandatory,
            advisory: violations.length - mandatory,
            bySeverity,
            unknown: run.unknown,
            notApplicable: run.notApplicable.length,
        },
        reachability,
        lint,
        cost,
    };
    const tree = renderTree(graph, style, options.width ?? 0);
    return {
        report,
        text: renderStackText(report, tree, style),
        mermaid: toMermaid(model),
        dot: toDot(model),
    };
}
