/**
 * What a deployment of one ECS service does, from its strategy and timing: the traffic steps,
 * the peak task count, and the worst-case minutes to complete and to roll back. The program sizes
 * the service's `customTimeouts` from it (so `waitForSteadyState` neither gives up on a healthy
 * canary nor waits forever on a stuck one) and the plan prints it.
 *
 * The durations are estimates with stated parts, not measurements:
 * - a task is ready after TASK_START_SECONDS (image pull through the VPC endpoints, container
 *   start; an assumption) plus the longer of the health-check grace period and the load balancer's
 *   healthy threshold x interval;
 * - rolling: ECS replaces (maximumPercent - minimumHealthyPercent) % of the desired count per wave
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html), each wave
 *   ends with the deregistration delay; with deployment alarms ECS then bakes for a period "based on
 *   the alarm configuration" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html),
 *   taken here as the alarms' evaluation window;
 * - canary/linear/blue-green: green scales to 100 % first, then traffic moves in steps with their
 *   bake times, then the deployment bake; linear bakes after every step but the last
 *   (CloudFormation's formula, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-service-canaryconfiguration.html
 *   and .../aws-properties-ecs-service-linearconfiguration.html); green and blue both run until
 *   clean-up, so the peak is twice the desired count
 *   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html);
 *   a rollback during the bake flips the listener weights back (no task start).
 */
import type { EcsDeploymentStrategy } from "./limits/ecs-deployment";

/** Assumed seconds from RunTask to a started container (pull through endpoints, start). */
export const TASK_START_SECONDS = 180;
/** Assumed seconds ECS needs to flip listener weights back on a traffic-shifting rollback. */
export const WEIGHT_FLIP_SECONDS = 60;
/** Timeout = ceil(TIMEOUT_FACTOR x (complete + roll back)) + TIMEOUT_MARGIN_MINUTES. */
export const TIMEOUT_FACTOR = 1.5;
export const TIMEOUT_MARGIN_MINUTES = 5;

export interface RolloutInputs {
    readonly strategy: EcsDeploymentStrategy;
    /** Deployment bake (traffic-shifting strategies). */
    readonly bakeTimeMinutes?: number;
    readonly canaryPercent?: number;
    readonly canaryBakeTimeMinutes?: number;
    readonly linearStepPercent?: number;
    readonly linearStepBakeTimeMinutes?: number;
    /** Rolling floor and ceiling, percent of desired. */
    readonly minimumHealthyPercent: number;
    readonly maximumPercent: number;
    readonly desiredCount: number;
    /** ECS ignores failing target health this long after a task starts (0 without a load balancer). */
    readonly healthCheckGraceSeconds: number;
    /** Load balancer: healthy threshold x interval (0 without one). */
    readonly targetHealthySeconds: number;
    /** Load balancer deregistration delay (0 without one). */
    readonly deregistrationDelaySeconds: number;
    /** Deployment alarms' evaluation window in minutes (0: no alarms). */
    readonly alarmWindowMinutes: number;
}

export interface TrafficStep {
    /** Share of production traffic on the new version after this step. */
    readonly trafficPercent: number;
    /** Minutes ECS waits at this share before the next step (the last step's is the deployment bake). */
    readonly bakeMinutes: number;
}

export interface RolloutFigures {
    readonly strategy: EcsDeploymentStrategy;
    /** Traffic steps (rolling: one step per wave, traffic follows the tasks). */
    readonly steps: readonly TrafficStep[];
    /** Rolling waves (1 for traffic-shifting strategies: green scales up at once). */
    readonly waves: number;
    /** Most tasks running at once during a deployment. */
    readonly peakTasks: number;
    /** Task-minutes run beyond the desired count during one deployment (what a deploy costs extra). */
    readonly extraTaskMinutes: number;
    readonly completeMinutes: number;
    readonly rollbackMinutes: number;
    /** customTimeouts create/update for waitForSteadyState: room to complete and then to roll back. */
    readonly timeoutMinutes: number;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function rolloutFigures(i: RolloutInputs): RolloutFigures {
    const readySeconds = TASK_START_SECONDS + Math.max(i.healthCheckGraceSeconds, i.targetHealthySeconds);
    const n = i.desiredCount;
    let steps: TrafficStep[];
    let waves = 1;
    let peakTasks: number;
    let completeSeconds: number;
    let rollbackSeconds: number;
    if (i.strategy === "ROLLING") {
        const perWave = i.maximumPercent - i.minimumHealthyPercent;
        waves = perWave > 0 ? Math.ceil(100 / perWave) : Number.POSITIVE_INFINITY;
        const waveSeconds = readySeconds + i.deregistrationDelaySeconds;
        steps = Array.from({ length: Number.isFinite(waves) ? waves : 0 }, (_, k) => ({
            trafficPercent: Math.min(100, round1(((k + 1) * 100) / waves)),
            bakeMinutes: 0,
        }));
        // ECS rounds the ceiling down; it never starts more new tasks than it replaces.
        peakTasks = Math.min(Math.floor((n * i.maximumPercent) / 100), 2 * n);
        completeSeconds = waves * waveSeconds + i.alarmWindowMinutes * 60;
        rollbackSeconds = waves * waveSeconds;
        const extra = Math.max(0, peakTasks - n);
        return figures(
            i.strategy,
            steps,
            waves,
            peakTasks,
            extra * (waves * waveSeconds),
            completeSeconds,
            rollbackSeconds,
        );
    }
    const bake = i.bakeTimeMinutes ?? 0;
    if (i.strategy === "CANARY") {
        steps = [
            { trafficPercent: i.canaryPercent ?? 0, bakeMinutes: i.canaryBakeTimeMinutes ?? 0 },
            { trafficPercent: 100, bakeMinutes: bake },
        ];
    } else if (i.strategy === "LINEAR") {
        const step = i.linearStepPercent ?? 100;
        const shifts = Math.ceil(100 / step - 1e-9);
        steps = Array.from({ length: shifts }, (_, k) => ({
            trafficPercent: Math.min(100, round1((k + 1) * step)),
            bakeMinutes: k + 1 < shifts ? (i.linearStepBakeTimeMinutes ?? 0) : bake,
        }));
    } else {
        steps = [{ trafficPercent: 100, bakeMinutes: bake }];
    }
    peakTasks = 2 * n;
    const bakes = steps.reduce((sum, s) => sum + s.bakeMinutes * 60, 0);
    completeSeconds = readySeconds + bakes + i.deregistrationDelaySeconds;
    rollbackSeconds = WEIGHT_FLIP_SECONDS + i.deregistrationDelaySeconds;
    return figures(i.strategy, steps, waves, peakTasks, n * completeSeconds, completeSeconds, rollbackSeconds);
}

function figures(
    strategy: EcsDeploymentStrategy,
    steps: TrafficStep[],
    waves: number,
    peakTasks: number,
    extraTaskSeconds: number,
    completeSeconds: number,
    rollbackSeconds: number,
): RolloutFigures {
    const completeMinutes = round1(completeSeconds / 60);
    const rollbackMinutes = round1(rollbackSeconds / 60);
    const timeoutMinutes = Number.isFinite(completeSeconds)
        ? Math.ceil((TIMEOUT_FACTOR * (completeSeconds + rollbackSeconds)) / 60) + TIMEOUT_MARGIN_MINUTES
        : Number.POSITIVE_INFINITY;
    return {
        strategy,
        steps,
        waves,
        peakTasks,
        extraTaskMinutes: round1(extraTaskSeconds / 60),
        completeMinutes,
        rollbackMinutes,
        timeoutMinutes,
    };
}
