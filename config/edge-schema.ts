/**
 * The `edge` section of the stack configuration: how the internet reaches the BFF (edge.mode), AWS WAF
 * on CloudFront, an optional custom domain and viewer TLS. Defaults live here; the checks that need
 * `aws:region` or `environment` are in edge-rules.ts. Design and sources: docs/edge.md.
 */
import { z } from "zod";
import { arn, bool, num, publicSourceCidrs } from "./fields";
import { WAF_MANAGED_GROUPS, WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN } from "../policy-pack/lib/edge-facts";

/** How the internet reaches the BFF; docs/edge.md compares them. */
export const EDGE_MODES = ["vpcOrigin", "publicAlb", "cidrOnly"] as const;
export type EdgeMode = (typeof EDGE_MODES)[number];
/** Viewer TLS policies a custom domain may use: TLS 1.2 (2021 ciphers) or newer (edge-facts.ts). */
export const VIEWER_TLS_CHOICES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"] as const;
/** Rate-based rule windows AWS WAF offers (waf-rule-statement-type-rate-based-high-level-settings.html). */
export const WAF_RATE_WINDOWS = [60, 120, 300, 600] as const;

const dnsName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "is not a DNS name (lower case, e.g. app.example.com)",
});

const wafSchema = z
    .object({
        /** A web ACL on the distribution (modes with CloudFront). Default true. */
        enabled: bool().default(true),
        /** `block` or `count` (log only). Default: block in prod, count elsewhere (resolved in config/edge-rules.ts). */
        action: z.enum(["count", "block"]).optional(),
        /**
         * Requests per client IP per window before the rate rule acts, 100-2,000,000,000. AWS WAF accepts 10,
         * but the provider rejects values under 100 at preview (pulumi/pulumi-aws#5841, edge-facts.ts). Default 2000.
         */
        rateLimit: num(
            z
                .number()
                .int({ message: "is not a whole number of requests" })
                .min(WAF_RATE_LIMIT_MIN, {
                    message:
                        `is below ${WAF_RATE_LIMIT_MIN}; allowed ${WAF_RATE_LIMIT_MIN}-${WAF_RATE_LIMIT_MAX}: the AWS provider ` +
                        `rejects a rate-based rule limit under ${WAF_RATE_LIMIT_MIN} (pulumi/pulumi-aws#5841), although AWS WAF ` +
                        `accepts 10; set edge.waf.rateLimit to ${WAF_RATE_LIMIT_MIN} or more`,
                })
                .max(WAF_RATE_LIMIT_MAX, { message: `is above ${WAF_RATE_LIMIT_MAX}, AWS WAF's maximum` }),
        ).default(2000),
        /** Seconds of the rate rule's window: 60, 120, 300 or 600. Default 300 (AWS WAF's default). */
        rateWindowSeconds: num(
            z
                .number()
                .int()
                .refine((v) => (WAF_RATE_WINDOWS as readonly number[]).includes(v), {
                    message: `is not a rate-based rule window; allowed: ${WAF_RATE_WINDOWS.join(", ")}`,
                }),
        ).default(300),
        /**
         * Managed rules set to count instead of their own action, as `<group>/<rule>`
         * (`AWSManagedRulesCommonRuleSet/NoUserAgent_HEADER`). CommonRuleSet's SizeRestrictions_BODY always
         * counts (chat POSTs exceed its 8 KB). Default none.
         */
        excludedRules: z
            .array(
                z.string().regex(/^AWSManagedRules[A-Za-z]+\/[\w-]{1,128}$/, {
                    message: "is not <managed group>/<rule>, e.g. AWSManagedRulesCommonRuleSet/NoUserAgent_HEADER",
                }),
            )
            .superRefine((rules, ctx) =>
                rules.forEach((r, i) => {
                    if (!(WAF_MANAGED_GROUPS as readonly string[]).includes(r.split("/")[0])) {
                        ctx.addIssue({
                            code: "custom",
                            path: [i],
                            message: `names a group the web ACL does not use; allowed groups: ${WAF_MANAGED_GROUPS.join(", ")}`,
                        });
                    }
                }),
            )
            .default([]),
    })
    .strict();

const domainSchema = z
    .object({
        /** The viewer-facing name (`app.example.com`). */
        name: dnsName,
        /** The public Route 53 hosted zone that holds it (`example.com`). */
        hostedZone: dnsName,
    })
    .strict()
    .superRefine((d, ctx) => {
        if (d.name !== d.hostedZone && !d.name.endsWith(`.${d.hostedZone}`)) {
            ctx.addIssue({
                code: "custom",
                path: ["name"],
                message: `is not inside hostedZone ${d.hostedZone}; the alias and validation records must live in that zone`,
            });
        }
    });

export const edgeSchema = z
    .object({
        /**
         * vpcOrigin: CloudFront reaches an internal ALB through a CloudFront VPC origin (nothing of ours is
         * internet-facing). publicAlb: CloudFront in front of an internet-facing ALB (prefix list + origin
         * header). cidrOnly: an internet-facing ALB for the allowedCidrs only, no CloudFront. Default vpcOrigin.
         */
        mode: z.enum(EDGE_MODES).default("vpcOrigin"),
        /** Replaced by `mode`; kept only to say so (true -> publicAlb was the old default, false -> cidrOnly). */
        cloudFront: z.unknown().optional(),
        /** Extra CIDRs that may reach the ALB directly (never 0.0.0.0/0 or ::/0). Default none. */
        allowedCidrs: publicSourceCidrs.default([]),
        /** ACM certificate (in `aws:region`) for an HTTPS listener; HTTP then only redirects. Default none. */
        certificateArn: arn("acm", ["certificate/"], "arn:aws:acm:us-east-1:123456789012:certificate/...").optional(),
        /**
         * With CloudFront and a certificate, CloudFront connects to the ALB over HTTPS and checks the
         * certificate against this name: a DNS name the certificate covers that resolves to the ALB.
         * Required in that case. Default none.
         */
        originDomainName: dnsName.optional(),
        /** TLS policy of the HTTPS listener. Default ELBSecurityPolicy-TLS13-1-2-2021-06. */
        sslPolicy: z
            .string()
            .regex(/^ELBSecurityPolicy-/)
            .default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
        /** AWS WAF on the distribution. Default: on, see wafSchema. */
        waf: wafSchema.prefault({}),
        /** A custom viewer domain (ACM certificate in us-east-1, alias A/AAAA records). Default none: *.cloudfront.net. */
        domain: domainSchema.optional(),
        /** Minimum viewer TLS with a custom domain. Default TLSv1.2_2021. */
        viewerTlsPolicy: z.enum(VIEWER_TLS_CHOICES).default("TLSv1.2_2021"),
    })
    .strict()
    .superRefine((e, ctx) => {
        if (e.cloudFront !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["cloudFront"],
                message:
                    "was replaced by edge.mode; allowed: mode: vpcOrigin (the new default: CloudFront -> VPC origin -> " +
                    "internal ALB), publicAlb (what cloudFront: true deployed: CloudFront -> internet-facing ALB), " +
                    "cidrOnly (what cloudFront: false deployed); see docs/edge.md#migration before changing a deployed stack",
            });
        }
        const cloudFront = e.mode !== "cidrOnly";
        if (cloudFront && e.certificateArn !== undefined && e.originDomainName === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["originDomainName"],
                message:
                    "is required with CloudFront (mode vpcOrigin or publicAlb) and certificateArn: CloudFront verifies " +
                    "the ALB's certificate against the origin's name, and no certificate covers the ALB's *.elb.amazonaws.com name",
            });
        }
        if (!cloudFront && e.allowedCidrs.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["allowedCidrs"],
                message: "is empty and mode is cidrOnly: nothing could reach the load balancer",
            });
        }
        if (e.mode === "vpcOrigin" && e.allowedCidrs.length > 0) {
            ctx.addIssue({
                code: "custom",
                path: ["allowedCidrs"],
                message:
                    "must be empty with mode vpcOrigin: the ALB is internal, so no internet client could use these; " +
                    "use mode publicAlb (CloudFront and these CIDRs) or cidrOnly",
            });
        }
        if (!cloudFront && e.domain !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["domain"],
                message:
                    "needs CloudFront (mode vpcOrigin or publicAlb); with cidrOnly give the ALB a certificateArn and a record of your own",
            });
        }
    });

export type EdgeConfig = z.output<typeof edgeSchema>;
export type WafConfig = z.output<typeof wafSchema>;
export type DomainConfig = z.output<typeof domainSchema>;
/** The edge settings components receive: the WAF action resolved from the environment. */
export type EdgeSettings = Omit<EdgeConfig, "waf" | "cloudFront"> & {
    readonly waf: Omit<WafConfig, "action"> & { readonly action: "count" | "block" };
};
