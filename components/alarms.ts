/**
 * Operational alarms and the topic they notify:
 *
 * - per service, "running below desired": Container Insights DesiredTaskCount - RunningTaskCount >= 1
 *   for five consecutive minutes (long enough for a task start, a health check grace period and a
 *   rolling deployment, short enough to catch a crash loop or a Spot reclaim without capacity);
 * - per load-balanced service, UnHealthyHostCount > 0 on its target group.
 *
 * The topic is KMS-encrypted with a customer managed key: CloudWatch cannot publish to a topic
 * under the AWS managed key alias/aws/sns (its key policy cannot grant cloudwatch.amazonaws.com).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** An ECS service watched for missing tasks and, when load balanced, for unhealthy targets. */
export interface WatchedService {
    /** Short label used in alarm names ("bff"). Required. */
    readonly label: string;
    /** Cluster name (Container Insights ClusterName dimension). Required. */
    readonly clusterName: pulumi.Input<string>;
    /** Service name (Container Insights ServiceName dimension). Required. */
    readonly serviceName: pulumi.Input<string>;
    /** The service's target group and its load balancer (both dimensions of the ELB metrics). Default none: no unhealthy-targets alarm. */
    readonly loadBalancing?: {
        /** `targetgroup/<name>/<id>`. */
        readonly targetGroupArnSuffix: pulumi.Input<string>;
        /** `app/<name>/<id>` of the load balancer in front of that target group. */
        readonly loadBalancerArnSuffix: pulumi.Input<string>;
    };
}

export interface ServiceAlarmsArgs {
    /** Account of the topic (key policy, topic policy conditions). Required. */
    readonly accountId: pulumi.Input<string>;
    /** AWS partition. Required. */
    readonly partition: pulumi.Input<string>;
    /** Region of the alarms. Required. */
    readonly region: string;
    /** Services to watch. Default none. */
    readonly services?: readonly WatchedService[];
    /** Email subscribed to the topic (the address must confirm). Default none. */
    readonly alarmEmail?: string;
    /** Prefix of alarm names, so operators can tell stacks apart in notifications. Default the component name. */
    readonly alarmNamePrefix?: string;
    /** KMS key for the topic; its policy must let cloudwatch.amazonaws.com use it. Default: a dedicated key created here. */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export class ServiceAlarms extends pulumi.ComponentResource {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:ServiceAlarms";

    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: ServiceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(ServiceAlarms.typeToken, name, {}, opts);
        const services = args.services ?? [];
        const prefix = args.alarmNamePrefix ?? name;
        const { accountId, partition, region } = args;

        let kmsKeyArn = args.kmsKeyArn;
        if (kmsKeyArn === undefined) {
            const keyPolicy: aws.iam.PolicyDocument = {
                Version: "2012-10-17",
                Statement: [
                    {
                        // The account keeps control of the key through IAM (the default key policy).
                        Sid: "EnableIamPolicies",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                    },
                ],
            };
            const kmsKey = new aws.kms.Key(
                `${name}-key`,
                {
                    description: `Encrypts the ${prefix} alarm topic`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: pulumi.jsonStringify(keyPolicy),
                },
                { parent: this },
            );
            kmsKeyArn = kmsKey.arn;
        }

        const topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: kmsKeyArn }, { parent: this });
        this.topicArn = topic.arn;
        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "CloudWatchAlarmsPublish",
                            Effect: "Allow",
                            Principal: { Service: "cloudwatch.amazonaws.com" },
                            Action: "sns:Publish",
                            Resource: topic.arn,
                            Condition: {
                                ArnLike: {
                                    "aws:SourceArn": pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`,
                                },
                                StringEquals: { "aws:SourceAccount": accountId },
                            },
                        },
                    ],
                },
            },
            { parent: this },
        );
        if (args.alarmEmail !== undefined) {
            new aws.sns.TopicSubscription(
                `${name}-email`,
                { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail },
                { parent: this },
            );
        }
        const actions = { alarmActions: [topic.arn], okActions: [topic.arn] };

        for (const svc of services) {
            const taskCount = (metricName: string) => ({
                namespace: "ECS/ContainerInsights",
                metricName,
                dimensions: { ClusterName: svc.clusterName, ServiceName: svc.serviceName },
                period: 60,
                stat: "Average",
            });
            new aws.cloudwatch.MetricAlarm(
                // seed T045, T046: per service, fewer tasks running than desired.
                `${name}-${svc.label}-running-below-desired`,
                {
                    name: `${prefix}-${svc.label}-running-below-desired`,
                    alarmDescription: `${svc.label}: fewer tasks running than desired for 5 minutes (crash loop, failed deployment or no Spot capacity)`,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                    evaluationPeriods: 5,
                    datapointsToAlarm: 5,
                    // No data means Container Insights has nothing to report (e.g. a service at 0 tasks), not an outage.
                    treatMissingData: "notBreaching",
                    metricQueries: [
                        { id: "desired", metric: taskCount("DesiredTaskCount"), returnData: false },
                        { id: "running", metric: taskCount("RunningTaskCount"), returnData: false },
                        { id: "missing", expression: "desired - running", label: "Tasks missing", returnData: true },
                    ],
                    ...actions,
                },
                { parent: this },
            );
        }

        for (const svc of services) {
            if (svc.loadBalancing === undefined) continue;
            new aws.cloudwatch.MetricAlarm(
                // seed T047: unhealthy targets in the BFF target group.
                `${name}-${svc.label}-unhealthy-targets`,
                {
                    name: `${prefix}-${svc.label}-unhealthy-targets`,
                    alarmDescription: `${svc.label}: the load balancer reports unhealthy targets`,
                    namespace: "AWS/ApplicationELB",
                    metricName: "UnHealthyHostCount",
                    dimensions: {
                        TargetGroup: svc.loadBalancing.targetGroupArnSuffix,
                        LoadBalancer: svc.loadBalancing.loadBalancerArnSuffix,
                    },
                    statistic: "Minimum",
                    period: 60,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: 0,
                    evaluationPeriods: 3,
                    datapointsToAlarm: 2,
                    treatMissingData: "notBreaching",
                    ...actions,
                },
                { parent: this },
            );
        }

        this.registerOutputs({ topicArn: this.topicArn });
    }
}
