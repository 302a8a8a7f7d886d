/**
 * The offline plan the engine is compared with, run as a user runs it (`npm run plan`, in a child
 * process: the SDK runtime is process-global and the engine's inline program runs in this one).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface PlanRunOptions {
    readonly stack: string;
    /** `--preview`: computed values unknown, as on a first `pulumi preview`. */
    readonly preview?: boolean;
    /** `--diff <ref>`: also the diff against the stack at that git ref. */
    readonly diffRef?: string;
    /** Stack-config values replacing the stack file's (the plan's ECS_PLATFORM_PLAN_OVERRIDES). */
    readonly overrides?: Record<string, unknown>;
}

/** One stack's report (plan/<stack>.json's shape, docs/plan-schema.md), read loosely. */
export interface PlanReport {
    readonly stack: string;
    readonly exitCode: number;
    readonly graph: {
        readonly resources: readonly { urn: string; type: string; custom: boolean; protect?: boolean }[];
    };
    readonly policies?: {
        readonly violations?: readonly {
            policyName: string;
            enforcementLevel: string;
            message: string;
            urn?: string;
        }[];
        readonly unknown?: readonly { policyName: string; urn?: string; reason: string }[];
    };
    readonly diff?: {
        readonly resources?: {
            readonly added: readonly { urn: string }[];
            readonly removed: readonly { urn: string }[];
            readonly changed: readonly {
                urn: string;
                oldUrn?: string;
                replacement: boolean;
                replaceReasons: readonly string[];
                changes: readonly { path: string; replaces: boolean }[];
            }[];
        };
    };
}

/** Runs the plan for one stack and returns its report (exit 1, a finding, is still a report). */
export function runOfflinePlan(options: PlanRunOptions): PlanReport & { seconds: number } {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-engine-plan-"));
    const jsonOut = path.join(out, "plan.json");
    const args = ["-r", "ts-node/register", "tools/plan/cli.ts", "--stack", options.stack, "--out", out];
    args.push("--json-out", jsonOut, "--no-tfplan");
    if (options.preview) args.push("--preview");
    if (options.diffRef) args.push("--diff", options.diffRef);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ECS_PLATFORM_PLAN_NO_SVG: "1" };
    if (options.overrides) env.ECS_PLATFORM_PLAN_OVERRIDES = JSON.stringify(options.overrides);
    const start = Date.now();
    const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: "utf8", maxBuffer: 1 << 28 });
    const seconds = (Date.now() - start) / 1000;
    try {
        if (!fs.existsSync(jsonOut)) {
            throw new Error(
                `npm run plan -- ${args.slice(3).join(" ")} wrote no report (exit ${run.status}): ${run.stderr}`,
            );
        }
        const doc = JSON.parse(fs.readFileSync(jsonOut, "utf8")) as { stacks?: PlanReport[] } & PlanReport;
        const report =
            doc.stacks?.find((s) => s.stack === options.stack) ?? (doc.stack === options.stack ? doc : undefined);
        if (!report) throw new Error(`the plan document has no report for ${options.stack}`);
        if (report.exitCode === 2) throw new Error(`the plan of ${options.stack} failed: ${run.stderr}`);
        return { ...report, seconds };
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

/** A resource as the offline evaluator recorded it (offline/evaluate.ts EvaluatedResource, in part). */
export interface EvaluatedLike {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly protect: boolean;
    readonly inputs: Record<string, unknown>;
    readonly aliases?: readonly { urn?: string; type?: string; name?: string }[];
}

/** The evaluator's graph of `stack` in `projectDir` (a project copy), with these stack references' outputs. */
export function evaluateOffline(request: {
    stack: string;
    projectDir: string;
    stackReferences?: Record<string, Record<string, unknown>>;
}): EvaluatedLike[] {
    const run = spawnSync(process.execPath, ["-r", "ts-node/register", "tools/engine/evaluate-child.ts"], {
        cwd: REPO_ROOT,
        input: JSON.stringify(request),
        encoding: "utf8",
        maxBuffer: 1 << 28,
    });
    if (run.status !== 0) throw new Error(`the offline evaluation of ${request.stack} failed: ${run.stderr}`);
    return (JSON.parse(run.stdout) as { resources: EvaluatedLike[] }).resources;
}

let renames: Record<string, string> | undefined;

/**
 * The component types the program renamed with a type alias (new -> old), read off the evaluated
 * committed dev stack once per process: what the stub providers need to seed names as the evaluator does.
 */
export function componentTypeRenames(): Record<string, string> {
    if (renames) return renames;
    const found: Record<string, string> = {};
    for (const r of evaluateOffline({ stack: "dev", projectDir: REPO_ROOT })) {
        for (const a of r.aliases ?? []) if (!r.custom && a.type && !a.name && !a.urn) found[r.type] = a.type;
    }
    return (renames = found);
}
