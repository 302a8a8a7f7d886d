/**
 * Runs the PR comment step of preview.yml (an actions/github-script step) the way github-script
 * would: its script as an async function of `require`, `github` and `context`, against a fake
 * GitHub API that records the calls and a temporary plan directory.
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
export type ExistingComment = { id: number; body: string; user: { type: string } };

/** A runner for `step`'s script: plan files in, the API calls it made (other than listing) out. */
export function commentScriptRunner(
    step: Step,
): (planFiles: Record<string, string>, existing: ExistingComment[]) => Promise<Call[]> {
    return async function runCommentScript(planFiles, existing) {
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
    };
}
