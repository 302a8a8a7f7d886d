/**
 * `npm run bench`: measures the figures the project promises, in one run on this machine, and
 * prints them next to their budgets. Figures only: it never fails a build (tests are not timed).
 *
 *   - `node -e "require('@pulumi/aws')"`     the floor every Pulumi program pays
 *   - evaluating one stack offline             budget <= 1.5x that floor
 *   - `npm run plan` (all three stacks)        budget <= 3.5 s wall, <= 600 MB peak RSS
 *   - `npm run plan -- --diff HEAD` per stack  budget <= 2x the plain plan of that stack; all three
 *     stacks <= 600 MB summed RSS of head and base processes (bench/diff-bench.ts)
 *   - `npm test`                               budget <= 60 s wall, <= 1 GB peak RSS
 *   - `npm ci` from the lockfile (scratch dir) budget <= 60 s
 *   - the plan of dev with 5, 10, 20 and 40 generated services (bench/services-bench.ts)
 *                                              budget: 20 services <= 3 s; cost per added service constant
 *   - the full policy pack over the dev graph replicated to >= 20,000 and 40,000 resources
 *     (bench/scale.ts)                         budget <= 300 us per resource, ~2x time for 2x resources;
 *     run with Node's default heap and with a 64 MB young generation (GC apart from the pack's work)
 *
 * Options: --skip-test, --skip-ci, --skip-scale, --skip-diff, --skip-services (the slow ones), --runs N (repeats of the fast ones,
 * default 3), --scale-resources N (default 20000).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffBench } from "./diff-bench";

const ROOT = path.resolve(__dirname, "..");
const HAS_GNU_TIME = fs.existsSync("/usr/bin/time");

interface Measurement {
    readonly seconds: number;
    /** Peak RSS of the largest process in the tree, MB (GNU time), when available. */
    readonly peakMb?: number;
    readonly ok: boolean;
}

/** Runs a shell command, returning wall time and (via GNU time) the peak RSS of its process tree. */
function measure(command: string, cwd = ROOT): Measurement {
    const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}.txt`);
    const wrapped = HAS_GNU_TIME
        ? `/usr/bin/time -f "%M" -o ${timeFile} sh -c '${command.replace(/'/g, "'\\''")}'`
        : command;
    const start = process.hrtime.bigint();
    const r = spawnSync("sh", ["-c", wrapped], {
        cwd,
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    let peakMb: number | undefined;
    if (HAS_GNU_TIME && fs.existsSync(timeFile)) {
        const kb = Number(fs.readFileSync(timeFile, "utf8").trim().split("\n").pop());
        if (Number.isFinite(kb)) peakMb = kb / 1024;
        fs.rmSync(timeFile, { force: true });
    }
    if (r.status !== 0)
        process.stderr.write(`bench: "${command}" exited ${r.status}: ${r.stderr.toString().slice(-400)}\n`);
    return { seconds, peakMb, ok: r.status === 0 };
}

/** Best of N runs (the least disturbed by the rest of the machine). */
function best(command: string, runs: number): Measurement {
    const all = Array.from({ length: runs }, () => measure(command));
    return all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function row(name: string, m: Measurement, budget: string, within: boolean): string {
    const rss = m.peakMb === undefined ? "n/a" : `${m.peakMb.toFixed(0)} MB`;
    const verdict = !m.ok ? "FAILED" : within ? "within budget" : "OVER BUDGET";
    return `${name.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s  ${rss.padStart(8)}   ${budget.padEnd(26)} ${verdict}`;
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const runs = Number(args[args.indexOf("--runs") + 1]) || 3;
    const lines: string[] = [];
    console.log(
        `ecs-platform bench on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
    );
    console.log(
        `${"what".padEnd(34)} ${"wall".padStart(9)}  ${"peak RSS".padStart(8)}   ${"budget".padEnd(26)} verdict`,
    );

    const floor = best(`node -e "require('@pulumi/aws')"`, runs);
    lines.push(row("require('@pulumi/aws')", floor, "(the floor)", true));

    const evalOne = best(
        `node -r ts-node/register -e "require('./offline/evaluate').evaluateStack({ stack: 'dev' }).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })"`,
        runs,
    );
    const ratio = evalOne.seconds / floor.seconds;
    lines.push(row(`evaluate dev offline (${ratio.toFixed(2)}x floor)`, evalOne, "<= 1.5x floor", ratio <= 1.5));

    const plan = best(`npm run --silent plan -- --out ${path.join(os.tmpdir(), "bench-plan")}`, runs);
    lines.push(
        row(
            "npm run plan (dev, test, prod)",
            plan,
            "<= 3.5 s, <= 600 MB",
            plan.seconds <= 3.5 && (plan.peakMb ?? 0) <= 600,
        ),
    );

    if (!args.includes("--skip-diff")) lines.push(...(await diffBench(runs)));
    if (!args.includes("--skip-services")) {
        // Its own process: the SDK runtime is global, and a clean module state per size.
        const r = spawnSync("node", ["-r", "ts-node/register", "bench/services-bench.ts", "--runs", "2"], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "inherit"],
        });
        lines.push("plan of a generated services map (dev):", ...r.stdout.toString().trimEnd().split("\n"));
        if (r.status !== 0) lines.push(`services bench exited ${r.status}`);
    }

    if (!args.includes("--skip-test")) {
        const test = measure("npm test");
        lines.push(row("npm test", test, "<= 60 s, <= 1 GB", test.seconds <= 60 && (test.peakMb ?? 0) <= 1024));
    }
    if (!args.includes("--skip-ci")) {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ci-"));
        for (const f of ["package.json", "package-lock.json"])
            fs.copyFileSync(path.join(ROOT, f), path.join(scratch, f));
        fs.mkdirSync(path.join(scratch, "policy-pack"));
        fs.copyFileSync(path.join(ROOT, "policy-pack/package.json"), path.join(scratch, "policy-pack/package.json"));
        const ci = measure("npm ci --no-audit --no-fund --prefer-offline", scratch);
        lines.push(row("npm ci (lockfile, warm npm cache)", ci, "<= 60 s", ci.seconds <= 60));
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    if (!args.includes("--skip-scale")) {
        // Its own process: a clean heap, and the same ts-node path the tests use.
        const n = Number(args[args.indexOf("--scale-resources") + 1]) || 20_000;
        // Twice: with Node's default young generation, and with a 64 MB one. At 40,000 resources the
        // default's scavenges promote the pack's short-lived objects and the old-generation GC grows
        // faster than the work; the second run shows the pack's own cost (linear) apart from that.
        for (const [label, flags] of [
            ["node defaults", []],
            ["--max-semi-space-size=64", ["--max-semi-space-size=64"]],
        ] as const) {
            const r = spawnSync(
                "node",
                [...flags, "-r", "ts-node/register", "bench/scale.ts", "--resources", String(n)],
                { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
            );
            lines.push(`policy pack scale (${label}):`, ...r.stdout.toString().trimEnd().split("\n"));
            if (r.status !== 0) lines.push(`policy pack scale bench exited ${r.status}`);
        }
    }
    for (const l of lines) console.log(l);
}

void main();
