/**
 * The entry (components/edge*.ts) on every committed stack, which all use the default edge.mode
 * vpcOrigin: CloudFront (with AWS WAF and security headers) reaches an internal ALB in the private app
 * subnets through a CloudFront VPC origin; the ALB's listener forwards to the BFF only for requests
 * that carry CloudFront's origin-verify header; everything else gets a 404.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { input, named, ofType, output, referenced, referencedOne, single } from "../support/graph";
import { ruleSummary } from "../support/architecture";
import { availabilityZones } from "../../offline/availability-zones";
import { CRS_BODY_SIZE_RULE, vpcOriginExcludedZoneIds, WEB_ACL_WCU_LIMIT } from "../../policy-pack/lib/edge-facts";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}";

for (const stackName of STACKS) {
    describe(`Edge (${stackName}, edge.mode vpcOrigin)`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T055 the ALB is internal, in the two private app subnets, behind its own group", () => {
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            assert.strictEqual(input(alb, "internal"), true);
            const cidrs = referenced(stack, alb, "subnets", AWS_TYPE.ec2.Subnet).map((s) => input(s, "cidrBlock"));
            assert.deepStrictEqual(cidrs.sort(), ["10.0.11.0/24", "10.0.12.0/24"]);
            assert.strictEqual(input(alb, "dropInvalidHeaderFields"), true);
            assert.strictEqual(input(alb, "accessLogs", "enabled"), true);
            assert.deepStrictEqual(ruleSummary(stack).alb.egress, ["tcp 3000 to bff"]);
            // One target group serves one ALB at a time: a replacement must delete the old ALB first.
            assert.strictEqual(alb.deleteBeforeReplace, true);
        });

        it("the ALB's subnets avoid the zone IDs VPC origins exclude (use1-az3), by ID, not by name", () => {
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            const zones = referenced(stack, alb, "subnets", AWS_TYPE.ec2.Subnet).map((s) =>
                input(s, "availabilityZone"),
            );
            // What AWS answers for this account, unfiltered: names and the IDs they map to.
            const all = availabilityZones("us-east-1", {});
            const idOf = (zone: string) => (all.zoneIds as string[])[(all.names as string[]).indexOf(zone)];
            const excluded = vpcOriginExcludedZoneIds("us-east-1")!;
            assert.deepStrictEqual(excluded, ["use1-az3"]);
            for (const zone of zones) assert.ok(!excluded.includes(idOf(zone)), `${zone} is ${idOf(zone)}`);
            // The account maps us-east-1b to use1-az3: the plan skips it for the next zone.
            assert.deepStrictEqual(zones.sort(), ["us-east-1a", "us-east-1c"]);
        });

        it("T055 the listener answers 404 by default; only the BFF rule forwards", () => {
            const listener = single(stack, AWS_TYPE.lb.Listener);
            const actions = input(listener, "defaultActions");
            assert.deepStrictEqual(
                actions.map((a: { type: string }) => a.type),
                ["fixed-response"],
            );
            assert.strictEqual(actions[0].fixedResponse.statusCode, "404");
        });

        it("T055 the BFF rule requires CloudFront's origin-verify header with CloudFront's secret value", () => {
            const rule = single(stack, AWS_TYPE.lb.ListenerRule);
            const header = input(rule, "conditions").find((c: { httpHeader?: unknown }) => c.httpHeader)?.httpHeader;
            assert.ok(header, "the rule forwards requests that did not come through CloudFront");
            const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
            const [origin] = input(cdn, "origins");
            const sent = origin.customHeaders.find((h: { name: string }) => h.name === header.httpHeaderName);
            assert.ok(sent, `CloudFront does not send ${header.httpHeaderName}`);
            assert.deepStrictEqual(header.values, [sent.value]);
            assert.ok(String(sent.value).length >= 32, "a guessable origin secret");
        });

        it("the VPC origin targets the internal ALB, is replaced (never updated) on change, and waits 30 minutes", () => {
            const vo = single(stack, AWS_TYPE.cloudfront.VpcOrigin);
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            const endpoint = input(vo, "vpcOriginEndpointConfig");
            assert.strictEqual(endpoint.arn, output(alb, "arn"));
            assert.strictEqual(endpoint.originProtocolPolicy, "http-only");
            assert.deepStrictEqual([endpoint.httpPort, endpoint.httpsPort], [80, 443]);
            assert.deepStrictEqual(endpoint.originSslProtocols, { items: ["TLSv1.2"], quantity: 1 });
            assert.strictEqual(endpoint.name, `ecs-platform-${stackName}-alb`);
            assert.deepStrictEqual(input(vo, "timeouts"), { create: "30m", update: "30m", delete: "30m" });
            assert.deepStrictEqual(vo.replaceOnChanges, ["vpcOriginEndpointConfig", "tags"]);
            assert.strictEqual(vo.deleteBeforeReplace, false, "the distribution must move to the new origin first");
            assert.match(String(output(vo, "id")), /^vo_[0-9A-Za-z]{22}$/);
            assert.strictEqual(output(vo, "arn"), `arn:aws:cloudfront::123456789012:vpcorigin/${output(vo, "id")}`);
        });

        it("T055 CloudFront sends viewers to HTTPS, reaches the ALB through the VPC origin, never over the internet", () => {
            const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
            assert.strictEqual(input(cdn, "defaultCacheBehavior", "viewerProtocolPolicy"), "redirect-to-https");
            const [origin] = input(cdn, "origins");
            const vo = single(stack, AWS_TYPE.cloudfront.VpcOrigin);
            assert.strictEqual(origin.vpcOriginConfig.vpcOriginId, output(vo, "id"));
            assert.strictEqual(origin.vpcOriginConfig.originReadTimeout, 60);
            assert.strictEqual(origin.customOriginConfig, undefined);
            const alb = referencedOne(stack, cdn, "origins", AWS_TYPE.lb.LoadBalancer);
            assert.strictEqual(origin.domainName, output(alb, "dnsName"));
            // Without edge.domain: the *.cloudfront.net certificate (CloudFront pins it to TLSv1; docs/edge.md).
            assert.deepStrictEqual(input(cdn, "viewerCertificate"), { cloudfrontDefaultCertificate: true });
            assert.strictEqual(input(cdn, "aliases"), undefined);
        });

        it("the ALB group admits CloudFront's origin-facing prefix list only, on the listener port (safe first deploy)", () => {
            const rules = ofType(stack, AWS_TYPE.vpc.SecurityGroupIngressRule).filter((r) =>
                r.name.startsWith("edge-alb-in-"),
            );
            assert.deepStrictEqual(
                rules.map((r) => [r.name, input(r, "fromPort"), input(r, "toPort"), input(r, "prefixListId")]),
                [["edge-alb-in-cloudfront-80", 80, 80, "pl-3b927c52"]],
            );
        });

        it(`AWS WAF: a CLOUDFRONT web ACL in us-east-1 on the distribution, ${stackName === "prod" ? "blocking" : "counting"}`, () => {
            const acl = single(stack, AWS_TYPE.wafv2.WebAcl);
            assert.strictEqual(input(acl, "scope"), "CLOUDFRONT");
            assert.strictEqual(input(acl, "region"), "us-east-1");
            assert.strictEqual(input(acl, "name"), `ecs-platform-${stackName}-edge`);
            assert.match(
                String(output(acl, "arn")),
                new RegExp(
                    `^arn:aws:wafv2:us-east-1:123456789012:global/webacl/ecs-platform-${stackName}-edge/${UUID}$`,
                ),
            );
            assert.deepStrictEqual(input(acl, "defaultAction"), { allow: {} });
            const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
            assert.strictEqual(input(cdn, "webAclId"), output(acl, "arn"));

            const rules = input(acl, "rules");
            assert.deepStrictEqual(
                rules.map((r: { name: string; priority: number }) => [r.priority, r.name]),
                [
                    [0, "rate-limit-per-ip"],
                    [1, "AWSManagedRulesAmazonIpReputationList"],
                    [2, "AWSManagedRulesKnownBadInputsRuleSet"],
                    [3, "AWSManagedRulesCommonRuleSet"],
                ],
            );
            const block = stackName === "prod";
            assert.deepStrictEqual(rules[0].action, block ? { block: {} } : { count: {} });
            assert.deepStrictEqual(rules[0].statement.rateBasedStatement, {
                limit: 2000,
                aggregateKeyType: "IP",
                evaluationWindowSec: 300,
            });
            for (const r of rules.slice(1)) {
                assert.deepStrictEqual(r.overrideAction, block ? { none: {} } : { count: {} }, r.name);
                assert.strictEqual(r.statement.managedRuleGroupStatement.vendorName, "AWS");
            }
            // Chat POSTs exceed the 8 KB SizeRestrictions_BODY blocks: it counts, in every stack.
            assert.deepStrictEqual(rules[3].statement.managedRuleGroupStatement.ruleActionOverrides, [
                { name: CRS_BODY_SIZE_RULE, actionToUse: { count: {} } },
            ]);
            assert.strictEqual(output(acl, "capacity"), 700 + 200 + 25 + 2);
            assert.ok(output(acl, "capacity") <= WEB_ACL_WCU_LIMIT);
        });

        it("AWS WAF logs to an aws-waf-logs- group in us-east-1 with the stack's retention, tokens redacted", () => {
            const acl = single(stack, AWS_TYPE.wafv2.WebAcl);
            const group = named(stack, AWS_TYPE.cloudwatch.LogGroup, "edge-waf-logs");
            assert.strictEqual(input(group, "name"), `aws-waf-logs-ecs-platform-${stackName}`);
            assert.strictEqual(input(group, "region"), "us-east-1");
            assert.strictEqual(input(group, "retentionInDays"), 7);
            assert.strictEqual(
                output(group, "arn"),
                `arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ecs-platform-${stackName}`,
            );
            const logging = single(stack, AWS_TYPE.wafv2.WebAclLoggingConfiguration);
            assert.strictEqual(input(logging, "region"), "us-east-1");
            assert.strictEqual(input(logging, "resourceArn"), output(acl, "arn"));
            assert.deepStrictEqual(input(logging, "logDestinationConfigs"), [output(group, "arn")]);
            assert.deepStrictEqual(
                input(logging, "redactedFields").map((f: { singleHeader: { name: string } }) => f.singleHeader.name),
                ["authorization", "cookie"],
            );
        });

        it("every response carries HSTS, nosniff, frame DENY and a referrer policy", () => {
            const policy = single(stack, AWS_TYPE.cloudfront.ResponseHeadersPolicy);
            const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
            assert.strictEqual(input(cdn, "defaultCacheBehavior", "responseHeadersPolicyId"), output(policy, "id"));
            const h = input(policy, "securityHeadersConfig");
            assert.ok(h.strictTransportSecurity.accessControlMaxAgeSec >= 31_536_000);
            assert.strictEqual(h.strictTransportSecurity.override, true);
            assert.deepStrictEqual(h.contentTypeOptions, { override: true });
            assert.deepStrictEqual(h.frameOptions, { frameOption: "DENY", override: true });
            assert.strictEqual(h.referrerPolicy.referrerPolicy, "strict-origin-when-cross-origin");
        });

        it("no load balancer, subnet address or listener of the stack faces the internet", () => {
            for (const lb of ofType(stack, AWS_TYPE.lb.LoadBalancer)) assert.strictEqual(input(lb, "internal"), true);
            assert.strictEqual(ofType(stack, AWS_TYPE.ec2.InternetGateway).length, 1, "VPC origins need the IGW");
        });
    });
}
