/**
 * ecs-platform: public entry (CloudFront -> VPC origin -> internal ALB, by default) -> BFF (Fargate :3000) -> AgentCore (Fargate :8080,
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
import { FargateTaskDefinition, serviceLogGroupName } from "./components/fargate-task-definition";
import { resolveBedrockModels } from "./components/bedrock-models";
import { resolveFoundation } from "./components/foundation";
import { foundationOutputs } from "./components/foundation-outputs";
import { ServiceAlarms } from "./components/alarms";
import { ServiceSecurityGroups } from "./components/service-security-groups";
import { TaskRoles } from "./components/task-roles";
import { loadPlatformConfig } from "./config/load";
import { SERVICE_CONTRACT } from "./config/services";
import { PORTS } from "./policy-pack/lib/architecture";
import { serviceConnectPortName } from "./policy-pack/lib/service-connect";

const { bff, agentcore } = SERVICE_CONTRACT;

export = async () => {
    const cfg = loadPlatformConfig();

    const accountId = aws.getCallerIdentityOutput().accountId;
    const partition = aws.getPartitionOutput().partition;
    // seed T049, T056: the foundation stacks of the CDK design become one resolved foundation passed to every component.
    const foundation = resolveFoundation(cfg, { accountId, partition });
    const { network, storage, parameters, database } = foundation;

    const bedrock = resolveBedrockModels(cfg.bedrock, { region: cfg.region, accountId, partition });

    const edge = new Edge("edge", {
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        // The internal ALB (mode vpcOrigin) shares the BFF's private subnets.
        privateSubnetIds: network.appSubnetIds,
        settings: cfg.edge,
        namePrefix: `ecs-platform-${cfg.stack}`,
        logRetentionDays: cfg.logRetentionDays,
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
        // seed T052: the execution role reads the parameters the Parameters foundation names.
        parameterArnPattern: parameters.parameterArnPattern,
        parametersKmsKeyArn: parameters.kmsKeyArn,
        agentDataBucketArn: storage.agentDataBucketArn,
        agentDataPrefix: agentcore.dataPrefix,
        bedrockModelArns: bedrock.modelArns,
        bedrockInferenceProfiles: bedrock.inferenceProfiles,
        bedrockAgentAliasArns: cfg.bedrock.agentAliasArns,
        databaseCredentialsSecretArn: database.credentialsSecretArn,
    });
    // deployment.discovery serviceConnect (opt-in): named ports, a Service Connect binding per service.
    const serviceConnect = cfg.rollout.discovery === "serviceConnect";
    const portName = (service: string) => (serviceConnect ? serviceConnectPortName(service) : undefined);
    const connect = (service: string, server?: { dnsName: string; discoveryName: string }) =>
        serviceConnect
            ? {
                  namespaceArn: cluster.namespaceArn,
                  server,
                  log: { groupName: serviceLogGroupName(cfg.stack, service), region: cfg.region },
              }
            : undefined;
    const shared = {
        stack: cfg.stack,
        region: cfg.region,
        executionRoleArn: roles.executionRoleArn,
        logRetentionDays: cfg.logRetentionDays,
        protect: cfg.protect,
        databaseConnectionParameterArn: database.connectionParameterArn,
    };
    // seed T022, T050: the BFF task runs the app repository's image.
    const bffTask = new FargateTaskDefinition("bff", {
        ...shared,
        serviceName: "bff",
        containerPort: bff.port,
        portName: portName("bff"),
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
    // seed T023, T051: the AgentCore task runs the agent repository's image.
    const agentcoreTask = new FargateTaskDefinition("agentcore", {
        ...shared,
        serviceName: "agentcore",
        containerPort: agentcore.port,
        portName: portName("agentcore"),
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
            BEDROCK_MODEL_ARNS: bedrock.invokeArnList,
        },
        secrets: parameters.agentcoreSecrets,
    });

    const securityGroups = new ServiceSecurityGroups("service-sgs", {
        vpcId: network.vpcId,
        albSecurityGroupId: edge.securityGroupId,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        s3PrefixListId: network.s3PrefixListId,
        // seed T053: the task groups reach the database's own group.
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
    // seed T033, T055: the BFF service behind the edge listener.
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
        serviceConnect: connect("bff"),
    });
    // seed T034: the AgentCore service, found through Cloud Map.
    const agentcoreService = new FargateService("agentcore", {
        ...placement,
        task: agentcoreTask,
        subnetIds: network.agentSubnetIds,
        securityGroupId: securityGroups.agentcoreSecurityGroupId,
        desiredCount: cfg.agentcore.desiredCount,
        minCount: cfg.agentcore.minCount,
        maxCount: cfg.agentcore.maxCount,
        rollout: cfg.rollout.agentcore,
        // Cloud Map DNS (default), or Service Connect under the same name, so AGENTCORE_URL is unchanged.
        serviceDiscovery: serviceConnect
            ? undefined
            : { namespaceId: cluster.namespaceId, namespaceName: cluster.namespaceName, name: agentcore.discoveryName },
        serviceConnect: connect("agentcore", {
            dnsName: `${agentcore.discoveryName}.${cluster.namespaceName}`,
            discoveryName: `${agentcore.discoveryName}-sc`,
        }),
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

    // seed T015, T024, T037, T038: the stack outputs (cluster, task definitions, roles, services, discovery).
    return {
        // The foundation under the names another stack's `stackReference` mode reads.
        ...foundationOutputs(foundation),
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
