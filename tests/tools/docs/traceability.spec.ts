/**
 * docs/traceability.md is generated from the code and the test titles and kept exact: it matches a
 * fresh rendering, names every seed task, names only files that exist, and leaves no task without
 * a place in the code (or a process step standing for it) and a test (or that process step).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    codeMentions,
    PROCESS_STEPS,
    readSeedTasks,
    REGENERATE_TRACEABILITY,
    renderTraceability,
    REPO_ROOT,
    testMentions,
    TRACEABILITY_PATH,
} from "../../../tools/docs/generate-traceability";

const tasks = readSeedTasks();
/** Tasks whose whole content is a test (the seed's "create contract test" / "update unit tests"). */
const isTestTask = (text: string) => /^(Create contract test|Update unit tests)/.test(text);

describe("docs/traceability.md", () => {
    it(`is up to date (regenerate: ${REGENERATE_TRACEABILITY})`, () => {
        assert.strictEqual(fs.readFileSync(TRACEABILITY_PATH, "utf8"), renderTraceability(tasks));
    });

    it("reads every task of the seed, T001 to T065", () => {
        const ids = tasks.map((t) => t.id);
        assert.strictEqual(ids[0], "T001");
        assert.strictEqual(ids[ids.length - 1], "T065");
        assert.strictEqual(new Set(ids).size, ids.length);
        assert.ok(ids.length >= 60, `${ids.length} tasks`);
        const doc = fs.readFileSync(TRACEABILITY_PATH, "utf8");
        for (const id of ids) assert.match(doc, new RegExp(`^\\| ${id} \\|`, "m"), `${id} has no row`);
    });

    it("names only files that exist", () => {
        const doc = fs.readFileSync(TRACEABILITY_PATH, "utf8");
        const named = [...doc.matchAll(/`([\w./-]+\.(?:ts|md|json|yml|yaml|mjs)|\.ci\/run|tests\/\w+)`/g)].map(
            (m) => m[1],
        );
        assert.ok(named.length > 100, `only ${named.length} file names found`);
        for (const file of new Set(named))
            assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${file} does not exist`);
        for (const step of Object.values(PROCESS_STEPS)) {
            for (const file of step.files)
                assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${file} does not exist`);
        }
    });

    it("every task is decided in the code or covered by a process step, and tested or covered", () => {
        const code = codeMentions();
        const tests = testMentions();
        for (const t of tasks) {
            const process = PROCESS_STEPS[t.id] !== undefined;
            if (!process && !isTestTask(t.text))
                assert.ok(code.has(t.id), `${t.id} (${t.text}) is decided nowhere in the code`);
            assert.ok(process || tests.has(t.id), `${t.id} (${t.text}) has no test naming it`);
        }
    });

    it("the process steps are exactly the seed's tasks with nothing to decide in code", () => {
        const code = codeMentions();
        for (const id of Object.keys(PROCESS_STEPS)) {
            assert.ok(
                tasks.some((t) => t.id === id),
                `${id} is not a seed task`,
            );
            assert.ok(!code.has(id), `${id} is a process step but the code names it`);
        }
    });

    it("records the config key next to a seed number in config/schema.ts and config/service-entry.ts", () => {
        const keys = (codeMentions().get("T035") ?? []).flatMap((m) => (m.configKey ? [m.configKey] : []));
        assert.ok(keys.includes("scaling.cpuTargetPercent"), keys.join(", "));
        assert.ok(keys.includes("services.<name>.maxCount"), keys.join(", "));
        const seedPort = (codeMentions().get("T006") ?? []).flatMap((m) => (m.configKey ? [m.configKey] : []));
        assert.ok(seedPort.includes("services.<name>.port"), seedPort.join(", "));
    });
});

describe("spec titles name seed tasks literally", () => {
    it("no title computes its task ids (the generator reads titles as written)", () => {
        const specs = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
                const full = path.join(dir, e.name);
                return e.isDirectory() ? specs(full) : e.name.endsWith(".spec.ts") ? [full] : [];
            });
        for (const file of specs(path.join(REPO_ROOT, "tests"))) {
            const text = fs.readFileSync(file, "utf8");
            assert.doesNotMatch(
                text,
                /const ids = .*T0\d\d/,
                `${path.relative(REPO_ROOT, file)} computes task ids for titles`,
            );
        }
    });
});
