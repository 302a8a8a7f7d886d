/**
 * Monthly cost estimate of one stack from its evaluated graph and the dated price table: Fargate
 * compute for the minimum and the maximum task counts (FARGATE/FARGATE_SPOT split: base first,
 * then weights), the ALB, interface endpoints per AZ, Cloud Map instances, log ingestion,
 * CloudFront requests, NAT gateways (none by design) and the database (instance, gp3 storage,
 * Multi-AZ). A service in bootstrap mode runs 0 tasks and is priced at 0, saying what it will cost
 * once it runs. Every guess is listed as an assumption; a price table over a year old is a warning.
 */
import { EdgeCostInput, edgeCostLines } from "./cost-edge";
import { PRICES, PriceKey, PriceTable } from "./prices";

export { costInputsOf, scalingTargetOf, serviceLabel } from "./cost-inputs";

export interface StrategyItem {
    readonly capacityProvider: string;
    readonly base: number;
    readonly weight: number;
}

export interface ServiceCostInput {
    readonly name: string;
    readonly vcpu: number;
    readonly memoryGb: number;
    /** The task definition's `runtimePlatform.cpuArchitecture`; ARM64 (Graviton) has its own rates. Default X86_64. */
    readonly cpuArchitecture?: "X86_64" | "ARM64";
    readonly minTasks: number;
    readonly maxTasks: number;
    readonly strategy: readonly StrategyItem[];
    /** Registered in Cloud Map (DNS, or a Service Connect client-server): each task is a registered instance. */
    readonly discoverable: boolean;
    /** Service Connect: the proxy's share of each task (within the task size, so no extra charge). */
    readonly serviceConnectProxy?: { readonly cpu: number; readonly memoryMiB: number };
    /** `config` when the graph runs no task yet (bootstrap mode) and the counts come from the stack config. */
    readonly countsFrom?: "graph" | "config";
}

export interface DatabaseCostInput {
    readonly name: string;
    readonly instanceClass: string;
    readonly storageGb: number;
    readonly storageType: string;
    readonly multiAz: boolean;
}

export interface CostInputs {
    readonly services: readonly ServiceCostInput[];
    /** RDS instances of the stack (none when the database comes from outside it). */
    readonly databases?: readonly DatabaseCostInput[];
    readonly loadBalancers: number;
    /** One entry per interface endpoint: its service name and the number of AZs (subnets) it spans. */
    readonly interfaceEndpoints: readonly { readonly serviceName: string; readonly azs: number }[];
    readonly natGateways: number;
    /** Workers' work queues (SQS queues with a redrive policy; their dead-letter queues are not counted). Default 0. */
    readonly workQueues?: number;
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
    /** SQS requests per work queue and month (send, receive, delete: about three per message). */
    readonly sqsRequestsPerQueueMonth: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
    albLcuPerHour: 1,
    logsGbPerTaskMonth: 1,
    cloudFrontRequestsPerMonth: 1_000_000,
    cloudFrontDataOutGbPerMonth: 10,
    wafLogGbPerMillionRequests: 1,
    sqsRequestsPerQueueMonth: 3_000_000,
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
    /** Reasons to distrust the figures (a stale price table). */
    readonly warnings: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

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
    now: Date = new Date(),
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
        const arm = s.cpuArchitecture === "ARM64";
        const taskHour =
            s.vcpu * p(arm ? "fargateArmVcpuHour" : "fargateVcpuHour") +
            s.memoryGb * p(arm ? "fargateArmGbHour" : "fargateGbHour");
        const size = `${s.vcpu} vCPU / ${s.memoryGb} GB${arm ? " ARM64" : ""}`;
        const monthly = (n: number) => {
            const split = splitTasks(n, s.strategy);
            return (split.onDemand + split.spot * spotFactor) * taskHour * hours;
        };
        const lo = splitTasks(s.minTasks, s.strategy);
        const hi = splitTasks(s.maxTasks, s.strategy);
        if (s.countsFrom === "config") {
            // Bootstrap mode: the service exists but runs 0 tasks until an image tag is set.
            lines.push({
                item: `Fargate ${s.name}`,
                detail:
                    `bootstrap mode: 0 tasks until an image tag is set; then ${s.minTasks}-${s.maxTasks} tasks of ` +
                    `${size}${proxyNote(s)} cost about $${monthly(s.minTasks).toFixed(2)}-$${monthly(s.maxTasks).toFixed(2)} a month`,
                minUsd: 0,
                maxUsd: 0,
            });
            continue;
        }
        lines.push({
            item: `Fargate ${s.name}`,
            detail:
                `${size}${proxyNote(s)}; ${s.minTasks}-${s.maxTasks} tasks ` +
                `(on-demand ${fmt(lo.onDemand)} + Spot ${fmt(lo.spot)} at min, ${fmt(hi.onDemand)} + ${fmt(hi.spot)} at max)`,
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
    const queues = inputs.workQueues ?? 0;
    if (queues > 0) {
        const sqs = queues * (usage.sqsRequestsPerQueueMonth / 1_000_000) * p("sqsRequestsMillion");
        lines.push({
            item: "SQS",
            detail: `${queues} work queue(s), ${usage.sqsRequestsPerQueueMonth.toLocaleString("en-US")} requests each (the account's free first million a month not deducted)`,
            minUsd: sqs,
            maxUsd: sqs,
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
    const unpricedDatabases: string[] = [];
    for (const db of inputs.databases ?? []) {
        const copies = db.multiAz ? 2 : 1;
        const hourly = table.rdsPostgresInstanceHour[db.instanceClass];
        if (hourly === undefined) unpricedDatabases.push(`${db.name} instance (${db.instanceClass} not in the table)`);
        const instance = (hourly ?? 0) * copies * hours;
        lines.push({
            item: "RDS instance",
            detail: `${db.name}: ${db.instanceClass}${db.multiAz ? ", Multi-AZ (primary + standby)" : ", Single-AZ"}${hourly === undefined ? ": no price in the table, counted as 0" : ""}`,
            minUsd: instance,
            maxUsd: instance,
        });
        const gp3 = db.storageType === "gp3";
        if (!gp3) unpricedDatabases.push(`${db.name} ${db.storageType} storage (only gp3 is in the table)`);
        const storage = gp3 ? db.storageGb * copies * p("rdsGp3GbMonth") : 0;
        lines.push({
            item: "RDS storage",
            detail: `${db.name}: ${db.storageGb} GB ${db.storageType}${db.multiAz ? " × 2 (Multi-AZ)" : ""}; backups up to the storage size are free`,
            minUsd: storage,
            maxUsd: storage,
        });
    }
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
        assumptions: assumptionsOf(usage, table, (inputs.databases ?? []).length > 0),
        notIncluded: [
            ...unpricedDatabases,
            "RDS backup storage beyond the free allowance, snapshots and I/O above the gp3 baseline",
            "data processed by endpoints, the ALB and NAT; S3, ECR and KMS storage and requests",
            "public IPv4 addresses of the ALB nodes",
            "CloudWatch alarms, Container Insights metrics and log storage",
            "free tiers (e.g. CloudFront's monthly free allowance)",
        ],
        warnings: staleness(table, now),
    };
}

/** A price table over a year old: AWS changes prices, so the figures may be wrong. */
export function staleness(table: PriceTable, now: Date): string[] {
    const ageDays = Math.floor((now.getTime() - Date.parse(table.asOf)) / DAY_MS);
    return ageDays > 365
        ? [
              `the price table is ${ageDays} days old (prices as of ${table.asOf}): check the AWS pricing pages ` +
                  "and update tools/plan/prices.ts",
          ]
        : [];
}

function assumptionsOf(usage: UsageAssumptions, table: PriceTable, hasDatabase: boolean): string[] {
    const out = [
        `${table.region} on-demand prices as of ${table.asOf}, ${table.hoursPerMonth} hours a month, tasks running 24×7`,
        `Fargate Spot at the full "up to ${table.prices.fargateSpotDiscount.value * 100}%" discount (${table.prices.fargateSpotDiscount.source}); real Spot prices vary`,
        "FARGATE/FARGATE_SPOT split: bases first, the rest by weight, as fractional expected shares (ECS does not document its rounding)",
        `ALB at ${usage.albLcuPerHour} LCU on average`,
        `log ingestion of ${usage.logsGbPerTaskMonth} GB per task per month`,
        `CloudFront: ${usage.cloudFrontRequestsPerMonth.toLocaleString("en-US")} HTTPS requests and ${usage.cloudFrontDataOutGbPerMonth} GB out a month (request-based estimate); AWS WAF inspects the same requests and logs ${usage.wafLogGbPerMillionRequests} GB per million`,
    ];
    if (hasDatabase) out.push(`RDS for PostgreSQL instance-hours: ${table.rdsPostgresInstanceSource}`);
    for (const [key, price] of Object.entries(table.prices)) {
        if (!price.verified) out.push(`${key} = ${price.value} ${price.unit}: ${price.source}`);
    }
    return out;
}

function cents(v: number): number {
    return Math.round(v * 100) / 100;
}

function fmt(n: number): string {
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** The Service Connect proxy runs inside the task: Fargate bills the task size, the app gets the rest. */
function proxyNote(s: ServiceCostInput): string {
    const p = s.serviceConnectProxy;
    if (p === undefined) return "";
    const appCpu = s.vcpu - p.cpu / 1024;
    const appMemory = s.memoryGb - p.memoryMiB / 1024;
    return ` (of which the Service Connect proxy ${p.cpu} CPU units / ${p.memoryMiB} MiB; the app keeps ${appCpu} vCPU / ${appMemory} GB)`;
}
