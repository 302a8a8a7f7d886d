/**
 * The SVG diagram's labels fit their boxes when drawn with DejaVu Sans, the font Linux browsers
 * use (Debian's fonts-dejavu-core): every node and cluster label is measured with the real font's
 * advance widths (opentype.js on the DejaVu Sans TTF) and must lie within its shape.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildStackPlan } from "../../../tools/plan/analysis";
import { DIAGRAM_FONT } from "../../../tools/plan/diagram";
import { startSvgRenderer, SvgRenderer } from "../../../tools/plan/svg";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";
import { getExistingFoundationDev } from "../../support/foundation-variants";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const opentype = require("opentype.js") as {
    parse(buffer: ArrayBuffer): { unitsPerEm: number; charToGlyph(c: string): { advanceWidth?: number } };
};
const FONT_FILE = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf", "DejaVuSans.ttf");
const fontBytes = fs.readFileSync(FONT_FILE);
const font = opentype.parse(fontBytes.buffer.slice(fontBytes.byteOffset, fontBytes.byteOffset + fontBytes.byteLength));

interface Overflow {
    readonly text: string;
    readonly by: number;
}

/** The text's width at `size` from the font's advance widths (no kerning, which only narrows it). */
function advance(text: string, size: number): number {
    const units = [...text].reduce((sum, c) => sum + (font.charToGlyph(c).advanceWidth ?? font.unitsPerEm), 0);
    return (units * size) / font.unitsPerEm;
}

const decode = (s: string) =>
    s
        .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&");

/** Labels of nodes and clusters that stick out of their shape, measured with DejaVu Sans. */
export function overflowingLabels(svg: string): Overflow[] {
    const out: Overflow[] = [];
    const groups = svg.split(/<g id="[^"]+" class="(?=node|cluster)/).slice(1);
    for (const group of groups) {
        const body = group.split("</g>")[0];
        const xs: number[] = [];
        for (const m of body.matchAll(/<(?:polygon|polyline|path)[^>]*(?:points|d)="([^"]+)"/g)) {
            for (const p of m[1].matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)) xs.push(Number(p[1]));
        }
        for (const m of body.matchAll(/<ellipse[^>]*cx="([^"]+)"[^>]*rx="([^"]+)"/g)) {
            xs.push(Number(m[1]) - Number(m[2]), Number(m[1]) + Number(m[2]));
        }
        if (xs.length === 0) continue;
        const [left, right] = [Math.min(...xs), Math.max(...xs)];
        for (const t of body.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
            const attr = (name: string) => new RegExp(`${name}="([^"]+)"`).exec(t[1])?.[1];
            const text = decode(t[2]);
            const width = advance(text, Number(attr("font-size")));
            const x = Number(attr("x"));
            const anchor = attr("text-anchor") ?? "start";
            const start = anchor === "middle" ? x - width / 2 : anchor === "end" ? x - width : x;
            const by = Math.max(left - start, start + width - right);
            if (by > 0) out.push({ text, by: Math.round(by * 10) / 10 });
        }
    }
    return out;
}

describe("plan: SVG labels fit their boxes in DejaVu Sans", function () {
    this.timeout(20_000);
    let renderer: SvgRenderer;
    before(() => (renderer = startSvgRenderer()));
    after(() => renderer.close());

    for (const stack of STACKS) {
        it(`${stack}: every node and cluster label within its shape`, async () => {
            const plan = buildStackPlan(await getEvaluatedStack(stack));
            const svg = await renderer.render(plan.dot!);
            assert.ok((svg.match(/<text/g) ?? []).length > 20, "the diagram has its labels");
            assert.match(svg, new RegExp(`font-family="${DIAGRAM_FONT}"`));
            assert.deepStrictEqual(overflowingLabels(svg), []);
        });
    }

    it("an existing network: the same, with the tiers inside the VPC box", async () => {
        const plan = buildStackPlan(await getExistingFoundationDev());
        const svg = await renderer.render(plan.dot!);
        assert.deepStrictEqual(overflowingLabels(svg), []);
    });

    it("catches a box sized for a narrower font (the check can fail)", async () => {
        const label = "WWWWWWWWWWWWWWWWWWWW bedrock-agent-runtime";
        const narrow = await renderer.render(
            `digraph { node [shape=box, fontname="Helvetica", fontsize=11, margin="0,0"]; a [label="${label}"]; }`,
        );
        const overflows = overflowingLabels(narrow);
        assert.strictEqual(overflows.length, 1);
        assert.strictEqual(overflows[0].text, label);
        const fitting = await renderer.render(
            `digraph { node [shape=box, fontname="${DIAGRAM_FONT}", fontsize=11, margin="0.15,0.06"]; a [label="${label}"]; }`,
        );
        assert.deepStrictEqual(overflowingLabels(fitting), []);
    });
});
