/**
 * `npm run plan [-- --stack NAME|all] [--out DIR] [--json] [--json-out FILE] [--preview] [--diff REF]`: a thin
 * wrapper around runPlan(). Progress and errors go to stderr, the plan (or one JSON document) to
 * stdout. Exit 0 clean, 1 a mandatory violation or deploy-blocking finding, 2 bad config, program
 * error or usage. ECS_PLATFORM_PLAN_OVERRIDES (JSON object of stack-config values) is a test hook;
 * ECS_PLATFORM_PLAN_NO_SVG=1 skips the diagram (the `--diff` base run needs only the JSON; an
 * environment variable, not a flag, so a base from before it was added still runs).
 */
import * as fs from "fs";
import * as path from "path";
import "../../offline/defer-arborist"; // before anything loads @pulumi/pulumi
import { parseArgs, USAGE, UsageError } from "./args";
import { evaluateBase } from "./diff-base";
import { FoundationExportsError, inheritedSpecs, readFoundationExports } from "./foundation-exports";
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
    let foundationExports;
    try {
        const specs = inheritedSpecs(options.foundationExports);
        foundationExports = specs.length ? readFoundationExports(specs) : undefined;
    } catch (e) {
        if (!(e instanceof FoundationExportsError)) throw e;
        process.stderr.write(`plan: ${e.message}\n`);
        return 2;
    }
    // The base of `--diff` evaluates in a child process, started before this process loads the
    // program, the SDK and the pack (~0.5 s), so the two overlap from the first moment.
    const base = options.diff !== undefined ? evaluateBase(options.diff, options.stacks) : undefined;
    const { runPlan } = await import("./plan");
    const errStyle = makeStyle(colourWanted(process.stderr));
    const result = await runPlan({
        stacks: options.stacks,
        outDir: options.outDir,
        preview: options.preview,
        configOverrides,
        progress: options.json && !process.stderr.isTTY ? SILENT_PROGRESS : streamProgress(process.stderr, errStyle),
        colour: !options.json && colourWanted(process.stdout),
        width: process.stdout.isTTY ? (process.stdout.columns ?? 0) : 0,
        ...(policyDocsUrl() ? { policyDocsUrl: policyDocsUrl() } : {}),
        ...(options.diff !== undefined && base !== undefined
            ? { diffRef: options.diff, evaluateBase: () => base }
            : {}),
        svg: process.env.ECS_PLATFORM_PLAN_NO_SVG !== "1",
        tfplan: options.tfplan,
        ...(foundationExports ? { foundationExports } : {}),
    });
    const json = `${JSON.stringify(result.document, null, 2)}\n`;
    if (options.jsonOut !== undefined) {
        fs.mkdirSync(path.dirname(path.resolve(options.jsonOut)), { recursive: true });
        fs.writeFileSync(options.jsonOut, json);
    }
    process.stdout.write(options.json ? json : `${result.text}\n`);
    for (const r of result.reports.filter((x) => x.error)) {
        // Errors go to stderr, with the stack, the key and the cause (the text plan repeats them on stdout).
        const e = r.error!;
        process.stderr.write(`${errStyle.red(e.message)}\n`);
        for (const c of e.causes) process.stderr.write(`    ${c.key ? `${c.key}: ` : ""}${c.message}\n`);
    }
    return result.exitCode;
}

/** In GitHub Actions, the policy docs of the very commit planned, so links in the PR comment resolve. */
function policyDocsUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
    return server && repo && sha ? `${server}/${repo}/blob/${sha}/docs/policies.md` : undefined;
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
