/**
 * The project's table of Pulumi -> Terraform names for every resource type the program registers:
 * the Terraform resource type of each token, the properties whose Terraform name is not the
 * mechanical snake_case of the Pulumi name (Pulumi pluralises list blocks: `loadBalancers` ->
 * `load_balancer`), the attributes the Terraform schema holds as JSON strings, and the map-typed
 * properties whose keys are data (tag names, CloudWatch dimensions), never converted.
 *
 * Where each fact was read (no copy of any file is kept in this repository):
 * - BRIDGE: pulumi/pulumi-aws `provider/cmd/pulumi-resource-aws/bridge-metadata.json`,
 *   `renames.resources` (token -> type) and `renames.renamedProperties` (keyed by the resource token
 *   and by the nested type token, e.g. `aws:ecs/ServiceLoadBalancer:ServiceLoadBalancer`), read in
 *   the stored copy of the search tool's index (commit 07d08a0a50a4). The tag of the pinned 7.48.0
 *   could not be fetched (the repository is larger than the fetch limit), so every entry is also
 *   checked against the installed 7.48.0 declarations (tests/tools/scan/tfplan-export.spec.ts: each
 *   renamed property exists there and is a list) and against Checkov itself
 *   (tests/tools/scan/checkov.spec.ts: the checks that read these attributes fire on a bad value).
 * - TF_DOCS: hashicorp/terraform-provider-aws `website/docs/r/<type without aws_>.html.markdown`,
 *   the Argument Reference (block names), for what the stored metadata copy predates.
 * - DECL: the installed `node_modules/@pulumi/aws` (7.48.0) declaration of the resource class.
 * - RANDOM: pulumi/pulumi-random `provider/cmd/pulumi-resource-random/bridge-metadata.json`,
 *   `renames.resources`; hashicorp/terraform-provider-random `docs/resources/<name>.md`.
 * - JSON: the Terraform schema types these attributes `TypeString` holding JSON (TF_DOCS: "JSON
 *   formatted"), and Checkov parses them from strings (`RESOURCE_TYPES_JSONIFY` in
 *   `checkov/terraform/plan_parser.py`); Pulumi accepts an object there and serialises it.
 */

export interface TerraformNames {
    /** The Terraform resource type. */
    readonly type: string;
    /** Where `type` and the renames were read (see the file comment). */
    readonly source: string;
    /**
     * Pulumi property path (dotted, list levels left out: `origins.customHeaders`) -> the Terraform
     * name of its last segment, where that is not the mechanical snake_case.
     */
    readonly renames?: Readonly<Record<string, string>>;
    /**
     * Lists of nested blocks (dotted Pulumi paths) whose Terraform name is plural too, so the
     * mechanical snake_case is right: every other plural list of blocks must be in `renames`
     * (tests/tools/scan/tfplan-export.spec.ts reads the installed declarations for which are lists).
     */
    readonly pluralInTerraform?: readonly string[];
    /** Top-level Terraform attributes the schema holds as JSON strings. */
    readonly jsonStrings?: readonly string[];
    /**
     * Outputs the provider marks sensitive: their values are redacted wherever an input carries them
     * (the offline mocks do not mark them secret, the engine would).
     */
    readonly secretOutputs?: readonly string[];
}

/**
 * Map-typed properties, at any depth: their keys are data (a tag named `service`, the log driver
 * option `awslogs-group` of a Service Connect proxy, a random id's `keepers`), kept as they are. The export spec checks
 * this set against the installed declarations (`{ [key: string]: ... }`) for every property the
 * stacks set, both ways: a map the stacks set is here, and each name here is one they set.
 */
export const MAP_PROPERTIES: ReadonlySet<string> = new Set(["tags", "dimensions", "options", "keepers"]);

const BRIDGE = "pulumi-aws bridge-metadata.json renames (stored copy 07d08a0a50a4)";
const TF_DOCS = "terraform-provider-aws website/docs/r";

export const TERRAFORM_NAMES: Readonly<Record<string, TerraformNames>> = {
    "aws:acm/certificate:Certificate": { type: "aws_acm_certificate", source: BRIDGE },
    "aws:acm/certificateValidation:CertificateValidation": {
        type: "aws_acm_certificate_validation",
        source: BRIDGE,
    },
    "aws:appautoscaling/policy:Policy": {
        type: "aws_appautoscaling_policy",
        source: `${BRIDGE}; ${TF_DOCS}/appautoscaling_policy (customized_metric_specification: metrics, dimensions)`,
        // The metric-math blocks keep their plural names in Terraform (`metrics { metric_stat { metric { dimensions {...} } } }`).
        pluralInTerraform: [
            "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics",
            "targetTrackingScalingPolicyConfiguration.customizedMetricSpecification.metrics.metricStat.metric.dimensions",
        ],
    },
    "aws:appautoscaling/scheduledAction:ScheduledAction": {
        type: "aws_appautoscaling_scheduled_action",
        source: `DECL appautoscaling/scheduledAction.d.ts; ${TF_DOCS}/appautoscaling_scheduled_action (scalable_target_action)`,
    },
    "aws:appautoscaling/target:Target": { type: "aws_appautoscaling_target", source: BRIDGE },
    "aws:cloudwatch/dashboard:Dashboard": {
        type: "aws_cloudwatch_dashboard",
        source: `DECL cloudwatch/dashboard.d.ts; ${TF_DOCS}/cloudwatch_dashboard (dashboard_body)`,
    },
    "aws:cloudfront/distribution:Distribution": {
        type: "aws_cloudfront_distribution",
        source: `${BRIDGE}; ${TF_DOCS}/cloudfront_distribution (origin.custom_header)`,
        renames: {
            customErrorResponses: "custom_error_response",
            orderedCacheBehaviors: "ordered_cache_behavior",
            originGroups: "origin_group",
            origins: "origin",
            "origins.customHeaders": "custom_header",
            "originGroups.members": "member",
        },
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
        type: "aws_cloudfront_response_headers_policy",
        source: BRIDGE,
    },
    // Newer than the stored metadata copy; a plugin-framework resource whose blocks are still lists:
    // terraform-provider-aws internal/service/cloudfront/vpc_origin.go declares
    // vpc_origin_endpoint_config and origin_ssl_protocols as schema.ListNestedBlock, SizeAtMost(1).
    "aws:cloudfront/vpcOrigin:VpcOrigin": {
        type: "aws_cloudfront_vpc_origin",
        source: `${TF_DOCS}/cloudfront_vpc_origin; DECL cloudfront/vpcOrigin.d.ts`,
    },
    "aws:cloudwatch/logGroup:LogGroup": { type: "aws_cloudwatch_log_group", source: BRIDGE },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        type: "aws_cloudwatch_metric_alarm",
        source: `${BRIDGE}; ${TF_DOCS}/cloudwatch_metric_alarm (metric_query)`,
        renames: { metricQueries: "metric_query" },
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { type: "aws_default_security_group", source: BRIDGE },
    "aws:ec2/internetGateway:InternetGateway": { type: "aws_internet_gateway", source: BRIDGE },
    "aws:ec2/route:Route": { type: "aws_route", source: BRIDGE },
    "aws:ec2/routeTable:RouteTable": {
        type: "aws_route_table",
        source: BRIDGE,
        renames: { routes: "route" },
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { type: "aws_route_table_association", source: BRIDGE },
    "aws:ec2/securityGroup:SecurityGroup": { type: "aws_security_group", source: BRIDGE },
    "aws:ec2/subnet:Subnet": { type: "aws_subnet", source: BRIDGE },
    "aws:ec2/vpc:Vpc": { type: "aws_vpc", source: BRIDGE },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        type: "aws_vpc_endpoint",
        source: BRIDGE,
        jsonStrings: ["policy"],
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        type: "aws_ecr_lifecycle_policy",
        source: BRIDGE,
        jsonStrings: ["policy"],
    },
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": {
        type: "aws_ecr_pull_through_cache_rule",
        source: `DECL ecr/pullThroughCacheRule.d.ts; ${TF_DOCS}/ecr_pull_through_cache_rule`,
    },
    "aws:ecr/repository:Repository": {
        type: "aws_ecr_repository",
        source: `${BRIDGE}; ${TF_DOCS}/ecr_repository (encryption_configuration)`,
        renames: { encryptionConfigurations: "encryption_configuration" },
    },
    "aws:ecs/cluster:Cluster": {
        type: "aws_ecs_cluster",
        source: BRIDGE,
        renames: { settings: "setting" },
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
        type: "aws_ecs_cluster_capacity_providers",
        source: BRIDGE,
        renames: { defaultCapacityProviderStrategies: "default_capacity_provider_strategy" },
    },
    "aws:ecs/service:Service": {
        type: "aws_ecs_service",
        source: BRIDGE,
        renames: {
            capacityProviderStrategies: "capacity_provider_strategy",
            loadBalancers: "load_balancer",
            orderedPlacementStrategies: "ordered_placement_strategy",
            "serviceConnectConfiguration.services": "service",
            "serviceConnectConfiguration.logConfiguration.secretOptions": "secret_option",
        },
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        type: "aws_ecs_task_definition",
        source: BRIDGE,
        renames: { volumes: "volume" },
        jsonStrings: ["container_definitions"],
    },
    "aws:iam/role:Role": {
        type: "aws_iam_role",
        source: BRIDGE,
        renames: { inlinePolicies: "inline_policy" },
        jsonStrings: ["assume_role_policy"],
    },
    "aws:iam/rolePolicy:RolePolicy": { type: "aws_iam_role_policy", source: BRIDGE, jsonStrings: ["policy"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { type: "aws_iam_role_policy_attachment", source: BRIDGE },
    "aws:kms/alias:Alias": { type: "aws_kms_alias", source: BRIDGE },
    "aws:kms/key:Key": { type: "aws_kms_key", source: BRIDGE, jsonStrings: ["policy"] },
    "aws:lb/listener:Listener": {
        type: "aws_lb_listener",
        source: `${BRIDGE}; ${TF_DOCS}/lb_listener (default_action, forward.target_group)`,
        renames: { defaultActions: "default_action", "defaultActions.forward.targetGroups": "target_group" },
    },
    "aws:lb/listenerRule:ListenerRule": {
        type: "aws_lb_listener_rule",
        source: `${BRIDGE}; ${TF_DOCS}/lb_listener_rule (action, condition, forward.target_group)`,
        renames: { actions: "action", conditions: "condition", "actions.forward.targetGroups": "target_group" },
    },
    "aws:lb/loadBalancer:LoadBalancer": { type: "aws_lb", source: BRIDGE },
    "aws:lb/targetGroup:TargetGroup": { type: "aws_lb_target_group", source: BRIDGE },
    "aws:rds/instance:Instance": { type: "aws_db_instance", source: BRIDGE },
    "aws:rds/parameterGroup:ParameterGroup": {
        type: "aws_db_parameter_group",
        source: `${BRIDGE}; ${TF_DOCS}/db_parameter_group (parameter)`,
        renames: { parameters: "parameter" },
    },
    "aws:rds/subnetGroup:SubnetGroup": { type: "aws_db_subnet_group", source: BRIDGE },
    "aws:route53/record:Record": {
        type: "aws_route53_record",
        source: `${BRIDGE}; ${TF_DOCS}/route53_record (alias)`,
        renames: { aliases: "alias" },
    },
    // In v7 `aws:s3/bucket:Bucket` is the former BucketV2 (DECL s3/bucket.d.ts: "Provides a S3 bucket
    // resource", no inline policy/versioning/encryption inputs), i.e. aws_s3_bucket.
    "aws:s3/bucket:Bucket": { type: "aws_s3_bucket", source: `DECL s3/bucket.d.ts; ${TF_DOCS}/s3_bucket` },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        type: "aws_s3_bucket_lifecycle_configuration",
        source: `${BRIDGE}; ${TF_DOCS}/s3_bucket_lifecycle_configuration (rule)`,
        renames: { rules: "rule" },
    },
    // In v7 `aws:s3/bucketLogging:BucketLogging` is the former BucketLoggingV2 (DECL
    // s3/bucketLogging.d.ts: "Provides an S3 bucket (server access) logging resource"), i.e.
    // aws_s3_bucket_logging, whose grants are repeated `target_grant` blocks.
    "aws:s3/bucketLogging:BucketLogging": {
        type: "aws_s3_bucket_logging",
        source: `DECL s3/bucketLogging.d.ts; ${TF_DOCS}/s3_bucket_logging (target_grant)`,
        renames: { targetGrants: "target_grant" },
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        type: "aws_s3_bucket_ownership_controls",
        source: BRIDGE,
    },
    "aws:s3/bucketPolicy:BucketPolicy": { type: "aws_s3_bucket_policy", source: BRIDGE, jsonStrings: ["policy"] },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        type: "aws_s3_bucket_public_access_block",
        source: BRIDGE,
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        type: "aws_s3_bucket_server_side_encryption_configuration",
        source: `${BRIDGE}; ${TF_DOCS}/s3_bucket_server_side_encryption_configuration (rule)`,
        renames: { rules: "rule" },
    },
    "aws:s3/bucketVersioning:BucketVersioning": { type: "aws_s3_bucket_versioning", source: BRIDGE },
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
        type: "aws_service_discovery_private_dns_namespace",
        source: BRIDGE,
    },
    "aws:servicediscovery/service:Service": {
        type: "aws_service_discovery_service",
        source: `${BRIDGE}; ${TF_DOCS}/service_discovery_service (dns_config.dns_records)`,
        pluralInTerraform: ["dnsConfig.dnsRecords"],
    },
    "aws:sns/topic:Topic": { type: "aws_sns_topic", source: BRIDGE, jsonStrings: ["policy"] },
    "aws:sns/topicPolicy:TopicPolicy": { type: "aws_sns_topic_policy", source: BRIDGE, jsonStrings: ["policy"] },
    "aws:sns/topicSubscription:TopicSubscription": { type: "aws_sns_topic_subscription", source: BRIDGE },
    "aws:sqs/queue:Queue": {
        type: "aws_sqs_queue",
        source: `DECL sqs/queue.d.ts; ${TF_DOCS}/sqs_queue (redrive_policy, policy: JSON strings)`,
        jsonStrings: ["policy", "redrive_policy", "redrive_allow_policy"],
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
        type: "aws_sqs_queue_policy",
        source: `DECL sqs/queuePolicy.d.ts; ${TF_DOCS}/sqs_queue_policy`,
        jsonStrings: ["policy"],
    },
    "aws:ssm/parameter:Parameter": { type: "aws_ssm_parameter", source: BRIDGE },
    // Plugin-framework resources (the `mux` section of the bridge metadata); flat, no nested blocks.
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        type: "aws_vpc_security_group_egress_rule",
        source: BRIDGE,
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        type: "aws_vpc_security_group_ingress_rule",
        source: BRIDGE,
    },
    "aws:wafv2/webAcl:WebAcl": {
        type: "aws_wafv2_web_acl",
        source: `${BRIDGE}; ${TF_DOCS}/wafv2_web_acl (rule, rule_action_override)`,
        renames: {
            rules: "rule",
            "rules.statement.managedRuleGroupStatement.ruleActionOverrides": "rule_action_override",
            "rules.statement.rateBasedStatement.customKeys": "custom_key",
        },
    },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
        type: "aws_wafv2_web_acl_logging_configuration",
        source: `${BRIDGE}; ${TF_DOCS}/wafv2_web_acl_logging_configuration (redacted_fields)`,
        pluralInTerraform: ["redactedFields"],
    },
    "random:index/randomId:RandomId": { type: "random_id", source: "RANDOM random_id" },
    // terraform-provider-random docs/resources/password.md: `result` and `bcrypt_hash` are Sensitive.
    "random:index/randomPassword:RandomPassword": {
        type: "random_password",
        source: "RANDOM random_password",
        secretOutputs: ["result", "bcryptHash"],
    },
};

/** `loadBalancers` -> `load_balancers`, `isIpv6Enabled` -> `is_ipv6_enabled` (the bridge's default rule). */
export function snakeCase(name: string): string {
    return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));
}

/** The inverse of snakeCase, for the round trip. */
export function camelCase(name: string): string {
    return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
