/**
 * ECS Exec (config/exec.ts): off everywhere by default; on for a service, audited end to end:
 * the cluster logs every session to a KMS-encrypted group with the session key, the service's
 * task role (and only its) opens the session channels, the VPC gains the ssmmessages and kms
 * endpoints the plan now requires, the task keeps its read-only root with writable agent paths,
 * and prod refuses it unless `exec.allowInProd` says so, after which the pack still flags it.
 */
import * as assert from "assert";
import type { EvaluatedStack } from "../../offline/evaluate";
import { readPolicyPackConfig } from "../../offline/analyze";
import { parsePlatformConfig } from "../../config/load";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { packConfigFor } from "../../policy-pack/lib/service-policy-config";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { buildStackPlan } from "../../tools/plan/analysis";
import { packServicesOf } from "../../tools/plan/services";
import { assertRejected, services, validRaw } from "../config/config-test-kit";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { inputsOfType } from "../support/graph";
import { simulatedDecision } from "../support/iam-simulation";
import { evaluateVariant, withImageTags } from "../support/variants";

const ofType = inputsOfType;
const serviceProps = (stack: EvaluatedStack, service: string, type: string) =>
    ofType(stack, type).find((r) => serviceOfTags(r.props.tags)?.service === service)!.props;
const endpoints = (stack: EvaluatedStack) =>
    ofType(stack, AWS_TYPE.ec2.VpcEndpoint).map((e) => String(e.props.serviceName).split(".").slice(3).join("."));

function planOf(stack: EvaluatedStack, name: "dev" | "prod") {
    const cfg = parsePlatformConfig(stack.config, name);
    const config = { ...readPolicyPackConfig(name).config, ...packConfigFor(packServicesOf(cfg.services)) };
    return buildStackPlan(stack, { policyConfig: { config: config as never } }).report;
}

describe("ECS Exec: off by default, audited when on", function () {
    this.timeout(60_000);
    let dev: EvaluatedStack;
    before(async () => {
        dev = await evaluateVariant({ stack: "dev", configOverrides: withImageTags("dev", { bff: { exec: true } }) });
    });

    for (const stack of STACKS) {
        it(`${stack}: no service has Exec, no session key or log, no ssmmessages/kms endpoint`, async () => {
            const evaluated = await getEvaluatedStack(stack);
            for (const s of ofType(evaluated, AWS_TYPE.ecs.Service))
                assert.strictEqual(s.props.enableExecuteCommand, false);
            assert.deepStrictEqual(ofType(evaluated, AWS_TYPE.ecs.Cluster)[0].props.configuration, undefined);
            assert.ok(!evaluated.resources.some((r) => r.type === "ecs-platform:compute:ExecAudit"));
            assert.deepStrictEqual(
                endpoints(evaluated).filter((e) => e === "ssmmessages" || e === "kms"),
                [],
            );
        });
    }

    it("the service's Exec, the cluster's encrypted session log, the endpoints, the agent's writable paths", () => {
        assert.strictEqual(serviceProps(dev, "bff", AWS_TYPE.ecs.Service).enableExecuteCommand, true);
        assert.strictEqual(serviceProps(dev, "agentcore", AWS_TYPE.ecs.Service).enableExecuteCommand, false);
        const key = ofType(dev, AWS_TYPE.kms.Key).find((k) => k.name === "exec-key")!;
        const group = ofType(dev, AWS_TYPE.cloudwatch.LogGroup).find((l) => l.name === "exec-logs")!;
        assert.strictEqual(group.props.name, "/ecs/ecs-platform/dev/exec-sessions");
        assert.match(String(group.props.kmsKeyId), /^arn:aws:kms:us-east-1:123456789012:key\//);
        const cluster = ofType(dev, AWS_TYPE.ecs.Cluster)[0].props as Record<string, any>;
        assert.deepStrictEqual(cluster.configuration.executeCommandConfiguration, {
            kmsKeyId: group.props.kmsKeyId,
            logging: "OVERRIDE",
            logConfiguration: {
                cloudWatchLogGroupName: "/ecs/ecs-platform/dev/exec-sessions",
                cloudWatchEncryptionEnabled: true,
            },
        });
        assert.strictEqual(key.props.enableKeyRotation, true);
        assert.ok(endpoints(dev).includes("ssmmessages") && endpoints(dev).includes("kms"));
        const bffTask = JSON.parse(
            String(serviceProps(dev, "bff", AWS_TYPE.ecs.TaskDefinition).containerDefinitions),
        )[0];
        assert.strictEqual(bffTask.readonlyRootFilesystem, true);
        assert.deepStrictEqual(
            bffTask.mountPoints.map((m: { containerPath: string }) => m.containerPath),
            ["/tmp", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"],
        );
        const agentTask = JSON.parse(
            String(serviceProps(dev, "agentcore", AWS_TYPE.ecs.TaskDefinition).containerDefinitions),
        )[0];
        assert.deepStrictEqual(
            agentTask.mountPoints.map((m: { containerPath: string }) => m.containerPath),
            ["/tmp"],
        );
    });

    it("the plan: the endpoints required and present, nothing mandatory, no allowlist finding, the session command", () => {
        const report = planOf(dev, "dev");
        assert.strictEqual(report.policies!.mandatory, 0);
        const names = report.policies!.violations.map((v) => v.policyName);
        assert.ok(
            !names.includes("iam-task-role-allowlist") && !names.includes("ecs-exec-off-or-audited"),
            names.join(","),
        );
        assert.strictEqual(report.reachability!.verdict, "ok");
        const bff = report.rollout!.find((r) => r.service === "bff")!;
        assert.strictEqual(
            bff.execCommand,
            "aws ecs execute-command --cluster ecs-platform-dev --task <task-id> --container bff --interactive --command /bin/sh",
        );
        assert.strictEqual(report.rollout!.find((r) => r.service === "agentcore")!.execCommand, undefined);
    });

    it("IAM: bff's task role opens session channels and logs to the session group only; agentcore's cannot", async () => {
        const policyOf = (service: string) => {
            const policy = ofType(dev, AWS_TYPE.iam.RolePolicy).find((p) => p.name === `roles-${service}-task`)!.props
                .policy;
            return typeof policy === "string" ? JSON.parse(policy) : policy;
        };
        const group = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/ecs-platform/dev/exec-sessions";
        const key = String(
            ofType(dev, AWS_TYPE.cloudwatch.LogGroup).find((l) => l.name === "exec-logs")!.props.kmsKeyId,
        );
        const keyPolicy = JSON.parse(
            String(ofType(dev, AWS_TYPE.kms.Key).find((k) => k.name === "exec-key")!.props.policy),
        );
        const decide = (service: string, action: string, resource: string) =>
            simulatedDecision({
                role: `${service}-task`,
                action,
                resource,
                policy: policyOf(service),
                // A KMS key's own policy always applies (it delegates to IAM through the account root).
                ...(resource === key ? { resourcePolicy: keyPolicy } : {}),
            });
        assert.strictEqual(await decide("bff", "ssmmessages:CreateControlChannel", "*"), "Allowed", "control channel");
        assert.strictEqual(await decide("bff", "ssmmessages:OpenDataChannel", "*"), "Allowed", "data channel");
        assert.strictEqual(
            await decide("bff", "logs:PutLogEvents", `${group}:log-stream:ecs-execute-command-1`),
            "Allowed",
        );
        assert.strictEqual(await decide("bff", "kms:Decrypt", key), "Allowed", "session key");
        assert.notStrictEqual(await decide("bff", "logs:PutLogEvents", `${group}-other:log-stream:x`), "Allowed");
        assert.notStrictEqual(
            await decide("bff", "ecs:ExecuteCommand", "arn:aws:ecs:us-east-1:123456789012:task/ecs-platform-dev/abc"),
            "Allowed",
        );
        assert.notStrictEqual(await decide("bff", "ssm:StartSession", "*"), "Allowed");
        assert.notStrictEqual(await decide("agentcore", "ssmmessages:CreateControlChannel", "*"), "Allowed");
        assert.notStrictEqual(await decide("agentcore", "kms:Decrypt", key), "Allowed");
    });

    it("config: stack-wide exec.enabled, a service's own setting over it; prod refuses it without exec.allowInProd", () => {
        const prod = { "ecs-platform:environment": "prod" };
        assertRejected(
            validRaw({ ...services({ bff: { exec: true } }), ...prod }),
            "ecs-platform:services.bff.exec",
            "turns on ECS Exec (a shell in running tasks) in prod",
            "ecs-platform:exec.allowInProd: true",
        );
        assertRejected(
            validRaw({ ...services(), ...prod, "ecs-platform:exec": { enabled: true } }),
            "ecs-platform:exec.enabled",
            "turns on ECS Exec",
        );
        const allowed = parsePlatformConfig(
            validRaw({
                ...services({ agentcore: { exec: false } }),
                ...prod,
                "ecs-platform:exec": { enabled: true, allowInProd: true },
            }),
            "prod",
        );
        assert.deepStrictEqual(
            allowed.services.map((s) => [s.name, s.exec]),
            [
                ["bff", true],
                ["agentcore", false],
            ],
        );
        const defaults = parsePlatformConfig(validRaw(services()), "dev");
        assert.deepStrictEqual(
            [defaults.exec, defaults.services.map((s) => s.exec)],
            [{ enabled: false, allowInProd: false }, [false, false]],
        );
    });

    it("prod with allowInProd: accepted, and the pack flags Exec in prod (prod's policy config forbids it)", async () => {
        const prod = await evaluateVariant({
            stack: "prod",
            configOverrides: {
                ...withImageTags("prod", { bff: { exec: true } }),
                "ecs-platform:exec": { allowInProd: true },
            },
        });
        const flagged = planOf(prod, "prod").policies!.violations.filter(
            (v) => v.policyName === "ecs-exec-off-or-audited",
        );
        assert.strictEqual(flagged.length, 1);
        assert.match(flagged[0].message, /enables ECS Exec, which this stack forbids/);
    });
});
