/** ECS task definitions and their containers: Fargate sizes, stopTimeout, port mappings, health checks. */
import { field, fieldPath, parseContainerDefinitions } from "../container-definitions";
import { asList, asNumber, at, UNKNOWN } from "../known-values";
import { Check, LimitContext, TypeChecks } from "./context";
import {
    FARGATE_CPU_MEMORY,
    FARGATE_CPU_VALUES,
    FARGATE_MAX_STOP_TIMEOUT_SECONDS,
    isValidFargateSize,
    parseTaskCpu,
    parseTaskMemory,
} from "./fargate";
import { AWS_TYPE } from "../aws-types";

/** Container health check ranges (ECS HealthCheck API). */
export const CONTAINER_HEALTH_CHECK = {
    interval: [5, 300],
    timeout: [2, 60],
    retries: [1, 10],
    startPeriod: [0, 300],
} as const;

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

export const TASK_DEFINITION_CHECKS: TypeChecks = {
    [AWS_TYPE.ecs.TaskDefinition]: taskDefinitionChecks,
};
