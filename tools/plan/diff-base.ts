/**
 * Evaluating the stacks at a base git ref for `--diff`: a detached `git worktree` of the ref in a
 * temporary folder (node_modules linked from this tree, so nothing is installed), and that tree's
 * own `npm run plan -- --json` in a child process. The SDK runtime is process-global and the two
 * trees' modules must never mix, so the base runs apart and hands back its plan JSON; the head
 * stays in this process. The worktree is removed afterwards (no branch is created or touched).
 * Whatever goes wrong (unknown ref, no plan tool at the ref, a program that does not evaluate) is
 * returned as a reason per stack, never thrown: a base that does not evaluate is part of the diff.
 */
import { execFile, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReportLike } from "./diff";

export interface BaseStack {
    /** The base's report of the stack (its own schema version), absent when there is none. */
    readonly report?: ReportLike;
    /** Why there is no report, or why the base's plan failed as a whole. */
    readonly why?: string;
    /** The ref has no stack file for it (as opposed to a base that failed). */
    readonly noStack?: true;
}

export interface BaseEvaluation {
    readonly ref: string;
    readonly commit?: string;
    readonly stacks: ReadonlyMap<string, BaseStack>;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Asynchronous, so the head keeps evaluating in this process meanwhile. */
function git(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile("git", args, { cwd, encoding: "utf8" }, (error, stdout, stderr) =>
            resolve({ status: error ? Number((error as { code?: number }).code ?? 1) || 1 : 0, stdout, stderr }),
        ),
    );
}

/** Starts evaluating `stacks` at `ref`; the promise settles when the child is done and the worktree is gone. */
export async function evaluateBase(
    ref: string,
    stacks: readonly string[],
    repoRoot: string = REPO_ROOT,
): Promise<BaseEvaluation> {
    const all = (why: string, commit?: string): BaseEvaluation => ({
        ref,
        ...(commit ? { commit } : {}),
        stacks: new Map(stacks.map((s) => [s, { why }])),
    });
    const resolved = await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], repoRoot);
    const commit = resolved.stdout.trim();
    if (resolved.status !== 0 || !commit) return all(`git cannot resolve ${JSON.stringify(ref)} to a commit`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-base-"));
    const tree = path.join(dir, "tree");
    try {
        const added = await git(["worktree", "add", "--detach", "--quiet", tree, commit], repoRoot);
        if (added.status !== 0) return all(`git worktree add failed: ${added.stderr.trim()}`, commit);
        linkNodeModules(repoRoot, tree);
        const out = new Map<string, BaseStack>();
        const present = stacks.filter((s) => fs.existsSync(path.join(tree, `Pulumi.${s}.yaml`)));
        for (const s of stacks)
            if (!present.includes(s)) out.set(s, { why: `${ref} has no Pulumi.${s}.yaml`, noStack: true });
        if (present.length === 0) return { ref, commit, stacks: out };
        if (!fs.existsSync(path.join(tree, "tools", "plan", "cli.ts"))) {
            for (const s of present) out.set(s, { why: `${ref} has no offline plan (tools/plan/cli.ts)` });
            return { ref, commit, stacks: out };
        }
        const child = await runChild(tree, present, path.join(dir, "out"));
        const reports = parsePlanDocument(child.stdout);
        for (const s of present) {
            const report = reports?.find((r) => r.stack === s);
            const tail = child.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 400);
            out.set(
                s,
                report ? { report } : { why: `the base plan printed no report for ${s} (exit ${child.code}): ${tail}` },
            );
        }
        return { ref, commit, stacks: out };
    } finally {
        // Synchronous: the folder must be gone when the promise settles, whatever happened.
        spawnSync("git", ["worktree", "remove", "--force", tree], { cwd: repoRoot });
        spawnSync("git", ["worktree", "prune"], { cwd: repoRoot });
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The base tree resolves this tree's installed packages (same lockfile or not: the diff says which ref). */
function linkNodeModules(repoRoot: string, tree: string): void {
    for (const rel of ["node_modules", path.join("policy-pack", "node_modules")]) {
        const from = path.join(repoRoot, rel);
        const to = path.join(tree, rel);
        if (fs.existsSync(from) && !fs.existsSync(to) && fs.existsSync(path.dirname(to)))
            fs.symlinkSync(from, to, "dir");
    }
}

function runChild(tree: string, stacks: readonly string[], outDir: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ECS_PLATFORM_PLAN_NO_SVG: "1" };
    // The head's test hook must not leak into the base.
    delete env.ECS_PLATFORM_PLAN_OVERRIDES;
    delete env.FORCE_COLOR;
    const args = [
        "-r",
        "ts-node/register",
        "tools/plan/cli.ts",
        "--json",
        "--stack",
        stacks.join(","),
        "--out",
        outDir,
    ];
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, args, { cwd: tree, env, stdio: ["ignore", "pipe", "pipe"] });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        p.stdout.on("data", (b: Buffer) => stdout.push(b));
        p.stderr.on("data", (b: Buffer) => stderr.push(b));
        p.on("error", (e) => resolve({ code: null, stdout: "", stderr: e.message }));
        p.on("close", (code) =>
            resolve({
                code,
                stdout: Buffer.concat(stdout).toString("utf8"),
                stderr: Buffer.concat(stderr).toString("utf8"),
            }),
        );
    });
}

/** The stack reports of a `--json` plan document (any schema version), or undefined when it is not one. */
export function parsePlanDocument(text: string): ReportLike[] | undefined {
    const start = text.indexOf("{");
    if (start < 0) return undefined;
    try {
        const doc = JSON.parse(text.slice(start)) as { stacks?: unknown };
        return Array.isArray(doc.stacks) ? (doc.stacks as ReportLike[]) : undefined;
    } catch {
        return undefined;
    }
}
