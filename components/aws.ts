/**
 * The slice of @pulumi/aws this program uses, imported module by module. `@pulumi/aws`'s index
 * pulls in the type declarations of every AWS service (about 700,000 lines); these deep imports
 * load a third of that, which roughly halves the type-check of `npm test` and the lint's memory.
 * Components import `* as aws from "./aws"` and keep writing `aws.ecs.Cluster`.
 */
export * as acm from "@pulumi/aws/acm";
export * as appautoscaling from "@pulumi/aws/appautoscaling";
// Only the inference-profile look-up: the whole bedrock module is large and the program creates no Bedrock resource.
export * as bedrock from "@pulumi/aws/bedrock/getInferenceProfile";
export * as cloudfront from "@pulumi/aws/cloudfront";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as ecs from "@pulumi/aws/ecs";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lb from "@pulumi/aws/lb";
export * as rds from "@pulumi/aws/rds";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as servicediscovery from "@pulumi/aws/servicediscovery";
export * as sns from "@pulumi/aws/sns";
export * as sqs from "@pulumi/aws/sqs";
export * as ssm from "@pulumi/aws/ssm";
export * as vpc from "@pulumi/aws/vpc";
export * as wafv2 from "@pulumi/aws/wafv2";
export * as types from "@pulumi/aws/types";
export { getCallerIdentity, getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartition, getPartitionOutput } from "@pulumi/aws/getPartition";
export { getAvailabilityZones, getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
