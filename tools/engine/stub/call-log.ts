/**
 * Every call a stub provider answers, one JSON object a line, so a test can say what the engine
 * asked for (and prove no call went unanswered or reached anything but these stubs).
 *   ENGINE_STUB_LOG  the file (default: stub-calls.jsonl in the provider's working directory,
 *                    which the engine sets to the program's directory)
 */
import * as fs from "fs";
import * as path from "path";

export interface StubCall {
    readonly provider: string;
    readonly method: string;
    readonly urn?: string;
    readonly token?: string;
    readonly id?: string;
    /** Diff: the properties that force a replacement; Check: failures. */
    readonly replaces?: readonly string[];
    readonly changes?: boolean;
    readonly error?: string;
}

export function callLogPath(): string {
    return process.env.ENGINE_STUB_LOG || path.join(process.cwd(), "stub-calls.jsonl");
}

/** Appends one call; synchronous so lines from one process never interleave or get lost at exit. */
export function recordCall(call: StubCall): void {
    fs.appendFileSync(
        callLogPath(),
        `${JSON.stringify({ at: new Date().toISOString(), pid: process.pid, ...call })}\n`,
    );
}

/** The calls logged in `file` (tests). */
export function readCalls(file: string): (StubCall & { at: string; pid: number })[] {
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l));
}
