/**
 * The other edge shapes and options, evaluated as stack variants (config overrides of the committed
 * files): publicAlb (what stacks deployed before the VPC-origin default run), cidrOnly, WAF settings
 * per stack, a custom domain, a stack in eu-west-1, and the zone-ID trap of VPC origins.
 */
import * as assert from "assert";
import { EvaluatedStack, EvaluationError } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { input, named, ofType, output, referenced, single } from "../support/graph";
import { evaluateVariant } from "../support/variants";
import { CLOUDFRONT_HOSTED_ZONE_ID } from "../../policy-pack/lib/edge-facts";

const EDGE = "ecs-platform:edge";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-4222-8333-444455556666";
const variant = (stack: "dev" | "prod", overrides: Record<string, unknown>) =>
    evaluateVariant({ stack, configOverrides: overrides });
const failure = async (stack: "dev" | "prod", overrides: Record<string, unknown>): Promise<string> => {
    try {
        await variant(stack, overrides);
    } catch (e) {
        assert.ok(e instanceof EvaluationError, String(e));
        return e.message;
    }
    assert.fail("the variant evaluated without error");
};
const albSubnetCidrs = (stack: EvaluatedStack) =>
    referenced(stack, single(stack, AWS_TYPE.lb.LoadBalancer), "subnets", AWS_TYPE.ec2.Subnet)
        .map((s) => input(s, "cidrBlock"))
        .sort();

describe("edge.mode publicAlb (CloudFront -> internet-facing ALB; the pre-VPC-origin default)", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    before(async () => {
        stack = await variant("dev", { [EDGE]: { mode: "publicAlb" } });
    });

    it("keeps the deployed shape: internet-facing ALB in the public subnets, same names and group text", () => {
        const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
        assert.strictEqual(input(alb, "internal"), false);
        assert.deepStrictEqual(albSubnetCidrs(stack), ["10.0.1.0/24", "10.0.2.0/24"]);
        assert.strictEqual(alb.name, "edge-alb");
        const sg = named(stack, AWS_TYPE.ec2.SecurityGroup, "edge-alb-sg");
        // Force-new: a changed description would replace the group of every deployed stack.
        assert.strictEqual(
            input(sg, "description"),
            "Public ALB: HTTP(S) from the CloudFront origin-facing prefix list and the allowed CIDRs",
        );
        assert.deepStrictEqual(ofType(stack, AWS_TYPE.cloudfront.VpcOrigin), []);
    });

    it("keeps the first two zones (no exclusion outside vpcOrigin: no subnet churn for migrating stacks)", () => {
        const zones = ofType(stack, AWS_TYPE.ec2.Subnet).map((s) => input(s, "availabilityZone"));
        assert.deepStrictEqual([...new Set(zones)].sort(), ["us-east-1a", "us-east-1b"]);
    });

    it("reaches the origin over the internet with a custom origin; WAF and headers are there too", () => {
        const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
        const [origin] = input(cdn, "origins");
        assert.strictEqual(origin.customOriginConfig.originProtocolPolicy, "http-only");
        assert.strictEqual(origin.vpcOriginConfig, undefined);
        assert.strictEqual(input(cdn, "webAclId"), output(single(stack, AWS_TYPE.wafv2.WebAcl), "arn"));
        assert.strictEqual(ofType(stack, AWS_TYPE.cloudfront.ResponseHeadersPolicy).length, 1);
    });

    it("is refused in prod without a certificate: the origin hop would be plaintext across the internet", async () => {
        const message = await failure("prod", { [EDGE]: { mode: "publicAlb" } });
        assert.match(
            message,
            /ecs-platform:edge\.certificateArn: \(unset, default\) is required in prod with mode publicAlb/,
        );
    });

    it("in prod with a certificate: HTTPS-only origin on the certificate's name, HTTPS listener", async () => {
        const prod = await variant("prod", {
            [EDGE]: { mode: "publicAlb", certificateArn: CERT, originDomainName: "origin.example.com" },
        });
        const [origin] = input(single(prod, AWS_TYPE.cloudfront.Distribution), "origins");
        assert.strictEqual(origin.customOriginConfig.originProtocolPolicy, "https-only");
        assert.strictEqual(origin.domainName, "origin.example.com");
        const listeners = ofType(prod, AWS_TYPE.lb.Listener).map((l) => [input(l, "port"), input(l, "protocol")]);
        assert.deepStrictEqual(listeners.sort(), [
            [443, "HTTPS"],
            [80, "HTTP"],
        ]);
    });
});

describe("edge.mode cidrOnly (internet-facing ALB for listed networks, no CloudFront)", function () {
    this.timeout(60_000);
    it("creates no distribution, VPC origin or WAF; the ALB admits only the CIDRs", async () => {
        const stack = await variant("dev", { [EDGE]: { mode: "cidrOnly", allowedCidrs: ["203.0.113.0/24"] } });
        assert.strictEqual(input(single(stack, AWS_TYPE.lb.LoadBalancer), "internal"), false);
        for (const type of [
            AWS_TYPE.cloudfront.Distribution,
            AWS_TYPE.cloudfront.VpcOrigin,
            AWS_TYPE.wafv2.WebAcl,
            AWS_TYPE.cloudfront.ResponseHeadersPolicy,
        ]) {
            assert.deepStrictEqual(ofType(stack, type), [], type);
        }
        const rules = ofType(stack, AWS_TYPE.vpc.SecurityGroupIngressRule).filter((r) =>
            r.name.startsWith("edge-alb-in-"),
        );
        assert.deepStrictEqual(
            rules.map((r) => [r.name, input(r, "cidrIpv4")]),
            [["edge-alb-in-cidr1-80", "203.0.113.0/24"]],
        );
        assert.match(
            String(stack.outputs.publicUrl),
            /^http:\/\/edge-alb-[0-9a-f]{7}-\d+\.us-east-1\.elb\.amazonaws\.com$/,
        );
    });
});

describe("edge.mode vpcOrigin with a certificate", function () {
    this.timeout(60_000);
    it("makes the VPC origin HTTPS-only, on the name the certificate covers", async () => {
        const stack = await variant("dev", {
            [EDGE]: { certificateArn: CERT, originDomainName: "origin.example.com" },
        });
        const vo = single(stack, AWS_TYPE.cloudfront.VpcOrigin);
        assert.strictEqual(input(vo, "vpcOriginEndpointConfig", "originProtocolPolicy"), "https-only");
        const [origin] = input(single(stack, AWS_TYPE.cloudfront.Distribution), "origins");
        assert.strictEqual(origin.domainName, "origin.example.com");
        assert.strictEqual(input(single(stack, AWS_TYPE.lb.LoadBalancer), "internal"), true);
    });
});

describe("AWS WAF settings per stack", function () {
    this.timeout(60_000);
    it("takes the action, rate limit, window and excluded rules from config", async () => {
        const stack = await variant("dev", {
            [EDGE]: {
                waf: {
                    action: "block",
                    rateLimit: 500,
                    rateWindowSeconds: 60,
                    excludedRules: ["AWSManagedRulesCommonRuleSet/NoUserAgent_HEADER"],
                },
            },
        });
        const rules = input(single(stack, AWS_TYPE.wafv2.WebAcl), "rules");
        assert.deepStrictEqual(rules[0].action, { block: {} });
        assert.deepStrictEqual(rules[0].statement.rateBasedStatement, {
            limit: 500,
            aggregateKeyType: "IP",
            evaluationWindowSec: 60,
        });
        assert.deepStrictEqual(rules[1].overrideAction, { none: {} });
        assert.deepStrictEqual(
            rules[3].statement.managedRuleGroupStatement.ruleActionOverrides.map((o: { name: string }) => o.name),
            ["SizeRestrictions_BODY", "NoUserAgent_HEADER"],
        );
    });
    it("can be switched off; then the distribution has no webAclId", async () => {
        const stack = await variant("dev", { [EDGE]: { waf: { enabled: false } } });
        assert.deepStrictEqual(ofType(stack, AWS_TYPE.wafv2.WebAcl), []);
        assert.deepStrictEqual(ofType(stack, AWS_TYPE.wafv2.WebAclLoggingConfiguration), []);
        assert.strictEqual(input(single(stack, AWS_TYPE.cloudfront.Distribution), "webAclId"), undefined);
    });
});

describe("a custom domain (edge.domain)", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    before(async () => {
        stack = await variant("dev", { [EDGE]: { domain: { name: "app.example.com", hostedZone: "example.com" } } });
    });

    it("requests an ACM certificate in us-east-1 and validates it through DNS in the hosted zone", () => {
        const cert = single(stack, AWS_TYPE.acm.Certificate);
        assert.strictEqual(input(cert, "domainName"), "app.example.com");
        assert.strictEqual(input(cert, "validationMethod"), "DNS");
        assert.strictEqual(input(cert, "region"), "us-east-1");
        assert.match(String(output(cert, "arn")), /^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f-]{36}$/);
        const [option] = output(cert, "domainValidationOptions");
        const record = named(stack, AWS_TYPE.route53.Record, "edge-cert-validation");
        assert.strictEqual(input(record, "name"), option.resourceRecordName);
        assert.strictEqual(input(record, "type"), "CNAME");
        assert.deepStrictEqual(input(record, "records"), [option.resourceRecordValue]);
        assert.match(String(input(record, "zoneId")), /^Z[0-9A-Z]{20}$/);
        const validated = single(stack, AWS_TYPE.acm.CertificateValidation);
        assert.strictEqual(input(validated, "region"), "us-east-1");
        assert.strictEqual(input(validated, "certificateArn"), output(cert, "arn"));
        assert.deepStrictEqual(input(validated, "validationRecordFqdns"), [output(record, "fqdn")]);
    });

    it("serves the domain with the validated certificate, SNI and TLSv1.2_2021; A and AAAA aliases point at it", () => {
        const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
        assert.deepStrictEqual(input(cdn, "aliases"), ["app.example.com"]);
        assert.deepStrictEqual(input(cdn, "viewerCertificate"), {
            acmCertificateArn: output(single(stack, AWS_TYPE.acm.Certificate), "arn"),
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        });
        assert.strictEqual(input(cdn, "defaultCacheBehavior", "viewerProtocolPolicy"), "redirect-to-https");
        const aliases = ["edge-alias-a", "edge-alias-aaaa"].map((n) => named(stack, AWS_TYPE.route53.Record, n));
        assert.deepStrictEqual(
            aliases.map((r) => input(r, "type")),
            ["A", "AAAA"],
        );
        for (const r of aliases) {
            assert.strictEqual(input(r, "name"), "app.example.com");
            assert.deepStrictEqual(input(r, "aliases"), [
                { name: output(cdn, "domainName"), zoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
            ]);
        }
        assert.strictEqual(stack.outputs.publicUrl, "https://app.example.com");
    });
});

describe("a stack in eu-west-1: CloudFront-scoped resources in us-east-1, everything else in the stack's Region", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    before(async () => {
        stack = await variant("dev", {
            "aws:region": "eu-west-1",
            "ecs-platform:bedrock": {
                modelArns: ["arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"],
            },
            [EDGE]: { domain: { name: "app.example.eu", hostedZone: "example.eu" } },
        });
    });

    it("places the web ACL, its logs and the viewer certificate in us-east-1", () => {
        const acl = single(stack, AWS_TYPE.wafv2.WebAcl);
        assert.match(String(output(acl, "arn")), /^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\//);
        const wafLogs = named(stack, AWS_TYPE.cloudwatch.LogGroup, "edge-waf-logs");
        assert.match(String(output(wafLogs, "arn")), /^arn:aws:logs:us-east-1:/);
        assert.strictEqual(input(single(stack, AWS_TYPE.wafv2.WebAclLoggingConfiguration), "region"), "us-east-1");
        assert.match(String(output(single(stack, AWS_TYPE.acm.Certificate), "arn")), /^arn:aws:acm:us-east-1:/);
        assert.strictEqual(input(single(stack, AWS_TYPE.acm.CertificateValidation), "region"), "us-east-1");
    });

    it("keeps the ALB, the VPC, the task logs and the repositories in eu-west-1, in eu-west-1 zones", () => {
        const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
        assert.match(String(output(alb, "arn")), /^arn:aws:elasticloadbalancing:eu-west-1:/);
        assert.strictEqual(input(alb, "region"), undefined, "the ALB follows the provider's Region");
        for (const group of ofType(stack, AWS_TYPE.cloudwatch.LogGroup).filter((g) => g.name !== "edge-waf-logs")) {
            assert.match(String(output(group, "arn")), /^arn:aws:logs:eu-west-1:/, group.name);
        }
        const zones = new Set(ofType(stack, AWS_TYPE.ec2.Subnet).map((s) => input(s, "availabilityZone")));
        assert.deepStrictEqual([...zones].sort(), ["eu-west-1a", "eu-west-1b"]);
        // The VPC origin and the distribution are global: no Region in their ARNs.
        assert.match(String(output(single(stack, AWS_TYPE.cloudfront.VpcOrigin), "arn")), /^arn:aws:cloudfront::/);
    });
});

describe("the zone-ID trap of VPC origins (use1-az3)", function () {
    this.timeout(60_000);
    it("refuses configured zones that map to an excluded zone ID, naming the zones allowed", async () => {
        const message = await failure("dev", {
            "ecs-platform:network": { mode: "create", availabilityZones: ["us-east-1a", "us-east-1b"] },
        });
        assert.match(
            message,
            /availabilityZones us-east-1b map to a zone ID CloudFront VPC origins exclude \(use1-az3\)/,
        );
        assert.match(message, /allowed here: us-east-1a, us-east-1c, us-east-1d, us-east-1e, us-east-1f/);
    });
    it("accepts the same zones with mode publicAlb, and allowed zones with vpcOrigin", async () => {
        const publicAlb = await variant("dev", {
            "ecs-platform:network": { mode: "create", availabilityZones: ["us-east-1a", "us-east-1b"] },
            [EDGE]: { mode: "publicAlb" },
        });
        assert.strictEqual(ofType(publicAlb, AWS_TYPE.ec2.Subnet).length, 8);
        const ok = await variant("dev", {
            "ecs-platform:network": { mode: "create", availabilityZones: ["us-east-1c", "us-east-1d"] },
        });
        assert.deepStrictEqual(albSubnetCidrs(ok), ["10.0.11.0/24", "10.0.12.0/24"]);
    });
});
