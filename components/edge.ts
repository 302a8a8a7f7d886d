/**
 * The single entry from the internet, in one of three shapes (config `edge.mode`, docs/edge.md):
 * - vpcOrigin (default): CloudFront -> CloudFront VPC origin -> internal ALB in the private app
 *   subnets. No load balancer of ours is internet-facing and the origin hop stays inside AWS's network
 *   ("User requests go from CloudFront to the VPC origins over a private, secure connection",
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
 * - publicAlb: CloudFront -> internet-facing ALB that admits only CloudFront's origin-facing prefix
 *   list (and allowedCidrs); HTTPS to the origin needs a certificate (prod requires it).
 * - cidrOnly: an internet-facing ALB for allowedCidrs only, no CloudFront.
 * With CloudFront: AWS WAF (edge-waf.ts), security response headers, and a custom domain when
 * configured (edge-domain.ts). Every listener's default action is a 404 (or a redirect to HTTPS); the
 * compute layer adds the rule that forwards to the BFF, gated on the origin-verify header.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { TIER_TAG } from "../policy-pack/lib/service-tags";
import type { VpcOriginPrerequisites } from "./vpc-origin-network";
import * as random from "@pulumi/random";
import type { EdgeSettings } from "../config/schema";
import { albAccessLogs, albIngressRules } from "./edge-alb";
import { distribution, ORIGIN_VERIFY_HEADER, securityHeadersPolicy, vpcOrigin } from "./edge-cloudfront";
import { aliasRecords, viewerCertificate } from "./edge-domain";
import { edgeWaf } from "./edge-waf";

export {
    CACHE_POLICY_CACHING_DISABLED,
    ORIGIN_REQUEST_POLICY_ALL_VIEWER,
    ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST,
    ORIGIN_VERIFY_HEADER,
} from "./edge-cloudfront";
export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from "./edge-alb";

export interface EdgeArgs {
    /** VPC of the ALB security group. Required. */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets (two AZs): the ALB's in modes publicAlb and cidrOnly. Required. */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Private subnets (two AZs, none in a zone VPC origins exclude): the internal ALB's in mode vpcOrigin.
     * Required.
     */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** What the VPC origin waits for (mode vpcOrigin): the network's internet gateway or its look-ups. Default none. */
    readonly vpcOriginPrerequisites?: VpcOriginPrerequisites;
    /** mode, WAF, domain, certificate and CIDRs (defaults live in the config schema). */
    readonly settings: EdgeSettings;
    /** `ecs-platform-<stack>`: names the WAF web ACL, its log group, the VPC origin and the headers policy. */
    readonly namePrefix: string;
    /** Days the WAF log group keeps logs (the stack's logRetentionDays). */
    readonly logRetentionDays: number;
    /** Decides the default of `protect`. Required. */
    readonly environment: "dev" | "test" | "prod";
    /** ALB deletion protection plus Pulumi `protect` on the ALB and its logs. Default: environment is prod. */
    readonly protect?: boolean;
    /**
     * Host name CloudFront uses to reach the ALB when a certificate is set. It must be covered by
     * `certificateArn`, because CloudFront verifies the origin's certificate against it (no ACM
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

    public readonly securityGroupId: pulumi.Output<string>;
    /** For CloudWatch metrics (`LoadBalancer` dimension). */
    public readonly loadBalancerArnSuffix: pulumi.Output<string>;
    public readonly dnsName: pulumi.Output<string>;
    /** The listener the BFF rule attaches to: HTTPS 443 with a certificate, else HTTP 80. */
    public readonly listenerArn: pulumi.Output<string>;
    /** Header CloudFront adds to every origin request; the BFF listener rule must require it. Unset without CloudFront. */
    public readonly originVerifyHeader?: { name: string; value: pulumi.Output<string> };
    /** `https://<domain or cloudfront domain>`, or the ALB's URL when there is no CloudFront. */
    public readonly publicUrl: pulumi.Output<string>;
    /** The CLOUDFRONT-scope web ACL's ARN, when WAF is on. */
    public readonly webAclArn?: pulumi.Output<string>;

    constructor(name: string, args: EdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Edge.typeToken, name, {}, pulumi.mergeOptions(opts, { aliases: [{ type: Edge.previousTypeToken }] }));
        const settings = args.settings;
        const mode = settings.mode;
        const cloudFront = mode !== "cidrOnly";
        const protect = args.protect ?? args.environment === "prod";
        const certificateArn = settings.certificateArn;
        const originDomainName = args.originDomainName ?? settings.originDomainName;
        if (cloudFront && certificateArn !== undefined && originDomainName === undefined) {
            // Config validation rejects this; a direct caller gets the same answer before anything is created.
            throw new pulumi.ResourceError(
                "with CloudFront and a certificate, pass originDomainName (a name the certificate " +
                    "covers that resolves to the ALB); CloudFront would fail TLS verification (502) otherwise",
                this,
            );
        }
        const listenerPort = certificateArn !== undefined ? 443 : 80;
        const parent = { parent: this };

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-alb-sg`,
            {
                vpcId: args.vpcId,
                // The description is force-new: the public modes keep the text stacks were deployed with.
                description:
                    mode === "vpcOrigin"
                        ? "Internal ALB: HTTP(S) from the CloudFront origin-facing prefix list (VPC origin)"
                        : "Public ALB: HTTP(S) from the CloudFront origin-facing prefix list and the allowed CIDRs",
                tags: { Name: `${name}-alb-sg`, [TIER_TAG]: "alb" },
            },
            parent,
        );
        albIngressRules(this, name, securityGroup.id, settings, listenerPort);

        const accessLogs = albAccessLogs(this, name, protect, args.accessLogRetentionDays ?? 90, args.accountId);
        const loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                // Scheme is force-new: switching mode between vpcOrigin and the public ones replaces the ALB.
                internal: mode === "vpcOrigin",
                securityGroups: [securityGroup.id],
                subnets: mode === "vpcOrigin" ? args.privateSubnetIds : args.publicSubnetIds,
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "defensive",
                enableDeletionProtection: protect,
                idleTimeout: args.idleTimeoutSeconds ?? 120,
                accessLogs: { bucket: accessLogs.bucket.bucket, prefix: "alb", enabled: true },
            },
            // A target group serves one load balancer at a time (TargetGroupAssociationLimit), so a new ALB
            // cannot take over the BFF's target group while the old one still holds it: delete first.
            { parent: this, protect, dependsOn: accessLogs.ready, deleteBeforeReplace: true },
        );
        const listener = this.listeners(name, loadBalancer, settings, certificateArn);

        let publicHost: pulumi.Output<string> | undefined;
        if (cloudFront) {
            const secret = new random.RandomPassword(`${name}-origin-verify`, { length: 48, special: false }, parent);
            this.originVerifyHeader = { name: ORIGIN_VERIFY_HEADER, value: secret.result };
            const origin =
                mode === "vpcOrigin"
                    ? vpcOrigin(this, name, {
                          namePrefix: args.namePrefix,
                          loadBalancerArn: loadBalancer.arn,
                          https: certificateArn !== undefined,
                          prerequisites: args.vpcOriginPrerequisites,
                      })
                    : undefined;
            const webAcl = settings.waf.enabled
                ? edgeWaf(this, name, {
                      namePrefix: args.namePrefix,
                      waf: settings.waf,
                      logRetentionDays: args.logRetentionDays,
                      protect,
                  })
                : undefined;
            this.webAclArn = webAcl?.arn;
            const domain = settings.domain;
            const certificate = domain !== undefined ? viewerCertificate(this, name, domain) : undefined;
            const cdn = distribution(this, name, {
                comment: `${name}: ${mode === "vpcOrigin" ? "VPC origin to the internal ALB" : "public entry in front of the ALB"}`,
                originDomainName: originDomainName ?? loadBalancer.dnsName,
                originHttps: certificateArn !== undefined,
                originVerifySecret: secret.result,
                vpcOriginId: origin?.id,
                webAclArn: webAcl?.arn,
                responseHeadersPolicyId: securityHeadersPolicy(this, name, args.namePrefix).id,
                domain:
                    domain !== undefined && certificate !== undefined
                        ? { name: domain.name, certificateArn: certificate.certificateArn }
                        : undefined,
                viewerTlsPolicy: settings.viewerTlsPolicy,
            });
            if (domain !== undefined && certificate !== undefined) {
                aliasRecords(this, name, domain, certificate.zoneId, cdn.domainName);
                publicHost = pulumi.output(domain.name);
            } else {
                publicHost = cdn.domainName;
            }
        }

        this.securityGroupId = securityGroup.id;
        this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
        this.dnsName = loadBalancer.dnsName;
        this.listenerArn = listener.arn;
        this.publicUrl =
            publicHost !== undefined
                ? pulumi.interpolate`https://${publicHost}`
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

    /** HTTPS 443 with a certificate (HTTP 80 then only redirects), else HTTP 80; both answer 404 by default. */
    private listeners(
        name: string,
        loadBalancer: aws.lb.LoadBalancer,
        settings: EdgeSettings,
        certificateArn: string | undefined,
    ): aws.lb.Listener {
        const parent = { parent: this };
        const notFound: aws.types.input.lb.ListenerDefaultAction = {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
        };
        if (certificateArn === undefined) {
            return new aws.lb.Listener(
                `${name}-http`,
                { loadBalancerArn: loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: [notFound] },
                parent,
            );
        }
        const listener = new aws.lb.Listener(
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
        return listener;
    }
}
