/**
 * Policies of the "ecs" area on rollouts: a production service must roll itself back (circuit
 * breaker on rolling deployments, alarms on every strategy), and the alarms a deployment watches
 * must exist in the stack (a misspelt name disarms the rollback without a word: ECS only reacts to
 * an alarm that goes into ALARM, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html).
 *
 * The circuit breaker applies to rolling deployments only
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html);
 * canary, linear and blue/green rely on the alarms.
 */
import { resourcePolicy, stackPolicy } from "./lib/define-policy";
import { asBoolean, asList, asText, at, isUnknown } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";

/** The service's strategy as the API names it (unset = ROLLING), or undefined while unknown. */
export function deploymentStrategyOf(props: Record<string, unknown>): string | undefined {
    const raw = at(props, "deploymentConfiguration", "strategy");
    if (isUnknown(raw)) return undefined;
    return raw === undefined || raw === null ? "ROLLING" : String(raw);
}

export const autoRollback = resourcePolicy(
    {
        name: "ecs-deployment-auto-rollback",
        area: "ecs",
        description:
            "ECS services roll a failed deployment back by themselves: deployment alarms enabled with rollback " +
            "(every strategy) and, on rolling deployments, the circuit breaker with rollback.",
        why:
            "The circuit breaker only sees tasks that fail to start or to turn healthy; a version that starts but " +
            "answers 5xx or slowly passes it. Alarms catch that, and are the only guard of canary, linear and " +
            "blue/green deployments. Mandatory in prod's policy config, advisory elsewhere.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `alarms: { enable: true, rollback: true, alarmNames: [...] }` and, for the ROLLING strategy, " +
            "`deploymentCircuitBreaker: { enable: true, rollback: true }` (config `deployment` does both).",
        anchors: ["architecture: ECS deployment alarms and circuit breaker (rollout-facts 3, 4)"],
    },
    [AWS_TYPE.ecs.Service],
    (props, args, report) => {
        const controller = at(props, "deploymentController", "type");
        if (isUnknown(controller)) return cannotDecide("deploymentController.type");
        if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") {
            return args.notApplicable("deployment alarms and the circuit breaker apply to the ECS controller only");
        }
        const strategy = deploymentStrategyOf(props);
        if (strategy === undefined) return cannotDecide("deploymentConfiguration.strategy");
        const enable = at(props, "alarms", "enable");
        const rollback = at(props, "alarms", "rollback");
        const names = at(props, "alarms", "alarmNames");
        if (isUnknown(enable) || isUnknown(rollback) || isUnknown(names)) return cannotDecide("alarms");
        if (asBoolean(enable) !== true) report("deployment alarms are not enabled (alarms.enable).");
        else if (asBoolean(rollback) !== true) report("deployment alarms do not roll back (alarms.rollback).");
        else if (asList(names).length === 0) report("deployment alarms name no alarm (alarms.alarmNames).");
        if (strategy !== "ROLLING") return;
        const cbEnable = at(props, "deploymentCircuitBreaker", "enable");
        const cbRollback = at(props, "deploymentCircuitBreaker", "rollback");
        if (isUnknown(cbEnable) || isUnknown(cbRollback)) return cannotDecide("deploymentCircuitBreaker");
        if (asBoolean(cbEnable) !== true) report("a rolling deployment without the circuit breaker.");
        else if (asBoolean(cbRollback) !== true) report("the circuit breaker does not roll back.");
    },
);

interface AlarmsExistConfig {
    /** Alarm names managed outside the stack that deployments may watch. */
    readonly externalAlarmNames?: readonly string[];
}

export const deploymentAlarmsExist = stackPolicy(
    {
        name: "ecs-deployment-alarms-exist",
        area: "ecs",
        description:
            "Every alarm name in an ECS service's `alarms.alarmNames` is the name of a CloudWatch metric alarm of " +
            "the stack (or listed in `externalAlarmNames`).",
        why:
            "ECS looks alarms up by name; a name no alarm has never goes into ALARM, so the rollback it was meant " +
            "to trigger silently never happens.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Fix the name, create the alarm in the stack, or list an alarm managed elsewhere in `externalAlarmNames`.",
        anchors: ["architecture: deployment alarms reference real alarms (rollout-facts 3)"],
        config: {
            externalAlarmNames: {
                type: "array",
                items: { type: "string" },
                description: "Alarm names managed outside the stack that deployments may watch.",
            },
        },
    },
    (args, report) => {
        const external = new Set(args.getConfig<AlarmsExistConfig>().externalAlarmNames ?? []);
        const alarms = args.resources.filter((r) => r.type === AWS_TYPE.cloudwatch.MetricAlarm);
        const known = new Set<string>();
        let unknownAlarm: string | undefined;
        for (const a of alarms) {
            const n = at(a.props, "name");
            if (isUnknown(n)) unknownAlarm ??= `${a.name}.name`;
            else if (typeof n === "string") known.add(n);
        }
        const pending: string[] = [];
        for (const service of args.resources.filter((r) => r.type === AWS_TYPE.ecs.Service)) {
            const names = at(service.props, "alarms", "alarmNames");
            if (isUnknown(names)) {
                pending.push(`${service.name}.alarms.alarmNames`);
                continue;
            }
            asList(names).forEach((raw, i) => {
                const name = asText(raw);
                if (name === undefined || isUnknown(raw)) pending.push(`${service.name}.alarms.alarmNames[${i}]`);
                else if (known.has(name) || external.has(name)) return;
                else if (unknownAlarm) pending.push(unknownAlarm);
                else report(`alarms.alarmNames[${i}] names no metric alarm of the stack: ${name}.`, service.urn);
            });
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);

export const ecsRolloutPolicies = [autoRollback, deploymentAlarmsExist];
