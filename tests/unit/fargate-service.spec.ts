/**
 * The two ECS services (components/fargate-service.ts) on every stack: placement in the tier's
 * private subnets, rolling deployments with the circuit breaker, the BFF's target group and listener
 * rule on the public ALB, AgentCore's Cloud Map name, and target-tracking autoscaling. Counts (2,
 * min 2, max 10) apply once an image tag is configured: see bootstrap.spec.ts.
 */
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import {
    childOf,
    component,
    dependsOn,
    input,
    ofType,
    output,
    referenced,
    referencedOne,
    securityGroupRules,
    single,
} from "../support/graph";
import { COMPONENTS, SERVICE_KEYS, serviceParts, SERVICES } from "../support/architecture";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

/** What each committed stack's defaults resolve to (config/deployment.ts ROLLOUT_DEFAULTS). */
const EXPECTED_ROLLOUT = {
    dev: {
        bff: { strategy: "ROLLING", min: 50, text: "50 % / 200 %" },
        agentcore: { strategy: "ROLLING", min: 50, text: "50 % / 200 %" },
    },
    test: {
        bff: { strategy: "CANARY", min: 100, text: "10 % for 5 min, bake 10 min" },
        agentcore: { strategy: "ROLLING", min: 50, text: "50 % / 200 %" },
    },
    prod: {
        bff: { strategy: "CANARY", min: 100, text: "10 % for 5 min, bake 10 min" },
        agentcore: { strategy: "ROLLING", min: 100, text: "100 % / 200 %" },
    },
} as const;

/** The target group the service names as primary (a traffic-shifting strategy adds an alternate). */
function primaryGroup(stack: EvaluatedStack, service: EvaluatedResource): EvaluatedResource {
    const arn = input(service, "loadBalancers")[0].targetGroupArn;
    const found = referenced(stack, service, "loadBalancers", AWS_TYPE.lb.TargetGroup).filter(
        (g) => output(g, "arn") === arn,
    );
    assert.strictEqual(found.length, 1, "primary target group");
    return found[0];
}

for (const stackName of STACKS) {
    describe(`T040 FargateService (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T033 T034 T008 no task starts before every VPC endpoint exists (image pull, logs, secrets)", () => {
            const endpoints = ofType(stack, AWS_TYPE.ec2.VpcEndpoint);
            assert.strictEqual(endpoints.length, 9, "S3 gateway + 8 interface endpoints");
            for (const key of SERVICE_KEYS) {
                const { service } = serviceParts(stack, key);
                const missing = endpoints.filter((e) => !dependsOn(service, e)).map((e) => e.name);
                assert.deepStrictEqual(missing, [], `${key} service does not wait for`);
            }
        });

        for (const key of SERVICE_KEYS) {
            const tier = key === "bff" ? "PrivateApp" : "PrivateAgent";

            it(`T033 T034 T054 ${key} tasks run in the ${tier} subnets ${SERVICES[key].subnetCidrs.join(", ")}, two AZs, no public IP`, () => {
                const { service } = serviceParts(stack, key);
                const subnets = referenced(stack, service, "networkConfiguration", AWS_TYPE.ec2.Subnet);
                assert.deepStrictEqual(subnets.map((s) => input(s, "cidrBlock")).sort(), SERVICES[key].subnetCidrs);
                assert.deepStrictEqual(
                    [...input(service, "networkConfiguration", "subnets")].sort(),
                    subnets.map((s) => s.id).sort(),
                );
                assert.strictEqual(new Set(subnets.map((s) => input(s, "availabilityZone"))).size, 2);
                assert.strictEqual(input(service, "networkConfiguration", "assignPublicIp"), false);
                for (const subnet of subnets) assert.strictEqual(input(subnet, "mapPublicIpOnLaunch"), false);
            });

            it(`T033 T034 T054 ${key} tasks use only the ${key} security group`, () => {
                const { service } = serviceParts(stack, key);
                const groups = referenced(stack, service, "networkConfiguration", AWS_TYPE.ec2.SecurityGroup);
                assert.strictEqual(groups.length, 1);
                assert.deepStrictEqual(input(service, "networkConfiguration", "securityGroups"), [groups[0].id]);
                assert.strictEqual(groups[0].parent, single(stack, COMPONENTS.securityGroups).urn);
                assert.match(input(groups[0], "description"), key === "bff" ? /^BFF tasks/ : /^AgentCore tasks/);
            });

            it(`T033 T034 T054 ${key} is created after every rule of its security group (tasks need egress to pull images)`, () => {
                const { service } = serviceParts(stack, key);
                const [group] = referenced(stack, service, "networkConfiguration", AWS_TYPE.ec2.SecurityGroup);
                const rules = securityGroupRules(stack).filter((r) => r.group?.urn === group.urn);
                assert.ok(rules.length >= 3);
                for (const { resource } of rules) assert.ok(dependsOn(service, resource), `${resource.name}`);
            });

            const rollout = EXPECTED_ROLLOUT[stackName][key];
            it(`T033 T034 ${key} rolls out ${rollout.strategy} (${rollout.text}), rolling back by itself`, () => {
                const { service } = serviceParts(stack, key);
                assert.strictEqual(input(service, "deploymentConfiguration", "strategy"), rollout.strategy);
                assert.strictEqual(input(service, "deploymentMinimumHealthyPercent"), rollout.min);
                assert.strictEqual(input(service, "deploymentMaximumPercent"), 200);
                // The circuit breaker is rolling-only; traffic-shifting strategies rely on the alarms.
                assert.deepStrictEqual(
                    input(service, "deploymentCircuitBreaker"),
                    rollout.strategy === "ROLLING" ? { enable: true, rollback: true } : undefined,
                );
                assert.strictEqual(input(service, "alarms", "enable"), true);
                assert.strictEqual(input(service, "alarms", "rollback"), true);
                assert.strictEqual(input(service, "deploymentController"), undefined, "the ECS controller (default)");
            });

            it(`T035 T036 ${key} leaves desiredCount to autoscaling after creation`, () => {
                const { service } = serviceParts(stack, key);
                assert.ok(service.ignoreChanges.includes("desiredCount"));
            });

            it(`T035 T036 ${key} scales on CPU 70 % and memory 80 % with 300 s cooldowns`, () => {
                const parent = component(stack, COMPONENTS.service, key);
                const { service } = serviceParts(stack, key);
                const target = childOf(stack, parent, AWS_TYPE.appautoscaling.Target);
                assert.strictEqual(input(target, "serviceNamespace"), "ecs");
                assert.strictEqual(input(target, "scalableDimension"), "ecs:service:DesiredCount");
                const cluster = single(stack, AWS_TYPE.ecs.Cluster);
                assert.strictEqual(
                    input(target, "resourceId"),
                    `service/${output(cluster, "name")}/${output(service, "name")}`,
                );
                const policies = stack.resources.filter(
                    (r) =>
                        r.type === AWS_TYPE.appautoscaling.Policy &&
                        referenced(stack, r, "resourceId").includes(target),
                );
                const byMetric = Object.fromEntries(
                    policies.map((p) => {
                        assert.strictEqual(input(p, "policyType"), "TargetTrackingScaling");
                        const c = input(p, "targetTrackingScalingPolicyConfiguration");
                        assert.strictEqual(c.scaleInCooldown, 300, p.name);
                        assert.strictEqual(c.scaleOutCooldown, 300, p.name);
                        assert.notStrictEqual(c.disableScaleIn, true, p.name);
                        return [c.predefinedMetricSpecification.predefinedMetricType, c.targetValue];
                    }),
                );
                assert.deepStrictEqual(byMetric, {
                    ECSServiceAverageCPUUtilization: 70,
                    ECSServiceAverageMemoryUtilization: 80,
                });
            });
        }

        it("T031 BFF target group: ip targets on 3000, /api/health every 30 s, 3 to fail, 2 to pass, short drain", () => {
            const { service } = serviceParts(stack, "bff");
            const group = primaryGroup(stack, service);
            assert.strictEqual(input(group, "targetType"), "ip");
            assert.strictEqual(input(group, "port"), 3000);
            assert.strictEqual(input(group, "protocol"), "HTTP");
            const health = input(group, "healthCheck");
            assert.strictEqual(health.path, "/api/health");
            assert.strictEqual(health.interval, 30);
            assert.strictEqual(health.unhealthyThreshold, 3);
            assert.strictEqual(health.healthyThreshold, 2);
            assert.notStrictEqual(health.enabled, false);
            // Spot gives two minutes' notice: draining must finish well inside it.
            assert.ok(
                input(group, "deregistrationDelay") <= 60,
                `deregistrationDelay ${input(group, "deregistrationDelay")}`,
            );
            assert.strictEqual(referencedOne(stack, group, "vpcId", AWS_TYPE.ec2.Vpc).type, AWS_TYPE.ec2.Vpc);
            const [binding] = input(service, "loadBalancers");
            assert.deepStrictEqual(
                { ...binding, advancedConfiguration: undefined },
                {
                    targetGroupArn: output(group, "arn"),
                    containerName: "bff",
                    containerPort: 3000,
                    advancedConfiguration: undefined,
                },
            );
            assert.strictEqual(input(service, "loadBalancers").length, 1);
        });

        it("T031 T055 BFF target group is attached to the entry ALB's listener by a forwarding rule", () => {
            const { service } = serviceParts(stack, "bff");
            const group = primaryGroup(stack, service);
            const rule = single(stack, AWS_TYPE.lb.ListenerRule);
            const alternate = input(service, "loadBalancers")[0].advancedConfiguration?.alternateTargetGroupArn;
            // Rolling: a plain forward; traffic shifting: a weighted forward over both groups, all on the primary.
            assert.deepStrictEqual(
                input(rule, "actions"),
                alternate === undefined
                    ? [{ type: "forward", targetGroupArn: output(group, "arn") }]
                    : [
                          {
                              type: "forward",
                              forward: {
                                  targetGroups: [
                                      { arn: output(group, "arn"), weight: 1 },
                                      { arn: alternate, weight: 0 },
                                  ],
                              },
                          },
                      ],
            );
            assert.strictEqual(alternate === undefined, EXPECTED_ROLLOUT[stackName].bff.strategy === "ROLLING");
            const listener = referencedOne(stack, rule, "listenerArn", AWS_TYPE.lb.Listener);
            const alb = referencedOne(stack, listener, "loadBalancerArn", AWS_TYPE.lb.LoadBalancer);
            // edge.mode vpcOrigin (the committed stacks): CloudFront reaches it through a VPC origin.
            assert.strictEqual(input(alb, "internal"), true);
            assert.strictEqual(input(alb, "loadBalancerType"), "application");
            // ECS rejects a target group no load balancer routes to yet.
            assert.ok(service.dependencies.includes(rule.urn), "the service does not wait for the listener rule");
            assert.ok((input(service, "healthCheckGracePeriodSeconds") ?? 0) > 0);
        });

        it("T032 T034 AgentCore registers in Cloud Map as `agentcore` in namespace `local` (agentcore.local)", () => {
            const { service } = serviceParts(stack, "agentcore");
            assert.strictEqual(input(service, "loadBalancers"), undefined, "AgentCore must not be behind the ALB");
            const discovery = referencedOne(stack, service, "serviceRegistries", AWS_TYPE.servicediscovery.Service);
            assert.strictEqual(input(discovery, "name"), "agentcore");
            const dns = input(discovery, "dnsConfig");
            assert.deepStrictEqual(
                dns.dnsRecords.map((r: { type: string }) => r.type),
                ["A"],
            );
            const namespace = referencedOne(
                stack,
                discovery,
                "dnsConfig",
                AWS_TYPE.servicediscovery.PrivateDnsNamespace,
            );
            assert.strictEqual(input(namespace, "name"), "local");
            assert.strictEqual(dns.namespaceId, namespace.id);
            assert.deepStrictEqual(input(service, "serviceRegistries"), { registryArn: output(discovery, "arn") });
        });

        it("T033 the BFF is not in Cloud Map; the only way in is the ALB", () => {
            assert.strictEqual(input(serviceParts(stack, "bff").service, "serviceRegistries"), undefined);
        });
    });
}
