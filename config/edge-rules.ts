/**
 * The edge checks that relate `edge` to `aws:region` or `environment`, and the edge defaults that
 * depend on `environment`. Each would otherwise fail only at `pulumi up`, or deploy something weaker
 * than the stack's environment calls for.
 */
import { KeyedIssue } from "./describe";
import type { EdgeSettings, ParsedPlatformConfig } from "./schema";
import { VPC_ORIGIN_EXCLUDED_ZONE_IDS, vpcOriginExcludedZoneIds } from "../policy-pack/lib/edge-facts";

type Checked = Pick<ParsedPlatformConfig, "edge" | "environment" | "network">;

export function edgeIssues(cfg: Checked, region: string): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
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
