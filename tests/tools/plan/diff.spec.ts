import * as assert from "assert";
import { AWS_TYPE } from "../../../policy-pack/lib/aws-types";
import { compareResource, diffReports, ReportLike, ResourceLike } from "../../../tools/plan/diff";
import { diffMarkdown } from "../../../tools/plan/diff-markdown";
import { diffText } from "../../../tools/plan/diff-attach";
import { makeStyle } from "../../../tools/plan/terminal";
import { diffSection } from "../../../tools/plan/diff-schema";
import { redact, valueChanges } from "../../../tools/plan/diff-values";

// Synthetic before/after graphs: the diff engine only reads report JSON.
const P = "urn:pulumi:dev::ecs-platform::";
const urn = (chain: string, name: string) => `${P}${chain}::${name}`;
const INFO = { ref: "base", commit: "0123456789abcdef" };

function res(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<ResourceLike> = {},
): ResourceLike {
    return { urn: urn(type, name), type, name, custom: true, protect: false, inputs, ...extra };
}
function report(resources: ResourceLike[], extra: Partial<ReportLike> = {}): ReportLike {
    return { stack: "dev", exitCode: 0, graph: { resources }, policies: { violations: [] }, ...extra };
}
const sg = (name: string, inputs: Record<string, unknown>) => res(AWS_TYPE.ec2.SecurityGroup, name, inputs);
const diffOf = (b: ReportLike, h: ReportLike) => diffSection.parse(diffReports(b, h, INFO));

describe("plan diff: resources", () => {
    const base = [
        sg("alb-sg", { name: "alb-sg-1234567", description: "ALB", vpcId: "vpc-1", tags: { a: "1" } }),
        res(AWS_TYPE.cloudwatch.LogGroup, "logs", { name: "/ecs/dev/bff", retentionInDays: 7 }),
        res(AWS_TYPE.ecs.TaskDefinition, "bff-task", {
            family: "bff",
            cpu: "512",
            containerDefinitions: JSON.stringify([{ name: "bff", cpu: 512, environment: [] }]),
        }),
    ];

    it("identical graphs: no change, everything unchanged", () => {
        const d = diffOf(report(base), report(base));
        assert.deepStrictEqual(d.resources, { added: [], removed: [], changed: [], unchanged: 3 });
        assert.deepStrictEqual(d.policies, { new: [], resolved: [] });
        assert.deepStrictEqual(d.iam, []);
    });

    it("added and removed resources, a protected removal flagged", () => {
        const gone = res(AWS_TYPE.s3.Bucket, "data", { bucket: "data-abc" }, { protect: true });
        const d = diffOf(report([...base, gone]), report([...base, sg("new-sg", { name: "n", vpcId: "vpc-1" })]));
        assert.deepStrictEqual(
            d.resources!.added.map((r) => r.name),
            ["new-sg"],
        );
        assert.deepStrictEqual(d.resources!.removed, [{ urn: gone.urn, type: gone.type, name: "data", protect: true }]);
    });

    it("an in-place change: path, old and new values, no replacement", () => {
        const after = [
            base[0],
            res(AWS_TYPE.cloudwatch.LogGroup, "logs", { name: "/ecs/dev/bff", retentionInDays: 30 }),
            base[2],
        ];
        const [c] = diffOf(report(base), report(after)).resources!.changed;
        assert.strictEqual(c.name, "logs");
        assert.strictEqual(c.replacement, false);
        assert.deepStrictEqual(c.changes, [{ path: "retentionInDays", old: 7, new: 30, replaces: false }]);
    });

    it("a force-new property replaces (inside a JSON string too); a tag change beside it does not", () => {
        const after = [
            sg("alb-sg", { name: "alb-sg-1234567", description: "ALB", vpcId: "vpc-2", tags: { a: "2" } }),
            base[1],
            res(AWS_TYPE.ecs.TaskDefinition, "bff-task", {
                family: "bff",
                cpu: "512",
                containerDefinitions: JSON.stringify([{ name: "bff", cpu: 1024, environment: [] }]),
            }),
        ];
        const changed = diffOf(report(base), report(after)).resources!.changed;
        const sgChange = changed.find((c) => c.name === "alb-sg")!;
        assert.strictEqual(sgChange.replacement, true);
        assert.deepStrictEqual(sgChange.replaceReasons, ["force-new (vpcId)"]);
        assert.deepStrictEqual(
            sgChange.changes.map((c) => [c.path, c.replaces]),
            [
                ["vpcId", true],
                ["tags.a", false],
            ],
        );
        const td = changed.find((c) => c.name === "bff-task")!;
        assert.deepStrictEqual(td.changes, [
            { path: "containerDefinitions[0].cpu", old: 512, new: 1024, replaces: true },
        ]);
        assert.deepStrictEqual(td.replaceReasons, ["force-new (containerDefinitions)"]);
    });

    it("an explicit physical-name change replaces even where the table has no entry for the property", () => {
        // TopicPolicy is unverified in the table: only its physical name could force a replacement.
        const b = res(AWS_TYPE.sns.Topic, "alarms", { name: "alarms-1", displayName: "x" });
        const h = res(AWS_TYPE.sns.Topic, "alarms", { name: "ops-alarms", displayName: "x" });
        const [c] = diffOf(report([b]), report([h])).resources!.changed;
        assert.deepStrictEqual(c.replaceReasons, ["physical name (name)"]);
        const bucket = diffOf(
            report([res(AWS_TYPE.s3.Bucket, "b", { bucket: "a-1", forceDestroy: false })]),
            report([res(AWS_TYPE.s3.Bucket, "b", { bucket: "a-1", forceDestroy: true })]),
        ).resources!.changed[0];
        assert.strictEqual(bucket.replacement, false, "forceDestroy is not the bucket's name");
    });

    it("a component renamed through a type alias is renamed in place with its children, not deleted and created", () => {
        const oldT = "ecs-platform:edge:PublicEntry";
        const newT = "ecs-platform:edge:Edge";
        const lbT = AWS_TYPE.lb.LoadBalancer;
        const before = [
            { urn: urn(`pulumi:pulumi:Stack$${oldT}`, "edge"), type: oldT, name: "edge", custom: false, inputs: {} },
            {
                ...res(lbT, "edge-alb", { name: "edge-alb-1", internal: false }),
                urn: urn(`${oldT}$${lbT}`, "edge-alb"),
            },
        ];
        const headComponent = urn(`pulumi:pulumi:Stack$${newT}`, "edge");
        const after = [
            { urn: headComponent, type: newT, name: "edge", custom: false, inputs: {}, aliases: [{ type: oldT }] },
            {
                ...res(lbT, "edge-alb", { name: "edge-alb-1", internal: false, parentRef: headComponent }),
                urn: urn(`${newT}$${lbT}`, "edge-alb"),
            },
        ];
        before[1].inputs = { ...before[1].inputs, parentRef: before[0].urn };
        const r = diffOf(report(before), report(after)).resources!;
        assert.deepStrictEqual([r.added, r.removed], [[], []]);
        assert.deepStrictEqual(
            r.changed.map((c) => [c.name, c.oldUrn, c.replacement]),
            [
                ["edge", before[0].urn, false],
                ["edge-alb", before[1].urn, false],
            ],
        );
        // The URN an input holds is mapped through the rename too: no spurious change.
        assert.deepStrictEqual(r.changed[1].changes, []);
        // Without the alias the same change is a delete and a create.
        const noAlias = diffOf(report(before), report([{ ...after[0], aliases: [] }, after[1]])).resources!;
        assert.strictEqual(noAlias.added.length, 2);
        assert.strictEqual(noAlias.removed.length, 2);
    });

    it("a resource renamed through a name alias keeps its identity", () => {
        const b = res(AWS_TYPE.cloudwatch.LogGroup, "old-logs", { name: "/x", retentionInDays: 7 });
        const h = res(
            AWS_TYPE.cloudwatch.LogGroup,
            "logs",
            { name: "/x", retentionInDays: 7 },
            { aliases: [{ name: "old-logs" }] },
        );
        const r = diffOf(report([b]), report([h])).resources!;
        assert.deepStrictEqual(
            r.changed.map((c) => [c.oldUrn, c.changes.map((x) => x.path)]),
            [[b.urn, ["(name)"]]],
        );
    });

    it("services by their tags: one whose kind tag changes is kindChanged, not added and removed", () => {
        const tagged = (kind: string) =>
            sg("jobs-sg", {
                name: "jobs",
                vpcId: "vpc-1",
                tags: { "ecs-platform:service": "jobs", "ecs-platform:kind": kind },
            });
        const d = diffOf(report([...base, tagged("internal")]), report([...base, tagged("worker")]));
        assert.deepStrictEqual(d.services, {
            added: [],
            removed: [],
            kindChanged: [{ name: "jobs", from: "internal", to: "worker" }],
        });
        assert.ok(diffMarkdown(d).includes("- **jobs** changes kind internal -> worker"));
        // An untagged resource names no service (the ALB's group above carries no service tag).
        assert.deepStrictEqual(diffOf(report(base), report(base)).services, {
            added: [],
            removed: [],
            kindChanged: [],
        });
    });

    it("secrets are redacted on both sides: the engine's signature, [secret] and values the pack judges secret", () => {
        const sig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" };
        const awsKey = "AKIAIOSFODNN7EXAMPLE";
        const b = res(AWS_TYPE.ssm.Parameter, "p", {
            name: "/p",
            value: sig,
            description: "d",
            tags: { k: "AKIAABCDEFGHIJKLMNOP" },
        });
        const h = res(AWS_TYPE.ssm.Parameter, "p", {
            name: "/p",
            value: "[secret]",
            description: "e",
            tags: { k: awsKey },
        });
        const [c] = diffOf(report([b]), report([h])).resources!.changed;
        // Both keys are secrets: they redact to the same marker, so only the description shows.
        assert.deepStrictEqual(c.changes, [{ path: "description", old: "d", new: "e", replaces: false }]);
        assert.ok(!JSON.stringify(c).includes("hunter2"));
        assert.ok(!JSON.stringify(c).includes(awsKey));
        // Look-alikes stay: ARNs, UUIDs, numbers, ordinary words.
        const plain = {
            arn: "arn:aws:iam::123456789012:role/roles-bff-task-fffd505",
            id: "3f2b8c1e-9d4a-4c7b-8e2f-1a2b3c4d5e6f",
            n: "4096",
        };
        assert.deepStrictEqual(redact(plain), plain);
        // A container environment value is judged by its variable's name.
        const env = JSON.stringify([
            { environment: [{ name: "DB_URL", value: "postgres://app:s3cr3tPassw0rd@db:5432/x" }] },
        ]);
        assert.ok(!String(redact(env)).includes("s3cr3tPassw0rd"));
    });

    it("valueChanges: arrays of another length are one change; added and removed keys", () => {
        assert.deepStrictEqual(valueChanges({ a: [1, 2] }, { a: [1, 2, 3] }), [
            { path: "a", old: [1, 2], new: [1, 2, 3] },
        ]);
        assert.deepStrictEqual(valueChanges({ a: 1 }, { b: 1 }), [
            { path: "a", old: 1 },
            { path: "b", new: 1 },
        ]);
    });
});

describe("plan diff: analyses", () => {
    const role = (name: string) => res(AWS_TYPE.iam.Role, name, { name: `${name}-abc`, assumeRolePolicy: "{}" });
    const policy = (name: string, roleName: string, actions: unknown, effect = "Allow") =>
        res(AWS_TYPE.iam.RolePolicy, name, {
            name: `${name}-p`,
            role: roleName,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: effect, Action: actions, Resource: "*" }],
            }),
        });

    it("IAM: actions gained and lost per role, wildcards expanded with the pack's reference, Deny subtracts", () => {
        const before = [role("task"), policy("task", "task-abc", ["logs:PutLogEvents", "ssm:GetParameters"])];
        const after = [role("task"), policy("task", "task-abc", ["logs:PutLogEvents", "s3:Get*"])];
        const [r] = diffOf(report(before), report(after)).iam!;
        assert.strictEqual(r.role, "task");
        assert.strictEqual(r.status, "changed");
        assert.deepStrictEqual(r.lost, ["ssm:GetParameters"]);
        assert.ok(r.gained.includes("s3:GetObject") && r.gained.includes("s3:GetBucketPolicy"), r.gained.join());
        assert.ok(r.gained.length > 20 && r.gained.every((a) => a.startsWith("s3:Get")));
        const denied = [...after, policy("deny", "task-abc", "s3:GetObject", "Deny")];
        const [r2] = diffOf(report(before), report(denied)).iam!;
        assert.ok(!r2.gained.includes("s3:GetObject"));
        // A policy attached to another role changes nothing for this one.
        const other = [...before, role("other"), policy("other", "other-abc", "sqs:SendMessage")];
        assert.deepStrictEqual(
            diffOf(report(before), report(other)).iam!.map((x) => [x.role, x.status, x.gained]),
            [["other", "added", ["sqs:SendMessage"]]],
        );
    });

    it("policy findings new and resolved, keyed on policy, resource and level", () => {
        const v = (policyName: string, u: string, level = "advisory") => ({
            policyName,
            enforcementLevel: level,
            severity: "high",
            message: "m",
            urn: u,
            resourceName: "x",
        });
        const b = report([], { policies: { violations: [v("a", urn("t", "x")), v("b", urn("t", "x"))] } });
        const h = report([], { policies: { violations: [v("b", urn("t", "x")), v("c", urn("t", "x"), "mandatory")] } });
        const d = diffOf(b, h).policies!;
        assert.deepStrictEqual(
            d.new.map((f) => [f.policyName, f.level]),
            [["c", "mandatory"]],
        );
        assert.deepStrictEqual(
            d.resolved.map((f) => f.policyName),
            ["a"],
        );
    });

    it("reachability: connections added and removed by port, needed paths that break or are fixed", () => {
        const edge = (from: string, to: string, port: number) => ({
            from,
            to,
            ports: [{ protocol: "tcp", from: port, to: port }],
        });
        const need = (status: string) => [{ from: "bff", to: "rds", port: 5432, why: "database", status }];
        const b = report([], {
            reachability: { edges: [edge("alb", "bff", 3000), edge("bff", "rds", 5432)], required: need("ok") },
        });
        const h = report([], {
            reachability: { edges: [edge("alb", "bff", 3000), edge("internet", "alb", 22)], required: need("missing") },
        });
        const d = diffOf(b, h).reachability!;
        assert.deepStrictEqual(d.added, [{ from: "internet", to: "alb", protocol: "tcp", ports: "22" }]);
        assert.deepStrictEqual(d.removed, [{ from: "bff", to: "rds", protocol: "tcp", ports: "5432" }]);
        assert.deepStrictEqual(
            d.broken.map((x) => [x.from, x.to, x.port, x.before, x.after]),
            [["bff", "rds", 5432, "ok", "missing"]],
        );
        assert.deepStrictEqual(diffOf(h, b).reachability!.fixed.length, 1);
    });

    it("cost: before, after and delta per line item and in total (new and dropped items count from 0)", () => {
        const b = report([], {
            cost: {
                lines: [
                    { item: "ALB", minUsd: 20, maxUsd: 20 },
                    { item: "NAT", minUsd: 33, maxUsd: 33 },
                ],
            },
        });
        const h = report([], {
            cost: {
                lines: [
                    { item: "ALB", minUsd: 22.5, maxUsd: 30 },
                    { item: "Fargate bff", minUsd: 10, maxUsd: 50 },
                ],
            },
        });
        const c = diffOf(b, h).cost!;
        assert.deepStrictEqual(
            c.lines.map((l) => [l.item, l.deltaMinUsd, l.deltaMaxUsd]),
            [
                ["ALB", 2.5, 10],
                ["NAT", -33, -33],
                ["Fargate bff", 10, 50],
            ],
        );
        assert.deepStrictEqual(
            [c.total.beforeMinUsd, c.total.afterMaxUsd, c.total.deltaMinUsd, c.total.deltaMaxUsd],
            [53, 80, -20.5, 27],
        );
    });

    it("a base that did not evaluate, or lacks the stack, is reported with no sections", () => {
        const failed = {
            stack: "dev",
            exitCode: 2,
            error: {
                message: "stack dev: invalid configuration",
                causes: [{ key: "ecs-platform:bff.cpu", message: "300 is not a Fargate CPU" }],
            },
        };
        const d = diffOf(failed, report([]));
        assert.strictEqual(d.base.status, "failed");
        assert.match(d.base.error!, /ecs-platform:bff\.cpu: 300/);
        assert.strictEqual(d.resources, undefined);
        const none = diffSection.parse(diffReports(undefined, report([]), INFO, "base has no Pulumi.dev.yaml"));
        assert.deepStrictEqual(none.base, { ...INFO, status: "no-stack", error: "base has no Pulumi.dev.yaml" });
        assert.match(diffMarkdown(d).join("\n"), /did not evaluate/);
    });

    it("Markdown: replacements called out with their reason, counts, cost delta", () => {
        const b = report([sg("alb-sg", { name: "a", vpcId: "vpc-1" })], {
            cost: { lines: [{ item: "ALB", minUsd: 20, maxUsd: 20 }] },
        });
        const h = report([sg("alb-sg", { name: "a", vpcId: "vpc-2" })], {
            cost: { lines: [{ item: "ALB", minUsd: 25, maxUsd: 25 }] },
        });
        const md = diffMarkdown(diffOf(b, h)).join("\n");
        assert.match(md, /0 to create, 0 to update, 1 to replace, 0 to delete/);
        assert.match(md, /`alb-sg` \(SecurityGroup\): force-new \(vpcId\)/);
        assert.match(md, /\+\$5\.00 \/ \+\$5\.00/);
    });
});

describe("plan diff: replacements that lose data, and the terminal's per-resource lines", () => {
    const taskDef = (image: string) =>
        res(AWS_TYPE.ecs.TaskDefinition, "bff-task", {
            family: "bff",
            containerDefinitions: JSON.stringify([{ name: "bff", image }]),
        });
    const db = (identifier: string) => res(AWS_TYPE.rds.Instance, "db", { identifier, instanceClass: "db.t4g.micro" });
    const logs = (retentionInDays: number) => res(AWS_TYPE.cloudwatch.LogGroup, "logs", { retentionInDays });

    it("an image-tag bump replaces the task definition without a data-loss warning", () => {
        const d = diffOf(report([taskDef("app:1.0.0")]), report([taskDef("app:1.1.0")]));
        assert.strictEqual(d.resources!.changed[0].replacement, true, "a new task definition revision");
        const md = diffMarkdown(d).join("\n");
        assert.doesNotMatch(md, /\[!WARNING\]|data they hold is lost/);
        assert.match(
            md,
            /Replaced from their inputs \(they hold no data; nothing is lost\):\n- `bff-task` \(TaskDefinition\)/,
        );
        const text = diffText(d, makeStyle(false)).join("\n");
        assert.match(text, /± replace bff-task \(TaskDefinition\): rebuilt from inputs, holds no data/);
        assert.match(text, /containerDefinitions\[0\]\.image: "app:1\.0\.0" -> "app:1\.1\.0" \(forces replacement\)/);
        assert.doesNotMatch(text, /are lost/);
    });

    it("the warning names only the resources that hold state, beside a stateless one", () => {
        const d = diffOf(
            report([taskDef("app:1"), db("db-1"), logs(7)]),
            report([taskDef("app:2"), db("db-2"), logs(30)]),
        );
        const md = diffMarkdown(d).join("\n");
        const warning = md.split("\n").filter((l) => l.startsWith(">"));
        assert.deepStrictEqual(warning, [
            "> [!WARNING]",
            "> Replaced, and the state or data they hold is lost:",
            "> - `db` (Instance): physical name (identifier)",
        ]);
        const text = diffText(d, makeStyle(false));
        // Every change the Markdown's table shows is on the terminal too: create, replace, update with values.
        assert.ok(
            text.includes("  ± replace db (Instance): its state and data are lost [physical name (identifier)]"),
            text.join("\n"),
        );
        assert.ok(text.includes('      identifier: "db-1" -> "db-2" (forces replacement)'), text.join("\n"));
        assert.ok(text.includes("  ~ update  logs (LogGroup)"), text.join("\n"));
        assert.ok(text.includes("      retentionInDays: 7 -> 30"), text.join("\n"));
    });

    it("creates and deletes are listed; long change lists are cut with a pointer to the Markdown", () => {
        const many = Array.from({ length: 50 }, (_, i) => sg(`sg-${i}`, { name: `n${i}`, vpcId: "vpc-1" }));
        const d = diffOf(report([db("db-1")]), report(many));
        const text = diffText(d, makeStyle(false));
        assert.ok(text.includes("  + create  sg-0 (SecurityGroup)"));
        assert.ok(!text.includes("  + create  sg-49 (SecurityGroup)"));
        assert.match(
            text.join("\n"),
            /\.\.\. \d+ more line\(s\): the Markdown \(plan\/<stack>\.md\) and the JSON have them all/,
        );
        const all = diffOf(report([db("db-1")]), report([]));
        assert.ok(diffText(all, makeStyle(false)).includes("  - delete  db (Instance)"));
    });
});

describe("plan diff: the program's own replaceOnChanges", () => {
    const origin = (endpoint: string, replaceOnChanges?: string[]): ResourceLike => ({
        urn: "urn:pulumi:dev::ecs-platform::ecs-platform:edge:Edge$aws:cloudfront/vpcOrigin:VpcOrigin::edge-vpc-origin",
        type: AWS_TYPE.cloudfront.VpcOrigin,
        name: "edge-vpc-origin",
        custom: true,
        inputs: { vpcOriginEndpointConfig: { arn: endpoint, httpPort: 80 }, tags: {} },
        ...(replaceOnChanges ? { replaceOnChanges } : {}),
    });

    it("a change under a replaceOnChanges path is a replacement, with the path as the reason", () => {
        const c = compareResource(origin("arn:a"), origin("arn:b", ["vpcOriginEndpointConfig", "tags"]));
        assert.ok(c);
        assert.strictEqual(c.replacement, true);
        assert.deepStrictEqual(c.replaceReasons, ["force-new (vpcOriginEndpointConfig)"]);
    });

    it("the same change without replaceOnChanges is an update (the type's table has no force-new entry)", () => {
        const c = compareResource(origin("arn:a"), origin("arn:b"));
        assert.ok(c);
        assert.strictEqual(c.replacement, false);
    });
});
