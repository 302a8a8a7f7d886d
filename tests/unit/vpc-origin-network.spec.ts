/**
 * What a CloudFront VPC origin needs from its network (components/vpc-origin-network.ts): it depends
 * on the internet gateway this stack creates (so a destroy removes it first), and with a network taken
 * from ids or another stack the program looks up the gateway and the app subnets' zone IDs and refuses,
 * naming the config key and the fix, before the VPC origin is created.
 */
import * as assert from "assert";
import { EvaluatedStack, EvaluationError } from "../../offline/evaluate";
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { dependsOn, single } from "../support/graph";
import { EXISTING, NETWORK, STACK_REFERENCE } from "../support/foundation-variants";
import { evaluateVariant } from "../support/variants";

async function failure(promise: Promise<EvaluatedStack>): Promise<string> {
    try {
        await promise;
    } catch (e) {
        assert.ok(e instanceof EvaluationError, String(e));
        return e.message;
    }
    return assert.fail("the stack evaluated");
}

const noGateway = {
    [AWS_INVOKE.ec2.getInternetGateway]: () => {
        throw new Error("no matching EC2 Internet Gateway found");
    },
};
const zoneOf = (zoneId: string, which: string) => ({
    [AWS_INVOKE.ec2.getSubnet]: (inputs: Record<string, unknown>) =>
        inputs.id === which ? { id: which, availabilityZone: "us-east-1b", availabilityZoneId: zoneId } : undefined,
});

describe("VPC origin network prerequisites", () => {
    for (const stackName of STACKS) {
        it(`${stackName}: the VPC origin depends on the stack's internet gateway (destroy removes it first)`, async () => {
            const stack = await getEvaluatedStack(stackName);
            const origin = single(stack, AWS_TYPE.cloudfront.VpcOrigin);
            const gateway = single(stack, AWS_TYPE.ec2.InternetGateway);
            assert.ok(origin.dependencies.includes(gateway.urn), "no explicit dependency on the gateway");
            assert.ok(dependsOn(origin, gateway));
        });
    }

    it("an existing network with a gateway and supported zones plans as before", async () => {
        const stack = await evaluateVariant({ stack: "dev", configOverrides: EXISTING });
        assert.strictEqual(single(stack, AWS_TYPE.cloudfront.VpcOrigin).name, "edge-vpc-origin");
    });
    it("an existing VPC without an internet gateway is refused, naming the key, the VPC and the fix", async () => {
        const message = await failure(
            evaluateVariant({ stack: "dev", configOverrides: EXISTING, invokeAnswers: noGateway }),
        );
        assert.match(message, /network\.vpcId: VPC vpc-0a1b2c3d4e5f60718 has no internet gateway attached/);
        assert.match(message, /attach-internet-gateway/);
        assert.match(message, /edge\.mode to publicAlb or cidrOnly/);
    });
    it("an app subnet in the excluded zone (use1-az3) is refused, naming the subnet and the zone", async () => {
        const bad = NETWORK.appSubnetIds[1];
        const message = await failure(
            evaluateVariant({ stack: "dev", configOverrides: EXISTING, invokeAnswers: zoneOf("use1-az3", bad) }),
        );
        assert.match(message, new RegExp(`app subnet\\(s\\) ${bad} \\(use1-az3\\)`));
        assert.match(message, /do not support in us-east-1 \(excluded: use1-az3\)/);
        // Another zone of the Region is fine.
        await evaluateVariant({ stack: "dev", configOverrides: EXISTING, invokeAnswers: zoneOf("use1-az6", bad) });
    });
    it("a referenced network is looked up too, and the message names the stack reference", async () => {
        const message = await failure(evaluateVariant({ stack: "dev", ...STACK_REFERENCE, invokeAnswers: noGateway }));
        assert.match(
            message,
            /network\.stackReference acme\/foundation\/shared: VPC vpc-0a1b2c3d4e5f60718 has no internet gateway/,
        );
    });
    it("modes without a VPC origin do not need the gateway and do not look it up", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: { ...EXISTING, "ecs-platform:edge": { mode: "publicAlb" } },
            invokeAnswers: noGateway,
        });
        assert.strictEqual(stack.resources.filter((r) => r.type === AWS_TYPE.cloudfront.VpcOrigin).length, 0);
    });
});
