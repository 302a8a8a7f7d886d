/**
 * Policies of the "edge" area: CloudFront distributions and VPC origins. Prod promotes the web-ACL and
 * origin-encryption rules to mandatory in policy-pack/config/prod.json; dev and test keep them advisory.
 */
import { PolicyResource } from "@pulumi/policy";
import { PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { asBoolean, asList, asText, at, isUnknown, UnknownNeeds } from "./lib/known-values";
import { cannotDecide, dependenciesVia, describeResource, refersTo, settle, withDefaults } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";
import { viewerTlsRank, VIEWER_TLS_POLICIES } from "./lib/edge-facts";
import { LOAD_BALANCER_TYPES } from "./alb";

const DISTRIBUTION = [AWS_TYPE.cloudfront.Distribution];

export const distributionWebAcl = resourcePolicy(
    {
        name: "cloudfront-web-acl",
        area: "edge",
        description: "CloudFront distributions are associated with an AWS WAF web ACL (webAclId).",
        why: "The distribution is the internet-facing entry; without a web ACL nothing rate-limits clients or filters known-bad inputs (Log4j-style payloads, IP reputation) before they reach the BFF.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Keep `edge.waf.enabled: true` (the default): the program creates a CLOUDFRONT-scope web ACL in us-east-1 and passes its ARN as `webAclId`.",
        anchors: ["CKV_AWS_68", "CKV2_AWS_47", "AwsSolutions-CFR2", "Security Hub CloudFront.6"],
    },
    DISTRIBUTION,
    (props, _args, report) => {
        const acl = at(props, "webAclId");
        // An unknown ARN is a web ACL of this stack, created in the same run: present.
        if (isUnknown(acl)) return;
        if (asText(acl) === undefined) report("webAclId is not set: no AWS WAF web ACL filters the entry.");
    },
);

export const originEncrypted = resourcePolicy(
    {
        name: "cloudfront-origin-not-plaintext",
        area: "edge",
        description:
            "CloudFront reaches every custom origin over HTTPS only; an origin reached through a VPC origin stays on AWS's private network and passes.",
        why: "An http-only or match-viewer custom origin sends requests, cookies and the origin-verify secret in clear across the public internet between CloudFront and the load balancer.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            'Use `edge.mode: vpcOrigin` (the default), or give the ALB a certificate (`edge.certificateArn` + `originDomainName`) so the origin policy is "https-only".',
        anchors: ["CKV_AWS_34", "AwsSolutions-CFR5", "Security Hub CloudFront.9"],
    },
    DISTRIBUTION,
    (props, _args, report) => {
        const origins = at(props, "origins");
        if (isUnknown(origins)) return cannotDecide("origins");
        asList(origins).forEach((origin, i) => {
            const custom = at(origin, "customOriginConfig");
            if (isUnknown(custom)) return cannotDecide(`origins[${i}].customOriginConfig`);
            if (custom === undefined || custom === null) return;
            const policy = at(custom, "originProtocolPolicy");
            if (isUnknown(policy)) return cannotDecide(`origins[${i}].customOriginConfig.originProtocolPolicy`);
            if (policy !== "https-only") {
                report(
                    `origins[${i}] is a custom origin reached with originProtocolPolicy ${policy === "match-viewer" || policy === "http-only" ? policy : "(not https-only)"}: plaintext across the internet.`,
                );
            }
        });
    },
);

interface ViewerTlsConfig {
    minimumProtocolVersion: string;
}

/** The viewer certificate's custom-domain flag and policy: undefined when it uses *.cloudfront.net. */
function customCertificate(props: Record<string, unknown>): "unknown" | { policy: unknown } | undefined {
    const cert = at(props, "viewerCertificate");
    if (isUnknown(cert)) return "unknown";
    const acm = at(cert, "acmCertificateArn");
    const iam = at(cert, "iamCertificateId");
    if (isUnknown(acm) || isUnknown(iam)) return { policy: at(cert, "minimumProtocolVersion") };
    if (asText(acm) === undefined && asText(iam) === undefined) return undefined;
    return { policy: at(cert, "minimumProtocolVersion") };
}

export const viewerTlsCustomDomain = resourcePolicy(
    {
        name: "cloudfront-viewer-tls",
        area: "edge",
        description:
            "A distribution with its own certificate (a custom domain) sets minimumProtocolVersion to TLSv1.2_2021 or newer.",
        why: "With a custom certificate the security policy is ours to choose; older policies still negotiate TLS 1.0/1.1 and weak ciphers with viewers.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            'Set `edge.viewerTlsPolicy` to "TLSv1.2_2021" (default), "TLSv1.2_2025" or "TLSv1.3_2025"; the program passes it as `viewerCertificate.minimumProtocolVersion` with `sslSupportMethod: "sni-only"`.',
        anchors: ["CKV_AWS_174", "AwsSolutions-CFR4", "Security Hub CloudFront.15"],
        config: {
            minimumProtocolVersion: {
                type: "string",
                enum: [...VIEWER_TLS_POLICIES],
                default: "TLSv1.2_2021",
                description: "The oldest viewer security policy that passes.",
            },
        },
    },
    DISTRIBUTION,
    (props, args, report) => {
        const cfg = withDefaults<ViewerTlsConfig>(args, { minimumProtocolVersion: "TLSv1.2_2021" });
        const custom = customCertificate(props);
        if (custom === "unknown") return cannotDecide("viewerCertificate");
        if (custom === undefined) {
            return args.notApplicable(
                "the default *.cloudfront.net certificate: see cloudfront-default-certificate-tls",
            );
        }
        if (isUnknown(custom.policy)) return cannotDecide("viewerCertificate.minimumProtocolVersion");
        const policy = asText(custom.policy) ?? "TLSv1";
        if (viewerTlsRank(policy) < viewerTlsRank(cfg.minimumProtocolVersion)) {
            const shown = VIEWER_TLS_POLICIES.includes(policy) ? policy : "(unrecognised)";
            report(`viewer minimumProtocolVersion ${shown} is older than ${cfg.minimumProtocolVersion}.`);
        }
    },
);

export const viewerTlsDefaultCertificate = resourcePolicy(
    {
        name: "cloudfront-default-certificate-tls",
        area: "edge",
        description:
            "A distribution on the default *.cloudfront.net certificate accepts TLSv1 viewers: CloudFront fixes that policy and nothing can raise it.",
        why: "With the default certificate CloudFront sets the security policy to TLSv1 whatever is configured; only a custom domain with its own certificate gets a TLS 1.2 minimum. Advisory: accepted for stacks without a domain.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Configure `edge.domain` (name + hosted zone): the program requests an ACM certificate in us-east-1 and sets TLSv1.2_2021.",
        anchors: ["CKV_AWS_174", "AwsSolutions-CFR4", "Security Hub CloudFront.7"],
    },
    DISTRIBUTION,
    (props, args, report) => {
        const custom = customCertificate(props);
        if (custom === "unknown") return cannotDecide("viewerCertificate");
        if (custom !== undefined) return args.notApplicable("a custom certificate: see cloudfront-viewer-tls");
        report("the default *.cloudfront.net certificate lets viewers negotiate TLSv1 (CloudFront fixes its policy).");
    },
);

export const vpcOriginInternal = stackPolicy(
    {
        name: "cloudfront-vpc-origin-internal",
        area: "edge",
        description:
            "In a stack with a CloudFront VPC origin, the load balancer behind it is internal and no load balancer is internet-facing.",
        why: "A VPC origin exists to make CloudFront the only way in; an internet-facing load balancer beside it (or behind it) is a second, unfiltered entry that bypasses the web ACL.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            "With `edge.mode: vpcOrigin` the program creates the ALB with `internal: true` in the private app subnets; mark any other load balancer internal, or use mode publicAlb.",
        anchors: ["architecture: single private origin", "AWS whitepaper DDoS resiliency BP1/BP5"],
    },
    (args, report) => {
        const origins = args.resources.filter((r) => r.type === AWS_TYPE.cloudfront.VpcOrigin);
        if (origins.length === 0) args.notApplicable("no CloudFront VPC origin in the stack");
        const lbs = args.resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type));
        const needs = new UnknownNeeds();
        const targets = new Set<PolicyResource>();
        for (const origin of origins) {
            const linked = dependenciesVia(origin, "vpcOriginEndpointConfig").filter((r) =>
                LOAD_BALANCER_TYPES.includes(r.type),
            );
            linked.forEach((lb) => targets.add(lb));
            const arn = at(origin.props, "vpcOriginEndpointConfig", "arn");
            for (const lb of lbs) if (refersTo(arn, lb, ["arn", "id"]) === true) targets.add(lb);
        }
        for (const lb of lbs) {
            const internal = at(lb.props, "internal");
            if (isUnknown(internal)) {
                needs.note(`${lb.name}.internal`);
                continue;
            }
            if (asBoolean(internal) === true) continue;
            report(
                targets.has(lb)
                    ? `${describeResource(lb)} is a VPC origin's target but internet-facing.`
                    : `${describeResource(lb)} is internet-facing beside a CloudFront VPC origin.`,
                lb.urn,
            );
        }
        settle(needs);
    },
);

/** Policies of the "edge" area. */
export const edgePolicies: PlatformPolicy[] = [
    distributionWebAcl,
    originEncrypted,
    viewerTlsCustomDomain,
    viewerTlsDefaultCertificate,
    vpcOriginInternal,
];
