/** CloudWatch Logs log groups. */
import { Check, TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";

/** Retention periods CloudWatch Logs offers (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const logGroupChecks: Check[] = [
    (ctx) => {
        const days = ctx.number("retentionInDays");
        if (days !== undefined && days !== 0 && !LOG_RETENTION_DAYS.includes(days)) {
            ctx.error("retentionInDays", `is ${days}; allowed 0 (never expire) or ${LOG_RETENTION_DAYS.join(", ")}.`);
        }
    },
];

export const LOGS_CHECKS: TypeChecks = { [AWS_TYPE.cloudwatch.LogGroup]: logGroupChecks };
