/** ECS services, capacity provider strategies and clusters. */
import { asList, at, UNKNOWN } from "../known-values";
import { Check, LimitContext, TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";
import { deploymentChecks } from "./ecs-deployment";

/** Capacity-provider ranges (ECS API CapacityProviderStrategyItem). */
export const CAPACITY_PROVIDER_WEIGHT_MAX = 1000;
export const CAPACITY_PROVIDER_BASE_MAX = 100000;

export const CONTAINER_INSIGHTS_VALUES: readonly string[] = ["enabled", "enhanced", "disabled"];

/** Capacity provider strategy rules (ECS CapacityProviderStrategyItem and CreateService). */
function checkStrategy(ctx: LimitContext, property: string): void {
    const raw = ctx.value(property);
    if (raw === UNKNOWN || !Array.isArray(raw) || raw.length === 0) return;
    let withBase = 0;
    let positiveWeights = 0;
    raw.forEach((item, i) => {
        const label = `${property}[${i}]`;
        const base = ctx.range("base", 0, CAPACITY_PROVIDER_BASE_MAX, item, `${label}.base`);
        const weight = ctx.range("weight", 0, CAPACITY_PROVIDER_WEIGHT_MAX, item, `${label}.weight`);
        if (base !== undefined && base > 0) withBase++;
        if (weight !== undefined && weight > 0) positiveWeights++;
        if (at(item, "weight") === UNKNOWN) positiveWeights++;
    });
    if (withBase > 1) ctx.error(property, "gives a base to more than one capacity provider; only one may have a base.");
    if (positiveWeights === 0)
        ctx.error(property, "has no capacity provider with a weight above 0 (the API default is 0).");
}

const serviceChecks: Check[] = [
    (ctx) => {
        ctx.range("desiredCount", 0, Number.MAX_SAFE_INTEGER);
        ctx.range("deploymentMinimumHealthyPercent", 0, 100);
        ctx.range("healthCheckGracePeriodSeconds", 0, 2147483647);
        const launchType = ctx.value("launchType");
        const strategies = ctx.value("capacityProviderStrategies");
        if (typeof launchType === "string" && Array.isArray(strategies) && strategies.length > 0) {
            ctx.error("launchType", "conflicts with capacityProviderStrategies; set only one.");
        }
        checkStrategy(ctx, "capacityProviderStrategies");
    },
    deploymentChecks,
];

const clusterChecks: Check[] = [
    (ctx) => {
        const settings = ctx.value("settings");
        if (settings === UNKNOWN) return;
        asList(settings).forEach((s, i) => {
            const name = at(s, "name");
            const value = at(s, "value");
            if (name === UNKNOWN || value === UNKNOWN) return ctx.unknown(`settings[${i}]`);
            if (name !== "containerInsights") {
                return ctx.error(`settings[${i}].name`, 'must be "containerInsights" (the only cluster setting).');
            }
            if (typeof value !== "string" || !CONTAINER_INSIGHTS_VALUES.includes(value)) {
                ctx.error(`settings[${i}].value`, `must be one of ${CONTAINER_INSIGHTS_VALUES.join(", ")}.`);
            }
        });
    },
];

export const ECS_CHECKS: TypeChecks = {
    [AWS_TYPE.ecs.Service]: serviceChecks,
    [AWS_TYPE.ecs.ClusterCapacityProviders]: [(ctx) => checkStrategy(ctx, "defaultCapacityProviderStrategies")],
    [AWS_TYPE.ecs.Cluster]: clusterChecks,
};
