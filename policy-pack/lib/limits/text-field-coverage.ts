/**
 * Where each name-like or free-text input the program sends is judged, so "validate every field"
 * is a checked claim: tests/policy-pack/limits-text.spec.ts walks every resource of every stack and
 * fails on a field (key ending in name, description, comment, label, prefix or Sid) found in none of
 * TEXT_RULES (text-fields.ts), NAME_RULES (names.ts), JUDGED_ELSEWHERE or NOT_FREE_TEXT.
 */
import { AWS_TYPE } from "../aws-types";

type Coverage = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Judged by another check of the lint (file named). */
export const JUDGED_ELSEWHERE: Coverage = {
    [AWS_TYPE.wafv2.WebAcl]: {
        "rules[].name": "waf.ts (EntityName, unique)",
        "visibilityConfig.metricName": "waf.ts (MetricName, reserved names)",
        "rules[].visibilityConfig.metricName": "waf.ts (MetricName, reserved names)",
    },
    [AWS_TYPE.ec2.SecurityGroup]: { description: "security-groups.ts (EC2 group text)" },
    "*": { "policy.Statement[].Sid": "text-fields.ts sidCheck (IAM grammar)" },
};

/**
 * Name-like inputs that are not text the program makes up: references to other resources' names or
 * ids (judged where those are created), values from AWS's catalogues or enumerations, and fields
 * whose API model and reference state no constraint (named so a reader sees it was looked at).
 */
export const NOT_FREE_TEXT: Coverage = {
    "*": {
        "tags.Name": "EC2 tag value: any Unicode, up to 256 (tags.* where the type has TEXT_RULES)",
        "tags.BucketPurpose": "S3 tag value from lib/bucket-purpose.ts (lower-case words and hyphens)",
    },
    [AWS_TYPE.appautoscaling.Policy]: {
        serviceNamespace: "enumeration (ecs)",
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.resourceLabel":
            "the ALB's and target group's ARN suffixes (AWS-made)",
        "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics[].metricStat.metric.metricName":
            "AWS's metric catalogue (ApproximateNumberOfMessagesVisible, RunningTaskCount)",
        "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics[].metricStat.metric.dimensions[].name":
            "those metrics' dimension names (QueueName, ClusterName, ServiceName)",
        "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics[].label":
            "the program's fixed label of the backlog expression (messages per task)",
    },
    [AWS_TYPE.appautoscaling.Target]: { serviceNamespace: "enumeration (ecs)" },
    [AWS_TYPE.ecr.PullThroughCacheRule]: {
        ecrRepositoryPrefix: "the program's fixed prefix ecr-public (2-30 of a-z 0-9 - _ /)",
    },
    [AWS_TYPE.cloudfront.Distribution]: {
        comment: "botocore cloudfront CommentType: no pattern or length in the model",
        "origins[].customHeaders[].name": "botocore cloudfront OriginCustomHeader.HeaderName: no constraint",
        "origins[].domainName": "the ALB's DNS name (AWS-made)",
    },
    [AWS_TYPE.cloudfront.ResponseHeadersPolicy]: {
        comment: "botocore cloudfront ResponseHeadersPolicyConfig.Comment: no constraint",
        name: "botocore cloudfront ResponseHeadersPolicyConfig.Name: no constraint",
    },
    [AWS_TYPE.cloudfront.VpcOrigin]: {
        "vpcOriginEndpointConfig.name": "botocore cloudfront VpcOriginEndpointConfig.Name: no constraint",
    },
    [AWS_TYPE.cloudwatch.MetricAlarm]: {
        "dimensions.ClusterName": "reference: the ECS cluster's name (names.ts)",
        "dimensions.ServiceName": "reference: the ECS service's name (names.ts)",
        "metricQueries[].metric.dimensions.ClusterName": "reference: the ECS cluster's name",
        "metricQueries[].metric.dimensions.ServiceName": "reference: the ECS service's name",
        "metricQueries[].label": "botocore cloudwatch MetricLabel: no constraint",
    },
    [AWS_TYPE.ec2.VpcEndpoint]: { serviceName: "AWS's endpoint service name (com.amazonaws.<region>.<service>)" },
    [AWS_TYPE.vpc.SecurityGroupIngressRule]: { prefixListId: "id of an AWS-managed prefix list" },
    [AWS_TYPE.vpc.SecurityGroupEgressRule]: { prefixListId: "id of the S3 gateway endpoint's prefix list" },
    [AWS_TYPE.ecr.LifecyclePolicy]: {
        "policy.rules[].description":
            "ECR lifecycle policy JSON: description is optional free text, no constraint stated",
        "policy.rules[].selection.tagPrefixList[]": "config/image-tags.ts prefixes (validated there)",
    },
    [AWS_TYPE.ecs.Cluster]: {
        "settings[].name": "enumeration (containerInsights)",
        "configuration.executeCommandConfiguration.logConfiguration.cloudWatchLogGroupName":
            "the Exec session log group's name, judged where that LogGroup is created",
    },
    [AWS_TYPE.ecs.ClusterCapacityProviders]: { clusterName: "reference: the cluster's name (names.ts)" },
    [AWS_TYPE.ecs.Service]: {
        "alarms.alarmNames[]": "references: the alarms' names (TEXT_RULES MetricAlarm.name)",
        "loadBalancers[].containerName": "reference: the task definition's container name",
        "serviceConnectConfiguration.services[].portName": "reference: the container's port mapping name",
        "serviceConnectConfiguration.services[].discoveryName": "Cloud Map service name from config/services.ts",
        "serviceConnectConfiguration.logConfiguration.logDriver": "enumeration",
    },
    [AWS_TYPE.ecs.TaskDefinition]: { "volumes[].name": "reference: the container's mount point source" },
    [AWS_TYPE.iam.RolePolicy]: {
        "policy.Statement[].Condition.StringLike.s3:prefix": "an S3 key prefix in a condition (any UTF-8)",
    },
    [AWS_TYPE.lb.LoadBalancer]: { "accessLogs.prefix": "botocore elbv2 attribute value: no constraint (not AWSLogs)" },
    [AWS_TYPE.lb.ListenerRule]: {
        "conditions[].httpHeader.httpHeaderName": "botocore elbv2 HttpHeaderConditionName: no constraint",
    },
    [AWS_TYPE.rds.Instance]: {
        dbName: "config/schema.ts database.name (validated there)",
        username: "config/schema.ts database.username (validated there)",
        dbSubnetGroupName: "reference: the subnet group's name (TEXT_RULES)",
        parameterGroupName: "reference: the parameter group's name (TEXT_RULES)",
    },
    [AWS_TYPE.rds.ParameterGroup]: {
        description: "botocore rds String: no constraint",
        "parameters[].name": "PostgreSQL parameter names (the engine's catalogue)",
    },
    [AWS_TYPE.rds.SubnetGroup]: { description: "botocore rds String: no constraint" },
    [AWS_TYPE.s3.BucketLogging]: { targetPrefix: "botocore s3 TargetPrefix: no constraint" },
    [AWS_TYPE.servicediscovery.Service]: { "dnsConfig.namespaceId": "id of the namespace" },
    [AWS_TYPE.wafv2.WebAcl]: {
        "rules[].statement.managedRuleGroupStatement.name": "AWS's managed rule group catalogue",
        "rules[].statement.managedRuleGroupStatement.vendorName": "AWS's managed rule group catalogue",
        "rules[].statement.managedRuleGroupStatement.ruleActionOverrides[].name": "rule names of the managed group",
    },
    "random:index/randomId:RandomId": {
        "keepers.dbName": "not sent to AWS (replacement trigger)",
        "keepers.username": "not sent to AWS (replacement trigger)",
    },
};
