/** The linear-time matching of stack policies: what names what, by dependency, by value, or unknown. */
import * as assert from "assert";
import { PolicyResource } from "@pulumi/policy";
import { ReferenceIndex } from "../../policy-pack/lib/reference-index";
import { UNKNOWN } from "../../offline/analyze";

function resource(name: string, props: Record<string, unknown>, deps: Record<string, PolicyResource[]> = {}) {
    return { type: "t", name, urn: `urn:${name}`, props, propertyDependencies: deps } as unknown as PolicyResource;
}

describe("policy-pack/lib/reference-index", () => {
    const bucketA = resource("a", { bucket: "bucket-a" });
    const bucketB = resource("b", { bucket: "bucket-b" });

    it("links a candidate to the target its property was built from, and only to it", () => {
        const pab = resource("pab", { bucket: UNKNOWN }, { bucket: [bucketA] });
        const index = new ReferenceIndex([pab], "bucket");
        assert.deepStrictEqual(index.linked(bucketA), [pab]);
        assert.deepStrictEqual(index.linked(bucketB), []);
        // Its value is unknown, so for any other target it might name it; not for its own.
        assert.strictEqual(index.mayAlsoName(bucketA), false);
        assert.strictEqual(index.mayAlsoName(bucketB), true);
    });

    it("finds candidates by the value they hold, whatever they are linked to", () => {
        const byName = resource("by-name", { bucket: "bucket-b" });
        const index = new ReferenceIndex([byName], "bucket");
        assert.deepStrictEqual(index.naming("bucket-b"), [byName]);
        assert.deepStrictEqual(index.naming("bucket-a"), []);
        assert.deepStrictEqual(index.naming(UNKNOWN), []);
        assert.strictEqual(index.mayAlsoName(bucketA), false, "a known value names one target only");
        assert.strictEqual(index.unlinkedCount(bucketA), 1);
    });

    it("counts each candidate once however many times its dependency lists the target", () => {
        const twice = resource("twice", { bucket: "bucket-a" }, { bucket: [bucketA, bucketA] });
        const index = new ReferenceIndex([twice], "bucket");
        assert.deepStrictEqual(index.linked(bucketA), [twice]);
        assert.strictEqual(index.unlinkedCount(bucketA), 0);
    });
});
