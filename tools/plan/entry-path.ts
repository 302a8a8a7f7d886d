/**
 * How the internet reaches the http services (the seed's BFF) in this graph (edge.mode, docs/edge.md), and what a CloudFront VPC
 * origin needs that security groups do not show: the VPC's internet gateway ("The internet gateway is
 * required to denote that the VPC can receive traffic from the internet", private-content-vpc-origins.html)
 * and an internal load balancer behind it.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { PlanGraph } from "./graph";
import { planServices } from "./services";
import type { ReachFinding } from "./reachability-model";

/** The hops a viewer request takes, e.g. Internet -> CloudFront -> VPC origin -> internal ALB -> BFF (every http service). */
export function entryPath(g: PlanGraph): string[] {
    const lb = g.ofType(AWS_TYPE.lb.LoadBalancer)[0];
    if (lb === undefined) return [];
    const alb = g.props(lb).internal === true ? "internal ALB" : "internet-facing ALB";
    const hops = ["Internet"];
    if (g.ofType(AWS_TYPE.cloudfront.Distribution).length > 0) {
        hops.push(g.ofType(AWS_TYPE.wafv2.WebAcl).length > 0 ? "CloudFront + WAF" : "CloudFront");
        if (g.ofType(AWS_TYPE.cloudfront.VpcOrigin).length > 0) hops.push("VPC origin");
    }
    const http = planServices(g).filter((s) => s.kind === "http");
    return [...hops, alb, ...(http.length > 0 ? [http.map((s) => s.label).join(" | ")] : [])];
}

/** The ports CloudFront opens to the ALB through VPC origins (their protocol policy decides). */
export function vpcOriginPorts(g: PlanGraph): number[] {
    const ports: number[] = [];
    // Every VPC origin of the stack serves its distribution (ids are unknown in preview, so no matching).
    for (const origin of g.ofType(AWS_TYPE.cloudfront.VpcOrigin)) {
        const c = (g.props(origin).vpcOriginEndpointConfig ?? {}) as Record<string, unknown>;
        const policy = String(c.originProtocolPolicy ?? "https-only");
        if (policy !== "https-only") ports.push(Number(c.httpPort ?? 80));
        if (policy !== "http-only") ports.push(Number(c.httpsPort ?? 443));
    }
    return ports;
}

/** Deploy-blocking gaps of a VPC-origin design that the security-group graph cannot show. */
export function vpcOriginFindings(g: PlanGraph): ReachFinding[] {
    const origins = g.ofType(AWS_TYPE.cloudfront.VpcOrigin);
    if (origins.length === 0) return [];
    const findings: ReachFinding[] = [];
    const networkInStack = g.ofType(AWS_TYPE.ec2.Vpc).length > 0;
    if (networkInStack && g.ofType(AWS_TYPE.ec2.InternetGateway).length === 0) {
        findings.push({
            severity: "blocking",
            code: "missing-path",
            message:
                "a CloudFront VPC origin needs an internet gateway on its VPC (not used for routing); the VPC has none",
        });
    }
    for (const lb of g.ofType(AWS_TYPE.lb.LoadBalancer)) {
        if (g.props(lb).internal !== true) {
            findings.push({
                severity: "error",
                code: "exposed",
                message: `${lb.name} is internet-facing in a VPC-origin design: a second way in that bypasses CloudFront`,
            });
        }
    }
    return findings;
}
