/**
 * One CloudWatch dashboard per stack, drawn from the services map: per service a row of running
 * vs desired tasks (Container Insights), CPU and memory (AWS/ECS), and for http services the
 * target group's 5xx count and p99 response time (AWS/ApplicationELB); then the state of every
 * alarm the stack's services roll back on. Its console URL is a stack output.
 *
 * Widget and metric shapes: the dashboard body structure
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** One service's row. */
export interface DashboardService {
    /** The service's name in the map (the row's title). Required. */
    readonly label: string;
    readonly kind: "http" | "internal" | "worker";
    /** ECS service name (the `ServiceName` dimension). Required. */
    readonly serviceName: pulumi.Input<string>;
    /** `LoadBalancer` / `TargetGroup` dimensions, for http services. Default none. */
    readonly loadBalancing?: {
        readonly loadBalancerArnSuffix: pulumi.Input<string>;
        readonly targetGroupArnSuffix: pulumi.Input<string>;
    };
    /** A worker's queue name: its depth and age are drawn. Default none. */
    readonly queueName?: string;
    /** ARNs of the alarms that roll this service's deployments back. Required (may be empty). */
    readonly alarmArns: pulumi.Input<string>[];
}

export interface StackDashboardArgs {
    /** `ecs-platform-<stack>`: the dashboard's name. Required. */
    readonly dashboardName: string;
    readonly region: string;
    /** Cluster name (the `ClusterName` dimension). Required. */
    readonly clusterName: pulumi.Input<string>;
    readonly services: readonly DashboardService[];
}

const WIDTH = 8;
const HEIGHT = 6;

export class StackDashboard extends pulumi.ComponentResource {
    public static readonly typeToken = "ecs-platform:observability:StackDashboard";

    /** The dashboard in the CloudWatch console. */
    public readonly url: pulumi.Output<string>;
    public readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: StackDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super(StackDashboard.typeToken, name, {}, opts);
        if (args.services.length === 0) {
            throw new pulumi.ResourceError("a dashboard needs at least one service", this);
        }
        const body = pulumi
            .all([
                pulumi.output(args.clusterName),
                pulumi.all(
                    args.services.map((s) =>
                        pulumi.all([
                            pulumi.output(s.serviceName),
                            pulumi.output(s.loadBalancing?.loadBalancerArnSuffix),
                            pulumi.output(s.loadBalancing?.targetGroupArnSuffix),
                            pulumi.all(s.alarmArns),
                        ]),
                    ),
                ),
            ])
            .apply(([cluster, resolved]) =>
                JSON.stringify({
                    widgets: dashboardWidgets(
                        args.region,
                        cluster,
                        args.services.map((s, i) => {
                            const [serviceName, lb, tg, alarms] = resolved[i];
                            return { label: s.label, kind: s.kind, serviceName, lb, tg, alarms, queue: s.queueName };
                        }),
                    ),
                }),
            );
        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            { dashboardName: args.dashboardName, dashboardBody: body },
            { parent: this },
        );
        this.dashboardName = dashboard.dashboardName;
        this.url = pulumi.interpolate`https://${args.region}.console.aws.amazon.com/cloudwatch/home?region=${args.region}#dashboards:name=${dashboard.dashboardName}`;
        this.registerOutputs({ url: this.url, dashboardName: this.dashboardName });
    }
}

interface ResolvedRow {
    readonly label: string;
    readonly kind: DashboardService["kind"];
    readonly serviceName: string;
    readonly lb?: string;
    readonly tg?: string;
    readonly alarms: readonly string[];
    readonly queue?: string;
}

/** The widgets, row by row (pure: tests read the layout without AWS). */
export function dashboardWidgets(region: string, cluster: string, rows: readonly ResolvedRow[]): object[] {
    const widgets: object[] = [];
    const metric = (title: string, x: number, y: number, metrics: unknown[][], stat = "Average") => ({
        type: "metric",
        x,
        y,
        width: WIDTH,
        height: HEIGHT,
        properties: { title, region, stat, period: 60, view: "timeSeries", metrics },
    });
    rows.forEach((r, i) => {
        const y = i * HEIGHT;
        const ecs = ["ClusterName", cluster, "ServiceName", r.serviceName];
        widgets.push(
            metric(`${r.label}: running vs desired tasks`, 0, y, [
                ["ECS/ContainerInsights", "RunningTaskCount", ...ecs],
                ["ECS/ContainerInsights", "DesiredTaskCount", ...ecs],
            ]),
            metric(`${r.label}: CPU and memory %`, WIDTH, y, [
                ["AWS/ECS", "CPUUtilization", ...ecs],
                ["AWS/ECS", "MemoryUtilization", ...ecs],
            ]),
        );
        if (r.kind === "http" && r.lb && r.tg) {
            const alb = ["TargetGroup", r.tg, "LoadBalancer", r.lb];
            widgets.push(
                metric(`${r.label}: target 5xx and p99 response time`, 2 * WIDTH, y, [
                    ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...alb, { stat: "Sum" }],
                    ["AWS/ApplicationELB", "TargetResponseTime", ...alb, { stat: "p99", yAxis: "right" }],
                ]),
            );
        }
        if (r.queue) {
            const q = ["QueueName", r.queue];
            widgets.push(
                metric(`${r.label}: queue depth and oldest message age`, 2 * WIDTH, y, [
                    ["AWS/SQS", "ApproximateNumberOfMessagesVisible", ...q, { stat: "Maximum" }],
                    ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...q, { stat: "Maximum", yAxis: "right" }],
                ]),
            );
        }
    });
    const alarms = rows.flatMap((r) => r.alarms);
    if (alarms.length > 0) {
        widgets.push({
            type: "alarm",
            x: 0,
            y: rows.length * HEIGHT,
            width: 3 * WIDTH,
            height: HEIGHT,
            properties: { title: "deployment alarms (a deployment rolls back on ALARM)", alarms },
        });
    }
    return widgets;
}
