/**
 * The stack configuration of ecs-platform: every key, its type, its default and what AWS allows.
 * This is the only home of every default a stack can change: components take these values as
 * required arguments and never restate them (their own defaults are only for tunables no stack
 * sets, documented on their args). Each default that comes from the seed task list
 * (`../shared/seed/ecs-stack-tasks.md`) names its task id; docs/traceability.md collects them. `load.ts` feeds it the raw values of
 * `Pulumi.<stack>.yaml` and turns zod's issues into messages that name the key, the value and what
 * is allowed; `region-rules.ts` adds the checks that need `aws:region`. Value types: `fields.ts`.
 */
import { z } from "zod";
import {
    CAPACITY_PROVIDER_BASE_MAX,
    CAPACITY_PROVIDER_WEIGHT_MAX,
    LOG_RETENTION_DAYS,
} from "../policy-pack/lib/aws-limits";
import { edgeSchema } from "./edge-schema";
import type { EdgeSettings } from "./edge-schema";
import { arn, bool, int, num, percent, versionString, vpcCidr } from "./fields";
import { deploymentSchema } from "./deployment";
import { servicesSchema } from "./services-map";
import { CPU_ARCHITECTURES } from "./service-entry";
import { schedulesSchema, timeZone } from "./scaling-schedules";
import { execSchema } from "./exec";
import { tracingSchema } from "./tracing";
import type { ResolvedService } from "./services-map";

const ENVIRONMENTS = ["dev", "test", "prod"] as const;

const cooldown = () => int(0, 3600);

const scalingSchema = z
    .object({
        /** Target-tracking CPU utilisation, whole percent. Default 70 (T035, T036). */
        cpuTargetPercent: percent().default(70),
        /** Target-tracking memory utilisation, whole percent. Default 80 (T035, T036). */
        memoryTargetPercent: percent().default(80),
        /** Seconds between scale-in steps. Default 300 (T035, T036: "300-second cooldown"). */
        scaleInCooldownSeconds: cooldown().default(300),
        /** Seconds between scale-out steps. Default 300 (T035, T036). */
        scaleOutCooldownSeconds: cooldown().default(300),
        /** Scheduled actions of every service that sets none of its own (config/scaling-schedules.ts). Default none. */
        schedules: schedulesSchema.default([]),
        /** The IANA time zone the schedules' cron and at expressions are read in. Default UTC. */
        timeZone: timeZone.default("UTC"),
    })
    .strict();

/** Stack-wide defaults of per-service runtime settings; each service may override them. */
const runtimeSchema = z
    .object({
        /** CPU architecture of every service that does not set its own. Default X86_64. */
        cpuArchitecture: z.enum(CPU_ARCHITECTURES).default("X86_64"),
    })
    .strict();

const capacitySchema = z
    .object({
        /** Relative share of tasks on on-demand FARGATE after the base. Default 70 (T012). */
        fargateWeight: int(0, CAPACITY_PROVIDER_WEIGHT_MAX).default(70),
        /** Relative share of tasks on FARGATE_SPOT after the base. Default 30 (T013). */
        fargateSpotWeight: int(0, CAPACITY_PROVIDER_WEIGHT_MAX).default(30),
        /**
         * Tasks always on on-demand FARGATE, so a Spot reclaim never takes a service to zero. Default 1
         * (not in the seed, which gives weights only; prod's stack file sets 2).
         */
        fargateBase: int(0, CAPACITY_PROVIDER_BASE_MAX).default(1),
    })
    .strict()
    .superRefine((c, ctx) => {
        if (c.fargateWeight + c.fargateSpotWeight === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["fargateWeight"],
                message: "and fargateSpotWeight are both 0; ECS places no task when every weight is 0",
            });
        }
    });

const stackReference = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, {
    message: "is not a stack reference of the form <org>/<project>/<stack>",
});
const subnetIds = z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { message: "is not a subnet id (subnet-0123456789abcdef0)" }))
    .min(2)
    .superRefine(noDuplicates("subnet id"));
const SUBNET_LISTS = ["publicSubnetIds", "appSubnetIds", "agentSubnetIds", "dataSubnetIds"] as const;

/** Standard zone names (`us-east-1a`); that they belong to `aws:region` is checked in region-rules.ts. */
const availabilityZone = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, {
    message: "is not an availability zone name (e.g. us-east-1a)",
});

/** Reports each repeated entry of a list at its index, naming the first occurrence. */
function noDuplicates(what: string) {
    return (list: readonly string[], ctx: z.RefinementCtx): void => {
        list.forEach((v, i) => {
            const first = list.indexOf(v);
            if (first < i) ctx.addIssue({ code: "custom", path: [i], message: `repeats the ${what} at [${first}]` });
        });
    };
}

const networkCreateSchema = z
    .object({
        mode: z.literal("create"),
        /** VPC CIDR, IPv4 /16 to /18. Default 10.0.0.0/16 (T054's subnets 10.0.11.0/24 ... live in it). */
        vpcCidr: vpcCidr(true).default("10.0.0.0/16"),
        /** Two distinct AZs of `aws:region`. Default: the first two the region reports. */
        availabilityZones: z.array(availabilityZone).length(2).superRefine(noDuplicates("zone")).optional(),
    })
    .strict();

const networkSchema = z.discriminatedUnion("mode", [
    networkCreateSchema,
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { message: "is not a VPC id" }),
            vpcCidr: vpcCidr(false),
            publicSubnetIds: subnetIds,
            appSubnetIds: subnetIds,
            agentSubnetIds: subnetIds,
            dataSubnetIds: subnetIds,
            endpointSecurityGroupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, { message: "is not a security group id" }),
            s3PrefixListId: z.string().regex(/^pl-[0-9a-f]{8,17}$/, { message: "is not a prefix list id" }),
        })
        .strict()
        .superRefine((n, ctx) => {
            // One subnet in two tiers would put, e.g., tasks in a public subnet or the database next to them.
            const seen = new Map<string, string>();
            for (const list of SUBNET_LISTS) {
                n[list].forEach((id, i) => {
                    const other = seen.get(id);
                    if (other !== undefined && !other.startsWith(`${list}[`)) {
                        ctx.addIssue({
                            code: "custom",
                            path: [list, i],
                            message: `is also ${other}; each tier needs its own subnets`,
                        });
                    }
                    if (other === undefined) seen.set(id, `${list}[${i}]`);
                });
            }
        }),
]);

const createOnlySchema = z.object({ mode: z.literal("create") }).strict();

const storageSchema = z.discriminatedUnion("mode", [
    createOnlySchema,
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            /** ECR repository name by repository key (`services.<name>.repository`, default the service's name). */
            repositoryNames: z.record(
                z.string(),
                z
                    .string()
                    .regex(/^[a-z0-9]+([._/-][a-z0-9]+)*$/, { message: "is not an ECR repository name" })
                    .max(256),
            ),
            agentDataBucketName: z
                .string()
                .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "is not an S3 bucket name" }),
        })
        .strict(),
]);

const parametersSchema = z.discriminatedUnion("mode", [
    createOnlySchema,
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            kmsKeyArn: arn("kms", ["key/"], "arn:aws:kms:us-east-1:123456789012:key/..."),
        })
        .strict(),
]);

const databaseCreateSchema = z
    .object({
        mode: z.literal("create"),
        /** Instance class. Default db.t4g.micro (the seed gives no database size; smallest Graviton class). */
        instanceClass: z
            .string()
            .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { message: "is not an RDS instance class (e.g. db.t4g.small)" })
            .default("db.t4g.micro"),
        /** Storage in GiB. Default 20 (not in the seed; the gp3 minimum). */
        allocatedStorage: int(20, 65536).default(20),
        /** PostgreSQL version; `16` and "16" alike. Default "16" (not in the seed). */
        engineVersion: versionString(/^\d+(\.\d+)?$/, "16").default("16"),
        /** Standby in a second AZ. Default: true in prod. */
        multiAz: bool().optional(),
        /** Automated backup days, 1-35. Default 7 (not in the seed). */
        backupRetentionDays: int(1, 35).default(7),
    })
    .strict();

const databaseSchema = z.discriminatedUnion("mode", [
    databaseCreateSchema,
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            securityGroupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, { message: "is not a security group id" }),
        })
        .strict(),
]);

/** Resource types of Bedrock models InvokeModel accepts (Bedrock API reference, InvokeModel `modelId`). */
const MODEL_RESOURCE_TYPES = [
    "foundation-model/",
    "inference-profile/",
    "application-inference-profile/",
    "provisioned-model/",
    "custom-model/",
    "custom-model-deployment/",
    "imported-model/",
    "prompt-router/",
];

const bedrockSchema = z
    .object({
        /**
         * Model ARNs the services with `grants.bedrock` may invoke: foundation models of `aws:region`, inference profiles, and
         * with a cross-Region profile the foundation models of its destination Regions (region-rules.ts).
         */
        modelArns: z
            .array(arn("bedrock", MODEL_RESOURCE_TYPES, "arn:aws:bedrock:us-east-1::foundation-model/<id>"))
            .default([]),
        /**
         * System-defined inference profiles those services may invoke, by id (`us.anthropic.claude-sonnet-4-6`):
         * the program builds the profile's ARN in `aws:region` and grants the foundation models of
         * every Region it routes to (looked up at deploy time). Default none.
         */
        inferenceProfileIds: z
            .array(
                z.string().regex(/^[a-z]+(-[a-z]+)?\.[a-z0-9][a-z0-9.:-]*$/, {
                    message: "is not an inference profile id (e.g. us.anthropic.claude-sonnet-4-6)",
                }),
            )
            .default([]),
        /** Agent-alias ARNs (in `aws:region`) those services may invoke. Default none. */
        agentAliasArns: z
            .array(
                arn("bedrock", ["agent-alias/"], "arn:aws:bedrock:us-east-1:123456789012:agent-alias/<agent>/<alias>"),
            )
            .default([]),
    })
    .strict();

/**
 * `pulumi config set --path database.instanceClass db.t4g.small`, the documented way to set one
 * nested key, writes a block without `mode`. Such a block means the default mode ("create") when
 * every key it holds is one of that mode's keys. A block whose keys belong to another mode is left
 * without a mode, because guessing `existing` would silently stop the stack creating the resource;
 * describe.ts then names the `pulumi config set --path <block>.mode <mode>` that fixes it.
 */
function defaultMode<T extends z.ZodType>(create: z.ZodObject, union: T) {
    const keys = Object.keys(create.shape);
    return z.preprocess((v) => {
        if (typeof v !== "object" || v === null || Array.isArray(v) || "mode" in v) return v;
        return Object.keys(v).every((k) => keys.includes(k)) ? { ...v, mode: "create" } : v;
    }, union);
}

/** Every key under the `ecs-platform:` namespace. */
export const platformConfigSchema = z
    .object({
        /** dev, test or prod: decides protection, deletion protection and Multi-AZ defaults. */
        environment: z.enum(ENVIRONMENTS),
        /** The services the platform runs, by name (config/service-entry.ts, docs/services.md). Required. */
        services: servicesSchema,
        scaling: scalingSchema.prefault({}),
        capacity: capacitySchema.prefault({}),
        runtime: runtimeSchema.prefault({}),
        /** CloudWatch Logs retention of every service log group. Default 7 (T020, T021: "7-day retention"). */
        logRetentionDays: num(
            z
                .number()
                .int()
                .refine((d) => LOG_RETENTION_DAYS.includes(d), {
                    message: `is not a CloudWatch Logs retention; allowed: ${LOG_RETENTION_DAYS.join(", ")}`,
                }),
        ).default(7),
        network: defaultMode(networkCreateSchema, networkSchema).prefault({ mode: "create" }),
        edge: edgeSchema.prefault({}),
        storage: defaultMode(createOnlySchema, storageSchema).prefault({ mode: "create" }),
        parameters: defaultMode(createOnlySchema, parametersSchema).prefault({ mode: "create" }),
        database: defaultMode(databaseCreateSchema, databaseSchema).prefault({ mode: "create" }),
        /** The Bedrock models, profiles and agents a service with `grants.bedrock` may invoke. Default none. */
        bedrock: bedrockSchema.prefault({}),
        /** Email subscribed to the alarm topic. Default none (subscribe later). */
        alarmEmail: z.email().optional(),
        /** Protect stateful resources (database, bucket, repositories, log groups) from deletion. Default: true in prod. */
        protectStatefulResources: bool().optional(),
        /** ECS Exec, off by default and audited when on (config/exec.ts). */
        exec: execSchema.prefault({}),
        /** Tracing with an ADOT collector in every task, off by default (config/tracing.ts). */
        tracing: tracingSchema.prefault({}),
        /** Service discovery and the thresholds of the alarms that roll a deploy back (config/deployment.ts). */
        deployment: deploymentSchema.prefault({}),
    })
    .strict();

/** The raw shape a stack file may hold (before defaults). */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
/** The schema's output, before the defaults that depend on another key are resolved (load.ts). */
export type ParsedPlatformConfig = z.output<typeof platformConfigSchema>;
/** The validated configuration with every default resolved. */
export type PlatformConfig = Omit<ParsedPlatformConfig, "edge" | "services"> & {
    readonly edge: EdgeSettings;
    /** The services, in the order of the map, every default and stack-level setting resolved. */
    readonly services: readonly ResolvedService[];
    readonly stack: string;
    readonly region: string;
    /** True when stateful resources are protected (default: prod). */
    readonly protect: boolean;
};
export type NetworkConfig = z.output<typeof networkSchema>;
export type { DomainConfig, EdgeConfig, EdgeMode, EdgeSettings, WafConfig } from "./edge-schema";
export type StorageConfig = z.output<typeof storageSchema>;
export type ParametersConfig = z.output<typeof parametersSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type BedrockConfig = z.output<typeof bedrockSchema>;
export type ScalingConfig = z.output<typeof scalingSchema>;
export type CapacityConfig = z.output<typeof capacitySchema>;

/** The top-level keys of the namespace, for the unknown-key check. */
export const PLATFORM_CONFIG_KEYS: readonly string[] = Object.keys(platformConfigSchema.shape);
