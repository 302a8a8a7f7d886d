/**
 * The properties a reviewer checks, per resource type, as short `key value` strings: sizes,
 * counts, ports, health checks, scaling targets and cooldowns, log retention, protection.
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { policyProps } from "../../offline/analyze";
import { normaliseSecurityGroupRules, Peer } from "../../policy-pack/lib/sg-rules";
import { flatten, parseJson, PlanGraph, UNKNOWN_TEXT } from "./graph";
import { formatPorts } from "./ports";

type Props = Record<string, any>;
type Describe = (p: Props, graph: PlanGraph, r: EvaluatedResource) => (string | undefined)[];

const RULE_TYPES = new Set([
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
]);

const DESCRIBE: Record<string, Describe> = {
    "aws:ec2/vpc:Vpc": (p) => [kv("cidr", p.cidrBlock)],
    "aws:ec2/subnet:Subnet": (p) => [
        kv("cidr", p.cidrBlock),
        kv("az", p.availabilityZone),
        flag(p.mapPublicIpOnLaunch, "public IPs"),
    ],
    "aws:ec2/route:Route": (p) => [kv("destination", p.destinationCidrBlock)],
    "aws:ec2/vpcEndpoint:VpcEndpoint": (p) => [
        kv("service", String(p.serviceName ?? "").replace(/^com\.amazonaws\.[^.]+\./, "")),
        kv("type", p.vpcEndpointType),
        Array.isArray(p.subnetIds) ? kv("azs", p.subnetIds.length) : undefined,
    ],
    "aws:lb/loadBalancer:LoadBalancer": (p) => [
        p.internal ? "internal" : "internet-facing",
        kv("idle", secs(p.idleTimeout)),
        kv("deletion protection", p.enableDeletionProtection),
    ],
    "aws:lb/listener:Listener": (p) => [kv("listen", `${p.protocol}:${p.port}`), kv("tls", p.sslPolicy)],
    "aws:lb/listenerRule:ListenerRule": (p) => [
        kv("priority", p.priority),
        kv("conditions", flatten(p.conditions).length),
    ],
    "aws:lb/targetGroup:TargetGroup": (p) => [
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
    "aws:ecs/cluster:Cluster": (p) => [
        kv("insights", (flatten(p.settings) as any[]).find((s) => s?.name === "containerInsights")?.value),
    ],
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (p) => [
        kv("default strategy", strategy(p.defaultCapacityProviderStrategies)),
    ],
    "aws:ecs/taskDefinition:TaskDefinition": (p) => {
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
    "aws:ecs/service:Service": (p) => [
        kv("desired", p.desiredCount),
        kv("strategy", strategy(p.capacityProviderStrategies)),
        kv("deploy", `${p.deploymentMinimumHealthyPercent}-${p.deploymentMaximumPercent}%`),
        p.deploymentCircuitBreaker?.enable ? "circuit breaker" : undefined,
        kv("grace", secs(p.healthCheckGracePeriodSeconds)),
        flag(p.networkConfiguration?.assignPublicIp, "public IP"),
    ],
    "aws:appautoscaling/target:Target": (p) => [kv("tasks", `${p.minCapacity}-${p.maxCapacity}`)],
    "aws:appautoscaling/policy:Policy": (p) => {
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
    "aws:cloudwatch/logGroup:LogGroup": (p) => [
        kv("retention", p.retentionInDays !== undefined ? `${p.retentionInDays}d` : "never expires"),
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": (p) => [
        kv("alarm", `${p.metricName} ${op(p.comparisonOperator)} ${p.threshold}`),
        kv("periods", p.datapointsToAlarm ? `${p.datapointsToAlarm}/${p.evaluationPeriods}` : p.evaluationPeriods),
    ],
    "aws:rds/instance:Instance": (p) => [
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
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (p) => [kv("namespace", p.name)],
    "aws:servicediscovery/service:Service": (p) => [
        kv(
            "record",
            `${p.name} A ttl ${flatten(p.dnsConfig?.dnsRecords)[0] ? (flatten(p.dnsConfig.dnsRecords)[0] as any).ttl : "?"}s`,
        ),
    ],
    "aws:cloudfront/distribution:Distribution": (p) => [
        kv("price class", p.priceClass),
        kv(
            "origin",
            flatten(p.origins)[0] ? (flatten(p.origins)[0] as any).customOriginConfig?.originProtocolPolicy : undefined,
        ),
        kv("viewer", p.defaultCacheBehavior?.viewerProtocolPolicy),
    ],
    "aws:ecr/repository:Repository": (p) => [
        kv("tags", p.imageTagMutability),
        flag(p.imageScanningConfiguration?.scanOnPush, "scan on push"),
    ],
    "aws:ssm/parameter:Parameter": (p) => [kv("parameter", `${p.name} ${p.type}`)],
    "aws:kms/key:Key": (p) => [
        flag(p.enableKeyRotation, "rotation"),
        kv("deletion window", p.deletionWindowInDays !== undefined ? `${p.deletionWindowInDays}d` : undefined),
    ],
};

/** Short `key value` strings for one resource, plus `protect` / `retain` when set. */
export function keyProperties(graph: PlanGraph, r: EvaluatedResource): string[] {
    const p = graph.props(r);
    const out: (string | undefined)[] = [];
    if (RULE_TYPES.has(r.type) || r.type === "aws:ec2/securityGroup:SecurityGroup")
        out.push(...describeRules(graph, r));
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
            const owner = graph
                .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
                .find((e) => graph.props(e).prefixListId === peer.id);
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
