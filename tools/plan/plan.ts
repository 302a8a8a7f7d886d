/**
 * `runPlan(options)`: the offline plan of ecs-platform. For each stack, one evaluation of the
 * program (sequential: the SDK runtime is global), then from that one graph: the resource tree,
 * the policy pack, network reachability, the AWS limits lint, the diagram and the cost estimate.
 * The CLI (cli.ts) is a thin wrapper; tests call this with injected evaluations.
 */
import * as fs from "fs";
import * as path from "path";
import type { EvaluatedStack } from "../../offline/evaluate";
import { readPolicyPackConfig } from "../../offline/analyze";
import type { PolicyConfigFile, StackPlan } from "./analysis";
import { readStackConfig } from "../../offline/stack-config";
import { attachDiff } from "./diff-attach";
import { FoundationExports, FoundationExportsError, resolveReferences } from "./foundation-exports";
import type { BaseEvaluation } from "./diff-base";
import { PlanDocument, SCHEMA_VERSION, StackError, StackReport } from "./report";
import { makeStyle, Progress, SILENT_PROGRESS, Style } from "./terminal";
import { SvgRenderer, startSvgRenderer } from "./svg";
import { renderStackText, renderTotals } from "./text";
import { readFreshSummary } from "./tfplan/checkov-summary";

export type { StackPlan } from "./analysis";

export type ExitCode = 0 | 1 | 2;

export type Evaluate = (
    stack: string,
    preview: boolean,
    overrides?: Record<string, unknown>,
) => Promise<EvaluatedStack>;

export interface PlanOptions {
    readonly stacks: readonly string[];
    /** Folder for `<stack>.json`, `.md` and `.svg`; unset: write nothing. */
    readonly outDir?: string;
    readonly preview?: boolean;
    /** Stack-config values replacing the stack files' (tests; the CLI reads ECS_PLATFORM_PLAN_OVERRIDES). */
    readonly configOverrides?: Record<string, unknown>;
    /** How a stack is evaluated; default the offline evaluator. Tests pass a cache or a mutated graph. */
    readonly evaluate?: Evaluate;
    /** Policy config folder (`<stack>.json`, as `--policy-pack-config`); default policy-pack/config. */
    readonly policyConfigDir?: string;
    readonly progress?: Progress;
    /** Colour the human-readable text. Default false. */
    readonly colour?: boolean;
    /** Terminal width for the tree's info column (0: unbounded). */
    readonly width?: number;
    /** Render the SVG (needs outDir). Default true. */
    readonly svg?: boolean;
    /**
     * Write `<stack>.tfplan.json`, the stack as a Terraform plan for outside scanners (needs
     * outDir). Default true.
     */
    readonly tfplan?: boolean;
    /** docs/policies.md as the Markdown links to it (default repository-relative). */
    readonly policyDocsUrl?: string;
    /** `--diff <ref>`: also evaluate the stacks at this git ref and report what changes. */
    readonly diffRef?: string;
    /** How the base is evaluated; default a worktree of the ref and a child process (diff-base.ts). */
    readonly evaluateBase?: (ref: string, stacks: readonly string[]) => Promise<BaseEvaluation>;
    /** `--foundation-exports`: what the stacks' `stackReference` modes read (foundation-exports.ts). */
    readonly foundationExports?: FoundationExports;
}

export interface PlanResult {
    readonly exitCode: ExitCode;
    readonly reports: StackReport[];
    readonly document: PlanDocument;
    readonly stacks: StackPlan[];
    /** The whole human-readable plan (every stack, then the cost totals). */
    readonly text: string;
    readonly files: string[];
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export async function runPlan(options: PlanOptions): Promise<PlanResult> {
    const style = makeStyle(options.colour ?? false);
    const progress = options.progress ?? SILENT_PROGRESS;
    const preview = options.preview ?? false;
    const evaluate: Evaluate = options.evaluate ?? ((s, p, o) => defaultEvaluate(s, p, o, options.foundationExports));
    // Graphviz loads (and later renders) in a worker while the stacks evaluate here.
    const renderer: SvgRenderer | undefined =
        options.outDir !== undefined && (options.svg ?? true) ? startSvgRenderer() : undefined;

    // The base evaluates in a child process while the head evaluates here.
    const base = options.diffRef !== undefined ? startBase(options) : undefined;
    const results: { plan: StackPlan; svg?: Promise<string | undefined>; tfplan?: string }[] = [];
    const wantTfplan = options.outDir !== undefined && (options.tfplan ?? true);
    let svgs: (string | undefined)[];
    try {
        for (const stack of options.stacks) {
            progress.step(stack, preview ? "evaluating (preview)" : "evaluating");
            let evaluated: EvaluatedStack;
            try {
                evaluated = await guarded(() => evaluate(stack, preview, options.configOverrides));
            } catch (e) {
                const error = describeFailure(stack, e);
                progress.fail(stack, error.kind === "config" ? "invalid configuration" : "program error");
                results.push({ plan: failedStack(stack, preview, error, style) });
                continue;
            }
            progress.step(stack, `${evaluated.resources.length} resources; checking`);
            // Loaded on first use, after the SDK the evaluation already loaded.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { buildStackPlan } = require("./analysis") as typeof import("./analysis");
            const plan = buildStackPlan(evaluated, {
                style,
                width: options.width ?? 0,
                policyConfig: readPolicyConfig(options.policyConfigDir, stack),
            });
            const r = plan.report;
            if (r.exitCode === 0) progress.done(stack, "clean");
            else progress.fail(stack, `exit ${r.exitCode}: ${r.reasons.join("; ")}`);
            // A diagram that fails to render costs the SVG, never the plan.
            const svg =
                renderer && plan.dot !== undefined
                    ? renderer.render(plan.dot).catch((e: Error) => {
                          progress.fail(stack, `no SVG: ${e.message}`);
                          return undefined;
                      })
                    : undefined;
            // The export is a function of the same graph; rendered here, while the graph is at hand.
            const tfplan = wantTfplan ? exportText(evaluated) : undefined;
            results.push({ plan, ...(svg ? { svg } : {}), ...(tfplan !== undefined ? { tfplan } : {}) });
        }
        svgs = await Promise.all(results.map((r) => r.svg));
        if (base) {
            progress.step("diff", `waiting for ${options.diffRef}`);
            const evaluated = await base;
            for (const r of results) r.plan = attachDiff(r.plan, evaluated, style);
            progress.done(
                "diff",
                `against ${options.diffRef}${evaluated.commit ? ` (${evaluated.commit.slice(0, 12)})` : ""}`,
            );
        }
    } finally {
        await renderer?.close();
    }

    const files: string[] = [];
    if (options.outDir !== undefined) {
        fs.mkdirSync(options.outDir, { recursive: true });
        // Loaded here: it reads the policy pack's metadata, which `--help` should not pay for.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { toMarkdown } = require("./markdown") as typeof import("./markdown");
        for (const [i, { plan: s, tfplan }] of results.entries()) {
            const svg = svgs[i];
            const base = path.join(options.outDir, s.report.stack);
            const tfplanFile = `${base}.tfplan.json`;
            if (tfplan !== undefined) {
                fs.writeFileSync(tfplanFile, tfplan);
                files.push(tfplanFile);
            } else {
                // No export this run (failed stack, --no-tfplan): a stale one must not be scanned.
                fs.rmSync(tfplanFile, { force: true });
            }
            fs.writeFileSync(`${base}.json`, `${JSON.stringify(s.report, null, 2)}\n`);
            files.push(`${base}.json`);
            // Every stack gets its .md, a failed one too: a previous run's "clean" page must not survive.
            const checkov = tfplan !== undefined ? readFreshSummary(options.outDir, s.report.stack, tfplan) : undefined;
            const markdown = toMarkdown(s.report, {
                scanner: { exported: tfplan !== undefined, ...(checkov ? { checkov } : {}) },
                ...(s.mermaid !== undefined ? { mermaid: s.mermaid } : {}),
                ...(options.policyDocsUrl ? { policyDocsUrl: options.policyDocsUrl } : {}),
            });
            fs.writeFileSync(`${base}.md`, markdown);
            files.push(`${base}.md`);
            if (svg !== undefined) {
                fs.writeFileSync(`${base}.svg`, svg);
                files.push(`${base}.svg`);
            } else {
                // No diagram this run (failed stack, failed render, --no-svg): drop the stale one.
                fs.rmSync(`${base}.svg`, { force: true });
            }
        }
    }

    const stacks = results.map((r) => r.plan);
    const reports = stacks.map((s) => s.report);
    const exitCode = Math.max(0, ...reports.map((r) => r.exitCode)) as ExitCode;
    const costTotals = reports
        .filter((r) => r.cost !== undefined)
        .map((r) => ({ stack: r.stack, minUsd: r.cost!.totalMinUsd, maxUsd: r.cost!.totalMaxUsd }));
    const document: PlanDocument = { schemaVersion: SCHEMA_VERSION, exitCode, stacks: reports, costTotals };
    const text = [...stacks.map((s) => s.text), renderTotals(document, files, style)].join("\n\n");
    return { exitCode, reports, document, stacks, text, files };
}

/** The stack as a Terraform plan JSON text (loaded on first use, like the analysis). */
function exportText(evaluated: EvaluatedStack): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { toTerraformPlan } = require("./tfplan/export") as typeof import("./tfplan/export");
    return `${JSON.stringify(toTerraformPlan(evaluated), null, 2)}\n`;
}

function startBase(options: PlanOptions): Promise<BaseEvaluation> {
    if (options.evaluateBase) return options.evaluateBase(options.diffRef!, options.stacks);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluateBase } = require("./diff-base") as typeof import("./diff-base");
    return evaluateBase(options.diffRef!, options.stacks);
}

/**
 * Runs an evaluation and keeps its stray rejections: when the program fails, the SDK also rejects
 * promises nobody awaits (the Stack's outputs) a tick after the evaluator returned, which would
 * otherwise crash the process with exit 1 before the plan reports the failure. A stray rejection
 * after a successful evaluation is a program error of its own.
 */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
    const stray: unknown[] = [];
    const keep = (reason: unknown) => stray.push(reason);
    process.on("unhandledRejection", keep);
    let result: { value: T } | { error: unknown };
    try {
        result = { value: await fn() };
    } catch (error) {
        result = { error };
    }
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", keep);
    if ("error" in result) throw result.error;
    if (stray.length > 0) {
        const causes = stray.map((r) => (r instanceof Error ? r : new Error(String(r))));
        throw Object.assign(new Error("unhandled rejection in the program"), { causes });
    }
    return result.value;
}

function failedStack(stack: string, preview: boolean, error: StackError, style: Style): StackPlan {
    const report: StackReport = {
        schemaVersion: SCHEMA_VERSION,
        project: "ecs-platform",
        stack,
        preview,
        exitCode: 2,
        reasons: [error.message],
        error,
    };
    return { report, text: renderStackText(report, "", style) };
}

/** The stack, the key and the cause of a failed evaluation. */
export function describeFailure(stack: string, e: unknown): StackError {
    const causes: unknown[] = Array.isArray((e as { causes?: unknown[] })?.causes)
        ? (e as { causes: unknown[] }).causes
        : [e];
    const config = causes.find((c) => isNamed(c, "ConfigValidationError")) as
        | { issues?: readonly string[] }
        | undefined;
    if (config?.issues) {
        return {
            stack,
            kind: "config",
            message: `stack ${stack}: invalid configuration`,
            causes: config.issues.map(splitIssue),
        };
    }
    const exports = causes.find((c) => isNamed(c, "FoundationExportsError")) as FoundationExportsError | undefined;
    if (exports) {
        const message = exports.key ? exports.message.slice(exports.key.length + 2) : exports.message;
        return {
            stack,
            kind: "config",
            message: `stack ${stack}: foundation exports missing`,
            causes: [{ ...(exports.key ? { key: exports.key } : {}), message }],
        };
    }
    const stackConfig = causes.find((c) => isNamed(c, "StackConfigError")) as Error | undefined;
    if (stackConfig) {
        const key = /key '([^']+)'/.exec(stackConfig.message)?.[1];
        return {
            stack,
            kind: "config",
            message: `stack ${stack}: invalid configuration`,
            causes: [{ ...(key ? { key } : {}), message: stackConfig.message }],
        };
    }
    return {
        stack,
        kind: "program",
        message: `stack ${stack}: the program failed`,
        causes: causes.map((c) => ({ message: c instanceof Error ? c.message : String(c) })),
    };
}

/** `ecs-platform:bff.cpu: 300 is not ...` -> key and message. */
function splitIssue(issue: string): { key?: string; message: string } {
    const m = /^([A-Za-z0-9_-]+:[^\s:]+): (.*)$/s.exec(issue);
    return m ? { key: m[1], message: m[2] } : { message: issue };
}

function isNamed(e: unknown, name: string): boolean {
    return e instanceof Error && (e.name === name || e.constructor?.name === name);
}

function readPolicyConfig(dir: string | undefined, stack: string): PolicyConfigFile {
    const { config, file } = readPolicyPackConfig(stack, dir);
    return { config, file: file && path.relative(REPO_ROOT, file) };
}

async function defaultEvaluate(
    stack: string,
    preview: boolean,
    overrides?: Record<string, unknown>,
    exports?: FoundationExports,
): Promise<EvaluatedStack> {
    // Loaded on first use: the SDK is the slow part of starting, and `--help` should not pay it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluateStack } = require("../../offline/evaluate") as typeof import("../../offline/evaluate");
    // The references are checked before the program runs, so a missing one is one line, not a chain.
    const { config } = readStackConfig(REPO_ROOT, stack, overrides);
    const stackReferences = resolveReferences(config, stack, exports);
    return evaluateStack({ stack, preview, configOverrides: overrides, stackReferences });
}
