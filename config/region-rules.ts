/**
 * The checks that need `aws:region`: that it exists, and that zones and ARNs in config belong to
 * it. Each would otherwise fail only at `pulumi up` (or, for Bedrock, at the first request).
 */
import { Region } from "@pulumi/aws/types/enums";
import { KeyedIssue } from "./describe";
import { parseArn } from "./fields";
import type { PlatformConfig } from "./schema";

/** The Regions the AWS provider knows (its `aws.Region` enum), not a pattern that admits `mars-1`. */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

/*
 * ACM certificates are regional: a load balancer uses one from its own Region, while CloudFront
 * only takes certificates from us-east-1 ("To use an ACM certificate with Amazon CloudFront, you
 * must request or import the certificate in the US East (N. Virginia) region",
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html). The program gives CloudFront
 * its default certificate today, so only the ALB's certificate is configurable and checked here.
 */

type Checked = Omit<PlatformConfig, "stack" | "region" | "protect" | "rollout">;

export function regionIssues(cfg: Checked, region: string): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    const wrongRegion = (path: (string | number)[], arn: string, why: string) => {
        const r = parseArn(arn)?.region;
        if (r !== undefined && r !== "" && r !== region) {
            issues.push({ path, message: `is in ${r}, not in aws:region ${region}; ${why}` });
        }
    };

    if (cfg.network.mode === "create") {
        cfg.network.availabilityZones?.forEach((zone, i) => {
            if (!(zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length)))) {
                issues.push({
                    path: ["network", "availabilityZones", i],
                    message: `is a zone of ${zone.slice(0, -1)}, not of aws:region ${region}; allowed: zones named ${region}a, ${region}b, ...`,
                });
            }
        });
    }
    if (cfg.edge.certificateArn !== undefined) {
        wrongRegion(
            ["edge", "certificateArn"],
            cfg.edge.certificateArn,
            "ACM certificates are regional and the load balancer only uses one from its own Region: request or import it there",
        );
    }
    if (cfg.parameters.mode === "existing") {
        wrongRegion(
            ["parameters", "kmsKeyArn"],
            cfg.parameters.kmsKeyArn,
            "KMS keys are regional; SecureString parameters in this Region need a key of this Region",
        );
    }
    // Cross-Region inference: the profile is invoked in this Region and may route to foundation
    // models of other Regions, which the role must then also allow (Bedrock UG, inference-profiles-prereq.html).
    const crossRegionProfile = cfg.bedrock.modelArns.some((a) =>
        parseArn(a)?.resource.startsWith("inference-profile/"),
    );
    cfg.bedrock.modelArns.forEach((arn, i) => {
        if (crossRegionProfile || !parseArn(arn)?.resource.startsWith("foundation-model/")) return;
        wrongRegion(
            ["bedrock", "modelArns", i],
            arn,
            "tasks reach Bedrock only through this Region's VPC endpoint (there is no NAT), so they can invoke " +
                `its models only: use arn:aws:bedrock:${region}::foundation-model/<id>, or add the inference profile ` +
                "that routes to that Region",
        );
    });
    cfg.bedrock.agentAliasArns.forEach((arn, i) =>
        wrongRegion(
            ["bedrock", "agentAliasArns", i],
            arn,
            "tasks reach Bedrock agents only through this Region's VPC endpoint (there is no NAT)",
        ),
    );
    return issues;
}
