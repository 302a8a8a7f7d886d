/**
 * Thresholds of the alarms that roll a deployment back (components/deployment-alarms.ts): the
 * stack's `deployment.alarms`, and per service `services.<name>.alarms` overriding any of them.
 * Services behind the ALB (kind http) are watched on their target groups (5xx rate, p99 response
 * time, unhealthy targets); the others on their own CPU and memory.
 */
import { z } from "zod";
import type { KeyedIssue } from "./describe";
import { int, num, percent } from "./fields";

const thresholdShape = {
    /** One-minute periods an alarm looks at. Default 3. */
    evaluationMinutes: int(1, 30),
    /** Breaching minutes among them that trip it. Default 2 (one bad minute is noise). */
    datapointsToAlarm: int(1, 30),
    /** http: target 5xx responses, percent of requests. Default 5. */
    http5xxRatePercent: percent(),
    /** http: below this many requests a minute the 5xx rate counts as 0 (1 failure in 2 is not 50 %). Default 10. */
    httpMinimumRequests: int(1, 1_000_000),
    /** http: p99 TargetResponseTime, seconds; requests wait on Bedrock, so tens of seconds are normal. Default 30. */
    httpP99ResponseTimeSeconds: num(z.number().min(0.1).max(4000)),
    /** http: unhealthy targets (Minimum over the minute) that trip the alarm. Default 1. */
    httpUnhealthyTargets: int(1, 1000),
    /** internal, worker: average CPU of the service, percent (autoscaling holds 70). Default 90. */
    cpuPercent: percent(),
    /** internal, worker: average memory of the service, percent (autoscaling holds 80). Default 90. */
    memoryPercent: percent(),
};

/** The defaults, one home (each documented on its key above). */
export const ALARM_DEFAULTS = {
    evaluationMinutes: 3,
    datapointsToAlarm: 2,
    http5xxRatePercent: 5,
    httpMinimumRequests: 10,
    httpP99ResponseTimeSeconds: 30,
    httpUnhealthyTargets: 1,
    cpuPercent: 90,
    memoryPercent: 90,
} as const satisfies Record<keyof typeof thresholdShape, number>;

type Shape = typeof thresholdShape;
const withDefaults = Object.fromEntries(
    Object.entries(thresholdShape).map(([k, s]) => [k, s.default(ALARM_DEFAULTS[k as keyof Shape])]),
) as { [K in keyof Shape]: ReturnType<Shape[K]["default"]> };
const optional = Object.fromEntries(Object.entries(thresholdShape).map(([k, s]) => [k, s.optional()])) as {
    [K in keyof Shape]: ReturnType<Shape[K]["optional"]>;
};

/** `deployment.alarms`: the stack's thresholds. */
export const alarmsSchema = z.object(withDefaults).strict();
/** `services.<name>.alarms`: any threshold, for one service. */
export const alarmOverridesSchema = z.object(optional).strict();

export type AlarmThresholds = z.output<typeof alarmsSchema>;
export type AlarmOverrides = z.output<typeof alarmOverridesSchema>;

/**
 * CloudWatch requires datapoints <= periods; checked on what a section ends up with, and reported
 * at the key the section itself sets (`set`: its own keys), so a service that overrides neither
 * is not blamed for the stack's values.
 */
export function alarmIssues(
    path: readonly (string | number)[],
    a: AlarmThresholds,
    set: Partial<AlarmThresholds> = a,
): KeyedIssue[] {
    if (a.datapointsToAlarm <= a.evaluationMinutes) return [];
    if (set.datapointsToAlarm === undefined && set.evaluationMinutes === undefined) return [];
    return [
        set.datapointsToAlarm !== undefined
            ? {
                  path: [...path, "datapointsToAlarm"],
                  message: `is greater than evaluationMinutes (${a.evaluationMinutes}); CloudWatch requires datapoints <= periods: lower it or raise evaluationMinutes`,
              }
            : {
                  path: [...path, "evaluationMinutes"],
                  message: `is less than datapointsToAlarm (${a.datapointsToAlarm}); CloudWatch requires datapoints <= periods: raise it or lower datapointsToAlarm`,
              },
    ];
}

/** The stack's thresholds with one service's overrides. */
export function resolveAlarms(stack: AlarmThresholds, overrides: AlarmOverrides): AlarmThresholds {
    const set = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
    return { ...stack, ...set };
}
