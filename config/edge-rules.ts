/**
 * The edge checks that relate `edge` to `aws:region`, `environment` or an AWS quota, and the edge
 * defaults that depend on `environment`. Each would otherwise fail only at `pulumi up` (halfway
 * through creating the load balancer's rules, say), or deploy something weaker than the stack's
 * environment calls for.
 */
import { parseCidr } from "../policy-pack/lib/cidr";
import { KeyedIssue } from "./describe";
import type { EdgeSettings, ParsedPlatformConfig } from "./schema";
import { VPC_ORIGIN_EXCLUDED_ZONE_IDS, vpcOriginExcludedZoneIds } from "../policy-pack/lib/edge-facts";

type Checked = Pick<ParsedPlatformConfig, "edge" | "environment" | "network">;
type EdgeInput = ParsedPlatformConfig["edge"];

/**
 * A security group rule that references an AWS-managed prefix list counts as the list's weight,
 * not as one rule; CloudFront's origin-facing list weighs 55 ("AWS-managed prefix list weight",
 * https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html).
 */
export const CLOUDFRONT_PREFIX_LIST_WEIGHT = 55;

/**
 * Default quota of inbound rules per security group, counted per address family ("Inbound or
 * outbound rules per security group: 60",
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 */
export const SECURITY_GROUP_INBOUND_RULE_QUOTA = 60;

/** Inbound rules the ALB security group gets for one allowed CIDR: the listener port, plus 80 for the redirect with HTTPS. */
function portsPerCidr(edge: EdgeInput): number {
    return edge.certificateArn !== undefined ? 2 : 1;
}

/** True when the ALB admits CloudFront's origin-facing prefix list (every mode with CloudFront). */
const admitsCloudFront = (edge: EdgeInput) => edge.mode !== "cidrOnly";

/** The IPv4 rule slots the ALB security group needs, as components/edge-alb.ts creates them. */
export function albInboundRuleSlots(edge: EdgeInput): number {
    const ipv4 = edge.allowedCidrs.filter((c) => parseCidr(c)?.version === 4).length;
    return (admitsCloudFront(edge) ? CLOUDFRONT_PREFIX_LIST_WEIGHT : 0) + ipv4 * portsPerCidr(edge);
}

export function edgeIssues(cfg: Checked, region: string): KeyedIssue[] {
    const issues: KeyedIssue[] = [...albRuleIssues(cfg.edge)];
    const edge = cfg.edge;
    if (edge.mode === "vpcOrigin" && vpcOriginExcludedZoneIds(region) === undefined) {
        issues.push({
            path: ["edge", "mode"],
            message:
                `is vpcOrigin, but CloudFront offers no VPC origins in ${region}; ` +
                `allowed Regions: ${Object.keys(VPC_ORIGIN_EXCLUDED_ZONE_IDS).join(", ")} ` +
                "(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html); " +
                "elsewhere use mode: publicAlb",
        });
    }
    // Across the internet, the origin hop of publicAlb is plaintext without a certificate: prod refuses it.
    if (edge.mode === "publicAlb" && cfg.environment === "prod" && edge.certificateArn === undefined) {
        issues.push({
            path: ["edge", "certificateArn"],
            message:
                "is required in prod with mode publicAlb: CloudFront would reach the internet-facing ALB over plain " +
                "HTTP across the internet; set certificateArn and originDomainName, or use mode: vpcOrigin",
        });
    }
    return issues;
}

/** The edge settings with the environment-dependent defaults resolved: WAF blocks in prod and counts elsewhere. */
export function resolveEdge(edge: ParsedPlatformConfig["edge"], environment: "dev" | "test" | "prod"): EdgeSettings {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { cloudFront, ...rest } = edge;
    return { ...rest, waf: { ...edge.waf, action: edge.waf.action ?? (environment === "prod" ? "block" : "count") } };
}

/** IPv6 blocks an IPv4-only load balancer cannot use, and the security group rule quota. */
function albRuleIssues(edge: EdgeInput): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    // The load balancer is created IPv4-only (ipAddressType "ipv4"): an IPv6 client never reaches
    // it, so an IPv6 entry would open nothing while looking like it does.
    edge.allowedCidrs.forEach((cidr, i) => {
        if (parseCidr(cidr)?.version === 6) {
            issues.push({
                path: ["edge", "allowedCidrs", i],
                message:
                    "is an IPv6 block, but the load balancer is IPv4-only (no IPv6 address, so no IPv6 " +
                    "client can reach it); allowed: IPv4 blocks",
            });
        }
    });
    const slots = albInboundRuleSlots(edge);
    if (slots > SECURITY_GROUP_INBOUND_RULE_QUOTA) {
        const perCidr = portsPerCidr(edge);
        const room = Math.max(
            0,
            Math.floor(
                (SECURITY_GROUP_INBOUND_RULE_QUOTA - (admitsCloudFront(edge) ? CLOUDFRONT_PREFIX_LIST_WEIGHT : 0)) /
                    perCidr,
            ),
        );
        issues.push({
            path: ["edge", "allowedCidrs"],
            message:
                `needs ${slots} inbound rules on the load balancer's security group ` +
                (admitsCloudFront(edge)
                    ? `(the CloudFront prefix list counts as ${CLOUDFRONT_PREFIX_LIST_WEIGHT}, `
                    : "(") +
                `plus ${perCidr} per block), over the default quota of ${SECURITY_GROUP_INBOUND_RULE_QUOTA}; ` +
                `allowed: at most ${room} block(s) here, or summarise them into wider blocks`,
        });
    }
    return issues;
}
