/**
 * The `edge` section (config/edge-schema.ts, config/edge-rules.ts): mode and its defaults per
 * environment, the keys each mode refuses, the WAF and domain keys, the replaced `cloudFront` key,
 * and the checks against `aws:region` and `environment`.
 */
import * as assert from "assert";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import { readStackConfig } from "../../offline/stack-config";
import { REPO_ROOT } from "../../offline/evaluate";
import { services } from "./config-test-kit";

function raw(edge: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Record<string, string> {
    const region = String(extra["aws:region"] ?? "us-east-1");
    const base: Record<string, unknown> = {
        "aws:region": region,
        "ecs-platform:environment": "dev",
        ...services(),
        "ecs-platform:bedrock": { modelArns: [`arn:aws:bedrock:${region}::foundation-model/m`] },
        ...(edge !== undefined ? { "ecs-platform:edge": edge } : {}),
        ...extra,
    };
    return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
const parse = (r: Record<string, string>) => parsePlatformConfig(r, "dev");
function rejected(r: Record<string, string>, key: string, ...fragments: string[]): void {
    let issues: readonly string[] = [];
    try {
        parse(r);
        assert.fail("config was accepted");
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, String(e));
        issues = e.issues;
    }
    const hit = issues.find((i) => i.startsWith(`${key}:`));
    assert.ok(hit, `no issue for ${key}; got:\n${issues.join("\n")}`);
    for (const f of fragments) assert.ok(hit.includes(f), `issue "${hit}" lacks "${f}"`);
}

describe("config: edge", () => {
    it("defaults to mode vpcOrigin with WAF counting outside prod and blocking in prod", () => {
        const dev = parse(raw(undefined));
        assert.strictEqual(dev.edge.mode, "vpcOrigin");
        assert.deepStrictEqual(dev.edge.waf, {
            enabled: true,
            action: "count",
            rateLimit: 2000,
            rateWindowSeconds: 300,
            excludedRules: [],
        });
        assert.strictEqual(dev.edge.viewerTlsPolicy, "TLSv1.2_2021");
        assert.strictEqual(dev.edge.domain, undefined);
        const prod = parsePlatformConfig(raw(undefined, { "ecs-platform:environment": "prod" }), "prod");
        assert.strictEqual(prod.edge.waf.action, "block");
        // An explicit choice wins over the environment's default.
        assert.strictEqual(parse(raw({ waf: { action: "block" } })).edge.waf.action, "block");
    });

    it("the committed stacks use vpcOrigin; prod blocks", () => {
        for (const stack of ["dev", "test", "prod"]) {
            const cfg = parsePlatformConfig(readStackConfig(REPO_ROOT, stack).config, stack);
            assert.strictEqual(cfg.edge.mode, "vpcOrigin", stack);
            assert.strictEqual(cfg.edge.waf.action, stack === "prod" ? "block" : "count", stack);
        }
    });

    it("refuses the replaced cloudFront key, saying which mode each value deployed", () => {
        rejected(
            raw({ cloudFront: true }),
            "ecs-platform:edge.cloudFront",
            "was replaced by edge.mode",
            "publicAlb (what cloudFront: true deployed",
            "cidrOnly (what cloudFront: false deployed)",
        );
    });

    it("refuses an unknown mode, listing the three", () => {
        rejected(raw({ mode: "private" }), "ecs-platform:edge.mode", '"vpcOrigin"', '"publicAlb"', '"cidrOnly"');
    });

    it("refuses allowedCidrs with vpcOrigin (an internal ALB), accepts them with publicAlb", () => {
        rejected(
            raw({ allowedCidrs: ["203.0.113.0/24"] }),
            "ecs-platform:edge.allowedCidrs",
            "must be empty with mode vpcOrigin",
        );
        assert.deepStrictEqual(parse(raw({ mode: "publicAlb", allowedCidrs: ["203.0.113.0/24"] })).edge.allowedCidrs, [
            "203.0.113.0/24",
        ]);
    });

    it("cidrOnly needs CIDRs and refuses a domain (no CloudFront to serve it)", () => {
        rejected(raw({ mode: "cidrOnly" }), "ecs-platform:edge.allowedCidrs", "is empty and mode is cidrOnly");
        rejected(
            raw({
                mode: "cidrOnly",
                allowedCidrs: ["203.0.113.0/24"],
                domain: { name: "a.example.com", hostedZone: "example.com" },
            }),
            "ecs-platform:edge.domain",
            "needs CloudFront",
        );
    });

    it("publicAlb in prod needs HTTPS to the origin; vpcOrigin in prod does not", () => {
        const prod = { "ecs-platform:environment": "prod" };
        rejected(
            raw({ mode: "publicAlb" }, prod),
            "ecs-platform:edge.certificateArn",
            "is required in prod with mode publicAlb",
        );
        assert.strictEqual(parsePlatformConfig(raw(undefined, prod), "prod").edge.certificateArn, undefined);
        const cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
        const ok = raw({ mode: "publicAlb", certificateArn: cert, originDomainName: "origin.example.com" }, prod);
        assert.strictEqual(parsePlatformConfig(ok, "prod").edge.mode, "publicAlb");
    });

    it("refuses vpcOrigin in a Region without VPC origins, and accepts publicAlb there", () => {
        const region = { "aws:region": "us-gov-west-1" };
        rejected(
            raw(undefined, region),
            "ecs-platform:edge.mode",
            "(unset, default)",
            "no VPC origins in us-gov-west-1",
            "use mode: publicAlb",
        );
        rejected(raw({ mode: "vpcOrigin" }, region), "ecs-platform:edge.mode", '"vpcOrigin"');
        assert.strictEqual(parse(raw({ mode: "publicAlb" }, region)).region, "us-gov-west-1");
        assert.strictEqual(parse(raw(undefined, { "aws:region": "eu-west-1" })).edge.mode, "vpcOrigin");
    });

    it("checks the WAF keys: action, rate limit floor, windows, excluded rules' groups and shape", () => {
        rejected(raw({ waf: { action: "deny" } }), "ecs-platform:edge.waf.action", '"count"', '"block"');
        rejected(raw({ waf: { rateLimit: 9 } }), "ecs-platform:edge.waf.rateLimit");
        // pulumi/pulumi-aws#5841: the provider rejects 10-99 at preview although AWS WAF accepts them.
        rejected(raw({ waf: { rateLimit: 99 } }), "ecs-platform:edge.waf.rateLimit", "99", "100-2000000000", "#5841");
        rejected(raw({ waf: { rateLimit: "10" } }), "ecs-platform:edge.waf.rateLimit", "allowed 100-2000000000");
        rejected(raw({ waf: { rateLimit: 2_000_000_001 } }), "ecs-platform:edge.waf.rateLimit", "maximum");
        assert.strictEqual(parse(raw({ waf: { rateLimit: "100" } })).edge.waf.rateLimit, 100);
        assert.strictEqual(parse(raw({ waf: {} })).edge.waf.rateLimit, 2000, "the documented default");
        rejected(
            raw({ waf: { rateWindowSeconds: 30 } }),
            "ecs-platform:edge.waf.rateWindowSeconds",
            "allowed: 60, 120, 300, 600",
        );
        rejected(
            raw({ waf: { excludedRules: ["AWSManagedRulesBotControlRuleSet/CategoryAI"] } }),
            "ecs-platform:edge.waf.excludedRules[0]",
            "names a group the web ACL does not use",
        );
        rejected(
            raw({ waf: { excludedRules: ["NoUserAgent_HEADER"] } }),
            "ecs-platform:edge.waf.excludedRules[0]",
            "is not <managed group>/<rule>",
        );
        const ok = parse(raw({ waf: { excludedRules: ["AWSManagedRulesCommonRuleSet/NoUserAgent_HEADER"] } }));
        assert.deepStrictEqual(ok.edge.waf.excludedRules, ["AWSManagedRulesCommonRuleSet/NoUserAgent_HEADER"]);
    });

    it("checks the domain: a DNS name inside its hosted zone, a viewer TLS policy of 1.2 (2021) or newer", () => {
        const domain = { name: "app.example.com", hostedZone: "example.com" };
        assert.deepStrictEqual(parse(raw({ domain })).edge.domain, domain);
        assert.deepStrictEqual(
            parse(raw({ domain: { name: "example.com", hostedZone: "example.com" } })).edge.domain?.name,
            "example.com",
        );
        rejected(
            raw({ domain: { name: "app.example.org", hostedZone: "example.com" } }),
            "ecs-platform:edge.domain.name",
            "is not inside hostedZone example.com",
        );
        // A look-alike suffix is not inside the zone.
        rejected(
            raw({ domain: { name: "appexample.com", hostedZone: "example.com" } }),
            "ecs-platform:edge.domain.name",
            "is not inside",
        );
        rejected(
            raw({ domain: { name: "App.Example.com", hostedZone: "example.com" } }),
            "ecs-platform:edge.domain.name",
            "is not a DNS name",
        );
        rejected(
            raw({ domain, viewerTlsPolicy: "TLSv1.2_2019" }),
            "ecs-platform:edge.viewerTlsPolicy",
            '"TLSv1.2_2021"',
        );
        assert.strictEqual(
            parse(raw({ domain, viewerTlsPolicy: "TLSv1.3_2025" })).edge.viewerTlsPolicy,
            "TLSv1.3_2025",
        );
    });
});
