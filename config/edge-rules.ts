/**
 * Checks on `edge` that depend on AWS quotas rather than on one value: they would otherwise fail
 * only at `pulumi up`, halfway through creating the load balancer's security group rules.
 */
import { parseCidr } from "../policy-pack/lib/cidr";
import { KeyedIssue } from "./describe";
import type { EdgeConfig } from "./schema";

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
function portsPerCidr(edge: EdgeConfig): number {
    return edge.certificateArn !== undefined ? 2 : 1;
}

/** The IPv4 rule slots the ALB security group needs, as edge.ts creates them. */
export function albInboundRuleSlots(edge: EdgeConfig): number {
    const ipv4 = edge.allowedCidrs.filter((c) => parseCidr(c)?.version === 4).length;
    return (edge.cloudFront ? CLOUDFRONT_PREFIX_LIST_WEIGHT : 0) + ipv4 * portsPerCidr(edge);
}

export function edgeIssues(edge: EdgeConfig): KeyedIssue[] {
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
                (SECURITY_GROUP_INBOUND_RULE_QUOTA - (edge.cloudFront ? CLOUDFRONT_PREFIX_LIST_WEIGHT : 0)) / perCidr,
            ),
        );
        issues.push({
            path: ["edge", "allowedCidrs"],
            message:
                `needs ${slots} inbound rules on the load balancer's security group ` +
                (edge.cloudFront ? `(the CloudFront prefix list counts as ${CLOUDFRONT_PREFIX_LIST_WEIGHT}, ` : "(") +
                `plus ${perCidr} per block), over the default quota of ${SECURITY_GROUP_INBOUND_RULE_QUOTA}; ` +
                `allowed: at most ${room} block(s) here, or summarise them into wider blocks`,
        });
    }
    return issues;
}
