/**
 * The GitHub Actions pipelines (.github/workflows/preview.yml and deploy.yml), validated offline.
 * First action-validator (the workflow JSON schema and job references) on each file, then this
 * repository's CI policy on the parsed YAML: pinned actions, least-privilege permissions, OIDC
 * only, the policy pack on every preview and update, and dev -> test -> prod behind `production`.
 * Each policy is a function returning its violations, so the negative tests run the very same
 * functions on in-memory workflows.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { PolicyPackConfig, resourceFor, runPolicies } from "../../offline/analyze";
import { policies } from "../../policy-pack/policies";

const REPO_ROOT = path.resolve(__dirname, "../..");
const WORKFLOW_DIR = path.join(REPO_ROOT, ".github/workflows");
const WORKFLOW_FILES = ["preview.yml", "deploy.yml"] as const;
const ACTION_VALIDATOR = path.join(REPO_ROOT, "node_modules/.bin/action-validator");
const STACKS = ["dev", "test", "prod"] as const;

// ---------------------------------------------------------------------------------------------
// The workflow shape the checks read (only the keys they use).

interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, unknown>;
}

interface Job {
    readonly needs?: string | string[];
    readonly if?: string;
    readonly permissions?: string | Record<string, string>;
    readonly environment?: string | { readonly name: string };
    readonly concurrency?: string | { readonly group: string; readonly "cancel-in-progress"?: unknown };
    readonly "timeout-minutes"?: unknown;
    readonly strategy?: { readonly matrix?: Record<string, unknown> };
    readonly uses?: string;
    readonly steps?: readonly Step[];
}

interface Workflow {
    readonly on: unknown;
    readonly permissions?: unknown;
    readonly env?: Record<string, unknown>;
    readonly jobs: Record<string, Job>;
}

function parseWorkflow(text: string): Workflow {
    const doc = yaml.load(text) as Workflow | undefined;
    assert.ok(doc && typeof doc === "object" && doc.jobs, "not a workflow: no jobs");
    return doc;
}

function readWorkflowText(file: string): string {
    return fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8");
}

const stepsOf = (job: Job): readonly Step[] => job.steps ?? [];
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());
const actionOf = (uses: string | undefined): string => (uses ?? "").split("@")[0];
const usesAction = (step: Step, action: string): boolean => actionOf(step.uses) === action;

/** Steps that authenticate with an OIDC token: the only reason a job may hold `id-token: write`. */
const OIDC_AUTH_ACTIONS = ["aws-actions/configure-aws-credentials", "pulumi/auth-actions"];
/** pulumi/actions commands that run the program, and so must run the policy pack with it. */
const PROGRAM_COMMANDS = ["up", "update", "preview"];

function pulumiSteps(job: Job): Step[] {
    return stepsOf(job).filter((s) => usesAction(s, "pulumi/actions"));
}

// ---------------------------------------------------------------------------------------------
// Policy checks. Each returns human-readable violations; [] means compliant.

const SHA = /^[0-9a-f]{40}$/;
const EXACT_SEMVER = /^v\d+\.\d+\.\d+$/;

/**
 * Every `uses:` is a local path, a full commit SHA with a `# vX.Y.Z` comment, or an exact
 * `vX.Y.Z` tag. Comments are gone once YAML is parsed, so the version comment is read from the
 * text line; the parsed document supplies the list (a flow-style `{uses: ...}` cannot hide).
 */
function pinViolations(text: string): string[] {
    const commentByRef = new Map<string, string>();
    for (const line of text.split("\n")) {
        const m = /^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)["']?\s*(?:#\s*(.*?))?\s*$/.exec(line);
        if (m) commentByRef.set(m[1], m[2] ?? "");
    }
    const wf = parseWorkflow(text);
    const refs = Object.values(wf.jobs).flatMap((job) => [job.uses, ...stepsOf(job).map((s) => s.uses)]);
    const violations: string[] = [];
    for (const ref of refs) {
        if (ref === undefined || ref.startsWith("./")) continue;
        if (ref.startsWith("docker://")) {
            if (!/@sha256:[0-9a-f]{64}$/.test(ref)) violations.push(`${ref}: docker image not pinned by digest`);
            continue;
        }
        const version = ref.split("@")[1] ?? "";
        if (SHA.test(version)) {
            const comment = commentByRef.get(ref);
            if (comment === undefined || !EXACT_SEMVER.test(comment)) {
                violations.push(`${ref}: SHA pin without a "# vX.Y.Z" comment on its line`);
            }
        } else if (!EXACT_SEMVER.test(version)) {
            violations.push(`${ref}: not pinned to a commit SHA or an exact vX.Y.Z tag`);
        }
    }
    return violations;
}

function jobCommentsOnPr(job: Job): boolean {
    return stepsOf(job).some(
        (s) =>
            usesAction(s, "actions/github-script") ||
            (usesAction(s, "pulumi/actions") && String(s.with?.["comment-on-pr"]) === "true"),
    );
}

/**
 * Workflow level: exactly `contents: read`. Job level: an explicit scope map (never `write-all`
 * or `read-all`); the only writable scopes are `id-token` (only in jobs that do OIDC auth, and
 * then required) and `pull-requests` (only in jobs that comment on the PR).
 */
function permissionViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    if (JSON.stringify(wf.permissions) !== JSON.stringify({ contents: "read" })) {
        violations.push(
            `workflow permissions must be exactly { contents: read }, got ${JSON.stringify(wf.permissions)}`,
        );
    }
    for (const [name, job] of Object.entries(wf.jobs)) {
        const perms = job.permissions ?? {};
        if (typeof perms === "string") {
            violations.push(`job ${name}: permissions "${perms}" (use an explicit scope map)`);
            continue;
        }
        const doesOidc = stepsOf(job).some((s) => OIDC_AUTH_ACTIONS.includes(actionOf(s.uses)));
        if (doesOidc && perms["id-token"] !== "write")
            violations.push(`job ${name}: OIDC auth without id-token: write`);
        for (const [scope, level] of Object.entries(perms)) {
            if (!["read", "write", "none"].includes(level)) violations.push(`job ${name}: ${scope}: ${level}`);
            if (level !== "write") continue;
            if (scope === "id-token" && !doesOidc) violations.push(`job ${name}: id-token: write without OIDC auth`);
            else if (scope === "pull-requests" && !jobCommentsOnPr(job)) {
                violations.push(`job ${name}: pull-requests: write but it never comments`);
            } else if (!["id-token", "pull-requests"].includes(scope)) violations.push(`job ${name}: ${scope}: write`);
        }
    }
    return violations;
}

/** Long-lived cloud credentials, in any spelling (input, env var, secret name). */
function longLivedCredentialViolations(text: string): string[] {
    const patterns = [
        /aws[-_]secret[-_]access[-_]key/i,
        /aws[-_]access[-_]key[-_]id/i,
        /secrets\.PULUMI_ACCESS_TOKEN/i,
    ];
    return patterns.filter((p) => p.test(text)).map((p) => `long-lived credential reference matching ${p}`);
}

function timeoutViolations(wf: Workflow): string[] {
    return Object.entries(wf.jobs)
        .filter(([, job]) => job.uses === undefined)
        .filter(([, job]) => !(typeof job["timeout-minutes"] === "number" && job["timeout-minutes"] > 0))
        .map(([name]) => `job ${name}: no timeout-minutes`);
}

function nodeSetupViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of stepsOf(job).filter((s) => usesAction(s, "actions/setup-node"))) {
            if (String(step.with?.["node-version"]) !== "20") violations.push(`job ${name}: node-version is not 20`);
            if (step.with?.cache !== "npm") violations.push(`job ${name}: setup-node without the npm cache`);
        }
    }
    return violations;
}

/**
 * Every pulumi/actions step that runs the program (up, preview) runs the policy pack with a
 * per-stack config, after `npm ci` (which installs the pack as a workspace), on a stack of
 * `vars.PULUMI_ORG`, without re-type-checking.
 */
function pulumiStepViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    for (const [name, job] of Object.entries(wf.jobs)) {
        const steps = stepsOf(job);
        for (const step of pulumiSteps(job)) {
            const command = String(step.with?.command ?? "");
            if (!PROGRAM_COMMANDS.includes(command)) continue;
            const where = `job ${name}, pulumi ${command}`;
            if (step.with?.policyPacks !== "policy-pack") violations.push(`${where}: policyPacks is not policy-pack`);
            const configs = String(step.with?.policyPackConfigs ?? "");
            if (!configs.startsWith("policy-pack/config/")) violations.push(`${where}: no policyPackConfigs`);
            if (!String(step.with?.["stack-name"] ?? "").startsWith("${{ vars.PULUMI_ORG }}/")) {
                violations.push(`${where}: stack-name is not \${{ vars.PULUMI_ORG }}/<stack>`);
            }
            if (step.env?.PULUMI_NODEJS_TRANSPILE_ONLY !== "true") {
                violations.push(`${where}: PULUMI_NODEJS_TRANSPILE_ONLY is not "true"`);
            }
            const npmCi = steps.findIndex((s) => s.run === "npm ci");
            if (npmCi < 0 || npmCi > steps.indexOf(step)) violations.push(`${where}: no npm ci before it`);
        }
    }
    return violations;
}

/** The stack a job updates with `pulumi up` (the last segment of its stack-name), if any. */
function upStackOf(job: Job): string | undefined {
    const up = pulumiSteps(job).find((s) => ["up", "update"].includes(String(s.with?.command)));
    return up === undefined ? undefined : String(up.with?.["stack-name"]).split("/").pop();
}

function environmentOf(job: Job): string | undefined {
    return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** Jobs `name` waits for, directly or through other jobs. */
function transitiveNeeds(wf: Workflow, name: string, seen = new Set<string>()): Set<string> {
    for (const dep of needsOf(wf.jobs[name] ?? {})) {
        if (!seen.has(dep)) {
            seen.add(dep);
            transitiveNeeds(wf, dep, seen);
        }
    }
    return seen;
}

/**
 * One `up` job per stack; dev waits for the job that runs `npm test`, test waits for dev, prod
 * for test; prod alone runs in the `production` environment; each stack has its own
 * never-cancelled concurrency group.
 */
function deployOrderViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    const jobByStack = new Map<string, string>();
    for (const [name, job] of Object.entries(wf.jobs)) {
        const stack = upStackOf(job);
        if (stack === undefined) continue;
        if (jobByStack.has(stack)) violations.push(`stack ${stack} is updated by two jobs`);
        jobByStack.set(stack, name);
    }
    const missing = STACKS.filter((s) => !jobByStack.has(s));
    if (missing.length > 0) return [...violations, `no pulumi up job for ${missing.join(", ")}`];
    const [dev, test, prod] = STACKS.map((s) => jobByStack.get(s) as string);

    const testJobs = Object.keys(wf.jobs).filter((n) => stepsOf(wf.jobs[n]).some((s) => s.run === "npm test"));
    if (!testJobs.some((t) => transitiveNeeds(wf, dev).has(t))) violations.push("dev does not wait for npm test");
    if (!needsOf(wf.jobs[test]).includes(dev)) violations.push("test does not need dev");
    if (!needsOf(wf.jobs[prod]).includes(test)) violations.push("prod does not need test");
    if (environmentOf(wf.jobs[prod]) !== "production") violations.push("prod is not in environment production");
    for (const job of [dev, test]) {
        if (environmentOf(wf.jobs[job]) === "production") violations.push(`${job} runs in environment production`);
    }

    const groups = new Set<string>();
    for (const [stack, name] of jobByStack) {
        const c = wf.jobs[name].concurrency;
        const group = typeof c === "string" ? c : c?.group;
        if (group === undefined || !group.includes(stack)) violations.push(`${name}: no per-stack concurrency group`);
        else groups.add(group);
        if (typeof c === "object" && String(c["cancel-in-progress"]) !== "false") {
            violations.push(`${name}: a running update could be cancelled`);
        }
    }
    if (groups.size !== jobByStack.size) violations.push("stacks share a concurrency group");
    return violations;
}

// ---------------------------------------------------------------------------------------------

function runActionValidator(file: string): { status: number | null; output: string } {
    const r = spawnSync(ACTION_VALIDATOR, [file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function readJson(relative: string): unknown {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, relative), "utf8"));
}

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

        it("verify: npm ci, npm test, npm run plan, then uploads plan/ and comments", () => {
            const runs = stepsOf(verify).flatMap((s) => (s.run === undefined ? [] : [s.run]));
            assert.deepStrictEqual(runs, ["npm ci", "npm test", "npm run plan"]);
            const upload = stepsOf(verify).find((s) => usesAction(s, "actions/upload-artifact"));
            assert.strictEqual(upload?.with?.path, "plan/");
            // Published even when the plan exits 1 on a violation: that is when it matters most.
            assert.match(String(upload?.if), /!cancelled\(\)/);
            const comment = stepsOf(verify).find((s) => usesAction(s, "actions/github-script"));
            assert.match(String(comment?.if), /!cancelled\(\)/);
        });

        it("previews dev, test and prod after verify, commenting on the PR", () => {
            assert.deepStrictEqual(needsOf(preview), ["verify"]);
            assert.deepStrictEqual(preview.strategy?.matrix?.stack, [...STACKS]);
            const [step] = pulumiSteps(preview);
            assert.strictEqual(step.with?.command, "preview");
            assert.strictEqual(step.with?.["stack-name"], "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}");
            assert.strictEqual(step.with?.["comment-on-pr"], true);
            assert.strictEqual(step.with?.policyPackConfigs, "policy-pack/config/${{ matrix.stack }}.json");
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
            assert.deepStrictEqual(runs.slice(0, 2), ["npm ci", "npm test"]);
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
                resourceFor("aws:lb/loadBalancer:LoadBalancer", {
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

    describe("PR comment script", () => {
        const step = stepsOf(parseWorkflow(readWorkflowText("preview.yml")).jobs.verify).find((s) =>
            usesAction(s, "actions/github-script"),
        ) as Step;
        const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
            ...args: string[]
        ) => (...args: unknown[]) => Promise<void>;

        interface Call {
            readonly method: string;
            readonly params: Record<string, unknown>;
        }

        /** Runs the step's script as github-script would, against a fake API and a plan dir. */
        async function runCommentScript(
            planFiles: Record<string, string>,
            existing: { id: number; body: string; user: { type: string } }[],
        ): Promise<Call[]> {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
            for (const [name, content] of Object.entries(planFiles)) fs.writeFileSync(path.join(dir, name), content);
            const calls: Call[] = [];
            const record = (method: string) => async (params: Record<string, unknown>) => {
                calls.push({ method, params });
                return { data: method === "listComments" ? existing : {} };
            };
            const listComments = record("listComments");
            const github = {
                paginate: async (fn: typeof listComments, params: Record<string, unknown>) => (await fn(params)).data,
                rest: {
                    issues: {
                        listComments,
                        createComment: record("createComment"),
                        updateComment: record("updateComment"),
                    },
                },
            };
            const context = {
                repo: { owner: "acme", repo: "ecs-platform" },
                payload: { pull_request: { number: 7 } },
                serverUrl: "https://github.com",
                runId: 42,
            };
            const previousDir = process.env.PLAN_DIR;
            process.env.PLAN_DIR = dir;
            try {
                assert.strictEqual(step.env?.PLAN_DIR, "plan");
                await new AsyncFunction("require", "github", "context", String(step.with?.script))(
                    require,
                    github,
                    context,
                );
            } finally {
                if (previousDir === undefined) delete process.env.PLAN_DIR;
                else process.env.PLAN_DIR = previousDir;
                fs.rmSync(dir, { recursive: true, force: true });
            }
            return calls.filter((c) => c.method !== "listComments");
        }

        it("creates one comment with every stack's plan, in promotion order", async () => {
            const calls = await runCommentScript(
                {
                    "prod.md": "## prod\n```mermaid\ngraph LR\n```",
                    "dev.md": "## dev",
                    "test.md": "## test",
                    "dev.json": "{}",
                },
                [],
            );
            assert.strictEqual(calls.length, 1);
            assert.strictEqual(calls[0].method, "createComment");
            assert.strictEqual(calls[0].params.issue_number, 7);
            const body = String(calls[0].params.body);
            assert.ok(body.startsWith("<!-- ecs-platform-plan -->"));
            assert.ok(body.indexOf("## dev") < body.indexOf("## test"));
            assert.ok(body.indexOf("## test") < body.indexOf("## prod"));
            assert.match(body, /```mermaid\ngraph LR\n```/);
            assert.match(body, /actions\/runs\/42/);
            assert.doesNotMatch(body, /\{\}/);
        });

        it("updates its own earlier comment instead of adding another", async () => {
            const calls = await runCommentScript({ "dev.md": "## dev v2" }, [
                { id: 1, body: "<!-- ecs-platform-plan --> old", user: { type: "User" } },
                { id: 2, body: "<!-- ecs-platform-plan --> old", user: { type: "Bot" } },
            ]);
            assert.deepStrictEqual(
                calls.map((c) => [c.method, c.params.comment_id]),
                [["updateComment", 2]],
            );
            assert.match(String(calls[0].params.body), /## dev v2/);
        });

        it("stays under GitHub's 65536-character limit by pointing at the artifact", async () => {
            const calls = await runCommentScript(
                { "dev.md": "## dev", "prod.md": `## prod\n${"x".repeat(70000)}` },
                [],
            );
            const body = String(calls[0].params.body);
            assert.ok(body.length < 65536);
            assert.match(body, /## dev/);
            assert.match(body, /prod\.md is too long for a comment; see the artifact/);
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
            assert.strictEqual(pinViolations(deployText.replace(/ # v6\.0\.3/g, " # v6")).length, 4);
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

        it("a pulumi up without the policy pack", () => {
            const withoutPack = parseWorkflow(deployText.replace("          policyPacks: policy-pack\n", ""));
            assert.deepStrictEqual(pulumiStepViolations(withoutPack), [
                "job dev, pulumi up: policyPacks is not policy-pack",
            ]);
        });

        it("prod skipping test, prod outside production, and stacks sharing a concurrency group", () => {
            const skip = parseWorkflow(deployText.replace("    needs: test\n", "    needs: dev\n"));
            assert.deepStrictEqual(deployOrderViolations(skip), ["prod does not need test"]);
            const noEnv = parseWorkflow(deployText.replace("      name: production\n", "      name: staging\n"));
            assert.deepStrictEqual(deployOrderViolations(noEnv), ["prod is not in environment production"]);
            const shared = parseWorkflow(deployText.replace(/group: pulumi-up-\w+/g, "group: pulumi-up"));
            assert.ok(deployOrderViolations(shared).includes("stacks share a concurrency group"));
        });
    });
});
