import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffMarkdown } from "../../../tools/plan/diff-markdown";
import { stackReportSchema, StackReport } from "../../../tools/plan/report";

/*
 * End to end through git and the CLI, in a throwaway detached worktree of HEAD (its own temporary
 * commit, no branch: the repository's branches and working tree are never touched). Both runs are
 * real CLI runs: the head evaluates in the CLI's process, the base in its child.
 */
const REPO = path.resolve(__dirname, "..", "..", "..");
const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    assert.strictEqual(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
};

function plan(tree: string, ref: string, out: string): { status: number | null; report: StackReport; stderr: string } {
    const r = spawnSync(
        process.execPath,
        ["-r", "ts-node/register", "tools/plan/cli.ts", "--stack", "dev", "--diff", ref, "--out", out],
        {
            cwd: tree,
            encoding: "utf8",
            env: { ...process.env, NO_COLOR: "1" },
        },
    );
    const report = stackReportSchema.parse(JSON.parse(fs.readFileSync(path.join(out, "dev.json"), "utf8")));
    return { status: r.status, report, stderr: r.stderr };
}

function edit(file: string, from: string, to: string): void {
    const text = fs.readFileSync(file, "utf8");
    assert.ok(
        text.includes(from),
        `${path.basename(file)} no longer contains ${JSON.stringify(from)}: update this test`,
    );
    fs.writeFileSync(file, text.replace(from, to));
}

describe("plan diff: --diff <ref> through git", function () {
    this.timeout(120_000);
    let dir: string;
    let tree: string;
    const branchesBefore = git(REPO, "branch", "--list");

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-test-"));
        tree = path.join(dir, "tree");
        git(REPO, "worktree", "add", "--detach", "--quiet", tree, "HEAD");
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(tree, "node_modules"), "dir");
    });

    after(() => {
        spawnSync("git", ["worktree", "remove", "--force", tree], { cwd: REPO });
        spawnSync("git", ["worktree", "prune"], { cwd: REPO });
        fs.rmSync(dir, { recursive: true, force: true });
        assert.strictEqual(git(REPO, "branch", "--list"), branchesBefore, "no branch created or removed");
        assert.ok(!git(REPO, "worktree", "list").includes(tree), "the throwaway worktree is gone");
    });

    it("no change against HEAD: an empty diff, the head's exit code", () => {
        const { status, report } = plan(tree, "HEAD", path.join(dir, "same"));
        const d = report.diff!;
        assert.strictEqual(d.base.status, "ok", d.base.error);
        assert.strictEqual(d.base.commit, git(tree, "rev-parse", "HEAD"));
        assert.deepStrictEqual([d.resources!.added, d.resources!.removed, d.resources!.changed], [[], [], []]);
        assert.strictEqual(d.resources!.unchanged, report.graph!.resourceCount);
        assert.deepStrictEqual([d.policies!.new, d.policies!.resolved, d.iam], [[], [], []]);
        assert.deepStrictEqual(d.reachability, { added: [], removed: [], broken: [], fixed: [] });
        assert.strictEqual(d.cost!.total.deltaMaxUsd, 0);
        assert.strictEqual(status, report.exitCode);
        assert.match(fs.readFileSync(path.join(dir, "same", "dev.md"), "utf8"), /## Changes against `HEAD`/);
    });

    it("a temporary commit changing IAM, a security group and sizes shows each of them", () => {
        const commit = (message: string) =>
            git(
                tree,
                "-c",
                "user.name=plan-diff test",
                "-c",
                "user.email=test@example.invalid",
                "commit",
                "-qam",
                message,
            );
        // The base runs an image (a bootstrap service is priced at 0 tasks, so sizes would cost nothing).
        edit(
            path.join(tree, "Pulumi.dev.yaml"),
            "      cpu: 512\n      memory: 1024\n",
            "      cpu: 512\n      memory: 1024\n      imageTag: 1.4.2\n",
        );
        commit("temporary: the bff runs an image");
        edit(
            path.join(tree, "Pulumi.dev.yaml"),
            "      cpu: 512\n      memory: 1024\n      imageTag: 1.4.2",
            "      cpu: 1024\n      memory: 2048\n      imageTag: 1.4.2",
        );
        // An allowed network needs an internet-facing ALB: the edge mode changes with it.
        edit(
            path.join(tree, "Pulumi.dev.yaml"),
            "mode: vpcOrigin\n    allowedCidrs: []",
            "mode: publicAlb\n    allowedCidrs: [203.0.113.0/24]",
        );
        edit(
            path.join(tree, "components", "task-roles.ts"),
            `Action: ["logs:CreateLogStream", "logs:PutLogEvents"]`,
            `Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]`,
        );
        commit("temporary: IAM, SG, sizes");
        const { report } = plan(tree, "HEAD~1", path.join(dir, "changed"));
        const d = report.diff!;
        assert.strictEqual(d.base.status, "ok", d.base.error);

        // Sizes: the bff task definition is replaced (cpu and memory are force-new), and costs more.
        const td = d.resources!.changed.find(
            (c) => c.type === "aws:ecs/taskDefinition:TaskDefinition" && c.name.includes("bff"),
        );
        assert.ok(td, JSON.stringify(d.resources!.changed.map((c) => c.name)));
        assert.strictEqual(td.replacement, true);
        assert.deepStrictEqual(
            td.changes.filter((c) => c.path === "cpu").map((c) => [c.old, c.new, c.replaces]),
            [["512", "1024", true]],
        );
        const fargate = d.cost!.lines.find((l) => /bff/i.test(l.item))!;
        assert.ok(fargate.deltaMinUsd > 0 && d.cost!.total.deltaMaxUsd > 0, JSON.stringify(fargate));

        // Security group: the allowed network reaches the ALB; new ingress rules exist.
        assert.ok(
            d.reachability!.added.some((c) => c.from === "cidr:203.0.113.0/24" && c.to === "alb"),
            JSON.stringify(d.reachability),
        );
        assert.ok(
            d.resources!.added.some((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
        );

        // IAM: the roles whose policy changed gain exactly the new action.
        assert.ok(d.iam!.length > 0);
        for (const role of d.iam!)
            assert.deepStrictEqual([role.status, role.gained, role.lost], ["changed", ["logs:DescribeLogStreams"], []]);

        const md = diffMarkdown(d).join("\n");
        assert.match(md, /± \*\*replace\*\*/);
        assert.match(md, /gains 1: `logs:DescribeLogStreams`/);
        assert.match(md, /\*\*now allowed\*\*: cidr:203\.0\.113\.0\/24 → alb/);
    });

    it("an unknown ref is reported in the diff, not fatal: the head's plan and exit code stand", () => {
        const { status, report } = plan(tree, "no-such-ref-4711", path.join(dir, "bad"));
        assert.strictEqual(report.diff!.base.status, "failed");
        assert.match(report.diff!.base.error!, /cannot resolve/);
        assert.strictEqual(status, report.exitCode);
    });
});
