/**
 * What `pulumi preview` with the pack would stop on for an evaluated stack: the mandatory
 * violations under the stack's own policy config, and the AWS-limits errors (deploy-time failures).
 */
import { readPolicyPackConfig, runPolicies } from "../../offline/analyze";
import { EvaluatedStack } from "../../offline/evaluate";
import { checkResourceLimits } from "../../policy-pack/lib/aws-limits";
import { policies } from "../../policy-pack/policies";

/** Mandatory violations (`policy: message`) and limit errors; empty when the stack would deploy. */
export function gateFindings(stack: EvaluatedStack, stackName: string): string[] {
    const run = runPolicies(policies, stack.resources, readPolicyPackConfig(stackName).config);
    const mandatory = run.violations
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policyName}: ${v.message}`);
    const limits = stack.resources
        .filter((r) => r.custom)
        .flatMap((r) => checkResourceLimits(r.type, r.inputs, r.name, r.urn))
        .filter((f) => f.severity === "error")
        .map((f) => `${f.type} ${f.property}: ${f.message}`);
    return [...mandatory, ...limits];
}
