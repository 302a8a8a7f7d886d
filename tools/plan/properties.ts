/**
 * The properties a reviewer checks, per resource type, as short `key value` strings: sizes,
 * counts, ports, health checks, scaling targets and cooldowns, log retention, protection.
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { policyProps } from "../../offline/analyze";
import { normaliseSecurityGroupRules, Peer } from "../../policy-pack/lib/sg-rules";
import { flatten, parseJson, PlanGraph, UNKNOWN_TEXT } from "./graph";
import { formatPorts } from "./ports";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

type Props = Record<string, any>;
type Describe = (p: Props, graph: PlanGraph, r: EvaluatedResource) => (string | undefined)[];

const RULE_TYPES = new Set([
    AWS_TYPE.ec2.SecurityGroupRule,
    AWS_TYPE.vpc.SecurityGroupIngressRule,
    AWS_TYPE.vpc.SecurityGroupEgressRule,
]);

const DESCRIBE: Record<string, Describe> = {
    [AWS_TYPE.ec2.Vpc]: (p) => [kv("cidr", p.cidrBlock)],
    [AWS_TYPE.ec2.Subnet]: (p) => [
        kv("cidr", p.cidrBlock),
        kv("az", p.availabilityZone),
        flag(p.mapPublicIpOnLaunch, "public IPs"),
    ],
    [AWS_TYPE.ec2.Route]: (p) => [kv("destination", p.destinationCidrBlock)],
    [AWS_TYPE.ec2.VpcEndpoint]: (p) => [
        kv("service", String(p.serviceName ?? "").replace(/^com\.amazonaws\.[^.]+\./, "")),
        kv("type", p.vpcEndpointType),
        Array.isArray(p.subnetIds) ? kv("azs", p.subnetIds.length) : undefined,
    ],
    [AWS_TYPE.lb.LoadBalancer]: (p) => [
        p.internal ? "internal" : "internet-facing",
        kv("idle", secs(p.idleTimeout)),
        kv("deletion protection", p.enableDeletionProtection),
    ],
    [AWS_TYPE.lb.Listener]: (p) => [kv("listen", `${p.protocol}:${p.port}`), kv("tls", p.sslPolicy)],
    [AWS_TYPE.lb.ListenerRule]: (p) => [kv("priority", p.priority), kv("conditions", flatten(p.conditions).length)],
    [AWS_TYPE.lb.TargetGroup]: (p) => [
        kv("target", `${p.protocol}:${p.port} ${p.targetType ?? ""}`.trim()),
        p.healthCheck
            ? kv(
                  "health",
                  `${p.healthCheck.path ?? ""} every ${p.healthCheck.interval}s timeout ${p.healthCheck.timeout}s ` +
                      `healthy ${p.healthCheck.healthyThreshold} unhealthy ${p.healthCheck.unhealthyThreshold}`,
              )
            : undefined,
        kv("deregistration", secs(p.deregistrationDelay)),
    ],
    [AWS_TYPE.ecs.Cluster]: (p) => [
        kv("insights", (flatten(p.settings) as any[]).find((s) => s?.name === "containerInsights")?.value),
    ],
    [AWS_TYPE.ecs.ClusterCapacityProviders]: (p) => [
        kv("default strategy", strategy(p.defaultCapacityProviderStrategies)),
    ],
    [AWS_TYPE.ecs.TaskDefinition]: (p) => {
        const c = (parseJson(p.containerDefinitions) as any[] | undefined)?.[0] ?? {};
        const hc = c.healthCheck;
        return [
            kv("cpu", p.cpu),
            kv("memory", p.memory),
            kv("port", c.portMappings?.[0]?.containerPort),
            hc ? kv("health", `every ${hc.interval}s retries ${hc.retries} start ${hc.startPeriod}s`) : undefined,
            kv("stop", secs(c.stopTimeout)),
            kv("image", typeof c.image === "string" ? c.image.split("/").pop() : undefined),
        ];
    },
    [AWS_TYPE.ecs.Service]: (p) => [
        kv("desired", p.desiredCount),
        kv("strategy", strategy(p.capacityProviderStrategies)),
        kv(
            "deploy",
            (p.deploymentConfiguration?.strategy ?? "ROLLING") === "ROLLING"
                ? `${p.deploymentMinimumHealthyPercent}-${p.deploymentMaximumPercent}%`
                : `${p.deploymentConfiguration.strategy} bake ${p.deploymentConfiguration.bakeTimeInMinutes}m`,
        ),
        p.deploymentCircuitBreaker?.enable ? "circuit breaker" : undefined,
        p.alarms?.enable ? `${(p.alarms.alarmNames ?? []).length} rollback alarms` : undefined,
        p.waitForSteadyState ? "waits" : undefined,
        kv("grace", secs(p.healthCheckGracePeriodSeconds)),
        flag(p.networkConfiguration?.assignPublicIp, "public IP"),
    ],
    [AWS_TYPE.appautoscaling.Target]: (p) => [kv("tasks", `${p.minCapacity}-${p.maxCapacity}`)],
    [AWS_TYPE.appautoscaling.Policy]: (p) => {
        const c = p.targetTrackingScalingPolicyConfiguration ?? {};
        const metric = String(c.predefinedMetricSpecification?.predefinedMetricType ?? "")
            .replace(/^ECSServiceAverage/, "")
            .replace(/Utilization$/, "");
        return [
            kv("target", c.targetValue !== undefined ? `${metric} ${c.targetValue}%` : undefined),
            kv(
                "cooldown in/out",
                c.scaleInCooldown !== undefined ? `${c.scaleInCooldown}/${c.scaleOutCooldown}s` : undefined,
            ),
        ];
    },
    [AWS_TYPE.cloudwatch.LogGroup]: (p) => [
        kv("retention", p.retentionInDays !== undefined ? `${p.retentionInDays}d` : "never expires"),
    ],
    [AWS_TYPE.cloudwatch.MetricAlarm]: (p) => [
        kv("alarm", `${p.metricName} ${op(p.comparisonOperator)} ${p.threshold}`),
        kv("periods", p.datapointsToAlarm ? `${p.datapointsToAlarm}/${p.evaluationPeriods}` : p.evaluationPeriods),
    ],
    [AWS_TYPE.rds.Instance]: (p) => [
        kv("class", p.instanceClass),
        kv(
            "storage",
            p.allocatedStorage !== undefined ? `${p.allocatedStorage} GiB ${p.storageType ?? ""}`.trim() : undefined,
        ),
        kv("engine", `${p.engine} ${p.engineVersion}`),
        kv("port", p.port),
        kv("multi-AZ", p.multiAz),
        kv("backups", p.backupRetentionPeriod !== undefined ? `${p.backupRetentionPeriod}d` : undefined),
        kv("deletion protection", p.deletionProtection),
    ],
    [AWS_TYPE.servicediscovery.PrivateDnsNamespace]: (p) => [kv("namespace", p.name)],
    [AWS_TYPE.servicediscovery.Service]: (p) => [
        kv(
            "record",
            `${p.name} A ttl ${flatten(p.dnsConfig?.dnsRecords)[0] ? (flatten(p.dnsConfig.dnsRecords)[0] as any).ttl : "?"}s`,
        ),
    ],
    [AWS_TYPE.cloudfront.Distribution]: (p) => [
        kv("price class", p.priceClass),
        kv(
            "origin",
            flatten(p.origins)[0] ? (flatten(p.origins)[0] as any).customOriginConfig?.originProtocolPolicy : undefined,
        ),
        kv("viewer", p.defaultCacheBehavior?.viewerProtocolPolicy),
    ],
    [AWS_TYPE.ecr.Repository]: (p) => [
        kv("tags", p.imageTagMutability),
        flag(p.imageScanningConfiguration?.scanOnPush, "scan on push"),
    ],
    [AWS_TYPE.ssm.Parameter]: (p) => [kv("parameter", `${p.name} ${p.type}`)],
    [AWS_TYPE.kms.Key]: (p) => [
        flag(p.enableKeyRotation, "rotation"),
        kv("deletion window", p.deletionWindowInDays !== undefined ? `${p.deletionWindowInDays}d` : undefined),
    ],
};

/** Short `key value` strings for one resource, plus `protect` / `retain` when set. */
export function keyProperties(graph: PlanGraph, r: EvaluatedResource): string[] {
    const p = graph.props(r);
    const out: (string | undefined)[] = [];
    if (RULE_TYPES.has(r.type) || r.type === AWS_TYPE.ec2.SecurityGroup) out.push(...describeRules(graph, r));
    const describe = DESCRIBE[r.type];
    if (describe) out.push(...describe(p, graph, r));
    if (r.protect) out.push("protect");
    if (r.retainOnDelete) out.push("retain on delete");
    return out.filter((s): s is string => s !== undefined && s !== "" && !s.includes("undefined"));
}

/** `ingress tcp 3000 from service-sgs-bff` for each rule a resource declares. */
function describeRules(graph: PlanGraph, r: EvaluatedResource): string[] {
    const props = policyProps(Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs);
    return normaliseSecurityGroupRules(r.type, props).map((rule) => {
        const peers = rule.peers.map((peer) => peerName(graph, r, peer)).join(", ") || "nobody";
        const ports = formatPorts([{ protocol: rule.protocol, from: rule.fromPort, to: rule.toPort }]);
        return `${rule.direction} ${ports} ${rule.direction === "ingress" ? "from" : "to"} ${peers}`;
    });
}

function peerName(graph: PlanGraph, r: EvaluatedResource, peer: Peer): string {
    switch (peer.kind) {
        case "cidr":
            return peer.cidr;
        case "self":
            return "itself";
        case "securityGroup":
            return graph.byId.get(peer.id)?.name ?? peer.id;
        case "prefixList": {
            const owner = graph.ofType(AWS_TYPE.ec2.VpcEndpoint).find((e) => graph.props(e).prefixListId === peer.id);
            return owner ? `${owner.name} prefix list` : `prefix list ${peer.id}`;
        }
        case "unknown": {
            const dep = r.propertyDependencies[peer.field.split(/[.[]/)[0]]?.[0];
            return dep ? (graph.byUrn.get(dep)?.name ?? UNKNOWN_TEXT) : UNKNOWN_TEXT;
        }
    }
}

function kv(key: string, value: unknown): string | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    return `${key} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`;
}

function flag(value: unknown, label: string): string | undefined {
    return value === true ? label : undefined;
}

function secs(v: unknown): string | undefined {
    return v === undefined || v === null ? undefined : `${v}s`;
}

function strategy(items: unknown): string | undefined {
    const list = flatten(items) as any[];
    if (list.length === 0) return undefined;
    return list
        .map((s) => `${s.capacityProvider}${s.base ? ` base ${s.base}` : ""} weight ${s.weight ?? 0}`)
        .join(", ");
}

function op(comparison: unknown): string {
    const ops: Record<string, string> = {
        GreaterThanThreshold: ">",
        GreaterThanOrEqualToThreshold: ">=",
        LessThanThreshold: "<",
        LessThanOrEqualToThreshold: "<=",
    };
    return ops[String(comparison)] ?? String(comparison);
}
