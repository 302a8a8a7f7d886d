/**
 * CPU architecture per service (`services.<name>.cpuArchitecture`, stack default
 * `ecs-platform:runtime.cpuArchitecture`, X86_64 unless set): the task definition's
 * runtimePlatform, the capacity strategy that stays valid for ARM64 (FARGATE_SPOT supports ARM64
 * on platform version 1.4.0, which LATEST is), and the plan's cost at the Linux/ARM rates.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import type { EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { buildStackPlan } from "../../tools/plan/analysis";
import { CostInputs, estimateCost } from "../../tools/plan/cost";
import { PlanGraph } from "../../tools/plan/graph";
import { assertRejected, serviceOf, services, validRaw } from "../config/config-test-kit";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { evaluateVariant, withImageTags } from "../support/variants";

const close = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 0.006, `${actual} is not ${expected} (to the cent)`);

function taskDefinitionOf(stack: EvaluatedStack, service: string): Record<string, unknown> {
    const g = new PlanGraph(stack);
    const td = g.ofType(AWS_TYPE.ecs.TaskDefinition).find((t) => serviceOfTags(g.props(t).tags)?.service === service);
    assert.ok(td, `no task definition of ${service}`);
    return g.props(td);
}

describe("CPU architecture per service", function () {
    this.timeout(60_000);

    it("defaults to X86_64 when neither the stack nor the service sets it", () => {
        const cfg = parsePlatformConfig(validRaw(services()), "dev");
        assert.deepStrictEqual(
            cfg.services.map((s) => s.cpuArchitecture),
            ["X86_64", "X86_64"],
        );
        assert.strictEqual(cfg.runtime.cpuArchitecture, "X86_64");
    });

    it("takes the stack's default, and a service's own setting over it", () => {
        const cfg = parsePlatformConfig(
            validRaw({
                ...services({ agentcore: { cpuArchitecture: "X86_64" } }),
                "ecs-platform:runtime": { cpuArchitecture: "ARM64" },
            }),
            "dev",
        );
        assert.strictEqual(serviceOf(cfg, "bff").cpuArchitecture, "ARM64");
        assert.strictEqual(serviceOf(cfg, "agentcore").cpuArchitecture, "X86_64");
    });

    it("refuses another value, naming the key and the two allowed", () => {
        assertRejected(
            validRaw(services({ bff: { cpuArchitecture: "arm64" } })),
            "ecs-platform:services.bff.cpuArchitecture",
            '"arm64" is not allowed; allowed: "X86_64", "ARM64"',
        );
        assertRejected(
            validRaw({ ...services(), "ecs-platform:runtime": { cpuArchitecture: "aarch64" } }),
            "ecs-platform:runtime.cpuArchitecture",
            'allowed: "X86_64", "ARM64"',
        );
    });

    for (const stack of STACKS) {
        it(`${stack}: every task definition declares LINUX / X86_64 (the committed stacks set no architecture)`, async () => {
            const evaluated = await getEvaluatedStack(stack);
            for (const s of parsePlatformConfig(evaluated.config, stack).services) {
                assert.deepStrictEqual(taskDefinitionOf(evaluated, s.name).runtimePlatform, {
                    operatingSystemFamily: "LINUX",
                    cpuArchitecture: "X86_64",
                });
            }
        });
    }

    it("an ARM64 service: its task definition, the unchanged Spot strategy, and the plan's cost at ARM rates", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: withImageTags("dev", { agentcore: { cpuArchitecture: "ARM64" } }),
        });
        assert.strictEqual(
            (taskDefinitionOf(stack, "agentcore").runtimePlatform as { cpuArchitecture: string }).cpuArchitecture,
            "ARM64",
        );
        assert.strictEqual(
            (taskDefinitionOf(stack, "bff").runtimePlatform as { cpuArchitecture: string }).cpuArchitecture,
            "X86_64",
        );
        const g = new PlanGraph(stack);
        const service = g
            .ofType(AWS_TYPE.ecs.Service)
            .find((s) => serviceOfTags(g.props(s).tags)?.service === "agentcore")!;
        assert.strictEqual(g.props(service).platformVersion, "LATEST");
        const providers = (g.props(service).capacityProviderStrategies as { capacityProvider: string }[]).map(
            (s) => s.capacityProvider,
        );
        assert.deepStrictEqual(providers.sort(), ["FARGATE", "FARGATE_SPOT"]);

        const lines = buildStackPlan(stack).report.cost!.lines;
        const agent = lines.find((l) => l.item === "Fargate agentcore")!;
        const bff = lines.find((l) => l.item === "Fargate bff")!;
        // dev: 0.5 vCPU / 1 GB, 2-10 tasks, FARGATE base 1 then 70:30 (1.79 / 8.11 task-months).
        // ARM64: 0.5 × 0.03238 + 1 × 0.00356 = 0.01975 per task-hour × 730 = 14.4175 a month.
        close(agent.minUsd, 1.79 * 14.4175);
        close(agent.maxUsd, 8.11 * 14.4175);
        assert.match(agent.detail, /0\.5 vCPU \/ 1 GB ARM64/);
        // X86_64: 0.5 × 0.04048 + 1 × 0.004445 = 0.024685 × 730 = 18.02005 a month.
        close(bff.minUsd, 1.79 * 18.02005);
        assert.doesNotMatch(bff.detail, /ARM64/);
    });

    it("estimateCost: one ARM64 service, all on-demand, hand-computed", () => {
        const inputs: CostInputs = {
            services: [
                {
                    name: "api",
                    vcpu: 1,
                    memoryGb: 2,
                    cpuArchitecture: "ARM64",
                    minTasks: 2,
                    maxTasks: 4,
                    strategy: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
                    discoverable: false,
                },
            ],
            loadBalancers: 0,
            interfaceEndpoints: [],
            natGateways: 0,
            cloudFrontDistributions: 0,
            edge: { webAcls: [], vpcOrigins: 0 },
        };
        const line = estimateCost(inputs).lines.find((l) => l.item === "Fargate api")!;
        // (1 × 0.03238 + 2 × 0.00356) × 730 = 28.8352 per task-month.
        close(line.minUsd, 2 * 28.8352);
        close(line.maxUsd, 4 * 28.8352);
    });
});
