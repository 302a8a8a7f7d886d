/**
 * The rules of the `ecs-platform:services` map [issue 16]: names that fit every AWS name derived
 * from them, calls that name a reachable service, cycles, Cloud Map names, path patterns and
 * listener-rule priorities, grants, environment and secrets; each refused before any resource is
 * registered, with the key, the value, what is allowed and a fix. And the resolution of an entry:
 * the values a key left out takes.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import { CATCH_ALL_PRIORITY, defaultPriority, fnv1a, patternsIntersect } from "../../config/listener-rules";
import { RESERVED_SERVICE_NAMES, SERVICE_NAME_MAX_LENGTH } from "../../config/services-map";
import { TARGET_GROUP_NAME_MAX, AUTONAME_SUFFIX_LENGTH } from "../../policy-pack/lib/limits/names";
import { assertRejected, issuesOf, MINIMAL_SERVICES, serviceOf, services, validRaw } from "./config-test-kit";

const parse = (raw: Record<string, string>) => parsePlatformConfig(raw, "dev");
const KEY = "ecs-platform:services";
/** A second http API and a worker, beside the minimal seed-like map. */
const ORDERS = { kind: "http", port: 3100, healthCheckPath: "/health", cpu: 256, memory: 512 } as const;
const WORKER = { kind: "worker", cpu: 256, memory: 512 } as const;
const INTERNAL = { kind: "internal", port: 8081, healthCheckPath: "/health", cpu: 256, memory: 512 } as const;

describe("services map: names", () => {
    it("the longest name fits the alternate target group's autoname within ELB's 32", () => {
        assert.strictEqual(SERVICE_NAME_MAX_LENGTH, 17);
        assert.strictEqual(SERVICE_NAME_MAX_LENGTH + "-tg-alt".length + AUTONAME_SUFFIX_LENGTH, TARGET_GROUP_NAME_MAX);
        const longest = "a".repeat(17);
        const cfg = parse(validRaw(services({ [longest]: ORDERS, bff: { pathPatterns: ["/api/*"] } })));
        assert.strictEqual(serviceOf(cfg, longest).name, longest);
        assertRejected(
            validRaw(services({ ["a".repeat(18)]: WORKER })),
            `${KEY}.${"a".repeat(18)}`,
            "is too long",
            "at most 17",
        );
    });

    for (const bad of ["Orders", "1orders", "orders--api", "orders_api", "orders-", "-orders"]) {
        it(`refuses ${JSON.stringify(bad)}: not a DNS label`, () => {
            assertRejected(
                validRaw(services({ [bad]: WORKER })),
                `${KEY}.${bad}`,
                "is not a DNS label",
                "e.g. orders-api",
            );
        });
    }

    it('refuses a name containing "-to-" (the rule-name separator)', () => {
        assertRejected(validRaw(services({ "back-to-front": WORKER })), `${KEY}.back-to-front`, '"-to-"', "separator");
    });

    for (const [name, why] of Object.entries(RESERVED_SERVICE_NAMES)) {
        it(`refuses the reserved name ${name}, saying why`, () => {
            assertRejected(
                validRaw(services({ [name]: WORKER })),
                `${KEY}.${name}`,
                "is reserved",
                why,
                "choose another",
            );
        });
    }

    it("refuses an empty map, pointing at the docs", () => {
        assertRejected(validRaw({ [KEY]: {} }), KEY, "is empty", "docs/services.md");
    });
});

describe("services map: calls and cycles", () => {
    it("a call to an unknown service names the nearest and the allowed ones", () => {
        assertRejected(
            validRaw(services({ bff: { calls: ["agentcor"] } })),
            `${KEY}.bff.calls[0]`,
            "names no service of the map",
            "did you mean agentcore?",
            "allowed: agentcore",
        );
    });

    it("a call to itself is refused as needless", () => {
        assertRejected(
            validRaw(services({ agentcore: { calls: ["agentcore"] } })),
            `${KEY}.agentcore.calls[0]`,
            "is the service itself",
            "remove it",
        );
    });

    it("a call to an http service says it is reached through the ALB", () => {
        assertRejected(
            validRaw(services({ orders: ORDERS, bff: { pathPatterns: ["/api/*"] }, agentcore: { calls: ["orders"] } })),
            `${KEY}.agentcore.calls[0]`,
            "a http service",
            "reached through the ALB",
            "allowed: services of kind internal",
        );
    });

    it("a call to a worker says it takes no inbound connections", () => {
        assertRejected(
            validRaw(services({ reports: WORKER, bff: { calls: ["agentcore", "reports"] } })),
            `${KEY}.bff.calls[1]`,
            "a worker service",
            "takes no inbound connections",
        );
    });

    it("a repeated call names the first position", () => {
        assertRejected(
            validRaw(services({ bff: { calls: ["agentcore", "agentcore"] } })),
            `${KEY}.bff.calls[1]`,
            "repeats agentcore (already at [0])",
        );
    });

    it("a cycle of calls is refused at the call that closes it, with the whole loop", () => {
        const hit = assertRejected(
            validRaw(services({ catalog: { ...INTERNAL, calls: ["agentcore"] }, agentcore: { calls: ["catalog"] } })),
            `${KEY}.catalog.calls[0]`,
            "closes the cycle",
            "break it",
        );
        assert.match(hit, /catalog -> agentcore -> catalog|agentcore -> catalog -> agentcore/);
    });

    it("a chain without a loop (bff -> agentcore -> catalog) is accepted (look-alike)", () => {
        const cfg = parse(validRaw(services({ catalog: INTERNAL, agentcore: { calls: ["catalog"] } })));
        assert.deepStrictEqual(serviceOf(cfg, "agentcore").calls, ["catalog"]);
    });
});

describe("services map: Cloud Map names", () => {
    it("two internal services under one name are refused at the second", () => {
        assertRejected(
            validRaw(services({ catalog: { ...INTERNAL, discoveryName: "agentcore" } })),
            `${KEY}.catalog.discoveryName`,
            "is reached as agentcore, like agentcore",
            "set a distinct discoveryName",
        );
    });

    it("discoveryName defaults to the service's name", () => {
        const s = serviceOf(parse(validRaw(services())), "agentcore");
        assert.strictEqual(s.kind === "internal" && s.discoveryName, "agentcore");
    });
});

describe("services map: path patterns and listener-rule priorities", () => {
    it("pathPatterns defaults to the catch-all, whose priority is 50000 (evaluated last)", () => {
        const s = serviceOf(parse(validRaw(services())), "bff");
        assert.ok(s.kind === "http");
        assert.deepStrictEqual(s.pathPatterns, ["/*"]);
        assert.strictEqual(s.listenerRulePriority, CATCH_ALL_PRIORITY);
        assert.strictEqual(CATCH_ALL_PRIORITY, 50000);
    });

    it("any other service takes 1 + FNV-1a(name) mod 49999, stable when another service is added or removed", () => {
        // FNV-1a 32-bit test vectors (draft-eastlake-fnv): "" and "a".
        assert.strictEqual(fnv1a(""), 0x811c9dc5);
        assert.strictEqual(fnv1a("a"), 0xe40c292c);
        const orders = { ...ORDERS, pathPatterns: ["/orders/*"] };
        const alone = serviceOf(parse(validRaw(services({ orders }))), "orders");
        const withMore = serviceOf(
            parse(validRaw(services({ orders, "orders-v2": { ...ORDERS, pathPatterns: ["/v2/*"] } }))),
            "orders",
        );
        assert.ok(alone.kind === "http" && withMore.kind === "http");
        assert.strictEqual(alone.listenerRulePriority, 1 + (fnv1a("orders") % 49999));
        assert.strictEqual(withMore.listenerRulePriority, alone.listenerRulePriority);
        assert.ok(alone.listenerRulePriority >= 1 && alone.listenerRulePriority < CATCH_ALL_PRIORITY);
    });

    it("two services on one priority are refused with the fix, never shifted", () => {
        const orders = { ...ORDERS, pathPatterns: ["/orders/*"], listenerRulePriority: 7 };
        const users = { ...ORDERS, port: 3200, pathPatterns: ["/users/*"], listenerRulePriority: 7 };
        assertRejected(
            validRaw(services({ orders, users })),
            `${KEY}.users.listenerRulePriority`,
            "is 7, like orders's rule",
            "set listenerRulePriority on one of them",
        );
    });

    it("two derived priorities that collide are refused too, marked derived", () => {
        // Find two names whose derived priorities collide (a birthday search over short names).
        const seen = new Map<number, string>();
        let pair: [string, string] | undefined;
        for (let i = 0; pair === undefined; i++) {
            const name = `s${i}`;
            const p = defaultPriority(name, { ...ORDERS, pathPatterns: ["/x/*"] } as never);
            const other = seen.get(p);
            if (other !== undefined) pair = [other, name];
            else seen.set(p, name);
        }
        const [a, b] = pair;
        assertRejected(
            validRaw(
                services({
                    [a]: { ...ORDERS, pathPatterns: [`/${a}/*`] },
                    [b]: { ...ORDERS, port: 3200, pathPatterns: [`/${b}/*`] },
                }),
            ),
            `${KEY}.${b}.listenerRulePriority`,
            "(derived) is",
            `like ${a}'s rule`,
        );
    });

    it("a catch-all given a number below a specific rule's is refused (it would take its requests)", () => {
        const orders = { ...ORDERS, pathPatterns: ["/orders/*"], listenerRulePriority: 200 };
        assertRejected(
            validRaw(services({ orders, bff: { listenerRulePriority: 100 } })),
            `${KEY}.bff.listenerRulePriority`,
            "is 100, before orders's rule (200)",
            "give the catch-all the highest number",
        );
    });

    it("a second catch-all is refused", () => {
        assertRejected(
            validRaw(services({ orders: ORDERS })),
            `${KEY}.orders.pathPatterns[0]`,
            "is a second catch-all",
        );
    });

    it("overlapping specific patterns are refused with a path both match, /*.png against /img/* included", () => {
        assert.strictEqual(patternsIntersect("/*.png", "/img/*"), true);
        assert.strictEqual(patternsIntersect("/api/*", "/img/*"), false);
        assert.strictEqual(patternsIntersect("/a?c", "/abc"), true);
        const hit = assertRejected(
            validRaw(
                services({
                    bff: { pathPatterns: ["/img/*"] },
                    orders: { ...ORDERS, pathPatterns: ["/*.png"] },
                }),
            ),
            `${KEY}.orders.pathPatterns[0]`,
            'claims paths bff\'s "/img/*" claims too',
            "allowed: patterns with no path in common",
        );
        assert.match(hit, /e\.g\. \/img\/[^ ]*\.png|e\.g\. \/img\/\.png/);
    });

    it("disjoint patterns beside the catch-all are accepted (look-alike)", () => {
        const cfg = parse(validRaw(services({ orders: { ...ORDERS, pathPatterns: ["/orders/*", "/orders"] } })));
        assert.deepStrictEqual(
            cfg.services.filter((s) => s.kind === "http").map((s) => s.name),
            ["bff", "orders"],
        );
    });

    it("a repeated pattern and more than 3 patterns are refused", () => {
        assertRejected(
            validRaw(services({ orders: { ...ORDERS, pathPatterns: ["/o/*", "/o/*"] } })),
            `${KEY}.orders.pathPatterns[1]`,
            "repeats the pattern at [0]",
        );
        const issues = issuesOf(validRaw(services({ orders: { ...ORDERS, pathPatterns: ["/a", "/b", "/c", "/d"] } })));
        assert.ok(
            issues.some((i) => i.startsWith(`${KEY}.orders.pathPatterns: `)),
            issues.join("\n"),
        );
    });
});

describe("services map: grants, environment and secrets", () => {
    it("a Bedrock grant without a model to invoke is refused with an example", () => {
        assertRejected(
            validRaw({ ...services(), "ecs-platform:bedrock": undefined }),
            `${KEY}.agentcore.grants.bedrock`,
            "names no model",
            "e.g. inferenceProfileIds",
        );
    });

    it("nested data prefixes of two services are refused", () => {
        assertRejected(
            validRaw(
                services({
                    agentcore: { grants: { s3Prefix: "data/" } },
                    catalog: { ...INTERNAL, grants: { s3Prefix: "data/catalog/" } },
                }),
            ),
            `${KEY}.catalog.grants.s3Prefix`,
            'overlaps agentcore\'s prefix "data/"',
        );
    });

    it("sibling prefixes that merely share letters are accepted (look-alike)", () => {
        const cfg = parse(
            validRaw(
                services({
                    agentcore: { grants: { s3Prefix: "data/" } },
                    catalog: { ...INTERNAL, grants: { s3Prefix: "data-catalog/" } },
                }),
            ),
        );
        assert.strictEqual(serviceOf(cfg, "catalog").grants.s3Prefix, "data-catalog/");
    });

    it("a prefix with a wildcard or without the trailing slash is refused", () => {
        assertRejected(
            validRaw(services({ agentcore: { grants: { s3Prefix: "data" } } })),
            `${KEY}.agentcore.grants.s3Prefix`,
            'ending in "/"',
        );
        assertRejected(
            validRaw(services({ agentcore: { grants: { s3Prefix: "da*/" } } })),
            `${KEY}.agentcore.grants.s3Prefix`,
        );
    });

    it("an environment variable the platform sets is refused", () => {
        assertRejected(
            validRaw(services({ bff: { environment: { PORT: "1" } } })),
            `${KEY}.bff.environment.PORT`,
            "is set by the platform",
        );
    });

    it("a secret whose variable is also in environment is refused", () => {
        assertRejected(
            validRaw(
                services({ bff: { environment: { API_KEY: "x" }, secrets: { API_KEY: { parameter: "api-key" } } } }),
            ),
            `${KEY}.bff.secrets.API_KEY`,
            "is also in environment",
            "one variable, one source",
        );
    });

    it("a secret's value defaults to placeholder", () => {
        const cfg = parse(validRaw(services({ bff: { secrets: { API_KEY: { parameter: "api-key" } } } })));
        assert.strictEqual(serviceOf(cfg, "bff").secrets.API_KEY.value, "placeholder");
    });
});

describe("services map: kinds and entries", () => {
    it("a worker with a port is refused (a worker takes no inbound)", () => {
        assertRejected(
            validRaw(services({ reports: { ...WORKER, port: 8080 } })),
            `${KEY}.reports.port`,
            'only kind "http", "internal" take this key, not kind "worker"',
            "remove it or change kind",
        );
        // A key no kind takes is still an unknown key, with the nearest one.
        assertRejected(
            validRaw(services({ reports: { ...WORKER, memry: 512 } })),
            `${KEY}.reports.memry`,
            "unknown key; did you mean memory?",
        );
        // pathPatterns belongs to http alone.
        assertRejected(
            validRaw(services({ agentcore: { pathPatterns: ["/a/*"] } })),
            `${KEY}.agentcore.pathPatterns`,
            'only kind "http" takes this key, not kind "internal"',
        );
    });

    it("an unknown kind lists the three", () => {
        const issues = issuesOf(validRaw(services({ reports: { ...WORKER, kind: "cron" } })));
        const hit = issues.find((i) => i.startsWith(`${KEY}.reports.kind`));
        assert.ok(hit, issues.join("\n"));
        for (const kind of ["http", "internal", "worker"]) assert.ok(hit.includes(kind), hit);
    });

    it("minCount above maxCount, and desiredCount outside them, are refused", () => {
        assertRejected(
            validRaw(services({ bff: { minCount: 5, maxCount: 4, desiredCount: 4 } })),
            `${KEY}.bff.minCount`,
            "greater than maxCount (4)",
        );
        assertRejected(validRaw(services({ bff: { desiredCount: 11 } })), `${KEY}.bff.desiredCount`, "[2, 10]");
    });

    it("with storage.mode existing, a repository key the stack does not name is refused", () => {
        assertRejected(
            validRaw({
                ...services({ reports: WORKER }),
                "ecs-platform:storage": {
                    mode: "existing",
                    agentDataBucketName: "data-bucket",
                    repositoryNames: { bff: "ns/app", agentcore: "ns/agent" },
                },
            }),
            `${KEY}.reports.kind`,
            'repository key "reports"',
            "add reports: <repository name>",
        );
    });

    it("what an entry leaves out: its name as repository and label, seed counts 2/2/10, no database, no grants", () => {
        const s = serviceOf(parse(validRaw(services({ reports: WORKER }))), "reports");
        assert.strictEqual(s.repository, "reports");
        assert.strictEqual(s.displayName, "reports");
        assert.deepStrictEqual([s.desiredCount, s.minCount, s.maxCount], [2, 2, 10]);
        assert.strictEqual(s.database, false);
        assert.deepStrictEqual(s.grants, { bedrock: false, parameters: false, secrets: [], queues: [] });
        assert.deepStrictEqual([s.calls, s.environment, s.secrets], [[], {}, {}]);
        assert.strictEqual(s.subnetTier, "agent");
        assert.strictEqual(
            s.securityGroupDescription,
            "ecs-platform service reports: its tasks; the rules of this group say what it admits and calls",
        );
    });

    it("the default group description names the service only: new calls, a database or a label leave it as it was", () => {
        const description = (patch: Record<string, unknown>) =>
            serviceOf(parse(validRaw(services({ reports: { ...WORKER, ...patch } }))), "reports")
                .securityGroupDescription;
        const before = description({});
        assert.strictEqual(
            before,
            "ecs-platform service reports: its tasks; the rules of this group say what it admits and calls",
        );
        for (const patch of [{ calls: ["agentcore"] }, { database: true }, { displayName: "Reports" }]) {
            assert.strictEqual(description(patch), before, JSON.stringify(patch));
        }
        // A caller added elsewhere leaves the callee's as it was too.
        const agentcore = (extra: Record<string, Record<string, unknown>>) =>
            serviceOf(parse(validRaw(services(extra))), "agentcore").securityGroupDescription;
        assert.strictEqual(agentcore({ reports: { ...WORKER, calls: ["agentcore"] } }), agentcore({}));
    });

    it("the minimal map's keys are the ones the docs call required (cpu, memory; port and health check for reachable kinds)", () => {
        for (const key of ["cpu", "memory"]) {
            const issues = issuesOf(validRaw(services({ agentcore: { [key]: undefined } })));
            assert.ok(
                issues.some((i) => i.startsWith(`${KEY}.agentcore.${key}: `)),
                `${key}: ${issues.join("\n")}`,
            );
        }
        for (const key of ["port", "healthCheckPath"]) {
            const issues = issuesOf(validRaw(services({ bff: { [key]: undefined } })));
            assert.ok(
                issues.some((i) => i.startsWith(`${KEY}.bff.${key}: `)),
                `${key}: ${issues.join("\n")}`,
            );
        }
        assert.deepStrictEqual(Object.keys(MINIMAL_SERVICES), ["bff", "agentcore"]);
    });
});
