import * as assert from "assert";
import { costInputsOf, CostInputs, DEFAULT_USAGE, estimateCost, splitTasks } from "../../../tools/plan/cost";
import { PlanGraph } from "../../../tools/plan/graph";
import { PRICES } from "../../../tools/plan/prices";
import { getEvaluatedStack } from "../../support/evaluated-stacks";

const STRATEGY = [
    { capacityProvider: "FARGATE", base: 1, weight: 70 },
    { capacityProvider: "FARGATE_SPOT", base: 0, weight: 30 },
];

const close = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 0.006, `${actual} is not ${expected} (to the cent)`);

describe("plan: cost model", () => {
    describe("FARGATE/FARGATE_SPOT split: base first, then weights", () => {
        it("fills the base on FARGATE, then shares the rest 70:30", () => {
            // 10 tasks: 1 base + 9 × 0.7 = 7.3 on-demand, 9 × 0.3 = 2.7 Spot.
            const s = splitTasks(10, STRATEGY);
            close(s.onDemand, 7.3);
            close(s.spot, 2.7);
        });
        it("puts everything on FARGATE while the count is within the base", () => {
            assert.deepStrictEqual(splitTasks(2, [{ ...STRATEGY[0], base: 2 }, STRATEGY[1]]), { onDemand: 2, spot: 0 });
            assert.deepStrictEqual(splitTasks(0, STRATEGY), { onDemand: 0, spot: 0 });
        });
        it("honours a base on the Spot provider and an all-Spot strategy", () => {
            const spotBase = splitTasks(4, [
                { capacityProvider: "FARGATE_SPOT", base: 2, weight: 1 },
                { capacityProvider: "FARGATE", base: 0, weight: 1 },
            ]);
            assert.deepStrictEqual(spotBase, { onDemand: 1, spot: 3 });
            assert.deepStrictEqual(splitTasks(5, [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }]), {
                onDemand: 0,
                spot: 5,
            });
        });
    });

    it("computes a hand-checked month for one service, the ALB and the endpoints", () => {
        const inputs: CostInputs = {
            services: [
                {
                    name: "api",
                    vcpu: 1,
                    memoryGb: 2,
                    minTasks: 2,
                    maxTasks: 10,
                    strategy: STRATEGY,
                    discoverable: true,
                },
            ],
            loadBalancers: 1,
            interfaceEndpoints: [
                { serviceName: "a", azs: 2 },
                { serviceName: "b", azs: 3 },
            ],
            natGateways: 0,
            cloudFrontDistributions: 0,
            edge: { webAcls: [], vpcOrigins: 0 },
        };
        const c = estimateCost(inputs);
        const line = (item: string) => c.lines.find((l) => l.item === item)!;
        // Task-hour: 1 × 0.04048 + 2 × 0.004445 = 0.04937; × 730 h = 36.0401 a month.
        // Min 2 tasks: 1.7 on-demand + 0.3 Spot at 30 % of the price = 1.79 task-months = 64.51.
        // Max 10 tasks: 7.3 + 2.7 × 0.3 = 8.11 task-months = 292.29.
        close(line("Fargate api").minUsd, 64.51);
        close(line("Fargate api").maxUsd, 292.29);
        // ALB: (0.0225 + 1 LCU × 0.008) × 730 = 22.265.
        close(line("Application Load Balancer").minUsd, 22.27);
        // Endpoints: (2 + 3) endpoint-AZs × 0.01 × 730 = 36.50.
        close(line("VPC interface endpoints").minUsd, 36.5);
        // Cloud Map: 2 / 10 registered instances × 0.10.
        close(line("Cloud Map").minUsd, 0.2);
        close(line("Cloud Map").maxUsd, 1.0);
        // Logs: 1 GB per task-month × 0.50.
        close(line("CloudWatch Logs ingestion").maxUsd, 5.0);
        assert.strictEqual(line("NAT gateways").maxUsd, 0);
        assert.strictEqual(
            c.lines.find((l) => l.item === "CloudFront"),
            undefined,
        );
        close(c.totalMinUsd, 64.51 + 22.27 + 36.5 + 0.2 + 1.0);
        close(c.totalMaxUsd, 292.29 + 22.27 + 36.5 + 1.0 + 5.0);
    });

    it("prices NAT gateways and CloudFront requests when the graph has them", () => {
        const c = estimateCost({
            services: [],
            loadBalancers: 0,
            interfaceEndpoints: [],
            natGateways: 2,
            cloudFrontDistributions: 1,
            edge: { webAcls: [], vpcOrigins: 0 },
        });
        // 2 × 0.045 × 730 = 65.70; 1M requests / 10k × 0.01 + 10 GB × 0.085 = 1.85.
        close(c.lines.find((l) => l.item === "NAT gateways")!.minUsd, 65.7);
        close(c.lines.find((l) => l.item === "CloudFront")!.minUsd, 1.85);
    });

    it("states its dated source, the Spot assumption and every unverified price", () => {
        const c = estimateCost({
            services: [],
            loadBalancers: 1,
            interfaceEndpoints: [],
            natGateways: 0,
            cloudFrontDistributions: 0,
            edge: { webAcls: [], vpcOrigins: 0 },
        });
        assert.strictEqual(c.pricesAsOf, PRICES.asOf);
        assert.strictEqual(c.region, "us-east-1");
        assert.ok(c.assumptions.some((a) => /up to 70%/.test(a)));
        for (const [key, price] of Object.entries(PRICES.prices)) {
            assert.ok(price.source.length > 0, `${key} has a source`);
            if (!price.verified)
                assert.ok(
                    c.assumptions.some((a) => a.startsWith(`${key} =`)),
                    `${key} is stated`,
                );
        }
        assert.deepStrictEqual(DEFAULT_USAGE, {
            albLcuPerHour: 1,
            logsGbPerTaskMonth: 1,
            cloudFrontRequestsPerMonth: 1_000_000,
            cloudFrontDataOutGbPerMonth: 10,
            wafLogGbPerMillionRequests: 1,
            sqsRequestsPerQueueMonth: 3_000_000,
        });
    });

    it("reads sizes, counts, the split and the endpoints from the evaluated dev stack", async () => {
        const inputs = costInputsOf(new PlanGraph(await getEvaluatedStack("dev")));
        assert.deepStrictEqual(
            inputs.services.map((s) => [s.name, s.vcpu, s.memoryGb, s.minTasks, s.maxTasks, s.discoverable]).sort(),
            [
                ["agentcore", 0.5, 1, 2, 10, true],
                ["bff", 0.5, 1, 2, 10, false],
            ],
        );
        // Bootstrap mode (no image tag) pins the services at 0 tasks; the estimate uses the configured counts.
        assert.ok(inputs.services.every((s) => s.countsFrom === "config"));
        assert.deepStrictEqual(inputs.services[0].strategy, STRATEGY);
        const endpoints = inputs.interfaceEndpoints.map((e) => e.serviceName.replace("com.amazonaws.us-east-1.", ""));
        for (const service of [
            "ecr.api",
            "ecr.dkr",
            "logs",
            "ssm",
            "sts",
            "bedrock-runtime",
            "bedrock-agent-runtime",
        ]) {
            assert.ok(endpoints.includes(service), service);
        }
        assert.ok(inputs.interfaceEndpoints.every((e) => e.azs === 2));
        assert.strictEqual(inputs.loadBalancers, 1);
        assert.strictEqual(inputs.natGateways, 0);
        assert.strictEqual(inputs.cloudFrontDistributions, 1);
    });

    it("totals grow from dev to prod with the task sizes once the services run", async () => {
        const totals = [];
        for (const stack of ["dev", "test", "prod"] as const) {
            const inputs = costInputsOf(new PlanGraph(await getEvaluatedStack(stack)));
            // As after the first image tag: the configured counts run.
            const running = {
                ...inputs,
                services: inputs.services.map((s) => ({ ...s, countsFrom: "graph" as const })),
            };
            totals.push(estimateCost(running).totalMaxUsd);
        }
        assert.ok(totals[0] < totals[1] && totals[1] < totals[2], `${totals}`);
    });
});
