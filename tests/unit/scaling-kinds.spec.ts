/**
 * Scaling kinds beside CPU and memory target tracking: ALB requests per target (http services
 * with one production target group) and scheduled actions (stack-wide `scaling.schedules` in
 * `scaling.timeZone`, or a service's own), with the rules that refuse what cannot work.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { assertRejected, serviceOf, services, validRaw } from "../config/config-test-kit";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { inputsOfType } from "../support/graph";
import { evaluateVariant, servicesOverride, withImageTags } from "../support/variants";

const NIGHT = { name: "night", schedule: "cron(0 20 ? * MON-FRI *)", minCount: 0, maxCount: 0 };
const MORNING = { name: "morning", schedule: "cron(0 7 ? * MON-FRI *)", minCount: 2, maxCount: 10 };

const ofType = inputsOfType;

describe("scaling kinds: request count and schedules", function () {
    this.timeout(60_000);

    it("defaults: no request-count policy, no schedules, time zone UTC", () => {
        const cfg = parsePlatformConfig(validRaw(services()), "dev");
        const bff = serviceOf(cfg, "bff");
        assert.strictEqual(bff.scaling.requestsPerTarget, undefined);
        assert.deepStrictEqual(bff.scaling.schedules, []);
        assert.strictEqual(bff.scaling.timeZone, "UTC");
    });

    for (const stack of STACKS) {
        it(`${stack}: two tracking policies per service (CPU, memory) and no scheduled action`, async () => {
            const evaluated = await getEvaluatedStack(stack);
            const n = parsePlatformConfig(evaluated.config, stack).services.length;
            assert.strictEqual(ofType(evaluated, AWS_TYPE.appautoscaling.Policy).length, 2 * n);
            assert.deepStrictEqual(ofType(evaluated, AWS_TYPE.appautoscaling.ScheduledAction), []);
        });
    }

    it("stack schedules apply to every service in the stack's time zone; a service's own replace them", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: {
                ...withImageTags("dev", { agentcore: { scaling: { schedules: [MORNING] } } }),
                "ecs-platform:scaling": { schedules: [NIGHT], timeZone: "Europe/Berlin" },
            },
        });
        const actions = ofType(stack, AWS_TYPE.appautoscaling.ScheduledAction);
        assert.deepStrictEqual(actions.map((a) => [a.name, a.props.name, a.props.schedule, a.props.timezone]).sort(), [
            ["agentcore-schedule-morning", "agentcore-morning", MORNING.schedule, "Europe/Berlin"],
            ["bff-schedule-night", "bff-night", NIGHT.schedule, "Europe/Berlin"],
        ]);
        const night = actions.find((a) => a.name === "bff-schedule-night")!;
        assert.deepStrictEqual(night.props.scalableTargetAction, { minCapacity: 0, maxCapacity: 0 });
        assert.strictEqual(night.props.serviceNamespace, "ecs");
        assert.strictEqual(night.props.scalableDimension, "ecs:service:DesiredCount");
        assert.match(String(night.props.resourceId), /^service\/ecs-platform-dev\/bff-service-/);
    });

    it("a service in bootstrap mode gets no scheduled action (it would start tasks without an image)", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: { ...servicesOverride("dev"), "ecs-platform:scaling": { schedules: [MORNING] } },
        });
        assert.deepStrictEqual(ofType(stack, AWS_TYPE.appautoscaling.ScheduledAction), []);
    });

    it("requestsPerTarget adds ALBRequestCountPerTarget on the service's load balancer and target group", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: withImageTags("dev", { bff: { scaling: { requestsPerTarget: 500 } } }),
        });
        const policy = ofType(stack, AWS_TYPE.appautoscaling.Policy).find((p) => p.name === "bff-requests-scaling");
        assert.ok(policy, "no request-count policy");
        const config = policy.props.targetTrackingScalingPolicyConfiguration as Record<string, any>;
        assert.strictEqual(config.targetValue, 500);
        assert.strictEqual(config.predefinedMetricSpecification.predefinedMetricType, "ALBRequestCountPerTarget");
        assert.match(
            String(config.predefinedMetricSpecification.resourceLabel),
            /^app\/[^/]+\/[0-9a-f]+\/targetgroup\/[^/]+\/[0-9a-f]+$/,
        );
        assert.strictEqual(config.scaleInCooldown, 300);
    });

    it("refuses request-count scaling off the ALB or with two target groups, and schedules that contradict the counts", () => {
        assertRejected(
            validRaw(services({ agentcore: { scaling: { requestsPerTarget: 100 } } })),
            "ecs-platform:services.agentcore.scaling.requestsPerTarget",
            "is for kind http",
        );
        assertRejected(
            validRaw({
                ...services({ bff: { scaling: { requestsPerTarget: 100 }, deployment: { strategy: "canary" } } }),
            }),
            "ecs-platform:services.bff.scaling.requestsPerTarget",
            "needs deployment strategy rolling (this service's is canary)",
        );
        assertRejected(
            validRaw({
                ...services(),
                "ecs-platform:scaling": { schedules: [{ name: "peak", schedule: "rate(1 day)", minCount: 12 }] },
            }),
            "ecs-platform:scaling.schedules[0].minCount",
            "is above bff's maxCount (10)",
            "set maxCount in the action too",
        );
        assertRejected(
            validRaw(
                services({
                    bff: { scaling: { schedules: [{ name: "x", schedule: "cron(0 7 * * *)", maxCount: 1 }] } },
                }),
            ),
            "ecs-platform:services.bff.scaling.schedules[0].schedule",
            "is not a schedule expression; allowed: cron(",
        );
        assertRejected(
            validRaw({ ...services(), "ecs-platform:scaling": { timeZone: "CET+1" } }),
            "ecs-platform:scaling.timeZone",
            "is not an IANA time zone name",
        );
        assertRejected(
            validRaw({
                ...services(),
                "ecs-platform:scaling": { schedules: [{ name: "empty", schedule: "rate(1 day)" }] },
            }),
            "ecs-platform:scaling.schedules[0].minCount",
            "and maxCount are both unset",
        );
        assertRejected(
            validRaw({ ...services(), "ecs-platform:scaling": { schedules: [NIGHT, NIGHT] } }),
            "ecs-platform:scaling.schedules[1].name",
            "repeats the name at [0]",
        );
    });
});
