/**
 * Seed T039: service ARNs and service discovery outputs of every stack, plus the entry points
 * operators use (ALB, public URL, repositories, alarm topic), in AWS's formats and naming what the
 * stack creates.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { named, output, referencedOne, single } from "../support/graph";
import { agentcoreDiscovery, serviceParts, SERVICES, stackFileServices } from "../support/architecture";

for (const stackName of STACKS) {
    describe(`ECS services contract (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        const services = stackFileServices(stackName);
        it("T039 serviceArns has one entry per service of the map, and nothing else", () => {
            assert.deepStrictEqual(
                Object.keys(stack.outputs.serviceArns as object).sort(),
                services.map((s) => s.name).sort(),
            );
            for (const seed of Object.keys(SERVICES))
                assert.ok(
                    services.some((s) => s.name === seed),
                    seed,
                );
        });
        for (const { name: key } of services) {
            it(`T039 serviceArns.${key} is a service ARN in cluster ecs-platform-${stackName}, of the ${key} service`, () => {
                const value = String((stack.outputs.serviceArns as Record<string, unknown>)[key]);
                // The long ARN format: service/<cluster>/<service>.
                assert.match(
                    value,
                    new RegExp(
                        `^arn:aws:ecs:us-east-1:\\d{12}:service/ecs-platform-${stackName}/[A-Za-z0-9_-]{1,255}$`,
                    ),
                );
                const { service } = serviceParts(stack, key);
                assert.strictEqual(value, output(service, "arn"));
                assert.ok(value.endsWith(`/${output(service, "name")}`));
            });
        }

        it("T039 serviceDiscoveryNamespaceId is the Cloud Map namespace AgentCore registers in", () => {
            const value = String(stack.outputs.serviceDiscoveryNamespaceId);
            assert.match(value, /^ns-[a-z0-9]{16}$/);
            const discovery = referencedOne(
                stack,
                serviceParts(stack, "agentcore").service,
                "serviceRegistries",
                AWS_TYPE.servicediscovery.Service,
            );
            assert.strictEqual(
                value,
                referencedOne(stack, discovery, "dnsConfig", AWS_TYPE.servicediscovery.PrivateDnsNamespace).id,
            );
        });

        it("T039 dnsNames.agentcore is agentcore.local, the service name in the namespace; only internal services have one", () => {
            const dnsNames = stack.outputs.dnsNames as Record<string, unknown>;
            assert.strictEqual(dnsNames.agentcore, "agentcore.local");
            const { discovery, namespace } = agentcoreDiscovery(stack);
            assert.strictEqual(dnsNames.agentcore, `${output(discovery, "name")}.${output(namespace, "name")}`);
            const internal = services.flatMap((s) =>
                s.kind === "internal" ? [[s.name, `${s.discoveryName}.local`]] : [],
            );
            assert.deepStrictEqual(dnsNames, Object.fromEntries(internal));
        });

        it("T055 albDnsName is the public ALB's name; publicUrl is CloudFront over HTTPS", () => {
            assert.match(String(stack.outputs.albDnsName), /^[a-z0-9-]+\.us-east-1\.elb\.amazonaws\.com$/);
            assert.strictEqual(stack.outputs.albDnsName, output(single(stack, AWS_TYPE.lb.LoadBalancer), "dnsName"));
            assert.match(String(stack.outputs.publicUrl), /^https:\/\/[a-z0-9]+\.cloudfront\.net$/);
            assert.strictEqual(
                stack.outputs.publicUrl,
                `https://${output(single(stack, AWS_TYPE.cloudfront.Distribution), "domainName")}`,
            );
        });

        it("T050 T051 repositoryUrls are this account's ECR repositories, one per repository key (app for bff, agent for agentcore)", () => {
            const urls = stack.outputs.repositoryUrls as Record<string, unknown>;
            const keys = [...new Set(services.map((s) => s.repository))].sort();
            assert.deepStrictEqual(Object.keys(urls).sort(), keys);
            for (const [service, seed] of Object.entries(SERVICES)) {
                const key = services.find((s) => s.name === service)?.repository as string;
                assert.strictEqual(`storage-${key}`, seed.repository, `${service}'s repository keeps its resource`);
            }
            for (const key of keys) {
                const value = String(urls[key]);
                assert.match(value, /^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/[a-z0-9]+(?:[._/-][a-z0-9]+)*$/);
                assert.strictEqual(
                    value,
                    output(named(stack, AWS_TYPE.ecr.Repository, `storage-${key}`), "repositoryUrl"),
                );
            }
            assert.strictEqual(new Set(Object.values(urls)).size, keys.length, "distinct repositories");
        });

        it("T045 alarmTopicArn is the SNS topic every alarm notifies", () => {
            assert.match(String(stack.outputs.alarmTopicArn), /^arn:aws:sns:us-east-1:\d{12}:[\w-]{1,256}$/);
            assert.strictEqual(stack.outputs.alarmTopicArn, output(single(stack, AWS_TYPE.sns.Topic), "arn"));
        });
    });
}
