/**
 * Command line of `npm run plan [-- --stack NAME|all] [--out DIR] [--json] [--json-out FILE] [--preview]
 * [--diff REF] [--foundation-exports [NAME=]FILE] [--no-tfplan]`.
 * The stacks are the project's `Pulumi.<name>.yaml` files, not a fixed list.
 */
import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Promotion order first; any other stack after them, by name. */
const PROMOTION_ORDER = ["dev", "test", "prod"];

/** The stacks of the project in `dir`: one per `Pulumi.<name>.yaml` (or `.yml`). */
export function discoverStacks(dir: string = REPO_ROOT): string[] {
    const names = fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.([^.]+)\.ya?ml$/.exec(f)?.[1])
        .filter((n): n is string => n !== undefined);
    const rank = (n: string) => {
        const i = PROMOTION_ORDER.indexOf(n);
        return i < 0 ? PROMOTION_ORDER.length : i;
    };
    return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface CliOptions {
    readonly stacks: string[];
    readonly outDir: string;
    readonly json: boolean;
    /** Also write the JSON document to this file (clean JSON whatever npm prints on stdout). */
    readonly jsonOut?: string;
    readonly preview: boolean;
    readonly help: boolean;
    /** `--diff <git-ref>`: the base to compare the working tree with. */
    readonly diff?: string;
    /** `--no-tfplan`: skip `<stack>.tfplan.json` (the Terraform-plan export for outside scanners). */
    readonly tfplan: boolean;
    /** `--foundation-exports [NAME=]FILE`, repeatable: outputs of the stacks `stackReference` mode reads. */
    readonly foundationExports: readonly string[];
}

export const USAGE = `Usage: npm run plan [-- --stack NAME|all] [--out DIR] [--json] [--json-out FILE] [--preview] [--diff REF] [--foundation-exports [NAME=]FILE] [--no-tfplan]

Evaluates each stack offline (no AWS, no Pulumi CLI) and writes plan/<stack>.json, .md, .svg and .tfplan.json.
  --stack NAME     a stack of a Pulumi.<NAME>.yaml file, or all (default all); repeat or
                   comma-separate for several
  --out DIR        output folder (default plan)
  --json           print one JSON document on stdout instead of the human-readable plan
                   (npm prints a header on stdout: use \`npm run -s plan -- --json\`)
  --json-out FILE  also write that JSON document to FILE (clean JSON whatever npm prints)
  --preview        leave computed values unknown, as a first \`pulumi preview\` does
  --no-tfplan      skip plan/<stack>.tfplan.json (the stack as Terraform plan JSON for Checkov,
                   Trivy, KICS, conftest; docs/scanners.md)
  --diff REF       also evaluate the stacks at git ref REF (e.g. origin/main) and report what
                   changes: resources (replacements called out), policy findings, reachability,
                   IAM, cost
  --foundation-exports [NAME=]FILE
                   outputs of a stack that a stackReference mode reads (offline there is no
                   Pulumi Cloud to read them from): the plan's own plan/<stack>.json of that
                   stack, or NAME=FILE of \`pulumi stack output --json --show-secrets\`; repeatable
Exit codes: 0 clean, 1 mandatory policy violation or deploy-blocking finding, 2 bad config or program error.`;

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export function parseArgs(argv: readonly string[], available: readonly string[] = discoverStacks()): CliOptions {
    const stacks: string[] = [];
    let jsonOut: string | undefined;
    let outDir = "plan";
    let json = false;
    let preview = false;
    let help = false;
    let diff: string | undefined;
    let tfplan = true;
    const foundationExports: string[] = [];
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
            case "--json-out":
                jsonOut = value();
                break;
            case "--preview":
                preview = true;
                break;
            case "--diff":
                diff = value();
                break;
            case "--no-tfplan":
                tfplan = false;
                break;
            case "--foundation-exports":
                foundationExports.push(value());
                break;
            case "--help":
            case "-h":
                help = true;
                break;
            default:
                throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
        }
    }
    return {
        stacks: expandStacks(stacks, available),
        outDir,
        json,
        ...(jsonOut !== undefined ? { jsonOut } : {}),
        preview,
        help,
        ...(diff !== undefined ? { diff } : {}),
        tfplan,
        foundationExports,
    };
}

function expandStacks(requested: string[], available: readonly string[]): string[] {
    if (requested.length === 0) return [...available];
    const out: string[] = [];
    for (const s of requested.map((r) => r.trim()).filter(Boolean)) {
        const names = s === "all" ? [...available] : [s];
        for (const n of names) {
            if (!available.includes(n)) {
                throw new UsageError(
                    `unknown stack ${JSON.stringify(n)}: no Pulumi.${n}.yaml; use ${available.join(", ")} or all`,
                );
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
