/**
 * The three IAM roles of the tasks, each with one inline policy scoped to this stack's resources:
 *
 * - execution role (used by ECS itself): pull the two images, write the two log groups, read the
 *   stack's parameters for container `secrets`;
 * - BFF task role (used by the app): write its log group, read `/<project>/<stack>/bff/*`, read
 *   the database login;
 * - AgentCore task role: invoke the configured Bedrock models/agents, read/write `agent-data/` in
 *   the bucket, write its log group, read `/<project>/<stack>/agentcore/*`, read the database login.
 *
 * No managed policy: AmazonECSTaskExecutionRolePolicy grants ECR and Logs on "*". Documents are
 * objects, not JSON strings, so actions are readable during preview while ARNs are still unknown.
 * Every action is read, write-data or invoke; nothing deletes or changes infrastructure.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceLogGroupName } from "./fargate-task-definition";
import type { InferenceProfileGrant } from "./bedrock-models";

export interface TaskRolesArgs {
    /** Account the roles live in (trust-policy confused-deputy conditions, ARNs). Required. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition ("aws", "aws-cn", "aws-us-gov"). Required. */
    readonly partition: pulumi.Input<string>;
    /** Region of the stack. Required. */
    readonly region: string;
    /** Stack name; names the default log groups. Required. */
    readonly stack: string;
    /** ECR repository of the BFF image. Required. */
    readonly appRepositoryArn: pulumi.Input<string>;
    /** ECR repository of the AgentCore image. Required. */
    readonly agentRepositoryArn: pulumi.Input<string>;
    /** Path prefix of the stack's parameters, with leading and trailing slash (`/ecs-platform/<stack>/`). Required. */
    readonly parameterPathPrefix: string;
    /** ARN pattern of every parameter under the path; the execution role resolves container secrets from it. Required. */
    readonly parameterArnPattern: pulumi.Input<string>;
    /** KMS key of the SecureString parameters. Required. */
    readonly parametersKmsKeyArn: pulumi.Input<string>;
    /** Bucket AgentCore keeps its data in. Required. */
    readonly agentDataBucketArn: pulumi.Input<string>;
    /** Key prefix AgentCore may read and write, with trailing slash (the same value its task gets). Required. */
    readonly agentDataPrefix: string;
    /** Foundation-model (or other model) ARNs AgentCore may invoke. Required; with the profiles, at least one. */
    readonly bedrockModelArns: readonly string[];
    /**
     * Inference profiles AgentCore may invoke: each grants the profile and the foundation models of
     * every Region it routes to (both are needed, Bedrock UG inference-profiles-prereq.html). Default none.
     */
    readonly bedrockInferenceProfiles?: readonly InferenceProfileGrant[];
    /** Bedrock agent-alias ARNs AgentCore may invoke. Default none (no InvokeAgent statement). */
    readonly bedrockAgentAliasArns?: readonly string[];
    /** Secrets Manager secret with the database login; both task roles may read it. Default none. */
    readonly databaseCredentialsSecretArn?: pulumi.Input<string>;
    /** BFF log group name. Default `serviceLogGroupName(stack, "bff")`, the name FargateTaskDefinition uses. */
    readonly bffLogGroupName?: string;
    /** AgentCore log group name. Default `serviceLogGroupName(stack, "agentcore")`. */
    readonly agentcoreLogGroupName?: string;
}

type Statement = aws.iam.PolicyStatement;

export class TaskRoles extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:TaskRoles";

    /** Role ARNs that resolve only once the role's inline policy exists, so a task never starts without it. */
    public readonly executionRoleArn: pulumi.Output<string>;
    public readonly bffTaskRoleArn: pulumi.Output<string>;
    public readonly agentcoreTaskRoleArn: pulumi.Output<string>;

    constructor(name: string, args: TaskRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TaskRoles.typeToken, name, {}, opts);
        const agentDataPrefix = args.agentDataPrefix;
        const agentAliasArns = args.bedrockAgentAliasArns ?? [];
        const bffLogGroupName = args.bffLogGroupName ?? serviceLogGroupName(args.stack, "bff");
        const agentcoreLogGroupName = args.agentcoreLogGroupName ?? serviceLogGroupName(args.stack, "agentcore");
        const profiles = args.bedrockInferenceProfiles ?? [];
        if (args.bedrockModelArns.length + profiles.length === 0) {
            throw new pulumi.ResourceError(
                "bedrockModelArns and bedrockInferenceProfiles are empty; AgentCore needs at least one model to invoke",
                this,
            );
        }

        const { partition, accountId, region } = args;
        const arn = (service: string, resource: string) =>
            pulumi.interpolate`arn:${partition}:${service}:${region}:${accountId}:${resource}`;
        const logStreams = (logGroupName: string) => arn("logs", `log-group:${logGroupName}:*`);
        const parameterPath = (service: string) => `parameter${args.parameterPathPrefix}${service}`;

        // seed T004, T018: log writes, each role to its own log groups only.
        const writeLogs = (sid: string, logGroupNames: string[]): Statement => ({
            Sid: sid,
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: logGroupNames.map(logStreams),
        });
        // Parameter Store decrypts SecureStrings with the caller's credentials; the condition keeps
        // the grant usable only through SSM, not for direct kms:Decrypt calls.
        const decryptParameters = (sid: string): Statement => ({
            Sid: sid,
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.parametersKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `ssm.${region}.amazonaws.com` } },
        });
        const readServiceParameters = (service: string): Statement[] => [
            {
                Sid: "ReadOwnParameters",
                Effect: "Allow",
                Action: ["ssm:GetParameter", "ssm:GetParameters"],
                Resource: arn("ssm", `${parameterPath(service)}/*`),
            },
            {
                // GetParametersByPath is authorised against the requested path, not the parameters returned.
                Sid: "ListOwnParameters",
                Effect: "Allow",
                Action: "ssm:GetParametersByPath",
                Resource: [arn("ssm", parameterPath(service)), arn("ssm", `${parameterPath(service)}/*`)],
            },
        ];

        // The apps read the database login at run time (rotation-safe), never through the task definition.
        const readDatabaseLogin: Statement[] =
            args.databaseCredentialsSecretArn === undefined
                ? []
                : [
                      {
                          Sid: "ReadDatabaseLogin",
                          Effect: "Allow",
                          Action: "secretsmanager:GetSecretValue",
                          Resource: args.databaseCredentialsSecretArn,
                      },
                  ];

        const executionRole = this.role(`${name}-execution`, "ECS agent: image pull, logs, container secrets", {
            accountId,
        });
        const executionRolePolicy = this.inlinePolicy(`${name}-execution`, executionRole, [
            {
                // GetAuthorizationToken is registry-wide: it supports no resource-level permission.
                // seed T003: image pull (the token has no resource-level form; the layers are per repository below).
                Sid: "EcrAuthorizationToken",
                Effect: "Allow",
                Action: "ecr:GetAuthorizationToken",
                Resource: "*",
            },
            {
                Sid: "PullServiceImages",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                Resource: [args.appRepositoryArn, args.agentRepositoryArn],
            },
            writeLogs("WriteServiceLogs", [bffLogGroupName, agentcoreLogGroupName]),
            {
                // seed T005, T052: the execution role resolves the stack's parameters (the ARN pattern comes from Parameters).
                Sid: "ResolveContainerSecrets",
                Effect: "Allow",
                Action: "ssm:GetParameters",
                Resource: args.parameterArnPattern,
            },
            decryptParameters("DecryptContainerSecrets"),
        ]);

        // ECS task roles: the DG recommends both confused-deputy conditions (SourceArn only as a
        // wildcard over the account's clusters; naming one cluster is not supported).
        const taskTrust = { accountId, sourceArn: arn("ecs", "*") };

        // seed T018, T041: the BFF role holds its own logs and parameters and nothing else.
        const bffTaskRole = this.role(`${name}-bff-task`, "BFF application: own logs and parameters", taskTrust);
        const bffTaskRolePolicy = this.inlinePolicy(`${name}-bff-task`, bffTaskRole, [
            writeLogs("WriteOwnLogs", [bffLogGroupName]),
            ...readServiceParameters("bff"),
            decryptParameters("DecryptOwnParameters"),
            ...readDatabaseLogin,
        ]);

        // seed T019, T042, T043: Bedrock invoke, agent data under its prefix, own logs and parameters; every statement on named resources.
        const agentcoreTaskRole = this.role(
            `${name}-agentcore-task`,
            "AgentCore application: Bedrock, agent data, own logs and parameters",
            taskTrust,
        );
        const agentStatements: Statement[] = [
            {
                Sid: "InvokeModels",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource:
                    profiles.length === 0
                        ? [...args.bedrockModelArns]
                        : pulumi
                              .all(profiles.map((p) => pulumi.all([p.arn, p.destinationModelArns])))
                              .apply((granted) => [
                                  ...new Set([
                                      ...granted.flatMap(([profileArn, models]) => [profileArn, ...models]),
                                      ...args.bedrockModelArns,
                                  ]),
                              ]),
            },
        ];
        if (agentAliasArns.length > 0) {
            agentStatements.push({
                Sid: "InvokeAgents",
                Effect: "Allow",
                Action: "bedrock:InvokeAgent",
                Resource: [...agentAliasArns],
            });
        }
        agentStatements.push(
            {
                Sid: "ReadWriteAgentData",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject"],
                Resource: pulumi.interpolate`${args.agentDataBucketArn}/${agentDataPrefix}*`,
            },
            {
                Sid: "ListAgentData",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: args.agentDataBucketArn,
                Condition: { StringLike: { "s3:prefix": `${agentDataPrefix}*` } },
            },
            writeLogs("WriteOwnLogs", [agentcoreLogGroupName]),
            ...readServiceParameters("agentcore"),
            decryptParameters("DecryptOwnParameters"),
            ...readDatabaseLogin,
        );
        const agentcoreTaskRolePolicy = this.inlinePolicy(`${name}-agentcore-task`, agentcoreTaskRole, agentStatements);

        this.executionRoleArn = arnAfter(executionRole, executionRolePolicy);
        this.bffTaskRoleArn = arnAfter(bffTaskRole, bffTaskRolePolicy);
        this.agentcoreTaskRoleArn = arnAfter(agentcoreTaskRole, agentcoreTaskRolePolicy);

        this.registerOutputs({
            executionRoleArn: this.executionRoleArn,
            bffTaskRoleArn: this.bffTaskRoleArn,
            agentcoreTaskRoleArn: this.agentcoreTaskRoleArn,
        });
    }

    /** A role only ECS tasks of this account can assume. */
    private role(
        name: string,
        description: string,
        trust: { accountId: pulumi.Input<string>; sourceArn?: pulumi.Input<string> },
    ): aws.iam.Role {
        const condition: Record<string, Record<string, pulumi.Input<string>>> = {
            StringEquals: { "aws:SourceAccount": trust.accountId },
        };
        if (trust.sourceArn !== undefined) condition.ArnLike = { "aws:SourceArn": trust.sourceArn };
        const assumeRolePolicy: aws.iam.PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: condition,
                },
            ],
        };
        return new aws.iam.Role(name, { description, assumeRolePolicy }, { parent: this });
    }

    private inlinePolicy(name: string, role: aws.iam.Role, statements: Statement[]): aws.iam.RolePolicy {
        const policy: aws.iam.PolicyDocument = { Version: "2012-10-17", Statement: statements };
        return new aws.iam.RolePolicy(name, { role: role.id, policy }, { parent: this });
    }
}

/** The role's ARN, carrying a dependency on its policy: consumers wait until the permissions exist. */
function arnAfter(role: aws.iam.Role, policy: aws.iam.RolePolicy): pulumi.Output<string> {
    return pulumi.all([role.arn, policy.id]).apply(([roleArn]) => roleArn);
}
