/**
 * The public entry (components/edge.ts) on every stack: an internet-facing ALB in the public
 * subnets, behind CloudFront, whose listener forwards to the BFF only for requests that carry
 * CloudFront's origin-verify header; everything else gets a 404.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { input, output, referenced, referencedOne, single } from "../support/graph";
import { ruleSummary } from "../support/architecture";

for (const stackName of STACKS) {
    describe(`Edge (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T055 the public ALB is internet-facing in the two public subnets, behind its own group", () => {
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            assert.strictEqual(input(alb, "internal"), false);
            const cidrs = referenced(stack, alb, "subnets", AWS_TYPE.ec2.Subnet).map((s) => input(s, "cidrBlock"));
            assert.deepStrictEqual(cidrs.sort(), ["10.0.1.0/24", "10.0.2.0/24"]);
            assert.strictEqual(input(alb, "dropInvalidHeaderFields"), true);
            assert.strictEqual(input(alb, "accessLogs", "enabled"), true);
            assert.deepStrictEqual(ruleSummary(stack).alb.egress, ["tcp 3000 to bff"]);
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

        it("T055 CloudFront sends viewers to HTTPS and uses the ALB as its origin", () => {
            const cdn = single(stack, AWS_TYPE.cloudfront.Distribution);
            assert.strictEqual(input(cdn, "defaultCacheBehavior", "viewerProtocolPolicy"), "redirect-to-https");
            const [origin] = input(cdn, "origins");
            const alb = referencedOne(stack, cdn, "origins", AWS_TYPE.lb.LoadBalancer);
            assert.strictEqual(origin.domainName, output(alb, "dnsName"));
        });
    });
}
