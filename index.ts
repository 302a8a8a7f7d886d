/**
 * ecs-platform: public entry (CloudFront -> ALB) -> BFF (Fargate :3000) -> AgentCore (Fargate :8080,
 * `agentcore.local`), on a foundation of VPC, repositories, parameters and database that is created
 * here or taken from elsewhere. Wiring only: every decision lives in config/ and components/.
 *
 * The program is a function so Pulumi (and the offline evaluator) can run it once per stack without
 * module-cache tricks; the configuration is validated before any resource is registered.
 */
import * as aws from "./components/aws";
import { EcsCluster } from "./components/cluster";
import { Edge } from "./components/edge";
import { FargateService } from "./components/fargate-service";
import { FargateTaskDefinition } from "./components/fargate-task-definition";
import { resolveFoundation } from "./components/foundation";
import { ServiceAlarms } from "./components/alarms";
import { ServiceSecurityGroups } from "./components/service-security-groups";
import { TaskRoles } from "./components/task-roles";
import { loadPlatformConfig } from "./config/load";
import { SERVICE_CONTRACT } from "./config/services";
import { PORTS } from "./policy-pack/lib/architecture";

const { bff, agentcore } = SERVICE_CONTRACT;

export = async () => {
    const cfg = loadPlatformConfig();

    const accountId = aws.getCallerIdentityOutput().accountId;
    const partition = aws.getPartitionOutput().partition;
    const { network, storage, parameters, database } = resolveFoundation(cfg, { accountId, partition });

    const edge = new Edge("edge", {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        settings: cfg.edge,
        environment: cfg.environment,
        protect: cfg.protect,
        accountId,
    });

    const cluster = new EcsCluster("cluster", {
        vpcId: network.vpcId,
        capacity: cfg.capacity,
        clusterName: `ecs-platform-${cfg.stack}`,
    });

    const roles = new TaskRoles("roles", {
        accountId,
        partition,
        region: cfg.region,
        stack: cfg.stack,
        appRepositoryArn: storage.appRepositoryArn,
        agentRepositoryArn: storage.agentRepositoryArn,
        parameterPathPrefix: parameters.pathPrefix,
        parameterArnPattern: parameters.parameterArnPattern,
        parametersKmsKeyArn: parameters.kmsKeyArn,
        agentDataBucketArn: storage.agentDataBucketArn,
        agentDataPrefix: agentcore.dataPrefix,
        bedrockModelArns: cfg.bedrock.modelArns,
        bedrockAgentAliasArns: cfg.bedrock.agentAliasArns,
        databaseCredentialsSecretArn: database.credentialsSecretArn,
    });
    const shared = {
        stack: cfg.stack,
        region: cfg.region,
        executionRoleArn: roles.executionRoleArn,
        logRetentionDays: cfg.logRetentionDays,
        protect: cfg.protect,
        databaseConnectionParameterArn: database.connectionParameterArn,
    };
    const bffTask = new FargateTaskDefinition("bff", {
        ...shared,
        serviceName: "bff",
        containerPort: bff.port,
        repositoryUrl: storage.appRepositoryUrl,
        imageTag: cfg.bff.imageTag,
        cpu: cfg.bff.cpu,
        memory: cfg.bff.memory,
        taskRoleArn: roles.bffTaskRoleArn,
        healthCheckPath: bff.healthCheckPath,
        environment: {
            NODE_ENV: "production",
            APP_ENV: cfg.environment,
            AGENTCORE_URL: `http://${agentcore.discoveryName}.${cluster.namespaceName}:${agentcore.port}`,
        },
        secrets: parameters.bffSecrets,
    });
    const agentcoreTask = new FargateTaskDefinition("agentcore", {
        ...shared,
        serviceName: "agentcore",
        containerPort: agentcore.port,
        repositoryUrl: storage.agentRepositoryUrl,
        imageTag: cfg.agentcore.imageTag,
        cpu: cfg.agentcore.cpu,
        memory: cfg.agentcore.memory,
        taskRoleArn: roles.agentcoreTaskRoleArn,
        healthCheckPath: agentcore.healthCheckPath,
        environment: {
            APP_ENV: cfg.environment,
            AWS_REGION: cfg.region,
            AGENT_DATA_BUCKET: storage.agentDataBucketName,
            AGENT_DATA_PREFIX: agentcore.dataPrefix,
            BEDROCK_MODEL_ARNS: cfg.bedrock.modelArns.join(","),
        },
        secrets: parameters.agentcoreSecrets,
    });

    const securityGroups = new ServiceSecurityGroups("service-sgs", {
        vpcId: network.vpcId,
        albSecurityGroupId: edge.securityGroupId,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        s3PrefixListId: network.s3PrefixListId,
        databaseSecurityGroupId: database.securityGroupId,
        bffPort: bffTask.containerPort,
        agentcorePort: agentcoreTask.containerPort,
        databasePort: PORTS.database,
    });

    const placement = {
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        capacityProviderStrategy: cluster.capacityProviderStrategy,
        capacityProviders: cluster.capacityProviders,
        // No task starts before the endpoints it pulls images, writes logs and reads secrets through.
        startAfter: network.ready,
        scaling: cfg.scaling,
        partition,
        deploymentAlarms: { namePrefix: `ecs-platform-${cfg.stack}`, thresholds: cfg.rollout.alarms },
    };
    const bffService = new FargateService("bff", {
        ...placement,
        task: bffTask,
        subnetIds: network.appSubnetIds,
        securityGroupId: securityGroups.bffSecurityGroupId,
        desiredCount: cfg.bff.desiredCount,
        minCount: cfg.bff.minCount,
        maxCount: cfg.bff.maxCount,
        rollout: cfg.rollout.bff,
        loadBalancer: {
            vpcId: network.vpcId,
            listenerArn: edge.listenerArn,
            loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
            originVerifyHeader: edge.originVerifyHeader,
        },
    });
    const agentcoreService = new FargateService("agentcore", {
        ...placement,
        task: agentcoreTask,
        subnetIds: network.agentSubnetIds,
        securityGroupId: securityGroups.agentcoreSecurityGroupId,
        desiredCount: cfg.agentcore.desiredCount,
        minCount: cfg.agentcore.minCount,
        maxCount: cfg.agentcore.maxCount,
        rollout: cfg.rollout.agentcore,
        serviceDiscovery: {
            namespaceId: cluster.namespaceId,
            namespaceName: cluster.namespaceName,
            name: agentcore.discoveryName,
        },
    });

    const alarms = new ServiceAlarms("alarms", {
        accountId,
        partition,
        region: cfg.region,
        alarmEmail: cfg.alarmEmail,
        alarmNamePrefix: `ecs-platform-${cfg.stack}`,
        services: [
            {
                label: "bff",
                clusterName: cluster.clusterName,
                serviceName: bffService.serviceName,
                loadBalancing: bffService.targetGroupArnSuffix && {
                    targetGroupArnSuffix: bffService.targetGroupArnSuffix,
                    loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
                },
            },
            { label: "agentcore", clusterName: cluster.clusterName, serviceName: agentcoreService.serviceName },
        ],
    });

    return {
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        bffTaskDefinitionArn: bffTask.taskDefinitionArn,
        agentcoreTaskDefinitionArn: agentcoreTask.taskDefinitionArn,
        bffTaskRoleArn: roles.bffTaskRoleArn,
        agentcoreTaskRoleArn: roles.agentcoreTaskRoleArn,
        executionRoleArn: roles.executionRoleArn,
        bffServiceArn: bffService.serviceArn,
        agentcoreServiceArn: agentcoreService.serviceArn,
        serviceDiscoveryNamespaceId: cluster.namespaceId,
        agentcoreDnsName: agentcoreService.dnsName,
        albDnsName: edge.dnsName,
        publicUrl: edge.publicUrl,
        appRepositoryUrl: storage.appRepositoryUrl,
        agentRepositoryUrl: storage.agentRepositoryUrl,
        alarmTopicArn: alarms.topicArn,
    };
};
