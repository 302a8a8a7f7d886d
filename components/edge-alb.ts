/**
 * The load-balancer side of the edge: its security group rules and its access-log bucket. The ALB
 * admits only CloudFront's origin-facing prefix list (modes with CloudFront) and the configured
 * CIDRs (publicAlb, cidrOnly), never the whole internet.
 */
import * as aws from "./aws";
import { privateBucket } from "./private-bucket";
import { serverAccessLogs } from "./server-access-logs";
import { BUCKET_PURPOSE } from "../policy-pack/lib/bucket-purpose";
import * as pulumi from "@pulumi/pulumi";
import type { EdgeSettings } from "../config/schema";
import { parseCidr } from "../policy-pack/lib/cidr";

export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/**
 * CloudFront gets exactly one prefix-list rule, on the listener port: the list weighs 55 of the
 * default 60 rules per group, so a second one would exceed the quota.
 *
 * In mode vpcOrigin the prefix-list rule is AWS's "Option 1" for VPC origins: "Allow traffic from the
 * CloudFront managed prefix list ... This can be done before VPC origin created as well"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
 * "Option 2", the AWS-managed `CloudFront-VPCOrigins-Service-SG`, exists only after the first VPC origin
 * does, so referencing it would make a stack's first `up` fail or need two runs; the internal ALB is
 * unreachable from the internet either way (docs/edge.md).
 */
export function albIngressRules(
    parent: pulumi.Resource,
    name: string,
    securityGroupId: pulumi.Output<string>,
    settings: EdgeSettings,
    listenerPort: number,
): void {
    const cloudFront = settings.mode !== "cidrOnly";
    const ports = settings.certificateArn !== undefined ? [443, 80] : [80];
    if (cloudFront) {
        const cloudFrontPrefixList = aws.ec2.getManagedPrefixListOutput(
            { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST },
            { parent },
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-alb-in-cloudfront-${listenerPort}`,
            {
                securityGroupId,
                description: `CloudFront origin-facing servers to the ALB listener on ${listenerPort}`,
                ipProtocol: "tcp",
                fromPort: listenerPort,
                toPort: listenerPort,
                prefixListId: cloudFrontPrefixList.id,
            },
            { parent },
        );
    }
    // config/edge-rules.ts keeps the rule count within the security group quota.
    settings.allowedCidrs.forEach((cidr, index) => {
        const ipv6 = parseCidr(cidr)?.version === 6;
        for (const port of ports) {
            const purpose = port === 80 && settings.certificateArn !== undefined ? " (redirect to HTTPS)" : "";
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-alb-in-cidr${index + 1}-${port}`,
                {
                    securityGroupId,
                    description: `Allowed network ${cidr} to the ALB on ${port}${purpose}`,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: ipv6 ? undefined : cidr,
                    cidrIpv6: ipv6 ? cidr : undefined,
                },
                { parent },
            );
        }
    });
}

/**
 * Log bucket: private, SSE-S3 (the only encryption ALB log delivery supports), TLS-only, expiring,
 * and itself server-access-logged into a dedicated bucket (who read or deleted the ALB's records).
 */
export function albAccessLogs(
    parent: pulumi.Resource,
    name: string,
    protect: boolean,
    retentionDays: number,
    accountId: pulumi.Input<string> | undefined,
): { bucket: aws.s3.Bucket; ready: pulumi.Resource[] } {
    const logObjects = (bucketArn: pulumi.Output<string>) =>
        accountId !== undefined
            ? pulumi.interpolate`${bucketArn}/alb/AWSLogs/${accountId}/*`
            : pulumi.interpolate`${bucketArn}/alb/AWSLogs/*`;
    // The ALB checks that it may write to the bucket when access logging is switched on.
    const albLogs = privateBucket(parent, `${name}-alb-logs`, {
        protect,
        purpose: BUCKET_PURPOSE.albAccessLogs,
        sseAlgorithm: "AES256",
        lifecycleRules: [
            {
                id: "expire-access-logs",
                status: "Enabled",
                filter: {},
                expiration: { days: retentionDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        ],
        extraStatements: (bucketArn) => [
            {
                // The regional log delivery service principal (all Regions; replaces the per-Region ELB account).
                Sid: "AllowAlbLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: logObjects(bucketArn),
            },
        ],
    });
    serverAccessLogs(parent, name, { protect, accountId, sources: [{ bucket: albLogs.bucket, prefix: "alb-logs/" }] });
    return albLogs;
}
