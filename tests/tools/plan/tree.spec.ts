import { PULUMI_TYPE } from "../../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { PlanGraph } from "../../../tools/plan/graph";
import { makeStyle, stripAnsi } from "../../../tools/plan/terminal";
import { countsByType, renderTree, treeLines } from "../../../tools/plan/tree";
import { getEvaluatedStack } from "../../support/evaluated-stacks";

const plainStyle = makeStyle(false);

describe("plan: resource tree", () => {
    it("nests every resource under its parent component, root Stack first", async () => {
        const dev = await getEvaluatedStack("dev");
        const lines = treeLines(new PlanGraph(dev));
        assert.strictEqual(lines.length, dev.resources.length);
        assert.strictEqual(lines[0].type, PULUMI_TYPE.Stack);
        assert.strictEqual(lines[0].depth, 0);
        const byUrn = new Map(dev.resources.map((r) => [r.urn, r]));
        lines.forEach((line, i) => {
            const parent = byUrn.get(line.urn)!.parent;
            if (parent === undefined) return;
            // The parent is the nearest earlier line one level up.
            const above = lines
                .slice(0, i)
                .reverse()
                .find((l) => l.depth === line.depth - 1);
            assert.strictEqual(above?.urn, parent, `${line.name} under ${above?.name}`);
        });
        const vpc = lines.find((l) => l.name === "network-vpc")!;
        assert.strictEqual(vpc.depth, 2);
        assert.match(vpc.prefix, /^│  [├└]─ $/);
    });

    it("prints type, name, + create and the properties a reviewer checks", async () => {
        const text = renderTree(new PlanGraph(await getEvaluatedStack("dev")), plainStyle);
        const line = (name: string) => {
            const found = text.split("\n").find((l) => new RegExp(`\\s${name}\\s`).test(l));
            assert.ok(found, `a line for ${name}`);
            return found;
        };
        assert.match(line("network-vpc"), /^ \+ {3}│  ├─ aws:ec2:Vpc\s+network-vpc\s+create\s+cidr 10\.0\.0\.0\/16/);
        assert.match(
            line("bff-task"),
            /cpu 512, memory 1024, port 3000, health every 30s retries 3 start 60s, stop 120s/,
        );
        assert.match(
            line("bff-service"),
            /desired 0, strategy FARGATE base 1 weight 70, FARGATE_SPOT weight 30, deploy 50-200%/,
        );
        assert.match(line("bff-service"), /circuit breaker, 3 rollback alarms, grace 60s/);
        assert.match(line("bff-scaling"), /tasks 0-0/);
        assert.match(line("bff-cpu-scaling"), /target CPU 70%, cooldown in\/out 300\/300s/);
        assert.match(line("bff-memory-scaling"), /target Memory 80%/);
        assert.match(
            line("bff-tg"),
            /target HTTP:3000 ip, health \/api\/health every 30s timeout 5s healthy 2 unhealthy 3/,
        );
        assert.match(line("bff-logs"), /retention 7d/);
        assert.match(line("edge-http"), /listen HTTP:80/);
        assert.match(line("service-sgs-alb-to-bff-ingress"), /ingress tcp 3000 from edge-alb-sg/);
        assert.match(line("service-sgs-bff-to-s3-egress"), /egress tcp 443 to network-vpce-s3 prefix list/);
        assert.match(
            line("database-instance"),
            /class db\.t4g\.micro, storage 20 GiB gp3, engine postgres 16, port 5432/,
        );
    });

    it("marks protected resources (prod) and ends with counts by type", async () => {
        const prod = await getEvaluatedStack("prod");
        const graph = new PlanGraph(prod);
        const text = stripAnsi(renderTree(graph, makeStyle(true)));
        const protectedUrns = prod.resources.filter((r) => r.protect).map((r) => r.urn);
        assert.ok(protectedUrns.some((u) => u.endsWith("::database-instance")));
        const lines = treeLines(graph);
        for (const urn of protectedUrns) assert.ok(lines.find((l) => l.urn === urn)!.info.includes("protect"), urn);
        assert.ok(lines.filter((l) => l.info.includes("protect")).length === protectedUrns.length);
        assert.strictEqual(text.split("\n").filter((l) => /\bprotect\b/.test(l)).length, protectedUrns.length);
        assert.match(text, new RegExp(`Resources: \\+ ${prod.resources.length} to create`));
        assert.match(text, /aws:ec2:Subnet ×8/);
        const counts = countsByType(graph);
        assert.strictEqual(
            counts.reduce((s, c) => s + c.count, 0),
            prod.resources.length,
        );
        assert.ok(counts.every((c, i) => i === 0 || counts[i - 1].count >= c.count));
    });

    it("redacts secrets: no generated secret value appears in the tree or the inputs", async () => {
        const dev = await getEvaluatedStack("dev");
        const graph = new PlanGraph(dev);
        const originVerify = dev.resources.find((r) => r.name === "edge-origin-verify")!.outputs.result as string;
        assert.ok(originVerify.length > 10);
        const everything = JSON.stringify(dev.resources.map((r) => graph.inputs(r))) + renderTree(graph, plainStyle);
        assert.ok(!everything.includes(originVerify));
        assert.ok(everything.includes("[secret]"));
    });
});
