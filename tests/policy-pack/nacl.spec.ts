/**
 * nacl-no-world-ingress through the analyzer-faithful runner: allow-all and sensitive-port
 * inbound entries from the internet in all three shapes, rule order within one ACL, the
 * return-traffic and 80/443 entries a public subnet needs, CIDRs that add up to the internet,
 * unknowns at preview.
 */
import * as assert from "assert";
import { AnalyzedResource } from "../../offline/analyze";
import { naclNoWorldIngress } from "../../policy-pack/network-nacl";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { judgeInboundEntries, normaliseNaclEntries } from "../../policy-pack/lib/nacl";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";

type Entry = Record<string, unknown>;
const allow = (ruleNo: number, protocol: string, from: number, to: number, cidr: Entry): Entry => ({
    ruleNo,
    action: "allow",
    protocol,
    fromPort: from,
    toPort: to,
    ...cidr,
});
const deny = (ruleNo: number, protocol: string, from: number, to: number, cidr: Entry): Entry => ({
    ...allow(ruleNo, protocol, from, to, cidr),
    action: "deny",
});
const V4 = { cidrBlock: "0.0.0.0/0" };
const V6 = { ipv6CidrBlock: "::/0" };
const acl = (ingress: unknown, egress: Entry[] = [], type = AWS_TYPE.ec2.NetworkAcl): AnalyzedResource =>
    res(type, "acl", { vpcId: "vpc-1", ingress, egress });
const rule = (inputs: Entry): AnalyzedResource =>
    res(AWS_TYPE.ec2.NetworkAclRule, "rule", {
        networkAclId: "acl-1",
        ruleNumber: 100,
        egress: false,
        ruleAction: "allow",
        ...inputs,
    });

/** What AWS's own public-subnet example needs: 80/443 from anywhere and the return-traffic range. */
const publicSubnet = [
    allow(100, "tcp", 80, 80, V4),
    allow(110, "tcp", 443, 443, V4),
    allow(120, "tcp", 1024, 65535, V4),
    allow(130, "tcp", 443, 443, V6),
    allow(140, "tcp", 1024, 65535, V6),
];

describe("nacl-no-world-ingress", () => {
    it("is mandatory and flags an allow-all inbound entry, IPv4 and IPv6, in every shape", () => {
        for (const r of [
            acl([allow(100, "-1", 0, 0, V4)]),
            acl([allow(100, "all", 0, 0, V6)]),
            acl([allow(100, "-1", 0, 0, V4)], [], AWS_TYPE.ec2.DefaultNetworkAcl),
            rule({ protocol: "-1", cidrBlock: "0.0.0.0/0" }),
            rule({ protocol: "-1", ipv6CidrBlock: "::/0" }),
        ]) {
            const result = run(naclNoWorldIngress, r);
            const [m] = expectViolations(result, 1);
            assert.match(m, /every protocol and port/);
            assert.strictEqual(result.violations[0].enforcementLevel, "mandatory");
            assert.ok(!m.includes("0.0.0.0") && !m.includes("::/0"), "a message quotes a CIDR");
        }
    });

    it("flags SSH, RDP, FTP and database ports from the internet, named by port", () => {
        for (const [port, proto] of [
            [22, "tcp"],
            [3389, "6"],
            [21, "tcp"],
            [3306, "tcp"],
            [5432, "tcp"],
            [1433, "tcp"],
            [27017, "tcp"],
            [6379, "tcp"],
            [9200, "tcp"],
            [5439, "tcp"],
        ] as const) {
            const [m] = expectViolations(run(naclNoWorldIngress, acl([allow(100, proto, port, port, V4)])), 1);
            assert.match(m, new RegExp(`sensitive port\\(s\\) ${port}\\b`));
            expectViolations(
                run(naclNoWorldIngress, rule({ protocol: proto, fromPort: port, toPort: port, ...V6 })),
                1,
            );
        }
        // A range that starts below 1024 is not the return-traffic allowance: it reaches 22.
        const [m] = expectViolations(run(naclNoWorldIngress, acl([allow(100, "tcp", 0, 65535, V4)])), 1);
        assert.match(m, /sensitive port\(s\) 20, 21, 22/);
        // A public /1 is as good as the internet (same broadness as the security-group policy).
        expectViolations(run(naclNoWorldIngress, acl([allow(100, "tcp", 22, 22, { cidrBlock: "0.0.0.0/1" })])), 1);
    });

    it("passes what a public subnet needs: 80/443 and the 1024-65535 return range from anywhere", () => {
        expectClean(run(naclNoWorldIngress, acl(publicSubnet)));
        expectClean(run(naclNoWorldIngress, rule({ protocol: "tcp", fromPort: 1024, toPort: 65535, ...V4 })));
        expectClean(run(naclNoWorldIngress, rule({ protocol: "udp", fromPort: 32768, toPort: 65535, ...V4 })));
        expectClean(run(naclNoWorldIngress, rule({ protocol: "tcp", fromPort: 443, toPort: 443, ...V6 })));
    });

    it("passes look-alikes: private or narrow sources, denies, egress, ICMP", () => {
        expectClean(run(naclNoWorldIngress, acl([allow(100, "-1", 0, 0, { cidrBlock: "10.0.0.0/16" })])));
        expectClean(run(naclNoWorldIngress, acl([allow(100, "tcp", 22, 22, { cidrBlock: "203.0.113.0/24" })])));
        expectClean(run(naclNoWorldIngress, acl([allow(100, "tcp", 22, 22, { cidrBlock: "10.0.0.0/8" })])));
        expectClean(run(naclNoWorldIngress, acl([deny(100, "-1", 0, 0, V4)])));
        expectClean(run(naclNoWorldIngress, acl([], [allow(100, "-1", 0, 0, V4)])));
        expectClean(run(naclNoWorldIngress, rule({ egress: true, protocol: "-1", ...V4 })));
        expectClean(run(naclNoWorldIngress, rule({ ruleAction: "deny", protocol: "-1", ...V4 })));
        expectClean(run(naclNoWorldIngress, acl([allow(100, "icmp", -1, -1, V4)])));
        // A narrow range between sensitive ports (the app's 3000) is not flagged.
        expectClean(run(naclNoWorldIngress, acl([allow(100, "tcp", 3000, 3000, V4)])));
    });

    it("honours rule order: a lower-numbered deny of the same traffic makes the allow safe", () => {
        expectClean(run(naclNoWorldIngress, acl([deny(90, "tcp", 22, 22, V4), allow(100, "tcp", 22, 22, V4)])));
        // Order is by rule number, not by position in the list.
        expectClean(run(naclNoWorldIngress, acl([allow(200, "tcp", 22, 22, V4), deny(100, "-1", 0, 0, V4)])));
        // A deny numbered after the allow does not help.
        expectViolations(
            run(naclNoWorldIngress, acl([allow(100, "tcp", 22, 22, V4), deny(200, "tcp", 22, 22, V4)])),
            1,
        );
        // A deny of half the space leaves the other half open.
        expectViolations(
            run(
                naclNoWorldIngress,
                acl([deny(90, "tcp", 22, 22, { cidrBlock: "0.0.0.0/1" }), allow(100, "tcp", 22, 22, V4)]),
            ),
            1,
        );
        // Two denies that together cover the space do make it safe.
        const halves = [
            deny(80, "tcp", 22, 22, { cidrBlock: "0.0.0.0/1" }),
            deny(90, "tcp", 22, 22, { cidrBlock: "128.0.0.0/1" }),
        ];
        expectClean(run(naclNoWorldIngress, acl([...halves, allow(100, "tcp", 22, 22, V4)])));
        // A deny of 22 does not shield the other ports of an allow-all.
        const [m] = expectViolations(
            run(naclNoWorldIngress, acl([deny(90, "tcp", 22, 22, V4), allow(100, "-1", 0, 0, V4)])),
            1,
        );
        assert.match(m, /every protocol/);
        // An IPv4 deny does not shield IPv6.
        expectViolations(run(naclNoWorldIngress, acl([deny(90, "-1", 0, 0, V4), allow(100, "-1", 0, 0, V6)])), 1);
    });

    it("judges a standalone rule alone (a deny in another resource is not seen)", () => {
        const result = run(naclNoWorldIngress, [
            rule({ ruleNumber: 90, ruleAction: "deny", protocol: "tcp", fromPort: 22, toPort: 22, ...V4 }),
            rule({ ruleNumber: 100, protocol: "tcp", fromPort: 22, toPort: 22, ...V4 }),
        ]);
        expectViolations(result, 1);
    });

    it("flags narrower blocks that add up to the whole internet on a sensitive port", () => {
        const [m] = expectViolations(
            run(
                naclNoWorldIngress,
                acl([
                    allow(100, "tcp", 22, 22, { cidrBlock: "0.0.0.0/2" }),
                    allow(110, "tcp", 22, 22, { cidrBlock: "64.0.0.0/2" }),
                    allow(120, "tcp", 22, 22, { cidrBlock: "128.0.0.0/2" }),
                    allow(130, "tcp", 22, 22, { cidrBlock: "192.0.0.0/2" }),
                ]),
                { sensitivePorts: [22] },
            ),
            // Each /2 is already a broad public block: four findings, no extra "together" one.
            4,
        );
        assert.match(m, /sensitive port/);
        // 512 /9s: each narrower than the /8 broadness limit, together the whole IPv4 space.
        const ninths = Array.from({ length: 512 }, (_, i) =>
            allow(100 + i, "tcp", 22, 22, { cidrBlock: `${i >> 1}.${(i & 1) * 128}.0.0/9` }),
        );
        const together = expectViolations(run(naclNoWorldIngress, acl(ninths), { sensitivePorts: [22] }), 1);
        assert.match(together[0], /together admit every IPv4 address on tcp 22/);
        // The same blocks with one /9 missing do not add up.
        expectClean(run(naclNoWorldIngress, acl(ninths.slice(1)), { sensitivePorts: [22] }));
    });

    it("cannot decide past an unknown entry, but reports what comes before it", () => {
        expectCannotRun(run(naclNoWorldIngress, acl(UNKNOWN)));
        expectCannotRun(run(naclNoWorldIngress, acl([allow(90, "tcp", 22, 22, { cidrBlock: UNKNOWN })])));
        expectCannotRun(
            run(naclNoWorldIngress, acl([allow(50, "-1", 0, 0, V4), deny(90, "tcp", 22, 22, { cidrBlock: UNKNOWN })])),
            1,
        );
        expectCannotRun(
            run(naclNoWorldIngress, rule({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: UNKNOWN })),
        );
    });

    it("uses the configured sensitive ports", () => {
        const entries = acl([allow(100, "tcp", 8080, 8080, V4)]);
        expectClean(run(naclNoWorldIngress, entries));
        expectViolations(run(naclNoWorldIngress, entries, { sensitivePorts: [8080] }), 1);
    });

    it("normalises protocol numbers and ignores ports for non-port protocols", () => {
        const [e] = normaliseNaclEntries(AWS_TYPE.ec2.NetworkAcl, { ingress: [allow(100, "-1", 22, 22, V4)] });
        assert.deepStrictEqual([e.protocol, e.fromPort, e.toPort], ["all", 0, 65535]);
        assert.strictEqual(judgeInboundEntries([e]).findings[0].allTraffic, true);
    });
});
