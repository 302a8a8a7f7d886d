/**
 * The single public entry: an internet-facing ALB in the public subnets, optionally behind
 * CloudFront. The ALB admits only CloudFront's origin-facing prefix list and the configured CIDRs,
 * never the whole internet. Every listener's default action is a 404 (or a redirect to HTTPS); the
 * compute layer adds the rule that forwards to the BFF, gated on the origin-verify header when
 * CloudFront is in front.
 *
 * TLS: with `certificateArn` the ALB terminates TLS on 443 and port 80 only redirects. Without a
 * certificate the ALB listens on HTTP 80 only; viewers then get TLS from CloudFront, and the hop
 * CloudFront -> ALB is plain HTTP (authenticated by the origin-verify header, not encrypted).
 */
import * as aws from "./aws";
import { privateBucket } from "./private-bucket";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { EdgeConfig } from "../config/schema";
import { parseCidr } from "../policy-pack/lib/cidr";

export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
/** Managed CachingDisabled: the BFF serves per-user responses. */
export const CACHE_POLICY_CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Managed AllViewer: forwards every header (including Host), cookie and query string. */
export const ORIGIN_REQUEST_POLICY_ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";
/** Managed AllViewerExceptHostHeader: CloudFront then checks the origin's certificate against the origin name. */
export const ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** A security group rule that references the CloudFront prefix list counts as 55 of the default 60 rules. */
const CLOUDFRONT_PREFIX_LIST_RULE_WEIGHT = 55;
const SECURITY_GROUP_RULE_QUOTA = 60;

export interface EdgeArgs {
    /** VPC of the ALB security group. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets (two AZs) of the ALB. Required. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** cloudFront, allowedCidrs, certificateArn and sslPolicy (defaults live in the config schema). */
    readonly settings: EdgeConfig;
    /** Decides the default of `protect`. Required. */
    readonly environment: "dev" | "test" | "prod";
    /** ALB deletion protection plus Pulumi `protect` on the ALB and its log bucket. Default: environment is prod. */
    readonly protect?: boolean;
    /**
     * Host name CloudFront uses to reach the ALB when a certificate is set. It must resolve to the ALB and be
     * covered by `certificateArn`, because CloudFront verifies the origin's certificate against it (no ACM
     * certificate covers `*.elb.amazonaws.com`). Default: the ALB's DNS name (right only without a certificate).
     */
    readonly originDomainName?: pulumi.Input<string>;
    /** Account whose ALB writes the access logs; narrows the log bucket policy to its prefix. Default: any account's prefix. */
    readonly accountId?: pulumi.Input<string>;
    /** Days ALB access logs are kept. Default 90. */
    readonly accessLogRetentionDays?: number;
    /** Seconds an idle client connection stays open; long enough for streamed agent answers. Default 120. */
    readonly idleTimeoutSeconds?: number;
}

export class Edge extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:edge:Edge";
    /**
     * The token stacks deployed before the rename registered it under. The alias maps that identity
     * (and, through the parent, every child's) to the new one, so an `up` renames in place instead
     * of replacing the load balancer and the distribution.
     */
    public static readonly previousTypeToken = "ecs-platform:edge:PublicEntry";

    /** Kept for the rule helpers below; callers use securityGroupId. */
    private readonly securityGroup: aws.ec2.SecurityGroup;
    public readonly securityGroupId: pulumi.Output<string>;
    /** For CloudWatch metrics (`LoadBalancer` dimension). */
    public readonly loadBalancerArnSuffix: pulumi.Output<string>;
    public readonly dnsName: pulumi.Output<string>;
    /** The listener the BFF rule attaches to: HTTPS 443 with a certificate, else HTTP 80. */
    public readonly listenerArn: pulumi.Output<string>;
    /** Header CloudFront adds to every origin request; the BFF listener rule must require it. Unset without CloudFront. */
    public readonly originVerifyHeader?: { name: string; value: pulumi.Output<string> };
    /** `https://<cloudfront domain>`, or the ALB's URL when there is no CloudFront. */
    public readonly publicUrl: pulumi.Output<string>;

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Edge.typeToken, name, {}, pulumi.mergeOptions(opts, { aliases: [{ type: Edge.previousTypeToken }] }));
        const settings = args.settings;
        const protect = args.protect ?? args.environment === "prod";
        const accessLogRetentionDays = args.accessLogRetentionDays ?? 90;
        const idleTimeoutSeconds = args.idleTimeoutSeconds ?? 120;
        const certificateArn = settings.certificateArn;
        const originDomainName = args.originDomainName ?? settings.originDomainName;
        if (settings.cloudFront && certificateArn !== undefined && originDomainName === undefined) {
            // Config validation rejects this; a direct caller gets the same answer before anything is created.
            throw new pulumi.ResourceError(
                "with CloudFront and a certificate, pass originDomainName (a name the certificate " +
                    "covers that resolves to the ALB); CloudFront would fail TLS verification (502) otherwise",
                this,
            );
        }
        const listenerPort = certificateArn !== undefined ? 443 : 80;
        const parent = { parent: this };

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-alb-sg`,
            {
                vpcId: args.vpcId,
                description: "Public ALB: HTTP(S) from the CloudFront origin-facing prefix list and the allowed CIDRs",
                tags: { Name: `${name}-alb-sg` },
            },
            parent,
        );
        this.addIngressRules(name, settings, listenerPort);

        const accessLogs = this.accessLogs(name, protect, accessLogRetentionDays, args.accountId);

        const loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                securityGroups: [this.securityGroup.id],
                subnets: args.publicSubnetIds,
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "defensive",
                enableDeletionProtection: protect,
                idleTimeout: idleTimeoutSeconds,
                accessLogs: { bucket: accessLogs.bucket.bucket, prefix: "alb", enabled: true },
            },
            { parent: this, protect, dependsOn: accessLogs.ready },
        );

        const notFound: aws.types.input.lb.ListenerDefaultAction = {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
        };
        let listener: aws.lb.Listener;
        if (certificateArn !== undefined) {
            listener = new aws.lb.Listener(
                `${name}-https`,
                {
                    loadBalancerArn: loadBalancer.arn,
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: settings.sslPolicy,
                    certificateArn,
                    defaultActions: [notFound],
                },
                parent,
            );
            // HTTP 80 only redirects to HTTPS.
            new aws.lb.Listener(
                `${name}-http-redirect`,
                {
                    loadBalancerArn: loadBalancer.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [
                        { type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } },
                    ],
                },
                parent,
            );
        } else {
            listener = new aws.lb.Listener(
                `${name}-http`,
                { loadBalancerArn: loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: [notFound] },
                parent,
            );
        }

        let distribution: aws.cloudfront.Distribution | undefined;
        if (settings.cloudFront) {
            const secret = new random.RandomPassword(`${name}-origin-verify`, { length: 48, special: false }, parent);
            this.originVerifyHeader = { name: ORIGIN_VERIFY_HEADER, value: secret.result };
            distribution = this.cloudFront(
                name,
                originDomainName ?? loadBalancer.dnsName,
                certificateArn !== undefined,
                secret.result,
            );
        }

        this.securityGroupId = this.securityGroup.id;
        this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
        this.dnsName = loadBalancer.dnsName;
        this.listenerArn = listener.arn;
        this.publicUrl =
            distribution !== undefined
                ? pulumi.interpolate`https://${distribution.domainName}`
                : pulumi.interpolate`${certificateArn !== undefined ? "https" : "http"}://${loadBalancer.dnsName}`;

        this.registerOutputs({
            loadBalancerArn: loadBalancer.arn,
            loadBalancerArnSuffix: this.loadBalancerArnSuffix,
            dnsName: this.dnsName,
            securityGroupId: this.securityGroupId,
            listenerArn: this.listenerArn,
            publicUrl: this.publicUrl,
        });
    }

    /**
     * CloudFront gets exactly one prefix-list rule (on the listener port): the list weighs 55 of the
     * default 60 rules per group, so a second one (e.g. port 80 for the redirect) would exceed the quota.
     * CloudFront never needs the redirect anyway: it speaks HTTPS to the origin when a certificate is set.
     */
    private addIngressRules(name: string, settings: EdgeConfig, listenerPort: number): void {
        const ports = settings.certificateArn !== undefined ? [443, 80] : [80];
        if (settings.cloudFront) {
            const cloudFrontPrefixList = aws.ec2.getManagedPrefixListOutput(
                { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST },
                { parent: this },
            );
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-alb-in-cloudfront-${listenerPort}`,
                {
                    securityGroupId: this.securityGroup.id,
                    description: `CloudFront origin-facing servers to the ALB listener on ${listenerPort}`,
                    ipProtocol: "tcp",
                    fromPort: listenerPort,
                    toPort: listenerPort,
                    prefixListId: cloudFrontPrefixList.id,
                },
                { parent: this },
            );
        }
        const ruleCount =
            (settings.cloudFront ? CLOUDFRONT_PREFIX_LIST_RULE_WEIGHT : 0) +
            settings.allowedCidrs.length * ports.length;
        if (ruleCount > SECURITY_GROUP_RULE_QUOTA) {
            pulumi.log.warn(
                `${name}: the ALB security group needs ${ruleCount} inbound rule slots (the CloudFront prefix list ` +
                    `counts as ${CLOUDFRONT_PREFIX_LIST_RULE_WEIGHT}); the default quota is ${SECURITY_GROUP_RULE_QUOTA}. ` +
                    `Raise "Inbound or outbound rules per security group" or list fewer allowedCidrs.`,
                this,
            );
        }
        settings.allowedCidrs.forEach((cidr, index) => {
            const ipv6 = parseCidr(cidr)?.version === 6;
            for (const port of ports) {
                const purpose = port === 80 && settings.certificateArn !== undefined ? " (redirect to HTTPS)" : "";
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-alb-in-cidr${index + 1}-${port}`,
                    {
                        securityGroupId: this.securityGroup.id,
                        description: `Allowed network ${cidr} to the ALB on ${port}${purpose}`,
                        ipProtocol: "tcp",
                        fromPort: port,
                        toPort: port,
                        cidrIpv4: ipv6 ? undefined : cidr,
                        cidrIpv6: ipv6 ? cidr : undefined,
                    },
                    { parent: this },
                );
            }
        });
    }

    /** Log bucket: private, SSE-S3 (the only encryption ALB log delivery supports), TLS-only, expiring. */
    private accessLogs(
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
        return privateBucket(this, `${name}-alb-logs`, {
            protect,
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
    }

    private cloudFront(
        name: string,
        originDomainName: pulumi.Input<string>,
        originHttps: boolean,
        originVerifySecret: pulumi.Output<string>,
    ): aws.cloudfront.Distribution {
        const originId = `${name}-alb`;
        return new aws.cloudfront.Distribution(
            `${name}-cdn`,
            {
                enabled: true,
                comment: `${name}: public entry in front of the ALB`,
                isIpv6Enabled: true,
                httpVersion: "http2and3",
                priceClass: "PriceClass_100",
                origins: [
                    {
                        originId,
                        domainName: originDomainName,
                        customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: originVerifySecret }],
                        customOriginConfig: {
                            httpPort: 80,
                            httpsPort: 443,
                            originProtocolPolicy: originHttps ? "https-only" : "http-only",
                            originSslProtocols: ["TLSv1.2"],
                            // Agent answers can take a while; 60 s is the most CloudFront allows without a quota raise.
                            originReadTimeout: 60,
                        },
                    },
                ],
                defaultCacheBehavior: {
                    targetOriginId: originId,
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                    cachedMethods: ["GET", "HEAD"],
                    compress: true,
                    cachePolicyId: CACHE_POLICY_CACHING_DISABLED,
                    // Over HTTPS, the viewer's Host (the CloudFront domain) would not match the ALB
                    // certificate; send the origin name instead.
                    originRequestPolicyId: originHttps
                        ? ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST
                        : ORIGIN_REQUEST_POLICY_ALL_VIEWER,
                },
                restrictions: { geoRestriction: { restrictionType: "none" } },
                // The default *.cloudfront.net certificate; its minimum TLS version is fixed by CloudFront.
                viewerCertificate: { cloudfrontDefaultCertificate: true },
            },
            { parent: this },
        );
    }
}
