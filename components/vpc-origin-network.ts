/**
 * What a CloudFront VPC origin needs from its network, and, for a network this stack does not create
 * (network.mode existing or stackReference), the look-ups that prove it before anything is created:
 * - an internet gateway on the VPC: "You need to add an internet gateway to the VPC that has your VPC
 *   origin resources. The internet gateway is required to denote that the VPC can receive traffic from
 *   the internet" (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html);
 * - ALB subnets outside the zone IDs VPC origins do not support in the Region (same page, "Supported
 *   AWS Regions"; the table is in policy-pack/lib/edge-facts.ts).
 * The VPC origin also waits for (and on destroy goes before) the gateway this stack creates.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { vpcOriginExcludedZoneIds } from "../policy-pack/lib/edge-facts";

export interface VpcOriginPrerequisites {
    /** Resources the VPC origin depends on (the internet gateway this stack creates). */
    readonly dependsOn: pulumi.Resource[];
    /** Resolves once the look-ups passed; rejects with the reason and the fix otherwise. */
    readonly verified?: pulumi.Output<string>;
}

export interface ExistingNetworkCheck {
    readonly vpcId: pulumi.Input<string>;
    /** The subnets the internal ALB (and so the VPC origin's ENIs) uses: network.appSubnetIds. */
    readonly albSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly region: string;
    /** The config key the ids came from, for messages (`network.vpcId` or the stack reference). */
    readonly source: string;
}

/** The look-ups for a network given by ids or by another stack. */
export function verifyExistingNetwork(
    parent: pulumi.Resource | undefined,
    check: ExistingNetworkCheck,
): VpcOriginPrerequisites {
    const excluded = vpcOriginExcludedZoneIds(check.region) ?? [];
    const verified = pulumi.all([check.vpcId, check.albSubnetIds]).apply(async ([vpcId, subnetIds]) => {
        try {
            await aws.ec2.getInternetGateway({ filters: [{ name: "attachment.vpc-id", values: [vpcId] }] }, { parent });
        } catch {
            throw new Error(
                `${check.source}: VPC ${vpcId} has no internet gateway attached; a CloudFront VPC origin needs one ` +
                    `(it is not used for routing). Attach one (aws ec2 create-internet-gateway, attach-internet-gateway) ` +
                    `or set edge.mode to publicAlb or cidrOnly.`,
            );
        }
        const subnets = await Promise.all(subnetIds.map((id) => aws.ec2.getSubnet({ id }, { parent })));
        const bad = subnets.filter((s) => excluded.includes(s.availabilityZoneId));
        if (bad.length > 0) {
            throw new Error(
                `${check.source}: app subnet(s) ${bad.map((s) => `${s.id} (${s.availabilityZoneId})`).join(", ")} ` +
                    `are in a zone CloudFront VPC origins do not support in ${check.region} (excluded: ${excluded.join(", ")}); ` +
                    `the internal ALB uses these subnets. Use subnets in other zones, or set edge.mode to publicAlb.`,
            );
        }
        return vpcId;
    });
    return { dependsOn: [], verified };
}
