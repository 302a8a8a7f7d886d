/**
 * `runPlan(options)`: the offline plan of ecs-platform. For each stack, one evaluation of the
 * program (sequential: the SDK runtime is global), then from that one graph: the resource tree,
 * the policy pack, network reachability, the AWS limits lint, the diagram and the cost estimate.
 * The CLI (cli.ts) is a thin wrapper; tests call this with injected evaluations.
 */
import * as fs from "fs";
import * as path from "path";
import type { EvaluatedStack } from "../../offline/evaluate";
import { PolicyPackConfig, runPolicies } from "../../offline/analyze";
import { policies } from "../../policy-pack/policies";
import { costInputsOf, estimateCost } from "./cost";
import { diagramModel, loadSvgRenderer, toDot, toMermaid } from "./diagram";
import { PlanGraph, plain } from "./graph";
import { lintLimits } from "./lint";
import { toMarkdown } from "./markdown";
import { computeReachability } from "./reachability";
import { PlanDocument, SCHEMA_VERSION, StackError, StackReport } from "./report";
import { makeStyle, Progress, SILENT_PROGRESS, Style } from "./terminal";
import { renderStackText, renderTotals } from "./text";
import { countsByType, renderTree } from "./tree";
import { keyProperties } from "./properties";

export type ExitCode = 0 | 1 | 2;

export type Evaluate = (stack: string, preview: boolean, overrides?: Record<string, unknown>) => Promise<EvaluatedStack>;

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
    /** Colours of the human-readable text. Default none. */
    readonly style?: Style;
    /** Terminal width for the tree's info column (0: unbounded). */
    readonly width?: number;
    /** Render the SVG (needs outDir). Default true. */
    readonly svg?: boolean;
}

export interface StackPlan {
    readonly report: StackReport;
    /** The human-readable plan of the stack. */
    readonly text: string;
    readonly mermaid?: string;
    readonly dot?: string;
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
    const style = options.style ?? makeStyle(false);
    const progress = options.progress ?? SILENT_PROGRESS;
    const preview = options.preview ?? false;
    const wantSvg = options.outDir !== undefined && (options.svg ?? true);
    // Graphviz compiles in the background while the stacks evaluate.
    const renderer = wantSvg ? loadSvgRenderer() : undefined;
    renderer?.catch(() => undefined);
    const evaluate = options.evaluate ?? defaultEvaluate;

    const stacks: StackPlan[] = [];
    for (const stack of options.stacks) {
        progress.step(stack, preview ? "evaluating (preview)" : "evaluating");
        let evaluated: EvaluatedStack;
        try {
            evaluated = await guarded(() => evaluate(stack, preview, options.configOverrides));
        } catch (e) {
            const error = describeFailure(stack, e);
            progress.fail(stack, `${error.kind === "config" ? "invalid configuration" : "program error"}`);
            stacks.push(failedStack(stack, preview, error, style));
            continue;
        }
        progress.step(stack, `${evaluated.resources.length} resources; checking`);
        const plan = buildStackPlan(evaluated, {
            style,
            width: options.width ?? 0,
            policyConfig: readPolicyConfig(options.policyConfigDir, stack),
        });
        const r = plan.report;
        progress.done(stack, r.exitCode === 0 ? "clean" : `exit ${r.exitCode}: ${r.reasons.length} reason(s)`);
        stacks.push(plan);
    }

    const files: string[] = [];
    if (options.outDir !== undefined) {
        fs.mkdirSync(options.outDir, { recursive: true });
        const svg = renderer ? await renderer.catch(() => undefined) : undefined;
        for (const s of stacks) {
            const base = path.join(options.outDir, s.report.stack);
            fs.writeFileSync(`${base}.json`, `${JSON.stringify(s.report, null, 2)}\n`);
            files.push(`${base}.json`);
            if (s.mermaid !== undefined) {
                fs.writeFileSync(`${base}.md`, toMarkdown(s.report, s.mermaid));
                files.push(`${base}.md`);
            }
            if (svg && s.dot !== undefined) {
                fs.writeFileSync(`${base}.svg`, svg.render(s.dot));
                files.push(`${base}.svg`);
            }
        }
    }

    const reports = stacks.map((s) => s.report);
    const exitCode = Math.max(0, ...reports.map((r) => r.exitCode)) as ExitCode;
    const costTotals = reports
        .filter((r) => r.cost !== undefined)
        .map((r) => ({ stack: r.stack, minUsd: r.cost!.totalMinUsd, maxUsd: r.cost!.totalMaxUsd }));
    const document: PlanDocument = { schemaVersion: SCHEMA_VERSION, exitCode, stacks: reports, costTotals };
    const text = [...stacks.map((s) => s.text), renderTotals(document, files, style)].join("\n\n");
    return { exitCode, reports, document, stacks, text, files };
}

export interface BuildOptions {
    readonly style?: Style;
    readonly width?: number;
    readonly policyConfig?: { config: PolicyPackConfig; file?: string };
}

/** Everything the plan says about one evaluated stack. Pure: tests feed it mutated graphs. */
export function buildStackPlan(evaluated: EvaluatedStack, options: BuildOptions = {}): StackPlan {
    const style = options.style ?? makeStyle(false);
    const graph = new PlanGraph(evaluated);
    const byUrn = graph.byUrn;

    const policyConfig = options.policyConfig ?? { config: {} };
    const run = withoutStackTraces(() => runPolicies(policies, evaluated.resources, policyConfig.config));
    const violations = run.violations.map((v) => ({
        ...v,
        ...(v.urn ? { resourceName: byUrn.get(v.urn)?.name ?? v.urn.split("::").pop() } : {}),
    }));
    const bySeverity: Record<string, number> = {};
    for (const v of violations) bySeverity[v.severity ?? "unspecified"] = (bySeverity[v.severity ?? "unspecified"] ?? 0) + 1;
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;

    const reachability = withoutStackTraces(() => computeReachability(graph));
    const lint = withoutStackTraces(() => lintLimits(graph));
    const cost = estimateCost(costInputsOf(graph));
    const model = diagramModel(graph, reachability);

    const reasons: string[] = [];
    if (mandatory > 0) reasons.push(`${mandatory} mandatory policy violation(s)`);
    const blocking = reachability.findings.filter((f) => f.severity === "blocking").length;
    const exposed = reachability.findings.filter((f) => f.severity === "error").length;
    if (blocking > 0) reasons.push(`${blocking} deploy-blocking network finding(s)`);
    if (exposed > 0) reasons.push(`${exposed} network exposure finding(s)`);
    if (lint.errors > 0) reasons.push(`${lint.errors} AWS limit error(s)`);

    const report: StackReport = {
        schemaVersion: SCHEMA_VERSION,
        project: evaluated.project,
        stack: evaluated.stack,
        preview: evaluated.preview,
        exitCode: reasons.length > 0 ? 1 : 0,
        reasons,
        graph: {
            resourceCount: evaluated.resources.length,
            countsByType: countsByType(graph),
            resources: evaluated.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                custom: r.custom,
                ...(r.parent ? { parent: r.parent } : {}),
                protect: r.protect,
                retainOnDelete: r.retainOnDelete,
                dependencies: r.dependencies,
                keyProperties: keyProperties(graph, r),
                inputs: graph.inputs(r),
            })),
            outputs: plain(evaluated.outputs ?? {}, graph.secretValues) as Record<string, unknown>,
            warnings: evaluated.warnings,
        },
        policies: {
            policyCount: policies.length,
            ...(policyConfig.file ? { config: policyConfig.file } : {}),
            violations,
            mandatory,
            advisory: violations.length - mandatory,
            bySeverity,
            unknown: run.unknown,
            notApplicable: run.notApplicable.length,
        },
        reachability,
        lint,
        cost,
    };
    const tree = renderTree(graph, style, options.width ?? 0);
    return {
        report,
        text: renderStackText(report, tree, style),
        mermaid: toMermaid(model),
        dot: toDot(model),
    };
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

/**
 * Runs `fn` without capturing stack traces. Policies signal "not applicable" and "unknown during
 * preview" by throwing, hundreds of times per stack; capturing (and ts-node source-mapping) a
 * stack for each was a third of the plan's time. The errors keep their messages.
 */
function withoutStackTraces<T>(fn: () => T): T {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    Error.stackTraceLimit = 0;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    try {
        return fn();
    } finally {
        Error.stackTraceLimit = limit;
        Error.prepareStackTrace = prepare;
    }
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
    const causes: unknown[] = Array.isArray((e as { causes?: unknown[] })?.causes) ? (e as { causes: unknown[] }).causes : [e];
    const config = causes.find((c) => isNamed(c, "ConfigValidationError")) as { issues?: readonly string[] } | undefined;
    if (config?.issues) {
        return {
            stack,
            kind: "config",
            message: `stack ${stack}: invalid configuration`,
            causes: config.issues.map(splitIssue),
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

function readPolicyConfig(dir: string | undefined, stack: string): { config: PolicyPackConfig; file?: string } {
    const file = path.join(dir ?? path.join(REPO_ROOT, "policy-pack", "config"), `${stack}.json`);
    if (!fs.existsSync(file)) return { config: {} };
    return { config: JSON.parse(fs.readFileSync(file, "utf8")) as PolicyPackConfig, file: path.relative(REPO_ROOT, file) };
}

async function defaultEvaluate(stack: string, preview: boolean, overrides?: Record<string, unknown>): Promise<EvaluatedStack> {
    // Loaded on first use: the SDK is the slow part of starting, and `--help` should not pay it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluateStack } = require("../../offline/evaluate") as typeof import("../../offline/evaluate");
    return evaluateStack({ stack, preview, configOverrides: overrides });
}
