/**
 * .github/workflows/drift.yml (issue 19): a scheduled `pulumi preview --refresh
 * --expect-no-changes` of every deployed stack with read-only credentials, and one job that files
 * the drift issues without running any of the repository's code. The generic workflow policy
 * (pins, permissions, OIDC, the policy pack on every preview) runs on it in workflows.spec.ts.
 */
import * as assert from "assert";
import { Job, parseWorkflow, readWorkflowText, STACKS, stepsOf, usesAction, Workflow } from "./workflow-rules";

/** What drift.yml must be; [] means it is. */
function driftViolations(wf: Workflow): string[] {
    const out: string[] = [];
    const on = (wf.on ?? {}) as Record<string, unknown>;
    if (!Array.isArray(on.schedule) || on.schedule.length === 0) out.push("no schedule");
    for (const trigger of ["pull_request", "pull_request_target", "push"]) {
        if (trigger in on) out.push(`runs on ${trigger}: drift is checked on a schedule, from main`);
    }
    const jobs = Object.entries(wf.jobs);
    const checks = jobs.filter(([, j]) => stepsOf(j).some((s) => usesAction(s, "pulumi/actions")));
    for (const [name, job] of checks) {
        const stacks = (job.strategy?.matrix?.stack as string[] | undefined) ?? [];
        if (JSON.stringify(stacks) !== JSON.stringify(STACKS)) out.push(`job ${name}: stacks ${stacks}`);
        for (const step of stepsOf(job).filter((s) => usesAction(s, "pulumi/actions"))) {
            if (step.with?.command !== "preview") out.push(`job ${name}: pulumi ${String(step.with?.command)}`);
            if (step.with?.refresh !== true) out.push(`job ${name}: preview without refresh`);
            if (step.with?.["expect-no-changes"] !== true) out.push(`job ${name}: preview without expect-no-changes`);
        }
        const auth = stepsOf(job).find((s) => usesAction(s, "pulumi/auth-actions"));
        if (auth?.with?.["requested-token-type"] !== "urn:pulumi:token-type:access_token:team") {
            out.push(`job ${name}: not a team token of the read-only preview team`);
        }
        const aws = stepsOf(job).find((s) => usesAction(s, "aws-actions/configure-aws-credentials"));
        const include = (job.strategy?.matrix?.include ?? []) as { stack: string; role_var: string }[];
        if (
            aws?.with?.["role-to-assume"] !== "${{ vars[matrix.role_var] }}" ||
            include.some((i) => i.role_var !== `AWS_PREVIEW_ROLE_ARN_${i.stack.toUpperCase()}`)
        ) {
            out.push(`job ${name}: not the stack's read-only preview role`);
        }
        if (permissionsOf(job).issues !== undefined) out.push(`job ${name}: runs code and may write issues`);
    }
    const filers = jobs.filter(([, j]) => permissionsOf(j).issues === "write");
    if (filers.length !== 1) out.push(`${filers.length} jobs may write issues, not one`);
    for (const [name, job] of filers) {
        if (stepsOf(job).some((s) => s.run !== undefined || usesAction(s, "actions/checkout"))) {
            out.push(`job ${name}: files issues and runs or checks out code`);
        }
        if (!checks.every(([c]) => [job.needs].flat().includes(c)))
            out.push(`job ${name}: does not wait for the checks`);
    }
    return out;
}

const permissionsOf = (job: Job) => (typeof job.permissions === "object" ? job.permissions : {});

describe("drift.yml: the scheduled drift check", () => {
    const text = readWorkflowText("drift.yml");

    it("previews every stack with --refresh --expect-no-changes, read-only, and files issues from a job running no code", () => {
        assert.deepStrictEqual(driftViolations(parseWorkflow(text)), []);
    });

    it("the report acts on the preview's outcome: opens or comments on the stack's issue, closes it when clean", () => {
        const wf = parseWorkflow(text);
        const check = stepsOf(wf.jobs.drift).find((s) => s.id === "preview");
        assert.strictEqual((check as { "continue-on-error"?: unknown })["continue-on-error"], true);
        const script = String(stepsOf(wf.jobs.report).find((s) => s.with?.script)?.with?.script);
        for (const call of ["issues.create", "issues.createComment", "issues.update"])
            assert.ok(script.includes(call), call);
        assert.match(script, /state: "closed"/);
    });

    it("catches a drift check that would pass on drift, write state, or run code with a write token (the check can fail)", () => {
        const broken = [
            text.replace("          expect-no-changes: true\n", ""),
            text.replace("          refresh: true\n", ""),
            text.replace("command: preview", "command: up"),
            text.replace("access_token:team", "access_token:organization"),
            text.replace("      id-token: write # OIDC", "      issues: write\n      id-token: write # OIDC"),
            text.replace(
                "      - name: Download the outcomes (data only)",
                "      - run: npm ci\n      - name: Download the outcomes (data only)",
            ),
            text.replace("  workflow_dispatch:\n", "  workflow_dispatch:\n  push:\n"),
        ];
        for (const variant of broken) {
            assert.notStrictEqual(variant, text, "the mutation applied");
            assert.notDeepStrictEqual(driftViolations(parseWorkflow(variant)), [], variant);
        }
    });
});
