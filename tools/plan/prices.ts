/**
 * The one price table of the plan's cost estimate: us-east-1, Linux (x86 and ARM), on-demand, USD.
 * Every `source` names the AWS pricing page the figure belongs to (it is shown to users, so it
 * cites AWS, never internal notes); entries marked `verified: false` were not read from that page
 * itself and every report states them as estimates. Update the figures and `asOf` together: the
 * plan warns when `asOf` is more than a year old.
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
    /** RDS for PostgreSQL Single-AZ on-demand instance-hours by class; Multi-AZ bills two instances. */
    readonly rdsPostgresInstanceHour: Readonly<Record<string, number>>;
    readonly rdsPostgresInstanceSource: string;
}

export type PriceKey =
    | "fargateVcpuHour"
    | "fargateGbHour"
    | "fargateArmVcpuHour"
    | "fargateArmGbHour"
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
    | "sqsRequestsMillion"
    | "vpcOriginMonth"
    | "rdsGp3GbMonth";

export const PRICES: PriceTable = {
    asOf: "2026-09-20",
    region: "us-east-1",
    currency: "USD",
    hoursPerMonth: 730,
    prices: {
        fargateVcpuHour: {
            value: 0.04048,
            unit: "per vCPU-hour",
            source: "https://aws.amazon.com/fargate/pricing/ (pricing example: $0.000011244 per vCPU-second), read 2026-09-20",
            verified: true,
        },
        fargateGbHour: {
            value: 0.004445,
            unit: "per GB-hour",
            source: "https://aws.amazon.com/fargate/pricing/ (estimate: the page renders the per-GB price dynamically; not read from it)",
            verified: false,
        },
        // Linux/ARM (Graviton): the same pricing page lists ARM separately; these figures are the
        // us-east-1 rates as quoted by Vantage ("Linux/ARM $0.03238 per vCPU per hour, $0.00356 per
        // GB per hour", https://www.vantage.sh/blog/fargate-pricing), 20 % below Linux/x86.
        fargateArmVcpuHour: {
            value: 0.03238,
            unit: "per vCPU-hour (Linux/ARM)",
            source: "https://aws.amazon.com/fargate/pricing/ (Linux/ARM; estimate: the page renders the ARM prices dynamically; not read from it)",
            verified: false,
        },
        fargateArmGbHour: {
            value: 0.00356,
            unit: "per GB-hour (Linux/ARM)",
            source: "https://aws.amazon.com/fargate/pricing/ (Linux/ARM; estimate: the page renders the ARM prices dynamically; not read from it)",
            verified: false,
        },
        // Standard queues, us-east-1: $0.40 per million requests after the first million a month.
        sqsRequestsMillion: {
            value: 0.4,
            unit: "per million requests (standard queue)",
            source: "https://aws.amazon.com/sqs/pricing/ (estimate: not read from the page here)",
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
            source: "https://aws.amazon.com/elasticloadbalancing/pricing/ (US East example), read 2026-09-20",
            verified: true,
        },
        albLcuHour: {
            value: 0.008,
            unit: "per LCU-hour",
            source: "https://aws.amazon.com/elasticloadbalancing/pricing/ (US East example), read 2026-09-20",
            verified: true,
        },
        interfaceEndpointAzHour: {
            value: 0.01,
            unit: "per interface endpoint per AZ per hour (data processed extra)",
            source: "https://aws.amazon.com/privatelink/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        natGatewayHour: {
            value: 0.045,
            unit: "per NAT gateway-hour (plus $0.045 per GB processed)",
            source: "https://aws.amazon.com/vpc/pricing/ (pricing example, US East), read 2026-09-20",
            verified: true,
        },
        cloudMapInstanceMonth: {
            value: 0.1,
            unit: "per registered instance per month (DNS queries via the VPC resolver are not API calls)",
            source: "https://aws.amazon.com/cloud-map/pricing/ (estimate: the us-east-1 row itself was not read)",
            verified: false,
        },
        logsIngestedGb: {
            value: 0.5,
            unit: "per GB ingested (standard class; storage $0.03 per GB-month not included)",
            source: "https://aws.amazon.com/cloudwatch/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        cloudFrontHttpsRequests10k: {
            value: 0.01,
            unit: "per 10,000 HTTPS requests (North America)",
            source: "https://aws.amazon.com/cloudfront/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        cloudFrontDataOutGb: {
            value: 0.085,
            unit: "per GB to the internet, first 10 TB (North America)",
            source: "https://aws.amazon.com/cloudfront/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        rdsGp3GbMonth: {
            value: 0.115,
            unit: "per GB-month of gp3 storage, Single-AZ (Multi-AZ bills the standby's storage too)",
            source: "https://aws.amazon.com/rds/postgresql/pricing/ (estimate, June 2026 figures: not read from the page)",
            verified: false,
        },
        // WAF figures: the AWS pricing page's published rates, not read from the page offline (estimates).
        wafWebAclMonth: {
            value: 5,
            unit: "per web ACL per month (prorated hourly)",
            source: "https://aws.amazon.com/waf/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        wafRuleMonth: {
            value: 1,
            unit: "per rule per month, a managed rule group counting as one rule (baseline AWS groups: no subscription fee)",
            source: "https://aws.amazon.com/waf/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        wafRequestsMillion: {
            value: 0.6,
            unit: "per million requests inspected (up to 1,500 WCUs per web ACL)",
            source: "https://aws.amazon.com/waf/pricing/ (estimate: not read from the page)",
            verified: false,
        },
        vpcOriginMonth: {
            value: 0,
            unit: "per VPC origin ('There is no additional cost for using VPC origins with CloudFront')",
            source: "https://docs.aws.amazon.com/whitepapers/latest/aws-best-practices-ddos-resiliency/protecting-your-origin-bp1-bp5.html",
            verified: true,
        },
    },
    // Burstable Graviton classes, the schema's default (db.t4g.micro) and its neighbours.
    rdsPostgresInstanceHour: {
        "db.t4g.micro": 0.016,
        "db.t4g.small": 0.032,
        "db.t4g.medium": 0.065,
    },
    rdsPostgresInstanceSource:
        "https://aws.amazon.com/rds/postgresql/pricing/ (estimate, June 2026 figures: not read from the page); " +
        "Multi-AZ bills the primary and the standby: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html",
};
