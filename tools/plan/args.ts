/**
 * Command line of `npm run plan [-- --stack dev|test|prod|all] [--out DIR] [--json] [--preview]`.
 */

export const ALL_STACKS = ["dev", "test", "prod"] as const;

export interface CliOptions {
    readonly stacks: string[];
    readonly outDir: string;
    readonly json: boolean;
    readonly preview: boolean;
    readonly help: boolean;
    /** `--diff <git-ref>`: the base to compare the working tree with. */
    readonly diff?: string;
}

export const USAGE = `Usage: npm run plan [-- --stack dev|test|prod|all] [--out DIR] [--json] [--preview] [--diff REF]

Evaluates each stack offline (no AWS, no Pulumi CLI) and writes plan/<stack>.json, .md and .svg.
  --stack NAME   dev, test, prod or all (default all); repeat or comma-separate for several
  --out DIR      output folder (default plan)
  --json         print one JSON document on stdout instead of the human-readable plan
                 (use \`npm run --silent plan -- --json\` so npm prints no header)
  --preview      leave computed values unknown, as a first \`pulumi preview\` does
  --diff REF     also evaluate the stacks at git ref REF (e.g. origin/main) and report what changes:
                 resources (replacements called out), policy findings, reachability, IAM, cost
Exit codes: 0 clean, 1 mandatory policy violation or deploy-blocking finding, 2 bad config or program error.`;

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export function parseArgs(argv: readonly string[]): CliOptions {
    const stacks: string[] = [];
    let outDir = "plan";
    let json = false;
    let preview = false;
    let help = false;
    let diff: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? splitOnce(arg, "=") : [arg, undefined];
        const value = (): string => {
            const v = inline ?? argv[++i];
            if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--stack":
            case "-s":
                stacks.push(...value().split(","));
                break;
            case "--out":
            case "-o":
                outDir = value();
                break;
            case "--json":
                json = true;
                break;
            case "--preview":
                preview = true;
                break;
            case "--diff":
                diff = value();
                break;
            case "--help":
            case "-h":
                help = true;
                break;
            default:
                throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
        }
    }
    return { stacks: expandStacks(stacks), outDir, json, preview, help, ...(diff !== undefined ? { diff } : {}) };
}

function expandStacks(requested: string[]): string[] {
    if (requested.length === 0) return [...ALL_STACKS];
    const out: string[] = [];
    for (const s of requested.map((r) => r.trim()).filter(Boolean)) {
        const names = s === "all" ? [...ALL_STACKS] : [s];
        for (const n of names) {
            if (!(ALL_STACKS as readonly string[]).includes(n)) {
                throw new UsageError(`unknown stack ${JSON.stringify(n)}; use ${ALL_STACKS.join(", ")} or all`);
            }
            if (!out.includes(n)) out.push(n);
        }
    }
    return out;
}

function splitOnce(text: string, sep: string): [string, string] {
    const at = text.indexOf(sep);
    return [text.slice(0, at), text.slice(at + 1)];
}
