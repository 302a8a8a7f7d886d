/**
 * The workers' work queues (`services.<name>.queue`): per worker an SQS standard queue and its
 * dead-letter queue, both with SQS-managed server-side encryption and a policy that refuses
 * requests not sent over TLS; the main queue redrives to the dead-letter queue after
 * `maxReceiveCount` receives (SQS dead-letter queues,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 * Created only when a worker has a queue.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { DEAD_LETTER_RETENTION_DAYS, QueueSettings } from "../config/service-queue";

const DAY_SECONDS = 86_400;

export interface ServiceQueuesArgs {
    /** `ecs-platform-<stack>`: the queues' name prefix. Required. */
    readonly namePrefix: string;
    /** Workers with a queue, by service name. Required (at least one). */
    readonly workers: readonly {
        readonly name: string;
        readonly queue: QueueSettings;
        readonly tags: Record<string, string>;
    }[];
}

export class ServiceQueues extends pulumi.ComponentResource {
    public static readonly typeToken = "ecs-platform:compute:ServiceQueues";

    public readonly urls: Record<string, pulumi.Output<string>> = {};
    public readonly arns: Record<string, pulumi.Output<string>> = {};
    /** Queue names (the `QueueName` dimension of its metrics). */
    public readonly names: Record<string, string> = {};

    constructor(name: string, args: ServiceQueuesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ServiceQueues.typeToken, name, {}, opts);
        if (args.workers.length === 0) throw new pulumi.ResourceError("no worker has a queue", this);
        for (const w of args.workers) {
            const queueName = `${args.namePrefix}-${w.name}`;
            const deadLetter = new aws.sqs.Queue(
                `${name}-${w.name}-dlq`,
                {
                    name: `${queueName}-dlq`,
                    messageRetentionSeconds: DEAD_LETTER_RETENTION_DAYS * DAY_SECONDS,
                    sqsManagedSseEnabled: true,
                    tags: w.tags,
                },
                { parent: this },
            );
            const queue = new aws.sqs.Queue(
                `${name}-${w.name}`,
                {
                    name: queueName,
                    visibilityTimeoutSeconds: w.queue.visibilityTimeoutSeconds,
                    messageRetentionSeconds: w.queue.retentionDays * DAY_SECONDS,
                    sqsManagedSseEnabled: true,
                    redrivePolicy: pulumi.jsonStringify({
                        deadLetterTargetArn: deadLetter.arn,
                        maxReceiveCount: w.queue.maxReceiveCount,
                    }),
                    tags: w.tags,
                },
                { parent: this },
            );
            for (const [suffix, q] of [
                ["", queue],
                ["-dlq", deadLetter],
            ] as const) {
                new aws.sqs.QueuePolicy(
                    `${name}-${w.name}${suffix}-policy`,
                    {
                        queueUrl: q.url,
                        policy: pulumi.jsonStringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Sid: "DenyWithoutTls",
                                    Effect: "Deny",
                                    Principal: "*",
                                    Action: "sqs:*",
                                    Resource: q.arn,
                                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                                },
                            ],
                        }),
                    },
                    { parent: this },
                );
            }
            this.urls[w.name] = queue.url;
            this.arns[w.name] = queue.arn;
            this.names[w.name] = queueName;
        }
        this.registerOutputs({ urls: this.urls, arns: this.arns });
    }
}
