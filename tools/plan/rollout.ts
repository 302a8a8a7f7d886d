/**
 * The plan's "Rollout" section: per ECS service, read from the evaluated graph (not from config),
 * its strategy and traffic steps, the peak task count during a deploy and what the extra tasks
 * cost per deploy, the worst-case minutes to complete and to roll back (policy-pack/lib/rollout.ts,
 * the same math that sizes the program's `customTimeouts`), the timeout `pulumi up` waits with,
 * and the alarms that roll the deploy back.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { ECS_DEPLOYMENT_STRATEGIES, EcsDeploymentStrategy } from "../../policy-pack/lib/aws-limits";
import { rolloutFigures, TrafficStep } from "../../policy-pack/lib/rollout";
import { planServices } from "./services";
import { PlanGraph } from "./graph";
import { serviceLabel } from "./cost";
import { PRICES } from "./prices";

export interface ServiceRolloutReport {
    readonly service: string;
    readonly strategy: EcsDeploymentStrategy;
    readonly steps: readonly TrafficStep[];
    readonly circuitBreakerRollback: boolean;
    readonly alarmRollback: boolean;
    /** Tasks the figures assume (desired count; config's when the service is in bootstrap mode). */
    readonly desiredCount: number;
    readonly peakTasks: number;
    /** On-demand price of the tasks run beyond the desired count during one deploy. */
    readonly extraCostPerDeployUsd: number;
    readonly completeMinutes: number;
    readonly rollbackMinutes: number;
    /** `customTimeouts.update` the service waits with (set in bootstrap mode too, for the first real deploy). */
    readonly timeout?: string;
    readonly waitsForSteadyState: boolean;
    /** ECS Exec on: the command that opens a session. */
    readonly execCommand?: string;
    readonly alarms: readonly { readonly name: string; readonly watches: string; readonly exists: boolean }[];
}

const num = (v: unknown): number | undefined => {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};
const rec = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The configured `desiredCount` of a service (services.ts reads the resolved map). */
function configuredDesired(graph: PlanGraph, service: string): number | undefined {
    return planServices(graph).find((s) => s.name === service)?.counts?.desired;
}

/** What an alarm watches, in a few words ("TargetResponseTime p99 > 30"). */
function watches(props: Record<string, unknown>): string {
    const op = String(props.comparisonOperator ?? "").startsWith("GreaterThanOrEqual") ? ">=" : ">";
    if (props.metricName !== undefined) {
        const stat = props.extendedStatistic ?? props.statistic ?? "";
        return `${String(props.metricName)} ${String(stat)} ${op} ${String(props.threshold)}`;
    }
    const queries = Array.isArray(props.metricQueries) ? props.metricQueries.map(rec) : [];
    const result = queries.find((q) => q.returnData === true);
    return `${String(result?.label ?? result?.expression ?? "expression")} ${op} ${String(props.threshold)}`;
}

export function rolloutOf(graph: PlanGraph): ServiceRolloutReport[] {
    const alarmsByName = new Map<string, Record<string, unknown>>();
    for (const a of graph.ofType(AWS_TYPE.cloudwatch.MetricAlarm)) {
        const p = graph.props(a);
        if (typeof p.name === "string") alarmsByName.set(p.name, p);
    }
    return graph.ofType(AWS_TYPE.ecs.Service).map((svc) => {
        const props = graph.props(svc);
        const config = rec(props.deploymentConfiguration);
        const raw = config.strategy === undefined ? "ROLLING" : String(config.strategy);
        const strategy = (ECS_DEPLOYMENT_STRATEGIES as readonly string[]).includes(raw)
            ? (raw as EcsDeploymentStrategy)
            : "ROLLING";
        const name = serviceLabel(graph, svc);
        const live = num(props.desiredCount) ?? 0;
        const desiredCount = live > 0 ? live : (configuredDesired(graph, name) ?? live);
        const binding = Array.isArray(props.loadBalancers) ? rec(props.loadBalancers[0]) : {};
        // The primary group; in a preview ARNs are unknown and both groups share their settings.
        const groups = graph.referencedPath(svc, "loadBalancers", [AWS_TYPE.lb.TargetGroup]).map((g) => graph.props(g));
        const group = groups.find((g) => g.arn === binding.targetGroupArn) ?? groups[0];
        const health = rec(group?.healthCheck);
        const alarm = rec(props.alarms);
        const names = Array.isArray(alarm.alarmNames) ? alarm.alarmNames.map(String) : [];
        const windows = names
            .map((n) => alarmsByName.get(n))
            .filter((a): a is Record<string, unknown> => a !== undefined)
            .map((a) => ((num(a.evaluationPeriods) ?? 1) * (num(a.period) ?? 60)) / 60);
        const figures = rolloutFigures({
            strategy,
            bakeTimeMinutes: num(config.bakeTimeInMinutes),
            canaryPercent: num(rec(config.canaryConfiguration).canaryPercent),
            canaryBakeTimeMinutes: num(rec(config.canaryConfiguration).canaryBakeTimeInMinutes),
            linearStepPercent: num(rec(config.linearConfiguration).stepPercent),
            linearStepBakeTimeMinutes: num(rec(config.linearConfiguration).stepBakeTimeInMinutes),
            minimumHealthyPercent: num(props.deploymentMinimumHealthyPercent) ?? 100,
            maximumPercent: num(props.deploymentMaximumPercent) ?? 200,
            desiredCount,
            healthCheckGraceSeconds: num(props.healthCheckGracePeriodSeconds) ?? 0,
            targetHealthySeconds: group ? (num(health.interval) ?? 30) * (num(health.healthyThreshold) ?? 5) : 0,
            deregistrationDelaySeconds: group ? (num(group.deregistrationDelay) ?? 300) : 0,
            alarmWindowMinutes: alarm.enable === true ? Math.max(0, ...windows) : 0,
        });
        const td = graph.referencedPath(svc, "taskDefinition", [AWS_TYPE.ecs.TaskDefinition])[0];
        const tdProps = td ? graph.props(td) : {};
        const arm = rec(tdProps.runtimePlatform).cpuArchitecture === "ARM64";
        const taskHour =
            ((num(tdProps.cpu) ?? 0) / 1024) * PRICES.prices[arm ? "fargateArmVcpuHour" : "fargateVcpuHour"].value +
            ((num(tdProps.memory) ?? 0) / 1024) * PRICES.prices[arm ? "fargateArmGbHour" : "fargateGbHour"].value;
        const breaker = rec(props.deploymentCircuitBreaker);
        const waits = props.waitForSteadyState === true;
        return {
            service: name,
            strategy,
            steps: figures.steps,
            circuitBreakerRollback: breaker.enable === true && breaker.rollback === true,
            alarmRollback: alarm.enable === true && alarm.rollback === true && names.length > 0,
            desiredCount,
            peakTasks: figures.peakTasks,
            extraCostPerDeployUsd: Math.round((figures.extraTaskMinutes / 60) * taskHour * 10000) / 10000,
            completeMinutes: figures.completeMinutes,
            rollbackMinutes: figures.rollbackMinutes,
            ...(svc.customTimeouts?.update ? { timeout: svc.customTimeouts.update } : {}),
            waitsForSteadyState: waits,
            // ECS Exec: the command an operator starts a session with (the task id from list-tasks).
            ...(props.enableExecuteCommand === true
                ? {
                      execCommand:
                          `aws ecs execute-command --cluster ${clusterNameOf(props.cluster)} --task <task-id> ` +
                          `--container ${name} --interactive --command /bin/sh`,
                  }
                : {}),
            alarms: names.map((n) => {
                const a = alarmsByName.get(n);
                return { name: n, watches: a ? watches(a) : "(no such alarm in the stack)", exists: a !== undefined };
            }),
        };
    });
}

/** "10 % for 5 min -> 100 %, bake 10 min" (rolling: "2 wave(s)"). */
export function stepsText(r: ServiceRolloutReport): string {
    if (r.strategy === "ROLLING") return `${r.steps.length} wave(s), traffic follows the tasks`;
    return r.steps
        .map((s, i) =>
            i === r.steps.length - 1
                ? `${s.trafficPercent} %, bake ${s.bakeMinutes} min`
                : `${s.trafficPercent} % for ${s.bakeMinutes} min`,
        )
        .join(" -> ");
}

/** The cluster's name from the service's `cluster` input (an ARN `...:cluster/<name>`, or the name). */
function clusterNameOf(cluster: unknown): string {
    const text = typeof cluster === "string" ? cluster : "<cluster>";
    return text.slice(text.lastIndexOf("/") + 1);
}
