/**
 * Network policies through the analyzer-faithful runner: props behind the unknown-checking
 * proxy, unknown ids as the engine's sentinel, stack policies over outputs and property
 * dependencies, waivers from config.
 */
import * as assert from "assert";
import fc from "fast-check";
import { AnalyzedResource, PolicyPackConfig, resourceFor, runPolicies, UNKNOWN } from "../../offline/analyze";
import { networkPolicies } from "../../policy-pack/network";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
const EC2_RULE = AWS_TYPE.ec2.SecurityGroupRule;

function run(policy: string, resources: AnalyzedResource[], config: PolicyPackConfig = {}) {
    const selected = networkPolicies.filter((p) => p.name === policy);
    assert.strictEqual(selected.length, 1, `policy ${policy} exists`);
    return runPolicies(selected, resources, config);
}

const inline = (rules: object[], extra: Record<string, unknown> = {}, name = "sg") =>
    resourceFor(AWS_TYPE.ec2.SecurityGroup, { description: "test group", ingress: rules, ...extra }, name);
const tcp = (port: number, peer: Record<string, unknown>) => ({
    protocol: "tcp",
    fromPort: port,
    toPort: port,
    description: "rule",
    ...peer,
});
const vpcIn = (inputs: Record<string, unknown>, name = "rule") =>
    resourceFor(
        AWS_TYPE.vpc.SecurityGroupIngressRule,
        { securityGroupId: UNKNOWN, description: "rule", ...inputs },
        name,
    );

describe("sg-no-world-ingress", () => {
    const policy = "sg-no-world-ingress";

    it("is mandatory and catches /0 in all three shapes, IPv4 and IPv6", () => {
        const violating: AnalyzedResource[] = [
            inline([tcp(22, { cidrBlocks: ["0.0.0.0/0"] })]),
            inline([tcp(22, { ipv6CidrBlocks: ["::/0"] })]),
            resourceFor(EC2_RULE, {
                type: "ingress",
                protocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrBlocks: ["0.0.0.0/0"],
            }),
            resourceFor(EC2_RULE, {
                type: "ingress",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                ipv6CidrBlocks: ["::/0"],
            }),
            vpcIn({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
            vpcIn({ ipProtocol: "-1", cidrIpv6: "::/0" }),
        ];
        for (const r of violating) {
            const result = run(policy, [r]);
            assert.strictEqual(result.violations.length, 1, r.type);
            assert.strictEqual(result.violations[0].enforcementLevel, "mandatory");
            assert.deepStrictEqual(result.unknown, []);
        }
    });

    it("catches non-canonical and broad forms by CIDR math", () => {
        for (const cidr of ["00.0.0.0/0", "1.2.3.4/0", "0.0.0.0/1", "128.0.0.0/1", "0.0.0.0/8", "64.0.0.0/2"]) {
            assert.strictEqual(
                run(policy, [vpcIn({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: cidr })]).violations.length,
                1,
                cidr,
            );
        }
        for (const cidr of ["0000:0000::/0", "::/1", "2000::/3", "8000::/1"]) {
            assert.strictEqual(run(policy, [inline([tcp(22, { ipv6CidrBlocks: [cidr] })])]).violations.length, 1, cidr);
        }
    });

    it("flags an unparsable CIDR rather than passing it", () => {
        const r = run(policy, [inline([tcp(22, { cidrBlocks: ["0.0.0.0/33"] })])]);
        assert.strictEqual(r.violations.length, 1);
        assert.match(r.violations[0].message, /does not parse/);
    });

    it("passes private, narrow, SG, self, prefix-list sources and egress", () => {
        const ok: AnalyzedResource[] = [
            inline([
                tcp(5432, {
                    cidrBlocks: ["10.0.0.0/8", "10.0.11.0/24"],
                    ipv6CidrBlocks: ["fd00::/8", "2600:1f18:1:100::/56"],
                }),
            ]),
            inline([tcp(3000, { securityGroups: ["sg-1"], self: true, prefixListIds: ["pl-1"] })]),
            inline([], {
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "out" }],
            }),
            resourceFor(EC2_RULE, {
                type: "egress",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["0.0.0.0/0"],
            }),
            resourceFor(AWS_TYPE.vpc.SecurityGroupEgressRule, {
                ipProtocol: "-1",
                cidrIpv4: "0.0.0.0/0",
                securityGroupId: UNKNOWN,
            }),
            vpcIn({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "203.0.113.0/24" }),
        ];
        for (const r of ok) assert.deepStrictEqual(run(policy, [r]).violations, [], r.type);
    });

    it("catches /1 halves that add up to the internet across rules of one group on a common port", () => {
        const strict = { [policy]: { maxPrefixV4: 0, maxPrefixV6: 0 } };
        const halves = inline([tcp(22, { cidrBlocks: ["0.0.0.0/1"] }), tcp(22, { cidrBlocks: ["128.0.0.0/1"] })]);
        const r = run(policy, [halves], strict);
        assert.strictEqual(r.violations.length, 1);
        assert.match(r.violations[0].message, /together admit every IPv4 address/);
        const differentPorts = inline([
            tcp(22, { cidrBlocks: ["0.0.0.0/1"] }),
            tcp(80, { cidrBlocks: ["128.0.0.0/1"] }),
        ]);
        assert.deepStrictEqual(run(policy, [differentPorts], strict).violations, []);
        const v6 = inline([tcp(22, { ipv6CidrBlocks: ["::/1", "8000::/1"] })]);
        assert.strictEqual(run(policy, [v6], strict).violations.length, 1);
    });

    it("property: any split of 0.0.0.0/0 into inline rules on one port is world-open", () => {
        fc.assert(
            fc.property(
                fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
                fc.integer({ min: 1, max: 65535 }),
                (picks, port) => {
                    let blocks: [number, number][] = [[0, 0]]; // [first as uint32, prefix]
                    for (const pick of picks) {
                        const i = pick % blocks.length;
                        const [first, prefix] = blocks[i];
                        if (prefix >= 24) continue;
                        blocks = [
                            ...blocks.slice(0, i),
                            [first, prefix + 1],
                            [first + 2 ** (31 - prefix), prefix + 1],
                            ...blocks.slice(i + 1),
                        ];
                    }
                    const cidrs = blocks.map(
                        ([first, prefix]) =>
                            `${[24, 16, 8, 0].map((s) => Math.floor(first / 2 ** s) % 256).join(".")}/${prefix}`,
                    );
                    const rules = cidrs.map((c) => tcp(port, { cidrBlocks: [c] }));
                    const r = run(policy, [inline(rules)], { [policy]: { maxPrefixV4: 0 } });
                    assert.ok(r.violations.length >= 1, cidrs.join(" "));
                },
            ),
            { numRuns: 60 },
        );
    });

    it("decides on known CIDRs while ids are unknown (preview), and only then gives up", () => {
        const known = run(policy, [
            vpcIn({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0", securityGroupId: UNKNOWN }),
        ]);
        assert.strictEqual(known.violations.length, 1);
        assert.deepStrictEqual(known.unknown, []);
        const sgRef = run(policy, [
            vpcIn({ ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: UNKNOWN }),
        ]);
        assert.deepStrictEqual([sgRef.violations, sgRef.unknown], [[], []]);
        const mixed = run(policy, [
            inline([tcp(3000, { securityGroups: [UNKNOWN] }), tcp(22, { cidrBlocks: ["0.0.0.0/0"] })], {
                vpcId: UNKNOWN,
            }),
        ]);
        assert.deepStrictEqual([mixed.violations.length, mixed.unknown.length], [1, 0]);
        const unknownCidr = run(policy, [vpcIn({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN })]);
        assert.deepStrictEqual(unknownCidr.violations, []);
        assert.strictEqual(unknownCidr.unknown.length, 1);
        assert.match(unknownCidr.unknown[0].reason, /cidrIpv4/);
        // A known violation is still reported next to an unknown that keeps another rule open.
        const both = run(policy, [inline([tcp(22, { cidrBlocks: ["0.0.0.0/0", UNKNOWN] })])]);
        assert.deepStrictEqual([both.violations.length, both.unknown.length], [1, 1]);
    });

    it("admits a configured public entry on its listed ports only", () => {
        const config = {
            [policy]: {
                publicIngress: [
                    { pattern: "^edge-alb-sg$", ports: [443, 80], reason: "public ALB, CloudFront-less dev" },
                ],
            },
        };
        const alb = (port: number, name = "edge-alb-sg") =>
            inline([tcp(port, { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] })], {}, name);
        assert.deepStrictEqual(run(policy, [alb(443)], config).violations, []);
        assert.deepStrictEqual(run(policy, [alb(80)], config).violations, []);
        assert.strictEqual(run(policy, [alb(22)], config).violations.length, 2);
        assert.strictEqual(run(policy, [alb(443, "bff-sg")], config).violations.length, 2);
        const range = inline(
            [{ protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "x" }],
            {},
            "edge-alb-sg",
        );
        assert.strictEqual(run(policy, [range], config).violations.length, 1);
    });

    it("honours waivers and never prints the CIDR", () => {
        const bad = inline([tcp(22, { cidrBlocks: ["0.0.0.0/0"] })], {}, "legacy-bastion");
        const waived = run(policy, [bad], {
            [policy]: { exclude: [{ pattern: "^legacy-", reason: "decommissioned next sprint" }] },
        });
        assert.deepStrictEqual(waived.violations, []);
        const r = run(policy, [
            inline([tcp(22, { cidrBlocks: ["0.0.0.0/0", "64.0.0.0/2"], ipv6CidrBlocks: ["::/0"] })]),
        ]);
        assert.strictEqual(r.violations.length, 3);
        for (const v of r.violations) assert.ok(!/0\.0\.0\.0|64\.0|::\//.test(v.message), v.message);
    });
});

/** A stack resource: inputs as outputs plus an id (unknown unless given) and property dependencies. */
function stackResource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    deps: Record<string, AnalyzedResource[]> = {},
    id: unknown = UNKNOWN,
): AnalyzedResource {
    const r = resourceFor(type, inputs, name);
    return {
        ...r,
        outputs: { ...inputs, id },
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, rs]) => [k, rs.map((x) => x.urn)])),
    };
}

const group = (name: string, id: unknown = UNKNOWN, extra: Record<string, unknown> = {}) =>
    stackResource(AWS_TYPE.ec2.SecurityGroup, name, { description: `${name} group`, vpcId: UNKNOWN, ...extra }, {}, id);

/** A standalone vpc rule from/to another group, resolved through property dependencies (ids unknown). */
function groupRule(type: string, name: string, owner: AnalyzedResource, port: number, peer: AnalyzedResource) {
    return stackResource(
        type,
        name,
        {
            securityGroupId: UNKNOWN,
            referencedSecurityGroupId: UNKNOWN,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            description: name,
        },
        { securityGroupId: [owner], referencedSecurityGroupId: [peer] },
    );
}
function cidrRule(
    type: string,
    name: string,
    owner: AnalyzedResource,
    port: number,
    peer: Record<string, unknown>,
    protocol = "tcp",
) {
    return stackResource(
        type,
        name,
        { securityGroupId: UNKNOWN, ipProtocol: protocol, fromPort: port, toPort: port, description: name, ...peer },
        { securityGroupId: [owner] },
    );
}

/** The program's topology, as at a first preview: every id unknown. */
function compliantStack() {
    const alb = group("edge-alb-sg");
    const bff = group("svc-sg-bff");
    const agent = group("svc-sg-agentcore");
    const db = group("database-sg");
    const vpce = group("network-endpoints-sg");
    const rules = [
        cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "edge-https-cloudfront", alb, 443, { prefixListId: UNKNOWN }),
        cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "edge-https-office", alb, 443, { cidrIpv4: "203.0.113.0/24" }),
        groupRule(AWS_TYPE.vpc.SecurityGroupEgressRule, "alb-to-bff-egress", alb, 3000, bff),
        groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "alb-to-bff-ingress", bff, 3000, alb),
        groupRule(AWS_TYPE.vpc.SecurityGroupEgressRule, "bff-to-agentcore-egress", bff, 8080, agent),
        groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "bff-to-agentcore-ingress", agent, 8080, bff),
    ];
    for (const [key, sg] of [
        ["bff", bff],
        ["agentcore", agent],
    ] as const) {
        rules.push(
            groupRule(AWS_TYPE.vpc.SecurityGroupEgressRule, `${key}-to-endpoints-egress`, sg, 443, vpce),
            groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, `${key}-to-endpoints-ingress`, vpce, 443, sg),
            groupRule(AWS_TYPE.vpc.SecurityGroupEgressRule, `${key}-to-database-egress`, sg, 5432, db),
            groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, `${key}-to-database-ingress`, db, 5432, sg),
            cidrRule(AWS_TYPE.vpc.SecurityGroupEgressRule, `${key}-to-s3-egress`, sg, 443, {
                prefixListId: "pl-63a5400a",
            }),
        );
    }
    return { groups: { alb, bff, agent, db, vpce }, resources: [alb, bff, agent, db, vpce, ...rules] };
}

describe("sg-tier-ingress-allowlist", () => {
    const policy = "sg-tier-ingress-allowlist";

    it("passes the program's topology at preview, resolving unknown ids through property dependencies", () => {
        const r = run(policy, compliantStack().resources);
        assert.deepStrictEqual([r.violations, r.unknown], [[], []]);
    });

    it("flags each path outside the map", () => {
        const { groups: g, resources } = compliantStack();
        const bad: [AnalyzedResource, RegExp][] = [
            [
                cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "bff-from-office", g.bff, 3000, {
                    cidrIpv4: "203.0.113.0/24",
                }),
                /bff tier.*IPv4 CIDR/,
            ],
            [
                groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "bff-8080-from-alb", g.bff, 8080, g.alb),
                /bff tier.*single tcp ports.*3000/,
            ],
            [
                groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "agentcore-from-alb", g.agent, 8080, g.alb),
                /agentcore tier.*tier alb; allowed: bff/,
            ],
            [groupRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "db-from-alb", g.db, 5432, g.alb), /database tier/],
            [
                cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "vpce-from-vpc", g.vpce, 443, {
                    cidrIpv4: "10.0.0.0/16",
                }),
                /endpoint tier/,
            ],
            [
                cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "alb-ssh", g.alb, 22, { cidrIpv4: "203.0.113.0/24" }),
                /alb tier.*443, 80/,
            ],
            [
                cidrRule(
                    AWS_TYPE.vpc.SecurityGroupIngressRule,
                    "bff-all",
                    g.bff,
                    0,
                    { referencedSecurityGroupId: "sg-0123" },
                    "-1",
                ),
                /bff tier/,
            ],
        ];
        for (const [rule, pattern] of bad) {
            const r = run(policy, [...resources, rule]);
            assert.strictEqual(r.violations.length, 1, rule.name);
            assert.match(r.violations[0].message, pattern);
            assert.strictEqual(r.violations[0].urn, rule.urn);
            assert.strictEqual(r.violations[0].enforcementLevel, "advisory");
        }
    });

    it("resolves known ids and inline references after deployment, and honours a custom map", () => {
        const alb = group("edge-alb-sg", "sg-alb");
        const bff = group("svc-sg-bff", "sg-bff", {
            ingress: [
                { protocol: "tcp", fromPort: 3000, toPort: 3000, securityGroups: ["sg-alb"], description: "from alb" },
            ],
        });
        assert.deepStrictEqual(run(policy, [alb, bff]).violations, []);
        const wrong = group("svc-sg-bff", "sg-bff", {
            ingress: [
                { protocol: "tcp", fromPort: 3000, toPort: 3000, securityGroups: ["sg-elsewhere"], description: "x" },
            ],
        });
        const r = run(policy, [alb, wrong]);
        assert.strictEqual(r.violations.length, 1);
        assert.match(r.violations[0].message, /outside the stack's tiers/);
        const config = {
            [policy]: {
                tiers: { bff: { match: "bff", ingress: [{ ports: [3000], peers: ["partner"] }] } },
                externalSecurityGroups: { "sg-elsewhere": "partner" },
            },
        };
        assert.deepStrictEqual(run(policy, [alb, wrong], config).violations, []);
    });

    it("reports a can't-decide notice when a rule's group cannot be resolved at preview", () => {
        const { resources } = compliantStack();
        const orphan = stackResource(AWS_TYPE.vpc.SecurityGroupIngressRule, "orphan", {
            securityGroupId: UNKNOWN,
            ipProtocol: "tcp",
            fromPort: 1,
            toPort: 1,
            cidrIpv4: "10.0.0.0/8",
        });
        const r = run(policy, [...resources, orphan]);
        assert.deepStrictEqual(r.violations, []);
        assert.strictEqual(r.unknown.length, 1);
    });

    it("drops waived violations", () => {
        const { groups: g, resources } = compliantStack();
        const rule = cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "bff-from-office", g.bff, 3000, {
            cidrIpv4: "203.0.113.0/24",
        });
        const config = {
            [policy]: { exclude: [{ pattern: "bff-from-office", reason: "temporary partner test access" }] },
        };
        assert.deepStrictEqual(run(policy, [...resources, rule], config).violations, []);
    });
});

describe("sg-task-egress-scoped", () => {
    const policy = "sg-task-egress-scoped";

    it("passes the program's topology", () => {
        const r = run(policy, compliantStack().resources);
        assert.deepStrictEqual([r.violations, r.unknown], [[], []]);
    });

    it("flags open or unmapped egress from task groups, in any shape", () => {
        const { groups: g, resources } = compliantStack();
        const bad = [
            cidrRule(AWS_TYPE.vpc.SecurityGroupEgressRule, "bff-anywhere", g.bff, 0, { cidrIpv4: "0.0.0.0/0" }, "-1"),
            cidrRule(AWS_TYPE.vpc.SecurityGroupEgressRule, "agent-https-world", g.agent, 443, { cidrIpv6: "::/0" }),
            groupRule(AWS_TYPE.vpc.SecurityGroupEgressRule, "agent-to-agent", g.agent, 8080, g.agent),
            groupRule(AWS_TYPE.vpc.SecurityGroupEgressRule, "bff-to-alb", g.bff, 443, g.alb),
            stackResource(
                EC2_RULE,
                "bff-ec2-egress",
                {
                    type: "egress",
                    securityGroupId: UNKNOWN,
                    protocol: "-1",
                    fromPort: 0,
                    toPort: 0,
                    cidrBlocks: ["0.0.0.0/0"],
                },
                { securityGroupId: [g.bff] },
            ),
        ];
        for (const rule of bad) assert.strictEqual(run(policy, [...resources, rule]).violations.length, 1, rule.name);
        const inlineOpen = group("svc-sg-bff", UNKNOWN, {
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all" }],
        });
        assert.strictEqual(run(policy, [inlineOpen]).violations.length, 1);
        // Non-task tiers are not checked here.
        assert.deepStrictEqual(
            run(policy, [
                group("edge-alb-sg", UNKNOWN, {
                    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
                }),
            ]).violations,
            [],
        );
    });
});

describe("sg-no-world-ingress-combined", () => {
    const policy = "sg-no-world-ingress-combined";
    it("adds up standalone rules of one group (resolved at preview) and ignores separate groups", () => {
        const a = group("svc-a");
        const b = group("svc-b");
        const halves = [
            cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "lower", a, 22, { cidrIpv4: "0.0.0.0/1" }),
            cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "upper", a, 22, { cidrIpv4: "128.0.0.0/1" }),
        ];
        const config = { [policy]: { maxPrefixV4: 0 } };
        const r = run(policy, [a, b, ...halves], config);
        assert.strictEqual(r.violations.length, 1);
        assert.strictEqual(r.violations[0].urn, a.urn);
        const split = [
            cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "lower", a, 22, { cidrIpv4: "0.0.0.0/1" }),
            cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "upper", b, 22, { cidrIpv4: "128.0.0.0/1" }),
        ];
        assert.deepStrictEqual(run(policy, [a, b, ...split], config).violations, []);
        // With the default threshold each /1 is already broad: sg-no-world-ingress reports them, this one stays quiet.
        assert.deepStrictEqual(run(policy, [a, b, ...halves]).violations, []);
    });
});

describe("sg-no-all-traffic-ingress", () => {
    const policy = "sg-no-all-traffic-ingress";
    it("catches -1/all/ALL protocols and full port ranges from any source, in every shape", () => {
        const bad = [
            inline([{ protocol: "-1", fromPort: 0, toPort: 0, securityGroups: ["sg-1"], description: "x" }]),
            inline([{ protocol: "all", fromPort: 0, toPort: 0, self: true, description: "x" }]),
            inline([{ protocol: "ALL", fromPort: 0, toPort: 65535, prefixListIds: ["pl-1"], description: "x" }]),
            inline([{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["10.0.0.0/16"], description: "x" }]),
            resourceFor(EC2_RULE, {
                type: "ingress",
                protocol: "6",
                fromPort: 0,
                toPort: 65535,
                sourceSecurityGroupId: UNKNOWN,
            }),
            vpcIn({ ipProtocol: "-1", referencedSecurityGroupId: UNKNOWN }),
        ];
        for (const r of bad) {
            const result = run(policy, [r]);
            assert.strictEqual(result.violations.length, 1, JSON.stringify(r.inputs));
            assert.deepStrictEqual(result.unknown, []);
        }
        const ok = [
            inline([tcp(443, { cidrBlocks: ["10.0.0.0/16"] })]),
            resourceFor(AWS_TYPE.vpc.SecurityGroupEgressRule, { ipProtocol: "-1", referencedSecurityGroupId: "sg-1" }),
            resourceFor(EC2_RULE, {
                type: "egress",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["10.0.0.0/8"],
            }),
        ];
        for (const r of ok) assert.deepStrictEqual(run(policy, [r]).violations, []);
    });
    it("gives up only when the protocol or ports are unknown", () => {
        const r = run(policy, [
            vpcIn({ ipProtocol: UNKNOWN, fromPort: 1, toPort: 1, referencedSecurityGroupId: "sg-1" }),
        ]);
        assert.deepStrictEqual([r.violations.length, r.unknown.length], [0, 1]);
    });
});

describe("sg-descriptions", () => {
    const policy = "sg-descriptions";
    it("requires a description on the group and every rule, in every shape", () => {
        assert.strictEqual(run(policy, [resourceFor(AWS_TYPE.ec2.SecurityGroup, {})]).violations.length, 1);
        assert.strictEqual(
            run(policy, [resourceFor(AWS_TYPE.ec2.SecurityGroup, { description: "Managed by Pulumi" })]).violations
                .length,
            1,
        );
        assert.strictEqual(
            run(policy, [inline([{ protocol: "tcp", fromPort: 1, toPort: 1, self: true }])]).violations.length,
            1,
        );
        assert.strictEqual(
            run(policy, [
                resourceFor(EC2_RULE, { type: "ingress", protocol: "tcp", fromPort: 1, toPort: 1, self: true }),
            ]).violations.length,
            1,
        );
        assert.strictEqual(
            run(policy, [
                resourceFor(AWS_TYPE.vpc.SecurityGroupEgressRule, {
                    ipProtocol: "tcp",
                    fromPort: 1,
                    toPort: 1,
                    prefixListId: "pl-1",
                }),
            ]).violations.length,
            1,
        );
        assert.strictEqual(
            run(policy, [resourceFor(AWS_TYPE.ec2.DefaultSecurityGroup, { ingress: [], egress: [] })]).violations
                .length,
            0,
        );
        assert.deepStrictEqual(
            run(policy, [
                inline([tcp(443, { self: true })]),
                vpcIn({ ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv4: "10.0.0.0/8" }),
            ]).violations,
            [],
        );
        // A description computed from another resource is still a description.
        assert.deepStrictEqual(
            run(policy, [resourceFor(AWS_TYPE.ec2.SecurityGroup, { description: UNKNOWN })]).unknown,
            [],
        );
    });
});

describe("sg-no-inline-and-standalone-rules", () => {
    const policy = "sg-no-inline-and-standalone-rules";
    it("flags a group with inline rules that standalone rules also target", () => {
        const sg = group("svc-sg-bff", UNKNOWN, { ingress: [tcp(3000, { cidrBlocks: ["10.0.0.0/16"] })] });
        const extra = cidrRule(AWS_TYPE.vpc.SecurityGroupIngressRule, "extra", sg, 443, { cidrIpv4: "10.0.0.0/16" });
        const r = run(policy, [sg, extra]);
        assert.strictEqual(r.violations.length, 1);
        assert.strictEqual(r.violations[0].urn, sg.urn);
        assert.deepStrictEqual(run(policy, [group("svc-sg-bff"), extra]).violations, []);
        assert.deepStrictEqual(run(policy, [sg]).violations, []);
    });
    it("does not mistake AWS's read-back of standalone rules for inline ones", () => {
        const peer = group("svc-sg-alb", "sg-alb");
        const sg = group("svc-sg-bff", "sg-bff", {
            ingress: [{ protocol: "tcp", fromPort: 3000, toPort: 3000, securityGroups: ["sg-alb"], description: "x" }],
        });
        const rule = stackResource(AWS_TYPE.vpc.SecurityGroupIngressRule, "alb-to-bff", {
            securityGroupId: "sg-bff",
            referencedSecurityGroupId: "sg-alb",
            ipProtocol: "tcp",
            fromPort: 3000,
            toPort: 3000,
        });
        assert.deepStrictEqual(run(policy, [peer, sg, rule]).violations, []);
    });
});

describe("network policy metadata", () => {
    it("declares severity, level, remediation and anchors for every policy", () => {
        for (const p of networkPolicies) {
            assert.ok(p.severity && p.enforcementLevel && p.remediationSteps && p.description, p.name);
            assert.ok(p.metadata.anchors.length > 0, p.name);
            assert.strictEqual(p.metadata.area, "network");
        }
        const mandatory = networkPolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        assert.deepStrictEqual(mandatory, [
            "sg-no-world-ingress",
            "sg-no-world-ingress-combined",
            "nacl-no-world-ingress",
        ]);
    });
});
