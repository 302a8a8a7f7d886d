/**
 * Rollouts (config `deployment`, components/deployment-configuration.ts, deployment-alarms.ts) on
 * every stack and for every strategy: what ECS is told (strategy, bake, steps, circuit breaker,
 * alarms with rollback), that `pulumi up` waits with timeouts sized from the rollout (and does not
 * wait in bootstrap mode), the alternate target group, weighted production rule and ECS
 * infrastructure role of the traffic-shifting strategies, and the alarms that watch exactly this
 * service. Each variant also passes the stack's policy config with 0 mandatory violations and the
 * AWS-limits lint with 0 errors.
 */
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { rolloutFigures, TASK_START_SECONDS } from "../../policy-pack/lib/rollout";
import { gateFindings } from "../support/deploy-gate";
import { getEvaluatedStack, StackName, STACKS } from "../support/evaluated-stacks";
import { childrenOf, component, input, ofType, output, referenced, referencedOne, single } from "../support/graph";
import { COMPONENTS, serviceParts } from "../support/architecture";
import { evaluateVariant, withImageTags } from "../support/variants";

/** The stack with every service's image configured; `rollouts`: `services.<name>.deployment` by service. */
const withImages = (stack: StackName, rollouts: Record<string, Record<string, unknown>> = {}) => ({
    stack,
    configOverrides: withImageTags(
        stack,
        Object.fromEntries(Object.entries(rollouts).map(([name, deployment]) => [name, { deployment }])),
    ),
});

/** Key-order-insensitive equality of two dimension maps. */
const sameDimensions = (a: unknown, b: Record<string, unknown>) =>
    typeof a === "object" &&
    a !== null &&
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function alarmsOf(stack: EvaluatedStack, key: "bff" | "agentcore"): EvaluatedResource[] {
    return childrenOf(stack, component(stack, COMPONENTS.service, key), AWS_TYPE.cloudwatch.MetricAlarm);
}

for (const stackName of STACKS) {
    describe(`Rollouts, committed stack (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        for (const key of ["bff", "agentcore"] as const) {
            it(`${key}: bootstrap mode (0 tasks) does not wait for steady state, so the first up completes at once`, () => {
                const { service } = serviceParts(stack, key);
                assert.strictEqual(input(service, "desiredCount"), 0);
                assert.strictEqual(input(service, "waitForSteadyState"), false);
                assert.strictEqual(input(service, "sigintRollback"), false);
            });

            it(`${key}: deployment alarms with rollback name exactly the alarms this service owns`, () => {
                const { service } = serviceParts(stack, key);
                const owned = alarmsOf(stack, key).map((a) => input(a, "name"));
                assert.ok(owned.length >= 2);
                assert.deepStrictEqual([...input(service, "alarms", "alarmNames")].sort(), [...owned].sort());
                for (const name of owned) assert.match(name, new RegExp(`^ecs-platform-${stackName}-${key}-deploy-`));
            });
        }

        it("agentcore: its alarms watch its own CPU and memory (ClusterName + ServiceName of this service)", () => {
            const { service } = serviceParts(stack, "agentcore");
            const alarms = alarmsOf(stack, "agentcore");
            assert.deepStrictEqual(alarms.map((a) => input(a, "metricName")).sort(), [
                "CPUUtilization",
                "MemoryUtilization",
            ]);
            const cluster = single(stack, AWS_TYPE.ecs.Cluster);
            for (const a of alarms) {
                assert.strictEqual(input(a, "namespace"), "AWS/ECS");
                assert.deepStrictEqual(input(a, "dimensions"), {
                    ClusterName: output(cluster, "name"),
                    ServiceName: output(service, "name"),
                });
                assert.strictEqual(input(a, "threshold"), 90);
                assert.strictEqual(input(a, "treatMissingData"), "notBreaching");
            }
        });

        it("bff: 5xx rate, unhealthy targets and p99 response time on every target group it can serve from", () => {
            const { service } = serviceParts(stack, "bff");
            const groups = referenced(stack, service, "loadBalancers", AWS_TYPE.lb.TargetGroup);
            assert.strictEqual(groups.length, stackName === "dev" ? 1 : 2);
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            const alarms = alarmsOf(stack, "bff");
            assert.strictEqual(alarms.length, 3 * groups.length);
            for (const group of groups) {
                const dims = { TargetGroup: output(group, "arnSuffix"), LoadBalancer: output(alb, "arnSuffix") };
                const mine = alarms.filter(
                    (a) =>
                        sameDimensions(input(a, "dimensions"), dims) ||
                        (input(a, "metricQueries") ?? []).some((q: { metric?: { dimensions: unknown } }) =>
                            sameDimensions(q.metric?.dimensions, dims),
                        ),
                );
                assert.strictEqual(mine.length, 3, group.name);
                const p99 = mine.find((a) => input(a, "metricName") === "TargetResponseTime");
                assert.strictEqual(input(p99!, "extendedStatistic"), "p99");
                assert.strictEqual(input(p99!, "threshold"), 30);
                const rate = mine.find((a) => input(a, "metricQueries"));
                const expression = input(rate!, "metricQueries").find((q: { returnData: boolean }) => q.returnData);
                assert.match(expression.expression, /IF\(FILL\(requests, 0\) >= 10, 100 \* FILL\(errors, 0\)/);
                assert.strictEqual(input(rate!, "threshold"), 5);
            }
            // Created before the service, so they exist the first time ECS looks them up.
            for (const a of alarms) assert.ok(service.dependencies.includes(a.urn), a.name);
        });

        it("bff: a traffic-shifting strategy gets the alternate group, the weighted pure-forward rule and ECS's role", () => {
            const { service } = serviceParts(stack, "bff");
            const [binding] = input(service, "loadBalancers");
            const rule = single(stack, AWS_TYPE.lb.ListenerRule);
            if (stackName === "dev") {
                assert.strictEqual(binding.advancedConfiguration, undefined);
                assert.deepStrictEqual(rule.ignoreChanges, []);
                return;
            }
            const advanced = binding.advancedConfiguration;
            assert.strictEqual(advanced.productionListenerRule, output(rule, "arn"));
            assert.notStrictEqual(advanced.alternateTargetGroupArn, binding.targetGroupArn);
            const role = referencedOne(stack, service, "loadBalancers", AWS_TYPE.iam.Role);
            assert.strictEqual(advanced.roleArn, output(role, "arn"));
            const attachment = ofType(stack, AWS_TYPE.iam.RolePolicyAttachment).find((a) =>
                referenced(stack, a, "role").includes(role),
            );
            assert.ok(attachment && service.dependencies.includes(attachment.urn), "the service waits for the policy");
            // Offline state as the provider makes it: id PrefixedUniqueId("<role>-"), no name.
            assert.match(attachment!.id ?? "", new RegExp(`^${output(role, "name")}-\\d{26}$`));
            assert.strictEqual(attachment!.outputs.name, undefined);
            assert.match(output(role, "arn"), /^arn:aws:iam::123456789012:role\/bff-ecs-infrastructure-[0-9a-f]{7}$/);
            assert.match(
                input(attachment!, "policyArn"),
                /:iam::aws:policy\/AmazonECSInfrastructureRolePolicyForLoadBalancers$/,
            );
            // ECS moves the weights: an `up` must not move them back.
            assert.deepStrictEqual(rule.ignoreChanges, ["actions[*].forward.targetGroups[*].weight"]);
            assert.strictEqual(input(rule, "actions").length, 1, "a single forward action (no fixed-response mix)");
        });

        it("autoscaling and the capacity split (Spot base) stay as configured under the stack's strategies", () => {
            for (const key of ["bff", "agentcore"] as const) {
                const { service } = serviceParts(stack, key);
                const strategies = input(service, "capacityProviderStrategies");
                assert.strictEqual(
                    strategies.find((s: { capacityProvider: string }) => s.capacityProvider === "FARGATE").base,
                    stackName === "prod" ? 2 : 1,
                );
                assert.ok(service.ignoreChanges.includes("desiredCount"));
            }
        });
    });
}

const STRATEGY_VARIANTS = [
    { name: "rolling", bff: { strategy: "rolling", minimumHealthyPercent: 100, maximumPercent: 150 }, ecs: "ROLLING" },
    {
        name: "canary",
        bff: { strategy: "canary", canaryPercent: 20, canaryBakeTimeMinutes: 4, bakeTimeMinutes: 6 },
        ecs: "CANARY",
    },
    {
        name: "linear",
        bff: { strategy: "linear", linearStepPercent: 30, linearStepBakeTimeMinutes: 2, bakeTimeMinutes: 5 },
        ecs: "LINEAR",
    },
    { name: "blueGreen", bff: { strategy: "blueGreen", bakeTimeMinutes: 15 }, ecs: "BLUE_GREEN" },
] as const;

for (const stackName of STACKS) {
    describe(`Rollouts per strategy (${stackName}, images configured)`, function () {
        this.timeout(60_000);
        for (const variant of STRATEGY_VARIANTS) {
            it(`bff ${variant.name}: ECS gets exactly its parameters, up waits with a timeout sized from them, gates pass`, async () => {
                const stack = await evaluateVariant(withImages(stackName, { bff: variant.bff }));
                const { service } = serviceParts(stack, "bff");
                const config = input(service, "deploymentConfiguration");
                assert.strictEqual(config.strategy, variant.ecs);
                const b = variant.bff as Record<string, number | string>;
                switch (variant.name) {
                    case "rolling":
                        assert.deepStrictEqual(config, { strategy: "ROLLING" });
                        assert.deepStrictEqual(input(service, "deploymentCircuitBreaker"), {
                            enable: true,
                            rollback: true,
                        });
                        assert.strictEqual(input(service, "deploymentMinimumHealthyPercent"), 100);
                        assert.strictEqual(input(service, "deploymentMaximumPercent"), 150);
                        break;
                    case "canary":
                        assert.deepStrictEqual(config.canaryConfiguration, {
                            canaryPercent: 20,
                            canaryBakeTimeInMinutes: "4",
                        });
                        assert.strictEqual(config.bakeTimeInMinutes, "6");
                        break;
                    case "linear":
                        assert.deepStrictEqual(config.linearConfiguration, {
                            stepPercent: 30,
                            stepBakeTimeInMinutes: "2",
                        });
                        assert.strictEqual(config.bakeTimeInMinutes, "5");
                        break;
                    case "blueGreen":
                        assert.strictEqual(config.bakeTimeInMinutes, String(b.bakeTimeMinutes));
                        assert.strictEqual(config.canaryConfiguration, undefined);
                        break;
                }
                if (variant.name !== "rolling") {
                    assert.strictEqual(input(service, "deploymentCircuitBreaker"), undefined, "rolling-only");
                    assert.ok(input(service, "loadBalancers")[0].advancedConfiguration.alternateTargetGroupArn);
                }
                assert.strictEqual(input(service, "waitForSteadyState"), true);
                assert.strictEqual(input(service, "sigintRollback"), true);
                const minutes = Number(/^(\d+)m$/.exec(service.customTimeouts?.update ?? "")?.[1]);
                assert.strictEqual(service.customTimeouts?.create, service.customTimeouts?.update);
                // The timeout covers completing and then rolling back, with every bake in it.
                const bakes =
                    Number(b.bakeTimeMinutes ?? 0) +
                    Number(b.canaryBakeTimeMinutes ?? 0) +
                    (variant.name === "linear" ? 2 * Number(b.linearStepBakeTimeMinutes) : 0);
                assert.ok(minutes > bakes + TASK_START_SECONDS / 60, `${minutes} min for ${bakes} min of bakes`);
                assert.deepStrictEqual(gateFindings(stack, stackName), []);
                // AgentCore keeps rolling (Cloud Map DNS, no traffic to shift).
                const agent = serviceParts(stack, "agentcore").service;
                assert.strictEqual(input(agent, "deploymentConfiguration", "strategy"), "ROLLING");
                assert.strictEqual(input(agent, "waitForSteadyState"), true);
            });
        }
    });
}

describe("Rollout figures (policy-pack/lib/rollout.ts)", () => {
    const base = {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        desiredCount: 2,
        healthCheckGraceSeconds: 60,
        targetHealthySeconds: 60,
        deregistrationDelaySeconds: 30,
        alarmWindowMinutes: 3,
    };
    it("canary: two shifts (10 % for 5 min, then 100 % and the bake), twice the tasks at the peak", () => {
        const f = rolloutFigures({
            ...base,
            strategy: "CANARY",
            canaryPercent: 10,
            canaryBakeTimeMinutes: 5,
            bakeTimeMinutes: 10,
        });
        assert.deepStrictEqual(f.steps, [
            { trafficPercent: 10, bakeMinutes: 5 },
            { trafficPercent: 100, bakeMinutes: 10 },
        ]);
        assert.strictEqual(f.peakTasks, 4);
        // 180 s start + 60 s health + 15 min of bakes + 30 s drain = 19.5 min; roll back 1.5 min.
        assert.strictEqual(f.completeMinutes, 19.5);
        assert.strictEqual(f.rollbackMinutes, 1.5);
        assert.strictEqual(f.timeoutMinutes, Math.ceil(1.5 * 21) + 5);
    });
    it("linear: bakes after every step but the last (CloudFormation's formula), 30 % steps end at 100 %", () => {
        const f = rolloutFigures({
            ...base,
            strategy: "LINEAR",
            linearStepPercent: 30,
            linearStepBakeTimeMinutes: 2,
            bakeTimeMinutes: 5,
        });
        assert.deepStrictEqual(
            f.steps.map((s) => s.trafficPercent),
            [30, 60, 90, 100],
        );
        assert.deepStrictEqual(
            f.steps.map((s) => s.bakeMinutes),
            [2, 2, 2, 5],
        );
    });
    it("rolling: waves from the headroom; 50/200 is one wave, 100/150 two, and the alarm window extends it", () => {
        const one = rolloutFigures({ ...base, strategy: "ROLLING", minimumHealthyPercent: 50 });
        const two = rolloutFigures({ ...base, strategy: "ROLLING", maximumPercent: 150 });
        assert.strictEqual(one.waves, 1);
        assert.strictEqual(two.waves, 2);
        assert.strictEqual(one.peakTasks, 4);
        assert.strictEqual(two.peakTasks, 3);
        assert.strictEqual(one.completeMinutes, 4.5 + 3);
        assert.ok(two.completeMinutes > one.completeMinutes);
    });
    it("rolling with no headroom (100/100) never completes: the figures say so instead of a number", () => {
        const f = rolloutFigures({ ...base, strategy: "ROLLING", maximumPercent: 100 });
        assert.strictEqual(f.timeoutMinutes, Number.POSITIVE_INFINITY);
    });
});
