/**
 * `npm run bench` figures of `npm run plan -- --diff <ref>`: per stack, the diff against HEAD
 * next to the plain plan of the same stack (budget <= 2x, one run each, best of N), and the diff
 * of all three stacks with the peak memory of the whole process tree summed (the head's process
 * plus the base's child run side by side; GNU time's %M would report only the larger one).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface TreeMeasurement {
    readonly seconds: number;
    /** Peak of the summed RSS of the process and all its descendants, MB (Linux /proc). */
    readonly peakMb?: number;
    readonly ok: boolean;
}

/** RSS (kB) of `pid` and its descendants, read from /proc. */
function treeRssKb(root: number): number | undefined {
    if (!fs.existsSync("/proc")) return undefined;
    const parent = new Map<number, number>();
    const rss = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
            const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
            const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
            parent.set(Number(entry), ppid);
            rss.set(Number(entry), kb);
        } catch {
            // the process ended while we looked
        }
    }
    let total = 0;
    for (const [pid, kb] of rss) {
        for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
            if (p === root) {
                total += kb;
                break;
            }
        }
    }
    return total;
}

function measureTree(args: readonly string[]): Promise<TreeMeasurement> {
    return new Promise((resolve) => {
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, ["-r", "ts-node/register", "tools/plan/cli.ts", ...args], {
            cwd: ROOT,
            stdio: "ignore",
            env: { ...process.env, NO_COLOR: "1" },
        });
        let peak = 0;
        let sampled = false;
        const timer = setInterval(() => {
            const kb = treeRssKb(child.pid!);
            if (kb !== undefined) {
                sampled = true;
                peak = Math.max(peak, kb);
            }
        }, 25);
        child.on("close", (code) => {
            clearInterval(timer);
            const seconds = Number(process.hrtime.bigint() - start) / 1e9;
            resolve({ seconds, ...(sampled ? { peakMb: peak / 1024 } : {}), ok: code === 0 || code === 1 });
        });
    });
}

async function best(args: readonly string[], runs: number): Promise<TreeMeasurement> {
    let winner: TreeMeasurement | undefined;
    for (let i = 0; i < runs; i++) {
        const m = await measureTree(args);
        if (!winner || m.seconds < winner.seconds) winner = m;
    }
    return winner!;
}

/** Bench rows for the diff (formatted like bench.ts's). */
export async function diffBench(runs: number, ref = "HEAD"): Promise<string[]> {
    const out = path.join(os.tmpdir(), "bench-diff");
    const rows: string[] = [];
    const fmt = (name: string, m: TreeMeasurement, budget: string, within: boolean) => {
        const rss = m.peakMb === undefined ? "n/a" : `${m.peakMb.toFixed(0)} MB`;
        const verdict = !m.ok ? "FAILED" : within ? "within budget" : "OVER BUDGET";
        return `${name.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s  ${rss.padStart(8)}   ${budget.padEnd(26)} ${verdict}`;
    };
    for (const stack of ["dev", "test", "prod"]) {
        const plain = await best(["--stack", stack, "--out", out], runs);
        const diff = await best(["--stack", stack, "--out", out, "--diff", ref], runs);
        const ratio = diff.seconds / plain.seconds;
        rows.push(fmt(`plan ${stack} (tree RSS)`, plain, "(the reference)", true));
        rows.push(fmt(`plan ${stack} --diff ${ref} (${ratio.toFixed(2)}x)`, diff, "<= 2x plain plan", ratio <= 2));
    }
    const all = await best(["--out", out, "--diff", ref], runs);
    rows.push(fmt(`plan --diff ${ref} (3 stacks)`, all, "<= 600 MB summed RSS", (all.peakMb ?? 0) <= 600));
    return rows;
}
