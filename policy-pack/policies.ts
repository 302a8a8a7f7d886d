/**
 * The registry: every policy of the pack, by area. Importable without starting the analyzer
 * server (which the PolicyPack constructor in index.ts does), so tests, the docs generator and
 * the offline plan use it directly.
 */
import { albPolicies } from "./alb";
import { edgePolicies } from "./cloudfront";
import { dataPolicies } from "./data";
import { s3LoggingPolicies } from "./data-s3-logging";
import { ecrPolicies } from "./ecr";
import { ecsPolicies } from "./ecs";
import { iamPolicies } from "./iam";
import { PlatformPolicy } from "./lib/define-policy";
import { limitsPolicies } from "./limits";
import { logsPolicies } from "./logs";
import { networkPolicies } from "./network";
import { resourcePolicyPolicies } from "./resource-policies";
import { ssmPolicies } from "./ssm";

export const policies: readonly PlatformPolicy[] = [
    ...networkPolicies,
    ...iamPolicies,
    ...resourcePolicyPolicies,
    ...ecsPolicies,
    ...albPolicies,
    ...edgePolicies,
    ...logsPolicies,
    ...ecrPolicies,
    ...ssmPolicies,
    ...dataPolicies,
    ...s3LoggingPolicies,
    ...limitsPolicies,
];

export const PACK_NAME = "ecs-platform-policies";
