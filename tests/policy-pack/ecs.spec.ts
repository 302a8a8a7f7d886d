import * as assert from "assert";
import {
    internalServicesPrivateOnly,
    capacityProviders,
    circuitBreaker,
    containerInsights,
    ecsPolicies,
    execAudited,
    serviceNoPublicIp,
    taskIsolation,
    taskRoles,
} from "../../policy-pack/ecs";
import {
    containerLogging,
    containerNotPrivileged,
    noPlaintextSecrets,
    readonlyRootFilesystem,
} from "../../policy-pack/ecs-containers";
import { UNKNOWN_SENTINELS } from "../../policy-pack/lib/known-values";
import {
    container,
    expectCannotRun,
    expectClean,
    expectNoLeak,
    expectViolations,
    res,
    run,
    taskDefinition,
    UNKNOWN,
} from "./policy-test-kit";
import { KIND_TAG, SERVICE_TAG } from "../../policy-pack/lib/service-tags";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
const td = (inputs: Record<string, unknown>, name = "bff-task") => res(AWS_TYPE.ecs.TaskDefinition, name, inputs);

describe("ecs policies", () => {
    it("declare the metadata every policy needs, with the four mandatory defaults", () => {
        for (const p of ecsPolicies) {
            assert.ok(p.severity && p.enforcementLevel && p.description && p.remediationSteps, p.name);
            assert.ok(p.metadata.anchors.length > 0, p.name);
        }
        const mandatory = ecsPolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        assert.deepStrictEqual(mandatory.sort(), [
            "ecs-container-not-privileged",
            "ecs-deployment-alarms-exist",
            "ecs-no-plaintext-secrets",
            "ecs-service-no-public-ip",
        ]);
    });

    it("know the SDK's unknown sentinels", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
        const sdk = Object.entries(proxy)
            .filter(([k]) => /^unknown[A-Z]\w*Value$/.test(k))
            .map(([, v]) => v);
        assert.deepStrictEqual([...UNKNOWN_SENTINELS].sort(), (sdk as string[]).sort());
    });

    describe("ecs-service-no-public-ip", () => {
        const svc = (nc: unknown) => res(AWS_TYPE.ecs.Service, "bff", { networkConfiguration: nc });
        it("flags assignPublicIp true (also as a string) as mandatory", () => {
            const r = run(serviceNoPublicIp, svc({ assignPublicIp: true, subnets: ["s"] }));
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
            expectViolations(run(serviceNoPublicIp, svc({ assignPublicIp: "true", subnets: ["s"] })), 1);
        });
        it("passes false, absent, and a missing block", () => {
            expectClean(run(serviceNoPublicIp, svc({ assignPublicIp: false, subnets: ["s"] })));
            expectClean(run(serviceNoPublicIp, svc({ subnets: ["s"] })));
            expectClean(run(serviceNoPublicIp, res(AWS_TYPE.ecs.Service, "bff", {})));
        });
        it("cannot run on an unknown flag but decides with unknown subnets", () => {
            expectCannotRun(run(serviceNoPublicIp, svc({ assignPublicIp: UNKNOWN, subnets: ["s"] })));
            expectClean(run(serviceNoPublicIp, svc({ assignPublicIp: false, subnets: UNKNOWN })));
        });
        it("honours a waiver", () => {
            const r = run(serviceNoPublicIp, svc({ assignPublicIp: true }), {
                exclude: [{ pattern: "^bff$", reason: "public test harness" }],
            });
            expectViolations(r, 0);
        });
    });

    describe("ecs-container-not-privileged", () => {
        it("flags privileged containers in JSON-string and array forms, by name", () => {
            const defs = [container({ name: "app" }), container({ name: "sidecar", privileged: true })];
            const fromString = expectViolations(run(containerNotPrivileged, td(taskDefinition(defs))), 1);
            assert.match(fromString[0], /container "sidecar"/);
            expectViolations(run(containerNotPrivileged, td(taskDefinition(defs, {}, true))), 1);
        });
        it("flags the capitalised key the provider's decoder honours and the misspelt `privilege`", () => {
            expectViolations(run(containerNotPrivileged, td(taskDefinition([container({ Privileged: true })]))), 1);
            const m = expectViolations(
                run(containerNotPrivileged, td(taskDefinition([container({ privilege: true })]))),
                1,
            );
            assert.match(m[0], /misspelt/);
        });
        it("passes unprivileged containers", () => {
            expectClean(run(containerNotPrivileged, td(taskDefinition([container({ privileged: false })]))));
            expectClean(run(containerNotPrivileged, td(taskDefinition())));
        });
        it("reports malformed definitions without quoting them", () => {
            const broken = '[{"name":"x","environment":[{"name":"K","value":"hunter2"}]';
            const r = run(containerNotPrivileged, td(taskDefinition(broken)));
            assert.match(expectViolations(r, 1)[0], /not valid JSON/);
            expectNoLeak(r, ["hunter2"]);
            expectViolations(run(containerNotPrivileged, td(taskDefinition('{"name":"x"}'))), 1);
            expectViolations(run(containerNotPrivileged, td(taskDefinition("[]"))), 1);
            expectViolations(run(containerNotPrivileged, td(taskDefinition("[42]"))), 1);
            expectViolations(run(containerNotPrivileged, td({ family: "x" })), 1);
        });
        it("cannot run on unknown definitions, but still reports the known privileged container", () => {
            expectCannotRun(run(containerNotPrivileged, td(taskDefinition(UNKNOWN))));
            const mixed = [container({ privileged: true }), UNKNOWN];
            expectCannotRun(run(containerNotPrivileged, td(taskDefinition(mixed, {}, true))), 1);
        });
    });

    describe("ecs-no-plaintext-secrets", () => {
        const SECRET = "s3cr3t-Value-9f8e7d";
        const AKIA = "AKIAABCDEFGHIJKLMNOP";
        const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        const URL = "postgres://app:pa55word@db.internal:5432/app";
        const withEnv = (env: unknown[]) => td(taskDefinition([container({ environment: env })]));

        it("flags secret-like names, naming the variable but never the value", () => {
            for (const name of ["DB_PASSWORD", "api_key", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL"]) {
                const r = run(noPlaintextSecrets, withEnv([{ name, value: SECRET }]));
                const [m] = expectViolations(r, 1);
                assert.ok(m.includes(name), m);
                assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
                expectNoLeak(r, [SECRET]);
            }
        });
        it("flags secret-shaped values under innocent names without echoing them", () => {
            for (const value of [AKIA, PEM, URL]) {
                const r = run(noPlaintextSecrets, withEnv([{ name: "CONFIG", value }]));
                expectViolations(r, 1);
                expectNoLeak(r, [value, "pa55word", "MIIEow"]);
            }
        });
        it("passes plain config, ARN pointers, `secrets` and allow-listed names", () => {
            expectClean(run(noPlaintextSecrets, withEnv([{ name: "PORT", value: "3000" }])));
            expectClean(
                run(
                    noPlaintextSecrets,
                    withEnv([{ name: "DB_SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:1:secret:db" }]),
                ),
            );
            expectClean(run(noPlaintextSecrets, td(taskDefinition([container({ environment: undefined })]))));
            const r = run(noPlaintextSecrets, withEnv([{ name: "TOKEN_TTL_SECONDS", value: "3600" }]), {
                allowedNames: ["TOKEN_TTL_SECONDS"],
            });
            expectClean(r);
        });
        it("uses a configured name pattern", () => {
            // A number is configuration by value (see below), so the configured name is tested on a word.
            const env = [{ name: "MY_PIN", value: "open-sesame" }];
            expectClean(run(noPlaintextSecrets, withEnv(env)));
            expectViolations(run(noPlaintextSecrets, withEnv(env), { secretNamePattern: "pin$" }), 1);
        });
        // Fixed, documentation-style samples (not live credentials): a 40-character AWS-secret-key
        // shaped base64 blob and a 64-character hex key.
        const BASE64_BLOB = "q8Z3vN1xR7pL0sK5yT9wE2aB6cD4fG+hJ/mU8iOo";
        const HEX_KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        const GIT_SHA = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";
        const UUID_VALUE = "550e8400-e29b-41d4-a716-446655440000";

        it("judges secret-looking names by value: numbers, booleans and plain URLs are configuration", () => {
            for (const [name, value] of [
                ["MAX_TOKENS", "4096"],
                ["PASSWORD_MIN_LENGTH", "12"],
                ["SECRET_ROTATION_ENABLED", "true"],
                ["TOKEN_URL", "https://auth.example.com/token"],
                ["API_KEY_HEADER_ENABLED", "false"],
                ["TOKEN_TTL_SECONDS", "3600"],
                ["SECRET_CACHE_RATIO", "0.75"],
                ["TENANT_TOKEN_ID", UUID_VALUE],
            ]) {
                expectClean(run(noPlaintextSecrets, withEnv([{ name, value }])));
            }
            // JSON numbers and booleans (containerDefinitions as an array) as well as strings.
            const defs = [
                container({
                    environment: [
                        { name: "MAX_TOKENS", value: 4096 },
                        { name: "PASSWORD_REQUIRED", value: true },
                    ],
                }),
            ];
            expectClean(run(noPlaintextSecrets, td(taskDefinition(defs, {}, true))));
            // Still a secret by name: a word, a long digit string (a PIN or key), a URL with a token in it.
            for (const value of ["hunter2", "12345678901234", `https://hooks.example.com/x/${BASE64_BLOB}`]) {
                const r = run(noPlaintextSecrets, withEnv([{ name: "DB_PASSWORD", value }]));
                expectViolations(r, 1);
                assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
                expectNoLeak(r, [value]);
            }
        });

        it("flags credentials in URLs and high-entropy values whatever the name", () => {
            for (const [name, value, shape] of [
                ["DATABASE_URL", "postgres://app:hunter2@db:5432/app", /embedded credentials|secret-like name/],
                ["UPSTREAM", "postgres://app:hunter2@db:5432/app", /embedded credentials/],
                ["FOO", AKIA, /AWS access key id/],
                ["FOO", BASE64_BLOB, /high-entropy base64/],
                ["SETTINGS", `Bearer ${BASE64_BLOB}`, /high-entropy base64/],
                ["FOO", HEX_KEY, /high-entropy hex/],
                // A plain address is judged part by part, so a token in one part still counts.
                ["CALLBACK", `https://example.com/cb?token=${BASE64_BLOB}`, /high-entropy base64/],
                ["API", `https://api.example.com/v1/${BASE64_BLOB}`, /high-entropy base64/],
            ] as const) {
                const r = run(noPlaintextSecrets, withEnv([{ name, value }]));
                const [m] = expectViolations(r, 1);
                assert.match(m, shape);
                assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
                expectNoLeak(r, [value, "hunter2"]);
            }
        });

        it("passes revision digests, UUIDs and ordinary text under ordinary names", () => {
            for (const [name, value] of [
                ["GIT_SHA", GIT_SHA],
                ["IMAGE_DIGEST", `sha256:${HEX_KEY}`],
                ["BUILD_COMMIT", GIT_SHA],
                ["REQUEST_NAMESPACE", UUID_VALUE],
                ["LOG_LEVEL", "info"],
                ["AWS_REGION", "us-east-1"],
                ["UPSTREAM_URL", "http://agentcore.local:8080/v1/invoke"],
                // A queue URL: host labels, the account id and the queue name, none of them a key.
                ["REPORTS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/ecs-platform-dev-reports"],
                ["JAVA_OPTS", "-XX:MaxRAMPercentage=75.0 -XX:+UseContainerSupport"],
                ["STATIC_PATH", "/usr/local/share/app/static/assets"],
                ["GREETING", "the quick brown fox jumps over the lazy dog"],
            ]) {
                expectClean(run(noPlaintextSecrets, withEnv([{ name, value }])));
            }
            // A short hex id is too common a non-secret; so is a 16-character one.
            expectClean(run(noPlaintextSecrets, withEnv([{ name: "TRACE_ID", value: "4bf92f3577b34da6" }])));
            // allowedNames lifts the entropy check, never the known key shapes.
            expectClean(
                run(noPlaintextSecrets, withEnv([{ name: "SEED", value: HEX_KEY }]), { allowedNames: ["SEED"] }),
            );
            expectViolations(
                run(noPlaintextSecrets, withEnv([{ name: "SEED", value: AKIA }]), { allowedNames: ["SEED"] }),
                1,
            );
        });

        it("reads case-variant keys (Environment/Name/Value) like the provider does", () => {
            const defs = [container({ environment: undefined, Environment: [{ Name: "PASSWORD", Value: SECRET }] })];
            const r = run(noPlaintextSecrets, td(taskDefinition(defs)));
            expectViolations(r, 1);
            expectNoLeak(r, [SECRET]);
        });
        it("gives up on an unknown value it needs, after reporting the known leak", () => {
            const defs = [
                container({
                    environment: [
                        { name: "API_KEY", value: SECRET },
                        { name: "UPSTREAM", value: UNKNOWN },
                    ],
                }),
            ];
            const r = run(noPlaintextSecrets, td(taskDefinition(defs, {}, true)));
            expectCannotRun(r, 1);
            expectNoLeak(r, [SECRET]);
        });
    });

    describe("ecs-readonly-root-fs", () => {
        it("flags a missing or false flag, passes true", () => {
            expectViolations(
                run(readonlyRootFilesystem, td(taskDefinition([container({ readonlyRootFilesystem: undefined })]))),
                1,
            );
            expectViolations(
                run(readonlyRootFilesystem, td(taskDefinition([container({ readonlyRootFilesystem: false })]))),
                1,
            );
            expectClean(run(readonlyRootFilesystem, td(taskDefinition())));
            assert.strictEqual(readonlyRootFilesystem.enforcementLevel, "advisory");
        });
    });

    describe("ecs-container-logging", () => {
        const withLog = (logConfiguration: unknown) => td(taskDefinition([container({ logConfiguration })]));
        it("flags no logging, awslogs without a group, other drivers", () => {
            expectViolations(run(containerLogging, withLog(undefined)), 1);
            expectViolations(run(containerLogging, withLog({ logDriver: "awslogs", options: {} })), 1);
            const [m] = expectViolations(run(containerLogging, withLog({ logDriver: "splunk", options: {} })), 1);
            assert.match(m, /splunk/);
        });
        it("checks FireLens destinations", () => {
            expectViolations(run(containerLogging, withLog({ logDriver: "awsfirelens" })), 1);
            const cw = { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs" } };
            expectViolations(run(containerLogging, withLog(cw)), 1);
            const ok = { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs", log_group_name: "/x" } };
            expectClean(run(containerLogging, withLog(ok)));
        });
        it("passes awslogs with a group (also an unknown group)", () => {
            expectClean(run(containerLogging, td(taskDefinition())));
            const unknownGroup = { logDriver: "awslogs", options: { "awslogs-group": UNKNOWN } };
            expectClean(
                run(containerLogging, td(taskDefinition([container({ logConfiguration: unknownGroup })], {}, true))),
            );
        });
    });

    describe("ecs-task-roles", () => {
        it("flags a missing task role and a shared role", () => {
            expectViolations(run(taskRoles, td(taskDefinition(undefined, { taskRoleArn: undefined }))), 1);
            const same = "arn:aws:iam::1:role/shared";
            expectViolations(
                run(taskRoles, td(taskDefinition(undefined, { taskRoleArn: same, executionRoleArn: same }))),
                1,
            );
        });
        it("passes distinct roles and a task role without an execution role", () => {
            expectClean(run(taskRoles, td(taskDefinition())));
            expectClean(run(taskRoles, td(taskDefinition(undefined, { executionRoleArn: undefined }))));
        });
        it("cannot compare two unknown ARNs, but needs no ARN to see a missing task role", () => {
            expectCannotRun(
                run(taskRoles, td(taskDefinition(undefined, { taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN }))),
            );
            expectViolations(
                run(taskRoles, td(taskDefinition(UNKNOWN, { taskRoleArn: undefined, executionRoleArn: UNKNOWN }))),
                1,
            );
        });
    });

    describe("ecs-task-isolation", () => {
        it("flags bridge mode, EC2-only, host namespaces", () => {
            const r = run(
                taskIsolation,
                td(
                    taskDefinition(undefined, {
                        networkMode: "bridge",
                        requiresCompatibilities: ["EC2"],
                        pidMode: "host",
                        ipcMode: "host",
                    }),
                ),
            );
            expectViolations(r, 4);
        });
        it("flags root, missing users and added capabilities", () => {
            for (const user of ["root", "0", "0:0", "ROOT:root", undefined, ""]) {
                expectViolations(run(taskIsolation, td(taskDefinition([container({ user })]))), 1);
            }
            const caps = container({ linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } } });
            expectViolations(run(taskIsolation, td(taskDefinition([caps]))), 1);
        });
        it("passes the compliant task and reports task-level facts even when containers are unknown", () => {
            expectClean(run(taskIsolation, td(taskDefinition())));
            expectCannotRun(run(taskIsolation, td(taskDefinition(UNKNOWN, { networkMode: "host" }))), 1);
        });
    });

    describe("ecs-container-insights", () => {
        const cluster = (settings: unknown) => res(AWS_TYPE.ecs.Cluster, "main", { settings });
        it("flags missing and disabled, passes enabled/enhanced", () => {
            expectViolations(run(containerInsights, cluster(undefined)), 1);
            expectViolations(run(containerInsights, cluster([{ name: "containerInsights", value: "disabled" }])), 1);
            expectClean(run(containerInsights, cluster([{ name: "containerInsights", value: "enabled" }])));
            expectClean(run(containerInsights, cluster([{ name: "containerInsights", value: "enhanced" }])));
        });
        it("honours allowedValues", () => {
            const r = run(containerInsights, cluster([{ name: "containerInsights", value: "enabled" }]), {
                allowedValues: ["enhanced"],
            });
            expectViolations(r, 1);
        });
    });

    describe("ecs-service-capacity-providers and ecs-deployment-circuit-breaker", () => {
        it("flags launchType and empty strategies", () => {
            expectViolations(run(capacityProviders, res(AWS_TYPE.ecs.Service, "s", { launchType: "FARGATE" })), 2);
            expectClean(
                run(
                    capacityProviders,
                    res(AWS_TYPE.ecs.Service, "s", {
                        capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1 }],
                    }),
                ),
            );
        });
        it("wants the breaker with rollback, except for CODE_DEPLOY", () => {
            expectViolations(run(circuitBreaker, res(AWS_TYPE.ecs.Service, "s", {})), 1);
            expectViolations(
                run(
                    circuitBreaker,
                    res(AWS_TYPE.ecs.Service, "s", { deploymentCircuitBreaker: { enable: true, rollback: false } }),
                ),
                1,
            );
            expectClean(
                run(
                    circuitBreaker,
                    res(AWS_TYPE.ecs.Service, "s", { deploymentCircuitBreaker: { enable: true, rollback: true } }),
                ),
            );
            const cd = run(
                circuitBreaker,
                res(AWS_TYPE.ecs.Service, "s", { deploymentController: { type: "CODE_DEPLOY" } }),
            );
            expectViolations(cd, 0);
            assert.strictEqual(cd.notApplicable.length, 1);
        });
    });

    describe("ecs-exec-off-or-audited (stack)", () => {
        const audited = {
            configuration: { executeCommandConfiguration: { kmsKeyId: "arn:aws:kms:k", logging: "OVERRIDE" } },
            arn: "arn:aws:ecs:us-east-1:1:cluster/main",
        };
        it("flags exec on an unaudited cluster linked by dependency", () => {
            const cluster = res(AWS_TYPE.ecs.Cluster, "main", {});
            const svc = res(
                AWS_TYPE.ecs.Service,
                "bff",
                { enableExecuteCommand: true, cluster: UNKNOWN },
                { cluster: [cluster] },
            );
            const [m] = expectViolations(run(execAudited, [cluster, svc]), 1);
            assert.match(m, /no executeCommandConfiguration/);
        });
        it("passes an audited cluster found by ARN, flags logging NONE and a missing key", () => {
            const cluster = res(AWS_TYPE.ecs.Cluster, "main", audited);
            const svc = res(AWS_TYPE.ecs.Service, "bff", { enableExecuteCommand: true, cluster: audited.arn });
            expectClean(run(execAudited, [cluster, svc]));
            const none = res(AWS_TYPE.ecs.Cluster, "main", {
                ...audited,
                configuration: { executeCommandConfiguration: { kmsKeyId: "k", logging: "NONE" } },
            });
            expectViolations(run(execAudited, [none, svc]), 1);
            const noKey = res(AWS_TYPE.ecs.Cluster, "main", {
                ...audited,
                configuration: { executeCommandConfiguration: { logging: "DEFAULT" } },
            });
            expectViolations(run(execAudited, [noKey, svc]), 1);
        });
        it("forbids exec when configured, ignores services without exec", () => {
            const cluster = res(AWS_TYPE.ecs.Cluster, "main", audited);
            const svc = res(AWS_TYPE.ecs.Service, "bff", { enableExecuteCommand: true, cluster: audited.arn });
            expectViolations(run(execAudited, [cluster, svc], { forbidExecuteCommand: true }), 1);
            expectClean(run(execAudited, [cluster, res(AWS_TYPE.ecs.Service, "x", { enableExecuteCommand: false })]));
        });
        it("cannot find the cluster through an unknown reference without a dependency", () => {
            const cluster = res(AWS_TYPE.ecs.Cluster, "main", { arn: UNKNOWN });
            const svc = res(AWS_TYPE.ecs.Service, "bff", { enableExecuteCommand: true, cluster: UNKNOWN });
            expectCannotRun(run(execAudited, [cluster, svc]));
        });
    });

    describe("internal-services-private-only (stack)", () => {
        const registry = { registryArn: "arn:aws:servicediscovery:us-east-1:1:service/srv-1" };
        it("flags a load balancer and a missing registry on the AgentCore service", () => {
            const svc = res(AWS_TYPE.ecs.Service, "agentcore", {
                name: "dev-agentcore",
                loadBalancers: [{ containerName: "agentcore", containerPort: 8080, targetGroupArn: "arn:tg" }],
            });
            expectViolations(run(internalServicesPrivateOnly, svc), 2);
        });
        it("passes registry-only AgentCore and ignores the BFF", () => {
            const ac = res(AWS_TYPE.ecs.Service, "svc-a", { name: "dev-AgentCore", serviceRegistries: registry });
            const bff = res(AWS_TYPE.ecs.Service, "bff", { name: "dev-bff", loadBalancers: [{ containerPort: 3000 }] });
            expectClean(run(internalServicesPrivateOnly, [ac, bff]));
        });
        it("accepts an unknown registry ARN (created in the same run)", () => {
            expectClean(
                run(
                    internalServicesPrivateOnly,
                    res(AWS_TYPE.ecs.Service, "agentcore", { serviceRegistries: { registryArn: UNKNOWN } }),
                ),
            );
        });
        it("flags registration in a public DNS namespace", () => {
            const ns = res(AWS_TYPE.servicediscovery.PublicDnsNamespace, "ns", { name: "example.com" });
            const sd = res(AWS_TYPE.servicediscovery.Service, "sd", { name: "agentcore" }, { dnsConfig: [ns] });
            const svc = res(
                AWS_TYPE.ecs.Service,
                "agentcore",
                { serviceRegistries: { registryArn: UNKNOWN } },
                { serviceRegistries: [sd] },
            );
            expectViolations(run(internalServicesPrivateOnly, [ns, sd, svc]), 1);
        });
        it("is not applicable without an AgentCore service; the pattern is configurable", () => {
            const r = run(internalServicesPrivateOnly, res(AWS_TYPE.ecs.Service, "bff", {}));
            assert.strictEqual(r.notApplicable.length, 1);
            expectViolations(
                run(internalServicesPrivateOnly, res(AWS_TYPE.ecs.Service, "worker", {}), {
                    untaggedInternalPattern: "^worker$",
                }),
                1,
            );
        });
        const tags = (service: string, kind: string) => ({
            tags: { [SERVICE_TAG]: service, [KIND_TAG]: kind },
        });
        it("judges by the kind tag, not the name: an internal service named like the BFF, an http one named agentcore", () => {
            const internal = res(AWS_TYPE.ecs.Service, "bff", {
                ...tags("orders", "internal"),
                loadBalancers: [{ containerPort: 3000, targetGroupArn: "arn:tg" }],
            });
            expectViolations(run(internalServicesPrivateOnly, internal), 2);
            const http = res(AWS_TYPE.ecs.Service, "agentcore", {
                ...tags("agentcore", "http"),
                loadBalancers: [{ containerPort: 8080, targetGroupArn: "arn:tg" }],
            });
            assert.strictEqual(run(internalServicesPrivateOnly, http).notApplicable.length, 1);
        });
        it("a worker has neither a load balancer nor a registry; a bare worker passes", () => {
            const worker = res(AWS_TYPE.ecs.Service, "jobs", {
                ...tags("jobs", "worker"),
                loadBalancers: [{ containerPort: 3000, targetGroupArn: "arn:tg" }],
                serviceRegistries: registry,
            });
            expectViolations(run(internalServicesPrivateOnly, worker), 2);
            expectClean(run(internalServicesPrivateOnly, res(AWS_TYPE.ecs.Service, "jobs", tags("jobs", "worker"))));
        });
    });
});
