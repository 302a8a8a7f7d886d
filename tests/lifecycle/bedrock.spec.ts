/**
 * Bedrock models that exist today: the committed stacks name a current model through an inference
 * profile (Claude 3.5 Sonnet v1 is retired, Bedrock model lifecycle,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html), and AgentCore's role
 * gets exactly what invoking a cross-Region profile needs: the profile, plus the foundation model
 * in every Region the profile routes to (inference-profiles-prereq.html), as the provider's
 * `aws.bedrock.getInferenceProfile` reports them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePlatformConfig, ConfigValidationError } from "../../config/load";
import { answerInvoke, REPO_ROOT } from "../../offline/evaluate";
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { containersOf, inlinePoliciesOf, statementsOf } from "../support/graph";
import { serviceParts } from "../support/architecture";
import { evaluateVariant } from "../support/variants";
import { patchServices } from "../support/service-patches";
import { MINIMAL_SERVICES } from "../config/config-test-kit";
import { ofType } from "../support/graph";

const PROFILE = "us.anthropic.claude-sonnet-4-6";
const RETIRED = /claude-3-5-sonnet-20240620|claude-v2|claude-instant/;

function invokeGrant(stack: Awaited<ReturnType<typeof getEvaluatedStack>>): string[] {
    const role = ofType(stack, AWS_TYPE.iam.Role).find((r) => r.name === "roles-agentcore-task")!;
    const statements = inlinePoliciesOf(stack, role).flatMap((p) => statementsOf(p, "policy"));
    const invoke = statements.filter((s) => s.actions.includes("bedrock:InvokeModel"));
    assert.strictEqual(invoke.length, 1);
    return [...invoke[0].resources].sort();
}

describe("Bedrock: current models through inference profiles", () => {
    for (const stackName of STACKS) {
        it(`${stackName}: the stack file names ${PROFILE} and no retired model`, () => {
            const text = fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`), "utf8");
            assert.ok(!RETIRED.test(text), `Pulumi.${stackName}.yaml names a retired model`);
            assert.match(text, /inferenceProfileIds:\n\s+- us\.anthropic\.claude-sonnet-4-6/);
        });

        it(`${stackName}: AgentCore may invoke the profile and its three US destination models, nothing else`, async () => {
            const stack = await getEvaluatedStack(stackName);
            const profileArn = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${PROFILE}`;
            assert.deepStrictEqual(invokeGrant(stack), [
                profileArn,
                ...["us-east-1", "us-east-2", "us-west-2"].map(
                    (r) => `arn:aws:bedrock:${r}::foundation-model/anthropic.claude-sonnet-4-6`,
                ),
            ]);
            const [container] = containersOf(serviceParts(stack, "agentcore").taskDefinition);
            const env = container.environment.find((e: { name: string }) => e.name === "BEDROCK_MODEL_ARNS");
            assert.strictEqual(env.value, profileArn);
        });
    }

    it("the grant follows the look-up: an EU profile from eu-west-1 grants the EU destinations", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: {
                "aws:region": "eu-west-1",
                "ecs-platform:bedrock": { inferenceProfileIds: ["eu.anthropic.claude-sonnet-4-6"] },
            },
        });
        const expected = answerInvoke(
            AWS_INVOKE.bedrock.getInferenceProfile,
            { inferenceProfileId: "eu.anthropic.claude-sonnet-4-6" },
            { accountId: "123456789012", region: "eu-west-1", partition: "aws" },
        ).models as { modelArn: string }[];
        assert.ok(expected.length > 1);
        assert.deepStrictEqual(
            invokeGrant(stack),
            [
                "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6",
                ...expected.map((m) => m.modelArn),
            ].sort(),
        );
        assert.ok(
            invokeGrant(stack).every((a) => !a.includes(":us-")),
            "a US Region leaked into an EU grant",
        );
    });

    it("a foundation-model ARN alone grants just that model (no look-up)", async () => {
        const model = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0";
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: { "ecs-platform:bedrock": { modelArns: [model] } },
        });
        assert.deepStrictEqual(invokeGrant(stack), [model]);
    });

    it("the offline look-up refuses a profile the Region does not offer, as GetInferenceProfile does", () => {
        const ctx = { accountId: "123456789012", region: "us-east-1", partition: "aws" };
        const lookup = (id: string) =>
            answerInvoke(AWS_INVOKE.bedrock.getInferenceProfile, { inferenceProfileId: id }, ctx);
        assert.throws(() => lookup("eu.anthropic.claude-sonnet-4-6"), /not offered in us-east-1/);
        assert.strictEqual((lookup(PROFILE).models as unknown[]).length, 3);
    });

    it("config: a service granted Bedrock needs at least one model or profile, and profile ids are checked", () => {
        const base = (granted: boolean): Record<string, string> => ({
            "aws:region": "us-east-1",
            "ecs-platform:environment": "dev",
            "ecs-platform:services": JSON.stringify(
                patchServices(MINIMAL_SERVICES, { agentcore: { grants: { bedrock: granted } } }),
            ),
        });
        const issuesOf = (bedrock: unknown, granted = true) => {
            try {
                parsePlatformConfig({ ...base(granted), "ecs-platform:bedrock": JSON.stringify(bedrock) }, "dev");
                return [];
            } catch (e) {
                return (e as ConfigValidationError).issues;
            }
        };
        assert.deepStrictEqual(issuesOf({ inferenceProfileIds: [PROFILE] }), []);
        assert.match(
            issuesOf({})[0],
            /^ecs-platform:services\.agentcore\.grants\.bedrock: true asks for Bedrock, but ecs-platform:bedrock names no model/,
        );
        // No service granted Bedrock: no model needed.
        assert.deepStrictEqual(issuesOf({}, false), []);
        assert.match(
            issuesOf({ inferenceProfileIds: ["arn:aws:bedrock:us-east-1:1:inference-profile/x"] })[0],
            /^ecs-platform:bedrock.inferenceProfileIds\[0\]: .*is not an inference profile id/,
        );
    });
});
