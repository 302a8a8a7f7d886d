/** Fargate sizes and timings (ECS Developer Guide), and reading a task's cpu/memory as AWS does. */

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

/** Maximum stopTimeout on Fargate, seconds (ECS task definition parameters). */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;

/** Fargate Spot interruption notice, seconds: draining longer than this is cut short. */
export const FARGATE_SPOT_NOTICE_SECONDS = 120;

/** Task-level cpu in units: a number, "1024", or "1 vCPU"/"0.25 vcpu". */
export function parseTaskCpu(value: unknown): number | undefined {
    return parseTaskSize(value, /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(vcpu)?\s*$/i);
}

/** Task-level memory in MiB: a number, "2048", or "2 GB"/"2GB". */
export function parseTaskMemory(value: unknown): number | undefined {
    return parseTaskSize(value, /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(gb)?\s*$/i);
}

/** A number, or a string `form` matches: group 1 the amount, group 2 a unit worth 1024 of the plain ones. */
function parseTaskSize(value: unknown, form: RegExp): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value !== "string") return undefined;
    const m = form.exec(value);
    if (!m) return undefined;
    return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

function steps(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
}
