/**
 * Which resources use each security group (load balancers, ECS services, RDS instances, VPC
 * endpoints) and the CIDRs of the subnets they sit in: what a CIDR rule elsewhere can reach.
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { PlanGraph } from "./graph";
import { SECURITY_GROUP_TYPES } from "./reachability-model";

/** Which resources use each security group, and the CIDRs of their subnets. */
export function securityGroupAttachments(g: PlanGraph): Map<string, { cidrs: string[]; members: string[] }> {
    const out = new Map<string, { cidrs: string[]; members: string[] }>();
    const subnetCidrs = (subnets: EvaluatedResource[]) =>
        subnets.map((s) => g.props(s).cidrBlock).filter((c): c is string => typeof c === "string");
    const attach = (r: EvaluatedResource, sgPath: string, subnetPath: string) => {
        const groups = g.referencedPath(r, sgPath, SECURITY_GROUP_TYPES);
        let subnets = g.referencedPath(r, subnetPath, [AWS_TYPE.ec2.Subnet]);
        if (r.type === AWS_TYPE.rds.Instance) {
            const subnetGroup = g.referencedPath(r, "dbSubnetGroupName", [AWS_TYPE.rds.SubnetGroup])[0];
            subnets = subnetGroup ? g.referencedPath(subnetGroup, "subnetIds", [AWS_TYPE.ec2.Subnet]) : [];
        }
        for (const sg of groups) {
            const entry = out.get(sg.urn) ?? { cidrs: [], members: [] };
            entry.cidrs.push(...subnetCidrs(subnets));
            entry.members.push(r.name);
            out.set(sg.urn, entry);
        }
    };
    for (const r of g.resources) {
        switch (r.type) {
            case AWS_TYPE.lb.LoadBalancer:
                attach(r, "securityGroups", "subnets");
                break;
            case AWS_TYPE.ecs.Service:
                attach(r, "networkConfiguration.securityGroups", "networkConfiguration.subnets");
                break;
            case AWS_TYPE.rds.Instance:
                attach(r, "vpcSecurityGroupIds", "");
                break;
            case AWS_TYPE.ec2.VpcEndpoint:
                attach(r, "securityGroupIds", "subnetIds");
                break;
        }
    }
    return out;
}
