/**
 * This repository's CI policy for its GitHub Actions workflows, as functions over the parsed YAML
 * (and, where comments matter, the text): pinned actions, least-privilege permissions, OIDC only,
 * the policy pack on every preview and update, and dev -> test -> prod behind `production`. Each
 * check returns human-readable violations ([] means compliant), so workflows.spec.ts runs the very
 * same functions on the real files and on in-memory broken ones.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const WORKFLOW_DIR = path.join(REPO_ROOT, ".github/workflows");
export const WORKFLOW_FILES = ["preview.yml", "deploy.yml", "drift.yml"] as const;
const ACTION_VALIDATOR = path.join(REPO_ROOT, "node_modules/.bin/action-validator");
export const STACKS = ["dev", "test", "prod"] as const;

// ---------------------------------------------------------------------------------------------
// The workflow shape the checks read (only the keys they use).

export interface Step {
    readonly id?: string;
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, unknown>;
}

export interface Job {
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

export interface Workflow {
    readonly on: unknown;
    readonly permissions?: unknown;
    readonly concurrency?: string | { readonly group: string; readonly "cancel-in-progress"?: unknown };
    readonly env?: Record<string, unknown>;
    readonly jobs: Record<string, Job>;
}

export function parseWorkflow(text: string): Workflow {
    const doc = yaml.load(text) as Workflow | undefined;
    assert.ok(doc && typeof doc === "object" && doc.jobs, "not a workflow: no jobs");
    return doc;
}

export function readWorkflowText(file: string): string {
    return fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8");
}

export const stepsOf = (job: Job): readonly Step[] => job.steps ?? [];
export const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());
const actionOf = (uses: string | undefined): string => (uses ?? "").split("@")[0];
export const usesAction = (step: Step, action: string): boolean => actionOf(step.uses) === action;

/** Steps that authenticate with an OIDC token: the only reason a job may hold `id-token: write`. */
export const OIDC_AUTH_ACTIONS = ["aws-actions/configure-aws-credentials", "pulumi/auth-actions"];
/** pulumi/actions commands that run the program, and so must run the policy pack with it. */
const PROGRAM_COMMANDS = ["up", "update", "preview"];

export function pulumiSteps(job: Job): Step[] {
    return stepsOf(job).filter((s) => usesAction(s, "pulumi/actions"));
}

// ---------------------------------------------------------------------------------------------
// Policy checks. Each returns human-readable violations; [] means compliant.

export const SHA = /^[0-9a-f]{40}$/;
const EXACT_SEMVER = /^v\d+\.\d+\.\d+$/;

/**
 * Every `uses:` is a local path, a full commit SHA with a `# vX.Y.Z` comment, or an exact
 * `vX.Y.Z` tag. Comments are gone once YAML is parsed, so the version comment is read from the
 * text line; the parsed document supplies the list (a flow-style `{uses: ...}` cannot hide).
 */
export function pinViolations(text: string): string[] {
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

/** A job that files issues: a github-script step calling the issues API (drift.yml's report). */
function jobWritesIssues(job: Job): boolean {
    return stepsOf(job).some(
        (s) => usesAction(s, "actions/github-script") && /github\.rest\.issues\./.test(String(s.with?.script ?? "")),
    );
}

/**
 * Workflow level: exactly `contents: read`. Job level: an explicit scope map (never `write-all`
 * or `read-all`); the only writable scopes are `id-token` (only in jobs that do OIDC auth, and
 * then required), `pull-requests` (only in jobs that comment on the PR) and `issues` (only in jobs
 * that file issues).
 */
export function permissionViolations(wf: Workflow): string[] {
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
            } else if (scope === "issues" && !jobWritesIssues(job)) {
                violations.push(`job ${name}: issues: write but it files no issue`);
            } else if (!["id-token", "pull-requests", "issues"].includes(scope)) {
                violations.push(`job ${name}: ${scope}: write`);
            }
        }
    }
    return violations;
}

/** Long-lived cloud credentials, in any spelling (input, env var, secret name). */
export function longLivedCredentialViolations(text: string): string[] {
    const patterns = [
        /aws[-_]secret[-_]access[-_]key/i,
        /aws[-_]access[-_]key[-_]id/i,
        /secrets\.PULUMI_ACCESS_TOKEN/i,
    ];
    return patterns.filter((p) => p.test(text)).map((p) => `long-lived credential reference matching ${p}`);
}

export function timeoutViolations(wf: Workflow): string[] {
    return Object.entries(wf.jobs)
        .filter(([, job]) => job.uses === undefined)
        .filter(([, job]) => !(typeof job["timeout-minutes"] === "number" && job["timeout-minutes"] > 0))
        .map(([name]) => `job ${name}: no timeout-minutes`);
}

export function nodeSetupViolations(wf: Workflow): string[] {
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
export function pulumiStepViolations(wf: Workflow): string[] {
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
export function deployOrderViolations(wf: Workflow): string[] {
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

/**
 * Around each stack's `pulumi up`: a `pulumi preview` with the pack and the same stack's policy
 * config before it (stack policies run only after `up` applied every step), the image-platform
 * check of the same stack after it (tools/ci/image-platforms.ts), a tip-of-main check
 * right before it, the rollout verification right after it (reading the up step's outputs, the
 * services from its per-service maps), and
 * AWS credentials that last the whole job (role-duration-seconds >= timeout-minutes x 60).
 */
/** The verification's env holding a per-service stack output (a map by service name), by the output's name. */
export const VERIFY_SERVICE_MAPS: Readonly<Record<string, string>> = {
    SERVICE_ARNS: "serviceArns",
    TASK_DEFINITION_ARNS: "taskDefinitionArns",
};
/**
 * Every `pulumi up` refreshes first: the ECS service's target-group pair and the listener weights are
 * `ignoreChanges` (ECS owns them after a traffic-shifting deploy), and Pulumi then sends what the
 * state holds, so the state must be what ECS left (components/deployment-configuration.ts).
 */
export function upRefreshViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of pulumiSteps(job)) {
            if (!["up", "update"].includes(String(step.with?.command))) continue;
            const refresh = step.with?.refresh;
            if (refresh !== true && refresh !== "true")
                violations.push(`job ${name}, ${step.name}: pulumi up without refresh: true`);
        }
    }
    return violations;
}

export function rolloutGateViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    for (const [name, job] of Object.entries(wf.jobs)) {
        const stack = upStackOf(job);
        if (stack === undefined) continue;
        const steps = stepsOf(job);
        const up = steps.findIndex(
            (s) => usesAction(s, "pulumi/actions") && ["up", "update"].includes(String(s.with?.command)),
        );
        const preview = steps.findIndex(
            (s) =>
                usesAction(s, "pulumi/actions") &&
                s.with?.command === "preview" &&
                s.with?.policyPacks === "policy-pack" &&
                s.with?.policyPackConfigs === `policy-pack/config/${stack}.json` &&
                String(s.with?.["stack-name"]).endsWith(`/${stack}`),
        );
        if (preview < 0 || preview > up)
            violations.push(`job ${name}: no policy-gated pulumi preview of ${stack} before up`);
        const images = steps.findIndex((s) =>
            new RegExp(`tools/ci/image-platforms\\.ts ${stack}\\b`).test(s.run ?? ""),
        );
        if (images < 0 || images > up || images < preview)
            violations.push(`job ${name}: nothing checks the image platforms of ${stack} between preview and up`);
        const tip = steps[up - 1];
        const checksTip =
            /commits\/main/.test(tip?.run ?? "") && /GITHUB_SHA/.test(tip?.run ?? "") && /exit 1/.test(tip?.run ?? "");
        if (!checksTip)
            violations.push(`job ${name}: the step before up does not check that the commit is still the tip of main`);
        if (steps[up]?.id !== "up")
            violations.push(`job ${name}: the up step has no id "up" (its outputs feed the verification)`);
        const verify = steps.slice(up + 1).find((s) => /tools\/ci\/verify-rollout\.ts/.test(s.run ?? ""));
        if (!verify) violations.push(`job ${name}: nothing verifies the rollout after up`);
        else {
            for (const key of ["CLUSTER", "PUBLIC_URL"]) {
                if (!/steps\.up\.outputs\./.test(String(verify.env?.[key] ?? ""))) {
                    violations.push(`job ${name}: the verification's ${key} does not come from the up step's outputs`);
                }
            }
            // The services: the whole per-service maps, never a list typed out per service.
            for (const [key, output] of Object.entries(VERIFY_SERVICE_MAPS)) {
                if (String(verify.env?.[key] ?? "").trim() !== `\${{ steps.up.outputs.${output} }}`) {
                    violations.push(`job ${name}: the verification's ${key} is not the up step's ${output} map`);
                }
            }
            if (verify.env?.SERVICES !== undefined || !/export SERVICES/.test(verify.run ?? "")) {
                violations.push(`job ${name}: the verification's SERVICES is not derived from the per-service maps`);
            }
            if (verify.if !== undefined) violations.push(`job ${name}: the verification is conditional`);
        }
        const aws = steps.find((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
        const duration = Number(aws?.with?.["role-duration-seconds"] ?? 3600);
        const timeout = Number(job["timeout-minutes"]);
        if (!(duration >= timeout * 60)) {
            violations.push(`job ${name}: AWS credentials last ${duration} s, the job may run ${timeout * 60} s`);
        }
    }
    const c = wf.concurrency;
    const group = typeof c === "string" ? c : c?.group;
    if (group === undefined)
        violations.push("no workflow-level concurrency: an older run can deploy after a newer one");
    else if (typeof c === "object" && String(c["cancel-in-progress"]) !== "false") {
        violations.push("the workflow-level concurrency cancels a running deploy");
    }
    return violations;
}

/**
 * The prod job runs only after a job outside any environment (GitHub would create a missing
 * `production` unprotected) has read the environment with `actions: read` and checked it.
 */
export function productionGateViolations(wf: Workflow): string[] {
    const prod = Object.entries(wf.jobs).find(([, job]) => upStackOf(job) === "prod");
    if (prod === undefined) return ["no prod job"];
    const gates = Object.entries(wf.jobs).filter(([, job]) =>
        stepsOf(job).some(
            (s) =>
                /tools\/ci\/production-environment\.ts/.test(s.run ?? "") &&
                /environments\/production/.test(s.run ?? ""),
        ),
    );
    if (gates.length === 0) return ["no job checks the production environment"];
    const violations: string[] = [];
    const [gateName, gate] = gates[0];
    if (!transitiveNeeds(wf, prod[0]).has(gateName)) violations.push(`prod does not need ${gateName}`);
    if (environmentOf(gate) !== undefined) violations.push(`${gateName} runs in an environment (it would create it)`);
    const perms = gate.permissions;
    if (typeof perms !== "object" || perms.actions !== "read") violations.push(`${gateName} lacks actions: read`);
    return violations;
}

// ---------------------------------------------------------------------------------------------
// Reading the repository and running action-validator.

/** action-validator's exit status and its output on one workflow file. */
export function runActionValidator(file: string): { status: number | null; output: string } {
    const r = spawnSync(ACTION_VALIDATOR, [file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A JSON file of the repository, by path from its root. */
export function readJson(relative: string): unknown {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, relative), "utf8"));
}

// ---------------------------------------------------------------------------------------------
// The comment workflow (plan-comment.yml): it holds a write token, so it must not run PR code.

export const COMMENT_WORKFLOW = "plan-comment.yml";

/** Actions that fetch or run repository code: none may appear in a workflow_run comment job. */
const CODE_ACTIONS = ["actions/checkout", "actions/setup-node", "pulumi/actions"];

/**
 * A `workflow_run` job that posts an artifact: no checkout or code-running action, no `run:`
 * step, no expression inside a script (attacker-controlled event fields such as head_branch
 * would be spliced into code: https://securitylab.github.com/resources/github-actions-untrusted-input/),
 * and exactly the permissions it uses: `actions: read` (the artifact) and `pull-requests: write`.
 */
export function commentWorkflowViolations(wf: Workflow): string[] {
    const violations: string[] = [];
    const on = wf.on as { workflow_run?: { workflows?: string[]; types?: string[] } } | undefined;
    if (!on?.workflow_run) violations.push("not triggered by workflow_run");
    for (const [name, job] of Object.entries(wf.jobs)) {
        const perms = JSON.stringify(job.permissions ?? {});
        if (perms !== JSON.stringify({ actions: "read", "pull-requests": "write" })) {
            violations.push(`job ${name}: permissions ${perms}, want exactly actions: read and pull-requests: write`);
        }
        for (const step of stepsOf(job)) {
            if (step.run !== undefined) violations.push(`job ${name}: runs a shell step (${step.run.split("\n")[0]})`);
            if (CODE_ACTIONS.some((a) => usesAction(step, a))) violations.push(`job ${name}: uses ${step.uses}`);
            if (/\$\{\{/.test(String(step.with?.script ?? ""))) {
                violations.push(`job ${name}: an expression inside a script`);
            }
            for (const [key, value] of Object.entries({ ...step.with, ...step.env })) {
                if (key === "script") continue;
                for (const expr of String(value).match(/\$\{\{[^}]*\}\}/g) ?? []) {
                    const allowed = ["runner.temp", "github.event.workflow_run.id", "github.token"];
                    if (!allowed.some((a) => expr.replace(/\s/g, "") === `\${{${a}}}`)) {
                        violations.push(`job ${name}: ${key} uses ${expr}`);
                    }
                }
            }
        }
    }
    return violations;
}
