import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildStackPlan } from "../../../tools/plan/analysis";
import { SCHEMA_VERSION, stackReportSchema } from "../../../tools/plan/report";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";

const DOC = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "docs", "plan-schema.md"), "utf8");

/** Field names of a zod object schema (its `shape`). */
function fieldsOf(schema: unknown): string[] {
    let s: any = schema;
    while (s?.def?.innerType ?? s?._def?.innerType) s = s.def?.innerType ?? s._def.innerType;
    return Object.keys(s?.shape ?? {});
}

describe("plan: plan/<stack>.json", () => {
    for (const stack of STACKS) {
        it(`${stack}: the report validates against its documented schema, after a JSON round trip`, async () => {
            const report = buildStackPlan(await getEvaluatedStack(stack)).report;
            const parsed = stackReportSchema.parse(JSON.parse(JSON.stringify(report)));
            assert.strictEqual(parsed.schemaVersion, SCHEMA_VERSION);
            assert.strictEqual(parsed.graph!.resources.length, parsed.graph!.resourceCount);
            assert.deepStrictEqual(Object.keys(parsed.reachability!.matrix).sort(), [
                "agentcore",
                "alb",
                "bff",
                "cloudfront",
                "internet",
            ]);
            assert.ok(parsed.cost!.totalMaxUsd >= parsed.cost!.totalMinUsd);
        });
    }

    it("the schema rejects a report that drifts from it", async () => {
        const report = JSON.parse(JSON.stringify(buildStackPlan(await getEvaluatedStack("dev")).report));
        assert.throws(() => stackReportSchema.parse({ ...report, extra: 1 }));
        assert.throws(() => stackReportSchema.parse({ ...report, schemaVersion: SCHEMA_VERSION + 1 }));
        delete report.reachability.verdict;
        assert.throws(() => stackReportSchema.parse(report));
    });

    it("docs/plan-schema.md states the schema version and documents every field of every section", () => {
        assert.match(DOC, new RegExp(`schemaVersion\`?\\s*(is|=|:)?\\s*\`?${SCHEMA_VERSION}\\b`));
        const shape = (stackReportSchema as any).shape;
        const missing: string[] = [];
        for (const [section, schema] of Object.entries(shape)) {
            if (!DOC.includes(`\`${section}\``)) missing.push(section);
            for (const field of fieldsOf(schema))
                if (!DOC.includes(`\`${field}\``)) missing.push(`${section}.${field}`);
        }
        assert.deepStrictEqual(missing, []);
    });
});
