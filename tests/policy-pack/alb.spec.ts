import * as assert from "assert";
import {
    accessLogs,
    albPolicies,
    dropInvalidHeaders,
    hardening,
    listenerHttps,
    listenerTlsPolicy,
    singlePublicEntry,
} from "../../policy-pack/alb";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const https = (extra: Record<string, unknown> = {}) => ({
    protocol: "HTTPS",
    port: 443,
    certificateArn: "arn:aws:acm:us-east-1:1:certificate/x",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
    loadBalancerArn: "arn:lb",
    ...extra,
});

describe("alb policies", () => {
    it("are all advisory by default with anchors", () => {
        for (const p of albPolicies) {
            assert.strictEqual(p.enforcementLevel, "advisory", p.name);
            assert.ok(p.metadata.anchors.length > 0);
        }
    });

    describe("alb-listener-https", () => {
        it("passes HTTPS on both the aws:lb and aws:alb tokens, and a single HTTPS redirect", () => {
            expectClean(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", https())));
            expectClean(run(listenerHttps, res(AWS_TYPE.alb.Listener, "l", https())));
            expectClean(
                run(
                    listenerHttps,
                    res(AWS_TYPE.alb.Listener, "l", { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
                ),
            );
            expectClean(
                run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", { protocol: "TCP", port: 5432, defaultActions: [] })),
            );
        });
        it("flags HTTP forwarding, on either token, and a missing protocol (HTTP by default)", () => {
            const fwd = { protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] };
            expectViolations(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", fwd)), 1);
            expectViolations(run(listenerHttps, res(AWS_TYPE.alb.Listener, "l", fwd)), 1);
            expectViolations(run(listenerHttps, res(AWS_TYPE.alb.Listener, "l", { ...fwd, protocol: undefined })), 1);
        });
        it("flags a fixed-response HTTP listener and redirects that stay on HTTP", () => {
            const fixed = {
                protocol: "HTTP",
                defaultActions: [
                    { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
                ],
            };
            assert.match(
                expectViolations(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", fixed)), 1)[0],
                /fixed response/,
            );
            const keep = {
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { statusCode: "HTTP_301" } }],
            };
            expectViolations(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", keep)), 1);
            const two = { protocol: "HTTP", defaultActions: [redirect, { type: "forward", targetGroupArn: "x" }] };
            expectViolations(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", two)), 1);
        });
        it("decides on the protocol alone when only the actions are unknown", () => {
            expectClean(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", https({ defaultActions: UNKNOWN }))));
            expectCannotRun(
                run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", { protocol: "HTTP", defaultActions: UNKNOWN })),
            );
            expectCannotRun(run(listenerHttps, res(AWS_TYPE.lb.Listener, "l", { protocol: UNKNOWN })));
        });
        it("is not applicable to other types", () => {
            const r = run(listenerHttps, res(AWS_TYPE.lb.LoadBalancer, "lb", {}));
            assert.strictEqual(r.notApplicable.length, 1);
        });
    });

    describe("alb-tls-policy", () => {
        it("flags a missing or legacy policy without echoing arbitrary values", () => {
            expectViolations(
                run(listenerTlsPolicy, res(AWS_TYPE.lb.Listener, "l", https({ sslPolicy: undefined }))),
                1,
            );
            const [m] = expectViolations(
                run(
                    listenerTlsPolicy,
                    res(AWS_TYPE.alb.Listener, "l", https({ sslPolicy: "ELBSecurityPolicy-2016-08" })),
                ),
                1,
            );
            assert.match(m, /ELBSecurityPolicy-2016-08/);
        });
        it("passes allowed policies, ignores HTTP listeners, honours allowedSslPolicies", () => {
            expectClean(run(listenerTlsPolicy, res(AWS_TYPE.lb.Listener, "l", https())));
            expectClean(
                run(
                    listenerTlsPolicy,
                    res(AWS_TYPE.lb.Listener, "l", https({ sslPolicy: "ELBSecurityPolicy-FS-1-2-Res-2020-10" })),
                ),
            );
            expectClean(
                run(
                    listenerTlsPolicy,
                    res(AWS_TYPE.lb.Listener, "l", { protocol: "HTTP", defaultActions: [redirect] }),
                ),
            );
            const only13 = { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] };
            expectViolations(run(listenerTlsPolicy, res(AWS_TYPE.lb.Listener, "l", https()), only13), 1);
        });
    });

    describe("load balancer attributes", () => {
        const good = {
            dropInvalidHeaderFields: true,
            accessLogs: { enabled: true, bucket: "logs" },
            enableDeletionProtection: true,
            desyncMitigationMode: "defensive",
        };
        it("alb-drop-invalid-headers: application only", () => {
            expectClean(run(dropInvalidHeaders, res(AWS_TYPE.lb.LoadBalancer, "lb", good)));
            expectViolations(run(dropInvalidHeaders, res(AWS_TYPE.alb.LoadBalancer, "lb", {})), 1);
            const nlb = run(dropInvalidHeaders, res(AWS_TYPE.lb.LoadBalancer, "nlb", { loadBalancerType: "network" }));
            expectViolations(nlb, 0);
            assert.strictEqual(nlb.notApplicable.length, 1);
        });
        it("alb-access-logs: enabled with a bucket (an unknown bucket counts)", () => {
            expectClean(run(accessLogs, res(AWS_TYPE.lb.LoadBalancer, "lb", good)));
            expectClean(
                run(
                    accessLogs,
                    res(AWS_TYPE.lb.LoadBalancer, "lb", { accessLogs: { enabled: true, bucket: UNKNOWN } }),
                ),
            );
            expectViolations(run(accessLogs, res(AWS_TYPE.lb.LoadBalancer, "lb", {})), 1);
            expectViolations(
                run(accessLogs, res(AWS_TYPE.alb.LoadBalancer, "lb", { accessLogs: { enabled: true } })),
                1,
            );
            expectViolations(
                run(accessLogs, res(AWS_TYPE.alb.LoadBalancer, "lb", { accessLogs: { enabled: false, bucket: "b" } })),
                1,
            );
        });
        it("alb-hardening: desync monitor always, deletion protection only when required", () => {
            expectViolations(
                run(hardening, res(AWS_TYPE.lb.LoadBalancer, "lb", { desyncMitigationMode: "monitor" })),
                1,
            );
            expectClean(run(hardening, res(AWS_TYPE.lb.LoadBalancer, "lb", {})));
            expectViolations(
                run(hardening, res(AWS_TYPE.lb.LoadBalancer, "lb", {}), { requireDeletionProtection: true }),
                1,
            );
            expectClean(run(hardening, res(AWS_TYPE.lb.LoadBalancer, "lb", good), { requireDeletionProtection: true }));
        });
    });

    describe("single-public-entry (stack)", () => {
        function stack(opts: { secondPublic?: boolean; tgPort?: number; agentTg?: boolean; linkByArn?: boolean } = {}) {
            const lb = res(AWS_TYPE.alb.LoadBalancer, "public", { internal: false, arn: "arn:lb/public" });
            const internalLb = res(AWS_TYPE.lb.LoadBalancer, "internal", { internal: true, arn: "arn:lb/internal" });
            const tg = res(AWS_TYPE.lb.TargetGroup, "bff-tg", { port: opts.tgPort ?? 3000, arn: "arn:tg/bff" });
            const listener = opts.linkByArn
                ? res(
                      AWS_TYPE.lb.Listener,
                      "https",
                      https({
                          loadBalancerArn: "arn:lb/public",
                          defaultActions: [{ type: "forward", targetGroupArn: "arn:tg/bff" }],
                      }),
                  )
                : res(
                      AWS_TYPE.lb.Listener,
                      "https",
                      https({
                          loadBalancerArn: UNKNOWN,
                          defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
                      }),
                      {
                          loadBalancerArn: [lb],
                          defaultActions: [tg],
                      },
                  );
            const all = [lb, internalLb, tg, listener];
            if (opts.secondPublic) all.push(res(AWS_TYPE.lb.LoadBalancer, "second", { arn: "arn:lb/second" }));
            if (opts.agentTg) all.push(res(AWS_TYPE.alb.TargetGroup, "agent-tg", { port: 8080 }));
            return all;
        }
        it("passes one public ALB forwarding to the BFF port (links by dependency or by ARN)", () => {
            expectClean(run(singlePublicEntry, stack()));
            expectClean(run(singlePublicEntry, stack({ linkByArn: true })));
        });
        it("flags a second internet-facing load balancer (internal unset counts as public)", () => {
            expectViolations(run(singlePublicEntry, stack({ secondPublic: true })), 1);
        });
        it("flags a public listener forwarding to another port, and any AgentCore-port target group", () => {
            expectViolations(run(singlePublicEntry, stack({ tgPort: 8081 })), 1);
            expectViolations(run(singlePublicEntry, stack({ linkByArn: true, tgPort: 8081 })), 1);
            expectViolations(run(singlePublicEntry, stack({ agentTg: true })), 1);
        });
        it("follows listener rules of the public listener", () => {
            const all = stack();
            const listener = all[3];
            const other = res(AWS_TYPE.lb.TargetGroup, "admin-tg", { port: 9000 });
            const rule = res(
                AWS_TYPE.lb.ListenerRule,
                "r",
                { listenerArn: UNKNOWN, actions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
                { listenerArn: [listener], actions: [other] },
            );
            expectViolations(run(singlePublicEntry, [...all, other, rule]), 1);
        });
        it("uses configured ports; not applicable without load balancers", () => {
            expectClean(run(singlePublicEntry, stack({ tgPort: 8081 }), { allowedTargetPorts: [8081] }));
            const r = run(singlePublicEntry, [res(AWS_TYPE.s3.Bucket, "b", {})]);
            assert.strictEqual(r.notApplicable.length, 1);
        });
        it("cannot count public load balancers when `internal` is unknown", () => {
            const r = run(singlePublicEntry, [
                res(AWS_TYPE.lb.LoadBalancer, "a", { internal: UNKNOWN }),
                res(AWS_TYPE.lb.LoadBalancer, "b", {}),
            ]);
            expectCannotRun(r);
        });
    });
});
