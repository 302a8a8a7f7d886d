/**
 * Policies of the "limits" area: what AWS (or Pulumi's autonaming) would reject at deploy time,
 * from the table in lib/aws-limits.ts that the offline plan uses too. Errors are mandatory by
 * default (the update would fail half-way anyway; better to stop before it starts); warnings are
 * advisory.
 */
import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { evaluateResourceLimits, LIMIT_CHECKED_TYPES, LimitSeverity } from "./lib/aws-limits";
import { PlatformPolicy, resourcePolicy } from "./lib/define-policy";
import { UnknownNeeds } from "./lib/known-values";
import { settle } from "./lib/policy-support";

/** Reports the findings of one severity; gives up on unknowns only for the errors policy. */
function reportLimits(severity: LimitSeverity, settleUnknowns: boolean) {
    return (props: Record<string, any>, args: ResourceValidationArgs, report: ReportViolation): void => {
        const { findings, unknownProperties } = evaluateResourceLimits(args.type, props, args.name, args.urn);
        for (const f of findings) if (f.severity === severity) report(`${f.property} ${f.message}`);
        if (!settleUnknowns) return;
        const needs = new UnknownNeeds();
        unknownProperties.forEach((p) => needs.note(p));
        settle(needs);
    };
}

export const deployLimits = resourcePolicy(
    {
        name: "aws-deploy-limits",
        area: "limits",
        description:
            "Resource inputs stay within what AWS accepts: name lengths (after autonaming) and character sets, enumerations, numeric ranges, Fargate cpu/memory pairs and container limits.",
        why: "These values pass type checks and preview but fail at create time, leaving a half-applied update. Mandatory by default: the deployment would fail anyway.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Fix the named property as the message says. For autonamed resources, shorten the Pulumi resource name or set the name explicitly.",
        anchors: ["tflint-ruleset-aws (name and range rules)", "cdk-nag (none: CloudFormation validates these)"],
    },
    LIMIT_CHECKED_TYPES,
    reportLimits("error", true),
);

export const limitWarnings = resourcePolicy(
    {
        name: "aws-limit-warnings",
        area: "limits",
        description:
            "Resource inputs AWS accepts but that are likely mistakes for this platform (e.g. target group draining longer than the Fargate Spot notice).",
        why: "They deploy, then misbehave: Spot tasks killed before draining ends, awslogs without a stream prefix on Fargate.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps: "Adjust the named property as the message says, or waive the resource with a reason.",
        anchors: ["ecs-facts 2.2 (Fargate Spot)", "aws-cdk#1422 (awslogs stream prefix)"],
    },
    LIMIT_CHECKED_TYPES,
    reportLimits("warning", false),
);

/** Policies of the "limits" area. */
export const limitsPolicies: PlatformPolicy[] = [deployLimits, limitWarnings];
