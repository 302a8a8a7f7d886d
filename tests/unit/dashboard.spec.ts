/**
 * The stack's CloudWatch dashboard (components/dashboard.ts): one row per service of the map,
 * drawn from the same entries, the http services' ALB widget on their own target group, the
 * deployment alarms' state, and the console URL as a stack output.
 */
import * as assert from "assert";
import { parsePlatformConfig } from "../../config/load";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { dashboardWidgets } from "../../components/dashboard";
import { PlanGraph } from "../../tools/plan/graph";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { getFiveServicesDev } from "../support/variants";

interface Widget {
    type: string;
    properties: { title: string; metrics?: unknown[][]; alarms?: string[]; region?: string };
}

async function dashboardOf(stack: Awaited<ReturnType<typeof getEvaluatedStack>>) {
    const g = new PlanGraph(stack);
    const dashboards = g.ofType(AWS_TYPE.cloudwatch.Dashboard);
    assert.strictEqual(dashboards.length, 1);
    const props = g.props(dashboards[0]);
    return { name: props.dashboardName, widgets: JSON.parse(String(props.dashboardBody)).widgets as Widget[] };
}

describe("the stack dashboard", function () {
    this.timeout(60_000);

    for (const stack of STACKS) {
        it(`${stack}: ecs-platform-${stack}, a row per service, the alarms, and its URL as an output`, async () => {
            const evaluated = await getEvaluatedStack(stack);
            const { name, widgets } = await dashboardOf(evaluated);
            assert.strictEqual(name, `ecs-platform-${stack}`);
            const services = parsePlatformConfig(evaluated.config, stack).services;
            for (const s of services) {
                const titles = widgets.map((w) => w.properties.title).filter((t) => t.startsWith(`${s.name}: `));
                assert.deepStrictEqual(
                    titles,
                    [
                        `${s.name}: running vs desired tasks`,
                        `${s.name}: CPU and memory %`,
                        ...(s.kind === "http" ? [`${s.name}: target 5xx and p99 response time`] : []),
                    ],
                    s.name,
                );
            }
            const alarm = widgets.find((w) => w.type === "alarm")!;
            assert.ok(alarm.properties.alarms!.length > 0);
            for (const a of alarm.properties.alarms!)
                assert.match(a, /^arn:aws:cloudwatch:us-east-1:123456789012:alarm:ecs-platform-/);
            assert.strictEqual(
                evaluated.outputs.dashboardUrl,
                `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=ecs-platform-${stack}`,
            );
        });
    }

    it("the five-service example: five rows, ALB widgets for the two http services only, real dimensions", async () => {
        const { widgets } = await dashboardOf(await getFiveServicesDev());
        const alb = widgets.filter((w) => w.properties.title.endsWith("target 5xx and p99 response time"));
        assert.deepStrictEqual(alb.map((w) => w.properties.title.split(":")[0]).sort(), ["bff", "orders-api"]);
        const dims = alb[0].properties.metrics![0];
        assert.strictEqual(dims[2], "TargetGroup");
        assert.match(String(dims[3]), /^targetgroup\/[^/]+\/[0-9a-f]+$/);
        assert.match(String(dims[5]), /^app\/[^/]+\/[0-9a-f]+$/);
        const tasks = widgets.find((w) => w.properties.title === "reports: running vs desired tasks")!;
        assert.deepStrictEqual(tasks.properties.metrics![0].slice(0, 4), [
            "ECS/ContainerInsights",
            "RunningTaskCount",
            "ClusterName",
            "ecs-platform-dev",
        ]);
    });

    it("dashboardWidgets: rows stack down the page; no alarm widget without alarms", () => {
        const widgets = dashboardWidgets("eu-west-1", "c", [
            { label: "a", kind: "worker", serviceName: "a-svc", alarms: [] },
            { label: "b", kind: "internal", serviceName: "b-svc", alarms: [] },
        ]) as { type: string; y: number; properties: { region: string } }[];
        assert.deepStrictEqual(
            widgets.map((w) => [w.type, w.y]),
            [
                ["metric", 0],
                ["metric", 0],
                ["metric", 6],
                ["metric", 6],
            ],
        );
        assert.ok(widgets.every((w) => w.properties.region === "eu-west-1"));
    });
});
