/**
 * A test run leaves nothing behind. Loaded by .mocharc before any spec: every run gets its own
 * temporary directory (TMPDIR, which os.tmpdir() and every child process read), and the root
 * `afterAll` hook fails the run, naming each entry, when anything is still in it at the end.
 * Checking a private directory, not the shared /tmp, keeps another process's files (a second
 * run on the same machine) out of the verdict. The directory itself is removed either way, so
 * a leak costs one failed run, not a pile of folders.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const TEMP_VARS = ["TMPDIR", "TMP", "TEMP"] as const;

/**
 * Caches that tools keep in the temporary directory by design, not output of a test: npm's
 * v8-compile-cache (a child `npm run` loads it) and the grammar cache of lark, the parser
 * Checkov's HCL reader uses (tests/tools/scan). Removed with the directory, never reported.
 */
const TOOL_CACHES: readonly RegExp[] = [/^v8-compile-cache-\d+$/, /^\.lark_cache_[A-Za-z0-9_]+\.tmp$/];

/** The entries left in `dir`, each with what it is (a folder's first few entries help find its owner). */
export function leftovers(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((name) => !TOOL_CACHES.some((c) => c.test(name)))
        .sort()
        .map((name) => {
            const full = path.join(dir, name);
            const isDir = fs.lstatSync(full).isDirectory();
            const inside = isDir ? fs.readdirSync(full).slice(0, 3) : [];
            return isDir ? `${name}/ (${inside.length ? inside.join(", ") : "empty"})` : name;
        });
}

/** Points TMPDIR (and TMP, TEMP) at a fresh directory; returns it and how to restore the old values. */
export function privateTempDir(prefix = "ecs-platform-test-run-"): { dir: string; restore(): void } {
    const saved = TEMP_VARS.map((v) => [v, process.env[v]] as const);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const v of TEMP_VARS) process.env[v] = dir;
    return {
        dir,
        restore() {
            for (const [v, value] of saved) {
                if (value === undefined) delete process.env[v];
                else process.env[v] = value;
            }
        },
    };
}

const run = privateTempDir();

export const mochaHooks = {
    afterAll(): void {
        const left = leftovers(run.dir);
        run.restore();
        fs.rmSync(run.dir, { recursive: true, force: true });
        if (left.length > 0) {
            throw new Error(
                `the run left ${left.length} temporary entr${left.length === 1 ? "y" : "ies"} behind ` +
                    `(each test removes what it creates; tests/support/scratch-dirs.ts): ${left.join("; ")}`,
            );
        }
    },
};
