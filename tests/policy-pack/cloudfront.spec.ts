import * as assert from "assert";
import {
    distributionWebAcl,
    edgePolicies,
    originEncrypted,
    viewerTlsCustomDomain,
    viewerTlsDefaultCertificate,
    vpcOriginInternal,
} from "../../policy-pack/cloudfront";
import { singlePublicEntry } from "../../policy-pack/alb";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { runPolicies } from "../../offline/analyze";
import { readPolicyPackConfig } from "../../offline/analyze";

const ACL =
    "arn:aws:wafv2:us-east-1:123456789012:global/webacl/ecs-platform-prod-edge/0a1b2c3d-1111-4222-8333-444455556666";
const ACM = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-4222-8333-444455556666";
const customOrigin = (originProtocolPolicy: unknown) => ({
    originId: "o",
    domainName: "edge-alb-1.us-east-1.elb.amazonaws.com",
    customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols: ["TLSv1.2"] },
});
const vpcOrigin = { originId: "o", domainName: "internal-alb", vpcOriginConfig: { vpcOriginId: "vo_abc" } };
const distribution = (extra: Record<string, unknown> = {}) =>
    res(AWS_TYPE.cloudfront.Distribution, "edge-cdn", {
        origins: [vpcOrigin],
        webAclId: ACL,
        viewerCertificate: { cloudfrontDefaultCertificate: true },
        ...extra,
    });

describe("edge policies (CloudFront)", () => {
    it("declare anchors; the web-ACL and origin rules are advisory by default and mandatory in prod's config", () => {
        for (const p of edgePolicies) assert.ok(p.metadata.anchors.length > 0, p.name);
        assert.strictEqual(distributionWebAcl.enforcementLevel, "advisory");
        assert.strictEqual(originEncrypted.enforcementLevel, "advisory");
        const prod = readPolicyPackConfig("prod").config;
        assert.deepStrictEqual(prod["cloudfront-web-acl"], { enforcementLevel: "mandatory" });
        assert.deepStrictEqual(prod["cloudfront-origin-not-plaintext"], { enforcementLevel: "mandatory" });
        assert.strictEqual(readPolicyPackConfig("dev").config["cloudfront-web-acl"], undefined);
    });

    describe("cloudfront-web-acl", () => {
        it("passes a web ACL ARN, and an unknown one (created in the same run)", () => {
            expectClean(run(distributionWebAcl, distribution()));
            expectClean(run(distributionWebAcl, distribution({ webAclId: UNKNOWN })));
        });
        it("flags a distribution without one, and an empty string", () => {
            expectViolations(run(distributionWebAcl, distribution({ webAclId: undefined })), 1);
            expectViolations(run(distributionWebAcl, distribution({ webAclId: "" })), 1);
        });
        it("is mandatory with prod's config file: a prod stack without WAF fails", () => {
            const prod = readPolicyPackConfig("prod").config;
            const result = runPolicies([distributionWebAcl], [distribution({ webAclId: undefined })], prod);
            assert.strictEqual(result.violations.length, 1);
            assert.strictEqual(result.violations[0].enforcementLevel, "mandatory");
        });
    });

    describe("cloudfront-origin-not-plaintext", () => {
        it("passes a VPC origin and an https-only custom origin", () => {
            expectClean(run(originEncrypted, distribution()));
            expectClean(run(originEncrypted, distribution({ origins: [customOrigin("https-only")] })));
        });
        it("flags http-only and match-viewer custom origins, each one", () => {
            const m = expectViolations(
                run(
                    originEncrypted,
                    distribution({ origins: [customOrigin("http-only"), customOrigin("match-viewer")] }),
                ),
                2,
            );
            assert.match(m[0], /origins\[0\] .* http-only: plaintext across the internet/);
            assert.match(m[1], /origins\[1\] .* match-viewer/);
        });
        it("cannot decide on an unknown protocol policy", () => {
            expectCannotRun(run(originEncrypted, distribution({ origins: [customOrigin(UNKNOWN)] })));
        });
        it("is mandatory with prod's config file", () => {
            const prod = readPolicyPackConfig("prod").config;
            const result = runPolicies(
                [originEncrypted],
                [distribution({ origins: [customOrigin("http-only")] })],
                prod,
            );
            assert.strictEqual(result.violations[0].enforcementLevel, "mandatory");
        });
    });

    describe("cloudfront-viewer-tls (custom domain: mandatory)", () => {
        const custom = (minimumProtocolVersion: unknown) =>
            distribution({
                viewerCertificate: {
                    acmCertificateArn: ACM,
                    sslSupportMethod: "sni-only",
                    ...(minimumProtocolVersion === undefined ? {} : { minimumProtocolVersion }),
                },
            });
        it("passes TLSv1.2_2021 and newer", () => {
            assert.strictEqual(viewerTlsCustomDomain.enforcementLevel, "mandatory");
            for (const v of ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"])
                expectClean(run(viewerTlsCustomDomain, custom(v)));
        });
        it("flags older policies and an unset one (the API's default is TLSv1)", () => {
            for (const v of ["TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", undefined]) {
                expectViolations(run(viewerTlsCustomDomain, custom(v)), 1);
            }
        });
        it("honours a stricter minimum from config", () => {
            expectViolations(
                run(viewerTlsCustomDomain, custom("TLSv1.2_2021"), { minimumProtocolVersion: "TLSv1.2_2025" }),
                1,
            );
        });
        it("does not apply to the default certificate (the other policy does)", () => {
            const r = run(viewerTlsCustomDomain, distribution());
            assert.deepStrictEqual(r.violations, []);
        });
    });

    describe("cloudfront-default-certificate-tls (advisory)", () => {
        it("reports the TLSv1 floor of *.cloudfront.net, advisory", () => {
            assert.strictEqual(viewerTlsDefaultCertificate.enforcementLevel, "advisory");
            expectViolations(run(viewerTlsDefaultCertificate, distribution()), 1);
        });
        it("stays quiet with a custom certificate", () => {
            const r = run(
                viewerTlsDefaultCertificate,
                distribution({ viewerCertificate: { acmCertificateArn: ACM, minimumProtocolVersion: "TLSv1.2_2021" } }),
            );
            assert.deepStrictEqual(r.violations, []);
        });
    });

    describe("cloudfront-vpc-origin-internal (mandatory)", () => {
        const lb = (name: string, internal: unknown) =>
            res(AWS_TYPE.lb.LoadBalancer, name, { loadBalancerType: "application", internal });
        const origin = (target: ReturnType<typeof lb>) =>
            res(
                AWS_TYPE.cloudfront.VpcOrigin,
                "edge-vpc-origin",
                { vpcOriginEndpointConfig: { arn: UNKNOWN, originProtocolPolicy: "http-only" } },
                { vpcOriginEndpointConfig: [target] },
            );
        it("passes an internal target", () => {
            const alb = lb("edge-alb", true);
            expectClean(run(vpcOriginInternal, [alb, origin(alb)]));
        });
        it("flags an internet-facing target, and an internet-facing ALB beside the origin", () => {
            const alb = lb("edge-alb", false);
            assert.match(
                expectViolations(run(vpcOriginInternal, [alb, origin(alb)]), 1)[0],
                /VPC origin's target but internet-facing/,
            );
            const internal = lb("edge-alb", true);
            const other = lb("other-alb", undefined);
            assert.match(
                expectViolations(run(vpcOriginInternal, [internal, other, origin(internal)]), 1)[0],
                /internet-facing beside a CloudFront VPC origin/,
            );
        });
        it("does not apply without a VPC origin (publicAlb, cidrOnly)", () => {
            const r = run(vpcOriginInternal, [lb("edge-alb", false)]);
            assert.deepStrictEqual(r.violations, []);
        });
        it("cannot decide while the scheme is unknown", () => {
            const alb = lb("edge-alb", UNKNOWN);
            expectCannotRun(run(vpcOriginInternal, [alb, origin(alb)]));
        });
    });

    describe("single-public-entry now allows zero internet-facing load balancers", () => {
        it("passes a stack whose only ALB is internal, still flags two public ones", () => {
            const internal = res(AWS_TYPE.lb.LoadBalancer, "edge-alb", { internal: true });
            expectClean(run(singlePublicEntry, [internal]));
            const a = res(AWS_TYPE.lb.LoadBalancer, "a", { internal: false });
            const b = res(AWS_TYPE.lb.LoadBalancer, "b", { internal: false });
            assert.match(expectViolations(run(singlePublicEntry, [a, b]), 1)[0], /2 internet-facing .* at most one/);
        });
    });
});
