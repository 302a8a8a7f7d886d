/**
 * ecs-platform: public entry (CloudFront -> VPC origin -> internal ALB, by default) -> the http
 * services (the seed's BFF, Fargate :3000) -> the internal services they call by name (the seed's
 * AgentCore, :8080, `agentcore.local`), and workers; all from the `ecs-platform:services` map, on a
 * foundation of VPC, repositories, parameters and database that is created here or taken from
 * elsewhere. Wiring only: every decision lives in config/ and components/.
 *
 * The program is a function so Pulumi (and the offline evaluator) can run it once per stack without
 * module-cache tricks; the configuration is validated before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "./components/aws";
import { EcsCluster } from "./components/cluster";
import { Edge } from "./components/edge";
import { FargateService } from "./components/fargate-service";
import { FargateTaskDefinition, serviceLogGroupName } from "./components/fargate-task-definition";
import { resolveBedrockModels } from "./components/bedrock-models";
import { resolveFoundation } from "./components/foundation";
import { foundationOutputs } from "./components/foundation-outputs";
import { ServiceAlarms } from "./components/alarms";
import { StackDashboard } from "./components/dashboard";
import { ExecAudit } from "./components/exec-audit";
import { ServiceQueues } from "./components/service-queues";
import { TracingCache } from "./components/tracing-cache";
import { cachedCollectorImage } from "./config/tracing";
import { ServiceSecurityGroups } from "./components/service-security-groups";
import { TaskRoles } from "./components/task-roles";
import { loadPlatformConfig } from "./config/load";
import { platformEnvironment } from "./config/service-environment";
import { PORTS } from "./policy-pack/lib/architecture";
import { serviceConnectPortName } from "./policy-pack/lib/service-connect";
import { serviceTags } from "./policy-pack/lib/service-tags";

export = async () => {
    const cfg = loadPlatformConfig();
    const byName = new Map(cfg.services.map((s) => [s.name, s]));

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
        vpcOriginPrerequisites: network.vpcOrigin,
        settings: cfg.edge,
        namePrefix: `ecs-platform-${cfg.stack}`,
        logRetentionDays: cfg.logRetentionDays,
        environment: cfg.environment,
        protect: cfg.protect,
        accountId,
    });

    // ECS Exec, off unless a service turns it on: then every session is encrypted and logged.
    const execAudit = cfg.services.some((s) => s.exec)
        ? new ExecAudit("exec", {
              stack: cfg.stack,
              region: cfg.region,
              accountId,
              partition,
              logRetentionDays: cfg.logRetentionDays,
              protect: cfg.protect,
          })
        : undefined;
    // Tracing (opt-in): the collector image through the account's cache of ECR Public.
    const tracingCache = cfg.tracing.enabled
        ? new TracingCache("tracing", { region: cfg.region, accountId, partition })
        : undefined;
    const collector =
        cfg.tracing.enabled && cfg.tracing.collectorImage
            ? {
                  image: accountId.apply((account) =>
                      cachedCollectorImage(account, cfg.region, cfg.tracing.collectorImage as string),
                  ),
                  cpu: cfg.tracing.collectorCpu,
                  memoryMiB: cfg.tracing.collectorMemoryMiB,
              }
            : undefined;
    // Workers' work queues (services.<name>.queue), created only when a worker has one.
    const queued = cfg.services.flatMap((s) =>
        s.kind === "worker" && s.queue ? [{ name: s.name, queue: s.queue, tags: serviceTags(s.name, s.kind) }] : [],
    );
    const queues =
        queued.length > 0
            ? new ServiceQueues("queues", { namePrefix: `ecs-platform-${cfg.stack}`, workers: queued })
            : undefined;
    const queueArn = (worker: string) => queues?.arns[worker] ?? "";
    const cluster = new EcsCluster("cluster", {
        vpcId: network.vpcId,
        capacity: cfg.capacity,
        clusterName: `ecs-platform-${cfg.stack}`,
        executeCommand: execAudit && { kmsKeyArn: execAudit.kmsKeyArn, logGroupName: execAudit.logGroupName },
    });

    const repositoryOf = <T>(map: pulumi.Input<Readonly<Record<string, pulumi.Input<T>>>>, key: string) =>
        pulumi.output(map).apply((m) => {
            const value = m[key];
            if (value === undefined) throw new Error(`the foundation has no repository "${key}" (storage)`);
            return value;
        });
    const roles = new TaskRoles("roles", {
        accountId,
        partition,
        region: cfg.region,
        stack: cfg.stack,
        services: cfg.services.map((s) => ({
            name: s.name,
            displayName: s.displayName,
            logGroupName: serviceLogGroupName(cfg.stack, s.name),
            repositoryArn: repositoryOf(storage.repositoryArns, s.repository),
            kind: s.kind,
            grants: s.grants,
            database: s.database,
            exec:
                s.exec && execAudit
                    ? { logGroupArn: execAudit.logGroupArn, kmsKeyArn: execAudit.kmsKeyArn }
                    : undefined,
            consumeQueueArn: s.kind === "worker" && s.queue ? queueArn(s.name) : undefined,
            sendQueueArns: s.grants.queues.map(queueArn),
            tracing: s.tracing,
        })),
        parameterPathPrefix: parameters.pathPrefix,
        // seed T052: the execution role reads the parameters the Parameters foundation names.
        parameterArnPattern: parameters.parameterArnPattern,
        parametersKmsKeyArn: parameters.kmsKeyArn,
        agentDataBucketArn: storage.agentDataBucketArn,
        bedrockModelArns: bedrock.modelArns,
        bedrockInferenceProfiles: bedrock.inferenceProfiles,
        bedrockAgentAliasArns: cfg.bedrock.agentAliasArns,
        databaseCredentialsSecretArn: database.credentialsSecretArn,
        tracingCacheRepositoryArn: tracingCache?.repositoryArnPattern,
    });
    // deployment.discovery serviceConnect (opt-in): named ports, a Service Connect binding per service.
    const serviceConnect = cfg.deployment.discovery === "serviceConnect";
    const portName = (service: string) => (serviceConnect ? serviceConnectPortName(service) : undefined);
    const dnsNameOf = (service: string) => {
        const s = byName.get(service);
        return s?.kind === "internal" ? `${s.discoveryName}.${cluster.namespaceName}` : undefined;
    };
    const shared = {
        stack: cfg.stack,
        region: cfg.region,
        executionRoleArn: roles.executionRoleArn,
        logRetentionDays: cfg.logRetentionDays,
        protect: cfg.protect,
    };

    const securityGroups = new ServiceSecurityGroups("service-sgs", {
        vpcId: network.vpcId,
        albSecurityGroupId: edge.securityGroupId,
        endpointSecurityGroupId: network.endpointSecurityGroupId,
        s3PrefixListId: network.s3PrefixListId,
        // seed T053: the task groups reach the database's own group.
        databaseSecurityGroupId: database.securityGroupId,
        services: cfg.services.map((s) => ({
            name: s.name,
            displayName: s.displayName,
            kind: s.kind,
            port: s.kind === "worker" ? undefined : s.port,
            dnsName: dnsNameOf(s.name),
            calls: s.calls,
            database: s.database,
            description: s.securityGroupDescription,
        })),
        databasePort: PORTS.database,
    });

    const placement = {
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        capacityProviderStrategy: cluster.capacityProviderStrategy,
        capacityProviders: cluster.capacityProviders,
        // No task starts before the endpoints it pulls images, writes logs and reads secrets through.
        startAfter: network.ready,
        partition,
    };
    const subnets = { app: network.appSubnetIds, agent: network.agentSubnetIds };
    // seed T022-T023, T033-T034, T050-T051, T055: one task definition and one service per entry.
    const deployed = cfg.services.map((s) => {
        const tags = serviceTags(s.name, s.kind);
        const task = new FargateTaskDefinition(s.name, {
            ...shared,
            serviceName: s.name,
            containerPort: s.kind === "worker" ? undefined : s.port,
            healthCheckPath: s.kind === "worker" ? undefined : s.healthCheckPath,
            portName: s.kind === "worker" ? undefined : portName(s.name),
            repositoryUrl: repositoryOf(storage.repositoryUrls, s.repository),
            imageTag: s.imageTag,
            cpu: s.cpu,
            memory: s.memory,
            cpuArchitecture: s.cpuArchitecture,
            exec: s.exec,
            collector,
            taskRoleArn: roles.taskRoleArns[s.name],
            environment: {
                ...s.environment,
                ...platformEnvironment(s, {
                    environment: cfg.environment,
                    region: cfg.region,
                    dataBucketName: storage.agentDataBucketName,
                    bedrockModelArns: bedrock.invokeArnList,
                    urlOf: (callee) => {
                        const c = byName.get(callee);
                        return c?.kind === "internal" ? `http://${dnsNameOf(callee)}:${c.port}` : "";
                    },
                    queueUrlOf: (worker) => queues?.urls[worker] ?? "",
                }),
            },
            secrets: parameters.serviceSecrets[s.name],
            databaseConnectionParameterArn: s.database ? database.connectionParameterArn : undefined,
            tags,
        });
        const connect =
            serviceConnect && s.kind !== "worker"
                ? {
                      namespaceArn: cluster.namespaceArn,
                      server:
                          s.kind === "internal"
                              ? { dnsName: dnsNameOf(s.name) as string, discoveryName: `${s.discoveryName}-sc` }
                              : undefined,
                      log: { groupName: serviceLogGroupName(cfg.stack, s.name), region: cfg.region },
                  }
                : serviceConnect
                  ? {
                        namespaceArn: cluster.namespaceArn,
                        log: { groupName: serviceLogGroupName(cfg.stack, s.name), region: cfg.region },
                    }
                  : undefined;
        const service = new FargateService(s.name, {
            ...placement,
            task,
            subnetIds: subnets[s.subnetTier],
            securityGroupId: securityGroups.securityGroupIds[s.name],
            desiredCount: s.desiredCount,
            minCount: s.minCount,
            maxCount: s.maxCount,
            scaling: s.scaling,
            rollout: s.rollout,
            deploymentAlarms: { namePrefix: `ecs-platform-${cfg.stack}`, thresholds: s.alarms },
            // seed T033, T055: an http service behind the edge listener, on its own paths.
            loadBalancer:
                s.kind === "http"
                    ? {
                          vpcId: network.vpcId,
                          listenerArn: edge.listenerArn,
                          loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
                          originVerifyHeader: edge.originVerifyHeader,
                          listenerRulePriority: s.listenerRulePriority,
                          pathPatterns: s.pathPatterns,
                      }
                    : undefined,
            // seed T034: an internal service found through Cloud Map (or Service Connect under the same name).
            serviceDiscovery:
                s.kind === "internal" && !serviceConnect
                    ? { namespaceId: cluster.namespaceId, namespaceName: cluster.namespaceName, name: s.discoveryName }
                    : undefined,
            serviceConnect: connect,
            exec: s.exec,
            queueScaling:
                s.kind === "worker" && s.queue && queues
                    ? { queueName: queues.names[s.name], messagesPerTask: s.queue.messagesPerTask }
                    : undefined,
            tags,
        });
        return { entry: s, task, service };
    });

    const alarms = new ServiceAlarms("alarms", {
        accountId,
        partition,
        region: cfg.region,
        alarmEmail: cfg.alarmEmail,
        alarmNamePrefix: `ecs-platform-${cfg.stack}`,
        services: deployed.map(({ entry, service }) => ({
            label: entry.name,
            clusterName: cluster.clusterName,
            serviceName: service.serviceName,
            loadBalancing: service.targetGroupArnSuffix && {
                targetGroupArnSuffix: service.targetGroupArnSuffix,
                loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
            },
        })),
    });

    const dashboard = new StackDashboard("dashboard", {
        dashboardName: `ecs-platform-${cfg.stack}`,
        region: cfg.region,
        clusterName: cluster.clusterName,
        services: deployed.map(({ entry, service }) => ({
            label: entry.name,
            kind: entry.kind,
            serviceName: service.serviceName,
            loadBalancing: service.targetGroupArnSuffix && {
                targetGroupArnSuffix: service.targetGroupArnSuffix,
                loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
            },
            alarmArns: service.deploymentAlarms.map((a) => a.arn),
            queueName: queues?.names[entry.name],
        })),
    });

    const perService = <T>(f: (d: (typeof deployed)[number]) => T) =>
        Object.fromEntries(deployed.map((d) => [d.entry.name, f(d)]));
    // seed T015, T024, T037, T038: the stack outputs (cluster, task definitions, roles, services, discovery).
    return {
        // The foundation under the names another stack's `stackReference` mode reads.
        ...foundationOutputs(foundation),
        clusterArn: cluster.clusterArn,
        clusterName: cluster.clusterName,
        executionRoleArn: roles.executionRoleArn,
        // Per service, by name: what each task runs as, where it runs and how it is found.
        taskDefinitionArns: perService((d) => d.task.taskDefinitionArn),
        taskRoleArns: roles.taskRoleArns,
        serviceArns: perService((d) => d.service.serviceArn),
        dnsNames: Object.fromEntries(
            deployed.flatMap((d) => (d.service.dnsName ? [[d.entry.name, d.service.dnsName]] : [])),
        ),
        serviceDiscoveryNamespaceId: cluster.namespaceId,
        albDnsName: edge.dnsName,
        publicUrl: edge.publicUrl,
        alarmTopicArn: alarms.topicArn,
        dashboardUrl: dashboard.url,
    };
};
