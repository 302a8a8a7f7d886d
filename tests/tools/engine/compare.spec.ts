/**
 * The comparisons the engine specs make (tools/engine/compare.ts), on hand-made events and reports:
 * each finds the disagreement it exists for, so a green engine run means agreement, not blindness.
 */
import * as assert from "assert";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import {
    engineFindings,
    engineSteps,
    findingKey,
    inputDelta,
    multisetDelta,
    planFindings,
    planSteps,
    stepDelta,
} from "../../../tools/engine/compare";

const ROOT = "urn:pulumi:dev::ecs-platform::pulumi:pulumi:Stack::ecs-platform-dev";
const TD =
    "urn:pulumi:dev::ecs-platform::ecs-platform:compute:FargateTaskDefinition$aws:ecs/taskDefinition:TaskDefinition::bff-task";
const SVC = "urn:pulumi:dev::ecs-platform::ecs-platform:compute:FargateService$aws:ecs/service:Service::bff-service";
const PROVIDER = "urn:pulumi:dev::ecs-platform::pulumi:providers:aws::default_7_48_0";

const policy = (policyName: string, enforcementLevel: "warning" | "mandatory", resourceUrn?: string): EngineEvent =>
    ({
        sequence: 0,
        timestamp: 0,
        policyEvent: { policyName, enforcementLevel, resourceUrn, message: "m", color: "never" },
    }) as unknown as EngineEvent;
const step = (urn: string, op: string): EngineEvent =>
    ({
        sequence: 0,
        timestamp: 0,
        resourcePreEvent: { metadata: { urn, op, type: "t", provider: "" } },
    }) as unknown as EngineEvent;

describe("engine comparisons (tools/engine/compare.ts)", () => {
    it("findings: a stack policy's finding under the root Stack's URN is the plan's finding under none", () => {
        const engine = engineFindings([
            policy("s3-bucket-baseline", "warning", ROOT),
            policy("ecs-task-roles", "warning", TD),
        ]);
        const plan = planFindings({
            violations: [{ policyName: "ecs-task-roles", enforcementLevel: "advisory", message: "m", urn: TD }],
            unknown: [{ policyName: "s3-bucket-baseline", reason: "can't be known during preview" }],
        });
        assert.deepStrictEqual(multisetDelta(engine, plan, findingKey), { onlyA: [], onlyB: [] });
    });

    it("findings: a level, a resource or a duplicate that differs is reported on its side", () => {
        const engine = engineFindings([
            policy("rds-hygiene", "mandatory", TD),
            policy("log-group-kms", "warning", SVC),
        ]);
        const plan = planFindings({
            violations: [
                { policyName: "rds-hygiene", enforcementLevel: "advisory", message: "m", urn: TD },
                { policyName: "log-group-kms", enforcementLevel: "advisory", message: "m", urn: SVC },
                { policyName: "log-group-kms", enforcementLevel: "advisory", message: "m", urn: SVC },
            ],
        });
        assert.deepStrictEqual(multisetDelta(engine, plan, findingKey), {
            onlyA: [`mandatory rds-hygiene ${TD}`],
            onlyB: [`advisory log-group-kms ${SVC}`, `advisory rds-hygiene ${TD}`],
        });
    });

    it("steps: a replacement's three events are one step; providers and no-ops are not steps", () => {
        const steps = engineSteps([
            step(TD, "create-replacement"),
            step(TD, "replace"),
            step(TD, "delete-replaced"),
            step(SVC, "update"),
            step(ROOT, "same"),
            step(PROVIDER, "create"),
        ]);
        assert.deepStrictEqual(
            [...steps],
            [
                [TD, "replace"],
                [SVC, "update"],
            ],
        );
        const plan = planSteps({
            resources: {
                added: [],
                removed: [],
                changed: [
                    { urn: TD, replacement: true, changes: [{}] },
                    { urn: SVC, replacement: false, changes: [{}] },
                    // renamed through an alias, nothing else: no step for the engine either
                    { urn: ROOT, oldUrn: "urn:old", replacement: false, changes: [] },
                ],
            },
        });
        assert.deepStrictEqual(stepDelta(steps, plan), []);
        assert.deepStrictEqual(stepDelta(steps, new Map([[TD, "update"]])), [
            `${SVC}: engine update, plan same`,
            `${TD}: engine replace, plan update`,
        ]);
    });

    it("inputs: an input the engine holds differently is named, secrets compare as secrets", () => {
        const secret = { [specialSigKey]: specialSecretSig, ciphertext: "v1:abc" };
        const evaluated = [
            {
                urn: TD,
                type: "aws:ecs/taskDefinition:TaskDefinition",
                name: "bff-task",
                custom: true,
                inputs: { cpu: "512", password: { [specialSigKey]: specialSecretSig, value: "x" } },
            },
        ];
        assert.deepStrictEqual(
            inputDelta([{ urn: TD, type: evaluated[0].type, inputs: { cpu: "512", password: secret } }], evaluated),
            [],
        );
        assert.deepStrictEqual(
            inputDelta([{ urn: TD, type: evaluated[0].type, inputs: { cpu: "1024", password: secret } }], evaluated),
            [`${TD} cpu: evaluator "512", engine "1024"`],
        );
    });
});
