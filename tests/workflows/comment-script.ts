/**
 * Runs the PR comment step of plan-comment.yml (an actions/github-script step) the way
 * github-script would: its script as an async function of `require`, `github`, `context` and
 * `core`, against a fake GitHub API that records the calls, a `workflow_run` event payload and a
 * temporary folder standing for the downloaded artifact.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Step } from "./workflow-rules";

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
) => (...args: unknown[]) => Promise<void>;

/** One GitHub API call the script made. */
export interface Call {
    readonly method: string;
    readonly params: Record<string, unknown>;
}

/** The comments already on the PR, as listComments returns them. */
export type ExistingComment = { id: number; body: string; user: { login: string; type: string } };

/** An open pull request as pulls.list returns it. */
export type OpenPull = { number: number; head: { sha: string } };

export interface Scenario {
    /** The artifact's files (name -> content); a value of `null` makes a symbolic link to /etc/hostname. */
    readonly planFiles: Record<string, string | null>;
    readonly existing?: ExistingComment[];
    readonly pulls?: OpenPull[];
    /** The triggering run's head; default a fork's `main` at `abc123`. */
    readonly headSha?: string;
    readonly headBranch?: string;
}

export const HEAD_SHA = "abc123";

/** A runner for `step`'s script: scenario in, the API calls it made (other than listing) out. */
export function commentScriptRunner(step: Step): (scenario: Scenario) => Promise<{ calls: Call[]; info: string[] }> {
    return async function runCommentScript(scenario) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        for (const [name, content] of Object.entries(scenario.planFiles)) {
            if (content === null) fs.symlinkSync("/etc/hostname", path.join(dir, name));
            else fs.writeFileSync(path.join(dir, name), content);
        }
        const calls: Call[] = [];
        const record = (method: string, data: unknown) => async (params: Record<string, unknown>) => {
            calls.push({ method, params });
            return { data };
        };
        const github = {
            paginate: async (
                fn: (p: Record<string, unknown>) => Promise<{ data: unknown }>,
                params: Record<string, unknown>,
            ) => (await fn(params)).data,
            rest: {
                pulls: { list: record("pulls.list", scenario.pulls ?? [{ number: 7, head: { sha: HEAD_SHA } }]) },
                issues: {
                    listComments: record("listComments", scenario.existing ?? []),
                    createComment: record("createComment", {}),
                    updateComment: record("updateComment", {}),
                },
            },
        };
        const context = {
            repo: { owner: "acme", repo: "ecs-platform" },
            payload: {
                workflow_run: {
                    id: 42,
                    event: "pull_request",
                    head_sha: scenario.headSha ?? HEAD_SHA,
                    head_branch: scenario.headBranch ?? "main",
                    head_repository: { owner: { login: "forker" } },
                    html_url: "https://github.com/acme/ecs-platform/actions/runs/42",
                },
            },
        };
        const info: string[] = [];
        const core = { info: (m: string) => info.push(m) };
        const previousDir = process.env.PLAN_DIR;
        process.env.PLAN_DIR = dir;
        try {
            assert.strictEqual(step.env?.PLAN_DIR, "${{ runner.temp }}/plan");
            await new AsyncFunction("require", "github", "context", "core", String(step.with?.script))(
                require,
                github,
                context,
                core,
            );
        } finally {
            if (previousDir === undefined) delete process.env.PLAN_DIR;
            else process.env.PLAN_DIR = previousDir;
            fs.rmSync(dir, { recursive: true, force: true });
        }
        return { calls: calls.filter((c) => c.method !== "listComments"), info };
    };
}
