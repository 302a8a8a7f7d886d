/**
 * Values AWS accepts at deploy time, kept in one place so the program's config validation, the
 * policy pack and the offline plan's limits lint all judge against the same table. Each block
 * names its source; see ../../shared/reference/ecs-facts.md for the citations.
 */

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
