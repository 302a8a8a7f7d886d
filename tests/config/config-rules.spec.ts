/**
 * Config rules that keep `pulumi up` from being the first to fail [issue 8]: numbers written as
 * strings, fractions for percentages, CIDRs with host bits or wider than the policy pack allows,
 * VPC sizes, duplicate ids and zones, a region that does not exist, ARNs and zones of another
 * region, secret values used as plain inputs; and messages that name the key, list what is
 * allowed and guess the nearest key.
 */
import { vpcOriginExcludedZoneIds } from "../../policy-pack/lib/edge-facts";
import * as assert from "assert";
import * as fc from "fast-check";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import { assertRejected, issuesOf, serviceOf, services, validRaw } from "./config-test-kit";
import { AWS_REGIONS } from "../../config/region-rules";
import { EvaluationError, evaluateStack, REPO_ROOT } from "../../offline/evaluate";
import { readStackConfig } from "../../offline/stack-config";
import { NETWORK } from "../support/foundation-variants";
import { PULUMI_TYPE } from "../../policy-pack/lib/aws-types";
import { parseCidr } from "../../policy-pack/lib/cidr";
import { judgeCidr } from "../../policy-pack/lib/exposure";

const MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0";

const parse = (raw: Record<string, string>) => parsePlatformConfig(raw, "dev");
const network = (extra: Record<string, unknown>) => ({ "ecs-platform:network": extra });
/** An edge section; publicAlb unless given, the mode that takes allowedCidrs beside CloudFront. */
const edge = (extra: Record<string, unknown>) => ({ "ecs-platform:edge": { mode: "publicAlb", ...extra } });

/** Every number of a value, at any depth, replaced by its decimal string. */
function numbersToStrings(v: unknown): unknown {
    if (typeof v === "number") return String(v);
    if (Array.isArray(v)) return v.map(numbersToStrings);
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbersToStrings(x)]));
    }
    return v;
}

describe("config: numbers and versions as Pulumi users write them", () => {
    it("any numeric string for a number key parses equal to the number, at any depth (property)", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 2, max: 1000 }),
                fc.double({ min: 1, max: 100, noNaN: true }),
                fc.constantFrom(1, 3, 5, 7, 14, 30, 3653),
                (max, target, days) => {
                    const asNumbers = validRaw({
                        ...services({ bff: { maxCount: max } }),
                        "ecs-platform:scaling": { cpuTargetPercent: target },
                        "ecs-platform:logRetentionDays": days,
                    });
                    const asStrings = validRaw({
                        ...services({ bff: { cpu: "512", memory: " 1024 ", maxCount: String(max) } }),
                        "ecs-platform:scaling": { cpuTargetPercent: String(target) },
                        // A top-level string value, as `pulumi config set logRetentionDays 7` stores it.
                        "ecs-platform:logRetentionDays": JSON.stringify(String(days)),
                    });
                    assert.deepStrictEqual(parse(asStrings), parse(asNumbers));
                    assert.strictEqual(serviceOf(parse(asStrings), "bff").maxCount, max);
                    assert.strictEqual(parse(asStrings).scaling.cpuTargetPercent, target);
                },
            ),
            { numRuns: 200 },
        );
    });
    for (const stack of ["dev", "test", "prod"]) {
        it(`${stack}: the stack file with every number written as a string is the same config`, () => {
            const { config } = readStackConfig(REPO_ROOT, stack);
            const stringly = Object.fromEntries(
                Object.entries(config).map(([k, text]) => {
                    let value: unknown = text;
                    try {
                        value = JSON.parse(text);
                    } catch {
                        // a plain string value stays as it is
                    }
                    return [k, typeof value === "object" ? JSON.stringify(numbersToStrings(value)) : text];
                }),
            );
            assert.notDeepStrictEqual(stringly, config, "the transformation changed something");
            assert.deepStrictEqual(parsePlatformConfig(stringly, stack), parsePlatformConfig(config, stack));
        });
    }
    it("rejects strings that only look numeric, naming the key and the expected type", () => {
        for (const bad of ["0x200", "512MiB", "", "1_000", "Infinity"]) {
            assertRejected(
                validRaw(services({ bff: { cpu: bad } })),
                "ecs-platform:services.bff.cpu",
                JSON.stringify(bad),
                "expected number",
            );
        }
    });
    it("accepts true/false as strings for booleans, nothing else", () => {
        assert.strictEqual(parse(validRaw(edge({ waf: { enabled: "false" } }))).edge.waf.enabled, false);
        assert.strictEqual(parse(validRaw({ "ecs-platform:protectStatefulResources": "true" })).protect, true);
        assertRejected(
            validRaw(edge({ waf: { enabled: "yes" } })),
            "ecs-platform:edge.waf.enabled",
            '"yes"',
            "expected boolean",
        );
    });
    it('takes engineVersion as 16 or "16.4", and refuses 16.1 (YAML\'s reading of 16.10) with the fix', () => {
        const db = (engineVersion: unknown) => validRaw({ "ecs-platform:database": { mode: "create", engineVersion } });
        const version = (v: unknown) => {
            const d = parse(db(v)).database;
            return d.mode === "create" ? d.engineVersion : undefined;
        };
        assert.strictEqual(version(16), "16");
        assert.strictEqual(version("16"), "16");
        assert.strictEqual(version("16.10"), "16.10");
        assertRejected(db(16.1), "ecs-platform:database.engineVersion", "16.1", "is a number", 'quote it: "16.1"');
        assertRejected(db("sixteen"), "ecs-platform:database.engineVersion", "is not a version");
    });
});

describe("config: percentages are whole percent", () => {
    it("any fraction in (0, 1) for a percentage key is rejected naming the key and the meant value (property)", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("cpuTargetPercent", "memoryTargetPercent"),
                fc.double({ min: Number.EPSILON, max: 1, maxExcluded: true, noNaN: true }),
                (key, fraction) => {
                    const meant = Number((fraction * 100).toPrecision(12));
                    assertRejected(
                        validRaw({ "ecs-platform:scaling": { [key]: fraction } }),
                        `ecs-platform:scaling.${key}`,
                        "looks like a fraction",
                        `write ${meant} for ${meant} %`,
                    );
                },
            ),
            { numRuns: 200 },
        );
    });
    it("accepts the boundaries 1 and 100 and the seed's 70/80", () => {
        for (const p of [1, 70, 80, 100]) {
            assert.strictEqual(
                parse(validRaw({ "ecs-platform:scaling": { memoryTargetPercent: p } })).scaling.memoryTargetPercent,
                p,
            );
        }
    });
});

/** IPv4 as a 32-bit number, computed independently of the code under test. */
const v4 = (text: string) => text.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
const v4Text = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

describe("config: CIDR blocks", () => {
    it("any IPv4 block with host bits set gets its canonical network address as the fix (property)", () => {
        fc.assert(
            fc.property(fc.ipV4(), fc.integer({ min: 9, max: 31 }), (address, prefix) => {
                const size = 2 ** (32 - prefix);
                const network = v4Text(Math.floor(v4(address) / size) * size);
                const raw = validRaw(edge({ allowedCidrs: [`${address}/${prefix}`] }));
                if (network === address) {
                    assert.deepStrictEqual(parse(raw).edge.allowedCidrs, [`${address}/${prefix}`]);
                } else {
                    assertRejected(raw, "ecs-platform:edge.allowedCidrs[0]", "host bits", `write ${network}/${prefix}`);
                }
            }),
            { numRuns: 300 },
        );
    });
    it("any IPv6 block with host bits set gets a suggestion that is the same block, canonical (property)", () => {
        fc.assert(
            fc.property(fc.ipV6(), fc.integer({ min: 33, max: 127 }), (address, prefix) => {
                const given = parseCidr(`${address}/${prefix}`);
                fc.pre(given !== undefined && given.first !== parseCidr(address)?.first);
                const hit = assertRejected(
                    validRaw(edge({ allowedCidrs: [`${address}/${prefix}`] })),
                    "ecs-platform:edge.allowedCidrs[0]",
                    "host bits",
                );
                const suggested = /write (\S+)$/.exec(hit)?.[1] ?? "";
                const s = parseCidr(suggested);
                assert.ok(s && given, hit);
                assert.deepStrictEqual([s.first, s.last, s.prefix], [given.first, given.last, given.prefix]);
                assert.strictEqual(
                    parseCidr(suggested.split("/")[0])?.first,
                    s.first,
                    "no host bits in the suggestion",
                );
                assert.strictEqual(suggested, suggested.toLowerCase());
            }),
            { numRuns: 200 },
        );
    });
    it("suggests 10.0.0.0/16 for 10.0.0.1/16 and a /32 for a bare address", () => {
        assertRejected(
            validRaw(network({ mode: "create", vpcCidr: "10.0.0.1/16" })),
            "ecs-platform:network.vpcCidr",
            '"10.0.0.1/16"',
            "write 10.0.0.0/16",
        );
        assertRejected(
            validRaw(edge({ allowedCidrs: ["198.51.100.7"] })),
            "ecs-platform:edge.allowedCidrs[0]",
            "no prefix length",
            "write 198.51.100.7/32",
        );
    });
    it("accepts for allowedCidrs exactly what the policy pack's world-ingress rule counts as narrow (property)", () => {
        fc.assert(
            fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.integer({ min: 0, max: 128 }), (address, p) => {
                const prefix = address.includes(":") ? p : p % 33;
                const c = parseCidr(`${address}/${prefix}`);
                fc.pre(c !== undefined);
                const block = `${address}/${prefix}`;
                const verdict = judgeCidr(block);
                const raw = validRaw(edge({ allowedCidrs: [block] }));
                if (verdict === "world" || verdict === "broad") {
                    assertRejected(
                        raw,
                        "ecs-platform:edge.allowedCidrs[0]",
                        verdict === "world" ? "whole internet" : "sg-no-world-ingress",
                    );
                } else {
                    const issues = (() => {
                        try {
                            parse(raw);
                            return [];
                        } catch (e) {
                            return (e as ConfigValidationError).issues;
                        }
                    })();
                    // A narrow block is refused only for its notation (or, IPv6, for the IPv4-only ALB), never for its reach.
                    for (const i of issues) assert.match(i, /host bits|no prefix length|IPv4-only/);
                }
            }),
            { numRuns: 400 },
        );
    });
    it("rejects /8 public blocks, keeps private /8s and narrow public blocks clean", () => {
        assertRejected(
            validRaw(edge({ allowedCidrs: ["11.0.0.0/8"] })),
            "ecs-platform:edge.allowedCidrs[0]",
            "as wide as /8",
            "allowed: /9 or narrower",
        );
        assertRejected(
            validRaw(edge({ allowedCidrs: ["2000::/3"] })),
            "ecs-platform:edge.allowedCidrs[0]",
            "as wide as /32",
        );
        const ok = ["10.0.0.0/8", "11.0.0.0/9", "203.0.113.0/24"];
        assert.deepStrictEqual(parse(validRaw(edge({ allowedCidrs: ok }))).edge.allowedCidrs, ok);
    });
    it("rejects narrow blocks that together cover every IPv4 address", () => {
        const halves = Array.from({ length: 512 }, (_, i) => `${v4Text(i * 2 ** 23)}/9`);
        assertRejected(
            validRaw(edge({ allowedCidrs: halves })),
            "ecs-platform:edge.allowedCidrs",
            "every IPv4 address",
        );
        // One block short of the whole family is not the internet (only the rule quota stops it).
        const almost = issuesOf(validRaw(edge({ allowedCidrs: halves.slice(1) })));
        assert.ok(!almost.some((i) => i.includes("every IPv4 address")), almost.join("\n"));
        assert.ok(
            almost.some((i) => i.includes("needs 566 inbound rules")),
            almost.join("\n"),
        );
    });
    it("checks the VPC block's family and size in the schema, naming the key", () => {
        const create = (vpcCidr: string) => validRaw(network({ mode: "create", vpcCidr }));
        assertRejected(create("10.0.0.0/15"), "ecs-platform:network.vpcCidr", "/15", "allowed: /16");
        assertRejected(create("10.0.0.0/19"), "ecs-platform:network.vpcCidr", "/19", "/18");
        assertRejected(create("2001:db8::/56"), "ecs-platform:network.vpcCidr", "not an IPv4 block");
        for (const ok of ["10.0.0.0/16", "172.16.0.0/17", "192.168.0.0/18"]) {
            const n = parse(create(ok)).network;
            assert.strictEqual(n.mode === "create" && n.vpcCidr, ok);
        }
        const existing = (vpcCidr: string) => validRaw(network({ ...EXISTING_NETWORK, vpcCidr }));
        assert.strictEqual(parse(existing("10.1.2.0/24")).network.mode, "existing");
        assertRejected(existing("10.1.2.0/29"), "ecs-platform:network.vpcCidr", "/16 to /28");
    });
});

const EXISTING_NETWORK = { mode: "existing", ...NETWORK };

describe("config: ids and zones", () => {
    it("rejects a subnet id repeated in one tier or shared by two tiers", () => {
        const [a, b] = EXISTING_NETWORK.appSubnetIds;
        assertRejected(
            validRaw(network({ ...EXISTING_NETWORK, appSubnetIds: [a, a] })),
            "ecs-platform:network.appSubnetIds[1]",
            "repeats",
            "[0]",
        );
        assertRejected(
            validRaw(network({ ...EXISTING_NETWORK, agentSubnetIds: [b, "subnet-0ccc000000000022c"] })),
            "ecs-platform:network.agentSubnetIds[0]",
            "is also appSubnetIds[1]",
        );
        assert.strictEqual(parse(validRaw(network(EXISTING_NETWORK))).network.mode, "existing");
    });
    it("rejects a repeated zone and zones of another region; accepts the region's zones", () => {
        const zones = (availabilityZones: string[], region = "us-east-1") =>
            validRaw({ "aws:region": region, ...network({ mode: "create", availabilityZones }) });
        assertRejected(
            zones(["us-east-1a", "us-east-1a"]),
            "ecs-platform:network.availabilityZones[1]",
            "repeats the zone",
        );
        assertRejected(
            zones(["us-west-2a", "us-east-1b"]),
            "ecs-platform:network.availabilityZones[0]",
            "zone of us-west-2",
            "aws:region us-east-1",
        );
        // Look-alike: the region's name with one more digit is not one of its zones.
        assertRejected(
            zones(["us-east-1a", "us-east-11b"]),
            "ecs-platform:network.availabilityZones[1]",
            "is not an availability zone name",
        );
        const n = parse(zones(["us-east-1a", "us-east-1f"])).network;
        assert.deepStrictEqual(n.mode === "create" && n.availabilityZones, ["us-east-1a", "us-east-1f"]);
    });
});

describe("config: region and regional ARNs", () => {
    it("accepts every region of the AWS provider's list and nothing else", () => {
        assert.ok(AWS_REGIONS.length >= 30 && AWS_REGIONS.includes("eu-central-1"));
        let withoutVpcOrigins = 0;
        for (const region of AWS_REGIONS) {
            const raw = validRaw({
                "aws:region": region,
                "ecs-platform:bedrock": { modelArns: [`arn:aws:bedrock:${region}::foundation-model/m`] },
            });
            // The default edge (a CloudFront VPC origin) exists in part of the Regions only; publicAlb everywhere.
            if (vpcOriginExcludedZoneIds(region) === undefined) {
                withoutVpcOrigins++;
                assertRejected(raw, "ecs-platform:edge.mode", "(unset, default)", `no VPC origins in ${region}`);
                const publicAlb = validRaw({
                    "aws:region": region,
                    "ecs-platform:bedrock": { modelArns: [`arn:aws:bedrock:${region}::foundation-model/m`] },
                    ...edge({}),
                });
                assert.strictEqual(parse(publicAlb).region, region);
            } else {
                assert.strictEqual(parse(raw).region, region);
            }
        }
        assert.ok(withoutVpcOrigins > 0 && withoutVpcOrigins < AWS_REGIONS.length / 2, `${withoutVpcOrigins}`);
        // Shaped like a region, so a pattern would have passed them.
        assertRejected(validRaw({ "aws:region": "us-east-3" }), "aws:region", '"us-east-3"', "allowed: af-south-1");
        assertRejected(validRaw({ "aws:region": "US-EAST-1" }), "aws:region", "did you mean us-east-1?");
    });
    const cert = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/abc`;
    const https = (certificateArn: string) =>
        edge({ mode: "cidrOnly", allowedCidrs: ["203.0.113.0/24"], certificateArn });
    it("rejects an ALB certificate outside the stack region, even one from us-east-1 (CloudFront's)", () => {
        assertRejected(
            validRaw(https(cert("us-west-2"))),
            "ecs-platform:edge.certificateArn",
            "is in us-west-2",
            "ACM certificates are regional",
        );
        assertRejected(
            validRaw({ "aws:region": "eu-west-1", ...https(cert("us-east-1")) }),
            "ecs-platform:edge.certificateArn",
            "is in us-east-1, not in aws:region eu-west-1",
        );
        assert.strictEqual(parse(validRaw(https(cert("us-east-1")))).edge.certificateArn, cert("us-east-1"));
    });
    it("rejects foundation models of another region unless a cross-Region inference profile routes there", () => {
        const models = (...modelArns: string[]) => validRaw({ "ecs-platform:bedrock": { modelArns } });
        const other = "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0";
        const profile =
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
        assertRejected(models(MODEL, other), "ecs-platform:bedrock.modelArns[1]", "is in us-west-2", "VPC endpoint");
        assert.deepStrictEqual(parse(models(profile, MODEL, other)).bedrock.modelArns, [profile, MODEL, other]);
        assert.deepStrictEqual(parse(models(profile)).bedrock.modelArns, [profile]);
        assertRejected(
            models("arn:aws:bedrock:us-east-1:123456789012:agent/ABC"),
            "ecs-platform:bedrock.modelArns[0]",
            "foundation-model / inference-profile",
        );
    });
    it("rejects agent aliases and the parameters KMS key of another region", () => {
        const alias = (r: string) => `arn:aws:bedrock:${r}:123456789012:agent-alias/AGENT/ALIAS`;
        assertRejected(
            validRaw({ "ecs-platform:bedrock": { modelArns: [MODEL], agentAliasArns: [alias("eu-west-1")] } }),
            "ecs-platform:bedrock.agentAliasArns[0]",
            "is in eu-west-1",
        );
        assert.strictEqual(
            parse(validRaw({ "ecs-platform:bedrock": { modelArns: [MODEL], agentAliasArns: [alias("us-east-1")] } }))
                .bedrock.agentAliasArns.length,
            1,
        );
        const kms = (r: string) => ({
            "ecs-platform:parameters": { mode: "existing", kmsKeyArn: `arn:aws:kms:${r}:123456789012:key/k` },
        });
        assertRejected(
            validRaw(kms("us-east-2")),
            "ecs-platform:parameters.kmsKeyArn",
            "is in us-east-2",
            "KMS keys are regional",
        );
        assert.strictEqual(parse(validRaw(kms("us-east-1"))).parameters.mode, "existing");
    });
});

describe("config: messages list what is allowed and guess the key", () => {
    it("an unknown mode lists the modes; a missing one says missing", () => {
        assertRejected(
            validRaw(network({ mode: "bogus" })),
            "ecs-platform:network.mode",
            '"bogus" is not allowed',
            'allowed: "create", "stackReference", "existing"',
        );
        // A block without mode whose keys all belong to create means create (config-set-path.spec.ts);
        // keys of another mode get the command that sets it.
        assertRejected(
            validRaw({ "ecs-platform:database": { securityGroupId: "sg-0123456789abcdef0" } }),
            "ecs-platform:database.mode",
            "missing; allowed:",
            '"create"',
            "`pulumi config set --path database.mode existing`",
        );
    });
    it("missing required keys say missing, with what is expected", () => {
        assertRejected(
            validRaw({ "ecs-platform:environment": undefined }),
            "ecs-platform:environment",
            'missing; allowed: "dev", "test", "prod"',
        );
        assertRejected(
            validRaw({ "ecs-platform:services": undefined }),
            "ecs-platform:services",
            "missing; expected a map",
        );
        // ecs-platform:bedrock is optional now; a service granted Bedrock without a model is refused at the grant.
        assertRejected(
            validRaw({ "ecs-platform:bedrock": undefined }),
            "ecs-platform:services.agentcore.grants.bedrock",
            "ecs-platform:bedrock names no model, inference profile or agent",
            "inferenceProfileIds",
        );
        assertRejected(
            validRaw(services({ bff: { memory: undefined } })),
            "ecs-platform:services.bff.memory",
            "missing; expected number",
        );
        for (const i of issuesOf(
            validRaw({ ...services({ bff: { memory: undefined } }), "ecs-platform:environment": undefined }),
        )) {
            assert.doesNotMatch(i, /undefined/, i);
        }
    });
    it("an unknown key inside a mode names its allowed keys and the nearest one", () => {
        assertRejected(
            validRaw(network({ mode: "create", vpcCIDR: "10.0.0.0/16" })),
            "ecs-platform:network.vpcCIDR",
            "did you mean vpcCidr?",
            "allowed keys: mode, vpcCidr, availabilityZones",
        );
        const far = assertRejected(
            validRaw({ "ecs-platform:scaling": { banana: 1 } }),
            "ecs-platform:scaling.banana",
            "allowed keys: cpuTargetPercent",
        );
        assert.doesNotMatch(far, /did you mean/);
        assertRejected(
            validRaw(services({ bff: { cpus: 512 } })),
            "ecs-platform:services.bff.cpus",
            "did you mean cpu?",
        );
        assertRejected(
            validRaw({ "ecs-platform:logRetentionDay": 7 }),
            "ecs-platform:logRetentionDay",
            "did you mean logRetentionDays?",
        );
    });
});

describe("config: secret values in plain inputs", () => {
    it("rejects a secure: value in a key the program passes as plain input, without printing it", () => {
        const raw = validRaw({ "ecs-platform:alarmEmail": "ops@example.com" });
        const issues = issuesOf(raw, ["ecs-platform:alarmEmail"]);
        assert.strictEqual(issues.length, 1, issues.join("\n"));
        assert.match(issues[0], /^ecs-platform:alarmEmail: is a secret \(secure:\).*unencrypted in the state/);
        assert.doesNotMatch(issues[0], /ops@example\.com/);
        // An invalid secret value is reported as [secret], never echoed.
        const bad = issuesOf(validRaw({ "ecs-platform:alarmEmail": "not-an-email" }), ["ecs-platform:alarmEmail"]);
        assert.ok(
            bad.some((i) => i.includes("[secret]")),
            bad.join("\n"),
        );
        assert.ok(
            bad.every((i) => !i.includes("not-an-email")),
            bad.join("\n"),
        );
    });
    it("leaves secrets of other namespaces alone (look-alike)", () => {
        const raw = { ...validRaw(), "other:token": "x", "ecs-platformx:alarmEmail": "y" };
        assert.strictEqual(
            parsePlatformConfig(raw, "dev", ["other:token", "ecs-platformx:alarmEmail"]).environment,
            "dev",
        );
    });
    it("sees a secure: stack value through the Pulumi runtime, before any resource is registered", async function () {
        this.timeout(120_000);
        await assert.rejects(
            evaluateStack({ stack: "dev", configOverrides: { "ecs-platform:alarmEmail": { secure: "v1:AAAA" } } }),
            (e: unknown) => {
                assert.ok(e instanceof EvaluationError, String(e));
                assert.match(e.message, /ecs-platform:alarmEmail: is a secret \(secure:\)/);
                assert.ok(
                    e.resources.every((r) => r.type === PULUMI_TYPE.Stack),
                    "no resource registered",
                );
                return true;
            },
        );
    });
});
