/**
 * docs/scanners.md shows the committed Checkov baseline as it is: the table between its markers is
 * the one tools/scan/checkov-baseline.ts renders from tools/scan/checkov-accepted.json, so an entry
 * added, removed or reworded without the page fails here. The README links the page.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../../offline/evaluate";
import { baselineTable, readBaseline } from "../../../tools/scan/checkov-baseline";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

describe("docs/scanners.md", () => {
    const page = read("docs/scanners.md");

    it("lists every baseline entry with its reason, and nothing else (the table is the file's)", () => {
        const m = /<!-- baseline:start -->\n([\s\S]*?)\n<!-- baseline:end -->/.exec(page);
        assert.ok(m, "no baseline markers in docs/scanners.md");
        const baseline = readBaseline();
        assert.strictEqual(
            m[1],
            baselineTable(baseline),
            "docs/scanners.md#baseline is stale: paste baselineTable(readBaseline()) between the markers",
        );
        assert.strictEqual(m[1].split("\n").filter((l) => l.startsWith("| `CKV")).length, baseline.length);
    });

    it("the table escapes what GitHub would swallow (an HTML-looking <region>, a * or a |)", () => {
        const table = baselineTable([
            { check: "CKV_AWS_1", resourceTypes: ["aws_x"], stacks: ["dev"], reason: "logs.<region> | *.a *b" },
        ]);
        assert.strictEqual(
            table.split("\n")[2],
            "| `CKV_AWS_1` | `aws_x` | dev | logs.&lt;region&gt; \\| \\*.a \\*b |",
        );
    });

    it("is linked from the README, beside the plan's files", () => {
        const readme = read("README.md");
        assert.match(readme, /\[docs\/scanners\.md\]\(docs\/scanners\.md\)/);
        assert.match(readme, /`docs\/`[^\n]*`scanners\.md`/);
    });
});
