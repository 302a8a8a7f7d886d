/**
 * The test loop itself: a run that leaves a temporary folder behind fails (run-hygiene.ts, the
 * root hook every run loads), and the reporter's closing line, which CI parses, stays exactly
 * "N passed, M failed" and last, quiet or verbose, failures or not.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { leftovers, privateTempDir } from "../support/run-hygiene";
import { scratchDirs } from "../support/scratch-dirs";

const REPO = path.resolve(__dirname, "..", "..");
const MOCHA = path.join(REPO, "node_modules", "mocha", "bin", "mocha.js");

describe("the test loop", function () {
    this.timeout(60_000);
    const scratch = scratchDirs("test-loop-");

    it("every run has a private temporary directory (TMPDIR), so leaks are this run's own", () => {
        assert.match(path.basename(os.tmpdir()), /^ecs-platform-test-run-/);
        assert.strictEqual(process.env.TMPDIR, os.tmpdir());
    });

    it("leftovers names each entry left, tool caches aside", () => {
        const dir = scratch.make();
        assert.deepStrictEqual(leftovers(dir), []);
        fs.mkdirSync(path.join(dir, "plan-review-abc"));
        fs.writeFileSync(path.join(dir, "plan-review-abc", "dev.md"), "x");
        fs.writeFileSync(path.join(dir, "stray.json"), "{}");
        fs.mkdirSync(path.join(dir, "v8-compile-cache-0"));
        assert.deepStrictEqual(leftovers(dir), ["plan-review-abc/ (dev.md)", "stray.json"]);
    });

    it("privateTempDir points TMPDIR at a fresh folder and restores it", () => {
        const before = process.env.TMPDIR;
        const t = privateTempDir("test-loop-private-");
        try {
            assert.strictEqual(os.tmpdir(), t.dir);
        } finally {
            t.restore();
            fs.rmSync(t.dir, { recursive: true, force: true });
        }
        assert.strictEqual(process.env.TMPDIR, before);
    });

    /** A mocha run of one throwaway spec with the project's .mocharc (hooks and reporter). */
    function mochaOn(spec: string, env: Record<string, string> = {}): { status: number; out: string; lines: string[] } {
        const dir = scratch.make();
        const file = path.join(dir, "probe.spec.ts");
        fs.writeFileSync(file, spec);
        const r = spawnSync(process.execPath, [MOCHA, file], {
            cwd: REPO,
            encoding: "utf8",
            env: { ...process.env, ...env },
        });
        const out = r.stdout + r.stderr;
        return { status: r.status ?? 1, out, lines: r.stdout.trimEnd().split("\n") };
    }

    // One child run for both: a probe with two passing tests, one failing, and one that leaks.
    it("a leak fails the run naming it; quiet output: dots, failures in full, slowest files, 'N passed, M failed' last", () => {
        const r = mochaOn(`import * as assert from "assert"; import * as fs from "fs";
            import * as os from "os"; import * as path from "path";
            describe("probe", () => {
                it("a", () => {}); it("b", () => {});
                it("c", () => { assert.deepStrictEqual({ a: 1 }, { a: 2 }); });
                it("leaks", () => { fs.mkdtempSync(path.join(os.tmpdir(), "plan-review-")); });
            });`);
        assert.strictEqual(r.status, 2, r.out);
        assert.match(r.out, /the run left 1 temporary entry behind .*plan-review-\w+\/ \(empty\)/);
        assert.strictEqual(r.lines[r.lines.length - 1], "3 passed, 2 failed");
        assert.match(r.out, /^\.\.\n?✗ probe c: Expected values to be strictly deep-equal:/m);
        assert.match(r.out, /1\) probe\n\s+c:\n/, "the failure in full");
        assert.match(r.out, /\+ actual - expected/, "with its diff");
        assert.match(r.out, /slowest spec files \(of 1\):\n\s+\d+\.\d s {2}.*probe\.spec\.ts/);
        assert.doesNotMatch(r.out, /✔ a/, "passing titles are not listed");
    });

    it("verbose on request: mocha's spec output, and the same closing line", () => {
        const r = mochaOn(`describe("probe", () => { it("a", () => {}); });`, { ECS_PLATFORM_TEST_VERBOSE: "1" });
        assert.strictEqual(r.status, 0, r.out);
        assert.match(r.out, /✔ a/);
        assert.strictEqual(r.lines[r.lines.length - 1], "1 passed, 0 failed");
    });
});
