/**
 * The names a stack exports its foundation under, and the names `stackReference` mode reads: one
 * list, so a stack's outputs feed another stack's `stackReference` by construction (index.ts
 * exports them, foundation.ts reads them).
 */
import * as pulumi from "@pulumi/pulumi";
import { DatabaseFoundation, NetworkFoundation, ParametersFoundation, StorageFoundation } from "./foundation-types";

export const NETWORK_OUTPUTS = [
    "vpcId",
    "vpcCidr",
    "publicSubnetIds",
    "appSubnetIds",
    "agentSubnetIds",
    "dataSubnetIds",
    "endpointSecurityGroupId",
    "s3PrefixListId",
] as const satisfies readonly (keyof NetworkFoundation)[];

export const STORAGE_OUTPUTS = [
    "repositoryUrls",
    "repositoryArns",
    "agentDataBucketName",
    "agentDataBucketArn",
] as const satisfies readonly (keyof StorageFoundation)[];

/**
 * `pathPrefix` is not exported: the reading stack derives it from the referenced stack's name; the
 * services' secret ARNs too, from the path and the names in its own services map.
 */
export const PARAMETERS_OUTPUTS = [
    "parameterArnPattern",
    "kmsKeyArn",
] as const satisfies readonly (keyof ParametersFoundation)[];

/**
 * The database part, by stack output name -> DatabaseFoundation field. Prefixed: a bare
 * `securityGroupId` among a stack's outputs would not say whose group it is.
 */
export const DATABASE_SECURITY_GROUP_OUTPUT = "databaseSecurityGroupId";
export const DATABASE_OUTPUTS = { [DATABASE_SECURITY_GROUP_OUTPUT]: "securityGroupId" } as const satisfies Record<
    string,
    keyof DatabaseFoundation
>;

export interface Foundation {
    readonly network: NetworkFoundation;
    readonly storage: StorageFoundation;
    readonly parameters: ParametersFoundation;
    readonly database: DatabaseFoundation;
}

/** The stack outputs that describe `foundation`, whether this stack created it or took it from elsewhere. */
export function foundationOutputs(foundation: Foundation): Record<string, pulumi.Input<unknown>> {
    const out: Record<string, pulumi.Input<unknown>> = {};
    for (const key of NETWORK_OUTPUTS) out[key] = foundation.network[key];
    for (const key of STORAGE_OUTPUTS) out[key] = foundation.storage[key];
    for (const key of PARAMETERS_OUTPUTS) out[key] = foundation.parameters[key];
    for (const [output, field] of Object.entries(DATABASE_OUTPUTS)) out[output] = foundation.database[field];
    return out;
}
