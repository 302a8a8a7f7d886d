/**
 * The deploy workflow's scripts (tools/ci/): the rollout verification against recorded answers of
 * the AWS CLI (a completed rollout, a rollback that `services-stable` would call stable, a stuck
 * rollout, bootstrap) and the production environment check against GitHub's API answers.
 */
import * as assert from "assert";
import { AwsCli, verifyRollout, VerifyInputs } from "../../tools/ci/verify-rollout";
import { environmentProblems } from "../../tools/ci/production-environment";

const TD_NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/bff:8";
const TD_OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/bff:7";
const ARN = "arn:aws:ecs:us-east-1:123456789012:service/ecs-platform-prod/bff-service-1a2b3c4";

const inputs: VerifyInputs = {
    cluster: "ecs-platform-prod",
    services: [{ label: "bff", arn: ARN, taskDefinitionArn: TD_NEW }],
    publicUrl: "https://d111111abcdef8.cloudfront.net/",
    healthPath: "/api/health",
};

/** An AWS CLI answering describe-services and list-service-deployments from fixtures. */
function fakeAws(service: Record<string, unknown>, latestStatus = "SUCCESSFUL"): { aws: AwsCli; calls: string[][] } {
    const calls: string[][] = [];
    const aws: AwsCli = async (args) => {
        calls.push([...args]);
        if (args[1] === "describe-services") return { services: [service] };
        if (args[1] === "list-service-deployments")
            return {
                serviceDeployments: [
                    {
                        status: latestStatus,
                        statusReason: "alarm ecs-platform-prod-bff-deploy-5xx-rate-alternate in ALARM",
                    },
                ],
            };
        throw new Error(`unexpected aws ${args.join(" ")}`);
    };
    return { aws, calls };
}

const completed = {
    desiredCount: 2,
    deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: TD_NEW }],
    events: [{ createdAt: "2026-11-27T12:00:00Z", message: "(service bff) has reached a steady state." }],
};

async function run(service: Record<string, unknown>, latest?: string, status = 200) {
    const { aws, calls } = fakeAws(service, latest);
    const lines: string[] = [];
    const urls: string[] = [];
    const failures = await verifyRollout(
        inputs,
        aws,
        async (u) => (urls.push(u), status),
        (l) => lines.push(l),
        { attempts: 2, delayMs: 0 },
    );
    return { failures, lines, urls, calls };
}

describe("tools/ci/verify-rollout.ts", () => {
    it("passes a completed rollout on the new task definition with a healthy endpoint", async () => {
        const r = await run(completed);
        assert.deepStrictEqual(r.failures, []);
        assert.deepStrictEqual(r.urls, ["https://d111111abcdef8.cloudfront.net/api/health"]);
        assert.deepStrictEqual(r.calls[0], [
            "ecs",
            "describe-services",
            "--cluster",
            "ecs-platform-prod",
            "--services",
            ARN,
        ]);
    });

    it("fails a completed rollback (what `aws ecs wait services-stable` calls stable) and prints the events", async () => {
        const rolledBack = {
            ...completed,
            deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: TD_OLD }],
        };
        const r = await run(rolledBack, "ROLLBACK_SUCCESSFUL");
        assert.strictEqual(r.failures.length, 2);
        assert.match(r.failures[0], /runs .*bff:7, not .*bff:8 .*rolled back/);
        assert.match(r.failures[1], /latest service deployment ROLLBACK_SUCCESSFUL: alarm .* in ALARM/);
        assert.ok(
            r.lines.some((l) => l.includes("reached a steady state")),
            "service events are printed",
        );
    });

    it("fails a rollout still in progress or failed, and a second deployment still active", async () => {
        const stuck = {
            ...completed,
            deployments: [
                {
                    status: "PRIMARY",
                    rolloutState: "IN_PROGRESS",
                    rolloutStateReason: "ECS deployment ecs-svc/1 in progress.",
                    taskDefinition: TD_NEW,
                },
                { status: "ACTIVE", rolloutState: "COMPLETED", taskDefinition: TD_OLD },
            ],
        };
        const r = await run(stuck, "IN_PROGRESS");
        assert.deepStrictEqual(
            r.failures.map((f) => f.split(":")[1].trim().split(" ").slice(0, 3).join(" ")),
            ["rollout state IN_PROGRESS", "1 other deployment(s)", "latest service deployment"],
        );
    });

    it("fails when the health endpoint does not answer 2xx, after retrying", async () => {
        const r = await run(completed, "SUCCESSFUL", 503);
        assert.deepStrictEqual(r.failures, [
            "health: https://d111111abcdef8.cloudfront.net/api/health answered 503 after 2 attempts",
        ]);
        assert.strictEqual(r.urls.length, 2);
    });

    it("skips a service in bootstrap mode (0 desired tasks) and then does not probe health", async () => {
        const r = await run({ desiredCount: 0, deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED" }] });
        assert.deepStrictEqual(r.failures, []);
        assert.deepStrictEqual(r.urls, []);
        assert.match(r.lines[0], /bootstrap mode/);
    });
});

describe("tools/ci/production-environment.ts", () => {
    const env = (extra: Record<string, unknown>) =>
        JSON.stringify({
            name: "production",
            protection_rules: [
                { id: 1, type: "required_reviewers", reviewers: [{ type: "Team", reviewer: { slug: "platform" } }] },
            ],
            deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
            ...extra,
        });
    it("accepts an environment with a required reviewer and a branch policy", () => {
        assert.deepStrictEqual(environmentProblems(env({})), []);
    });
    it("refuses a missing environment (GitHub's 404 answer, or nothing at all)", () => {
        assert.match(environmentProblems('{"message":"Not Found","status":"404"}')[0], /does not exist/);
        assert.match(environmentProblems("")[0], /does not exist/);
    });
    it("refuses an environment without reviewers (only a wait timer) or open to every branch", () => {
        assert.deepStrictEqual(
            environmentProblems(
                env({
                    protection_rules: [{ id: 2, type: "wait_timer", wait_timer: 30 }],
                    deployment_branch_policy: null,
                }),
            ),
            [
                "`production` has no required reviewers: nobody approves a prod deploy",
                "`production` accepts deployments from any branch: limit it to main",
            ],
        );
        assert.strictEqual(
            environmentProblems(env({ protection_rules: [{ type: "required_reviewers", reviewers: [] }] })).length,
            1,
        );
    });
});
