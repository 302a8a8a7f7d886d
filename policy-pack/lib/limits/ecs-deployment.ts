/**
 * ECS deployment rules: the strategy, its bake times and traffic steps, the load balancer's
 * advanced configuration, the circuit breaker and the deployment alarms. One home for the ranges
 * the program's config (config/deployment.ts) and the limits lint both judge against.
 *
 * Sources:
 * - strategy, bake time (required for BLUE_GREEN): https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 * - canary 0.1-100 in steps of 0.1, bake 0-1440: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
 * - linear step 3-100 in steps of 0.1, bake 0-1440: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
 * - circuit breaker only for rolling: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
 * - alternate target group, production listener rule, role: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
 * - managed traffic shifting needs ELB or Service Connect: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
 * - alarms (names required): https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentAlarms.html
 * - sigintRollback needs waitForSteadyState: @pulumi/aws 7.48.0 ecs/service.d.ts
 */
import { asList, asNumber, at, UNKNOWN } from "../known-values";
import { Check, LimitContext } from "./context";

export const ECS_DEPLOYMENT_STRATEGIES = ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"] as const;
export type EcsDeploymentStrategy = (typeof ECS_DEPLOYMENT_STRATEGIES)[number];

/** The API ranges of the deployment parameters. */
export const ECS_DEPLOYMENT_LIMITS = {
    bakeTimeMinutes: { min: 0, max: 1440 },
    canaryPercent: { min: 0.1, max: 100, step: 0.1 },
    linearStepPercent: { min: 3, max: 100, step: 0.1 },
    /** Rolling: the floor is 0-100 % of desired, the ceiling at least 100 % (API DeploymentConfiguration). */
    minimumHealthyPercent: { min: 0, max: 100 },
    maximumPercent: { min: 100, max: Number.MAX_SAFE_INTEGER },
} as const;

/** True when `v` is a multiple of 0.1 (within float noise): 10, 12.5 and 0.1 are, 0.15 is not. */
export function isTenth(v: number): boolean {
    return Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;
}

/** A bake time the provider takes as a string ("10"); the API takes whole minutes 0-1440. */
function bake(ctx: LimitContext, path: string, required: boolean): void {
    const v = ctx.value(path);
    if (v === UNKNOWN) return;
    if (v === undefined || v === null || v === "") {
        if (required) ctx.error(path, "is required for this strategy.");
        return;
    }
    const n = asNumber(v);
    const { min, max } = ECS_DEPLOYMENT_LIMITS.bakeTimeMinutes;
    if (n === undefined || !Number.isInteger(n) || n < min || n > max)
        ctx.error(path, `must be whole minutes ${min}-${max}.`);
}

function percentStep(ctx: LimitContext, path: string, limit: { min: number; max: number; step: number }): void {
    const v = ctx.value(path);
    if (v === UNKNOWN) return;
    if (v === undefined || v === null) return ctx.error(path, "is required for this strategy.");
    const n = asNumber(v);
    if (n === undefined || n < limit.min || n > limit.max || !isTenth(n))
        ctx.error(path, `must be ${limit.min}-${limit.max} in steps of ${limit.step}.`);
}

export const deploymentChecks: Check = (ctx) => {
    const raw = ctx.value("deploymentConfiguration.strategy");
    if (raw === UNKNOWN) return;
    const strategy = raw === undefined || raw === null ? "ROLLING" : String(raw);
    if (!(ECS_DEPLOYMENT_STRATEGIES as readonly string[]).includes(strategy)) {
        return ctx.error("deploymentConfiguration.strategy", `must be one of ${ECS_DEPLOYMENT_STRATEGIES.join(", ")}.`);
    }
    const shifting = strategy !== "ROLLING";
    ctx.range(
        "deploymentMaximumPercent",
        ECS_DEPLOYMENT_LIMITS.maximumPercent.min,
        ECS_DEPLOYMENT_LIMITS.maximumPercent.max,
    );
    bake(ctx, "deploymentConfiguration.bakeTimeInMinutes", strategy === "BLUE_GREEN");
    if (strategy === "CANARY") {
        percentStep(
            ctx,
            "deploymentConfiguration.canaryConfiguration.canaryPercent",
            ECS_DEPLOYMENT_LIMITS.canaryPercent,
        );
        bake(ctx, "deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes", false);
    } else if (at(ctx.props, "deploymentConfiguration", "canaryConfiguration") !== undefined) {
        ctx.warn("deploymentConfiguration.canaryConfiguration", `is ignored by the ${strategy} strategy.`);
    }
    if (strategy === "LINEAR") {
        percentStep(
            ctx,
            "deploymentConfiguration.linearConfiguration.stepPercent",
            ECS_DEPLOYMENT_LIMITS.linearStepPercent,
        );
        bake(ctx, "deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes", false);
    } else if (at(ctx.props, "deploymentConfiguration", "linearConfiguration") !== undefined) {
        ctx.warn("deploymentConfiguration.linearConfiguration", `is ignored by the ${strategy} strategy.`);
    }
    if (shifting) {
        const controller = ctx.value("deploymentController.type");
        if (typeof controller === "string" && controller !== "ECS")
            ctx.error("deploymentController.type", `must be ECS for the ${strategy} strategy.`);
        if (at(ctx.props, "deploymentCircuitBreaker", "enable") === true)
            ctx.error(
                "deploymentCircuitBreaker.enable",
                "is only valid with the ROLLING strategy; alarms detect failures here.",
            );
        const lbs = ctx.value("loadBalancers");
        const sc = ctx.value("serviceConnectConfiguration.enabled");
        const lbList = lbs === UNKNOWN ? [] : asList(lbs);
        lbList.forEach((lb, i) => {
            for (const field of ["alternateTargetGroupArn", "productionListenerRule", "roleArn"]) {
                // An unknown ARN (preview) is one the stack creates: present, so nothing to judge.
                const v = at(lb, "advancedConfiguration", field);
                if (v === undefined || v === null || v === "")
                    ctx.error(
                        `loadBalancers[${i}].advancedConfiguration.${field}`,
                        `is required for the ${strategy} strategy.`,
                    );
            }
            const primary = at(lb, "targetGroupArn");
            const alternate = at(lb, "advancedConfiguration", "alternateTargetGroupArn");
            if (typeof primary === "string" && primary !== "" && primary === alternate)
                ctx.error(
                    `loadBalancers[${i}].advancedConfiguration.alternateTargetGroupArn`,
                    "must differ from targetGroupArn.",
                );
        });
        if (lbs !== UNKNOWN && sc !== UNKNOWN && lbList.length === 0 && sc !== true) {
            const message = "needs a load balancer or Service Connect for managed traffic shifting.";
            if (strategy === "BLUE_GREEN") ctx.warn("deploymentConfiguration.strategy", message);
            else ctx.error("deploymentConfiguration.strategy", message);
        }
    }
    const enable = ctx.value("alarms.enable");
    const names = ctx.value("alarms.alarmNames");
    if (enable === true && names !== UNKNOWN && asList(names).length === 0)
        ctx.error("alarms.alarmNames", "is empty while alarms are enabled.");
    const sigint = ctx.value("sigintRollback");
    const wait = ctx.value("waitForSteadyState");
    if (sigint === true && wait !== UNKNOWN && wait !== true)
        ctx.error("sigintRollback", "requires waitForSteadyState to be true.");
};
