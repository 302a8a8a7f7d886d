/**
 * Values AWS accepts at deploy time, kept in one place so the program's config validation, the
 * policy pack and the offline plan's limits lint all judge against the same table. Each block
 * names its source; see ../../shared/reference/ecs-facts.md for the citations.
 */
import { field, fieldPath, parseContainerDefinitions } from "./container-definitions";
import { asList, asNumber, at, UNKNOWN } from "./known-values";

/** Fargate (Linux) task cpu units -> allowed task memory in MiB. ECS DG "task-cpu-memory-error". */
export const FARGATE_CPU_MEMORY: Readonly<Record<number, readonly number[]>> = Object.freeze({
    256: [512, 1024, 2048],
    512: [1024, 2048, 3072, 4096],
    1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
    2048: steps(4096, 16384, 1024),
    4096: steps(8192, 30720, 1024),
    8192: steps(16384, 61440, 4096),
    16384: steps(32768, 122880, 8192),
});

/** Task cpu values Fargate offers, ascending. */
export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_CPU_MEMORY)
    .map(Number)
    .sort((a, b) => a - b);

/** True when AWS accepts this task-level cpu/memory pair on Fargate. */
export function isValidFargateSize(cpu: number, memory: number): boolean {
    return (FARGATE_CPU_MEMORY[cpu] ?? []).includes(memory);
}

/** Retention periods CloudWatch Logs offers (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Maximum stopTimeout on Fargate, seconds (ECS task definition parameters). */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;

/** Application Auto Scaling and capacity-provider ranges (ECS API CapacityProviderStrategyItem). */
export const CAPACITY_PROVIDER_WEIGHT_MAX = 1000;
export const CAPACITY_PROVIDER_BASE_MAX = 100000;

function steps(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
}

/* ------------------------------------------------------------------------------------------------
 * Deploy-time limits by resource type: what AWS (or Pulumi's autonaming) rejects when the resource
 * is created. One table-driven API for the policy pack (limits.ts) and the offline plan. Sources:
 * the AWS API references of each Create* call (quoted in ../../shared/reference/ecs-facts.md where
 * the ECS/ELB ones are); the name rules are the documented constraints of each API.
 * --------------------------------------------------------------------------------------------- */

/** "error": AWS or Pulumi rejects it at deploy time. "warning": accepted, but likely a mistake. */
export type LimitSeverity = "error" | "warning";

export interface LimitFinding {
    readonly resourceUrn?: string;
    readonly type: string;
    /** Property path, e.g. `healthCheck.timeout` or `containerDefinitions[0].stopTimeout`. */
    readonly property: string;
    /** Says what is wrong and what is allowed; never quotes a string property value. */
    readonly message: string;
    readonly severity: LimitSeverity;
}

export interface LimitEvaluation {
    readonly findings: readonly LimitFinding[];
    /** Properties a check needed that are unknown (preview); those checks were skipped. */
    readonly unknownProperties: readonly string[];
}

/** Pulumi autonaming appends "-" and 7 random hex characters to the resource's logical name. */
export const AUTONAME_SUFFIX_LENGTH = 8;
/** A `namePrefix`/`bucketPrefix` gets a 26-character unique id appended by the provider. */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

/** Container health check ranges (ECS HealthCheck API). */
export const CONTAINER_HEALTH_CHECK = {
    interval: [5, 300],
    timeout: [2, 60],
    retries: [1, 10],
    startPeriod: [0, 300],
} as const;

/** ELB target group ranges (ELBv2 CreateTargetGroup / ModifyTargetGroupAttributes). */
export const TARGET_GROUP_LIMITS = {
    interval: [5, 300],
    timeout: [2, 120],
    healthyThreshold: [2, 10],
    unhealthyThreshold: [2, 10],
    deregistrationDelay: [0, 3600],
    slowStart: [30, 900],
} as const;

/** Fargate Spot interruption notice, seconds: draining longer than this is cut short. */
export const FARGATE_SPOT_NOTICE_SECONDS = 120;

export const CONTAINER_INSIGHTS_VALUES: readonly string[] = ["enabled", "enhanced", "disabled"];

/** How a resource type's physical name is constrained. */
export interface NameRule {
    /** The input holding the name. */
    readonly property: string;
    /** The input holding a name prefix the provider completes, if the type has one. */
    readonly prefixProperty?: string;
    readonly min: number;
    readonly max: number;
    /** Whole-name character set, and how to say it. */
    readonly charset: RegExp;
    readonly charsetText: string;
    /** Further rules: each returns a message when broken. */
    readonly extra?: readonly ((name: string) => string | undefined)[];
    /** Whether Pulumi autonames the property when it is absent (false: the input is required). */
    readonly autonamed: boolean;
    /** pulumi-aws lowercases these autonames (S3 buckets). */
    readonly lowercaseAutoname?: boolean;
}

const noEdgeHyphen = (n: string) => (/^-|-$/.test(n) ? "must not begin or end with a hyphen" : undefined);
const ELB_NAME_CHARS = { charset: /^[A-Za-z0-9-]+$/, charsetText: "letters, digits and hyphens" };
const IAM_NAME_CHARS = { charset: /^[\w+=,.@-]+$/, charsetText: "letters, digits and +=,.@_-" };
const ECS_NAME_CHARS = { charset: /^[A-Za-z0-9_-]+$/, charsetText: "letters, digits, hyphens and underscores" };
/** EC2-VPC security group names, descriptions and rule descriptions (CreateSecurityGroup). */
export const SECURITY_GROUP_TEXT = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const SG_TEXT_RULE = "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*";

const S3_RESERVED: readonly [RegExp, string][] = [
    [/^xn--/, 'must not begin with "xn--"'],
    [/^sthree-/, 'must not begin with "sthree-"'],
    [/^amzn-s3-demo-/, 'must not begin with "amzn-s3-demo-"'],
    [/-s3alias$/, 'must not end with "-s3alias"'],
    [/--ol-s3$/, 'must not end with "--ol-s3"'],
    [/\.mrap$/, 'must not end with ".mrap"'],
    [/--x-s3$/, 'must not end with "--x-s3"'],
    [/--table-s3$/, 'must not end with "--table-s3"'],
];

const LB_RULE: NameRule = {
    property: "name",
    prefixProperty: "namePrefix",
    min: 1,
    max: 32,
    ...ELB_NAME_CHARS,
    extra: [noEdgeHyphen, (n) => (/^internal-/.test(n) ? 'must not begin with "internal-"' : undefined)],
    autonamed: true,
};
const TARGET_GROUP_RULE: NameRule = {
    property: "name",
    prefixProperty: "namePrefix",
    min: 1,
    max: 32,
    ...ELB_NAME_CHARS,
    extra: [noEdgeHyphen],
    autonamed: true,
};
const BUCKET_RULE: NameRule = {
    property: "bucket",
    prefixProperty: "bucketPrefix",
    min: 3,
    max: 63,
    charset: /^[a-z0-9.-]+$/,
    charsetText: "lowercase letters, digits, dots and hyphens",
    extra: [
        (n) => (/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(n) ? undefined : "must begin and end with a letter or digit"),
        (n) => (n.includes("..") ? "must not contain two adjacent dots" : undefined),
        (n) => (/^\d{1,3}(\.\d{1,3}){3}$/.test(n) ? "must not look like an IP address" : undefined),
        ...S3_RESERVED.map(
            ([re, text]) =>
                (n: string) =>
                    re.test(n) ? text : undefined,
        ),
    ],
    autonamed: true,
    lowercaseAutoname: true,
};

/** Name rules by type token. */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
    "aws:lb/loadBalancer:LoadBalancer": LB_RULE,
    "aws:alb/loadBalancer:LoadBalancer": LB_RULE,
    "aws:lb/targetGroup:TargetGroup": TARGET_GROUP_RULE,
    "aws:alb/targetGroup:TargetGroup": TARGET_GROUP_RULE,
    "aws:iam/role:Role": {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 64,
        ...IAM_NAME_CHARS,
        autonamed: true,
    },
    "aws:iam/policy:Policy": {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 128,
        ...IAM_NAME_CHARS,
        autonamed: true,
    },
    "aws:iam/rolePolicy:RolePolicy": {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 128,
        ...IAM_NAME_CHARS,
        autonamed: true,
    },
    "aws:ecs/cluster:Cluster": { property: "name", min: 1, max: 255, ...ECS_NAME_CHARS, autonamed: true },
    "aws:ecs/service:Service": { property: "name", min: 1, max: 255, ...ECS_NAME_CHARS, autonamed: true },
    "aws:ecs/taskDefinition:TaskDefinition": {
        property: "family",
        min: 1,
        max: 255,
        ...ECS_NAME_CHARS,
        autonamed: false,
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 512,
        charset: /^[.\-_/#A-Za-z0-9]+$/,
        charsetText: "letters, digits and ._-/#",
        extra: [(n) => (/^aws\//.test(n) ? 'must not begin with "aws/" (reserved for AWS)' : undefined)],
        autonamed: true,
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 255,
        charset: SECURITY_GROUP_TEXT,
        charsetText: SG_TEXT_RULE,
        extra: [(n) => (/^sg-/.test(n) ? 'must not begin with "sg-"' : undefined)],
        autonamed: true,
    },
    "aws:s3/bucket:Bucket": BUCKET_RULE,
    "aws:s3/bucketV2:BucketV2": BUCKET_RULE,
    "aws:ecr/repository:Repository": {
        property: "name",
        min: 2,
        max: 256,
        charset: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        charsetText: "lowercase path segments of letters and digits separated by single . _ or -",
        autonamed: true,
    },
};

/** Task-level cpu in units: a number, "1024", or "1 vCPU"/"0.25 vcpu". */
export function parseTaskCpu(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value !== "string") return undefined;
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(vcpu)?\s*$/i.exec(value);
    if (!m) return undefined;
    return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

/** Task-level memory in MiB: a number, "2048", or "2 GB"/"2GB". */
export function parseTaskMemory(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value !== "string") return undefined;
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(gb)?\s*$/i.exec(value);
    if (!m) return undefined;
    return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

/** Evaluates every deploy-time limit this table knows for one resource's inputs. */
export function evaluateResourceLimits(
    type: string,
    props: Record<string, unknown>,
    name: string,
    resourceUrn?: string,
): LimitEvaluation {
    const ctx = new LimitContext(type, props, name, resourceUrn);
    const rule = NAME_RULES[type];
    if (rule) checkName(ctx, rule);
    for (const check of TYPE_CHECKS[type] ?? []) check(ctx);
    return { findings: ctx.findings, unknownProperties: ctx.unknownProperties };
}

/** The findings of `evaluateResourceLimits` (checks needing unknown values are skipped). */
export function checkResourceLimits(
    type: string,
    props: Record<string, unknown>,
    name: string,
    resourceUrn?: string,
): LimitFinding[] {
    return [...evaluateResourceLimits(type, props, name, resourceUrn).findings];
}

/** Collects findings for one resource and reads its (possibly proxied) inputs safely. */
class LimitContext {
    readonly findings: LimitFinding[] = [];
    readonly unknownProperties: string[] = [];

    constructor(
        readonly type: string,
        readonly props: Record<string, unknown>,
        readonly name: string,
        readonly urn?: string,
    ) {}

    /** The value at a dotted path; unknowns are noted and returned as UNKNOWN. */
    value(path: string, from: unknown = this.props, label = path): unknown {
        const v = at(from, ...path.split("."));
        if (v === UNKNOWN) this.unknown(label);
        return v;
    }

    /** A number at a path; unknown/absent/non-numeric give undefined (non-numeric is an error). */
    number(path: string, from: unknown = this.props, label = path): number | undefined {
        const v = this.value(path, from, label);
        if (v === UNKNOWN || v === undefined || v === null) return undefined;
        const n = asNumber(v);
        if (n === undefined) this.error(label, "is not a number.");
        return n;
    }

    /** Reports a number at `path` outside [min, max]. */
    range(path: string, min: number, max: number, from: unknown = this.props, label = path): number | undefined {
        const n = this.number(path, from, label);
        if (n !== undefined && (n < min || n > max)) this.error(label, `is ${n}; allowed ${min}-${max}.`);
        return n;
    }

    unknown(property: string): void {
        if (!this.unknownProperties.includes(property)) this.unknownProperties.push(property);
    }

    error(property: string, message: string): void {
        this.add(property, message, "error");
    }

    warn(property: string, message: string): void {
        this.add(property, message, "warning");
    }

    private add(property: string, message: string, severity: LimitSeverity): void {
        this.findings.push({ resourceUrn: this.urn, type: this.type, property, message, severity });
    }
}

type Check = (ctx: LimitContext) => void;

function checkName(ctx: LimitContext, rule: NameRule): void {
    const given = ctx.value(rule.property);
    if (given === UNKNOWN) return;
    if (given !== undefined && given !== null) {
        if (typeof given !== "string") return ctx.error(rule.property, "is not a string.");
        return judgeName(ctx, rule, given, "");
    }
    const prefix = rule.prefixProperty ? ctx.value(rule.prefixProperty) : undefined;
    if (prefix === UNKNOWN) return;
    if (typeof prefix === "string" && rule.prefixProperty) {
        const total = prefix.length + NAME_PREFIX_SUFFIX_LENGTH;
        if (total > rule.max) {
            ctx.error(
                rule.prefixProperty,
                `is ${prefix.length} characters; with the ${NAME_PREFIX_SUFFIX_LENGTH}-character id the provider appends the name would be ${total}, over the maximum of ${rule.max}.`,
            );
        }
        if (!rule.charset.test(prefix)) ctx.error(rule.prefixProperty, `may contain only ${rule.charsetText}.`);
        return;
    }
    if (!rule.autonamed) return ctx.error(rule.property, "is required.");
    // Worst case of Pulumi's autoname: logical name + "-" + 7 random hex characters.
    const base = rule.lowercaseAutoname ? ctx.name.toLowerCase() : ctx.name;
    judgeName(
        ctx,
        rule,
        `${base}-0a1b2c3`,
        ` (autonamed from the resource name plus "-" and 7 random characters; set \`${rule.property}\` or shorten the resource name)`,
    );
}

function judgeName(ctx: LimitContext, rule: NameRule, name: string, how: string): void {
    const p = rule.property;
    if (name.length > rule.max)
        ctx.error(p, `would be ${name.length} characters, over the maximum of ${rule.max}${how}.`);
    else if (name.length < rule.min)
        ctx.error(p, `is ${name.length} characters, under the minimum of ${rule.min}${how}.`);
    if (!rule.charset.test(name)) ctx.error(p, `may contain only ${rule.charsetText}${how}.`);
    for (const extra of rule.extra ?? []) {
        const broken = extra(name);
        if (broken) ctx.error(p, `${broken}${how}.`);
    }
}

const targetGroupChecks: Check[] = [
    (ctx) => {
        const L = TARGET_GROUP_LIMITS;
        const interval = ctx.range("healthCheck.interval", ...L.interval);
        const timeout = ctx.range("healthCheck.timeout", ...L.timeout);
        ctx.range("healthCheck.healthyThreshold", ...L.healthyThreshold);
        ctx.range("healthCheck.unhealthyThreshold", ...L.unhealthyThreshold);
        if (interval !== undefined && timeout !== undefined && timeout >= interval) {
            ctx.error("healthCheck.timeout", `is ${timeout}; it must be smaller than the interval (${interval}).`);
        }
        const delay = ctx.range("deregistrationDelay", ...L.deregistrationDelay);
        if (delay !== undefined && delay > FARGATE_SPOT_NOTICE_SECONDS) {
            ctx.warn(
                "deregistrationDelay",
                `is ${delay} s; Fargate Spot tasks get ${FARGATE_SPOT_NOTICE_SECONDS} s notice, so draining would be cut short.`,
            );
        }
        const slowStart = ctx.number("slowStart");
        if (slowStart !== undefined && slowStart !== 0 && (slowStart < L.slowStart[0] || slowStart > L.slowStart[1])) {
            ctx.error("slowStart", `is ${slowStart}; allowed 0 (off) or ${L.slowStart[0]}-${L.slowStart[1]}.`);
        }
    },
];

/** Capacity provider strategy rules (ECS CapacityProviderStrategyItem and CreateService). */
function checkStrategy(ctx: LimitContext, property: string): void {
    const raw = ctx.value(property);
    if (raw === UNKNOWN || !Array.isArray(raw) || raw.length === 0) return;
    let withBase = 0;
    let positiveWeights = 0;
    raw.forEach((item, i) => {
        const label = `${property}[${i}]`;
        const base = ctx.range("base", 0, CAPACITY_PROVIDER_BASE_MAX, item, `${label}.base`);
        const weight = ctx.range("weight", 0, CAPACITY_PROVIDER_WEIGHT_MAX, item, `${label}.weight`);
        if (base !== undefined && base > 0) withBase++;
        if (weight !== undefined && weight > 0) positiveWeights++;
        if (at(item, "weight") === UNKNOWN) positiveWeights++;
    });
    if (withBase > 1) ctx.error(property, "gives a base to more than one capacity provider; only one may have a base.");
    if (positiveWeights === 0)
        ctx.error(property, "has no capacity provider with a weight above 0 (the API default is 0).");
}

const serviceChecks: Check[] = [
    (ctx) => {
        ctx.range("desiredCount", 0, Number.MAX_SAFE_INTEGER);
        ctx.range("deploymentMinimumHealthyPercent", 0, 100);
        ctx.range("healthCheckGracePeriodSeconds", 0, 2147483647);
        const launchType = ctx.value("launchType");
        const strategies = ctx.value("capacityProviderStrategies");
        if (typeof launchType === "string" && Array.isArray(strategies) && strategies.length > 0) {
            ctx.error("launchType", "conflicts with capacityProviderStrategies; set only one.");
        }
        checkStrategy(ctx, "capacityProviderStrategies");
    },
];

const taskDefinitionChecks: Check[] = [
    (ctx) => {
        const compat = ctx.value("requiresCompatibilities");
        if (compat === UNKNOWN) return;
        const fargate = asList(compat).includes("FARGATE");
        const mode = ctx.value("networkMode");
        if (fargate && mode !== UNKNOWN && mode !== "awsvpc") {
            ctx.error("networkMode", "must be awsvpc for FARGATE.");
        }
        const cpuRaw = ctx.value("cpu");
        const memoryRaw = ctx.value("memory");
        const cpu = parseTaskCpu(cpuRaw);
        const memory = parseTaskMemory(memoryRaw);
        if (cpuRaw !== UNKNOWN && cpuRaw !== undefined && cpu === undefined) ctx.error("cpu", "is not a cpu value.");
        if (memoryRaw !== UNKNOWN && memoryRaw !== undefined && memory === undefined)
            ctx.error("memory", "is not a memory value.");
        if (fargate) {
            if (cpuRaw === undefined) ctx.error("cpu", "is required for FARGATE.");
            if (memoryRaw === undefined) ctx.error("memory", "is required for FARGATE.");
            if (cpu !== undefined && memory !== undefined && !isValidFargateSize(cpu, memory)) {
                const allowed = FARGATE_CPU_MEMORY[cpu];
                ctx.error(
                    "memory",
                    allowed
                        ? `${memory} MiB is not valid with cpu ${cpu}; allowed: ${allowed.join(", ")}.`
                        : `cpu ${cpu} is not a Fargate size; allowed: ${FARGATE_CPU_VALUES.join(", ")}.`,
                );
            }
        }
        checkContainers(ctx, { fargate, awsvpc: mode === "awsvpc" || fargate, cpu, memory });
    },
];

interface TaskShape {
    readonly fargate: boolean;
    readonly awsvpc: boolean;
    readonly cpu?: number;
    readonly memory?: number;
}

function checkContainers(ctx: LimitContext, task: TaskShape): void {
    const parsed = parseContainerDefinitions(at(ctx.props, "containerDefinitions"));
    if (parsed.kind === "unknown") return ctx.unknown("containerDefinitions");
    if (parsed.kind === "missing") return ctx.error("containerDefinitions", "is required.");
    if (parsed.kind === "invalid") return ctx.error("containerDefinitions", `${parsed.reason}.`);
    let cpuSum = 0;
    let memorySum = 0;
    let sumsKnown = true;
    for (const c of parsed.containers) {
        const base = `containerDefinitions[${c.index}]`;
        if (c.definition === UNKNOWN) {
            ctx.unknown(base);
            sumsKnown = false;
            continue;
        }
        const d = c.definition;
        const num = (f: string, label = `${base}.${f}`): number | undefined => {
            const v = field(d, f);
            if (v === UNKNOWN) {
                ctx.unknown(label);
                sumsKnown = false;
                return undefined;
            }
            if (v === undefined || v === null) return undefined;
            const n = asNumber(v);
            if (n === undefined) ctx.error(label, "is not a number.");
            return n;
        };
        const stop = num("stopTimeout");
        if (task.fargate && stop !== undefined && stop > FARGATE_MAX_STOP_TIMEOUT_SECONDS) {
            ctx.error(
                `${base}.stopTimeout`,
                `is ${stop} s; Fargate allows at most ${FARGATE_MAX_STOP_TIMEOUT_SECONDS}.`,
            );
        }
        const cpu = num("cpu");
        const hard = num("memory");
        const soft = num("memoryReservation");
        if (hard !== undefined && soft !== undefined && hard <= soft) {
            ctx.error(`${base}.memory`, `(${hard} MiB) must be greater than memoryReservation (${soft} MiB).`);
        }
        cpuSum += cpu ?? 0;
        memorySum += hard ?? soft ?? 0;
        if (task.awsvpc) checkPortMappings(ctx, d, base);
        checkHealthCheck(ctx, d, base);
        if (task.fargate) checkAwslogsPrefix(ctx, d, base);
    }
    if (!sumsKnown) return;
    if (task.cpu !== undefined && cpuSum > task.cpu) {
        ctx.error("containerDefinitions", `reserve ${cpuSum} cpu units in total, more than the task's ${task.cpu}.`);
    }
    if (task.memory !== undefined && memorySum > task.memory) {
        ctx.error("containerDefinitions", `reserve ${memorySum} MiB in total, more than the task's ${task.memory}.`);
    }
}

function checkPortMappings(ctx: LimitContext, d: Record<string, unknown>, base: string): void {
    const mappings = field(d, "portMappings");
    if (mappings === UNKNOWN) return ctx.unknown(`${base}.portMappings`);
    asList(mappings).forEach((m, i) => {
        const label = `${base}.portMappings[${i}]`;
        const container = field(m, "containerPort");
        const host = field(m, "hostPort");
        if (container === UNKNOWN || host === UNKNOWN) return ctx.unknown(label);
        if (host === undefined || host === null) return;
        if (asNumber(host) !== asNumber(container)) {
            ctx.error(`${label}.hostPort`, "must be left out or equal containerPort under awsvpc.");
        }
    });
}

function checkHealthCheck(ctx: LimitContext, d: Record<string, unknown>, base: string): void {
    const hc = field(d, "healthCheck");
    if (hc === UNKNOWN) return ctx.unknown(`${base}.healthCheck`);
    if (hc === undefined || hc === null) return;
    for (const [key, [min, max]] of Object.entries(CONTAINER_HEALTH_CHECK)) {
        const v = field(hc, key);
        if (v === UNKNOWN) {
            ctx.unknown(`${base}.healthCheck.${key}`);
            continue;
        }
        const n = asNumber(v);
        if (v !== undefined && v !== null && n === undefined)
            ctx.error(`${base}.healthCheck.${key}`, "is not a number.");
        if (n !== undefined && (n < min || n > max)) {
            ctx.error(`${base}.healthCheck.${key}`, `is ${n}; allowed ${min}-${max}.`);
        }
    }
}

function checkAwslogsPrefix(ctx: LimitContext, d: Record<string, unknown>, base: string): void {
    const driver = fieldPath(d, "logConfiguration", "logDriver");
    if (driver !== "awslogs") return;
    const prefix = at(fieldPath(d, "logConfiguration", "options"), "awslogs-stream-prefix");
    if (prefix === undefined || prefix === "") {
        ctx.warn(
            `${base}.logConfiguration.options`,
            'has no "awslogs-stream-prefix"; on Fargate the awslogs driver requires it (aws-cdk#1422).',
        );
    }
}

const clusterChecks: Check[] = [
    (ctx) => {
        const settings = ctx.value("settings");
        if (settings === UNKNOWN) return;
        asList(settings).forEach((s, i) => {
            const name = at(s, "name");
            const value = at(s, "value");
            if (name === UNKNOWN || value === UNKNOWN) return ctx.unknown(`settings[${i}]`);
            if (name !== "containerInsights") {
                return ctx.error(`settings[${i}].name`, 'must be "containerInsights" (the only cluster setting).');
            }
            if (typeof value !== "string" || !CONTAINER_INSIGHTS_VALUES.includes(value)) {
                ctx.error(`settings[${i}].value`, `must be one of ${CONTAINER_INSIGHTS_VALUES.join(", ")}.`);
            }
        });
    },
];

const logGroupChecks: Check[] = [
    (ctx) => {
        const days = ctx.number("retentionInDays");
        if (days !== undefined && days !== 0 && !LOG_RETENTION_DAYS.includes(days)) {
            ctx.error("retentionInDays", `is ${days}; allowed 0 (never expire) or ${LOG_RETENTION_DAYS.join(", ")}.`);
        }
    },
];

function checkSecurityGroupText(ctx: LimitContext, path: string, from: unknown = ctx.props, label = path): void {
    const text = ctx.value(path, from, label);
    if (typeof text !== "string") return;
    if (text.length > 255) ctx.error(label, `is ${text.length} characters; the maximum is 255.`);
    if (!SECURITY_GROUP_TEXT.test(text)) ctx.error(label, `may contain only ${SG_TEXT_RULE}.`);
}

const securityGroupChecks: Check[] = [
    (ctx) => {
        checkSecurityGroupText(ctx, "description");
        for (const direction of ["ingress", "egress"]) {
            const rules = ctx.value(direction);
            if (rules === UNKNOWN) continue;
            asList(rules).forEach((r, i) =>
                checkSecurityGroupText(ctx, "description", r, `${direction}[${i}].description`),
            );
        }
    },
];

const scalingTargetChecks: Check[] = [
    (ctx) => {
        const min = ctx.range("minCapacity", 0, Number.MAX_SAFE_INTEGER);
        const max = ctx.range("maxCapacity", 0, Number.MAX_SAFE_INTEGER);
        if (min !== undefined && max !== undefined && min > max) {
            ctx.error("minCapacity", `(${min}) is greater than maxCapacity (${max}).`);
        }
        const namespace = ctx.value("serviceNamespace");
        if (namespace !== "ecs") return;
        const dimension = ctx.value("scalableDimension");
        if (typeof dimension === "string" && dimension !== "ecs:service:DesiredCount") {
            ctx.error("scalableDimension", 'must be "ecs:service:DesiredCount" for an ECS service.');
        }
        const resourceId = ctx.value("resourceId");
        if (typeof resourceId === "string" && !/^service\/[^/]+\/[^/]+$/.test(resourceId)) {
            ctx.error("resourceId", "must be service/<cluster name>/<service name> for an ECS service.");
        }
    },
];

const scalingPolicyChecks: Check[] = [
    (ctx) => {
        const tt = "targetTrackingScalingPolicyConfiguration";
        ctx.range(`${tt}.scaleInCooldown`, 0, Number.MAX_SAFE_INTEGER);
        ctx.range(`${tt}.scaleOutCooldown`, 0, Number.MAX_SAFE_INTEGER);
        ctx.range("stepScalingPolicyConfiguration.cooldown", 0, Number.MAX_SAFE_INTEGER);
    },
];

/** Checks beyond names, by type token. */
const TYPE_CHECKS: Readonly<Record<string, readonly Check[]>> = {
    "aws:lb/targetGroup:TargetGroup": targetGroupChecks,
    "aws:alb/targetGroup:TargetGroup": targetGroupChecks,
    "aws:ecs/service:Service": serviceChecks,
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": [
        (ctx) => checkStrategy(ctx, "defaultCapacityProviderStrategies"),
    ],
    "aws:ecs/taskDefinition:TaskDefinition": taskDefinitionChecks,
    "aws:ecs/cluster:Cluster": clusterChecks,
    "aws:cloudwatch/logGroup:LogGroup": logGroupChecks,
    "aws:ec2/securityGroup:SecurityGroup": securityGroupChecks,
    "aws:appautoscaling/target:Target": scalingTargetChecks,
    "aws:appautoscaling/policy:Policy": scalingPolicyChecks,
    "aws:iam/role:Role": [(ctx) => void ctx.range("maxSessionDuration", 3600, 43200)],
};

/** Every type token `evaluateResourceLimits` has a rule for. */
export const LIMIT_CHECKED_TYPES: readonly string[] = [
    ...new Set([...Object.keys(NAME_RULES), ...Object.keys(TYPE_CHECKS)]),
].sort();
