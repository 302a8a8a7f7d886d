/**
 * The one home of the Pulumi type tokens the pack, the program's offline evaluator, the plan and the
 * tests name. Keys mirror the SDK (`AWS_TYPE.ecs.Service` is `aws.ecs.Service`'s token), so a
 * reader finds the class; a token is a resource's identity in URNs, so one typo here would hide a
 * resource from every policy at once, and the spec over this table checks each against the SDK.
 */
const RESOURCE_TOKENS = {
    acm: {
        Certificate: "aws:acm/certificate:Certificate",
        CertificateValidation: "aws:acm/certificateValidation:CertificateValidation",
    },
    alb: {
        Listener: "aws:alb/listener:Listener",
        ListenerRule: "aws:alb/listenerRule:ListenerRule",
        LoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
        TargetGroup: "aws:alb/targetGroup:TargetGroup",
    },
    appautoscaling: {
        Policy: "aws:appautoscaling/policy:Policy",
        ScheduledAction: "aws:appautoscaling/scheduledAction:ScheduledAction",
        Target: "aws:appautoscaling/target:Target",
    },
    cloudfront: {
        Distribution: "aws:cloudfront/distribution:Distribution",
        ResponseHeadersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
        VpcOrigin: "aws:cloudfront/vpcOrigin:VpcOrigin",
    },
    cloudwatch: {
        Dashboard: "aws:cloudwatch/dashboard:Dashboard",
        LogGroup: "aws:cloudwatch/logGroup:LogGroup",
        MetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    },
    ec2: {
        DefaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
        DefaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        InternetGateway: "aws:ec2/internetGateway:InternetGateway",
        NatGateway: "aws:ec2/natGateway:NatGateway",
        NetworkAcl: "aws:ec2/networkAcl:NetworkAcl",
        NetworkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
        Route: "aws:ec2/route:Route",
        RouteTable: "aws:ec2/routeTable:RouteTable",
        RouteTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
        SecurityGroup: "aws:ec2/securityGroup:SecurityGroup",
        SecurityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
        Subnet: "aws:ec2/subnet:Subnet",
        Vpc: "aws:ec2/vpc:Vpc",
        VpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    },
    ecr: {
        LifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        PullThroughCacheRule: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
        Repository: "aws:ecr/repository:Repository",
        RepositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    },
    ecs: {
        Cluster: "aws:ecs/cluster:Cluster",
        ClusterCapacityProviders: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        Service: "aws:ecs/service:Service",
        TaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    },
    iam: {
        GroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
        GroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        GroupPolicyAttachmentsExclusive: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
        Policy: "aws:iam/policy:Policy",
        PolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
        Role: "aws:iam/role:Role",
        RolePolicy: "aws:iam/rolePolicy:RolePolicy",
        RolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        RolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
        UserPolicy: "aws:iam/userPolicy:UserPolicy",
        UserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        UserPolicyAttachmentsExclusive: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    },
    kms: {
        Alias: "aws:kms/alias:Alias",
        Key: "aws:kms/key:Key",
        KeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    },
    lambda: {
        Permission: "aws:lambda/permission:Permission",
    },
    lb: {
        Listener: "aws:lb/listener:Listener",
        ListenerRule: "aws:lb/listenerRule:ListenerRule",
        LoadBalancer: "aws:lb/loadBalancer:LoadBalancer",
        TargetGroup: "aws:lb/targetGroup:TargetGroup",
    },
    neptune: {
        ClusterInstance: "aws:neptune/clusterInstance:ClusterInstance",
    },
    rds: {
        Cluster: "aws:rds/cluster:Cluster",
        ClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
        Instance: "aws:rds/instance:Instance",
        ParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
        ShardGroup: "aws:rds/shardGroup:ShardGroup",
        SubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    },
    redshift: {
        Cluster: "aws:redshift/cluster:Cluster",
    },
    redshiftserverless: {
        Workgroup: "aws:redshiftserverless/workgroup:Workgroup",
    },
    route53: {
        Record: "aws:route53/record:Record",
    },
    s3: {
        Bucket: "aws:s3/bucket:Bucket",
        BucketLifecycleConfiguration: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        BucketLogging: "aws:s3/bucketLogging:BucketLogging",
        BucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
        BucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        BucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
        BucketV2: "aws:s3/bucketV2:BucketV2",
        BucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        BucketServerSideEncryptionConfiguration:
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        BucketServerSideEncryptionConfigurationV2:
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
        BucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
    },
    secretsmanager: {
        Secret: "aws:secretsmanager/secret:Secret",
        SecretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
    },
    servicediscovery: {
        PrivateDnsNamespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
        PublicDnsNamespace: "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace",
        Service: "aws:servicediscovery/service:Service",
    },
    sns: {
        Topic: "aws:sns/topic:Topic",
        TopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
        TopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
    },
    sqs: {
        Queue: "aws:sqs/queue:Queue",
        QueuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    },
    ssm: {
        Parameter: "aws:ssm/parameter:Parameter",
    },
    vpc: {
        SecurityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        SecurityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    },
    wafv2: {
        WebAcl: "aws:wafv2/webAcl:WebAcl",
        WebAclLoggingConfiguration: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    },
} as const;

/** Keys checked, values plain strings: callers compare them with a resource's `type: string`. */
type TokenTable<T> = { readonly [M in keyof T]: { readonly [N in keyof T[M]]: string } };

export const AWS_TYPE: TokenTable<typeof RESOURCE_TOKENS> = RESOURCE_TOKENS;

/** Data-source (invoke) tokens the offline evaluator answers. `index` holds the provider-level ones (`aws.getRegion`). */
const INVOKE_TOKENS = {
    bedrock: {
        getInferenceProfile: "aws:bedrock/getInferenceProfile:getInferenceProfile",
    },
    ec2: {
        getInternetGateway: "aws:ec2/getInternetGateway:getInternetGateway",
        getManagedPrefixList: "aws:ec2/getManagedPrefixList:getManagedPrefixList",
        getSubnet: "aws:ec2/getSubnet:getSubnet",
        getVpcEndpointService: "aws:ec2/getVpcEndpointService:getVpcEndpointService",
    },
    index: {
        getAvailabilityZones: "aws:index/getAvailabilityZones:getAvailabilityZones",
        getCallerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
        getPartition: "aws:index/getPartition:getPartition",
        getRegion: "aws:index/getRegion:getRegion",
    },
    route53: {
        getZone: "aws:route53/getZone:getZone",
    },
} as const;

export const AWS_INVOKE: TokenTable<typeof INVOKE_TOKENS> = INVOKE_TOKENS;

/** The engine's own types. */
export const PULUMI_TYPE = {
    Stack: "pulumi:pulumi:Stack",
    StackReference: "pulumi:pulumi:StackReference",
} as const;
