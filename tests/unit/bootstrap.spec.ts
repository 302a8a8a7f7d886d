/**
 * Bootstrap: a first `pulumi up` on a fresh account must complete before any image exists. The
 * stack files set no image tag, so the services are created at 0 tasks with autoscaling pinned at
 * 0/0 (components/fargate-task-definition.ts, fargate-service.ts). Once tags are configured the
 * services run the seed's counts: 2 tasks, autoscaling 2..10 (T033-T036). Invalid configuration
 * stops the program before anything is registered.
 */
import { AWS_TYPE, PULUMI_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack, EvaluationError } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { childOf, component, containersOf, input, named, output } from "../support/graph";
import { COMPONENTS, SERVICE_KEYS, serviceParts, SERVICES } from "../support/architecture";
import { evaluateVariant, getConfiguredDev, IMAGE_TAGS, servicesOverride } from "../support/variants";

function scalingTarget(stack: EvaluatedStack, key: "bff" | "agentcore") {
    return childOf(stack, component(stack, COMPONENTS.service, key), AWS_TYPE.appautoscaling.Target);
}

for (const stackName of STACKS) {
    describe(`bootstrap without an image tag (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("the stack file configures no image tag (a fresh account has no image yet)", () => {
            const services = JSON.parse(stack.config["ecs-platform:services"]) as Record<string, { imageTag?: string }>;
            for (const key of SERVICE_KEYS) assert.ok(key in services, `the stack file has ${key}`);
            for (const [key, entry] of Object.entries(services)) assert.strictEqual(entry.imageTag, undefined, key);
        });

        for (const key of SERVICE_KEYS) {
            it(`T033 T034 ${key} is created with 0 tasks and autoscaling pinned at 0..0, so no pull is attempted`, () => {
                assert.strictEqual(input(serviceParts(stack, key).service, "desiredCount"), 0);
                const target = scalingTarget(stack, key);
                assert.strictEqual(input(target, "minCapacity"), 0);
                assert.strictEqual(input(target, "maxCapacity"), 0);
            });
        }

        it("the program says how to leave bootstrap mode", () => {
            for (const key of SERVICE_KEYS) {
                assert.ok(
                    stack.warnings.some((w) => w.includes(`pulumi config set --path services.${key}.imageTag <tag>`)),
                    `no warning tells how to set services.${key}.imageTag`,
                );
            }
        });
    });
}

describe("after the first images are pushed and their tags configured (dev)", () => {
    let stack: EvaluatedStack;
    before(async function () {
        this.timeout(120_000);
        stack = await getConfiguredDev();
    });

    for (const key of SERVICE_KEYS) {
        it(`T033 T034 T035 T036 ${key} runs 2 tasks and scales between 2 and 10`, () => {
            assert.strictEqual(input(serviceParts(stack, key).service, "desiredCount"), 2);
            const target = scalingTarget(stack, key);
            assert.strictEqual(input(target, "minCapacity"), 2);
            assert.strictEqual(input(target, "maxCapacity"), 10);
        });

        it(`T050 T051 ${key} runs the configured tag from its repository`, () => {
            const [container] = containersOf(serviceParts(stack, key).taskDefinition);
            const url = output(named(stack, AWS_TYPE.ecr.Repository, SERVICES[key].repository), "repositoryUrl");
            assert.strictEqual(container.image, `${url}:${IMAGE_TAGS[key]}`);
        });
    }

    it("no bootstrap warning once both tags are set", () => {
        assert.deepStrictEqual(
            stack.warnings.filter((w) => /bootstrap/i.test(w)),
            [],
        );
    });
});

describe("invalid configuration", () => {
    it("T001 a bff cpu that is not a Fargate size is rejected, naming ecs-platform:services.bff.cpu, before any resource", async function () {
        this.timeout(120_000);
        await assert.rejects(
            evaluateVariant({
                stack: "dev",
                configOverrides: servicesOverride("dev", { bff: { cpu: 600 } }),
            }),
            (e: unknown) => {
                assert.ok(e instanceof EvaluationError, String(e));
                assert.match(e.message, /ecs-platform:services\.bff\.cpu: 600 /);
                assert.match(e.message, /600/);
                // At most the root Stack, which the runtime registers before the program runs.
                assert.deepStrictEqual(
                    e.resources.filter((r) => r.type !== PULUMI_TYPE.Stack).map((r) => r.name),
                    [],
                );
                return true;
            },
        );
    });
});
