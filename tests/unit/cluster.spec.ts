/**
 * The ECS cluster (components/cluster.ts) on every stack: Container Insights, the two Fargate
 * capacity providers with a 70/30 default strategy and an on-demand base, services placed by that
 * strategy (never by launch type) and created after the association, and the Cloud Map namespace.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { COMPONENTS, SERVICE_KEYS, serviceParts } from "../support/architecture";
import { dependsOn, input, ofType, referencedOne, single } from "../support/graph";

type StrategyItem = { capacityProvider: string; base?: number; weight: number };

/** FARGATE first; no base on Spot (ECS allows a base on one provider only). */
function assertSeventyThirty(strategy: StrategyItem[], where: string): void {
    const byProvider = new Map(strategy.map((s) => [s.capacityProvider, s]));
    assert.deepStrictEqual([...byProvider.keys()].sort(), ["FARGATE", "FARGATE_SPOT"], where);
    const onDemand = byProvider.get("FARGATE")!;
    const spot = byProvider.get("FARGATE_SPOT")!;
    assert.strictEqual(onDemand.weight, 70, `${where}: FARGATE weight`);
    assert.strictEqual(spot.weight, 30, `${where}: FARGATE_SPOT weight`);
    assert.ok((onDemand.base ?? 0) >= 1, `${where}: FARGATE base ${onDemand.base} keeps no task on on-demand`);
    assert.ok(!spot.base, `${where}: FARGATE_SPOT must not carry the base`);
}

for (const stackName of STACKS) {
    describe(`T017 EcsCluster (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T011 cluster has Container Insights enabled", () => {
            const cluster = single(stack, AWS_TYPE.ecs.Cluster);
            const settings: { name: string; value: string }[] = input(cluster, "settings");
            const insights = settings.filter((s) => s.name === "containerInsights");
            assert.strictEqual(insights.length, 1);
            assert.ok(["enabled", "enhanced"].includes(insights[0].value), `containerInsights=${insights[0].value}`);
            assert.strictEqual(input(cluster, "name"), `ecs-platform-${stackName}`);
        });

        it("T012 T013 T014 FARGATE and FARGATE_SPOT are associated with the cluster", () => {
            const association = single(stack, AWS_TYPE.ecs.ClusterCapacityProviders);
            assert.deepStrictEqual([...input(association, "capacityProviders")].sort(), ["FARGATE", "FARGATE_SPOT"]);
            const cluster = referencedOne(stack, association, "clusterName", AWS_TYPE.ecs.Cluster);
            assert.strictEqual(cluster.urn, single(stack, AWS_TYPE.ecs.Cluster).urn);
        });

        it("T012 T013 default strategy is FARGATE 70 (base >= 1) / FARGATE_SPOT 30", () => {
            const association = single(stack, AWS_TYPE.ecs.ClusterCapacityProviders);
            assertSeventyThirty(input(association, "defaultCapacityProviderStrategies"), "cluster default strategy");
        });

        it("T012 T013 services use the capacity provider strategy, never a launch type", () => {
            const association = single(stack, AWS_TYPE.ecs.ClusterCapacityProviders);
            for (const key of SERVICE_KEYS) {
                const { service } = serviceParts(stack, key);
                assert.strictEqual(input(service, "launchType"), undefined, `${key}: launchType is set`);
                const strategy: StrategyItem[] = input(service, "capacityProviderStrategies");
                assertSeventyThirty(strategy, `${key} service strategy`);
                assert.deepStrictEqual(strategy, input(association, "defaultCapacityProviderStrategies"), key);
            }
        });

        it("T014 services are created after the capacity-provider association", () => {
            const association = single(stack, AWS_TYPE.ecs.ClusterCapacityProviders);
            const services = ofType(stack, AWS_TYPE.ecs.Service);
            assert.strictEqual(services.length, 2);
            for (const service of services) {
                assert.ok(service.dependencies.includes(association.urn), `${service.name} does not wait for it`);
                assert.strictEqual(
                    referencedOne(stack, service, "cluster", AWS_TYPE.ecs.Cluster).type,
                    AWS_TYPE.ecs.Cluster,
                );
            }
        });

        it("T032 Cloud Map private DNS namespace `local` lives in the platform VPC", () => {
            const namespace = single(stack, AWS_TYPE.servicediscovery.PrivateDnsNamespace);
            assert.strictEqual(input(namespace, "name"), "local");
            const vpc = referencedOne(stack, namespace, "vpc", AWS_TYPE.ec2.Vpc);
            assert.strictEqual(input(namespace, "vpc"), vpc.id);
            assert.strictEqual(namespace.parent, single(stack, COMPONENTS.cluster).urn);
        });

        it("T014 the association waits for the cluster it configures", () => {
            const association = single(stack, AWS_TYPE.ecs.ClusterCapacityProviders);
            assert.ok(dependsOn(association, single(stack, AWS_TYPE.ecs.Cluster)));
        });
    });
}
