/**
 * The AWS-limits lint for AWS WAF (policy-pack/lib/limits/waf.ts): capacity units against the 1,500
 * the base price covers and the 5,000 maximum, rule and metric names, rate-rule settings, the Region of
 * CLOUDFRONT-scope ACLs and the `aws-waf-logs-` log-group prefix; checked against the program's own ACL.
 */
import * as assert from "assert";
import { checkResourceLimits } from "../../policy-pack/lib/aws-limits";
import { webAclWcu } from "../../policy-pack/lib/limits/waf";
import { webAclRules } from "../../components/edge-waf";
import { webAclCapacity } from "../../offline/mock-values";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { MANAGED_RULE_GROUP_WCU } from "../../policy-pack/lib/edge-facts";

const waf = { enabled: true, action: "block" as const, rateLimit: 2000, rateWindowSeconds: 300, excludedRules: [] };
const managed = (name: string, priority: number, ruleName = name) => ({
    name: ruleName,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `m-${priority}`, sampledRequestsEnabled: true },
});
const acl = (rules: unknown[], extra: Record<string, unknown> = {}) => ({
    name: "ecs-platform-dev-edge",
    scope: "CLOUDFRONT",
    region: "us-east-1",
    defaultAction: { allow: {} },
    rules,
    visibilityConfig: {
        cloudwatchMetricsEnabled: true,
        metricName: "ecs-platform-dev-edge",
        sampledRequestsEnabled: true,
    },
    ...extra,
});
const findings = (props: Record<string, unknown>, type = AWS_TYPE.wafv2.WebAcl) =>
    checkResourceLimits(type, props, "edge-waf").map((f) => `${f.severity} ${f.property}: ${f.message}`);

describe("AWS limits: WAF web ACLs", () => {
    it("the program's web ACL costs 927 WCUs (700 + 200 + 25 + a 2-WCU rate rule), inside 1,500, and passes", () => {
        const rules = webAclRules(waf, "ecs-platform-dev");
        assert.deepStrictEqual(webAclWcu(rules), { wcu: 927, unpriced: [] });
        // The offline mock reports the same capacity AWS would.
        assert.strictEqual(webAclCapacity(rules), 927);
        assert.deepStrictEqual(findings(acl(rules)), []);
    });

    it("warns over 1,500 WCUs (billed extra) and errors over 5,000", () => {
        const groups = Object.keys(MANAGED_RULE_GROUP_WCU);
        const big = [0, 1, 2].map((i) => managed("AWSManagedRulesCommonRuleSet", i, `crs-${i}`)); // 2,100
        assert.match(findings(acl(big)).join("\n"), /^warning rules: need at least 2100 WCUs, over the 1500/);
        const huge = Array.from({ length: 8 }, (_, i) => managed("AWSManagedRulesCommonRuleSet", i, `crs-${i}`));
        assert.match(
            findings(acl(huge)).join("\n"),
            /^error rules: need at least 5600 WCUs; a web ACL holds at most 5000/,
        );
        assert.ok(groups.includes("AWSManagedRulesAnonymousIpList"));
    });

    it("says when it cannot price a rule rather than pretending the total is complete", () => {
        const bot = managed("AWSManagedRulesBotControlRuleSet", 0);
        assert.match(
            findings(acl([bot])).join("\n"),
            /warning rules: WCUs unknown to this lint for rules\[0\] \(AWSManagedRulesBotControlRuleSet\)/,
        );
    });

    it("rejects bad names: the ACL's, a rule's, a duplicate, a reserved metric name, a spaced one", () => {
        assert.match(findings(acl([], { name: "edge acl" })).join("\n"), /error name:/);
        assert.match(findings(acl([], { name: "x".repeat(129) })).join("\n"), /error name:/);
        assert.deepStrictEqual(findings(acl([], { name: "x".repeat(128) })), []);
        const r = managed("AWSManagedRulesAmazonIpReputationList", 0, "ip rep");
        assert.match(findings(acl([r])).join("\n"), /error rules\[0\]\.name: must be 1-128/);
        const twice = [
            managed("AWSManagedRulesAmazonIpReputationList", 0, "a"),
            managed("AWSManagedRulesKnownBadInputsRuleSet", 0, "a"),
        ];
        const text = findings(acl(twice)).join("\n");
        assert.match(text, /rules\[1\]\.name: repeats/);
        assert.match(text, /rules\[1\]\.priority: repeats rules\[0\]'s priority 0/);
        const reserved = {
            ...managed("AWSManagedRulesAmazonIpReputationList", 0),
            visibilityConfig: { metricName: "All" },
        };
        assert.match(findings(acl([reserved])).join("\n"), /metricName: is reserved by AWS WAF/);
        const spaced = {
            ...managed("AWSManagedRulesAmazonIpReputationList", 0),
            visibilityConfig: { metricName: "a b" },
        };
        assert.match(findings(acl([spaced])).join("\n"), /metricName: must be 1-255/);
    });

    it("checks the rate rule's limit (100 to 2e9, pulumi/pulumi-aws#5841) and window (60/120/300/600)", () => {
        const rate = (limit: number, evaluationWindowSec: number) => [
            {
                ...webAclRules(waf, "p")[0],
                statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", evaluationWindowSec } },
            },
        ];
        assert.deepStrictEqual(findings(acl(rate(100, 60))), []);
        // AWS WAF accepts 10-99; the provider does not, so the lint stops it before `pulumi up` does.
        assert.match(findings(acl(rate(10, 300))).join("\n"), /limit: is 10; allowed 100-2000000000/);
        assert.match(findings(acl(rate(99, 300))).join("\n"), /limit: is 99; allowed 100-2000000000/);
        assert.match(
            findings(acl(rate(100, 900))).join("\n"),
            /evaluationWindowSec: is 900; allowed 60, 120, 300, 600/,
        );
    });

    it("refuses a CLOUDFRONT-scope ACL outside us-east-1; a REGIONAL one may be anywhere", () => {
        assert.match(findings(acl([], { region: "eu-west-1" })).join("\n"), /error region: is not us-east-1/);
        assert.deepStrictEqual(findings(acl([], { region: "eu-west-1", scope: "REGIONAL" })), []);
        assert.deepStrictEqual(findings(acl([], { region: undefined })), []);
    });

    it("refuses logging to a log group not named aws-waf-logs-*", () => {
        const logging = (arn: string) =>
            findings({ resourceArn: "arn:x", logDestinationConfigs: [arn] }, AWS_TYPE.wafv2.WebAclLoggingConfiguration);
        assert.deepStrictEqual(
            logging("arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ecs-platform-dev"),
            [],
        );
        assert.match(
            logging("arn:aws:logs:us-east-1:123456789012:log-group:/waf/ecs-platform-dev").join("\n"),
            /does not start with "aws-waf-logs-"/,
        );
        // A Firehose or S3 destination is not a log group: not this rule's business.
        assert.deepStrictEqual(logging("arn:aws:s3:::aws-waf-logs-bucket"), []);
    });
});
