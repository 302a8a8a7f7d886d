/**
 * The one price table of the plan's cost estimate: us-east-1, Linux/x86, on-demand, USD.
 * Figures and sources come from the project's research notes (shared reference "ecs-facts.md",
 * section 9, harvested 2026-09-20); entries marked `verified: false` were not read from an AWS
 * page and are stated as assumptions in every report. Update the figures and `asOf` together.
 */

export interface Price {
    readonly value: number;
    readonly unit: string;
    readonly source: string;
    /** False when the figure is a secondary source or an assumption, not read from AWS. */
    readonly verified: boolean;
}

export interface PriceTable {
    readonly asOf: string;
    readonly region: string;
    readonly currency: "USD";
    readonly hoursPerMonth: number;
    readonly prices: Readonly<Record<PriceKey, Price>>;
}

export type PriceKey =
    | "fargateVcpuHour"
    | "fargateGbHour"
    | "fargateSpotDiscount"
    | "albHour"
    | "albLcuHour"
    | "interfaceEndpointAzHour"
    | "natGatewayHour"
    | "cloudMapInstanceMonth"
    | "logsIngestedGb"
    | "cloudFrontHttpsRequests10k"
    | "cloudFrontDataOutGb"
    | "wafWebAclMonth"
    | "wafRuleMonth"
    | "wafRequestsMillion"
    | "vpcOriginMonth";

export const PRICES: PriceTable = {
    asOf: "2026-09-20",
    region: "us-east-1",
    currency: "USD",
    hoursPerMonth: 730,
    prices: {
        fargateVcpuHour: {
            value: 0.04048,
            unit: "per vCPU-hour",
            source: "AWS ECS pricing page example ($0.000011244 per vCPU-second), harvested 2026-09-20",
            verified: true,
        },
        fargateGbHour: {
            value: 0.004445,
            unit: "per GB-hour",
            source: "Vantage / Wring / cloudburn (March 2026); the AWS page renders it dynamically",
            verified: false,
        },
        fargateSpotDiscount: {
            value: 0.7,
            unit: "fraction off the Fargate price (AWS says 'up to 70%'; the real discount varies)",
            source: "https://aws.amazon.com/fargate/pricing/",
            verified: true,
        },
        albHour: {
            value: 0.0225,
            unit: "per ALB-hour",
            source: "AWS ELB pricing page, US-East-1 example, harvested 2026-09-20",
            verified: true,
        },
        albLcuHour: {
            value: 0.008,
            unit: "per LCU-hour",
            source: "AWS ELB pricing page, US-East-1 example, harvested 2026-09-20",
            verified: true,
        },
        interfaceEndpointAzHour: {
            value: 0.01,
            unit: "per interface endpoint per AZ per hour (data processed extra)",
            source: "https://aws.amazon.com/privatelink/pricing/ (assumption: not verified in the research notes)",
            verified: false,
        },
        natGatewayHour: {
            value: 0.045,
            unit: "per NAT gateway-hour (plus $0.045 per GB processed)",
            source: "AWS VPC pricing page example (US East Ohio), harvested 2026-09-20",
            verified: true,
        },
        cloudMapInstanceMonth: {
            value: 0.1,
            unit: "per registered instance per month (DNS queries via the VPC resolver are not API calls)",
            source: "AWS Price List (EffectiveDate 2025-08-01); the us-east-1 row itself was not seen",
            verified: false,
        },
        logsIngestedGb: {
            value: 0.5,
            unit: "per GB ingested (standard class; storage $0.03 per GB-month not included)",
            source: "secondary sources (api-evangelist generated file 2026-05, help-toolz blog): verify",
            verified: false,
        },
        cloudFrontHttpsRequests10k: {
            value: 0.01,
            unit: "per 10,000 HTTPS requests (North America)",
            source: "https://aws.amazon.com/cloudfront/pricing/ (assumption: not in the research notes)",
            verified: false,
        },
        cloudFrontDataOutGb: {
            value: 0.085,
            unit: "per GB to the internet, first 10 TB (North America)",
            source: "https://aws.amazon.com/cloudfront/pricing/ (assumption: not in the research notes)",
            verified: false,
        },
        // WAF figures: research notes edge-facts.md §2.6, harvested 2026-11-27; the AWS pricing page was not
        // in the corpus, so they come from secondary sources that quote it.
        wafWebAclMonth: {
            value: 5,
            unit: "per web ACL per month (prorated hourly)",
            source: "https://aws.amazon.com/waf/pricing/ as quoted by https://c3x.dev/blog/aws-waf-cost-explained/ (secondary)",
            verified: false,
        },
        wafRuleMonth: {
            value: 1,
            unit: "per rule per month, a managed rule group counting as one rule (baseline AWS groups: no subscription fee)",
            source: "https://aws.amazon.com/waf/pricing/ as quoted by https://c3x.dev/blog/aws-waf-cost-explained/ (secondary)",
            verified: false,
        },
        wafRequestsMillion: {
            value: 0.6,
            unit: "per million requests inspected (up to 1,500 WCUs per web ACL)",
            source: "https://aws.amazon.com/waf/pricing/ as quoted by https://c3x.dev/blog/aws-waf-cost-explained/ (secondary)",
            verified: false,
        },
        vpcOriginMonth: {
            value: 0,
            unit: "per VPC origin ('There is no additional cost for using VPC origins with CloudFront')",
            source: "https://docs.aws.amazon.com/whitepapers/latest/aws-best-practices-ddos-resiliency/protecting-your-origin-bp1-bp5.html",
            verified: true,
        },
    },
};
