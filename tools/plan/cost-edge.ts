/**
 * The edge's share of the monthly estimate: AWS WAF (web ACLs, rules, inspected requests, logs) and
 * CloudFront VPC origins (free, listed so the table says so). Prices: prices.ts.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import type { PlanGraph } from "./graph";
import type { PriceKey, PriceTable } from "./prices";

export interface EdgeCostInput {
    /** One entry per web ACL: how many rules it bills (a managed group is one rule). */
    readonly webAcls: readonly { readonly rules: number }[];
    readonly vpcOrigins: number;
}

export interface EdgeUsage {
    /** Requests the web ACL inspects a month: every request CloudFront receives. */
    readonly requestsPerMonth: number;
    /** WAF log volume per million requests (a log record is about 1 KB; a guess). */
    readonly wafLogGbPerMillionRequests: number;
}

export interface EdgeCostLine {
    readonly item: string;
    readonly detail: string;
    readonly minUsd: number;
    readonly maxUsd: number;
}

export function edgeCostLines(input: EdgeCostInput, usage: EdgeUsage, table: PriceTable): EdgeCostLine[] {
    const p = (k: PriceKey) => table.prices[k].value;
    const lines: EdgeCostLine[] = [];
    if (input.webAcls.length > 0) {
        const rules = input.webAcls.reduce((n, acl) => n + acl.rules, 0);
        const millions = usage.requestsPerMonth / 1_000_000;
        const waf =
            input.webAcls.length * p("wafWebAclMonth") +
            rules * p("wafRuleMonth") +
            input.webAcls.length * millions * p("wafRequestsMillion");
        lines.push({
            item: "AWS WAF",
            detail: `${input.webAcls.length} web ACL, ${rules} rules, ${usage.requestsPerMonth.toLocaleString("en-US")} requests`,
            minUsd: waf,
            maxUsd: waf,
        });
        const logs = input.webAcls.length * millions * usage.wafLogGbPerMillionRequests * p("logsIngestedGb");
        lines.push({
            item: "AWS WAF logs",
            detail: `${usage.wafLogGbPerMillionRequests} GB per million requests to CloudWatch Logs`,
            minUsd: logs,
            maxUsd: logs,
        });
    }
    if (input.vpcOrigins > 0) {
        const vo = input.vpcOrigins * p("vpcOriginMonth");
        lines.push({ item: "CloudFront VPC origin", detail: `${input.vpcOrigins}, no charge`, minUsd: vo, maxUsd: vo });
    }
    return lines;
}

export function edgeCostInputsOf(graph: PlanGraph): EdgeCostInput {
    return {
        webAcls: graph.ofType(AWS_TYPE.wafv2.WebAcl).map((acl) => {
            const rules = graph.props(acl).rules;
            return { rules: Array.isArray(rules) ? rules.length : 0 };
        }),
        vpcOrigins: graph.ofType(AWS_TYPE.cloudfront.VpcOrigin).length,
    };
}
