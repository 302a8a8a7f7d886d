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
import { agentcoreDiscovery, SERVICE_KEYS, serviceParts, SERVICES } from "../support/architecture";

for (const stackName of STACKS) {
    describe(`ECS services contract (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        for (const key of SERVICE_KEYS) {
            it(`T039 ${key}ServiceArn is a service ARN in cluster ecs-platform-${stackName}, of the ${key} service`, () => {
                const value = String(stack.outputs[`${key}ServiceArn`]);
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

        it("T039 agentcoreDnsName is agentcore.local, the service name in the namespace", () => {
            assert.strictEqual(stack.outputs.agentcoreDnsName, "agentcore.local");
            const { discovery, namespace } = agentcoreDiscovery(stack);
            assert.strictEqual(
                stack.outputs.agentcoreDnsName,
                `${output(discovery, "name")}.${output(namespace, "name")}`,
            );
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

        it("T050 T051 appRepositoryUrl and agentRepositoryUrl are this account's ECR repositories of the two images", () => {
            for (const [outputKey, service] of [
                ["appRepositoryUrl", "bff"],
                ["agentRepositoryUrl", "agentcore"],
            ] as const) {
                const value = String(stack.outputs[outputKey]);
                assert.match(value, /^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/[a-z0-9]+(?:[._/-][a-z0-9]+)*$/);
                assert.strictEqual(
                    value,
                    output(named(stack, AWS_TYPE.ecr.Repository, SERVICES[service].repository), "repositoryUrl"),
                );
            }
            assert.notStrictEqual(stack.outputs.appRepositoryUrl, stack.outputs.agentRepositoryUrl);
        });

        it("T045 alarmTopicArn is the SNS topic every alarm notifies", () => {
            assert.match(String(stack.outputs.alarmTopicArn), /^arn:aws:sns:us-east-1:\d{12}:[\w-]{1,256}$/);
            assert.strictEqual(stack.outputs.alarmTopicArn, output(single(stack, AWS_TYPE.sns.Topic), "arn"));
        });
    });
}
