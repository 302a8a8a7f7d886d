/**
 * The evaluator's answers to the data-source look-ups (invokes) the program makes, in the shapes AWS
 * returns them; an invoke it has no answer for fails the evaluation rather than inventing a value.
 */
import { AWS_INVOKE } from "../policy-pack/lib/aws-types";
import { availabilityZones, vpcEndpointService } from "./availability-zones";
import { hex, hostedZone, MockContext } from "./mock-values";
import { vpcOriginExcludedZoneIds } from "../policy-pack/lib/edge-facts";

/** Answers the invokes the program makes; anything else fails the evaluation loudly. */
export function answerInvoke(
    token: string,
    inputs: Record<string, unknown>,
    ctx: MockContext,
): Record<string, unknown> {
    switch (token) {
        case AWS_INVOKE.bedrock.getInferenceProfile:
            return inferenceProfile(String(inputs.inferenceProfileId), ctx);
        case AWS_INVOKE.index.getCallerIdentity:
            return {
                id: ctx.accountId,
                accountId: ctx.accountId,
                arn: `arn:${ctx.partition}:iam::${ctx.accountId}:user/offline-plan`,
                userId: "AIDAOFFLINEPLAN000000",
            };
        case AWS_INVOKE.index.getPartition:
            return {
                id: ctx.partition,
                partition: ctx.partition,
                dnsSuffix: "amazonaws.com",
                reverseDnsPrefix: "com.amazonaws",
            };
        case AWS_INVOKE.index.getRegion:
            return {
                id: ctx.region,
                name: ctx.region,
                region: ctx.region,
                endpoint: `ec2.${ctx.region}.amazonaws.com`,
            };
        case AWS_INVOKE.index.getAvailabilityZones:
            return availabilityZones(ctx.region, inputs);
        case AWS_INVOKE.route53.getZone:
            return hostedZone(inputs, ctx);
        case AWS_INVOKE.ec2.getVpcEndpointService:
            return vpcEndpointService(String(inputs.serviceName ?? ""), ctx);
        case AWS_INVOKE.ec2.getInternetGateway:
            return internetGateway(inputs, ctx);
        case AWS_INVOKE.ec2.getSubnet:
            return subnet(String(inputs.id ?? ""), ctx);
        case AWS_INVOKE.ec2.getManagedPrefixList:
            // The CloudFront origin-facing list's id in us-east-1.
            return {
                id: "pl-3b927c52",
                name: "com.amazonaws.global.cloudfront.origin-facing",
                addressFamily: "IPv4",
                maxEntries: 55,
                entries: [],
                arn: `arn:${ctx.partition}:ec2:${ctx.region}:aws:prefix-list/pl-3b927c52`,
            };
        default:
            throw new Error(`the offline evaluator has no answer for invoke ${token}`);
    }
}

/**
 * A system-defined inference profile as GetInferenceProfile returns it: the profile's ARN in this
 * account and Region, and one foundation-model ARN per destination Region of its geography. The
 * destinations are an offline fixture in the shape AWS documents (US profiles route among US
 * Regions, EU among EU Regions; https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html),
 * not a claim about today's routing; a profile whose geography does not contain the Region fails,
 * as GetInferenceProfile does for a profile the Region does not offer.
 */
function inferenceProfile(id: string, ctx: MockContext): Record<string, unknown> {
    const [geography, ...rest] = id.split(".");
    const model = rest.join(".");
    const destinations = INFERENCE_PROFILE_DESTINATIONS[geography];
    if (!destinations || (geography !== "global" && !destinations.includes(ctx.region))) {
        throw new Error(`ResourceNotFoundException: inference profile ${id} is not offered in ${ctx.region}`);
    }
    const arn = `arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.accountId}:inference-profile/${id}`;
    return {
        id,
        inferenceProfileId: id,
        inferenceProfileArn: arn,
        inferenceProfileName: id,
        status: "ACTIVE",
        type: "SYSTEM_DEFINED",
        models: destinations.map((r) => ({ modelArn: `arn:${ctx.partition}:bedrock:${r}::foundation-model/${model}` })),
    };
}

const INFERENCE_PROFILE_DESTINATIONS: Record<string, readonly string[]> = {
    us: ["us-east-1", "us-east-2", "us-west-2"],
    eu: ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"],
    apac: ["ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2"],
    global: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-1"],
};

/**
 * An existing VPC's internet gateway, as DescribeInternetGateways filtered by `attachment.vpc-id`
 * answers: the offline plan assumes an existing VPC is attached to one (the usual case); tests pass a
 * failing answer in `invokeAnswers` to plan a VPC without one (the provider then errors "no matching
 * EC2 Internet Gateway found").
 */
function internetGateway(inputs: Record<string, unknown>, ctx: MockContext): Record<string, unknown> {
    const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
    const vpcId = filters.find((f) => f.name === "attachment.vpc-id")?.values[0];
    if (vpcId === undefined) throw new Error("getInternetGateway offline needs an attachment.vpc-id filter");
    const id = `igw-${hex(`igw:${vpcId}`, 17)}`;
    return {
        id,
        internetGatewayId: id,
        arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:internet-gateway/${id}`,
        ownerId: ctx.accountId,
        attachments: [{ state: "available", vpcId }],
        filters,
        tags: {},
    };
}

/**
 * An existing subnet as DescribeSubnets answers: deterministic, in a zone of the Region a VPC origin
 * supports (the usual case); tests place one in an excluded zone through `invokeAnswers`.
 */
function subnet(id: string, ctx: MockContext): Record<string, unknown> {
    if (!/^subnet-[0-9a-f]{8,17}$/.test(id)) throw new Error(`InvalidSubnetID.Malformed: ${id}`);
    const zones = availabilityZones(ctx.region, { excludeZoneIds: [...(vpcOriginExcludedZoneIds(ctx.region) ?? [])] });
    const names = zones.names as string[];
    const ids = zones.zoneIds as string[];
    const i = parseInt(hex(id, 4), 16) % names.length;
    return {
        id,
        arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:subnet/${id}`,
        availabilityZone: names[i],
        availabilityZoneId: ids[i],
        ownerId: ctx.accountId,
        state: "available",
        mapPublicIpOnLaunch: false,
    };
}
