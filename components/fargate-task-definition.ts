/**
 * One service's Fargate task definition and its log group (one per entry of the services map). The single container runs non-root on a read-only root filesystem with a writable
 * /tmp, logs through awslogs to the group created here, gets configuration as plain environment
 * values and secrets as SSM parameter references resolved by the execution role, and reports its
 * own health so ECS (and the deployment circuit breaker) can tell a started task from a working one.
 */
import type { CpuArchitecture } from "../config/service-entry";
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** Image tag used while no real tag is configured; the service then runs 0 tasks, so it is never pulled. */
export const BOOTSTRAP_IMAGE_TAG = "bootstrap";

/** The log group of a service. TaskRoles and FargateTaskDefinition both derive it from here. */
export function serviceLogGroupName(stack: string, service: string): string {
    return `/ecs/ecs-platform/${stack}/${service}`;
}

/**
 * What a service takes from its task definition: the container's name, port and health path are
 * decided once, here, and the service's load-balancer binding and registry follow them.
 */
export interface ServiceTask {
    readonly taskDefinitionArn: pulumi.Output<string>;
    /** The container that receives traffic. */
    readonly containerName: string;
    /** Port the container listens on; unset for a worker, which takes no connections. */
    readonly containerPort?: number;
    /** HTTP path that answers 200 when the container is healthy (container and target-group checks); unset for a worker. */
    readonly healthCheckPath?: string;
    /** True when no image tag is configured: the service must run 0 tasks. */
    readonly bootstrap: boolean;
    /** Name of the port mapping (Service Connect refers to it); unset when the mapping is unnamed. */
    readonly portName?: string;
}

/**
 * ECS Exec's agent (bind-mounted into the container by ECS) writes its state and logs under these
 * paths; with `readonlyRootFilesystem` it cannot, so Exec-enabled tasks get writable task volumes
 * there. UNVERIFIED here: the AWS docs only say Exec needs a writable filesystem; these paths are
 * the workaround reported in aws/containers-roadmap#1359 and amazon-ecs-exec-checker#21
 * (docs/services.md#ecs-exec).
 */
export const EXEC_AGENT_PATHS = [
    { volume: "ssm-agent-state", path: "/var/lib/amazon/ssm" },
    { volume: "ssm-agent-logs", path: "/var/log/amazon/ssm" },
] as const;

/** The tracing collector of a task. */
export interface TraceCollector {
    /** The collector image through the account's pull-through cache, pinned by digest. */
    readonly image: pulumi.Input<string>;
    readonly cpu: number;
    readonly memoryMiB: number;
}

/**
 * The ADOT collector container: not essential (a collector failure must not stop the service), its
 * image's ECS default configuration (OTLP in on 4317/4318, X-Ray out,
 * https://aws-otel.github.io/docs/setup/ecs), logs to the service's group under `otel`.
 */
function collectorContainer(c: TraceCollector, logGroupName: pulumi.Input<string>, region: string) {
    return {
        name: "aws-otel-collector",
        image: c.image,
        essential: false,
        // Non-root: the uid the OpenTelemetry collector images run as (UNVERIFIED for ADOT here:
        // check the image's config with `docker buildx imagetools inspect --format '{{json .Image}}'`).
        user: "10001",
        cpu: c.cpu,
        memory: c.memoryMiB,
        readonlyRootFilesystem: true,
        privileged: false,
        command: ["--config=/etc/ecs/ecs-default-config.yaml"],
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "otel" },
        },
    };
}

export interface FargateTaskDefinitionArgs {
    /** Stack name; forms the family `${stack}-${serviceName}` and the default log group name. Required. */
    readonly stack: string;
    /** Region of the log group (awslogs-region). Required. */
    readonly region: string;
    /** Service name: the container name and the family suffix ("bff", "agentcore"). Required. */
    readonly serviceName: string;
    /** Port the container listens on (3000 BFF, 8080 AgentCore). Required; `undefined` for a worker: no port mapping, no PORT. */
    readonly containerPort: number | undefined;
    /**
     * Name of the port mapping, with `appProtocol: http` (Service Connect's `portName`; the protocol
     * gives its HTTP metrics). Required; `undefined` leaves the mapping unnamed (Cloud Map DNS).
     */
    readonly portName: string | undefined;
    /** ECR repository URL of the image, without tag. Required. */
    readonly repositoryUrl: pulumi.Input<string>;
    /** Image tag to run. Default none: bootstrap mode, the image becomes `<repo>:bootstrap` and `bootstrap` is true. */
    readonly imageTag?: string;
    /** Tracing: the ADOT collector beside the app, out of the task's size (config `tracing`). Default none. */
    readonly collector?: TraceCollector;
    /** ECS Exec: writable task volumes for the SSM agent's state and logs beside the read-only root. Default false. */
    readonly exec?: boolean;
    /** `X86_64` or `ARM64` (Graviton; the image needs a linux/arm64 manifest). Required (config decides). */
    readonly cpuArchitecture: CpuArchitecture;
    /** Task cpu units (a valid Fargate value). Required. */
    readonly cpu: number;
    /** Task memory in MiB (valid for the cpu). Required. */
    readonly memory: number;
    /** Role ECS uses to pull the image, write logs and resolve secrets. Required. */
    readonly executionRoleArn: pulumi.Input<string>;
    /** Role the application runs as. Required. */
    readonly taskRoleArn: pulumi.Input<string>;
    /** Non-secret environment values. PORT is always set to containerPort. Default none besides PORT. */
    readonly environment?: Record<string, pulumi.Input<string>>;
    /** Secrets by environment variable name -> SSM parameter ARN (resolved at task start). Default none. */
    readonly secrets?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * SSM parameter with the database's connection details, added to `secrets` as
     * DATABASE_CONNECTION (the login stays in Secrets Manager, read by the app). Default none.
     */
    readonly databaseConnectionParameterArn?: pulumi.Input<string>;
    /** HTTP path that answers 200 when the container is healthy; the service's target group checks it too. Required; `undefined` for a worker. */
    readonly healthCheckPath: string | undefined;
    /**
     * Container health check command. Default: curl, falling back to wget, against
     * `http://127.0.0.1:<containerPort><healthCheckPath>` (the image needs /bin/sh and one of them).
     */
    readonly healthCheckCommand?: string[];
    /** Seconds after start during which failed health checks do not count. Default 60. */
    readonly healthCheckStartPeriodSeconds?: number;
    /** Log retention in days (config `logRetentionDays`). Required. */
    readonly logRetentionDays: number;
    /** Log group name. Default `serviceLogGroupName(stack, serviceName)`. */
    readonly logGroupName?: string;
    /** KMS key ARN for the log group; its key policy must admit logs.<region>.amazonaws.com. Default none (service-owned encryption). */
    readonly logKmsKeyArn?: pulumi.Input<string>;
    /** Protect the log group from deletion (Pulumi protect and CloudWatch deletion protection). Default false. */
    readonly protect?: boolean;
    /** uid:gid the container runs as. Default "1000:1000" (non-root). */
    readonly user?: string;
    /** Seconds between SIGTERM and SIGKILL. Default 120 (the Fargate maximum; a Spot reclaim gives 2 minutes). */
    readonly stopTimeoutSeconds?: number;
    /** Tags of the task definition and the log group (the service's `ecs-platform:service`/`kind`). Default none. */
    readonly tags?: Record<string, string>;
}

export class FargateTaskDefinition extends pulumi.ComponentResource implements ServiceTask {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:compute:FargateTaskDefinition";

    public readonly taskDefinitionArn: pulumi.Output<string>;
    /** The container's name (= serviceName), for load balancer and service registry bindings. */
    public readonly containerName: string;
    public readonly containerPort?: number;
    public readonly healthCheckPath?: string;
    /** True when no image tag is configured: the service must run 0 tasks. */
    public readonly bootstrap: boolean;
    public readonly portName?: string;

    constructor(name: string, args: FargateTaskDefinitionArgs, opts?: pulumi.ComponentResourceOptions) {
        super(FargateTaskDefinition.typeToken, name, {}, opts);
        const healthCheckPath = args.healthCheckPath;
        if ((args.containerPort === undefined) !== (healthCheckPath === undefined)) {
            throw new pulumi.ResourceError(
                "containerPort and healthCheckPath go together (both unset: a worker)",
                this,
            );
        }
        const healthUrl =
            healthCheckPath === undefined ? undefined : `http://127.0.0.1:${args.containerPort}${healthCheckPath}`;
        // A worker listens on nothing: without a command of its own, it has no container health check.
        const healthCheckCommand =
            args.healthCheckCommand ??
            (healthUrl === undefined
                ? undefined
                : ["CMD-SHELL", `curl -fsS -o /dev/null ${healthUrl} || wget -q -O /dev/null ${healthUrl} || exit 1`]);
        const healthCheckStartPeriod = args.healthCheckStartPeriodSeconds ?? 60;
        const logRetentionDays = args.logRetentionDays;
        const logGroupName = args.logGroupName ?? serviceLogGroupName(args.stack, args.serviceName);
        const protect = args.protect ?? false;
        const user = args.user ?? "1000:1000";
        const stopTimeout = args.stopTimeoutSeconds ?? 120;
        const environment =
            args.containerPort === undefined
                ? { ...args.environment }
                : { ...args.environment, PORT: String(args.containerPort) };
        const secrets = pulumi
            .all([args.secrets ?? {}, args.databaseConnectionParameterArn])
            .apply(([byName, connection]) =>
                connection === undefined ? byName : { ...byName, DATABASE_CONNECTION: connection },
            );
        this.bootstrap = args.imageTag === undefined;
        this.containerName = args.serviceName;
        this.containerPort = args.containerPort;
        this.healthCheckPath = healthCheckPath;
        this.portName = args.portName;
        const image = pulumi.interpolate`${args.repositoryUrl}:${args.imageTag ?? BOOTSTRAP_IMAGE_TAG}`;
        if (this.bootstrap) {
            pulumi.log.warn(
                `${name}: no image tag configured (bootstrap mode); the service runs 0 tasks until ` +
                    `\`pulumi config set --path services.${args.serviceName}.imageTag <tag>\` after pushing an image`,
                this,
            );
        }

        // seed T020, T021: one log group per service, with the configured retention.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: logGroupName,
                retentionInDays: logRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
                deletionProtectionEnabled: protect ? true : undefined,
                tags: args.tags,
            },
            { parent: this, protect },
        );

        // seed T022, T023: one container on its port, image from the service's repository, awslogs, env and secrets.
        const containerDefinitions = pulumi.jsonStringify([
            {
                name: this.containerName,
                image,
                essential: true,
                user,
                privileged: false,
                readonlyRootFilesystem: true,
                // A bind mount is root-owned 0755 unless the image declares `VOLUME /tmp` on a
                // directory the user owns; the images must do that to write temp files. The task
                // definition cannot: Fargate has no tmpfs and no owner setting for bind mounts
                // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html).
                mountPoints: [
                    { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
                    ...(args.exec
                        ? EXEC_AGENT_PATHS.map((p) => ({
                              sourceVolume: p.volume,
                              containerPath: p.path,
                              readOnly: false,
                          }))
                        : []),
                ],
                // An init process forwards SIGTERM to the app and reaps zombies.
                linuxParameters: { initProcessEnabled: true },
                portMappings:
                    args.containerPort === undefined
                        ? []
                        : [
                              {
                                  containerPort: args.containerPort,
                                  protocol: "tcp",
                                  // Service Connect: "The server can optionally provide an application protocol (for
                                  // example, HTTP) to receive protocol-specific metrics (for example, HTTP 5xx)"
                                  // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html).
                                  ...(args.portName === undefined ? {} : { name: args.portName, appProtocol: "http" }),
                              },
                          ],
                stopTimeout,
                environment: Object.entries(environment)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(([envName, value]) => ({ name: envName, value })),
                secrets: secrets.apply((byName) =>
                    Object.entries(byName)
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([envName, valueFrom]) => ({ name: envName, valueFrom })),
                ),
                healthCheck:
                    healthCheckCommand === undefined
                        ? undefined
                        : {
                              command: healthCheckCommand,
                              interval: 30,
                              timeout: 5,
                              retries: 3,
                              startPeriod: healthCheckStartPeriod,
                          },
                logConfiguration: {
                    logDriver: "awslogs",
                    options: {
                        "awslogs-group": logGroup.name,
                        "awslogs-region": args.region,
                        "awslogs-stream-prefix": args.serviceName,
                        // Never block the app on CloudWatch Logs; a full 25 MiB buffer drops lines instead.
                        mode: "non-blocking",
                        "max-buffer-size": "25m",
                    },
                },
            },
            ...(args.collector ? [collectorContainer(args.collector, logGroup.name, args.region)] : []),
        ]);

        const taskDefinition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: `${args.stack}-${args.serviceName}`,
                cpu: String(args.cpu),
                memory: String(args.memory),
                networkMode: "awsvpc",
                requiresCompatibilities: ["FARGATE"],
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.cpuArchitecture },
                executionRoleArn: args.executionRoleArn,
                taskRoleArn: args.taskRoleArn,
                volumes: [{ name: "tmp" }, ...(args.exec ? EXEC_AGENT_PATHS.map((p) => ({ name: p.volume })) : [])],
                containerDefinitions,
                tags: args.tags,
            },
            { parent: this },
        );
        this.taskDefinitionArn = taskDefinition.arn;

        this.registerOutputs({
            taskDefinitionArn: this.taskDefinitionArn,
            logGroupName: logGroup.name,
            logGroupArn: logGroup.arn,
            image,
        });
    }
}
