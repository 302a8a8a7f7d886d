/**
 * Monthly cost estimate of one stack from its evaluated graph and the dated price table: Fargate
 * compute for the minimum and the maximum task counts (FARGATE/FARGATE_SPOT split: base first,
 * then weights), the ALB, interface endpoints per AZ, Cloud Map instances, log ingestion,
 * CloudFront requests and NAT gateways (none by design). Every guess is listed as an assumption.
 */
import { EdgeCostInput, edgeCostInputsOf, edgeCostLines } from "./cost-edge";
import { PlanGraph } from "./graph";
import { PRICES, PriceKey, PriceTable } from "./prices";
import { AWS_TYPE, PULUMI_TYPE } from "../../policy-pack/lib/aws-types";

export interface StrategyItem {
    readonly capacityProvider: string;
    readonly base: number;
    readonly weight: number;
}

export interface ServiceCostInput {
    readonly name: string;
    readonly vcpu: number;
    readonly memoryGb: number;
    readonly minTasks: number;
    readonly maxTasks: number;
    readonly strategy: readonly StrategyItem[];
    /** Registered in Cloud Map: each task is a registered instance. */
    readonly discoverable: boolean;
    /** `config` when the graph runs no task yet (bootstrap mode) and the counts come from the stack config. */
    readonly countsFrom?: "graph" | "config";
}

export interface CostInputs {
    readonly services: readonly ServiceCostInput[];
    readonly loadBalancers: number;
    /** One entry per interface endpoint: its service name and the number of AZs (subnets) it spans. */
    readonly interfaceEndpoints: readonly { readonly serviceName: string; readonly azs: number }[];
    readonly natGateways: number;
    readonly cloudFrontDistributions: number;
    /** WAF web ACLs and VPC origins (cost-edge.ts). */
    readonly edge: EdgeCostInput;
}

/** Usage the graph cannot tell; stated in every report. */
export interface UsageAssumptions {
    readonly albLcuPerHour: number;
    readonly logsGbPerTaskMonth: number;
    readonly cloudFrontRequestsPerMonth: number;
    readonly cloudFrontDataOutGbPerMonth: number;
    /** WAF log volume per million inspected requests. */
    readonly wafLogGbPerMillionRequests: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
    albLcuPerHour: 1,
    logsGbPerTaskMonth: 1,
    cloudFrontRequestsPerMonth: 1_000_000,
    cloudFrontDataOutGbPerMonth: 10,
    wafLogGbPerMillionRequests: 1,
};

export interface CostLine {
    readonly item: string;
    readonly detail: string;
    readonly minUsd: number;
    readonly maxUsd: number;
}

export interface CostEstimate {
    readonly currency: "USD";
    readonly region: string;
    readonly pricesAsOf: string;
    readonly lines: CostLine[];
    readonly totalMinUsd: number;
    readonly totalMaxUsd: number;
    readonly assumptions: string[];
    /** Things the estimate leaves out. */
    readonly notIncluded: string[];
}

export interface TaskSplit {
    readonly onDemand: number;
    readonly spot: number;
}

/**
 * How `tasks` spread over the strategy: bases are filled first (in strategy order), the rest is
 * shared by weight. ECS does not document its rounding for small counts, so the shares stay
 * fractional: an expected split, not a placement.
 */
export function splitTasks(tasks: number, strategy: readonly StrategyItem[]): TaskSplit {
    if (strategy.length === 0) return { onDemand: tasks, spot: 0 };
    const placed = new Map<string, number>();
    let left = tasks;
    for (const s of strategy) {
        const take = Math.min(left, Math.max(0, s.base));
        placed.set(s.capacityProvider, (placed.get(s.capacityProvider) ?? 0) + take);
        left -= take;
    }
    const totalWeight = strategy.reduce((sum, s) => sum + Math.max(0, s.weight), 0);
    if (left > 0 && totalWeight > 0) {
        for (const s of strategy) {
            placed.set(s.capacityProvider, (placed.get(s.capacityProvider) ?? 0) + (left * s.weight) / totalWeight);
        }
    }
    const spot = placed.get("FARGATE_SPOT") ?? 0;
    return { onDemand: tasks - spot, spot };
}

/** The estimate for given inputs; pure, so the arithmetic is testable by hand. */
export function estimateCost(
    inputs: CostInputs,
    usage: UsageAssumptions = DEFAULT_USAGE,
    table: PriceTable = PRICES,
): CostEstimate {
    const p = (k: PriceKey) => table.prices[k].value;
    const hours = table.hoursPerMonth;
    const spotFactor = 1 - p("fargateSpotDiscount");
    const lines: CostLine[] = [];

    let minTasks = 0;
    let maxTasks = 0;
    let minInstances = 0;
    let maxInstances = 0;
    for (const s of inputs.services) {
        const taskHour = s.vcpu * p("fargateVcpuHour") + s.memoryGb * p("fargateGbHour");
        const monthly = (n: number) => {
            const split = splitTasks(n, s.strategy);
            return (split.onDemand + split.spot * spotFactor) * taskHour * hours;
        };
        const lo = splitTasks(s.minTasks, s.strategy);
        const hi = splitTasks(s.maxTasks, s.strategy);
        const bootstrap =
            s.countsFrom === "config"
                ? "; bootstrap mode runs 0 tasks until an image tag is set: counts from config"
                : "";
        lines.push({
            item: `Fargate ${s.name}`,
            detail:
                `${s.vcpu} vCPU / ${s.memoryGb} GB; ${s.minTasks}-${s.maxTasks} tasks ` +
                `(on-demand ${fmt(lo.onDemand)} + Spot ${fmt(lo.spot)} at min, ${fmt(hi.onDemand)} + ${fmt(hi.spot)} at max)${bootstrap}`,
            minUsd: monthly(s.minTasks),
            maxUsd: monthly(s.maxTasks),
        });
        minTasks += s.minTasks;
        maxTasks += s.maxTasks;
        if (s.discoverable) {
            minInstances += s.minTasks;
            maxInstances += s.maxTasks;
        }
    }

    if (inputs.loadBalancers > 0) {
        const alb = inputs.loadBalancers * (p("albHour") + usage.albLcuPerHour * p("albLcuHour")) * hours;
        lines.push({
            item: "Application Load Balancer",
            detail: `${inputs.loadBalancers} ALB, ${usage.albLcuPerHour} LCU average`,
            minUsd: alb,
            maxUsd: alb,
        });
    }
    const endpointAzs = inputs.interfaceEndpoints.reduce((sum, e) => sum + e.azs, 0);
    if (endpointAzs > 0) {
        const endpoints = endpointAzs * p("interfaceEndpointAzHour") * hours;
        lines.push({
            item: "VPC interface endpoints",
            detail: `${inputs.interfaceEndpoints.length} endpoints × AZs = ${endpointAzs} endpoint-AZs`,
            minUsd: endpoints,
            maxUsd: endpoints,
        });
    }
    if (maxInstances > 0) {
        lines.push({
            item: "Cloud Map",
            detail: `${minInstances}-${maxInstances} registered instances`,
            minUsd: minInstances * p("cloudMapInstanceMonth"),
            maxUsd: maxInstances * p("cloudMapInstanceMonth"),
        });
    }
    if (maxTasks > 0) {
        const perTask = usage.logsGbPerTaskMonth * p("logsIngestedGb");
        lines.push({
            item: "CloudWatch Logs ingestion",
            detail: `${usage.logsGbPerTaskMonth} GB per task-month`,
            minUsd: minTasks * perTask,
            maxUsd: maxTasks * perTask,
        });
    }
    if (inputs.cloudFrontDistributions > 0) {
        const cf =
            inputs.cloudFrontDistributions *
            ((usage.cloudFrontRequestsPerMonth / 10_000) * p("cloudFrontHttpsRequests10k") +
                usage.cloudFrontDataOutGbPerMonth * p("cloudFrontDataOutGb"));
        lines.push({
            item: "CloudFront",
            detail: `${usage.cloudFrontRequestsPerMonth.toLocaleString("en-US")} HTTPS requests, ${usage.cloudFrontDataOutGbPerMonth} GB out`,
            minUsd: cf,
            maxUsd: cf,
        });
    }
    lines.push(
        ...edgeCostLines(
            inputs.edge,
            {
                requestsPerMonth: usage.cloudFrontRequestsPerMonth,
                wafLogGbPerMillionRequests: usage.wafLogGbPerMillionRequests,
            },
            table,
        ),
    );
    const nat = inputs.natGateways * p("natGatewayHour") * hours;
    lines.push({
        item: "NAT gateways",
        detail: inputs.natGateways === 0 ? "none (tasks use VPC endpoints)" : `${inputs.natGateways} gateways`,
        minUsd: nat,
        maxUsd: nat,
    });

    const rounded = lines.map((l) => ({ ...l, minUsd: cents(l.minUsd), maxUsd: cents(l.maxUsd) }));
    return {
        currency: "USD",
        region: table.region,
        pricesAsOf: table.asOf,
        lines: rounded,
        totalMinUsd: cents(rounded.reduce((s, l) => s + l.minUsd, 0)),
        totalMaxUsd: cents(rounded.reduce((s, l) => s + l.maxUsd, 0)),
        assumptions: assumptionsOf(usage, table),
        notIncluded: [
            "RDS instance and storage (no price in the dated table)",
            "data processed by endpoints, the ALB and NAT; S3, ECR and KMS storage and requests",
            "public IPv4 addresses of the ALB nodes",
            "CloudWatch alarms, Container Insights metrics and log storage",
            "free tiers (e.g. CloudFront's monthly free allowance)",
        ],
    };
}

function assumptionsOf(usage: UsageAssumptions, table: PriceTable): string[] {
    const out = [
        `${table.region} on-demand prices as of ${table.asOf}, ${table.hoursPerMonth} hours a month, tasks running 24×7`,
        `Fargate Spot at the full "up to ${table.prices.fargateSpotDiscount.value * 100}%" discount (${table.prices.fargateSpotDiscount.source}); real Spot prices vary`,
        "FARGATE/FARGATE_SPOT split: bases first, the rest by weight, as fractional expected shares (ECS does not document its rounding)",
        `ALB at ${usage.albLcuPerHour} LCU on average`,
        `log ingestion of ${usage.logsGbPerTaskMonth} GB per task per month`,
        `CloudFront: ${usage.cloudFrontRequestsPerMonth.toLocaleString("en-US")} HTTPS requests and ${usage.cloudFrontDataOutGbPerMonth} GB out a month (request-based estimate); AWS WAF inspects the same requests and logs ${usage.wafLogGbPerMillionRequests} GB per million`,
    ];
    for (const [key, price] of Object.entries(table.prices)) {
        if (!price.verified) out.push(`${key} = ${price.value} ${price.unit}: ${price.source}`);
    }
    return out;
}

/** Extracts the cost inputs from an evaluated graph. */
export function costInputsOf(graph: PlanGraph): CostInputs {
    const services: ServiceCostInput[] = [];
    for (const svc of graph.ofType(AWS_TYPE.ecs.Service)) {
        const props = graph.props(svc);
        const taskDef = graph.referencedPath(svc, "taskDefinition", [AWS_TYPE.ecs.TaskDefinition])[0];
        const tdProps = taskDef ? graph.props(taskDef) : {};
        const desired = num(props.desiredCount) ?? 1;
        const target = scalingTargetOf(graph, svc.urn);
        const targetProps = target ? graph.props(target) : {};
        const strategy = (Array.isArray(props.capacityProviderStrategies) ? props.capacityProviderStrategies : []).map(
            (s: any): StrategyItem => ({
                capacityProvider: String(s?.capacityProvider ?? ""),
                base: num(s?.base) ?? 0,
                weight: num(s?.weight) ?? 0,
            }),
        );
        const name = serviceLabel(graph, svc);
        let minTasks = num(targetProps.minCapacity) ?? desired;
        let maxTasks = num(targetProps.maxCapacity) ?? desired;
        // Bootstrap mode pins a service at 0 tasks; the steady state is what the config asks for.
        const configured = configuredCounts(graph, name);
        const fromConfig = maxTasks === 0 && configured !== undefined;
        if (fromConfig) [minTasks, maxTasks] = configured;
        services.push({
            name,
            vcpu: (num(tdProps.cpu) ?? 0) / 1024,
            memoryGb: (num(tdProps.memory) ?? 0) / 1024,
            minTasks,
            maxTasks,
            countsFrom: fromConfig ? "config" : "graph",
            strategy,
            discoverable: Array.isArray(props.serviceRegistries)
                ? props.serviceRegistries.length > 0
                : props.serviceRegistries != null,
        });
    }
    return {
        services,
        loadBalancers: graph.ofType(AWS_TYPE.lb.LoadBalancer).length,
        interfaceEndpoints: graph
            .ofType(AWS_TYPE.ec2.VpcEndpoint)
            .filter((e) => graph.props(e).vpcEndpointType === "Interface")
            .map((e) => {
                const p = graph.props(e);
                return {
                    serviceName: String(p.serviceName ?? e.name),
                    azs: Array.isArray(p.subnetIds) ? p.subnetIds.length : 1,
                };
            }),
        natGateways: graph.ofType(AWS_TYPE.ec2.NatGateway).length,
        cloudFrontDistributions: graph.ofType(AWS_TYPE.cloudfront.Distribution).length,
        edge: edgeCostInputsOf(graph),
    };
}

/** `[minCount, maxCount]` of `<project>:<service>` in the stack config (schema defaults 2 and 10). */
function configuredCounts(graph: PlanGraph, service: string): [number, number] | undefined {
    const text = graph.stack.config[`${graph.stack.project}:${service}`];
    if (text === undefined) return undefined;
    let value: any;
    try {
        value = JSON.parse(text);
    } catch {
        return undefined;
    }
    if (value === null || typeof value !== "object") return undefined;
    return [num(value.minCount) ?? 2, num(value.maxCount) ?? 10];
}

/** The Application Auto Scaling target whose resource id names this service. */
export function scalingTargetOf(graph: PlanGraph, serviceUrn: string) {
    const service = graph.byUrn.get(serviceUrn);
    const serviceName = service ? graph.props(service).name : undefined;
    return graph.ofType(AWS_TYPE.appautoscaling.Target).find((t) => {
        if ((t.propertyDependencies.resourceId ?? []).includes(serviceUrn)) return true;
        const rid = graph.props(t).resourceId;
        return typeof rid === "string" && typeof serviceName === "string" && rid.endsWith(`/${serviceName}`);
    });
}

/** `bff` for the service of component `bff` (or the resource name without `-service`). */
export function serviceLabel(graph: PlanGraph, svc: { name: string; parent?: string }): string {
    const parent = svc.parent ? graph.byUrn.get(svc.parent) : undefined;
    if (parent && parent.type !== PULUMI_TYPE.Stack) return parent.name;
    return svc.name.replace(/-service$/, "");
}

function num(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
    return undefined;
}

function cents(v: number): number {
    return Math.round(v * 100) / 100;
}

function fmt(n: number): string {
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
