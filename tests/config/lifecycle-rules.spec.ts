/**
 * Config rules the lifecycle needs: stack names that can name resources, the ALB security group's
 * rule quota (the CloudFront prefix list weighs 55 of 60) and IPv4-only allowed CIDRs, and image
 * tags the repositories would expire. Each is an error naming the key (or the stack), the value
 * and what is allowed, before any resource is registered.
 */
import * as assert from "assert";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import {
    albInboundRuleSlots,
    CLOUDFRONT_PREFIX_LIST_WEIGHT,
    SECURITY_GROUP_INBOUND_RULE_QUOTA,
} from "../../config/edge-rules";
import { stackNameProblem } from "../../config/stack-name";
import { edgeSchema } from "../../config/edge-schema";
import { services } from "./config-test-kit";

const MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6";

function raw(overrides: Record<string, unknown> = {}): Record<string, string> {
    const values: Record<string, unknown> = {
        "aws:region": "us-east-1",
        "ecs-platform:environment": "dev",
        ...services(),
        "ecs-platform:bedrock": { modelArns: [MODEL] },
        ...overrides,
    };
    return Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

function issues(config: Record<string, string>, stack = "dev"): readonly string[] {
    try {
        parsePlatformConfig(config, stack);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, String(e));
        return e.issues;
    }
}

/** `n` distinct narrow public IPv4 blocks. */
const blocks = (n: number) => Array.from({ length: n }, (_, i) => `198.51.${i}.0/24`);

describe("config: stack names", () => {
    for (const good of ["dev", "test", "prod", "eu-prod-2", "team1"]) {
        it(`accepts ${good}`, () => assert.strictEqual(stackNameProblem(good), undefined));
    }
    const bad: [string, string][] = [
        ["Dev", '"dev"'],
        ["dev_2", '"dev-2"'],
        ["my.stack", '"my-stack"'],
        ["2dev", "starting with a letter"],
        ["dev-", "single hyphens"],
        ["dev--a", "single hyphens"],
    ];
    for (const [name, hint] of bad) {
        it(`rejects ${name}, naming the stack and what is allowed`, () => {
            const found = issues(raw(), name);
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.ok(found[0].startsWith(`stack name "${name}" cannot be used in resource names`), found[0]);
            assert.ok(found[0].includes("lower-case letters, digits and single hyphens"), found[0]);
            assert.ok(found[0].includes(hint), found[0]);
        });
    }
    it("rejects a name longer than 40 characters", () => {
        assert.match(issues(raw(), "a".repeat(41))[0], /is 41 characters; allowed: at most 40/);
        assert.deepStrictEqual(issues(raw(), "a".repeat(40)), []);
    });
});

describe("config: the ALB security group's rule quota and address family", () => {
    it("the prefix list weighs 55 of the default 60 rules", () => {
        assert.strictEqual(CLOUDFRONT_PREFIX_LIST_WEIGHT, 55);
        assert.strictEqual(SECURITY_GROUP_INBOUND_RULE_QUOTA, 60);
    });

    it("accepts 5 CIDRs beside CloudFront over HTTP (55 + 5 = 60), rejects 6 with the count", () => {
        assert.deepStrictEqual(
            issues(raw({ "ecs-platform:edge": { mode: "publicAlb", allowedCidrs: blocks(5) } })),
            [],
        );
        const found = issues(raw({ "ecs-platform:edge": { mode: "publicAlb", allowedCidrs: blocks(6) } }));
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.ok(found[0].startsWith("ecs-platform:edge.allowedCidrs: "), found[0]);
        assert.ok(found[0].includes("needs 61 inbound rules"), found[0]);
        assert.ok(found[0].includes("counts as 55"), found[0]);
        assert.ok(found[0].includes("quota of 60"), found[0]);
        assert.ok(found[0].includes("at most 5 block(s)"), found[0]);
    });

    it("with HTTPS each CIDR takes two rules (443 and the 80 redirect): 2 fit, 3 do not", () => {
        const https = {
            mode: "publicAlb",
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
            originDomainName: "app.example.com",
        };
        assert.deepStrictEqual(issues(raw({ "ecs-platform:edge": { ...https, allowedCidrs: blocks(2) } })), []);
        const found = issues(raw({ "ecs-platform:edge": { ...https, allowedCidrs: blocks(3) } }));
        assert.ok(
            found.some((i) => i.includes("needs 61 inbound rules") && i.includes("at most 2 block(s)")),
            found.join("\n"),
        );
    });

    it("without CloudFront the whole quota is the CIDRs'", () => {
        const edge = (n: number) => ({ "ecs-platform:edge": { mode: "cidrOnly", allowedCidrs: blocks(n) } });
        assert.deepStrictEqual(issues(raw(edge(60))), []);
        assert.ok(issues(raw(edge(61))).some((i) => i.includes("needs 61 inbound rules")));
        assert.strictEqual(albInboundRuleSlots(edgeSchema.parse({ mode: "cidrOnly", allowedCidrs: blocks(61) })), 61);
    });

    it("rejects an IPv6 CIDR while the ALB is IPv4-only, naming its index", () => {
        const found = issues(
            raw({ "ecs-platform:edge": { mode: "publicAlb", allowedCidrs: ["198.51.100.0/24", "2001:db8::/48"] } }),
        );
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.ok(found[0].startsWith('ecs-platform:edge.allowedCidrs[1]: "2001:db8::/48" is an IPv6 block'), found[0]);
        assert.ok(found[0].includes("allowed: IPv4 blocks"), found[0]);
    });
});

describe("config: image tags the repositories expire", () => {
    for (const tag of ["ci-3f9a2c1", "pr-42"]) {
        it(`rejects ${tag} as an imageTag`, () => {
            const found = issues(raw(services({ bff: { imageTag: tag } })));
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.ok(found[0].startsWith(`ecs-platform:services.bff.imageTag: "${tag}"`), found[0]);
            assert.ok(found[0].includes("expire"), found[0]);
        });
    }
    for (const tag of ["1.4.2", "cix-1", "prod-7", "v2"]) {
        it(`accepts ${tag}`, () => {
            assert.deepStrictEqual(issues(raw(services({ agentcore: { imageTag: tag } }))), []);
        });
    }
});
