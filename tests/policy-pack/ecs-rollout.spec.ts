/**
 * Rollout policies (policy-pack/ecs-rollout.ts), the rolling-only circuit breaker rule, and the
 * ECS deployment rules of the AWS-limits lint (policy-pack/lib/limits/ecs-deployment.ts): each
 * with positive and negative cases and the look-alikes that must stay clean.
 */
import * as assert from "assert";
import { autoRollback, deploymentAlarmsExist } from "../../policy-pack/ecs-rollout";
import { circuitBreaker } from "../../policy-pack/ecs";
import { checkResourceLimits, evaluateResourceLimits } from "../../policy-pack/lib/aws-limits";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { readPolicyPackConfig } from "../../offline/analyze";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";

const alarms = (names: unknown[] = ["a-5xx"], extra: Record<string, unknown> = {}) => ({
    alarms: { alarmNames: names, enable: true, rollback: true, ...extra },
});
const rolling = {
    deploymentConfiguration: { strategy: "ROLLING" },
    deploymentCircuitBreaker: { enable: true, rollback: true },
};
const canary = {
    deploymentConfiguration: {
        strategy: "CANARY",
        bakeTimeInMinutes: "10",
        canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "5" },
    },
};
const svc = (inputs: Record<string, unknown>, name = "bff-service") => res(AWS_TYPE.ecs.Service, name, inputs);
const alarm = (name: unknown) => res(AWS_TYPE.cloudwatch.MetricAlarm, `alarm-${String(name)}`, { name });

describe("ecs-deployment-auto-rollback", () => {
    it("is mandatory in prod's policy config and advisory by default (dev, test)", () => {
        assert.strictEqual(autoRollback.enforcementLevel, "advisory");
        assert.deepStrictEqual(readPolicyPackConfig("prod").config["ecs-deployment-auto-rollback"], {
            enforcementLevel: "mandatory",
        });
        for (const stack of ["dev", "test"])
            assert.strictEqual(readPolicyPackConfig(stack).config["ecs-deployment-auto-rollback"], undefined);
    });
    it("passes rolling with circuit breaker + alarm rollback, and canary with alarm rollback alone", () => {
        expectClean(run(autoRollback, svc({ ...rolling, ...alarms() })));
        expectClean(run(autoRollback, svc({ ...canary, ...alarms() })));
        // No strategy at all is ROLLING.
        expectClean(
            run(autoRollback, svc({ deploymentCircuitBreaker: { enable: true, rollback: true }, ...alarms() })),
        );
    });
    it("flags missing alarms, alarms without rollback, and alarms naming nothing", () => {
        assert.match(expectViolations(run(autoRollback, svc({ ...rolling })), 1)[0], /alarms are not enabled/);
        assert.match(
            expectViolations(run(autoRollback, svc({ ...canary, ...alarms(["x"], { rollback: false }) })), 1)[0],
            /do not roll back/,
        );
        assert.match(expectViolations(run(autoRollback, svc({ ...canary, ...alarms([]) })), 1)[0], /name no alarm/);
    });
    it("flags a rolling deployment without the circuit breaker or without its rollback", () => {
        assert.match(
            expectViolations(
                run(autoRollback, svc({ deploymentConfiguration: { strategy: "ROLLING" }, ...alarms() })),
                1,
            )[0],
            /without the circuit breaker/,
        );
        assert.match(
            expectViolations(
                run(
                    autoRollback,
                    svc({ ...rolling, deploymentCircuitBreaker: { enable: true, rollback: false }, ...alarms() }),
                ),
                1,
            )[0],
            /does not roll back/,
        );
    });
    it("cannot decide on an unknown strategy or alarms block; does not apply to CODE_DEPLOY", () => {
        expectCannotRun(run(autoRollback, svc({ deploymentConfiguration: { strategy: UNKNOWN }, ...alarms() })));
        expectCannotRun(run(autoRollback, svc({ ...rolling, alarms: UNKNOWN })));
        const codeDeploy = run(autoRollback, svc({ deploymentController: { type: "CODE_DEPLOY" } }));
        expectViolations(codeDeploy, 0);
        assert.strictEqual(codeDeploy.notApplicable.length, 1);
    });
});

describe("ecs-deployment-circuit-breaker on traffic-shifting strategies", () => {
    it("does not apply to CANARY (the breaker is rolling-only) but still flags ROLLING without it", () => {
        const r = run(circuitBreaker, svc({ ...canary, ...alarms() }));
        expectViolations(r, 0);
        assert.strictEqual(r.notApplicable.length, 1);
        expectViolations(run(circuitBreaker, svc({ deploymentConfiguration: { strategy: "ROLLING" } })), 1);
    });
});

describe("ecs-deployment-alarms-exist", () => {
    it("passes when every name is a metric alarm of the stack (or an allowed external one)", () => {
        expectClean(run(deploymentAlarmsExist, [svc(alarms(["a", "b"])), alarm("a"), alarm("b")]));
        expectClean(
            run(deploymentAlarmsExist, [svc(alarms(["a", "ext"])), alarm("a")], { externalAlarmNames: ["ext"] }),
        );
        // A service without deployment alarms has nothing to reference.
        expectClean(run(deploymentAlarmsExist, [svc({ ...rolling })]));
    });
    it("flags a misspelt name, and a look-alike that differs only in case", () => {
        const m = expectViolations(
            run(deploymentAlarmsExist, [svc(alarms(["a", "b-typo"])), alarm("a"), alarm("b")]),
            1,
        );
        assert.match(m[0], /alarmNames\[1\] names no metric alarm of the stack: b-typo/);
        expectViolations(run(deploymentAlarmsExist, [svc(alarms(["A"])), alarm("a")]), 1);
    });
    it("cannot decide while a name or an alarm's name is unknown", () => {
        expectCannotRun(run(deploymentAlarmsExist, [svc(alarms([UNKNOWN])), alarm("a")]));
        expectCannotRun(run(deploymentAlarmsExist, [svc(alarms(["a"])), alarm(UNKNOWN)]));
    });
});

describe("AWS limits: ECS deployment rules", () => {
    const lb = (advanced?: Record<string, unknown>) => ({
        loadBalancers: [
            {
                targetGroupArn: "arn:tg/blue",
                containerName: "bff",
                containerPort: 3000,
                advancedConfiguration: advanced,
            },
        ],
    });
    const advanced = {
        alternateTargetGroupArn: "arn:tg/green",
        productionListenerRule: "arn:rule",
        roleArn: "arn:role",
    };
    const errors = (inputs: Record<string, unknown>) =>
        checkResourceLimits(AWS_TYPE.ecs.Service, inputs, "svc")
            .filter((f) => f.severity === "error")
            .map((f) => f.property);

    it("accepts the committed shapes: rolling with the breaker, canary behind a load balancer", () => {
        assert.deepStrictEqual(errors({ ...rolling, ...alarms(), waitForSteadyState: true, sigintRollback: true }), []);
        assert.deepStrictEqual(errors({ ...canary, ...alarms(), ...lb(advanced) }), []);
    });
    it("rejects a strategy's missing or out-of-range parameters", () => {
        assert.deepStrictEqual(
            errors({ deploymentConfiguration: { strategy: "CANARY", canaryConfiguration: {} }, ...lb(advanced) }),
            ["deploymentConfiguration.canaryConfiguration.canaryPercent"],
        );
        assert.deepStrictEqual(errors({ deploymentConfiguration: { strategy: "BLUE_GREEN" }, ...lb(advanced) }), [
            "deploymentConfiguration.bakeTimeInMinutes",
        ]);
        assert.deepStrictEqual(
            errors({
                deploymentConfiguration: {
                    strategy: "LINEAR",
                    bakeTimeInMinutes: "1441",
                    linearConfiguration: { stepPercent: 2.5 },
                },
                ...lb(advanced),
            }),
            ["deploymentConfiguration.bakeTimeInMinutes", "deploymentConfiguration.linearConfiguration.stepPercent"],
        );
        assert.deepStrictEqual(errors({ deploymentConfiguration: { strategy: "SHIFTY" } }), [
            "deploymentConfiguration.strategy",
        ]);
    });
    it("rejects the circuit breaker, a missing advanced configuration or one group twice on a traffic-shifting strategy", () => {
        assert.deepStrictEqual(
            errors({ ...canary, ...lb(advanced), deploymentCircuitBreaker: { enable: true, rollback: true } }),
            ["deploymentCircuitBreaker.enable"],
        );
        assert.deepStrictEqual(errors({ ...canary, ...lb() }), [
            "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn",
            "loadBalancers[0].advancedConfiguration.productionListenerRule",
            "loadBalancers[0].advancedConfiguration.roleArn",
        ]);
        assert.deepStrictEqual(errors({ ...canary, ...lb({ ...advanced, alternateTargetGroupArn: "arn:tg/blue" }) }), [
            "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn",
        ]);
        assert.deepStrictEqual(
            errors({ ...canary }),
            ["deploymentConfiguration.strategy"],
            "nothing to shift traffic with",
        );
    });
    it("rejects enabled alarms without names and sigintRollback without the wait", () => {
        assert.deepStrictEqual(errors({ ...rolling, ...alarms([]) }), ["alarms.alarmNames"]);
        assert.deepStrictEqual(errors({ ...rolling, sigintRollback: true, waitForSteadyState: false }), [
            "sigintRollback",
        ]);
    });
    it("treats unknown ARNs of a first preview as present: no error and no unknown", () => {
        const r = evaluateResourceLimits(
            AWS_TYPE.ecs.Service,
            {
                ...canary,
                ...lb({ alternateTargetGroupArn: UNKNOWN, productionListenerRule: UNKNOWN, roleArn: UNKNOWN }),
            },
            "svc",
        );
        assert.deepStrictEqual(r.findings, []);
        assert.deepStrictEqual(r.unknownProperties, []);
    });
});
