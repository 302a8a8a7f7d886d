import * as assert from "assert";
import {
    checkResourceLimits,
    evaluateResourceLimits,
    LIMIT_CHECKED_TYPES,
    parseTaskCpu,
    parseTaskMemory,
} from "../../policy-pack/lib/aws-limits";
import { deployLimits, limitWarnings } from "../../policy-pack/limits";
import {
    container,
    expectCannotRun,
    expectClean,
    expectViolations,
    res,
    run,
    taskDefinition,
    UNKNOWN,
} from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

/** Error findings' properties for one resource's inputs. */
function errors(type: string, props: Record<string, unknown>, name = "r"): string[] {
    return checkResourceLimits(type, props, name)
        .filter((f) => f.severity === "error")
        .map((f) => f.property);
}
function warnings(type: string, props: Record<string, unknown>, name = "r"): string[] {
    return checkResourceLimits(type, props, name)
        .filter((f) => f.severity === "warning")
        .map((f) => f.property);
}

describe("limits", () => {
    describe("names after autonaming", () => {
        it("judges the worst-case autoname (logical name + '-' + 7 characters) when `name` is absent", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.alb.LoadBalancer, {}, "a".repeat(24)), []); // 24 + 8 = 32
            assert.deepStrictEqual(errors(AWS_TYPE.alb.LoadBalancer, {}, "a".repeat(25)), ["name"]); // 33
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, {}, "bff-target-group-for-dev-x"), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.iam.Role, {}, "r".repeat(56)), []);
            assert.deepStrictEqual(errors(AWS_TYPE.iam.Role, {}, "r".repeat(57)), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.iam.Policy, {}, "p".repeat(121)), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.cloudwatch.LogGroup, {}, "l".repeat(505)), ["name"]);
        });
        it("judges an explicit name instead of the autoname", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.alb.LoadBalancer, { name: "short" }, "a".repeat(40)), []);
            assert.deepStrictEqual(errors(AWS_TYPE.alb.LoadBalancer, { name: "x".repeat(33) }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.Service, { name: "s".repeat(256) }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.Cluster, { name: "c".repeat(255) }), []);
        });
        it("counts the provider's 26-character id after a name prefix", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.lb.LoadBalancer, { namePrefix: "abcdef" }), []);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.LoadBalancer, { namePrefix: "abcdefg" }), ["namePrefix"]);
            assert.deepStrictEqual(errors(AWS_TYPE.iam.Role, { namePrefix: "x".repeat(39) }), ["namePrefix"]);
        });
        it("checks ELB character sets, hyphen ends and the internal- prefix (load balancers only)", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.alb.LoadBalancer, {}, "public_alb"), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.alb.LoadBalancer, { name: "-alb" }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.LoadBalancer, { name: "internal-api" }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, { name: "internal-api" }), []);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, { name: "tg-" }), ["name"]);
        });
        it("lowercases S3 autonames but not explicit bucket names; applies the S3 rules", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.s3.Bucket, {}, "AccessLogs"), []);
            assert.deepStrictEqual(errors(AWS_TYPE.s3.Bucket, {}, "access_logs"), ["bucket"]);
            assert.deepStrictEqual(errors(AWS_TYPE.s3.Bucket, { bucket: "AccessLogs" }), ["bucket"]);
            for (const bad of ["ab", "a..b", "192.168.1.1", "xn--abc", "logs-s3alias", "-logs"]) {
                assert.ok(errors(AWS_TYPE.s3.Bucket, { bucket: bad }).length > 0, bad);
            }
            assert.deepStrictEqual(errors(AWS_TYPE.s3.BucketV2, { bucket: "ecs-platform-dev-logs" }), []);
            assert.deepStrictEqual(errors(AWS_TYPE.s3.Bucket, { bucketPrefix: "x".repeat(38) }), ["bucketPrefix"]);
        });
        it("checks ECR repository names, IAM characters, security group names and descriptions", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.ecr.Repository, { name: "dev/bff" }), []);
            assert.deepStrictEqual(errors(AWS_TYPE.ecr.Repository, { name: "Dev/BFF" }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.ecr.Repository, { name: "dev//bff" }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.iam.Role, { name: "bad role!" }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.ec2.SecurityGroup, { name: "sg-bff" }), ["name"]);
            assert.deepStrictEqual(errors(AWS_TYPE.ec2.SecurityGroup, { name: "bff", description: "BFF's tasks" }), [
                "description",
            ]);
            assert.deepStrictEqual(
                errors(AWS_TYPE.ec2.SecurityGroup, {
                    name: "bff",
                    ingress: [{ description: "from ALB → BFF" }],
                    egress: [{ description: "ok" }],
                }),
                ["ingress[0].description"],
            );
            assert.deepStrictEqual(errors(AWS_TYPE.cloudwatch.LogGroup, { name: "aws/ecs/x" }), ["name"]);
        });
        it("requires a task definition family (no autoname) and never quotes names in messages", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.TaskDefinition, { ...taskDefinition(), family: undefined }), [
                "family",
            ]);
            const findings = checkResourceLimits(
                AWS_TYPE.alb.LoadBalancer,
                { name: "my-very-long-load-balancer-name-xyz" },
                "r",
            );
            assert.ok(findings.every((f) => !f.message.includes("my-very-long")));
        });
    });

    describe("enumerations", () => {
        it("log retention values and Container Insights settings", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.cloudwatch.LogGroup, { name: "/ecs/x", retentionInDays: 10 }), [
                "retentionInDays",
            ]);
            assert.deepStrictEqual(errors(AWS_TYPE.cloudwatch.LogGroup, { name: "/ecs/x", retentionInDays: 0 }), []);
            assert.deepStrictEqual(errors(AWS_TYPE.cloudwatch.LogGroup, { name: "/ecs/x", retentionInDays: 731 }), []);
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Cluster, { settings: [{ name: "containerInsights", value: "on" }] }),
                ["settings[0].value"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Cluster, { settings: [{ name: "insights", value: "enabled" }] }),
                ["settings[0].name"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Cluster, { settings: [{ name: "containerInsights", value: "enhanced" }] }),
                [],
            );
        });
    });

    describe("target groups", () => {
        const tg = (healthCheck: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
            name: "bff",
            port: 3000,
            healthCheck,
            ...extra,
        });
        it("checks health check ranges and timeout < interval", () => {
            assert.deepStrictEqual(
                errors(
                    AWS_TYPE.lb.TargetGroup,
                    tg({ interval: 30, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 }),
                ),
                [],
            );
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({ interval: 4 })), ["healthCheck.interval"]);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({ interval: 300, timeout: 121 })), [
                "healthCheck.timeout",
            ]);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({ interval: 30, timeout: 30 })), [
                "healthCheck.timeout",
            ]);
            assert.deepStrictEqual(
                errors(AWS_TYPE.lb.TargetGroup, tg({ healthyThreshold: 1, unhealthyThreshold: 11 })),
                ["healthCheck.healthyThreshold", "healthCheck.unhealthyThreshold"],
            );
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({ interval: "thirty" })), [
                "healthCheck.interval",
            ]);
        });
        it("checks deregistration delay (and warns past the Spot notice) and slow start", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({}, { deregistrationDelay: 3601 })), [
                "deregistrationDelay",
            ]);
            assert.deepStrictEqual(warnings(AWS_TYPE.lb.TargetGroup, tg({}, { deregistrationDelay: 300 })), [
                "deregistrationDelay",
            ]);
            assert.deepStrictEqual(warnings(AWS_TYPE.lb.TargetGroup, tg({}, { deregistrationDelay: 60 })), []);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({}, { slowStart: 10 })), ["slowStart"]);
            assert.deepStrictEqual(errors(AWS_TYPE.lb.TargetGroup, tg({}, { slowStart: 0 })), []);
        });
    });

    describe("scaling and capacity providers", () => {
        it("app autoscaling min <= max, ECS dimension and resource id, cooldowns >= 0", () => {
            const ok = {
                minCapacity: 2,
                maxCapacity: 10,
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: "service/main/bff",
            };
            assert.deepStrictEqual(errors(AWS_TYPE.appautoscaling.Target, ok), []);
            assert.deepStrictEqual(errors(AWS_TYPE.appautoscaling.Target, { ...ok, minCapacity: 11 }), ["minCapacity"]);
            assert.deepStrictEqual(
                errors(AWS_TYPE.appautoscaling.Target, {
                    ...ok,
                    scalableDimension: "ecs:service:Count",
                    resourceId: "arn:aws:ecs:x",
                }),
                ["scalableDimension", "resourceId"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.appautoscaling.Policy, {
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue: 70,
                        scaleInCooldown: -1,
                        scaleOutCooldown: 60,
                    },
                }),
                ["targetTrackingScalingPolicyConfiguration.scaleInCooldown"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.appautoscaling.Policy, { stepScalingPolicyConfiguration: { cooldown: -5 } }),
                ["stepScalingPolicyConfiguration.cooldown"],
            );
        });
        it("capacity provider strategies: one base, some weight, ranges, no launchType", () => {
            const good = [
                { capacityProvider: "FARGATE", base: 1, weight: 70 },
                { capacityProvider: "FARGATE_SPOT", weight: 30 },
            ];
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.Service, { name: "bff", capacityProviderStrategies: good }), []);
            const twoBases = [
                { capacityProvider: "FARGATE", base: 1, weight: 1 },
                { capacityProvider: "FARGATE_SPOT", base: 1, weight: 1 },
            ];
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Service, { name: "bff", capacityProviderStrategies: twoBases }),
                ["capacityProviderStrategies"],
            );
            const noWeight = [{ capacityProvider: "FARGATE", base: 1 }];
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Service, { name: "bff", capacityProviderStrategies: noWeight }),
                ["capacityProviderStrategies"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Service, {
                    name: "bff",
                    capacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1001 }],
                }),
                ["capacityProviderStrategies[0].weight"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.Service, { name: "bff", launchType: "FARGATE", capacityProviderStrategies: good }),
                ["launchType"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.ClusterCapacityProviders, {
                    clusterName: "c",
                    defaultCapacityProviderStrategies: twoBases,
                }),
                ["defaultCapacityProviderStrategies"],
            );
        });
    });

    describe("Fargate task definitions", () => {
        it("accepts the project's sizes and the API's string forms", () => {
            for (const [cpu, memory] of [
                ["512", "1024"],
                ["1024", "2048"],
                ["2048", "4096"],
                ["1 vCPU", "2 GB"],
                [256, 512],
            ]) {
                assert.deepStrictEqual(
                    errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(undefined, { cpu, memory })),
                    [],
                    `${cpu}/${memory}`,
                );
            }
            assert.strictEqual(parseTaskCpu(".25 vCPU"), 256);
            assert.strictEqual(parseTaskMemory("0.5GB"), 512);
        });
        it("rejects invalid pairs, non-Fargate cpu, missing sizes and non-awsvpc modes", () => {
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(undefined, { cpu: "256", memory: "4096" })),
                ["memory"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(undefined, { cpu: "300", memory: "512" })),
                ["memory"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(undefined, { cpu: undefined, memory: undefined })),
                ["cpu", "memory"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(undefined, { networkMode: "bridge" })),
                ["networkMode"],
            );
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(undefined, { cpu: "lots" })), [
                "cpu",
            ]);
        });
        it("checks stopTimeout <= 120 on Fargate only", () => {
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition([container({ stopTimeout: 120 })])),
                [],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition([container({ stopTimeout: 121 })])),
                ["containerDefinitions[0].stopTimeout"],
            );
            const ec2 = { requiresCompatibilities: ["EC2"], networkMode: "bridge" };
            assert.deepStrictEqual(
                errors(
                    AWS_TYPE.ecs.TaskDefinition,
                    taskDefinition(
                        [container({ stopTimeout: 300, portMappings: [{ containerPort: 3000, hostPort: 0 }] })],
                        ec2,
                    ),
                ),
                [],
            );
        });
        it("checks awsvpc port mappings", () => {
            const pm = (portMappings: unknown[]) =>
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition([container({ portMappings })]));
            assert.deepStrictEqual(pm([{ containerPort: 3000 }, { containerPort: 8080, hostPort: 8080 }]), []);
            assert.deepStrictEqual(pm([{ containerPort: 3000, hostPort: 80 }]), [
                "containerDefinitions[0].portMappings[0].hostPort",
            ]);
        });
        it("checks container cpu/memory against the task and memory vs memoryReservation", () => {
            const two = [
                container({ name: "a", cpu: 256, memory: 512 }),
                container({ name: "b", cpu: 512, memoryReservation: 600 }),
            ];
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(two, { cpu: "512", memory: "1024" })),
                ["containerDefinitions", "containerDefinitions"],
            );
            assert.deepStrictEqual(
                errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(two, { cpu: "1024", memory: "2048" })),
                [],
            );
            const inverted = [container({ memory: 256, memoryReservation: 512 })];
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(inverted)), [
                "containerDefinitions[0].memory",
            ]);
        });
        it("checks container health check ranges and warns on awslogs without a stream prefix", () => {
            const hc = [
                container({
                    healthCheck: { command: ["CMD", "true"], interval: 4, timeout: 61, retries: 11, startPeriod: 301 },
                }),
            ];
            assert.strictEqual(errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition(hc)).length, 4);
            const noPrefix = [
                container({
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { "awslogs-group": "/x", "awslogs-region": "us-east-1" },
                    },
                }),
            ];
            assert.deepStrictEqual(warnings(AWS_TYPE.ecs.TaskDefinition, taskDefinition(noPrefix)), [
                "containerDefinitions[0].logConfiguration.options",
            ]);
        });
        it("reports a malformed containerDefinitions as an error", () => {
            assert.deepStrictEqual(errors(AWS_TYPE.ecs.TaskDefinition, taskDefinition("[{")), ["containerDefinitions"]);
        });
    });

    describe("unknowns (the offline plan's plain objects and the analyzer's proxies)", () => {
        it("skips checks on unknown values and names them", () => {
            const e = evaluateResourceLimits(AWS_TYPE.alb.LoadBalancer, { name: UNKNOWN }, "x".repeat(40));
            assert.deepStrictEqual(e.findings, []);
            assert.deepStrictEqual(e.unknownProperties, ["name"]);
            const t = evaluateResourceLimits(
                AWS_TYPE.ecs.TaskDefinition,
                taskDefinition(UNKNOWN, { cpu: "256", memory: "4096" }),
                "t",
            );
            assert.deepStrictEqual(
                t.findings.map((f) => f.property),
                ["memory"],
            );
            assert.deepStrictEqual(t.unknownProperties, ["containerDefinitions"]);
        });
        it("covers every type it has a rule for, including both ELB tokens", () => {
            for (const t of [
                AWS_TYPE.alb.LoadBalancer,
                AWS_TYPE.lb.LoadBalancer,
                AWS_TYPE.lb.TargetGroup,
                AWS_TYPE.alb.TargetGroup,
                AWS_TYPE.ecs.TaskDefinition,
                AWS_TYPE.s3.Bucket,
            ])
                assert.ok(LIMIT_CHECKED_TYPES.includes(t), t);
        });
    });

    describe("policies", () => {
        it("aws-deploy-limits reports errors as mandatory violations, not warnings", () => {
            const r = run(
                deployLimits,
                res(AWS_TYPE.lb.TargetGroup, "bff-tg", {
                    name: "bff",
                    healthCheck: { interval: 30, timeout: 30 },
                    deregistrationDelay: 300,
                }),
            );
            const [m] = expectViolations(r, 1);
            assert.match(m, /healthCheck\.timeout/);
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
        });
        it("aws-limit-warnings reports warnings as advisory", () => {
            const r = run(
                limitWarnings,
                res(AWS_TYPE.lb.TargetGroup, "bff-tg", { name: "bff", deregistrationDelay: 300 }),
            );
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].enforcementLevel, "advisory");
        });
        it("judge the autoname of an analyzed resource without a name", () => {
            expectViolations(run(deployLimits, res(AWS_TYPE.alb.LoadBalancer, "ecs-platform-dev-public-alb", {})), 1);
            expectClean(run(deployLimits, res(AWS_TYPE.alb.LoadBalancer, "public", {})));
        });
        it("report what they can decide, then give up on the unknown rest", () => {
            const r = run(
                deployLimits,
                res(AWS_TYPE.ecs.TaskDefinition, "t", taskDefinition(UNKNOWN, { cpu: "256", memory: "4096" })),
            );
            expectCannotRun(r, 1);
            expectClean(run(limitWarnings, res(AWS_TYPE.ecs.TaskDefinition, "t", taskDefinition(UNKNOWN))));
        });
        it("are not applicable to types without rules, and honour waivers", () => {
            const r = run(deployLimits, res(AWS_TYPE.kms.KeyPolicy, "k", {}));
            assert.strictEqual(r.notApplicable.length, 1);
            const waived = run(deployLimits, res(AWS_TYPE.alb.LoadBalancer, "x".repeat(40), {}), {
                exclude: [{ pattern: "^x+$", reason: "imported, name fixed in AWS" }],
            });
            expectViolations(waived, 0);
        });
    });
});
