/**
 * The CloudFront side of the edge: the VPC origin (mode vpcOrigin), the security response headers
 * policy and the distribution. Managed policy ids and the origin settings are documented at
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ (using-managed-cache-policies,
 * using-managed-origin-request-policies, private-content-vpc-origins).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { VpcOriginPrerequisites } from "./vpc-origin-network";

export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
/** Managed CachingDisabled: the BFF serves per-user responses. */
export const CACHE_POLICY_CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Managed AllViewer: forwards every header (including Host), cookie and query string. */
export const ORIGIN_REQUEST_POLICY_ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";
/** Managed AllViewerExceptHostHeader: CloudFront then checks the origin's certificate against the origin name. */
export const ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** Agent answers can take a while; 60 s is the most every account allows without a quota raise. */
export const ORIGIN_READ_TIMEOUT_SECONDS = 60;
/**
 * A VPC origin takes up to 15 minutes to reach Deployed ("This can take up to 15 minutes",
 * private-content-vpc-origins.html) and the provider's default wait is exactly 15 minutes, which
 * deploys have hit (terraform-aws-modules/terraform-aws-cloudfront#163): wait twice that.
 */
export const VPC_ORIGIN_TIMEOUT = "30m";

export interface VpcOriginArgs {
    /** `ecs-platform-<stack>`: the VPC origin's name. */
    readonly namePrefix: string;
    readonly loadBalancerArn: pulumi.Output<string>;
    /** HTTPS to the ALB (it has a certificate) or HTTP inside AWS's network. */
    readonly https: boolean;
    /** The internet gateway to depend on, or the look-ups an existing network must pass first. */
    readonly prerequisites?: VpcOriginPrerequisites;
}

/**
 * A VPC origin for the internal ALB. AWS refuses to update (even retag) a VPC origin while a
 * distribution uses it (409, aws/aws-cdk#34629; the documented procedure detaches it first), so every
 * change of its endpoint is a replacement: create the new one, move the distribution, delete the old.
 */
export function vpcOrigin(parent: pulumi.Resource, name: string, args: VpcOriginArgs): aws.cloudfront.VpcOrigin {
    const verified = args.prerequisites?.verified;
    return new aws.cloudfront.VpcOrigin(
        `${name}-vpc-origin`,
        {
            vpcOriginEndpointConfig: {
                name: `${args.namePrefix}-alb`,
                // An existing network's look-ups gate the origin: it is not created unless they pass.
                arn: verified
                    ? pulumi.all([args.loadBalancerArn, verified]).apply(([arn]) => arn)
                    : args.loadBalancerArn,
                // The provider requires both ports and the SSL protocols even for an HTTP-only origin.
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: args.https ? "https-only" : "http-only",
                originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
            },
            timeouts: { create: VPC_ORIGIN_TIMEOUT, update: VPC_ORIGIN_TIMEOUT, delete: VPC_ORIGIN_TIMEOUT },
        },
        {
            parent,
            // The gateway must exist first and outlive the origin (destroy removes the origin first).
            dependsOn: args.prerequisites?.dependsOn ?? [],
            replaceOnChanges: ["vpcOriginEndpointConfig", "tags"],
            deleteBeforeReplace: false,
            customTimeouts: { create: VPC_ORIGIN_TIMEOUT, update: VPC_ORIGIN_TIMEOUT, delete: VPC_ORIGIN_TIMEOUT },
        },
    );
}

/** HSTS one year (no includeSubDomains: the stack does not own its parent domain), nosniff, DENY, referrer. */
export function securityHeadersPolicy(
    parent: pulumi.Resource,
    name: string,
    namePrefix: string,
): aws.cloudfront.ResponseHeadersPolicy {
    return new aws.cloudfront.ResponseHeadersPolicy(
        `${name}-security-headers`,
        {
            name: `${namePrefix}-security-headers`,
            comment: `${namePrefix}: security headers on every response`,
            securityHeadersConfig: {
                strictTransportSecurity: {
                    accessControlMaxAgeSec: 31_536_000,
                    includeSubdomains: false,
                    override: true,
                },
                contentTypeOptions: { override: true },
                frameOptions: { frameOption: "DENY", override: true },
                referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
            },
        },
        { parent },
    );
}

export interface DistributionArgs {
    readonly comment: string;
    /** Name CloudFront connects to (and, over HTTPS, checks the certificate against). */
    readonly originDomainName: pulumi.Input<string>;
    readonly originHttps: boolean;
    readonly originVerifySecret: pulumi.Output<string>;
    /** Set in mode vpcOrigin: the origin is reached through it instead of over the internet. */
    readonly vpcOriginId?: pulumi.Output<string>;
    readonly webAclArn?: pulumi.Output<string>;
    readonly responseHeadersPolicyId: pulumi.Output<string>;
    /** A custom domain: its name and the us-east-1 certificate covering it. */
    readonly domain?: { readonly name: string; readonly certificateArn: pulumi.Output<string> };
    readonly viewerTlsPolicy: string;
}

export function distribution(parent: pulumi.Resource, name: string, a: DistributionArgs): aws.cloudfront.Distribution {
    const originId = `${name}-alb`;
    const origin: aws.types.input.cloudfront.DistributionOrigin = {
        originId,
        domainName: a.originDomainName,
        // Defence in depth behind the VPC origin; the only gate in mode publicAlb.
        customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: a.originVerifySecret }],
        ...(a.vpcOriginId !== undefined
            ? { vpcOriginConfig: { vpcOriginId: a.vpcOriginId, originReadTimeout: ORIGIN_READ_TIMEOUT_SECONDS } }
            : {
                  customOriginConfig: {
                      httpPort: 80,
                      httpsPort: 443,
                      originProtocolPolicy: a.originHttps ? "https-only" : "http-only",
                      originSslProtocols: ["TLSv1.2"],
                      originReadTimeout: ORIGIN_READ_TIMEOUT_SECONDS,
                  },
              }),
    };
    return new aws.cloudfront.Distribution(
        `${name}-cdn`,
        {
            enabled: true,
            comment: a.comment,
            isIpv6Enabled: true,
            httpVersion: "http2and3",
            priceClass: "PriceClass_100",
            aliases: a.domain !== undefined ? [a.domain.name] : undefined,
            webAclId: a.webAclArn,
            origins: [origin],
            defaultCacheBehavior: {
                targetOriginId: originId,
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                cachedMethods: ["GET", "HEAD"],
                compress: true,
                cachePolicyId: CACHE_POLICY_CACHING_DISABLED,
                responseHeadersPolicyId: a.responseHeadersPolicyId,
                // Over HTTPS, the viewer's Host would not match the ALB certificate; send the origin name instead.
                originRequestPolicyId: a.originHttps
                    ? ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST
                    : ORIGIN_REQUEST_POLICY_ALL_VIEWER,
            },
            restrictions: { geoRestriction: { restrictionType: "none" } },
            viewerCertificate:
                a.domain !== undefined
                    ? {
                          acmCertificateArn: a.domain.certificateArn,
                          sslSupportMethod: "sni-only",
                          minimumProtocolVersion: a.viewerTlsPolicy,
                      }
                    : // The *.cloudfront.net certificate: CloudFront fixes its policy at TLSv1 (docs/edge.md).
                      { cloudfrontDefaultCertificate: true },
        },
        { parent },
    );
}
