/**
 * The Bedrock models AgentCore invokes and what its role must be granted for them. Current Claude
 * models are offered on demand only through an inference profile
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html); invoking
 * a cross-Region profile needs InvokeModel on the profile AND on the foundation model in every
 * Region the profile routes to ("Prerequisites for inference profiles",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html). Those
 * destination models are looked up with the provider's `aws.bedrock.getInferenceProfile`, so the
 * grant follows AWS's routing instead of a hand-kept list of Regions.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { BedrockConfig } from "../config/schema";

export interface BedrockModelsContext {
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Parent of the look-ups. */
    readonly parent?: pulumi.Resource;
}

/** A system-defined (cross-Region) inference profile of this account and Region. */
export interface InferenceProfileGrant {
    /** `arn:<partition>:bedrock:<region>:<account>:inference-profile/<id>`: what the app invokes. */
    readonly arn: pulumi.Output<string>;
    /** The foundation-model ARNs, one per destination Region, the profile routes to. */
    readonly destinationModelArns: pulumi.Output<string[]>;
}

export interface BedrockModels {
    /** Foundation-model (or other) ARNs configured directly. */
    readonly modelArns: readonly string[];
    readonly inferenceProfiles: readonly InferenceProfileGrant[];
    /** What the application may name as model id, comma-separated (BEDROCK_MODEL_ARNS). */
    readonly invokeArnList: pulumi.Output<string>;
}

export function resolveBedrockModels(cfg: BedrockConfig, ctx: BedrockModelsContext): BedrockModels {
    const inferenceProfiles = cfg.inferenceProfileIds.map((id) => {
        const profile = aws.bedrock.getInferenceProfileOutput({ inferenceProfileId: id }, { parent: ctx.parent });
        return {
            arn: pulumi.interpolate`arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.accountId}:inference-profile/${id}`,
            destinationModelArns: profile.models.apply((models) => models.map((m) => m.modelArn)),
        };
    });
    const invokeArnList = pulumi
        .all(inferenceProfiles.map((p) => p.arn))
        .apply((profileArns) => [...profileArns, ...cfg.modelArns].join(","));
    return { modelArns: cfg.modelArns, inferenceProfiles, invokeArnList };
}
