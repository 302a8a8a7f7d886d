/**
 * The offline answers for the edge's resource types and data sources are AWS's formats: zone names
 * with the IDs they map to (exclusions by ID honoured), hosted zones, WAF ARNs by scope and Region,
 * ACM validation records, VPC origin ids.
 */
import * as assert from "assert";
import { availabilityZones, zoneIdPrefix } from "../../offline/availability-zones";
import { answerInvoke } from "../../offline/evaluate";
import { mockState, OFFLINE_ACCOUNT } from "../../offline/mock-values";
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";

const ctx = { ...OFFLINE_ACCOUNT, region: "eu-west-1" };
const state = (type: string, inputs: Record<string, unknown>, name = "r") =>
    mockState(type, name, `urn:pulumi:dev::p::${type}::${name}`, inputs, ctx, false).state;

describe("offline mocks for the edge", () => {
    it("zone IDs follow AWS's Region abbreviations", () => {
        assert.deepStrictEqual(
            [
                "us-east-1",
                "eu-west-1",
                "ap-northeast-1",
                "ca-central-1",
                "ap-southeast-2",
                "eu-north-1",
                "sa-east-1",
            ].map(zoneIdPrefix),
            ["use1", "euw1", "apne1", "cac1", "apse2", "eun1", "sae1"],
        );
    });

    it("getAvailabilityZones names zones with their IDs and leaves out excluded IDs and names", () => {
        const all = availabilityZones("us-east-1", {});
        assert.deepStrictEqual((all.names as string[]).slice(0, 3), ["us-east-1a", "us-east-1b", "us-east-1c"]);
        assert.deepStrictEqual((all.zoneIds as string[]).slice(0, 3), ["use1-az1", "use1-az3", "use1-az2"]);
        const filtered = answerInvoke(
            AWS_INVOKE.index.getAvailabilityZones,
            { excludeZoneIds: ["use1-az3"] },
            {
                ...ctx,
                region: "us-east-1",
            },
        );
        assert.ok(!(filtered.zoneIds as string[]).includes("use1-az3"));
        assert.deepStrictEqual((filtered.names as string[]).slice(0, 2), ["us-east-1a", "us-east-1c"]);
        assert.deepStrictEqual(availabilityZones("eu-west-1", { excludeNames: ["eu-west-1a"] }).names, [
            "eu-west-1b",
            "eu-west-1c",
        ]);
        // Newer accounts in us-west-1 get two zones, neither the excluded usw1-az2.
        assert.deepStrictEqual(availabilityZones("us-west-1", {}).zoneIds, ["usw1-az1", "usw1-az3"]);
    });

    it("route53.getZone answers a public zone with a Route 53 id and ARN, and needs a name", () => {
        const zone = answerInvoke(AWS_INVOKE.route53.getZone, { name: "example.com.", privateZone: false }, ctx);
        assert.strictEqual(zone.name, "example.com");
        assert.match(String(zone.zoneId), /^Z[0-9A-Z]{20}$/);
        assert.strictEqual(zone.arn, `arn:aws:route53:::hostedzone/${zone.zoneId}`);
        assert.strictEqual(zone.privateZone, false);
        assert.throws(() => answerInvoke(AWS_INVOKE.route53.getZone, {}, ctx), /needs a name/);
    });

    it("WAF ARNs: CLOUDFRONT scope is global in us-east-1 (its region input), REGIONAL in the stack's Region", () => {
        const cf = state(AWS_TYPE.wafv2.WebAcl, { name: "acl", scope: "CLOUDFRONT", region: "us-east-1", rules: [] });
        assert.match(String(cf.arn), /^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/acl\/[0-9a-f-]{36}$/);
        assert.strictEqual(cf.arn, `arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl/${cf.id}`);
        const regional = state(AWS_TYPE.wafv2.WebAcl, { name: "acl", scope: "REGIONAL", rules: [] });
        assert.match(String(regional.arn), /^arn:aws:wafv2:eu-west-1:123456789012:regional\/webacl\/acl\//);
        assert.strictEqual(cf.capacity, 0);
    });

    it("ACM certificates carry a DNS validation record for their name, in the certificate's Region", () => {
        const cert = state(AWS_TYPE.acm.Certificate, {
            domainName: "app.example.com",
            validationMethod: "DNS",
            region: "us-east-1",
        });
        assert.match(String(cert.arn), /^arn:aws:acm:us-east-1:123456789012:certificate\//);
        const [o] = cert.domainValidationOptions as Record<string, string>[];
        assert.strictEqual(o.resourceRecordType, "CNAME");
        assert.match(o.resourceRecordName, /^_[0-9a-f]{32}\.app\.example\.com\.$/);
        assert.match(o.resourceRecordValue, /^_[0-9a-f]{32}\.[0-9a-f]{10}\.acm-validations\.aws\.$/);
    });

    it("Route 53 records, VPC origins and response headers policies get AWS-shaped ids", () => {
        const record = state(AWS_TYPE.route53.Record, { zoneId: "Z123", name: "app.example.com.", type: "A" });
        assert.deepStrictEqual([record.id, record.fqdn], ["Z123_app.example.com_A", "app.example.com"]);
        const vo = state(AWS_TYPE.cloudfront.VpcOrigin, { vpcOriginEndpointConfig: { name: "x" } });
        assert.match(String(vo.id), /^vo_[0-9A-Za-z]{22}$/);
        assert.strictEqual(vo.arn, `arn:aws:cloudfront::123456789012:vpcorigin/${vo.id}`);
        const headers = state(AWS_TYPE.cloudfront.ResponseHeadersPolicy, { name: "h" });
        assert.match(String(headers.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    });
});
