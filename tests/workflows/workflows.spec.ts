/**
 * The GitHub Actions pipelines (.github/workflows/preview.yml and deploy.yml), validated offline.
 * First action-validator (the workflow JSON schema and job references) on each file, then this
 * repository's CI policy (workflow-rules.ts) on the parsed YAML: pinned actions, least-privilege
 * permissions, OIDC only, the policy pack on every preview and update, and dev -> test -> prod
 * behind `production`. The negative tests run the very same checks on in-memory workflows.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { PolicyPackConfig, resourceFor, runPolicies } from "../../offline/analyze";
import { policies } from "../../policy-pack/policies";
import { VERIFIED_PINS, unverifiedPinViolations } from "./action-pins";
import { checkovLine, replaceCheckovLine } from "../../tools/plan/tfplan/checkov-summary";
import { commentScriptRunner, HEAD_SHA } from "./comment-script";
import {
    COMMENT_WORKFLOW,
    commentWorkflowViolations,
    deployOrderViolations,
    longLivedCredentialViolations,
    needsOf,
    nodeSetupViolations,
    OIDC_AUTH_ACTIONS,
    parseWorkflow,
    permissionViolations,
    pinViolations,
    productionGateViolations,
    pulumiStepViolations,
    pulumiSteps,
    readJson,
    readWorkflowText,
    REPO_ROOT,
    rolloutGateViolations,
    upRefreshViolations,
    runActionValidator,
    SHA,
    STACKS,
    Step,
    stepsOf,
    timeoutViolations,
    usesAction,
    WORKFLOW_DIR,
    WORKFLOW_FILES,
} from "./workflow-rules";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { evaluateVariant, withImageTags } from "../support/variants";
import { getEvaluatedStack } from "../support/evaluated-stacks";
import { servicesOf } from "../support/architecture";

describe("GitHub Actions workflows", () => {
    describe("action-validator", () => {
        for (const file of WORKFLOW_FILES) {
            it(`accepts ${file}`, () => {
                const r = runActionValidator(path.join(WORKFLOW_DIR, file));
                assert.strictEqual(r.status, 0, r.output);
            });
        }

        it("rejects a workflow whose job needs a job that does not exist (the check can fail)", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
            const file = path.join(dir, "broken.yml");
            fs.writeFileSync(file, readWorkflowText("deploy.yml").replace("    needs: test\n", "    needs: staging\n"));
            try {
                const r = runActionValidator(file);
                assert.strictEqual(r.status, 1, r.output);
                assert.match(r.output, /unresolved job staging/);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    for (const file of WORKFLOW_FILES) {
        describe(`${file} policy`, () => {
            const text = readWorkflowText(file);
            const wf = parseWorkflow(text);

            it("pins every action to a commit SHA with a # vX.Y.Z comment", () => {
                assert.deepStrictEqual(pinViolations(text), []);
                const external = Object.values(wf.jobs).flatMap((j) => stepsOf(j).map((s) => s.uses ?? ""));
                assert.ok(external.filter((u) => u !== "").every((u) => SHA.test(u.split("@")[1])));
            });

            it("grants contents: read at the top and per job only what the job uses", () => {
                assert.deepStrictEqual(permissionViolations(wf), []);
            });

            it("uses OIDC only: no long-lived AWS keys or Pulumi token", () => {
                assert.deepStrictEqual(longLivedCredentialViolations(text), []);
            });

            it("sets a timeout on every job and Node 20 with the npm cache", () => {
                assert.deepStrictEqual(timeoutViolations(wf), []);
                assert.deepStrictEqual(nodeSetupViolations(wf), []);
            });

            it("runs the policy pack on every pulumi up and preview", () => {
                assert.ok(
                    Object.values(wf.jobs).some((j) => pulumiSteps(j).length > 0),
                    "no pulumi step",
                );
                assert.deepStrictEqual(pulumiStepViolations(wf), []);
            });

            it("pins the Pulumi CLI to the SDK version of package.json", () => {
                const pkg = readJson("package.json") as { dependencies: Record<string, string> };
                for (const job of Object.values(wf.jobs)) {
                    for (const step of pulumiSteps(job)) {
                        assert.strictEqual(String(step.with?.["pulumi-version"]), pkg.dependencies["@pulumi/pulumi"]);
                    }
                }
            });

            it("assumes AWS roles in the region every stack file deploys to", () => {
                for (const stack of STACKS) {
                    const stackFile = yaml.load(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
                    const region = (stackFile as { config: Record<string, unknown> }).config["aws:region"];
                    assert.strictEqual(wf.env?.AWS_REGION, region, `Pulumi.${stack}.yaml`);
                }
                for (const job of Object.values(wf.jobs)) {
                    for (const step of stepsOf(job).filter((s) => usesAction(s, OIDC_AUTH_ACTIONS[0]))) {
                        assert.strictEqual(step.with?.["aws-region"], "${{ env.AWS_REGION }}");
                    }
                }
            });
        });
    }

    describe("preview.yml", () => {
        const wf = parseWorkflow(readWorkflowText("preview.yml"));
        const verify = wf.jobs.verify;
        const preview = wf.jobs.preview;

        it("runs on pull requests", () => {
            assert.ok(wf.on && typeof wf.on === "object" && "pull_request" in wf.on);
        });

        it("verify: npm ci, the pinned Checkov, npm test, the plan diffed against the merge base, Checkov on the exports, then uploads plan/; it holds no write scope", () => {
            const runs = stepsOf(verify).flatMap((s) => (s.run === undefined ? [] : [s.run]));
            assert.deepStrictEqual(runs.slice(0, 3), [
                "npm ci",
                'echo "CHECKOV_BIN=$(bash tools/scan/install-checkov.sh)" >> "$GITHUB_ENV"',
                "npm test",
            ]);
            assert.strictEqual(runs.length, 5);
            assert.match(runs[3], /^\s*npm run plan -- --diff "\$base"$/m);
            assert.strictEqual(runs[4], "npm run scan:checkov");
            const steps = stepsOf(verify);
            const index = (test: (s: Step) => boolean) => steps.findIndex(test);
            // The venv is cached under the install script's root, keyed by every pin it installs from.
            const cache = steps[index((s) => usesAction(s, "actions/cache"))];
            assert.strictEqual(cache?.with?.path, "~/.cache/ecs-platform");
            for (const pin of ["checkov-version.txt", "checkov-constraints.txt", "install-checkov.sh"]) {
                assert.ok(String(cache.with?.key).includes(`tools/scan/${pin}`), `cache key without ${pin}`);
            }
            assert.ok(index((s) => usesAction(s, "actions/cache")) < index((s) => /install-checkov/.test(s.run ?? "")));
            // Checkov's counts are written into plan/<stack>.md after the plan and before the upload,
            // also when the plan exits 1 on a violation (the comment must show them then too).
            const scan = index((s) => s.run === "npm run scan:checkov");
            const plan = index((s) => /npm run plan -- --diff/.test(s.run ?? ""));
            assert.strictEqual(steps[plan].id, "plan");
            assert.match(String(steps[scan].if), /!cancelled\(\)/);
            assert.match(String(steps[scan].if), /steps\.plan\.outcome != 'skipped'/);
            assert.ok(plan < scan && scan < index((s) => usesAction(s, "actions/upload-artifact")));
            const upload = stepsOf(verify).find((s) => usesAction(s, "actions/upload-artifact"));
            assert.strictEqual(upload?.with?.path, "plan/");
            assert.strictEqual(upload?.with?.name, "plan");
            // Published even when the plan exits 1 on a violation: that is when it matters most.
            assert.match(String(upload?.if), /!cancelled\(\)/);
            // It runs the PR's code (fork PRs too): it must not comment, nor hold a write token.
            assert.deepStrictEqual(verify.permissions, { contents: "read" });
            assert.ok(!stepsOf(verify).some((s) => usesAction(s, "actions/github-script")));
            assert.strictEqual(verify.if, undefined, "verify runs for fork PRs too");
        });

        describe("the plan's diff step", () => {
            const checkout = stepsOf(verify).find((s) => usesAction(s, "actions/checkout"));
            const script = stepsOf(verify).find((s) => s.run?.includes("npm run plan"))?.run ?? "";

            it("checks out the whole history (the merge base must be there), for fork PRs too", () => {
                assert.strictEqual(checkout?.with?.["fetch-depth"], 0);
                assert.strictEqual(checkout?.with?.["persist-credentials"], false);
                // No ref override: the default checkout of a pull_request is refs/pull/<n>/merge.
                assert.strictEqual(checkout?.with?.ref, undefined);
                assert.strictEqual(verify.if, undefined);
            });
            it("takes no expression into the shell (the refs come from git, not from the PR)", () => {
                assert.doesNotMatch(script, /\$\{\{/);
            });

            /** Runs the step's script in a throwaway clone of a PR merge commit, with npm recorded. */
            function runScript(makeMerge: boolean): { status: number; npm: string; out: string; mergeBase: string } {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ecs-platform-diff-step-"));
                try {
                    const g = (...args: string[]) => {
                        const r = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
                        assert.strictEqual(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
                        return r.stdout.trim();
                    };
                    const commit = (file: string, msg: string) => {
                        fs.writeFileSync(path.join(dir, file), msg);
                        g("add", file);
                        g("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", msg);
                        return g("rev-parse", "HEAD");
                    };
                    g("init", "-q", "-b", "main");
                    const mergeBase = commit("a.txt", "base");
                    g("checkout", "-q", "-b", "pr");
                    const head = commit("b.txt", "pr change");
                    g("checkout", "-q", "main");
                    commit("c.txt", "main moved on");
                    // What GitHub checks out for a PR: main's tip merged with the PR's head.
                    if (makeMerge) {
                        g(
                            "-c",
                            "user.name=t",
                            "-c",
                            "user.email=t@example.com",
                            "merge",
                            "-q",
                            "--no-ff",
                            "-m",
                            "merge",
                            head,
                        );
                    }
                    const bin = path.join(dir, "bin");
                    fs.mkdirSync(bin);
                    fs.writeFileSync(
                        path.join(bin, "npm"),
                        `#!/bin/sh\necho "$@" > "${path.join(dir, "npm-args")}"\n`,
                        {
                            mode: 0o755,
                        },
                    );
                    const r = spawnSync("bash", ["-e", "-c", script], {
                        cwd: dir,
                        encoding: "utf8",
                        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
                    });
                    const argsFile = path.join(dir, "npm-args");
                    const npm = fs.existsSync(argsFile) ? fs.readFileSync(argsFile, "utf8").trim() : "";
                    return { status: r.status ?? 1, npm, out: r.stdout + r.stderr, mergeBase };
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            }

            it("on a PR merge commit it plans with --diff at the merge base, not at the base branch's newer tip", () => {
                const r = runScript(true);
                assert.strictEqual(r.status, 0, r.out);
                assert.strictEqual(r.npm, `run plan -- --diff ${r.mergeBase}`);
            });
            it("without a merge commit it stops with an error that says why, before planning", () => {
                const r = runScript(false);
                assert.strictEqual(r.status, 2, r.out);
                assert.match(r.out, /::error::HEAD is not the PR's merge commit/);
                assert.strictEqual(r.npm, "");
            });
        });

        it("previews dev, test and prod after verify, with no GitHub write scope", () => {
            assert.deepStrictEqual(needsOf(preview), ["verify"]);
            assert.deepStrictEqual(preview.strategy?.matrix?.stack, [...STACKS]);
            const [step] = pulumiSteps(preview);
            assert.strictEqual(step.with?.command, "preview");
            assert.strictEqual(step.with?.["stack-name"], "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}");
            assert.strictEqual(step.with?.["comment-on-pr"], undefined);
            assert.strictEqual(step.with?.["comment-on-summary"], true);
            assert.strictEqual(step.with?.policyPackConfigs, "policy-pack/config/${{ matrix.stack }}.json");
            assert.deepStrictEqual(preview.permissions, { contents: "read", "id-token": "write" });
        });

        it("runs the PR's code with a Pulumi team token of the read-only preview team, not an org token", () => {
            const auth = stepsOf(preview).find((s) => usesAction(s, "pulumi/auth-actions"));
            assert.strictEqual(auth?.with?.["requested-token-type"], "urn:pulumi:token-type:access_token:team");
            assert.strictEqual(auth?.with?.scope, "team:${{ vars.PULUMI_PREVIEW_TEAM }}");
            const text = readWorkflowText("preview.yml");
            assert.doesNotMatch(text, /access_token:organization/);
            const docs = fs.readFileSync(path.join(REPO_ROOT, "docs/ci.md"), "utf8");
            assert.match(docs, /PULUMI_PREVIEW_TEAM/);
            assert.match(docs, /Stack Read/);
        });

        it("gives every matrix stack its own read-only preview role", () => {
            const include = preview.strategy?.matrix?.include as { stack: string; role_var: string }[];
            assert.deepStrictEqual(
                include.map((i) => [i.stack, i.role_var]),
                STACKS.map((s) => [s, `AWS_PREVIEW_ROLE_ARN_${s.toUpperCase()}`]),
            );
            const aws = stepsOf(preview).find((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
            assert.strictEqual(aws?.with?.["role-to-assume"], "${{ vars[matrix.role_var] }}");
        });
    });

    describe("deploy.yml", () => {
        const wf = parseWorkflow(readWorkflowText("deploy.yml"));

        it("runs on push to main and on demand", () => {
            assert.deepStrictEqual(wf.on, { push: { branches: ["main"] }, workflow_dispatch: null });
        });

        it("deploys dev -> test -> prod after npm test, prod in environment production", () => {
            assert.deepStrictEqual(deployOrderViolations(wf), []);
            const runs = stepsOf(wf.jobs.verify).flatMap((s) => (s.run === undefined ? [] : [s.run]));
            assert.deepStrictEqual(runs, [
                "npm ci",
                'echo "CHECKOV_BIN=$(bash tools/scan/install-checkov.sh)" >> "$GITHUB_ENV"',
                "npm test",
                "npm run plan",
                "npm run scan:checkov",
            ]);
        });

        it("the verification checks every service of the stack: SERVICES joins the up step's serviceArns and taskDefinitionArns maps", async () => {
            const dev = await getEvaluatedStack("dev");
            const arns = dev.outputs.serviceArns as Record<string, string>;
            const definitions = dev.outputs.taskDefinitionArns as Record<string, string>;
            for (const stack of STACKS) {
                const verify = stepsOf(wf.jobs[stack]).find((s) => /tools\/ci\/verify-rollout\.ts/.test(s.run ?? ""));
                assert.ok(verify?.run, stack);
                // The step's script with the verifier replaced by a print of what it would read.
                const script = verify.run.replace(
                    "node -r ts-node/register tools/ci/verify-rollout.ts",
                    'printf "%s" "$SERVICES"',
                );
                assert.notStrictEqual(script, verify.run, stack);
                // As GitHub runs a `run:` step (bash -e), with the maps as pulumi/actions sets them (JSON).
                const run = (serviceArns: unknown, taskDefinitionArns: unknown) =>
                    spawnSync("bash", ["-e", "-c", script], {
                        encoding: "utf8",
                        env: {
                            PATH: process.env.PATH,
                            SERVICE_ARNS: JSON.stringify(serviceArns),
                            TASK_DEFINITION_ARNS: JSON.stringify(taskDefinitionArns),
                        },
                    });
                const ok = run(arns, definitions);
                assert.strictEqual(ok.status, 0, ok.stderr);
                const expected = servicesOf(dev).map((svc) => ({
                    label: svc.name,
                    arn: arns[svc.name],
                    taskDefinitionArn: definitions[svc.name],
                }));
                assert.deepStrictEqual(JSON.parse(ok.stdout), expected, stack);
                assert.deepStrictEqual(
                    expected.map((e) => e.label),
                    ["agentcore", "bff"],
                    "the seed's two, in the order the CLI hands the map over (by name)",
                );
                for (const e of expected) assert.match(e.arn + e.taskDefinitionArn, /^arn:aws:ecs:.*arn:aws:ecs:/);
                const missing = run(arns, { bff: definitions.bff });
                assert.notStrictEqual(missing.status, 0, "a service without a task definition fails the step");
                assert.match(missing.stderr, /no task definition for agentcore/);
                const none = run({}, {});
                assert.notStrictEqual(none.status, 0, "no service at all fails the step");
                assert.match(none.stderr, /the stack exports no service/);
            }
        });

        it("gates each up: policy preview before, tip-of-main check right before, rollout verification after, credentials for the whole job", () => {
            assert.deepStrictEqual(rolloutGateViolations(wf), []);
            assert.deepStrictEqual(upRefreshViolations(wf), []);
            for (const stack of STACKS) {
                const aws = stepsOf(wf.jobs[stack]).find((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
                assert.strictEqual(
                    aws?.with?.["role-duration-seconds"],
                    Number(wf.jobs[stack]["timeout-minutes"]) * 60,
                );
            }
            assert.deepStrictEqual(wf.concurrency, { group: "deploy-main", "cancel-in-progress": false });
            for (const script of ["tools/ci/verify-rollout.ts", "tools/ci/production-environment.ts"]) {
                assert.ok(fs.existsSync(path.join(REPO_ROOT, script)), script);
            }
        });

        it("refuses prod unless a job outside any environment found `production` protected", () => {
            assert.deepStrictEqual(productionGateViolations(wf), []);
            assert.deepStrictEqual(needsOf(wf.jobs.prod).sort(), ["production-environment", "test"]);
        });

        it("the prod job's timeout covers the slowest service rollout the program waits for, with room for the rest", async () => {
            const stack = await evaluateVariant({
                stack: "prod",
                configOverrides: withImageTags("prod"),
            });
            const waits = stack.resources
                .filter((r) => r.type === AWS_TYPE.ecs.Service)
                .map((r) => Number(/^(\d+)m$/.exec(r.customTimeouts?.update ?? "")?.[1]));
            assert.ok(waits.every((m) => m > 0));
            // Services update in parallel; the rest of the job (install, preview, up of the rest) gets 30 minutes.
            assert.ok(Math.max(...waits) + 30 <= Number(wf.jobs.prod["timeout-minutes"]), `${Math.max(...waits)} min`);
        });

        it("assumes each stack's own deploy role", () => {
            for (const stack of STACKS) {
                const aws = stepsOf(wf.jobs[stack]).find((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
                assert.strictEqual(aws?.with?.["role-to-assume"], `\${{ vars.AWS_ROLE_ARN_${stack.toUpperCase()} }}`);
            }
        });
    });

    describe("policy pack configs (policy-pack/config/<stack>.json, as --policy-pack-config reads them)", () => {
        const configOf = (stack: string) => readJson(`policy-pack/config/${stack}.json`) as PolicyPackConfig;
        const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

        for (const stack of STACKS) {
            it(`${stack}: names only policies of the pack, with levels and properties they declare`, () => {
                const config = configOf(stack);
                assert.ok(config !== null && typeof config === "object" && !Array.isArray(config));
                for (const [name, value] of Object.entries(config)) {
                    if (name === "all") {
                        assert.ok(LEVELS.includes(String(value)), `all: ${String(value)}`);
                        continue;
                    }
                    const policy = policies.find((p) => p.name === name);
                    assert.ok(policy, `${stack}: no policy named ${name}`);
                    const { enforcementLevel, ...props } =
                        typeof value === "string" ? { enforcementLevel: value } : value;
                    if (enforcementLevel !== undefined) assert.ok(LEVELS.includes(enforcementLevel), `${name}: level`);
                    const declared = Object.keys(policy.configSchema?.properties ?? {});
                    for (const key of Object.keys(props))
                        assert.ok(declared.includes(key), `${name}: undeclared ${key}`);
                }
            });
        }

        it("prod requires ALB deletion protection (mandatory); dev and test keep the default", () => {
            const hardening = policies.filter((p) => p.name === "alb-hardening");
            assert.strictEqual(hardening.length, 1);
            const alb = (enableDeletionProtection: boolean) =>
                resourceFor(AWS_TYPE.lb.LoadBalancer, {
                    loadBalancerType: "application",
                    desyncMitigationMode: "defensive",
                    enableDeletionProtection,
                });
            const violations = (stack: string, protectedAlb: boolean) =>
                runPolicies(hardening, [alb(protectedAlb)], configOf(stack)).violations.map((v) => v.enforcementLevel);
            assert.deepStrictEqual(violations("prod", false), ["mandatory"]);
            assert.deepStrictEqual(violations("prod", true), []);
            assert.deepStrictEqual(violations("dev", false), []);
            assert.deepStrictEqual(violations("test", false), []);
        });
    });

    describe("plan-comment.yml: posts the artifact without running PR code", () => {
        const text = readWorkflowText(COMMENT_WORKFLOW);
        const wf = parseWorkflow(text);
        const job = wf.jobs.comment;
        const step = stepsOf(job).find((s) => usesAction(s, "actions/github-script")) as Step;
        const runCommentScript = commentScriptRunner(step);
        const bot = { login: "github-actions[bot]", type: "Bot" };

        it("action-validator accepts it", () => {
            const r = runActionValidator(path.join(WORKFLOW_DIR, COMMENT_WORKFLOW));
            assert.strictEqual(r.status, 0, r.output);
        });

        it("runs when the preview workflow completes, for pull requests", () => {
            const preview = parseWorkflow(readWorkflowText("preview.yml")) as unknown as { name: string };
            assert.deepStrictEqual(wf.on, { workflow_run: { workflows: [preview.name], types: ["completed"] } });
            assert.match(String(job.if), /github\.event\.workflow_run\.event == 'pull_request'/);
        });

        it("never checks out or runs code, takes no expression into its script, and has only actions: read and pull-requests: write", () => {
            assert.deepStrictEqual(commentWorkflowViolations(wf), []);
            assert.deepStrictEqual(permissionViolations(wf), []);
            assert.deepStrictEqual(longLivedCredentialViolations(text), []);
            assert.deepStrictEqual(timeoutViolations(wf), []);
            const download = stepsOf(job).find((s) => usesAction(s, "actions/download-artifact"));
            assert.strictEqual(download?.with?.["run-id"], "${{ github.event.workflow_run.id }}");
            assert.strictEqual(download?.with?.name, "plan");
        });

        it("creates one comment with every stack's plan, in promotion order, on the PR found from the event", async () => {
            const { calls } = await runCommentScript({
                planFiles: {
                    "prod.md": "## prod\n```mermaid\ngraph LR\n```",
                    "dev.md": "## dev",
                    "test.md": "## test",
                    "dev.json": "{}",
                },
            });
            const list = calls.find((c) => c.method === "pulls.list")!;
            assert.deepStrictEqual(list.params.head, "forker:main");
            const posts = calls.filter((c) => c.method !== "pulls.list");
            assert.strictEqual(posts.length, 1);
            assert.strictEqual(posts[0].method, "createComment");
            assert.strictEqual(posts[0].params.issue_number, 7);
            const body = String(posts[0].params.body);
            assert.ok(body.startsWith("<!-- ecs-platform-plan -->"));
            assert.ok(body.indexOf("## dev") < body.indexOf("## test"));
            assert.ok(body.indexOf("## test") < body.indexOf("## prod"));
            assert.match(body, /```mermaid\ngraph LR\n```/);
            assert.match(body, /actions\/runs\/42/);
            assert.doesNotMatch(body, /\{\}/);
        });

        it("updates its own earlier comment, not one a user or another bot wrote with the marker", async () => {
            const { calls } = await runCommentScript({
                planFiles: { "dev.md": "## dev v2" },
                existing: [
                    { id: 1, body: "<!-- ecs-platform-plan --> old", user: { login: "mallory", type: "User" } },
                    { id: 3, body: "<!-- ecs-platform-plan --> old", user: { login: "other[bot]", type: "Bot" } },
                    { id: 2, body: "<!-- ecs-platform-plan --> old", user: bot },
                ],
            });
            const posts = calls.filter((c) => c.method !== "pulls.list");
            assert.deepStrictEqual(
                posts.map((c) => [c.method, c.params.comment_id]),
                [["updateComment", 2]],
            );
            assert.match(String(posts[0].params.body), /## dev v2/);
        });

        it("comments on nothing when no open PR has the run's head commit (the artifact cannot choose the PR)", async () => {
            const { calls, info } = await runCommentScript({
                planFiles: { "dev.md": "## dev", "pr-number": "1" },
                pulls: [{ number: 1, head: { sha: "other" } }],
            });
            assert.deepStrictEqual(
                calls.map((c) => c.method),
                ["pulls.list"],
            );
            assert.match(info.join("\n"), new RegExp(`no open pull request has head ${HEAD_SHA}`));
        });

        it("treats the artifact as data: size-capped pages, only <stack>.md files, no symlinks, no forged marker", async () => {
            const { calls } = await runCommentScript({
                planFiles: {
                    "dev.md": "## dev <!-- ecs-platform-plan -->",
                    "prod.md": `## prod\n${"x".repeat(70000)}`,
                    "test.md": null,
                    "evil.md.sh": "echo pwned",
                    ".hidden.md": "## hidden",
                },
            });
            const body = String(calls.find((c) => c.method === "createComment")!.params.body);
            assert.ok(body.length < 65536);
            assert.strictEqual(body.split("<!-- ecs-platform-plan -->").length, 2, "one marker, ours");
            assert.match(body, /## dev/);
            assert.match(body, /prod\.md is too long for a comment; see the artifact/);
            assert.doesNotMatch(body, /pwned|hidden|test\.md/);
            assert.doesNotMatch(body, new RegExp(fs.readFileSync("/etc/hostname", "utf8").trim() || "^$"));
        });

        it("carries Checkov's counts beside the pack's verdict, as npm run scan:checkov wrote them into the page", async () => {
            const page = ["## dev: clean", "", checkovLine(undefined, true), "", "### Policies"].join("\n");
            const summary = {
                checkovVersion: "3.3.30",
                exportSha256: "0".repeat(64),
                passed: 812,
                failed: 31,
                skipped: 0,
                baselined: 31,
                newFindings: [],
            };
            const { calls } = await runCommentScript({ planFiles: { "dev.md": replaceCheckovLine(page, summary) } });
            const body = String(calls.find((c) => c.method === "createComment")!.params.body);
            assert.match(
                body,
                /## dev: clean\n\n\*\*Outside judge: Checkov\*\* 3\.3\.30 .*812 passed, 31 failed \(31 baselined/,
            );
            assert.doesNotMatch(body, /not run on this export/);
        });

        it("says so when the run uploaded no plan", async () => {
            const { calls } = await runCommentScript({ planFiles: {} });
            const body = String(calls.find((c) => c.method === "createComment")!.params.body);
            assert.match(body, /No plan in the artifact/);
        });
    });

    describe("action pins: each a verified commit of its action, with inputs that version declares", () => {
        for (const file of ["preview.yml", COMMENT_WORKFLOW, "deploy.yml", "drift.yml"]) {
            it(`${file}`, () => {
                const text = readWorkflowText(file);
                const steps = Object.values(parseWorkflow(text).jobs).flatMap((j) => stepsOf(j));
                assert.deepStrictEqual(unverifiedPinViolations(text, steps), []);
            });
        }

        it("the table itself: one version per action, full SHAs, each version a vX.Y.Z tag", () => {
            for (const pin of VERIFIED_PINS) {
                assert.match(pin.sha, SHA, pin.action);
                assert.match(pin.version, /^v\d+\.\d+\.\d+$/, pin.action);
                assert.match(pin.source, new RegExp(`^https://github\\.com/${pin.action}: tag ${pin.version} -> `));
            }
            assert.strictEqual(new Set(VERIFIED_PINS.map((p) => p.action)).size, VERIFIED_PINS.length);
        });

        it("rejects the unconfirmed pins, a wrong version comment and an input the version lacks", () => {
            const step = (uses: string, w = "") => `jobs:\n  a:\n    steps:\n      - uses: ${uses}\n${w}`;
            const unconfirmed = [
                "actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a # v7.0.1",
                "aws-actions/configure-aws-credentials@e1253824e5c10ff9df46874f81ed3ec929e19cfd # v6.3.0",
            ];
            for (const uses of unconfirmed) {
                assert.match(unverifiedPinViolations(step(uses), [])[0], /not a verified pin/);
            }
            const wrongComment = "actions/checkout@df4cb1c069e1874edd31b4311f1884172cec0e10 # v6.0.4";
            assert.match(
                unverifiedPinViolations(step(wrongComment), [])[0],
                /comment v6\.0\.4 but the commit is v6\.0\.3/,
            );
            const upload = "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f";
            assert.deepStrictEqual(
                unverifiedPinViolations(step(`${upload} # v7.0.0`), [{ uses: upload, with: { "retention-dayz": 3 } }]),
                ['actions/upload-artifact v7.0.0 has no input "retention-dayz"'],
            );
            assert.deepStrictEqual(
                unverifiedPinViolations(step(`${upload} # v7.0.0`), [{ uses: upload, with: { "retention-days": 3 } }]),
                [],
            );
        });
    });

    describe("the comment workflow check rejects running PR code", () => {
        const text = readWorkflowText(COMMENT_WORKFLOW);
        const broken = (from: string, to: string) => {
            assert.ok(text.includes(from), from);
            return commentWorkflowViolations(parseWorkflow(text.replace(from, to)));
        };

        it("a checkout of the PR, a shell step, an event field spliced into the script, a wider token", () => {
            const firstStep = "    steps:\n";
            const checkout =
                "    steps:\n      - uses: actions/checkout@df4cb1c069e1874edd31b4311f1884172cec0e10 # v6.0.3\n" +
                "        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n";
            assert.ok(broken(firstStep, checkout).some((v) => /uses actions\/checkout/.test(v)));
            assert.ok(
                broken(firstStep, checkout).some((v) =>
                    /ref uses \$\{\{ github\.event\.workflow_run\.head_sha \}\}/.test(v),
                ),
            );
            assert.ok(broken(firstStep, `${firstStep}      - run: npm ci\n`).some((v) => /runs a shell step/.test(v)));
            const injected = broken(
                "const run = context.payload.workflow_run;",
                'const run = context.payload.workflow_run; const b = "${{ github.event.workflow_run.head_branch }}";',
            );
            assert.ok(injected.some((v) => /an expression inside a script/.test(v)));
            assert.ok(broken("      actions: read #", "      contents: write\n      actions: read #").length > 0);
        });
    });

    describe("the checks reject violations (in-memory workflows)", () => {
        const deployText = readWorkflowText("deploy.yml");
        const minimal = (step: string, perms = "    permissions:\n      contents: read\n") =>
            `on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n` +
            `    timeout-minutes: 5\n${perms}    steps:\n${step}`;

        it("a floating @v4, a branch, or a SHA without its version comment", () => {
            assert.strictEqual(pinViolations(minimal("      - uses: actions/checkout@v4\n")).length, 1);
            assert.strictEqual(pinViolations(minimal("      - uses: actions/checkout@main\n")).length, 1);
            const bareSha = "      - uses: actions/checkout@df4cb1c069e1874edd31b4311f1884172cec0e10\n";
            assert.match(pinViolations(minimal(bareSha))[0], /without a "# vX.Y.Z" comment/);
            const flow = "      - { uses: actions/checkout@v4 }\n";
            assert.strictEqual(pinViolations(minimal(flow)).length, 1);
            assert.deepStrictEqual(pinViolations(minimal("      - uses: actions/checkout@v4.2.2\n")), []);
            assert.strictEqual(pinViolations(deployText.replace(/ # v6\.0\.3/g, " # v6")).length, 5);
        });

        it("an aws-secret-access-key input or an AWS key env var", () => {
            const keyInput =
                "      - uses: aws-actions/configure-aws-credentials@v6.3.0\n        with:\n" +
                "          aws-secret-access-key: ${{ secrets.KEY }}\n";
            assert.strictEqual(longLivedCredentialViolations(minimal(keyInput)).length, 1);
            const envVar = "      - run: deploy\n        env:\n          AWS_SECRET_ACCESS_KEY: x\n";
            assert.strictEqual(longLivedCredentialViolations(minimal(envVar)).length, 1);
        });

        it("write-all, a missing top-level contents: read, and id-token without OIDC auth", () => {
            const run = "      - run: echo\n";
            assert.match(
                permissionViolations(parseWorkflow(minimal(run, "    permissions: write-all\n")))[0],
                /write-all/,
            );
            const noTop = parseWorkflow(minimal(run).replace("permissions:\n  contents: read\njobs", "jobs"));
            assert.match(permissionViolations(noTop)[0], /workflow permissions/);
            const idToken = "    permissions:\n      contents: read\n      id-token: write\n";
            assert.match(permissionViolations(parseWorkflow(minimal(run, idToken)))[0], /without OIDC auth/);
            const prodWithoutOidc = parseWorkflow(deployText.replace(/\n {6}id-token: write # OIDC[^\n]*/g, ""));
            assert.strictEqual(permissionViolations(prodWithoutOidc).length, 3);
        });

        it("a pulumi up that does not refresh first (ECS-owned target groups would be reset)", () => {
            const noRefresh = parseWorkflow(deployText.replace(/\n {10}refresh: true/g, ""));
            assert.deepStrictEqual(upRefreshViolations(noRefresh), [
                "job dev, pulumi up: pulumi up without refresh: true",
                "job test, pulumi up: pulumi up without refresh: true",
                "job prod, pulumi up: pulumi up without refresh: true",
            ]);
        });

        it("a pulumi up without the policy pack", () => {
            const withoutPack = parseWorkflow(deployText.replace("          policyPacks: policy-pack\n", ""));
            // The first pulumi step of dev is the preview gate: it needs the pack as much as the up.
            assert.deepStrictEqual(pulumiStepViolations(withoutPack), [
                "job dev, pulumi preview: policyPacks is not policy-pack",
            ]);
        });

        it("a deploy without the preview gate, the tip check or the verification, short credentials, no workflow concurrency", () => {
            const noPreview = parseWorkflow(
                deployText.replace("          command: preview\n", "          command: refresh\n"),
            );
            assert.ok(
                rolloutGateViolations(noPreview).includes("job dev: no policy-gated pulumi preview of dev before up"),
            );
            const wrongConfig = parseWorkflow(
                deployText.replace(
                    /(command: preview\n(?:.*\n){4}\s+policyPackConfigs: policy-pack\/config\/)dev/,
                    "$1prod",
                ),
            );
            assert.ok(
                rolloutGateViolations(wrongConfig).includes("job dev: no policy-gated pulumi preview of dev before up"),
            );
            const noTip = parseWorkflow(deployText.replace(/\n\s+exit 1\n\s+fi\n/, "\n            fi\n"));
            assert.ok(rolloutGateViolations(noTip).some((v) => v.includes("tip of main")));
            const noImages = parseWorkflow(
                deployText.replace("tools/ci/image-platforms.ts dev", "tools/ci/image-platforms.ts test"),
            );
            assert.deepStrictEqual(
                rolloutGateViolations(noImages).filter((v) => v.startsWith("job dev:")),
                ["job dev: nothing checks the image platforms of dev between preview and up"],
            );
            const noVerify = parseWorkflow(
                deployText.replace("node -r ts-node/register tools/ci/verify-rollout.ts", "echo ok"),
            );
            assert.ok(rolloutGateViolations(noVerify).includes("job dev: nothing verifies the rollout after up"));
            // The old form: one list typed out per service in the env.
            const typedOut = parseWorkflow(
                deployText.replace(
                    "          SERVICE_ARNS: ${{ steps.up.outputs.serviceArns }}\n",
                    '          SERVICE_ARNS: \'{"bff":"${{ steps.up.outputs.bffServiceArn }}"}\'\n          SERVICES: "[]"\n',
                ),
            );
            assert.deepStrictEqual(
                rolloutGateViolations(typedOut).filter((v) => v.startsWith("job dev:")),
                [
                    "job dev: the verification's SERVICE_ARNS is not the up step's serviceArns map",
                    "job dev: the verification's SERVICES is not derived from the per-service maps",
                ],
            );
            const shortSession = parseWorkflow(
                deployText.replace("role-duration-seconds: 5400", "role-duration-seconds: 3600"),
            );
            assert.deepStrictEqual(rolloutGateViolations(shortSession), [
                "job prod: AWS credentials last 3600 s, the job may run 5400 s",
            ]);
            const noConcurrency = parseWorkflow(
                deployText.replace("concurrency:\n  group: deploy-main\n  cancel-in-progress: false\n", ""),
            );
            assert.ok(rolloutGateViolations(noConcurrency).some((v) => v.startsWith("no workflow-level concurrency")));
        });

        it("prod without the environment check, or a check that runs inside the environment", () => {
            const ungated = parseWorkflow(
                deployText.replace("    needs: [test, production-environment]\n", "    needs: test\n"),
            );
            assert.deepStrictEqual(productionGateViolations(ungated), ["prod does not need production-environment"]);
            const inside = parseWorkflow(
                deployText.replace("    timeout-minutes: 5\n", "    timeout-minutes: 5\n    environment: production\n"),
            );
            assert.deepStrictEqual(productionGateViolations(inside), [
                "production-environment runs in an environment (it would create it)",
            ]);
            const noPerm = parseWorkflow(
                deployText.replace("      actions: read # GET", "      deployments: read # GET"),
            );
            assert.deepStrictEqual(productionGateViolations(noPerm), ["production-environment lacks actions: read"]);
        });

        it("prod skipping test, prod outside production, and stacks sharing a concurrency group", () => {
            const skip = parseWorkflow(
                deployText.replace(
                    "    needs: [test, production-environment]\n",
                    "    needs: [dev, production-environment]\n",
                ),
            );
            assert.deepStrictEqual(deployOrderViolations(skip), ["prod does not need test"]);
            const noEnv = parseWorkflow(deployText.replace("      name: production\n", "      name: staging\n"));
            assert.deepStrictEqual(deployOrderViolations(noEnv), ["prod is not in environment production"]);
            const shared = parseWorkflow(deployText.replace(/group: pulumi-up-\w+/g, "group: pulumi-up"));
            assert.ok(deployOrderViolations(shared).includes("stacks share a concurrency group"));
        });
    });
});
