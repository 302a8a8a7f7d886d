/** ELB target group ranges, and how they meet Fargate Spot. */
import { Check, TypeChecks } from "./context";
import { FARGATE_SPOT_NOTICE_SECONDS } from "./fargate";
import { AWS_TYPE } from "../aws-types";

/** ELB target group ranges (ELBv2 CreateTargetGroup / ModifyTargetGroupAttributes). */
export const TARGET_GROUP_LIMITS = {
    interval: [5, 300],
    timeout: [2, 120],
    healthyThreshold: [2, 10],
    unhealthyThreshold: [2, 10],
    deregistrationDelay: [0, 3600],
    slowStart: [30, 900],
} as const;

const targetGroupChecks: Check[] = [
    (ctx) => {
        const L = TARGET_GROUP_LIMITS;
        const interval = ctx.range("healthCheck.interval", ...L.interval);
        const timeout = ctx.range("healthCheck.timeout", ...L.timeout);
        ctx.range("healthCheck.healthyThreshold", ...L.healthyThreshold);
        ctx.range("healthCheck.unhealthyThreshold", ...L.unhealthyThreshold);
        if (interval !== undefined && timeout !== undefined && timeout >= interval) {
            ctx.error("healthCheck.timeout", `is ${timeout}; it must be smaller than the interval (${interval}).`);
        }
        const delay = ctx.range("deregistrationDelay", ...L.deregistrationDelay);
        if (delay !== undefined && delay > FARGATE_SPOT_NOTICE_SECONDS) {
            ctx.warn(
                "deregistrationDelay",
                `is ${delay} s; Fargate Spot tasks get ${FARGATE_SPOT_NOTICE_SECONDS} s notice, so draining would be cut short.`,
            );
        }
        const slowStart = ctx.number("slowStart");
        if (slowStart !== undefined && slowStart !== 0 && (slowStart < L.slowStart[0] || slowStart > L.slowStart[1])) {
            ctx.error("slowStart", `is ${slowStart}; allowed 0 (off) or ${L.slowStart[0]}-${L.slowStart[1]}.`);
        }
    },
];

export const LOAD_BALANCING_CHECKS: TypeChecks = {
    [AWS_TYPE.lb.TargetGroup]: targetGroupChecks,
    [AWS_TYPE.alb.TargetGroup]: targetGroupChecks,
};
