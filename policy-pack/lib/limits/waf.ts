/**
 * AWS WAF web ACLs and their logging: capacity (WCUs), rule and metric names, rate-rule settings, the
 * Region of CLOUDFRONT-scope ACLs and the `aws-waf-logs-` log-group prefix. Numbers and sources:
 * ../edge-facts.ts.
 */
import { asList, asText, at, isUnknown } from "../known-values";
import { Check, LimitContext, TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";
import {
    CLOUDFRONT_CONTROL_REGION,
    MANAGED_RULE_GROUP_WCU,
    RATE_BASED_CUSTOM_KEY_WCU,
    RATE_BASED_WCU,
    WAF_LOG_GROUP_PREFIX,
    WAF_METRIC_NAME_PATTERN,
    WAF_NAME_PATTERN,
    WAF_RATE_LIMIT_MAX,
    WAF_RATE_LIMIT_MIN,
    WAF_RESERVED_METRIC_NAMES,
    WEB_ACL_WCU_LIMIT,
} from "../edge-facts";

/** A web ACL may not exceed this many WCUs at all ("a hard maximum of 5,000", edge-facts.md §2.2). */
export const WEB_ACL_WCU_HARD_MAX = 5000;
/** Rate-based rule windows and limits (waf-rule-statement-type-rate-based-high-level-settings.html). */
const RATE_WINDOWS = [60, 120, 300, 600];

/** The WCUs of the rules this table can price; `unpriced` lists the statements it cannot. */
export function webAclWcu(rules: unknown): { wcu: number; unpriced: string[] } {
    let wcu = 0;
    const unpriced: string[] = [];
    asList(rules).forEach((rule, i) => {
        const managed = at(rule, "statement", "managedRuleGroupStatement", "name");
        const rate = at(rule, "statement", "rateBasedStatement");
        if (typeof managed === "string") {
            if (managed in MANAGED_RULE_GROUP_WCU) wcu += MANAGED_RULE_GROUP_WCU[managed];
            else unpriced.push(`rules[${i}] (${/^AWSManagedRules\w+$/.test(managed) ? managed : "a managed group"})`);
        } else if (rate !== undefined && rate !== null && !isUnknown(rate)) {
            wcu += RATE_BASED_WCU + RATE_BASED_CUSTOM_KEY_WCU * asList(at(rate, "customKeys")).length;
        } else {
            unpriced.push(`rules[${i}]`);
        }
    });
    return { wcu, unpriced };
}

function metricName(ctx: LimitContext, path: string, from: unknown): void {
    const name = ctx.value("metricName", from, `${path}.metricName`);
    if (isUnknown(name) || name === undefined) return;
    const text = asText(name) ?? "";
    if (!WAF_METRIC_NAME_PATTERN.test(text)) {
        ctx.error(`${path}.metricName`, "must be 1-255 of letters, digits and _#:./- (no spaces).");
    } else if (WAF_RESERVED_METRIC_NAMES.includes(text)) {
        ctx.error(`${path}.metricName`, `is reserved by AWS WAF (${WAF_RESERVED_METRIC_NAMES.join(", ")}).`);
    }
}

const webAclChecks: Check[] = [
    (ctx) => {
        const rules = ctx.value("rules");
        if (isUnknown(rules)) return;
        const { wcu, unpriced } = webAclWcu(rules);
        if (wcu > WEB_ACL_WCU_HARD_MAX) {
            ctx.error("rules", `need at least ${wcu} WCUs; a web ACL holds at most ${WEB_ACL_WCU_HARD_MAX}.`);
        } else if (wcu > WEB_ACL_WCU_LIMIT) {
            ctx.warn(
                "rules",
                `need at least ${wcu} WCUs, over the ${WEB_ACL_WCU_LIMIT} the base price covers (billed extra).`,
            );
        }
        if (unpriced.length > 0) {
            ctx.warn("rules", `WCUs unknown to this lint for ${unpriced.join(", ")}; the total may be higher.`);
        }
    },
    (ctx) => {
        const rules = ctx.value("rules");
        if (isUnknown(rules)) return;
        const priorities = new Map<number, number>();
        const names = new Set<string>();
        asList(rules).forEach((rule, i) => {
            const path = `rules[${i}]`;
            const name = at(rule, "name");
            if (!isUnknown(name)) {
                const text = asText(name) ?? "";
                if (!WAF_NAME_PATTERN.test(text))
                    ctx.error(`${path}.name`, "must be 1-128 of letters, digits, _ and -.");
                else if (names.has(text))
                    ctx.error(`${path}.name`, "repeats an earlier rule's name; names are unique.");
                names.add(text);
            }
            const priority = ctx.number("priority", rule, `${path}.priority`);
            if (priority !== undefined) {
                const first = priorities.get(priority);
                if (first !== undefined)
                    ctx.error(`${path}.priority`, `repeats rules[${first}]'s priority ${priority}.`);
                else priorities.set(priority, i);
            }
            metricName(ctx, `${path}.visibilityConfig`, at(rule, "visibilityConfig"));
            const rate = at(rule, "statement", "rateBasedStatement");
            if (rate !== undefined && rate !== null && !isUnknown(rate)) {
                ctx.range(
                    "limit",
                    WAF_RATE_LIMIT_MIN,
                    WAF_RATE_LIMIT_MAX,
                    rate,
                    `${path}.statement.rateBasedStatement.limit`,
                );
                const window = ctx.number(
                    "evaluationWindowSec",
                    rate,
                    `${path}.statement.rateBasedStatement.evaluationWindowSec`,
                );
                if (window !== undefined && !RATE_WINDOWS.includes(window)) {
                    ctx.error(
                        `${path}.statement.rateBasedStatement.evaluationWindowSec`,
                        `is ${window}; allowed ${RATE_WINDOWS.join(", ")}.`,
                    );
                }
            }
        });
        metricName(ctx, "visibilityConfig", at(ctx.props, "visibilityConfig"));
    },
    (ctx) => {
        const scope = ctx.value("scope");
        const region = ctx.value("region");
        if (
            scope === "CLOUDFRONT" &&
            typeof region === "string" &&
            region !== "" &&
            region !== CLOUDFRONT_CONTROL_REGION
        ) {
            ctx.error("region", `is not ${CLOUDFRONT_CONTROL_REGION}; CLOUDFRONT-scope web ACLs exist only there.`);
        }
    },
];

const loggingChecks: Check[] = [
    (ctx) => {
        const destinations = ctx.value("logDestinationConfigs");
        if (isUnknown(destinations)) return;
        asList(destinations).forEach((arn, i) => {
            // Unknown in preview: a log group of this same run, checked once its ARN is known.
            if (isUnknown(arn)) return;
            const logGroup = /^arn:[\w-]+:logs:[^:]*:\d*:log-group:([^:]+)/.exec(asText(arn) ?? "")?.[1];
            if (logGroup !== undefined && !logGroup.startsWith(WAF_LOG_GROUP_PREFIX)) {
                ctx.error(
                    `logDestinationConfigs[${i}]`,
                    `is a log group whose name does not start with "${WAF_LOG_GROUP_PREFIX}"; AWS WAF refuses it.`,
                );
            }
        });
    },
];

export const WAF_CHECKS: TypeChecks = {
    [AWS_TYPE.wafv2.WebAcl]: webAclChecks,
    [AWS_TYPE.wafv2.WebAclLoggingConfiguration]: loggingChecks,
};
