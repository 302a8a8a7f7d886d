/**
 * `npm run plan [-- --stack dev|test|prod|all] [--out DIR] [--json] [--preview] [--diff REF]`: a thin wrapper
 * around runPlan(). Progress goes to stderr, the plan (or one JSON document) to stdout. Exit 0
 * clean, 1 a mandatory violation or deploy-blocking finding, 2 bad config, program error or usage.
 * ECS_PLATFORM_PLAN_OVERRIDES (JSON object of stack-config values) is a test hook;
 * ECS_PLATFORM_PLAN_NO_SVG=1 skips the diagram (the `--diff` base run needs only the JSON; an
 * environment variable, not a flag, so a base from before it was added still runs).
 */
import "../../offline/defer-arborist"; // before anything loads @pulumi/pulumi
import { parseArgs, USAGE, UsageError } from "./args";
import { runPlan } from "./plan";
import { colourWanted, makeStyle, SILENT_PROGRESS, streamProgress } from "./terminal";

async function main(argv: readonly string[]): Promise<number> {
    let options;
    try {
        options = parseArgs(argv);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        process.stderr.write(`plan: ${e.message}\n\n${USAGE}\n`);
        return 2;
    }
    if (options.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    let configOverrides: Record<string, unknown> | undefined;
    const overrides = process.env.ECS_PLATFORM_PLAN_OVERRIDES;
    if (overrides) {
        try {
            configOverrides = JSON.parse(overrides) as Record<string, unknown>;
        } catch (e) {
            process.stderr.write(`plan: ECS_PLATFORM_PLAN_OVERRIDES is not JSON: ${(e as Error).message}\n`);
            return 2;
        }
    }
    const errStyle = makeStyle(colourWanted(process.stderr));
    const result = await runPlan({
        stacks: options.stacks,
        outDir: options.outDir,
        preview: options.preview,
        configOverrides,
        progress: options.json && !process.stderr.isTTY ? SILENT_PROGRESS : streamProgress(process.stderr, errStyle),
        colour: !options.json && colourWanted(process.stdout),
        width: process.stdout.isTTY ? (process.stdout.columns ?? 0) : 0,
        ...(options.diff !== undefined ? { diffRef: options.diff } : {}),
        svg: process.env.ECS_PLATFORM_PLAN_NO_SVG !== "1",
    });
    if (options.json) {
        process.stdout.write(`${JSON.stringify(result.document, null, 2)}\n`);
    } else {
        process.stdout.write(`${result.text}\n`);
    }
    for (const r of options.json ? result.reports.filter((x) => x.error) : []) {
        // With --json stdout is for machines: errors also go to stderr, with the stack, the key and the cause.
        const e = r.error!;
        process.stderr.write(`${errStyle.red(e.message)}\n`);
        for (const c of e.causes) process.stderr.write(`    ${c.key ? `${c.key}: ` : ""}${c.message}\n`);
    }
    return result.exitCode;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        process.stderr.write(`plan: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exitCode = 2;
    },
);
