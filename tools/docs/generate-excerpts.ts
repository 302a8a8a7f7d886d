/**
 * The excerpts of real output the docs show, generated from the real output so they cannot go
 * stale: the plan of dev (README.md, docs/plan.md), the messages of bad config (README.md,
 * docs/plan.md) and the prod diagram (docs/img/prod-architecture.svg is plan/prod.svg). Each
 * excerpt lives between `<!-- generated: <id> (npm run docs) -->` and `<!-- /generated -->`; the
 * prose around it is hand-written. tests/tools/docs/docs-drift.spec.ts fails when a committed file
 * differs from what this writes.
 *
 *   npm run docs              every generated doc (policies, traceability, these excerpts)
 *   npm run docs:excerpts -- --check   exit 1 when an excerpt or the picture is stale
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { schemaDefaults } from "../../config/defaults";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import { platformConfigSchema } from "../../config/schema";
import { readStackConfig } from "../../offline/stack-config";
import type { Evaluate } from "../plan/plan";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const REGENERATE_DOCS = "npm run docs";
export const PICTURE = "docs/img/prod-architecture.svg";
/** The files with generated blocks, relative to the repository. */
export const EXCERPT_FILES = ["README.md", "docs/plan.md"] as const;

const BLOCK = /(<!-- generated: ([a-z-]+) \(npm run docs\) -->\n)[\s\S]*?(<!-- \/generated -->)/g;
/** How many lines of each section the README's short excerpt keeps. */
const SUMMARY_LINES = 3;

/** The bad values whose messages the README shows, one per kind of mistake. */
const BAD_CONFIG: Readonly<Record<string, unknown>> = {
    "ecs-platform:logRetentionDay": 7,
    "ecs-platform:scaling": { cpuTargetPercent: 0.7 },
    "ecs-platform:database": { instanceClass: "db.t4g.small", allocatedStorage: "2.5" },
    "ecs-platform:alarmEmail": "ops-at-example.com",
};

export interface Excerpts {
    /** Excerpt text by block id. */
    readonly blocks: ReadonlyMap<string, string>;
    /** The rendered prod diagram. */
    readonly picture: string;
}

/** Everything the generated blocks and the picture hold, from real plans (`evaluate` for the stacks). */
export async function renderExcerpts(evaluate?: Evaluate): Promise<Excerpts> {
    const { runPlan } = await import("../plan/plan");
    const blocks = new Map<string, string>();
    const dev = await runPlan({ stacks: ["dev"], ...(evaluate ? { evaluate } : {}) });
    const text = dev.stacks[0].text.split("\n");
    blocks.set("plan-tree", treeExcerpt(text));
    blocks.set("plan-analysis", analysisExcerpt(text));
    blocks.set("plan-summary", summaryExcerpt(text));
    // The config error goes through the real evaluator: overrides are what make it fail.
    const broken = await runPlan({
        stacks: ["dev"],
        configOverrides: { "ecs-platform:services": brokenServices() },
    });
    blocks.set("plan-config-error", broken.stacks[0].text.trimEnd());
    blocks.set("config-errors", configErrors());
    blocks.set("config-defaults", configDefaults());
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-docs-"));
    try {
        await runPlan({ stacks: ["prod"], outDir: out, tfplan: false, ...(evaluate ? { evaluate } : {}) });
        return { blocks, picture: fs.readFileSync(path.join(out, "prod.svg"), "utf8") };
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

/** `file`'s text with every generated block filled from `excerpts`; unknown ids throw. */
export function fillBlocks(file: string, text: string, excerpts: Excerpts): string {
    return text.replace(BLOCK, (_m, open: string, id: string, close: string) => {
        const body = excerpts.blocks.get(id);
        if (body === undefined)
            throw new Error(`${file}: no excerpt "${id}" (known: ${[...excerpts.blocks.keys()].join(", ")})`);
        return `${open}\n\`\`\`\n${body}\n\`\`\`\n\n${close}`;
    });
}

/** The committed content and what the generator writes, per file. */
export function renderedFiles(
    excerpts: Excerpts,
    root = REPO_ROOT,
): { file: string; committed: string; rendered: string }[] {
    const out = EXCERPT_FILES.map((file): { file: string; committed: string; rendered: string } => {
        const committed = fs.readFileSync(path.join(root, file), "utf8");
        return { file, committed, rendered: fillBlocks(file, committed, excerpts) };
    });
    const picture = path.join(root, PICTURE);
    out.push({
        file: PICTURE,
        committed: fs.existsSync(picture) ? fs.readFileSync(picture, "utf8") : "",
        rendered: excerpts.picture,
    });
    return out;
}

/** The tree's header, the compute components (task definitions, services, scaling), the total. */
function treeExcerpt(lines: readonly string[]): string {
    const header = lines.findIndex((l) => /^\s+Type\s+Name\s+Plan\s+Info$/.test(l));
    const isTop = (l: string) => /^ [+~-]? {3}├─ /.test(l);
    const first = lines.findIndex((l) => isTop(l) && l.includes("ecs-platform:compute:"));
    let end = first;
    while (
        end < lines.length &&
        lines[end].trim() !== "" &&
        !(isTop(lines[end]) && !lines[end].includes("ecs-platform:compute:"))
    )
        end += 1;
    const total = lines.find((l) => l.startsWith("Resources: "));
    if (header < 0 || first < 0 || total === undefined)
        throw new Error("the plan's tree has changed shape; update treeExcerpt");
    return ["", lines[header], ...lines.slice(first, end), "...", total].join("\n");
}

/** From the policy verdict to the stack's closing line, verbatim. */
function analysisExcerpt(lines: readonly string[]): string {
    const from = lines.findIndex((l) => l.startsWith("Policies: "));
    const to = lines.findIndex((l) => /^dev: /.test(l));
    if (from < 0 || to < 0) throw new Error("the plan's sections have changed shape; update analysisExcerpt");
    return lines.slice(from, to + 1).join("\n");
}

/** Each section's header and first lines, "..." where cut, and the closing line. */
function summaryExcerpt(lines: readonly string[]): string {
    const body = analysisExcerpt(lines).split("\n");
    const out: string[] = [];
    let kept = 0;
    let cut = false;
    for (const line of body) {
        if (line.trim() === "" || /^dev: /.test(line)) {
            if (cut) out.push("  ...");
            if (/^dev: /.test(line)) out.push(line);
            kept = 0;
            cut = false;
            continue;
        }
        if (kept <= SUMMARY_LINES) out.push(line);
        else cut = true;
        kept += 1;
    }
    return out.join("\n");
}

function brokenServices(): Record<string, unknown> {
    const services = JSON.parse(readStackConfig(REPO_ROOT, "dev").config["ecs-platform:services"] ?? "{}") as Record<
        string,
        Record<string, unknown>
    >;
    return { ...services, bff: { ...services.bff, memory: 3000 } };
}

/** One line per schema default: `key: value`, with the modes or kinds it belongs to. */
function configDefaults(): string {
    return schemaDefaults(platformConfigSchema)
        .map((d) => `${d.key}: ${JSON.stringify(d.value)}${d.only ? `  (${d.only.join(", ")})` : ""}`)
        .join("\n");
}

/** What `pulumi preview` prints for the README's bad values: the config layer's own message. */
function configErrors(): string {
    const { config } = readStackConfig(REPO_ROOT, "dev", BAD_CONFIG);
    try {
        parsePlatformConfig(config, "dev");
    } catch (e) {
        if (e instanceof ConfigValidationError) return e.message;
        throw e;
    }
    throw new Error("the README's bad values were accepted; pick values the config layer refuses");
}

async function main(argv: readonly string[]): Promise<number> {
    const check = argv.includes("--check");
    const excerpts = await renderExcerpts();
    let stale = 0;
    for (const { file, committed, rendered } of renderedFiles(excerpts)) {
        if (committed === rendered) continue;
        stale += 1;
        if (check) process.stderr.write(`${file} is stale: run ${REGENERATE_DOCS}\n`);
        else fs.writeFileSync(path.join(REPO_ROOT, file), rendered);
    }
    if (!check) process.stdout.write(`excerpts: ${stale} file(s) rewritten\n`);
    return check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: Error) => {
            process.stderr.write(`${e.stack ?? e.message}\n`);
            process.exit(2);
        },
    );
}
