/**
 * The IAM roles of the tasks, each with one inline policy scoped to this stack's resources:
 *
 * - execution role (used by ECS itself, shared by every service): pull the services' images,
 *   write their log groups, read the stack's parameters for container `secrets`;
 * - one task role per service (used by the app), built from its entry's `grants` and nothing
 *   else: write its own log group; with `parameters`, read `/<project>/<stack>/<service>/*`; with
 *   `bedrock`, invoke the configured models/agents; with `s3Prefix`, read/write that prefix of the
 *   data bucket; with `secrets`, read those Secrets Manager secrets; with `database`, read the
 *   database login. The seed's BFF: own logs and parameters; AgentCore: Bedrock, agent data too.
 *
 * No managed policy: AmazonECSTaskExecutionRolePolicy grants ECR and Logs on "*". Documents are
 * objects, not JSON strings, so actions are readable during preview while ARNs are still unknown.
 * Every action is read, write-data or invoke; nothing deletes or changes infrastructure.
 */
import { TRACING_ACTIONS } from "../policy-pack/lib/service-policy-config";
import { execStatements, queueStatements, tracingStatements } from "./task-role-statements";
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { InferenceProfileGrant } from "./bedrock-models";
import type { ServiceGrants } from "../config/service-entry";
import { ROLE_TAG, serviceTags, ServiceKindValue } from "../policy-pack/lib/service-tags";

/** What one service's task role is built from (its entry in the services map). */
export interface TaskRoleService {
    /** Service name: the role is `<component>-<name>-task`, its parameters `/<project>/<stack>/<name>/`. */
    readonly name: string;
    /** Label of the role's description ("BFF"). */
    readonly displayName: string;
    /** Its log group; the role writes it, the execution role too. */
    readonly logGroupName: string;
    /** ECR repository its image comes from (the execution role pulls it). */
    readonly repositoryArn: pulumi.Input<string>;
    /** Its kind (tags the role, so the pack finds its allowlist). */
    readonly kind: ServiceKindValue;
    /** The vocabulary of config `services.<name>.grants`. */
    readonly grants: ServiceGrants;
    /** Whether it reads the database login. */
    readonly database: boolean;
    /** The tracing collector runs in the task: it sends to X-Ray with the task role. Default false. */
    readonly tracing?: boolean;
    /** A worker's own queue: receive, delete and extend its messages. Default none. */
    readonly consumeQueueArn?: pulumi.Input<string>;
    /** The queues of `grants.queues`: send to them. Default none. */
    readonly sendQueueArns?: readonly pulumi.Input<string>[];
    /** ECS Exec: the session channels, the session log and its key (components/exec-audit.ts). Default none. */
    readonly exec?: { readonly logGroupArn: pulumi.Input<string>; readonly kmsKeyArn: pulumi.Input<string> };
}

export interface TaskRolesArgs {
    /** Account the roles live in (trust-policy confused-deputy conditions, ARNs). Required. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition ("aws", "aws-cn", "aws-us-gov"). Required. */
    readonly partition: pulumi.Input<string>;
    /** Region of the stack. Required. */
    readonly region: string;
    /** Stack name; names the default log groups. Required. */
    readonly stack: string;
    /** The services, one task role each, in this order. Required (at least one). */
    readonly services: readonly TaskRoleService[];
    /** Path prefix of the stack's parameters, with leading and trailing slash (`/ecs-platform/<stack>/`). Required. */
    readonly parameterPathPrefix: string;
    /** ARN pattern of every parameter under the path; the execution role resolves container secrets from it. Required. */
    readonly parameterArnPattern: pulumi.Input<string>;
    /** KMS key of the SecureString parameters. Required. */
    readonly parametersKmsKeyArn: pulumi.Input<string>;
    /** The stack's data bucket, where `grants.s3Prefix` points. Required. */
    readonly agentDataBucketArn: pulumi.Input<string>;
    /** Foundation-model (or other model) ARNs a `grants.bedrock` service may invoke. Required; with the profiles, at least one when any service has the grant. */
    readonly bedrockModelArns: readonly string[];
    /**
     * Inference profiles a `grants.bedrock` service may invoke: each grants the profile and the foundation models of
     * every Region it routes to (both are needed, Bedrock UG inference-profiles-prereq.html). Default none.
     */
    readonly bedrockInferenceProfiles?: readonly InferenceProfileGrant[];
    /** Bedrock agent-alias ARNs a `grants.bedrock` service may invoke. Default none (no InvokeAgent statement). */
    readonly bedrockAgentAliasArns?: readonly string[];
    /** Tracing: the ECR Public cache's repositories (`repository/ecr-public/*`) the collector image comes from. Default none. */
    readonly tracingCacheRepositoryArn?: pulumi.Input<string>;
    /** Secrets Manager secret with the database login; the task roles of `database` services may read it. Default none. */
    readonly databaseCredentialsSecretArn?: pulumi.Input<string>;
}

type Statement = aws.iam.PolicyStatement;

export class TaskRoles extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:TaskRoles";

    /** Role ARNs that resolve only once the role's inline policy exists, so a task never starts without it. */
    public readonly executionRoleArn: pulumi.Output<string>;
    /** Each service's task role ARN, by service name. */
    public readonly taskRoleArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: TaskRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TaskRoles.typeToken, name, {}, opts);
        const agentAliasArns = args.bedrockAgentAliasArns ?? [];
        const profiles = args.bedrockInferenceProfiles ?? [];
        if (args.services.length === 0) throw new pulumi.ResourceError("services is empty; nothing to run", this);
        const invokers = args.services.filter((s) => s.grants.bedrock).map((s) => s.name);
        if (invokers.length > 0 && args.bedrockModelArns.length + profiles.length + agentAliasArns.length === 0) {
            throw new pulumi.ResourceError(
                `${invokers.join(", ")} grant(s) bedrock, but bedrockModelArns, bedrockInferenceProfiles and bedrockAgentAliasArns are empty: nothing to invoke`,
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
        const readDatabaseLogin = (service: TaskRoleService): Statement[] =>
            !service.database || args.databaseCredentialsSecretArn === undefined
                ? []
                : [
                      {
                          Sid: "ReadDatabaseLogin",
                          Effect: "Allow",
                          Action: "secretsmanager:GetSecretValue",
                          Resource: args.databaseCredentialsSecretArn,
                      },
                  ];
        // Secrets Manager appends "-" and six random characters to a secret's ARN; `-??????` matches
        // exactly those (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html).
        const readNamedSecrets = (service: TaskRoleService): Statement[] =>
            service.grants.secrets.length === 0
                ? []
                : [
                      {
                          Sid: "ReadNamedSecrets",
                          Effect: "Allow",
                          Action: "secretsmanager:GetSecretValue",
                          Resource: service.grants.secrets.map((n) => arn("secretsmanager", `secret:${n}-??????`)),
                      },
                  ];

        const executionRole = this.role(
            `${name}-execution`,
            "ECS agent: image pull, logs, container secrets",
            { accountId },
            { [ROLE_TAG]: "execution" },
        );
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
                Resource: distinct(args.services.map((s) => s.repositoryArn)),
            },
            ...(args.tracingCacheRepositoryArn === undefined
                ? []
                : [
                      {
                          Sid: "PullTracingCollector",
                          Effect: "Allow" as const,
                          Action: [
                              "ecr:BatchCheckLayerAvailability",
                              "ecr:GetDownloadUrlForLayer",
                              "ecr:BatchGetImage",
                              ...TRACING_ACTIONS.cachePull,
                          ],
                          Resource: args.tracingCacheRepositoryArn,
                      },
                  ]),
            writeLogs(
                "WriteServiceLogs",
                args.services.map((s) => s.logGroupName),
            ),
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

        // seed T018, T019, T041-T043: each role holds its own logs and exactly its grants; every statement on named resources.
        const bedrockResources: Statement["Resource"] =
            profiles.length === 0
                ? [...args.bedrockModelArns]
                : pulumi
                      .all(profiles.map((p) => pulumi.all([p.arn, p.destinationModelArns])))
                      .apply((granted) => [
                          ...new Set([
                              ...granted.flatMap(([profileArn, models]) => [profileArn, ...models]),
                              ...args.bedrockModelArns,
                          ]),
                      ]);
        const statementsOf = (service: TaskRoleService): Statement[] => {
            const g = service.grants;
            const statements: Statement[] = [];
            if (g.bedrock && args.bedrockModelArns.length + profiles.length > 0) {
                statements.push({
                    Sid: "InvokeModels",
                    Effect: "Allow",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: bedrockResources,
                });
            }
            if (g.bedrock && agentAliasArns.length > 0) {
                statements.push({
                    Sid: "InvokeAgents",
                    Effect: "Allow",
                    Action: "bedrock:InvokeAgent",
                    Resource: [...agentAliasArns],
                });
            }
            if (g.s3Prefix !== undefined) {
                statements.push(
                    {
                        Sid: "ReadWriteAgentData",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:PutObject"],
                        Resource: pulumi.interpolate`${args.agentDataBucketArn}/${g.s3Prefix}*`,
                    },
                    {
                        Sid: "ListAgentData",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: args.agentDataBucketArn,
                        Condition: { StringLike: { "s3:prefix": `${g.s3Prefix}*` } },
                    },
                );
            }
            statements.push(writeLogs("WriteOwnLogs", [service.logGroupName]));
            if (g.parameters) {
                statements.push(...readServiceParameters(service.name), decryptParameters("DecryptOwnParameters"));
            }
            statements.push(
                ...readNamedSecrets(service),
                ...readDatabaseLogin(service),
                ...execStatements(service),
                ...queueStatements(service),
                ...tracingStatements(service),
            );
            return statements;
        };
        const taskRoleArns: Record<string, pulumi.Output<string>> = {};
        for (const service of args.services) {
            const role = this.role(`${name}-${service.name}-task`, roleDescription(service), taskTrust, {
                ...serviceTags(service.name, service.kind),
                [ROLE_TAG]: "task",
            });
            const policy = this.inlinePolicy(`${name}-${service.name}-task`, role, statementsOf(service));
            taskRoleArns[service.name] = arnAfter(role, policy);
        }

        this.executionRoleArn = arnAfter(executionRole, executionRolePolicy);
        this.taskRoleArns = taskRoleArns;

        this.registerOutputs({ executionRoleArn: this.executionRoleArn, taskRoleArns: this.taskRoleArns });
    }

    /** A role only ECS tasks of this account can assume. */
    private role(
        name: string,
        description: string,
        trust: { accountId: pulumi.Input<string>; sourceArn?: pulumi.Input<string> },
        tags: Record<string, string>,
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
        return new aws.iam.Role(name, { description, assumeRolePolicy, tags }, { parent: this });
    }

    private inlinePolicy(name: string, role: aws.iam.Role, statements: Statement[]): aws.iam.RolePolicy {
        const policy: aws.iam.PolicyDocument = { Version: "2012-10-17", Statement: statements };
        return new aws.iam.RolePolicy(name, { role: role.id, policy }, { parent: this });
    }
}

/** "BFF application: own logs and parameters": what the role may do, from its grants alone. */
function roleDescription(service: TaskRoleService): string {
    const g = service.grants;
    const parts = [
        ...(g.bedrock ? ["Bedrock"] : []),
        ...(g.s3Prefix !== undefined ? ["agent data"] : []),
        g.parameters ? "own logs and parameters" : "own logs",
        ...(g.secrets.length > 0 ? ["named secrets"] : []),
    ];
    return `${service.displayName} application: ${parts.join(", ")}`;
}

/**
 * Each input once, in first-seen order: services sharing a repository pass the same ARN object.
 * Kept a list of inputs (not one Output), so each ARN stays separately readable during preview.
 */
function distinct(values: readonly pulumi.Input<string>[]): pulumi.Input<string>[] {
    return [...new Set(values)];
}

/** The role's ARN, carrying a dependency on its policy: consumers wait until the permissions exist. */
function arnAfter(role: aws.iam.Role, policy: aws.iam.RolePolicy): pulumi.Output<string> {
    return pulumi.all([role.arn, policy.id]).apply(([roleArn]) => roleArn);
}
