/**
 * Generates docs/traceability.md: for every task of the seed (../shared/seed/ecs-stack-tasks.md),
 * where the code decides it, where a test checks it, or which script, document or workflow covers
 * a process step. Nothing here is a hand-kept list of places: the code side is every source comment
 * that names the task id (`seed T035`), with the config key when the comment sits on a key of
 * config/schema.ts; the test side is every mocha title that names it. Only the process steps, which
 * have no code, are described here (PROCESS_STEPS).
 *
 *   npm run docs:traceability            write docs/traceability.md
 *   npm run docs:traceability -- --check exit 1 when docs/traceability.md is stale
 */
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const TRACEABILITY_PATH = path.join(REPO_ROOT, "docs/traceability.md");
export const SEED_PATH = path.resolve(REPO_ROOT, "../shared/seed/ecs-stack-tasks.md");
export const REGENERATE_TRACEABILITY = "npm run docs:traceability";

/** Where the code lives (scanned for task ids in comments) and where the specs live (scanned for titles). */
const CODE_ROOTS = ["index.ts", "components", "config", "policy-pack", "offline", "tools", ".github/workflows"];
const CODE_FILE = /\.(ts|ya?ml)$/;
const SPEC_ROOT = "tests";
const TASK_ID = /\bT0\d\d\b/g;

/** Seed tasks that are process steps of the CDK team's workflow, and what stands for each here. */
export const PROCESS_STEPS: Readonly<Record<string, { readonly covered: string; readonly files: readonly string[] }>> =
    {
        T002: {
            covered:
                "Dependencies are pinned in package.json and locked in package-lock.json; `npm ci` installs exactly them.",
            files: ["package.json", "package-lock.json"],
        },
        T058: {
            covered:
                "`cdk synth` becomes the offline evaluation of every stack (`npm run plan`) and `pulumi preview` with the pack on every pull request.",
            files: ["tools/plan/cli.ts", ".github/workflows/preview.yml"],
        },
        T059: {
            covered: "pyright becomes the TypeScript compiler in strict mode, run by `npm test` (`npm run check`).",
            files: ["tsconfig.json", "tools/check/typecheck-and-lint.mjs"],
        },
        T060: {
            covered: "black becomes prettier, checked by `npm test` (`prettier --check .`).",
            files: ["package.json"],
        },
        T061: {
            covered: "pylint becomes type-aware eslint, run by `npm test`.",
            files: ["eslint.config.mjs", "tools/check/typecheck-and-lint.mjs"],
        },
        T062: {
            covered: "The unit specs run in `npm test` (mocha, `tests/unit/`), in CI through `.ci/run`.",
            files: [".ci/run", "tests/unit"],
        },
        T063: {
            covered: "The contract specs run in `npm test` (mocha, `tests/contract/`), in CI through `.ci/run`.",
            files: [".ci/run", "tests/contract"],
        },
        T064: {
            covered:
                "The deployment report: deployment steps, validation and rollback are in docs/deployment.md; the deploy workflow records each run.",
            files: ["docs/deployment.md", ".github/workflows/deploy.yml"],
        },
        T065: {
            covered: "README.md starts with the plan and test commands and links the deployment guide.",
            files: ["README.md"],
        },
    };

export interface SeedTask {
    readonly id: string;
    readonly text: string;
}

export interface CodeMention {
    readonly file: string;
    /** The config key (dotted) when the mention documents a key of config/schema.ts or config/service-entry.ts. */
    readonly configKey?: string;
}

export interface TestMention {
    readonly file: string;
    readonly title: string;
}

/** The seed's tasks, in order: `- [ ] T001 text`. */
export function readSeedTasks(seedPath = SEED_PATH): SeedTask[] {
    const text = fs.readFileSync(seedPath, "utf8");
    return [...text.matchAll(/^- \[[ x]\] (T\d{3}) (.*)$/gm)].map((m) => ({
        id: m[1],
        text: m[2].replace(/\s+in [\w/.]+\.(py|md|txt)$/, "").replace(/^(\[[^\]]+\] )+/, ""),
    }));
}

function filesUnder(root: string, keep: (f: string) => boolean): string[] {
    const full = path.join(REPO_ROOT, root);
    if (!fs.existsSync(full)) return [];
    if (fs.statSync(full).isFile()) return keep(root) ? [root] : [];
    return fs
        .readdirSync(full, { withFileTypes: true })
        .filter((e) => e.name !== "node_modules")
        .flatMap((e) => filesUnder(path.join(root, e.name), keep))
        .sort();
}

/** The files whose schema objects document config keys (the stack's, and one entry of the services map). */
const SCHEMA_FILES: readonly string[] = ["config/schema.ts", "config/service-entry.ts"];

/** Schema objects whose keys are config keys, by the prefix their keys take. */
const SCHEMA_PREFIXES: Readonly<Record<string, string>> = {
    commonShape: "services.<name>.",
    httpEntry: "services.<name>.",
    internalEntry: "services.<name>.",
    grantsSchema: "services.<name>.grants.",
    scalingSchema: "scaling.",
    capacitySchema: "capacity.",
    networkSchema: "network.",
    networkCreateSchema: "network.",
    databaseCreateSchema: "database.",
    edgeSchema: "edge.",
    databaseSchema: "database.",
    bedrockSchema: "bedrock.",
    platformConfigSchema: "",
};

/** The config key a comment on line `i` of a schema file documents: the key on the next code line. */
function schemaKeyAt(lines: readonly string[], i: number): string | undefined {
    let schema: string | undefined;
    for (let j = i; j >= 0; j--) {
        const m = /^(?:export )?const (\w+(?:Schema|Shape|Entry))\b/.exec(lines[j]);
        if (m) {
            schema = m[1];
            break;
        }
    }
    const prefix = schema === undefined ? undefined : SCHEMA_PREFIXES[schema];
    if (prefix === undefined) return undefined;
    for (let j = i + 1; j < lines.length; j++) {
        if (/^\s*(\/\/|\/?\*)/.test(lines[j])) continue;
        const key = /^\s*(\w+):/.exec(lines[j]);
        if (!key) return undefined;
        return prefix
            .split("|")
            .map((p) => (p.endsWith(".") || p === "" ? `${p}${key[1]}` : `${p}.${key[1]}`))
            .join(" / ");
    }
    return undefined;
}

/** Every comment in the code that names a task id. */
export function codeMentions(): Map<string, CodeMention[]> {
    const found = new Map<string, CodeMention[]>();
    const files = CODE_ROOTS.flatMap((r) => filesUnder(r, (f) => CODE_FILE.test(f))).filter(
        (f) => f !== path.relative(REPO_ROOT, __filename),
    );
    for (const file of files) {
        const lines = fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n");
        lines.forEach((line, i) => {
            const comment = /(\/\/|\/\*\*?|^\s*\*|#)(.*)$/.exec(line);
            if (!comment) return;
            for (const [id] of comment[2].matchAll(TASK_ID)) {
                const configKey = SCHEMA_FILES.includes(file) ? schemaKeyAt(lines, i) : undefined;
                const list = found.get(id) ?? [];
                if (!list.some((m) => m.file === file && m.configKey === configKey)) list.push({ file, configKey });
                found.set(id, list);
            }
        });
    }
    return found;
}

/** Every describe/it title in the specs that names a task id. */
export function testMentions(): Map<string, TestMention[]> {
    const found = new Map<string, TestMention[]>();
    for (const file of filesUnder(SPEC_ROOT, (f) => f.endsWith(".spec.ts"))) {
        const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
        for (const m of text.matchAll(/\b(?:describe|it)\(\s*(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g)) {
            const title = m[2];
            for (const [id] of title.matchAll(TASK_ID)) {
                const list = found.get(id) ?? [];
                if (!list.some((t) => t.file === file && t.title === title)) list.push({ file, title });
                found.set(id, list);
            }
        }
    }
    return found;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderTraceability(tasks: readonly SeedTask[] = readSeedTasks()): string {
    const code = codeMentions();
    const tests = testMentions();
    const rows = tasks.map((t) => {
        const process = PROCESS_STEPS[t.id];
        const decided = (code.get(t.id) ?? []).map((m) => `\`${m.file}\``);
        const keys = (code.get(t.id) ?? []).flatMap((m) => (m.configKey ? [`\`${m.configKey}\``] : []));
        const where = process
            ? `${process.covered} (${process.files.map((f) => `\`${f}\``).join(", ")})`
            : [...new Set(decided)].join(", ") || "(a test task: see the specs)";
        const tested = (tests.get(t.id) ?? []).map((m) => `\`${m.file}\`: ${m.title}`);
        return `| ${t.id} | ${cell(t.text)} | ${cell(where)} | ${keys.join(", ") || "·"} | ${cell(tested.join("<br>") || "·")} |`;
    });
    return [
        "# Traceability: the seed's tasks in this repository",
        "",
        `<!-- Generated by \`${REGENERATE_TRACEABILITY}\` (tools/docs/generate-traceability.ts) from source comments that name a task id, config/schema.ts keys, and mocha titles. Do not edit by hand. -->`,
        "",
        "The seed task list (`../shared/seed/ecs-stack-tasks.md`) was written for a CDK/Python team. Each row says where",
        "this repository decides the task (the files whose comments cite it, and the config key when a number comes",
        "from config), which tests check it (spec file and title), or, for process steps, what covers them here.",
        "Where the seed is wrong about AWS, README.md says what we do instead.",
        "",
        "| Task | Seed | Decided in | Config key | Tested in |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
}

if (require.main === module) {
    const rendered = renderTraceability();
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(TRACEABILITY_PATH) ? fs.readFileSync(TRACEABILITY_PATH, "utf8") : "";
        if (current !== rendered) {
            console.error(`docs/traceability.md is stale; run \`${REGENERATE_TRACEABILITY}\``);
            process.exit(1);
        }
    } else {
        fs.writeFileSync(TRACEABILITY_PATH, rendered);
        console.log(`wrote docs/traceability.md (${readSeedTasks().length} tasks)`);
    }
}
