import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { FORCE_NEW, forceNewProperty } from "../../../tools/plan/force-new";
import { getEvaluatedStack, STACKS } from "../../support/evaluated-stacks";

const SDK = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** Input names of a resource's `<Class>Args` interface in the @pulumi/aws type declarations. */
function argsOf(type: string): Set<string> | undefined {
    // aws:ecs/taskDefinition:TaskDefinition -> ecs/taskDefinition.d.ts, TaskDefinitionArgs
    const m = /^aws:([^/]+)\/([^:]+):(\w+)$/.exec(type);
    if (!m) return undefined;
    const file = path.join(SDK, m[1], `${m[2]}.d.ts`);
    if (!fs.existsSync(file)) return undefined;
    const text = fs.readFileSync(file, "utf8");
    const start = text.indexOf(`export interface ${m[3]}Args {`);
    if (start < 0) return undefined;
    const body = text.slice(start, text.indexOf("\n}", start));
    return new Set([...body.matchAll(/^ {4}(\w+)\??:/gm)].map((x) => x[1]));
}

describe("plan diff: the provider's force-new table", () => {
    it("every AWS resource type the committed stacks contain has an entry", async () => {
        const missing = new Set<string>();
        for (const stack of STACKS) {
            for (const r of (await getEvaluatedStack(stack)).resources) {
                if (r.custom && r.type.startsWith("aws:") && !FORCE_NEW[r.type]) missing.add(r.type);
            }
        }
        assert.deepStrictEqual([...missing], []);
    });

    it("every property of every entry is an input of that type in @pulumi/aws", () => {
        const wrong: string[] = [];
        for (const [type, entry] of Object.entries(FORCE_NEW)) {
            const args = argsOf(type);
            if (!args) {
                wrong.push(`${type}: no Args interface found`);
                continue;
            }
            for (const p of entry.properties) if (!args.has(p)) wrong.push(`${type}: ${p}`);
        }
        assert.deepStrictEqual(wrong, []);
    });

    it("a verified entry cites a provider source file and a 40-hex commit; an unverified one lists nothing", () => {
        for (const [type, e] of Object.entries(FORCE_NEW)) {
            if (e.unverified) {
                assert.deepStrictEqual([e.source, e.properties.length], [undefined, 0], type);
            } else {
                assert.match(e.source!.file, /^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/, type);
                assert.match(e.source!.commit, /^[0-9a-f]{40}$/, type);
                assert.ok(e.properties.length > 0, type);
            }
        }
    });

    it("the lookup matches a property and its sub-paths, never a look-alike prefix", () => {
        const td = "aws:ecs/taskDefinition:TaskDefinition";
        assert.strictEqual(forceNewProperty(td, "cpu"), "cpu");
        assert.strictEqual(
            forceNewProperty(td, "containerDefinitions[0].environment[2].value"),
            "containerDefinitions",
        );
        assert.strictEqual(forceNewProperty(td, "volumes[0].name"), "volumes");
        assert.strictEqual(forceNewProperty(td, "cpuArchitecture"), undefined);
        assert.strictEqual(forceNewProperty(td, "tags.Name"), undefined);
        assert.strictEqual(forceNewProperty("aws:unknown/x:X", "name"), undefined);
    });

    it("the argument reader itself finds known inputs and rejects a made-up one", () => {
        const args = argsOf("aws:ecs/taskDefinition:TaskDefinition")!;
        assert.ok(args.has("family") && args.has("containerDefinitions") && args.has("volumes"));
        assert.ok(!args.has("volume"), "Terraform's singular block name is not the Pulumi input");
    });
});
