/**
 * Terminal output of the plan: colours only for a TTY that did not ask for NO_COLOR, and progress
 * lines on stderr (stdout carries the plan itself, or the one JSON document with `--json`).
 */

export interface Style {
    readonly enabled: boolean;
    bold(text: string): string;
    dim(text: string): string;
    green(text: string): string;
    yellow(text: string): string;
    red(text: string): string;
    cyan(text: string): string;
}

const wrap = (enabled: boolean, open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export function makeStyle(enabled: boolean): Style {
    return {
        enabled,
        bold: wrap(enabled, 1, 22),
        dim: wrap(enabled, 2, 22),
        green: wrap(enabled, 32, 39),
        yellow: wrap(enabled, 33, 39),
        red: wrap(enabled, 31, 39),
        cyan: wrap(enabled, 36, 39),
    };
}

/**
 * FORCE_COLOR as Node reads it (https://nodejs.org/api/cli.html#force_color1-2-3): "", 1, 2, 3 or
 * true force colour even without a TTY and win over NO_COLOR; any other value (0, false) turns it
 * off. Then https://no-color.org: any non-empty NO_COLOR disables colour; so does a non-TTY stream.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
    if (env.FORCE_COLOR !== undefined) return ["", "1", "2", "3", "true"].includes(env.FORCE_COLOR);
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    return stream.isTTY === true;
}

/** Removes ANSI colour codes (for width calculations). */
export function stripAnsi(text: string): string {
    return text.replace(/\u001b\[[0-9;]*m/g, "");
}

export function padEnd(text: string, width: number): string {
    const visible = stripAnsi(text).length;
    return visible >= width ? text : text + " ".repeat(width - visible);
}

/** Progress reporting; the CLI writes to stderr, tests pass a no-op. */
export interface Progress {
    step(stack: string, message: string): void;
    done(stack: string, message: string): void;
    fail(stack: string, message: string): void;
}

export const SILENT_PROGRESS: Progress = { step: () => {}, done: () => {}, fail: () => {} };

export function streamProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, style: Style): Progress {
    const started = Date.now();
    const elapsed = () => style.dim(`${((Date.now() - started) / 1000).toFixed(1)}s`);
    return {
        step: (stack, message) => stream.write(`${style.cyan("…")} ${style.bold(stack)} ${message} ${elapsed()}\n`),
        done: (stack, message) => stream.write(`${style.green("✓")} ${style.bold(stack)} ${message} ${elapsed()}\n`),
        fail: (stack, message) => stream.write(`${style.red("✗")} ${style.bold(stack)} ${message} ${elapsed()}\n`),
    };
}
