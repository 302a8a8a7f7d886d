/**
 * The per-service features added after the engine runs were written, judged by the real engine
 * too: dev with a queue worker the BFF sends to, ECS Exec and request-count scaling on the BFF,
 * an ARM64 AgentCore and a stack-wide schedule, deployed with `pulumi up` on the stub providers.
 * The engine's resource set and every resource's inputs must be the offline evaluator's for the
 * same stack file (URN for URN, property by property); a preview after the up changes nothing;
 * destroy empties the stack.
 */
import * as assert from "assert";
import { engineOnly, engineSteps, inputDelta, multisetDelta } from "../../tools/engine/compare";
import { EngineRun, EngineStack } from "../../tools/engine/harness";
import { evaluateOffline } from "../../tools/engine/offline-plan";
import { readCalls } from "../../tools/engine/stub/call-log";
import { diagnostics, pulumiBinary, servicesEdit } from "./engine-kit";

const FEATURES = {
    ...servicesEdit("dev", {
        bff: { imageTag: "1.4.2", exec: true, grants: { queues: ["reports"] }, scaling: { requestsPerTarget: 500 } },
        agentcore: { imageTag: "2.0.1", cpuArchitecture: "ARM64" },
        reports: { kind: "worker", cpu: 512, memory: 1024, imageTag: "1.0.0", queue: { messagesPerTask: 50 } },
    }),
    "ecs-platform:tracing": {
        enabled: true,
        collectorImage: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${"ab".repeat(32)}`,
    },
    "ecs-platform:scaling": {
        timeZone: "Europe/Berlin",
        schedules: [{ name: "night", schedule: "cron(0 20 ? * MON-FRI *)", minCount: 0, maxCount: 0 }],
    },
};

describe("engine: dev with every optional per-service feature, up / preview / destroy against the evaluator", function () {
    let engine: EngineStack;
    let up: EngineRun;

    before(async () => {
        engine = await EngineStack.create({ stack: "dev", pulumiBinary: pulumiBinary(), config: FEATURES });
        up = await engine.up({ policyPack: false });
    });
    after(() => engine?.remove());

    it("up succeeds and creates the features' resources", async () => {
        assert.strictEqual(up.error, undefined, `${up.error?.message}\n${diagnostics(up.events).join("\n")}`);
        const types = new Set((await engine.exportResources()).map((r) => r.type));
        for (const type of [
            "aws:sqs/queue:Queue",
            "aws:sqs/queuePolicy:QueuePolicy",
            "aws:appautoscaling/scheduledAction:ScheduledAction",
            "aws:cloudwatch/dashboard:Dashboard",
            "ecs-platform:compute:ExecAudit",
            "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
        ]) {
            assert.ok(types.has(type), type);
        }
    });

    it("the engine's resource set and inputs are the evaluator's, URN for URN and property by property", async () => {
        const exported = await engine.exportResources();
        const evaluated = evaluateOffline({ stack: "dev", projectDir: engine.projectDir });
        const delta = multisetDelta(
            exported.map((r) => r.urn).filter((u) => !engineOnly(u)),
            evaluated.map((r) => r.urn),
            (u) => u,
        );
        assert.deepStrictEqual(delta, { onlyA: [], onlyB: [] }, "onlyA: the engine's; onlyB: the evaluator's");
        assert.deepStrictEqual(inputDelta(exported, evaluated), []);
    });

    it("a preview right after the up changes nothing, and no stub call failed", async () => {
        const again = await engine.preview({ policyPack: false });
        assert.strictEqual(again.error, undefined, again.error?.message);
        assert.deepStrictEqual([...engineSteps(again.events)], []);
        assert.deepStrictEqual(
            readCalls(engine.callLog).filter((c) => c.error !== undefined),
            [],
        );
    });

    it("destroy removes every resource", async () => {
        const destroyed = await engine.destroy();
        assert.strictEqual(destroyed.error, undefined, destroyed.error?.message);
        assert.deepStrictEqual(
            (await engine.exportResources()).map((r) => r.urn),
            [],
        );
    });
});
