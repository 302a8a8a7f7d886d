/** Application Auto Scaling targets and policies of ECS services. */
import { Check, TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";

const scalingTargetChecks: Check[] = [
    (ctx) => {
        const min = ctx.range("minCapacity", 0, Number.MAX_SAFE_INTEGER);
        const max = ctx.range("maxCapacity", 0, Number.MAX_SAFE_INTEGER);
        if (min !== undefined && max !== undefined && min > max) {
            ctx.error("minCapacity", `(${min}) is greater than maxCapacity (${max}).`);
        }
        const namespace = ctx.value("serviceNamespace");
        if (namespace !== "ecs") return;
        const dimension = ctx.value("scalableDimension");
        if (typeof dimension === "string" && dimension !== "ecs:service:DesiredCount") {
            ctx.error("scalableDimension", 'must be "ecs:service:DesiredCount" for an ECS service.');
        }
        const resourceId = ctx.value("resourceId");
        if (typeof resourceId === "string" && !/^service\/[^/]+\/[^/]+$/.test(resourceId)) {
            ctx.error("resourceId", "must be service/<cluster name>/<service name> for an ECS service.");
        }
    },
];

const scalingPolicyChecks: Check[] = [
    (ctx) => {
        const tt = "targetTrackingScalingPolicyConfiguration";
        ctx.range(`${tt}.scaleInCooldown`, 0, Number.MAX_SAFE_INTEGER);
        ctx.range(`${tt}.scaleOutCooldown`, 0, Number.MAX_SAFE_INTEGER);
        ctx.range("stepScalingPolicyConfiguration.cooldown", 0, Number.MAX_SAFE_INTEGER);
    },
];

export const AUTOSCALING_CHECKS: TypeChecks = {
    [AWS_TYPE.appautoscaling.Target]: scalingTargetChecks,
    [AWS_TYPE.appautoscaling.Policy]: scalingPolicyChecks,
};
