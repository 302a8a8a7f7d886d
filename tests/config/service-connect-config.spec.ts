/**
 * Config `deployment.discovery: serviceConnect` (config/deployment.ts, config/service-connect.ts):
 * the opt-in is accepted, AgentCore may then shift traffic (and only then), and each task must
 * leave the application at least the smallest Fargate task after the proxy's 256 CPU units and
 * 64 MiB; every refusal names the key, before any resource is registered.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import { applicationShare, serviceConnectIssues } from "../../config/service-connect";
import { SERVICE_CONNECT_APP_MINIMUM, SERVICE_CONNECT_PROXY } from "../../policy-pack/lib/service-connect";
import { FARGATE_CPU_MEMORY } from "../../policy-pack/lib/aws-limits";
import { assertRejected, issuesOf, validRaw } from "./config-test-kit";

const sc = { discovery: "serviceConnect" };

describe("config: deployment.discovery serviceConnect", () => {
    it("is an opt-in: unset means cloudMap", () => {
        assert.strictEqual(parsePlatformConfig(validRaw(), "dev").rollout.discovery, "cloudMap");
        assert.strictEqual(
            parsePlatformConfig(validRaw({ "ecs-platform:deployment": sc }), "dev").rollout.discovery,
            "serviceConnect",
        );
    });

    it("lets AgentCore canary, linear or blue/green only with serviceConnect", () => {
        for (const strategy of ["canary", "linear", "blueGreen"] as const) {
            const cfg = parsePlatformConfig(
                validRaw({ "ecs-platform:deployment": { ...sc, agentcore: { strategy } } }),
                "dev",
            );
            assert.strictEqual(cfg.rollout.agentcore.strategy, strategy);
            assertRejected(
                validRaw({ "ecs-platform:deployment": { discovery: "cloudMap", agentcore: { strategy } } }),
                "ecs-platform:deployment.agentcore.strategy",
                "allowed: rolling",
                "serviceConnect",
            );
        }
    });

    it("keeps AgentCore rolling by default under serviceConnect, with the strategy's own rules", () => {
        const prod = parsePlatformConfig(
            validRaw({
                "ecs-platform:environment": "prod",
                "ecs-platform:bff": { cpu: 2048, memory: 4096 },
                "ecs-platform:agentcore": { cpu: 2048, memory: 4096 },
                "ecs-platform:deployment": sc,
            }),
            "prod",
        );
        assert.strictEqual(prod.rollout.agentcore.strategy, "rolling");
        assertRejected(
            validRaw({ "ecs-platform:deployment": { ...sc, agentcore: { strategy: "canary", canaryPercent: 0.05 } } }),
            "ecs-platform:deployment.agentcore.canaryPercent",
            "0.1",
        );
    });

    it("refuses a task that leaves no room for the proxy, naming the key, the value and what is allowed", () => {
        const cpu = assertRejected(
            validRaw({
                "ecs-platform:agentcore": { cpu: 256, memory: 512 },
                "ecs-platform:deployment": sc,
            }),
            "ecs-platform:agentcore.cpu",
            "256",
            "leaves 0 CPU units",
            "serviceConnect",
            "allowed: 512 or more",
        );
        assert.match(cpu, /256 CPU units and 64 MiB/);
        assertRejected(
            validRaw({ "ecs-platform:agentcore": { cpu: 256, memory: 512 }, "ecs-platform:deployment": sc }),
            "ecs-platform:agentcore.memory",
            "leaves 448 MiB",
            "allowed: 576 or more",
        );
        // The BFF is checked as well; only the failing service is named.
        const issues = issuesOf(
            validRaw({ "ecs-platform:bff": { cpu: 256, memory: 2048 }, "ecs-platform:deployment": sc }),
        );
        assert.deepStrictEqual(
            issues.map((i) => i.split(": ")[0]),
            ["ecs-platform:bff.cpu"],
        );
    });

    it("accepts the same small task with cloudMap (the rule is the proxy's, not Fargate's)", () => {
        const cfg = parsePlatformConfig(validRaw({ "ecs-platform:agentcore": { cpu: 256, memory: 512 } }), "dev");
        assert.strictEqual(cfg.agentcore.cpu, 256);
    });

    it("accepts every committed stack size (dev 512/1024 is the tightest: the app keeps 256/960)", () => {
        for (const [cpu, memory] of [
            [512, 1024],
            [1024, 2048],
            [2048, 4096],
        ]) {
            const cfg = parsePlatformConfig(
                validRaw({
                    "ecs-platform:bff": { cpu, memory },
                    "ecs-platform:agentcore": { cpu, memory },
                    "ecs-platform:deployment": sc,
                }),
                "dev",
            );
            assert.strictEqual(cfg.rollout.discovery, "serviceConnect");
        }
        assert.deepStrictEqual(applicationShare({ cpu: 512, memory: 1024 }), { cpu: 256, memoryMiB: 960 });
    });

    it("property: over the whole Fargate table, a pair is refused exactly when the app keeps less than 256/512", () => {
        for (const [cpuText, memories] of Object.entries(FARGATE_CPU_MEMORY)) {
            const cpu = Number(cpuText);
            for (const memory of memories) {
                const issues = serviceConnectIssues({
                    bff: { cpu, memory },
                    agentcore: { cpu: 1024, memory: 2048 },
                    deployment: { discovery: "serviceConnect" },
                });
                const tooSmall =
                    cpu - SERVICE_CONNECT_PROXY.cpu < SERVICE_CONNECT_APP_MINIMUM.cpu ||
                    memory - SERVICE_CONNECT_PROXY.memoryMiB < SERVICE_CONNECT_APP_MINIMUM.memoryMiB;
                assert.strictEqual(issues.length > 0, tooSmall, `${cpu}/${memory}`);
                const none = serviceConnectIssues({
                    bff: { cpu, memory },
                    agentcore: { cpu, memory },
                    deployment: { discovery: "cloudMap" },
                });
                assert.deepStrictEqual(none, [], `cloudMap ${cpu}/${memory}`);
            }
        }
    });
});
