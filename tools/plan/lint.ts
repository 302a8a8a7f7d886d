/**
 * The AWS limits lint (what cfn-lint does for CloudFormation): every resource's inputs against
 * the values AWS accepts at deploy time. The limit tables live in the policy pack
 * (policy-pack/lib/aws-limits.ts), so the pack, the config schema and this lint judge alike.
 */
import { policyProps } from "../../offline/analyze";
import { evaluateResourceLimits, LimitFinding } from "../../policy-pack/lib/aws-limits";
import { PlanGraph } from "./graph";

export interface LintFinding extends LimitFinding {
    readonly resourceName: string;
}

export interface LintResult {
    readonly findings: LintFinding[];
    readonly errors: number;
    readonly warnings: number;
    /** Checks skipped because a value is unknown until deploy (preview), as `name: property`. */
    readonly skipped: string[];
}

export function lintLimits(graph: PlanGraph): LintResult {
    const findings: LintFinding[] = [];
    const skipped: string[] = [];
    for (const r of graph.resources) {
        if (!r.custom) continue;
        const evaluation = evaluateResourceLimits(r.type, policyProps(r.inputs), r.name, r.urn);
        findings.push(...evaluation.findings.map((f) => ({ ...f, resourceName: r.name })));
        skipped.push(...evaluation.unknownProperties.map((p) => `${r.name}: ${p}`));
    }
    return {
        findings,
        errors: findings.filter((f) => f.severity === "error").length,
        warnings: findings.filter((f) => f.severity === "warning").length,
        skipped,
    };
}
