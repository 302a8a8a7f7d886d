/**
 * `deployment.discovery: serviceConnect` on all three stacks (configOverrides): the BFF a client
 * and AgentCore client-server under `agentcore.local:8080` in the cluster's namespace, named port
 * mappings with appProtocol http, the proxy timeouts, its logs in the service's log group, no
 * Cloud Map DNS registration, the three ECS endpoints before any task starts, the plan's needs and
 * endpoint checks, and the stack's policy gate and AWS-limits lint still clean. AgentCore may
 * canary only in this mode. The committed stacks (cloudMap) carry none of it.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import {
    SERVICE_CONNECT_ENDPOINT_SERVICES,
    SERVICE_CONNECT_TIMEOUTS,
    serviceConnectPortName,
} from "../../policy-pack/lib/service-connect";
import { PlanGraph } from "../../tools/plan/graph";
import { computeReachability } from "../../tools/plan/reachability";
import { costInputsOf } from "../../tools/plan/cost-inputs";
import { estimateCost } from "../../tools/plan/cost";
import { gateFindings } from "../support/deploy-gate";
import { getEvaluatedStack, StackName, STACKS } from "../support/evaluated-stacks";
import { containersOf, dependsOn, input, ofType, output, single } from "../support/graph";
import { serviceParts } from "../support/architecture";
import { evaluateVariant, withImageTags } from "../support/variants";

/** The stack on Service Connect with every image configured; `rollouts`: `services.<name>.deployment` by service. */
const withServiceConnect = (stack: StackName, rollouts: Record<string, Record<string, unknown>> = {}) => ({
    stack,
    configOverrides: {
        ...withImageTags(
            stack,
            Object.fromEntries(Object.entries(rollouts).map(([name, deployment]) => [name, { deployment }])),
        ),
        "ecs-platform:deployment": { discovery: "serviceConnect" },
    },
});

const endpointSuffix = (e: ReturnType<typeof ofType>[number]) =>
    String(input(e, "serviceName")).split(".").slice(3).join(".");

for (const stackName of STACKS) {
    describe(`Service Connect opt-in (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await evaluateVariant(withServiceConnect(stackName));
        });

        it("AgentCore is client-server under agentcore.local:8080 in the cluster's namespace, with long timeouts", () => {
            const { service } = serviceParts(stack, "agentcore");
            const namespace = single(stack, AWS_TYPE.servicediscovery.PrivateDnsNamespace);
            const sc = input(service, "serviceConnectConfiguration");
            assert.strictEqual(sc.enabled, true);
            assert.strictEqual(sc.namespace, output(namespace, "arn"));
            assert.strictEqual(sc.services.length, 1);
            const [server] = sc.services;
            assert.strictEqual(server.portName, serviceConnectPortName("agentcore"));
            assert.strictEqual(server.discoveryName, "agentcore-sc");
            assert.deepStrictEqual(server.clientAlias, [{ dnsName: "agentcore.local", port: 8080 }]);
            assert.deepStrictEqual(server.timeout, { ...SERVICE_CONNECT_TIMEOUTS });
            // Long enough for a Bedrock call, and the idle timeout never closes the connection first.
            assert.ok(server.timeout.perRequestTimeoutSeconds >= 3600);
            assert.ok(server.timeout.idleTimeoutSeconds >= server.timeout.perRequestTimeoutSeconds);
        });

        it("the BFF is a client only, and still calls http://agentcore.local:8080", () => {
            const { service, taskDefinition } = serviceParts(stack, "bff");
            const sc = input(service, "serviceConnectConfiguration");
            assert.strictEqual(sc.enabled, true);
            assert.strictEqual(sc.services, undefined);
            const env = containersOf(taskDefinition)[0].environment as { name: string; value: string }[];
            assert.strictEqual(env.find((e) => e.name === "AGENTCORE_URL")?.value, "http://agentcore.local:8080");
        });

        it("each task definition names its port mapping with appProtocol http", () => {
            for (const [key, port] of [
                ["bff", 3000],
                ["agentcore", 8080],
            ] as const) {
                const mappings = containersOf(serviceParts(stack, key).taskDefinition)[0].portMappings;
                assert.deepStrictEqual(mappings, [
                    { containerPort: port, protocol: "tcp", name: serviceConnectPortName(key), appProtocol: "http" },
                ]);
            }
        });

        it("the proxy logs go to each service's own log group", () => {
            for (const key of ["bff", "agentcore"] as const) {
                const { service, taskDefinition } = serviceParts(stack, key);
                const log = input(service, "serviceConnectConfiguration").logConfiguration;
                assert.strictEqual(log.logDriver, "awslogs");
                const appLog = containersOf(taskDefinition)[0].logConfiguration.options;
                assert.strictEqual(log.options["awslogs-group"], appLog["awslogs-group"]);
                assert.strictEqual(log.options["awslogs-stream-prefix"], `${key}-service-connect`);
            }
        });

        it("AgentCore has no Cloud Map DNS registration (Service Connect is the one path)", () => {
            assert.strictEqual(input(serviceParts(stack, "agentcore").service, "serviceRegistries"), undefined);
            assert.deepStrictEqual(ofType(stack, AWS_TYPE.servicediscovery.Service), []);
        });

        it("adds the ecs, ecs-agent and ecs-telemetry interface endpoints, and no task starts before them", () => {
            const endpoints = ofType(stack, AWS_TYPE.ec2.VpcEndpoint);
            for (const suffix of SERVICE_CONNECT_ENDPOINT_SERVICES) {
                const e = endpoints.find((x) => endpointSuffix(x) === suffix);
                assert.ok(e, suffix);
                assert.strictEqual(input(e, "serviceName"), `com.amazonaws.us-east-1.${suffix}`);
                assert.strictEqual(input(e, "vpcEndpointType"), "Interface");
                assert.strictEqual(input(e, "privateDnsEnabled"), true);
                for (const key of ["bff", "agentcore"] as const) {
                    assert.ok(dependsOn(serviceParts(stack, key).service, e), `${key} after ${suffix}`);
                }
            }
        });

        it("the plan requires those endpoints for both tasks, finds them present and the proxy path open", () => {
            const r = computeReachability(new PlanGraph(stack));
            for (const suffix of SERVICE_CONNECT_ENDPOINT_SERVICES) {
                assert.strictEqual(r.endpoints.find((e) => e.service === suffix)?.status, "present", suffix);
            }
            for (const task of ["bff", "agentcore"]) {
                const path = r.required.find((p) => p.from === task && p.to === "endpoints");
                assert.ok(path && SERVICE_CONNECT_ENDPOINT_SERVICES.every((s) => path.why.includes(s)), task);
            }
            const call = r.required.find((p) => p.from === "bff" && p.to === "agentcore");
            assert.strictEqual(call?.status, "ok");
            assert.match(call.why, /Service Connect/);
            assert.deepStrictEqual(
                r.required.filter((p) => p.status !== "ok"),
                [],
            );
        });

        it("the cost estimate shows the proxy's share of each task and counts the endpoints", () => {
            const inputs = costInputsOf(new PlanGraph(stack));
            for (const s of inputs.services) assert.deepStrictEqual(s.serviceConnectProxy, { cpu: 256, memoryMiB: 64 });
            const fargate = estimateCost(inputs).lines.filter((l) => l.item.startsWith("Fargate"));
            assert.strictEqual(fargate.length, 2);
            for (const l of fargate) assert.match(l.detail, /Service Connect proxy 256 CPU units \/ 64 MiB/);
            assert.ok(inputs.interfaceEndpoints.some((e) => e.serviceName.endsWith(".ecs-telemetry")));
        });

        it("passes the stack's policy config with 0 mandatory violations and the limits lint with 0 errors", () => {
            assert.deepStrictEqual(gateFindings(stack, stackName), []);
        });
    });

    describe(`Cloud Map DNS stays the default (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("no serviceConnectConfiguration, no named ports, no ECS endpoints, and the plan does not ask for them", () => {
            for (const key of ["bff", "agentcore"] as const) {
                const { service, taskDefinition } = serviceParts(stack, key);
                assert.strictEqual(input(service, "serviceConnectConfiguration"), undefined);
                assert.strictEqual(containersOf(taskDefinition)[0].portMappings[0].name, undefined);
            }
            const suffixes = ofType(stack, AWS_TYPE.ec2.VpcEndpoint).map(endpointSuffix);
            for (const s of SERVICE_CONNECT_ENDPOINT_SERVICES) assert.ok(!suffixes.includes(s), s);
            const r = computeReachability(new PlanGraph(stack));
            assert.ok(
                r.endpoints.every((e) => !(SERVICE_CONNECT_ENDPOINT_SERVICES as readonly string[]).includes(e.service)),
            );
            assert.match(r.required.find((p) => p.from === "bff" && p.to === "agentcore")?.why ?? "", /Cloud Map/);
            for (const s of costInputsOf(new PlanGraph(stack)).services)
                assert.strictEqual(s.serviceConnectProxy, undefined);
        });
    });
}

describe("Service Connect: AgentCore canary (prod)", () => {
    let stack: EvaluatedStack;
    before(async () => {
        stack = await evaluateVariant(
            withServiceConnect("prod", {
                // Pulumi.prod.yaml writes the rolling floor down; a canary has none.
                agentcore: { strategy: "canary", minimumHealthyPercent: undefined },
            }),
        );
    });

    it("ECS is told CANARY, without the rolling-only circuit breaker; alarms still roll back", () => {
        const { service } = serviceParts(stack, "agentcore");
        const dc = input(service, "deploymentConfiguration");
        assert.strictEqual(dc.strategy, "CANARY");
        assert.deepStrictEqual(dc.canaryConfiguration, { canaryPercent: 10, canaryBakeTimeInMinutes: "5" });
        assert.strictEqual(input(service, "deploymentCircuitBreaker"), undefined);
        assert.strictEqual(input(service, "alarms").rollback, true);
        assert.ok(input(service, "alarms").alarmNames.length > 0);
        // Service Connect carries the shift: client-server, no load balancer, no alternate target group.
        assert.strictEqual(input(service, "serviceConnectConfiguration").services.length, 1);
        assert.strictEqual(input(service, "loadBalancers"), undefined);
    });

    it("passes prod's policy config and the limits lint", () => {
        assert.deepStrictEqual(gateFindings(stack, "prod"), []);
    });
});
