/**
 * The stack configuration of ecs-platform: every key, its type, its default and what AWS allows.
 * This is the only place defaults live. `load.ts` feeds it the raw values of `Pulumi.<stack>.yaml`
 * and turns zod's issues into messages that name the key, the value and what is allowed.
 */
import { z } from "zod";
import {
    CAPACITY_PROVIDER_BASE_MAX,
    CAPACITY_PROVIDER_WEIGHT_MAX,
    FARGATE_CPU_MEMORY,
    FARGATE_CPU_VALUES,
    isValidFargateSize,
    LOG_RETENTION_DAYS,
} from "../policy-pack/lib/aws-limits";
import { isWorldOpen, parseCidr } from "../policy-pack/lib/cidr";

const ENVIRONMENTS = ["dev", "test", "prod"] as const;

/** A CIDR block in canonical or non-canonical IPv4/IPv6 notation (parsed, not pattern-matched). */
const cidr = z.string().refine((v) => parseCidr(v) !== undefined, {
    message: "is not a valid IPv4 or IPv6 CIDR block (e.g. 10.0.0.0/16 or 2001:db8::/32)",
});

/** Where public traffic may come from: never the whole internet. */
const publicSourceCidr = cidr.refine((v) => !isWorldOpen(v), {
    message: "opens the load balancer to the whole internet; name the networks that may reach it",
});

const imageTag = z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
        message: "is not a valid image tag (letters, digits, _ . -; at most 128; no leading . or -)",
    })
    .refine((v) => v !== "latest", {
        message: "is mutable by convention; the repositories use immutable tags: deploy a version or commit tag",
    });

const count = z.number().int().min(0).max(1000);
const percent = z.number().gt(0, { message: "must be in (0, 100]" }).lte(100, { message: "must be in (0, 100]" });
const cooldown = z.number().int().min(0).max(3600);

const arn = (service: string, example: string) =>
    z
        .string()
        .regex(new RegExp(`^arn:aws(-[a-z]+)*:${service}:`), { message: `is not a ${service} ARN (e.g. ${example})` });

/** Sizing and counts of one Fargate service. */
const serviceSchema = z
    .object({
        /** Task cpu units; a Fargate value. */
        cpu: z.number().int(),
        /** Task memory in MiB; must pair with cpu in the Fargate table. */
        memory: z.number().int(),
        /** Image tag to run. Unset: bootstrap mode, the service runs 0 tasks until a tag is pushed and set. */
        imageTag: imageTag.optional(),
        /** Tasks at creation (autoscaling owns the count afterwards). Default 2. */
        desiredCount: count.default(2),
        /** Autoscaling floor. Default 2. */
        minCount: count.default(2),
        /** Autoscaling ceiling. Default 10. */
        maxCount: count.default(10),
    })
    .strict()
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

const scalingSchema = z
    .object({
        /** Target-tracking CPU utilisation, percent. Default 70. */
        cpuTargetPercent: percent.default(70),
        /** Target-tracking memory utilisation, percent. Default 80. */
        memoryTargetPercent: percent.default(80),
        /** Seconds between scale-in steps. Default 300. */
        scaleInCooldownSeconds: cooldown.default(300),
        /** Seconds between scale-out steps. Default 300. */
        scaleOutCooldownSeconds: cooldown.default(300),
    })
    .strict();

const capacitySchema = z
    .object({
        /** Relative share of tasks on on-demand FARGATE after the base. Default 70. */
        fargateWeight: z.number().int().min(0).max(CAPACITY_PROVIDER_WEIGHT_MAX).default(70),
        /** Relative share of tasks on FARGATE_SPOT after the base. Default 30. */
        fargateSpotWeight: z.number().int().min(0).max(CAPACITY_PROVIDER_WEIGHT_MAX).default(30),
        /** Tasks always on on-demand FARGATE, so a Spot reclaim never takes a service to zero. Default 1. */
        fargateBase: z.number().int().min(0).max(CAPACITY_PROVIDER_BASE_MAX).default(1),
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
const subnetIds = z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { message: "is not a subnet id" })).min(2);

const networkSchema = z.discriminatedUnion("mode", [
    z
        .object({
            mode: z.literal("create"),
            /** VPC CIDR. Default 10.0.0.0/16 (the seed's subnet plan lives in it). */
            vpcCidr: cidr.default("10.0.0.0/16"),
            /** Two AZs. Default: the first two the region reports. */
            availabilityZones: z
                .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/))
                .length(2)
                .optional(),
        })
        .strict(),
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { message: "is not a VPC id" }),
            vpcCidr: cidr,
            publicSubnetIds: subnetIds,
            appSubnetIds: subnetIds,
            agentSubnetIds: subnetIds,
            dataSubnetIds: subnetIds,
            endpointSecurityGroupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, { message: "is not a security group id" }),
            s3PrefixListId: z.string().regex(/^pl-[0-9a-f]{8,17}$/, { message: "is not a prefix list id" }),
        })
        .strict(),
]);

const edgeSchema = z
    .object({
        /** Put a CloudFront distribution in front; the ALB admits only CloudFront's origin-facing prefix list. Default true. */
        cloudFront: z.boolean().default(true),
        /** Extra CIDRs that may reach the ALB directly (never 0.0.0.0/0 or ::/0). Default none. */
        allowedCidrs: z.array(publicSourceCidr).default([]),
        /** ACM certificate for an HTTPS listener; HTTP then only redirects. Default none. */
        certificateArn: arn("acm", "arn:aws:acm:us-east-1:123456789012:certificate/...").optional(),
        /**
         * With cloudFront and a certificate, CloudFront connects to the ALB over HTTPS and checks the
         * certificate against this name: a DNS name the certificate covers that resolves to the ALB.
         * Required in that case. Default none.
         */
        originDomainName: z
            .string()
            .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
                message: "is not a DNS name",
            })
            .optional(),
        /** TLS policy of the HTTPS listener. Default ELBSecurityPolicy-TLS13-1-2-2021-06. */
        sslPolicy: z
            .string()
            .regex(/^ELBSecurityPolicy-/)
            .default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
    })
    .strict()
    .superRefine((e, ctx) => {
        if (e.cloudFront && e.certificateArn !== undefined && e.originDomainName === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["originDomainName"],
                message:
                    "is required with cloudFront and certificateArn: CloudFront verifies the ALB's certificate " +
                    "against the origin's name, and no certificate covers the ALB's *.elb.amazonaws.com name",
            });
        }
        if (!e.cloudFront && e.allowedCidrs.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["allowedCidrs"],
                message: "is empty and cloudFront is false: nothing could reach the load balancer",
            });
        }
    });

const storageSchema = z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("create") }).strict(),
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            appRepositoryName: z.string().min(2),
            agentRepositoryName: z.string().min(2),
            agentDataBucketName: z
                .string()
                .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "is not an S3 bucket name" }),
        })
        .strict(),
]);

const parametersSchema = z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("create") }).strict(),
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({ mode: z.literal("existing"), kmsKeyArn: arn("kms", "arn:aws:kms:us-east-1:123456789012:key/...") })
        .strict(),
]);

const databaseSchema = z.discriminatedUnion("mode", [
    z
        .object({
            mode: z.literal("create"),
            /** Instance class. Default db.t4g.micro. */
            instanceClass: z
                .string()
                .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/)
                .default("db.t4g.micro"),
            /** Storage in GiB. Default 20. */
            allocatedStorage: z.number().int().min(20).max(65536).default(20),
            /** PostgreSQL major version. Default 16. */
            engineVersion: z
                .string()
                .regex(/^\d+(\.\d+)?$/)
                .default("16"),
            /** Standby in a second AZ. Default: true in prod. */
            multiAz: z.boolean().optional(),
            /** Automated backup days, 1-35. Default 7. */
            backupRetentionDays: z.number().int().min(1).max(35).default(7),
        })
        .strict(),
    z.object({ mode: z.literal("stackReference"), stackReference }).strict(),
    z
        .object({
            mode: z.literal("existing"),
            securityGroupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, { message: "is not a security group id" }),
        })
        .strict(),
]);

const bedrockSchema = z
    .object({
        /** Foundation-model or inference-profile ARNs AgentCore may invoke. */
        modelArns: z.array(arn("bedrock", "arn:aws:bedrock:us-east-1::foundation-model/<id>")).min(1),
        /** Agent-alias ARNs AgentCore may invoke. Default none. */
        agentAliasArns: z
            .array(arn("bedrock", "arn:aws:bedrock:us-east-1:123456789012:agent-alias/<agent>/<alias>"))
            .default([]),
    })
    .strict();

/** Every key under the `ecs-platform:` namespace. */
export const platformConfigSchema = z
    .object({
        /** dev, test or prod: decides protection, deletion protection and Multi-AZ defaults. */
        environment: z.enum(ENVIRONMENTS),
        bff: serviceSchema,
        agentcore: serviceSchema,
        scaling: scalingSchema.default(scalingSchema.parse({})),
        capacity: capacitySchema.default(capacitySchema.parse({})),
        /** CloudWatch Logs retention of both service log groups. Default 7. */
        logRetentionDays: z
            .number()
            .int()
            .refine((d) => LOG_RETENTION_DAYS.includes(d), {
                message: `is not a CloudWatch Logs retention; allowed: ${LOG_RETENTION_DAYS.join(", ")}`,
            })
            .default(7),
        network: networkSchema.default({ mode: "create", vpcCidr: "10.0.0.0/16" }),
        edge: edgeSchema.default(edgeSchema.parse({})),
        storage: storageSchema.default({ mode: "create" }),
        parameters: parametersSchema.default({ mode: "create" }),
        database: databaseSchema.default(databaseSchema.parse({ mode: "create" })),
        bedrock: bedrockSchema,
        /** Email subscribed to the alarm topic. Default none (subscribe later). */
        alarmEmail: z.email().optional(),
        /** Protect stateful resources (database, bucket, repositories, log groups) from deletion. Default: true in prod. */
        protectStatefulResources: z.boolean().optional(),
    })
    .strict();

/** The raw shape a stack file may hold (before defaults). */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
/** The validated configuration with every default resolved. */
export type PlatformConfig = z.output<typeof platformConfigSchema> & {
    readonly stack: string;
    readonly region: string;
    /** True when stateful resources are protected (default: prod). */
    readonly protect: boolean;
};
export type ServiceConfig = z.output<typeof serviceSchema>;
export type NetworkConfig = z.output<typeof networkSchema>;
export type EdgeConfig = z.output<typeof edgeSchema>;
export type StorageConfig = z.output<typeof storageSchema>;
export type ParametersConfig = z.output<typeof parametersSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type BedrockConfig = z.output<typeof bedrockSchema>;
export type ScalingConfig = z.output<typeof scalingSchema>;
export type CapacityConfig = z.output<typeof capacitySchema>;

/** The top-level keys of the namespace, for the unknown-key check. */
export const PLATFORM_CONFIG_KEYS: readonly string[] = Object.keys(platformConfigSchema.shape);
