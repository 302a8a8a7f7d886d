/**
 * The offline account's availability zones, as `aws.getAvailabilityZones` answers: zone names with the
 * zone IDs they map to (names map to physical zones differently per account; IDs are the same in every
 * account, https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html). The mapping below is
 * one an account can have; in us-east-1 it puts use1-az3 (which CloudFront VPC origins exclude) at
 * us-east-1b, so the first two names are not always usable and the placement logic is exercised.
 */
import { hex, MockContext } from "./mock-values";

/** Zones per Region that differ from the usual three (a, b, c -> az1, az2, az3). */
const ZONES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
    "us-east-1": [
        ["a", "use1-az1"],
        ["b", "use1-az3"],
        ["c", "use1-az2"],
        ["d", "use1-az4"],
        ["e", "use1-az6"],
        ["f", "use1-az5"],
    ],
    // Accounts created since these zones were constrained get two or three zones without the old ID.
    "us-west-1": [
        ["b", "usw1-az1"],
        ["c", "usw1-az3"],
    ],
    "ap-northeast-1": [
        ["a", "apne1-az4"],
        ["c", "apne1-az1"],
        ["d", "apne1-az2"],
    ],
    "ca-central-1": [
        ["a", "cac1-az1"],
        ["b", "cac1-az2"],
        ["d", "cac1-az4"],
    ],
};

/** `eu-west-1` -> `euw1`, `ap-northeast-1` -> `apne1`, `us-east-1` -> `use1`: the prefix of its zone IDs. */
export function zoneIdPrefix(region: string): string {
    const [geo, direction = "", number = ""] = region.split("-");
    const short = direction
        .replace(/^north/, "n")
        .replace(/^south/, "s")
        .replace(/east$/, "e")
        .replace(/west$/, "w")
        .replace(/^central$/, "c");
    return `${geo}${short}${number}`;
}

/** The answer of getAvailabilityZones in `region`, honouring `excludeZoneIds` and `excludeNames`. */
export function availabilityZones(region: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const zones =
        ZONES[region] ?? (["a", "b", "c"] as const).map((z, i) => [z, `${zoneIdPrefix(region)}-az${i + 1}`] as const);
    const excludedIds = new Set((inputs.excludeZoneIds as string[] | undefined) ?? []);
    const excludedNames = new Set((inputs.excludeNames as string[] | undefined) ?? []);
    const kept = zones
        .map(([letter, id]) => ({ name: `${region}${letter}`, id }))
        .filter((z) => !excludedIds.has(z.id) && !excludedNames.has(z.name));
    return {
        id: region,
        names: kept.map((z) => z.name),
        zoneIds: kept.map((z) => z.id),
        groupNames: kept.map(() => region),
        state: inputs.state,
    };
}

/**
 * An AWS interface endpoint service as DescribeVpcEndpointServices describes it: offered in every
 * zone of the region here (the offline region has three), Interface type, private DNS on. Where a
 * real service lacks a zone, tests pass the answer in `invokeAnswers`.
 */
export function vpcEndpointService(serviceName: string, ctx: MockContext): Record<string, unknown> {
    const service = serviceName.split(".").slice(3).join(".");
    return {
        id: serviceName,
        serviceName,
        service,
        serviceId: `vpce-svc-${hex(serviceName, 17)}`,
        serviceType: "Interface",
        owner: "amazon",
        acceptanceRequired: false,
        managesVpcEndpoints: false,
        availabilityZones: availabilityZones(ctx.region, {}).names,
        baseEndpointDnsNames: [`${service}.${ctx.region}.vpce.amazonaws.com`],
        privateDnsName: `${service}.${ctx.region}.amazonaws.com`,
        privateDnsNames: [`${service}.${ctx.region}.amazonaws.com`],
        supportedIpAddressTypes: ["ipv4"],
        vpcEndpointPolicySupported: true,
        region: ctx.region,
        serviceRegion: ctx.region,
        arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-endpoint-service/vpce-svc-${hex(serviceName, 17)}`,
        tags: {},
    };
}
