/**
 * Docs that cannot go stale: every excerpt of real output (README.md, docs/plan.md) and the prod
 * picture (docs/img/prod-architecture.svg) equal what `npm run docs` writes from the plan as it is
 * now, and the README's layout table names every folder and doc there is.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    EXCERPT_FILES,
    Excerpts,
    fillBlocks,
    REGENERATE_DOCS,
    renderedFiles,
    renderExcerpts,
    REPO_ROOT,
} from "../../../tools/docs/generate-excerpts";
import type { Evaluate } from "../../../tools/plan/plan";
import { getEvaluatedStack, STACKS, StackName } from "../../support/evaluated-stacks";

const cached: Evaluate = (stack, preview) => getEvaluatedStack(stack as StackName, preview);

describe("docs: generated excerpts and the picture match the real output", function () {
    this.timeout(120_000);
    let excerpts: Excerpts;
    before(async () => {
        for (const s of STACKS) await getEvaluatedStack(s);
        excerpts = await renderExcerpts(cached);
    });

    for (const file of [...EXCERPT_FILES, "docs/img/prod-architecture.svg"]) {
        it(`${file} is what ${REGENERATE_DOCS} writes`, () => {
            const entry = renderedFiles(excerpts).find((f) => f.file === file);
            assert.ok(entry, file);
            // Line by line, so a stale block shows where it differs.
            assert.deepStrictEqual(
                entry.committed.split("\n"),
                entry.rendered.split("\n"),
                `stale: run ${REGENERATE_DOCS}`,
            );
        });
    }

    it("the excerpts say what the plan says now (the check can fail: a changed count is caught)", () => {
        const plan = fs.readFileSync(path.join(REPO_ROOT, "docs/plan.md"), "utf8");
        const stale = plan.replace(
            /Resources: \+ (\d+) to create/,
            (_m, n: string) => `Resources: + ${Number(n) - 10} to create`,
        );
        assert.notStrictEqual(stale, plan, "docs/plan.md shows the resource count");
        assert.strictEqual(fillBlocks("docs/plan.md", stale, excerpts), plan);
        const total = (excerpts.blocks.get("plan-tree") ?? "").split("\n").pop();
        assert.match(total ?? "", /^Resources: \+ \d+ to create$/);
    });

    it("every block a doc opens is one the generator knows, and closed", () => {
        for (const file of EXCERPT_FILES) {
            const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
            const opened = [...text.matchAll(/<!-- generated: ([a-z-]+) \(npm run docs\) -->/g)].map((m) => m[1]);
            assert.ok(opened.length > 0, `${file} has no generated block`);
            assert.strictEqual(text.split("<!-- /generated -->").length - 1, opened.length, file);
            for (const id of opened) assert.ok(excerpts.blocks.has(id), `${file}: unknown block ${id}`);
        }
    });
});

describe("docs: the README's layout table", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const layout = readme.slice(readme.indexOf("## Layout"), readme.indexOf("\n## ", readme.indexOf("## Layout") + 1));
    const dirs = (dir: string) =>
        fs
            .readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })
            // Output folders git ignores (node_modules, plan/ of a local run) are not part of the layout.
            .filter(
                (e) => e.isDirectory() && !e.name.startsWith(".") && !["node_modules", "plan", "tmp"].includes(e.name),
            )
            .map((e) => e.name);

    it("names every top-level folder", () => {
        for (const d of dirs(".")) assert.ok(layout.includes(`\`${d}/\``), `README layout lacks ${d}/`);
    });
    it("names every folder of tests/ and tools/", () => {
        for (const d of dirs("tests")) assert.ok(layout.includes(`${d}/`), `README layout lacks tests/${d}/`);
        for (const d of dirs("tools")) assert.ok(layout.includes(`tools/${d}/`), `README layout lacks tools/${d}/`);
    });
    it("names every doc in docs/", () => {
        const docs = fs.readdirSync(path.join(REPO_ROOT, "docs")).filter((f) => f.endsWith(".md"));
        for (const f of docs) assert.ok(layout.includes(`\`${f}\``), `README layout lacks docs/${f}`);
    });
});
