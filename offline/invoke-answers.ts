/**
 * The evaluator's answers to the data-source look-ups (invokes) the program makes, in the shapes AWS
 * returns them; an invoke it has no answer for fails the evaluation rather than inventing a value.
 */
import { AWS_INVOKE } from "../policy-pack/lib/aws-types";
import { availabilityZones, vpcEndpointService } from "./availability-zones";
import { hostedZone, MockContext } from "./mock-values";

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
