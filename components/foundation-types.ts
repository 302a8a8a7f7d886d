/**
 * The typed interfaces the compute layer accepts from its foundation. Each is produced either by
 * the foundation component that creates it (Network, Storage, Parameters, Database) or read from
 * an existing stack (StackReference outputs with the same names, or ids in config).
 */
import * as pulumi from "@pulumi/pulumi";
import type { VpcOriginPrerequisites } from "./vpc-origin-network";

/** VPC, subnets per tier and the VPC endpoints the tasks use instead of a NAT gateway. */
export interface NetworkFoundation {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    /** Two public subnets (ALB only). */
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** PrivateApp subnets (10.0.11.0/24, 10.0.12.0/24): the tasks of http services (the BFF) and the internal ALB. */
    readonly appSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** PrivateAgent subnets (10.0.21.0/24, 10.0.22.0/24): the tasks of internal and worker services (AgentCore). */
    readonly agentSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Data subnets: the database. */
    readonly dataSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security group of the interface endpoints (ECR api/dkr, logs, SSM, STS, Bedrock). */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** Managed prefix list of the S3 gateway endpoint: ECR serves image layers from S3. */
    readonly s3PrefixListId: pulumi.Input<string>;
    /**
     * Resources a task needs before it can start (the VPC endpoints: without them no image pull,
     * no logs, no secrets). Services depend on them. Empty for an existing network.
     */
    readonly ready?: pulumi.Resource[];
    /**
     * What a CloudFront VPC origin waits for (edge.mode vpcOrigin): the internet gateway this stack
     * created, or the look-ups proving an existing VPC has one and its app subnets avoid excluded zones.
     */
    readonly vpcOrigin?: VpcOriginPrerequisites;
}

/** Image repositories (by the services' repository keys) and the data bucket. */
export interface StorageFoundation {
    /** Repository URL (without tag) by repository key (`app`, `agent`, a service's name). */
    readonly repositoryUrls: pulumi.Input<Readonly<Record<string, pulumi.Input<string>>>>;
    /** Repository ARN by repository key. */
    readonly repositoryArns: pulumi.Input<Readonly<Record<string, pulumi.Input<string>>>>;
    readonly agentDataBucketName: pulumi.Input<string>;
    readonly agentDataBucketArn: pulumi.Input<string>;
}

/** The stack's SSM parameter path and the KMS key that encrypts its SecureStrings. */
export interface ParametersFoundation {
    /** Path prefix with leading and trailing slash: `/ecs-platform/<stack>/`. */
    readonly pathPrefix: string;
    /** ARN pattern covering every parameter under the path (`arn:...:parameter/ecs-platform/<stack>/*`). */
    readonly parameterArnPattern: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * SSM parameter ARNs each service receives as container secrets: service name -> environment
     * variable -> ARN. Built from names (`/<path>/<service>/<parameter>`), so a referenced or
     * existing foundation needs no export per service.
     */
    readonly serviceSecrets: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
}

/** What the tasks need to reach the database. */
export interface DatabaseFoundation {
    readonly securityGroupId: pulumi.Input<string>;
    /**
     * SSM parameter (String, JSON `{host, port, database, credentialsSecretArn}`) both services
     * receive as the container secret DATABASE_CONNECTION. Its ARN is computed from names, so the
     * container definitions stay known at the first preview. Absent: no database wiring.
     */
    readonly connectionParameterArn?: pulumi.Input<string>;
    /** Secrets Manager secret holding the login (RDS-managed); both task roles may read it. */
    readonly credentialsSecretArn?: pulumi.Input<string>;
}

/**
 * The ECR repository a created foundation holds for a repository key: `ecs-platform-<stack>/<key>`
 * (the namespace keeps stacks of one account apart). The deploy workflow's image check reads the
 * same name (tools/ci/image-platforms.ts).
 */
export function createdRepositoryName(stack: string, key: string): string {
    return `${repositoryNamespace(stack)}/${key}`;
}

/** `ecs-platform-<stack>`: the namespace of a created foundation's repositories. */
export function repositoryNamespace(stack: string): string {
    return `ecs-platform-${stack}`;
}
