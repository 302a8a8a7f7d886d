/** Runs every limit this table knows for one resource: its name rule, then its family's checks. */
import { Check, LimitContext, LimitEvaluation, LimitFinding, TypeChecks } from "./context";
import { AUTOSCALING_CHECKS } from "./autoscaling";
import { ECS_CHECKS } from "./ecs";
import { IAM_CHECKS } from "./iam";
import { LOAD_BALANCING_CHECKS } from "./load-balancing";
import { LOGS_CHECKS } from "./logs";
import { checkName, NAME_RULES } from "./names";
import { SECURITY_GROUP_CHECKS } from "./security-groups";
import { TASK_DEFINITION_CHECKS } from "./task-definition";
import { TEXT_FIELD_CHECKS } from "./text-fields";
import { WAF_CHECKS } from "./waf";

/** Checks beyond names, by type token; families naming the same type add up (none replaces another's). */
const TYPE_CHECKS: TypeChecks = [
    LOAD_BALANCING_CHECKS,
    ECS_CHECKS,
    TASK_DEFINITION_CHECKS,
    LOGS_CHECKS,
    SECURITY_GROUP_CHECKS,
    AUTOSCALING_CHECKS,
    IAM_CHECKS,
    WAF_CHECKS,
    TEXT_FIELD_CHECKS,
].reduce<Record<string, Check[]>>((all, family) => {
    for (const [type, checks] of Object.entries(family)) all[type] = [...(all[type] ?? []), ...checks];
    return all;
}, {});

/** Evaluates every deploy-time limit this table knows for one resource's inputs. */
export function evaluateResourceLimits(
    type: string,
    props: Record<string, unknown>,
    name: string,
    resourceUrn?: string,
): LimitEvaluation {
    const ctx = new LimitContext(type, props, name, resourceUrn);
    const rule = NAME_RULES[type];
    if (rule) checkName(ctx, rule);
    for (const check of TYPE_CHECKS[type] ?? []) check(ctx);
    return { findings: ctx.findings, unknownProperties: ctx.unknownProperties };
}

/** The findings of `evaluateResourceLimits` (checks needing unknown values are skipped). */
export function checkResourceLimits(
    type: string,
    props: Record<string, unknown>,
    name: string,
    resourceUrn?: string,
): LimitFinding[] {
    return [...evaluateResourceLimits(type, props, name, resourceUrn).findings];
}

/** Every type token `evaluateResourceLimits` has a rule for. */
export const LIMIT_CHECKED_TYPES: readonly string[] = [
    ...new Set([...Object.keys(NAME_RULES), ...Object.keys(TYPE_CHECKS)]),
].sort();
