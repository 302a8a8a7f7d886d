// The test run's reporter. Quiet by default: a dot per passing test, a line the moment one fails,
// then every failure in full (title path, message, diff, stack), the slowest spec files, and the
// closing line CI reads: "N passed, N failed" (always the last line). ECS_PLATFORM_TEST_VERBOSE=1
// (or `--reporter-option verbose=1`) prints mocha's spec output instead of the dots.
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_SUITE_BEGIN, EVENT_SUITE_END } =
    Mocha.Runner.constants;

const SLOWEST_SHOWN = 5;
const DOTS_PER_LINE = 80;

/** Wall time per spec file (its top-level suites, hooks included), slowest first. */
function trackFiles(runner) {
    const started = new Map();
    const totals = new Map();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
        if (suite.file && suite.parent && suite.parent.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
        const t = started.get(suite);
        if (t === undefined) return;
        totals.set(suite.file, (totals.get(suite.file) || 0) + Date.now() - t);
    });
    return () => [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

function relative(file) {
    const cwd = process.cwd();
    return file.startsWith(cwd) ? file.slice(cwd.length + 1) : file;
}

function timingLines(files) {
    if (files.length === 0) return [];
    const lines = [`slowest spec files (of ${files.length}):`];
    for (const [file, ms] of files.slice(0, SLOWEST_SHOWN)) {
        lines.push(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${relative(file)}`);
    }
    return lines;
}

function summaryLine(stats) {
    return `${stats.passes} passed, ${stats.failures} failed`;
}

class Summary extends Mocha.reporters.Base {
    constructor(runner, options) {
        super(runner, options);
        const verbose =
            process.env.ECS_PLATFORM_TEST_VERBOSE === "1" ||
            ["1", "true"].includes(String((options && options.reporterOption && options.reporterOption.verbose) || ""));
        const slowest = trackFiles(runner);
        if (verbose) {
            // Mocha's spec reporter for the body; this class only adds the timing and the closing line.
            new Mocha.reporters.Spec(runner, options);
        } else {
            let column = 0;
            const dot = (mark) => {
                process.stdout.write(mark);
                column += 1;
                if (column % DOTS_PER_LINE === 0) process.stdout.write("\n");
            };
            runner.on(EVENT_TEST_PASS, () => dot("."));
            runner.on(EVENT_TEST_PENDING, () => dot(","));
            runner.on(EVENT_TEST_FAIL, (test, err) => {
                if (column % DOTS_PER_LINE !== 0) process.stdout.write("\n");
                column = 0;
                const message = String((err && err.message) || err).split("\n")[0];
                process.stdout.write(`✗ ${test.fullTitle()}: ${message}\n`);
            });
        }
        runner.once(EVENT_RUN_END, () => {
            if (!verbose) {
                process.stdout.write("\n");
                this.epilogue();
            }
            const lines = timingLines(slowest());
            if (lines.length > 0) process.stdout.write(`\n${lines.join("\n")}\n`);
            process.stdout.write(`\n${summaryLine(runner.stats)}\n`);
        });
    }
}

module.exports = Summary;
module.exports.summaryLine = summaryLine;
module.exports.timingLines = timingLines;
