/**
 * The audit trail of ECS Exec (created only when a service has `exec` on): a customer managed KMS
 * key that encrypts the session data channel and the session log group, and that log group. The
 * cluster names both in its `executeCommandConfiguration` with logging OVERRIDE, so every command
 * and its output land in CloudWatch Logs
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, "Logging and auditing").
 *
 * Key policy: the account root administers the key (IAM policies grant its use: the task roles'
 * kms:Decrypt), and CloudWatch Logs may use it for this one log group only, the condition AWS
 * documents for encrypting a log group
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
import { accountAdministersKey } from "./kms-key-policy";
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface ExecAuditArgs {
    readonly stack: string;
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
    /** Retention of the session log (config `logRetentionDays`). Required. */
    readonly logRetentionDays: number;
    /** Protect the key and the log group from deletion (prod). Required. */
    readonly protect: boolean;
}

/** `/ecs/ecs-platform/<stack>/exec-sessions`. */
export function execLogGroupName(stack: string): string {
    return `/ecs/ecs-platform/${stack}/exec-sessions`;
}

export class ExecAudit extends pulumi.ComponentResource {
    public static readonly typeToken = "ecs-platform:compute:ExecAudit";

    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly logGroupName: string;
    public readonly logGroupArn: pulumi.Output<string>;

    constructor(name: string, args: ExecAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ExecAudit.typeToken, name, {}, opts);
        this.logGroupName = execLogGroupName(args.stack);
        const logGroupArn = pulumi.interpolate`arn:${args.partition}:logs:${args.region}:${args.accountId}:log-group:${this.logGroupName}`;
        const keyPolicy: aws.iam.PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                accountAdministersKey(args.partition, args.accountId),
                {
                    Sid: "CloudWatchLogsForTheSessionLogGroup",
                    Effect: "Allow",
                    Principal: { Service: `logs.${args.region}.amazonaws.com` },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
                },
            ],
        };
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts ECS Exec sessions and their log in ecs-platform-${args.stack}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi.jsonStringify(keyPolicy),
            },
            { parent: this, protect: args.protect },
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: `alias/ecs-platform-${args.stack}-exec`, targetKeyId: key.keyId },
            { parent: this },
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: this.logGroupName,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: key.arn,
                deletionProtectionEnabled: args.protect ? true : undefined,
            },
            { parent: this, protect: args.protect },
        );
        this.kmsKeyArn = key.arn;
        this.logGroupArn = logGroup.arn;
        this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, logGroupName: this.logGroupName });
    }
}
