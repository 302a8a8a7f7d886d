/**
 * One entry of the `ecs-platform:services` map: a service the platform runs, declared as data. Its
 * `kind` decides how it is reached:
 *
 * - `http`: behind the ALB on its `pathPatterns` (a target group and a listener rule of its own);
 * - `internal`: by name only, `<discoveryName>.<namespace>` (Cloud Map DNS, or Service Connect);
 * - `worker`: not reached at all: no inbound rule, no load balancer, no name.
 *
 * Every default an entry can change lives here, documented with its key (docs/services.md lists
 * them); rules across entries (calls, ports, path overlaps, derived names) are in services-map.ts and listener-rules.ts.
 */
import { z } from "zod";
import type { ServiceKindValue } from "../policy-pack/lib/service-tags";
import { FARGATE_CPU_MEMORY, FARGATE_CPU_VALUES, isValidFargateSize } from "../policy-pack/lib/aws-limits";
import { bool, imageTag, int, num, percent } from "./fields";
import { serviceDeploymentSchema } from "./deployment";
import { alarmOverridesSchema } from "./alarm-thresholds";
import { schedulesSchema } from "./scaling-schedules";
import { queueSchema } from "./service-queue";

export { SERVICE_KIND_VALUES as SERVICE_KINDS } from "../policy-pack/lib/service-tags";
export type ServiceKind = ServiceKindValue;

/**
 * The task's CPU architecture (ECS `runtimePlatform.cpuArchitecture`): `X86_64`, or `ARM64` for
 * Graviton, about 20 % cheaper per vCPU-hour on Fargate (tools/plan/prices.ts). An ARM64 task
 * needs an image with a linux/arm64 manifest (docs/services.md#cpu-architecture).
 */
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** Where a kind's tasks run: `app` = the PrivateApp subnets (next to the ALB), `agent` = PrivateAgent (T054). */
export const SUBNET_TIER_OF_KIND: Readonly<Record<ServiceKind, "app" | "agent">> = {
    http: "app",
    internal: "agent",
    worker: "agent",
};

const count = () => int(0, 1000);
const cooldown = () => int(0, 3600);

/** An environment variable name as a POSIX shell reads it (the apps read them with process.env). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z.string().regex(ENV_NAME, { message: "is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)" });
/** A parameter name below the service's own path (`/ecs-platform/<stack>/<service>/<name>`; SSM name charset). */
const parameterName = z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, {
    message: "is not a parameter name below the service's path (letters, digits, _ . - and /; e.g. api-key)",
});

/**
 * A SecureString the platform creates under the service's path and hands to the container as
 * `secrets` (resolved by the execution role at task start).
 */
const secretSchema = z
    .object({
        /** Parameter name below `/ecs-platform/<stack>/<service>/`. Required. */
        parameter: parameterName,
        /**
         * `generated`: a random 64-character value Pulumi keeps (e.g. a signing secret).
         * `placeholder`: a random 40-character value to be overwritten out of band
         * (`aws ssm put-parameter --overwrite`); Pulumi never writes it back. Default placeholder.
         */
        value: z.enum(["generated", "placeholder"]).default("placeholder"),
        /** The parameter's description. Default: `<displayName> <ENV_NAME> (generated)` or `...: placeholder; ...`. */
        description: z.string().min(1).max(1024).optional(),
    })
    .strict();

/** Secrets Manager secret names (CreateSecret `Name`: 1-512 of letters, digits and /_+=.@-). */
const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, {
    message: "is not a Secrets Manager secret name (letters, digits and /_+=.@-)",
});

/** What the task role may do beyond its own logs: the whole vocabulary, each grant with its allowlist. */
const grantsSchema = z
    .object({
        /** Invoke the stack's Bedrock models, inference profiles and agents (`ecs-platform:bedrock`). Default false. */
        bedrock: bool().default(false),
        /**
         * Read and write objects under this key prefix of the stack's data bucket (trailing slash),
         * and list it. Default none. The seed's AgentCore: `agent-data/` (T042).
         */
        s3Prefix: z
            .string()
            .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/, {
                message: 'is not a key prefix ending in "/" (e.g. agent-data/); no wildcards',
            })
            .refine((p) => !p.includes("*"), { message: "must not contain *; name the prefix" })
            .optional(),
        /** Read the SSM parameters under the service's own path `/ecs-platform/<stack>/<service>/`. Default false. */
        parameters: bool().default(false),
        /** Read these Secrets Manager secrets of the account and region, by name. Default none. */
        secrets: z.array(secretName).default([]),
        /** Send to the queues of these workers (services of kind worker with a `queue`). Default none. */
        queues: z.array(z.string()).default([]),
    })
    .strict();

/** Target tracking of one service; unset keys take the stack's `ecs-platform:scaling`. */
const scalingOverridesSchema = z
    .object({
        cpuTargetPercent: percent().optional(),
        memoryTargetPercent: percent().optional(),
        scaleInCooldownSeconds: cooldown().optional(),
        scaleOutCooldownSeconds: cooldown().optional(),
        /**
         * http only: also track ALB requests per target (ALBRequestCountPerTarget) at this many per
         * minute. Default none (CPU and memory only).
         */
        requestsPerTarget: int(1, 1_000_000).optional(),
        /** Scheduled actions of this service, instead of the stack's `scaling.schedules`. Default: the stack's. */
        schedules: schedulesSchema.optional(),
    })
    .strict();

/** Keys every kind takes. */
const commonShape = {
    /** Label in descriptions, the plan and the diagram ("BFF"). Default: the service's name. */
    displayName: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,31}$/, {
            message: "is not a display name (letters, digits, space . _ -; at most 32; e.g. BFF)",
        })
        .optional(),
    /** Task cpu units; a Fargate value. Required (seed T001: dev 512, test 1024, prod 2048). */
    cpu: num(z.number().int()),
    /** Task memory in MiB; must pair with cpu in the Fargate table. Required (T001: dev 1024, test 2048, prod 4096). */
    memory: num(z.number().int()),
    /** ECS Exec into this service's tasks (audited; refused in prod without exec.allowInProd). Default: the stack's `exec.enabled` (false). */
    exec: bool().optional(),
    /** CPU architecture of the tasks. Default: the stack's `ecs-platform:runtime.cpuArchitecture` (X86_64). */
    cpuArchitecture: z.enum(CPU_ARCHITECTURES).optional(),
    /** Image tag to run. Unset: bootstrap mode, the service runs 0 tasks until a tag is pushed and set. */
    imageTag: imageTag.optional(),
    /** Tasks at creation (autoscaling owns the count afterwards). Default 2 (T033, T034). */
    desiredCount: count().default(2),
    /** Autoscaling floor. Default 2 (T035, T036). */
    minCount: count().default(2),
    /** Autoscaling ceiling. Default 10 (T035, T036). */
    maxCount: count().default(10),
    /**
     * Key of the ECR repository the image comes from: `<namespace>/<repository>`. Default: the
     * service's name (each service its own repository); the seed's two keep `app` and `agent`.
     */
    repository: z
        .string()
        .regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, { message: "is not an ECR repository name part (e.g. app)" })
        .max(64)
        .optional(),
    /** Services (kind internal) this one may open connections to; derives the rules, reachability and the pack's allowlists. Default none. */
    calls: z.array(z.string()).default([]),
    /** Whether the tasks reach PostgreSQL (and read its login and connection parameter). Default false. */
    database: bool().default(false),
    grants: grantsSchema.prefault({}),
    /** Plain environment values (never secrets). PORT and the platform's own variables are set for you. Default none. */
    environment: z.record(envName, z.string().max(4096)).default({}),
    /** Secrets by environment variable name. Default none. */
    secrets: z.record(envName, secretSchema).default({}),
    /** Target-tracking overrides of the stack's `scaling`. Default none. */
    scaling: scalingOverridesSchema.prefault({}),
    /** Rollout of this service; unset keys take the environment's defaults (config/deployment.ts). */
    deployment: serviceDeploymentSchema.prefault({}),
    /** Alarm threshold overrides of the stack's `deployment.alarms`. Default none. */
    alarms: alarmOverridesSchema.prefault({}),
    /**
     * The security group's description. AWS cannot change a group's description without replacing
     * the group, so it is written once. Default: `ecs-platform service <name>: its tasks; ...`,
     * which names nothing that can change while the service lives (not its calls, not its label).
     */
    securityGroupDescription: z
        .string()
        .regex(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, {
            message:
                "is not a security group description (at most 255 of a-z A-Z 0-9 . _ - : / ( ) # , @ [ ] + = & ; { } ! $ * and space)",
        })
        .optional(),
};

const port = () => int(1, 65535);
const healthCheckPath = z.string().regex(/^\/[A-Za-z0-9_.~!$&'()*+,;=:@%/-]{0,1023}$/, {
    message: 'is not a URL path (starts with "/"; e.g. /health)',
});

/**
 * An ALB path pattern: at most 128 characters, `*` and `?` as wildcards, case sensitive
 * (PathPatternConfig, https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions).
 */
const pathPattern = z
    .string()
    .max(128)
    .regex(/^\/[A-Za-z0-9_.\-~/$"'@:+&*?]*$/, {
        message:
            'is not an ALB path pattern (starts with "/"; letters, digits, _ - . $ / ~ " \' @ : + & and the wildcards * ?)',
    });
/**
 * Up to 3 values per condition ("You can specify up to three match evaluations per condition",
 * same page); the rule's other condition is the origin-verify header, within the 5 per rule.
 */
export const MAX_PATH_PATTERNS = 3;

const httpEntry = z
    .object({
        kind: z.literal("http"),
        ...commonShape,
        /** Port the container listens on and the target group forwards to. Required (seed BFF: 3000, T006). */
        port: port(),
        /** Path answering 200 when healthy: container and target-group checks. Required (seed BFF: /api/health, T031). */
        healthCheckPath,
        /** Request paths the ALB forwards here. Default ["/*"] (everything: the catch-all, evaluated last). */
        pathPatterns: z.array(pathPattern).min(1).max(MAX_PATH_PATTERNS).default(["/*"]),
        /** Listener rule priority, 1-50000. Default: derived from the name (listener-rules.ts), the catch-all 50000. */
        listenerRulePriority: int(1, 50000).optional(),
    })
    .strict();

const internalEntry = z
    .object({
        kind: z.literal("internal"),
        ...commonShape,
        /** Port the container listens on; callers reach `<discoveryName>.<namespace>:<port>`. Required (seed AgentCore: 8080, T007). */
        port: port(),
        /** Path answering 200 when healthy (container check). Required (seed AgentCore: /health). */
        healthCheckPath,
        /** DNS label callers use. Default: the service's name (seed T034: agentcore.local). */
        discoveryName: z
            .string()
            .regex(/^[a-z]([a-z0-9-]{0,60}[a-z0-9])?$/, { message: "is not a DNS label (a-z, 0-9, -; at most 63)" })
            .optional(),
    })
    .strict();

const workerEntry = z
    .object({
        kind: z.literal("worker"),
        ...commonShape,
        /** A work queue the platform creates for this worker (config/service-queue.ts). Default none. */
        queue: queueSchema.optional(),
    })
    .strict();

export const serviceEntrySchema = z
    .discriminatedUnion("kind", [httpEntry, internalEntry, workerEntry])
    .superRefine((s, ctx) => {
        if (!(s.cpu in FARGATE_CPU_MEMORY)) {
            ctx.addIssue({
                code: "custom",
                path: ["cpu"],
                message: `is not a Fargate cpu value; allowed: ${FARGATE_CPU_VALUES.join(", ")}`,
            });
        } else if (!isValidFargateSize(s.cpu, s.memory)) {
            ctx.addIssue({
                code: "custom",
                path: ["memory"],
                message: `does not pair with cpu ${s.cpu} on Fargate; allowed: ${FARGATE_CPU_MEMORY[s.cpu].join(", ")}`,
            });
        }
        if (s.minCount > s.maxCount) {
            ctx.addIssue({ code: "custom", path: ["minCount"], message: `is greater than maxCount (${s.maxCount})` });
        }
        if (s.desiredCount < s.minCount || s.desiredCount > s.maxCount) {
            ctx.addIssue({
                code: "custom",
                path: ["desiredCount"],
                message: `is outside [minCount, maxCount] = [${s.minCount}, ${s.maxCount}]`,
            });
        }
    });

export type ServiceEntryInput = z.input<typeof serviceEntrySchema>;
export type ParsedServiceEntry = z.output<typeof serviceEntrySchema>;
export type ServiceGrants = z.output<typeof grantsSchema>;
export type ServiceSecret = z.output<typeof secretSchema>;
export type ScalingOverrides = z.output<typeof scalingOverridesSchema>;
