/** Whether subnets can reach the internet at all: the reachability notes an egress rule to 0.0.0.0/0 that no route serves. */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import type { PlanGraph } from "./graph";

/** True when one of the subnets with these CIDRs is associated with a route table holding a default route (IGW or NAT). */
export function routesToInternet(g: PlanGraph, subnetCidrs: readonly string[]): boolean {
    const defaultTables = new Set(
        g
            .ofType(AWS_TYPE.ec2.Route)
            .filter((r) => g.props(r).destinationCidrBlock === "0.0.0.0/0")
            .flatMap((r) => g.referencedPath(r, "routeTableId", [AWS_TYPE.ec2.RouteTable]))
            .map((t) => t.urn),
    );
    for (const assoc of g.ofType(AWS_TYPE.ec2.RouteTableAssociation)) {
        const subnet = g.referencedPath(assoc, "subnetId", [AWS_TYPE.ec2.Subnet])[0];
        const table = g.referencedPath(assoc, "routeTableId", [AWS_TYPE.ec2.RouteTable])[0];
        const cidr = subnet ? g.props(subnet).cidrBlock : undefined;
        if (table && defaultTables.has(table.urn) && typeof cidr === "string" && subnetCidrs.includes(cidr)) {
            return true;
        }
    }
    return false;
}
