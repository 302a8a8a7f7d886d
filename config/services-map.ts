/**
 * The `ecs-platform:services` map: its names, the rules across its entries, and each entry resolved
 * against the stack-level settings it may override (scaling, rollout, alarms).
 *
 * Names become parts of AWS names, so a name must fit the strictest of them: the alternate target
 * group a traffic-shifting http service gets is autonamed `<name>-tg-alt-<7 hex>` within the
 * 32 characters ELB allows, which leaves 17 (policy-pack/lib/limits/names.ts has both numbers).
 */
import { z } from "zod";
import { AUTONAME_SUFFIX_LENGTH, TARGET_GROUP_NAME_MAX } from "../policy-pack/lib/limits/names";
import { SECURITY_GROUP_TEXT } from "../policy-pack/lib/limits/security-groups";
import { nearest } from "./describe";
import type { KeyedIssue } from "./describe";
import { AlarmThresholds, alarmIssues, resolveAlarms } from "./alarm-thresholds";
import { deploymentIssues, DiscoveryMode, resolveRollout, ServiceRollout } from "./deployment";
import {
    CpuArchitecture,
    ParsedServiceEntry,
    ScalingOverrides,
    serviceEntrySchema,
    ServiceGrants,
    ServiceKind,
    ServiceSecret,
    SUBNET_TIER_OF_KIND,
} from "./service-entry";
import { derivedPriorities, pathPatternOverlaps } from "./listener-rules";
import { platformVariables } from "./service-environment";
import type { Schedule } from "./scaling-schedules";
import { scalingIssues } from "./scaling-rules";
import { queueGrantIssues, QueueSettings } from "./service-queue";

/** The suffix of the longest autonamed resource a service gets (its alternate target group). */
const LONGEST_SUFFIX = "-tg-alt";
export const SERVICE_NAME_MAX_LENGTH = TARGET_GROUP_NAME_MAX - LONGEST_SUFFIX.length - AUTONAME_SUFFIX_LENGTH;
/** A DNS label: lower-case letters and digits, single hyphens between them, starting with a letter. */
export const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Names a service may not take, and why: each would make two resources share a logical name (the
 * security-group rules are named `<from>-to-<to>`, with alb, endpoints, database and s3 as the
 * fixed peers) or two nodes of the plan's reachability matrix share a label.
 */
export const RESERVED_SERVICE_NAMES: Readonly<Record<string, string>> = {
    alb: "the load balancer's security-group rules are named alb-to-<service>",
    endpoints: "the VPC endpoints' rules are named <service>-to-endpoints",
    database: "the database rules are named <service>-to-database",
    s3: "the S3 prefix-list rules are named <service>-to-s3",
    internet: "a node of the plan's reachability matrix",
    cloudfront: "a node of the plan's reachability matrix",
    rds: "a node of the plan's reachability matrix",
};

const serviceName = z
    .string()
    .max(SERVICE_NAME_MAX_LENGTH, {
        message: `is too long; allowed: at most ${SERVICE_NAME_MAX_LENGTH} characters (the alternate target group's autoname <name>${LONGEST_SUFFIX}-xxxxxxx must fit ELB's ${TARGET_GROUP_NAME_MAX})`,
    })
    .regex(SERVICE_NAME, {
        message: "is not a DNS label (a-z, 0-9 and single hyphens, starting with a letter; e.g. orders-api)",
    })
    .refine((n) => !n.includes("-to-"), {
        message: 'contains "-to-", which the security-group rule names use as a separator',
    })
    .superRefine((n, ctx) => {
        const why = RESERVED_SERVICE_NAMES[n];
        if (why !== undefined) ctx.addIssue({ code: "custom", message: `is reserved (${why}); choose another name` });
    });

export const servicesSchema = z
    .record(serviceName, serviceEntrySchema)
    .refine((m) => Object.keys(m).length > 0, { message: "is empty; declare at least one service (docs/services.md)" });

export type ParsedServices = z.output<typeof servicesSchema>;

/** Target tracking of one service, every key resolved. */
export interface ResolvedScaling {
    readonly cpuTargetPercent: number;
    readonly memoryTargetPercent: number;
    readonly scaleInCooldownSeconds: number;
    readonly scaleOutCooldownSeconds: number;
    /** ALBRequestCountPerTarget target (http, rolling only); none when unset. */
    readonly requestsPerTarget?: number;
    readonly schedules: readonly Schedule[];
    readonly timeZone: string;
}

interface ResolvedCommon {
    readonly name: string;
    readonly displayName: string;
    readonly cpu: number;
    readonly memory: number;
    readonly cpuArchitecture: CpuArchitecture;
    /** ECS Exec into the tasks. */
    readonly exec: boolean;
    /** The stack's tracing (`tracing.enabled`): a collector beside the service's container. */
    readonly tracing: boolean;
    readonly imageTag?: string;
    readonly desiredCount: number;
    readonly minCount: number;
    readonly maxCount: number;
    readonly repository: string;
    readonly calls: readonly string[];
    readonly database: boolean;
    readonly grants: ServiceGrants;
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: Readonly<Record<string, ServiceSecret>>;
    readonly scaling: ResolvedScaling;
    readonly rollout: ServiceRollout;
    readonly alarms: AlarmThresholds;
    /** The subnets its tasks run in (by kind). */
    readonly subnetTier: "app" | "agent";
    /** Written once: EC2 replaces a group whose description changes. */
    readonly securityGroupDescription: string;
}

/** A service with every default resolved, in the order of the map. */
export type ResolvedService =
    | (ResolvedCommon & {
          readonly kind: "http";
          readonly port: number;
          readonly healthCheckPath: string;
          readonly pathPatterns: readonly string[];
          readonly listenerRulePriority: number;
      })
    | (ResolvedCommon & {
          readonly kind: "internal";
          readonly port: number;
          readonly healthCheckPath: string;
          readonly discoveryName: string;
      })
    | (ResolvedCommon & {
          readonly kind: "worker";
          /** Its work queue, when the entry has one. */
          readonly queue?: QueueSettings;
      });

/** What the rules and the resolution need of the rest of the stack's configuration. */
export interface ServicesContext {
    readonly environment: "dev" | "test" | "prod";
    readonly discovery: DiscoveryMode;
    readonly scaling: ResolvedScaling;
    /** `tracing.enabled`. */
    readonly tracing: boolean;
    /** `exec.enabled`: Exec for services that set no `exec`. */
    readonly execEnabled: boolean;
    /** `scaling.schedules`: the scheduled actions of services that set none. */
    readonly schedules: readonly Schedule[];
    /** `ecs-platform:runtime.cpuArchitecture`: the architecture of services that set none. */
    readonly cpuArchitecture: CpuArchitecture;
    readonly alarms: AlarmThresholds;
    /** The keys of `deployment.alarms` the stack file sets (default: all of `alarms`). */
    readonly alarmsSet?: Partial<AlarmThresholds>;
    /** Whether the stack names any Bedrock model, profile or agent a `grants.bedrock` could use. */
    readonly bedrockConfigured: boolean;
    /** With `storage.mode: existing`, the repository keys `storage.repositoryNames` names. */
    readonly existingRepositoryKeys?: readonly string[];
}

const at = (name: string, ...rest: (string | number)[]) => ["services", name, ...rest];

/** The discovery label of an internal entry. */
export const discoveryNameOf = (name: string, e: ParsedServiceEntry): string | undefined =>
    e.kind === "internal" ? (e.discoveryName ?? name) : undefined;

/** Rules across the entries, and against the stack's other keys. */
export function servicesIssues(services: ParsedServices, ctx: ServicesContext): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    const names = Object.keys(services);
    const add = (path: (string | number)[], message: string) => issues.push({ path, message });

    for (const [name, e] of Object.entries(services)) {
        const reach = { loadBalanced: e.kind === "http" };
        issues.push(...deploymentIssues(ctx.environment, ctx.discovery, at(name, "deployment"), e.deployment, reach));
        issues.push(...alarmIssues(at(name, "alarms"), resolveAlarms(ctx.alarms, e.alarms), e.alarms));
        e.calls.forEach((callee, i) => {
            const target = services[callee];
            if (callee === name) {
                add(
                    at(name, "calls", i),
                    "is the service itself; a service needs no rule to reach its own tasks: remove it",
                );
            } else if (target === undefined) {
                const guess = nearest(callee, names);
                add(
                    at(name, "calls", i),
                    `names no service of the map;${guess ? ` did you mean ${guess}?` : ""} allowed: ${names.filter((n) => n !== name).join(", ")}`,
                );
            } else if (target.kind !== "internal") {
                add(
                    at(name, "calls", i),
                    `names ${callee}, a ${target.kind} service, which has no name to call (${target.kind === "http" ? "it is reached through the ALB" : "it takes no inbound connections"}); allowed: services of kind internal`,
                );
            } else if (e.calls.indexOf(callee) < i) {
                add(at(name, "calls", i), `repeats ${callee} (already at [${e.calls.indexOf(callee)}])`);
            }
        });
        issues.push(...scalingIssues(name, e, ctx, at(name, "scaling")));
        if (e.grants.bedrock && !ctx.bedrockConfigured) {
            add(
                at(name, "grants", "bedrock"),
                "asks for Bedrock, but ecs-platform:bedrock names no model, inference profile or agent to invoke; add one there (e.g. inferenceProfileIds: [us.anthropic.claude-sonnet-4-6]) or remove the grant",
            );
        }
        const platform = new Set(platformVariables(e));
        for (const envVar of Object.keys(e.environment)) {
            if (platform.has(envVar)) {
                add(
                    at(name, "environment", envVar),
                    "is set by the platform for this service; remove it (docs/services.md#environment)",
                );
            }
        }
        for (const envVar of Object.keys(e.secrets)) {
            if (platform.has(envVar) || envVar in e.environment) {
                add(
                    at(name, "secrets", envVar),
                    `is also ${platform.has(envVar) ? "set by the platform" : "in environment"}; one variable, one source: rename or remove one`,
                );
            }
        }
        const repository = e.repository ?? name;
        if (ctx.existingRepositoryKeys && !ctx.existingRepositoryKeys.includes(repository)) {
            add(
                at(name, e.repository === undefined ? "kind" : "repository"),
                `takes its image from repository key ${JSON.stringify(repository)}, which storage.repositoryNames does not name; add ${repository}: <repository name> there (allowed keys so far: ${ctx.existingRepositoryKeys.join(", ") || "none"})`,
            );
        }
        if (e.securityGroupDescription !== undefined && !SECURITY_GROUP_TEXT.test(e.securityGroupDescription)) {
            add(at(name, "securityGroupDescription"), "has characters EC2 refuses in a group description");
        }
    }

    issues.push(...alarmIssues(["deployment", "alarms"], ctx.alarms, ctx.alarmsSet ?? ctx.alarms));
    issues.push(...cycleIssues(services));
    issues.push(...queueGrantIssues(services));
    issues.push(...discoveryIssues(services));
    issues.push(...prefixIssues(services));
    for (const o of pathPatternOverlaps(services)) add(at(o.service, "pathPatterns", o.index), o.message);
    for (const c of derivedPriorities(services).collisions) add(at(c.service, "listenerRulePriority"), c.message);
    return issues;
}

/** A cycle of calls: each service waits on the next, so one slow service can starve all of them. */
function cycleIssues(services: ParsedServices): KeyedIssue[] {
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const found: KeyedIssue[] = [];
    const visit = (name: string): void => {
        state.set(name, "open");
        stack.push(name);
        for (const callee of services[name]?.calls ?? []) {
            if (callee === name || services[callee] === undefined) continue;
            if (state.get(callee) === "open") {
                const cycle = [...stack.slice(stack.indexOf(callee)), callee];
                found.push({
                    path: at(name, "calls", services[name].calls.indexOf(callee)),
                    message:
                        `closes the cycle ${cycle.join(" -> ")}: synchronous calls in a loop can hold every service's ` +
                        `connections waiting on each other; break it (e.g. a queue for the way back)`,
                });
            } else if (state.get(callee) === undefined) visit(callee);
        }
        stack.pop();
        state.set(name, "done");
    };
    for (const name of Object.keys(services)) if (!state.has(name)) visit(name);
    return found;
}

/** Two internal services under one name: Cloud Map refuses the second ("ServiceAlreadyExists"). */
function discoveryIssues(services: ParsedServices): KeyedIssue[] {
    const seen = new Map<string, string>();
    const issues: KeyedIssue[] = [];
    for (const [name, e] of Object.entries(services)) {
        const label = discoveryNameOf(name, e);
        if (label === undefined) continue;
        const other = seen.get(label);
        if (other !== undefined) {
            issues.push({
                path: at(name, e.kind === "internal" && e.discoveryName !== undefined ? "discoveryName" : "kind"),
                message: `is reached as ${label}, like ${other}; a Cloud Map name is unique in its namespace: set a distinct discoveryName`,
            });
        } else seen.set(label, name);
    }
    return issues;
}

/** Data prefixes of two services that nest: one could read and overwrite the other's objects. */
function prefixIssues(services: ParsedServices): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    const granted = Object.entries(services).flatMap(([n, e]) =>
        e.grants.s3Prefix ? [[n, e.grants.s3Prefix] as const] : [],
    );
    granted.forEach(([name, prefix], i) => {
        const clash = granted.slice(0, i).find(([, p]) => p.startsWith(prefix) || prefix.startsWith(p));
        if (clash) {
            issues.push({
                path: at(name, "grants", "s3Prefix"),
                message: `overlaps ${clash[0]}'s prefix ${JSON.stringify(clash[1])}; each service keeps its own data: choose a prefix neither contains`,
            });
        }
    });
    return issues;
}

/** Each entry with the stack's settings it does not override and every derived value. */
export function resolveServices(services: ParsedServices, ctx: ServicesContext): ResolvedService[] {
    const priorities = derivedPriorities(services).byService;
    return Object.entries(services).map(([name, e]) => {
        const common: ResolvedCommon = {
            name,
            displayName: e.displayName ?? name,
            cpu: e.cpu,
            memory: e.memory,
            cpuArchitecture: e.cpuArchitecture ?? ctx.cpuArchitecture,
            exec: e.exec ?? ctx.execEnabled,
            tracing: ctx.tracing,
            imageTag: e.imageTag,
            desiredCount: e.desiredCount,
            minCount: e.minCount,
            maxCount: e.maxCount,
            repository: e.repository ?? name,
            calls: e.calls,
            database: e.database,
            grants: e.grants,
            environment: e.environment,
            secrets: e.secrets,
            scaling: resolveScaling(ctx.scaling, e.scaling),
            rollout: resolveRollout(ctx.environment, e.deployment, { loadBalanced: e.kind === "http" }),
            alarms: resolveAlarms(ctx.alarms, e.alarms),
            subnetTier: SUBNET_TIER_OF_KIND[e.kind],
            securityGroupDescription: e.securityGroupDescription ?? defaultGroupDescription(name),
        };
        switch (e.kind) {
            case "http":
                return {
                    ...common,
                    kind: e.kind,
                    port: e.port,
                    healthCheckPath: e.healthCheckPath,
                    pathPatterns: e.pathPatterns,
                    listenerRulePriority: priorities.get(name) as number,
                };
            case "internal":
                return {
                    ...common,
                    kind: e.kind,
                    port: e.port,
                    healthCheckPath: e.healthCheckPath,
                    discoveryName: e.discoveryName ?? name,
                };
            case "worker":
                return { ...common, kind: e.kind, ...(e.queue ? { queue: e.queue } : {}) };
        }
    });
}

/**
 * The default description names the service only: EC2 replaces a group whose description changes,
 * so a default that listed the callees or the database would replace a running service's group
 * each time its `calls` changed. The rules say what the group admits and calls.
 */
function defaultGroupDescription(name: string): string {
    return `ecs-platform service ${name}: its tasks; the rules of this group say what it admits and calls`;
}

function resolveScaling(stack: ResolvedScaling, o: ScalingOverrides): ResolvedScaling {
    return {
        cpuTargetPercent: o.cpuTargetPercent ?? stack.cpuTargetPercent,
        memoryTargetPercent: o.memoryTargetPercent ?? stack.memoryTargetPercent,
        scaleInCooldownSeconds: o.scaleInCooldownSeconds ?? stack.scaleInCooldownSeconds,
        scaleOutCooldownSeconds: o.scaleOutCooldownSeconds ?? stack.scaleOutCooldownSeconds,
        ...(o.requestsPerTarget !== undefined ? { requestsPerTarget: o.requestsPerTarget } : {}),
        schedules: o.schedules ?? stack.schedules,
        timeZone: stack.timeZone,
    };
}

export type { ServiceKind };
