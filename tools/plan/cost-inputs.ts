/**
 * What the cost estimate needs from an evaluated graph: each service's task size, counts and
 * capacity strategy (the configured counts when bootstrap mode runs none), the load balancers,
 * interface endpoints, NAT gateways, distributions and RDS instances.
 */
import { asNumber } from "../../policy-pack/lib/known-values";
import { edgeCostInputsOf } from "./cost-edge";
import { planServices } from "./services";
import { PlanGraph } from "./graph";
import type { CostInputs, ServiceCostInput, StrategyItem } from "./cost";
import { AWS_TYPE, PULUMI_TYPE } from "../../policy-pack/lib/aws-types";
import { SERVICE_CONNECT_PROXY } from "../../policy-pack/lib/service-connect";

/** Extracts the cost inputs from an evaluated graph. */
export function costInputsOf(graph: PlanGraph): CostInputs {
    const services: ServiceCostInput[] = [];
    for (const svc of graph.ofType(AWS_TYPE.ecs.Service)) {
        const props = graph.props(svc);
        const taskDef = graph.referencedPath(svc, "taskDefinition", [AWS_TYPE.ecs.TaskDefinition])[0];
        const tdProps = taskDef ? graph.props(taskDef) : {};
        const desired = asNumber(props.desiredCount) ?? 1;
        const target = scalingTargetOf(graph, svc.urn);
        const targetProps = target ? graph.props(target) : {};
        const strategy = (Array.isArray(props.capacityProviderStrategies) ? props.capacityProviderStrategies : []).map(
            (s: any): StrategyItem => ({
                capacityProvider: String(s?.capacityProvider ?? ""),
                base: asNumber(s?.base) ?? 0,
                weight: asNumber(s?.weight) ?? 0,
            }),
        );
        const name = serviceLabel(graph, svc);
        const connect = props.serviceConnectConfiguration as { enabled?: boolean; services?: unknown[] } | undefined;
        let minTasks = asNumber(targetProps.minCapacity) ?? desired;
        let maxTasks = asNumber(targetProps.maxCapacity) ?? desired;
        // Bootstrap mode pins a service at 0 tasks; the steady state is what the config asks for.
        const configured = configuredCounts(graph, name);
        const fromConfig = maxTasks === 0 && configured !== undefined;
        if (fromConfig) [minTasks, maxTasks] = configured;
        services.push({
            name,
            vcpu: (asNumber(tdProps.cpu) ?? 0) / 1024,
            memoryGb: (asNumber(tdProps.memory) ?? 0) / 1024,
            cpuArchitecture:
                (tdProps.runtimePlatform as { cpuArchitecture?: unknown } | undefined)?.cpuArchitecture === "ARM64"
                    ? "ARM64"
                    : "X86_64",
            minTasks,
            maxTasks,
            countsFrom: fromConfig ? "config" : "graph",
            strategy,
            discoverable:
                (Array.isArray(props.serviceRegistries)
                    ? props.serviceRegistries.length > 0
                    : props.serviceRegistries != null) || (connect?.services?.length ?? 0) > 0,
            serviceConnectProxy: connect?.enabled === true ? { ...SERVICE_CONNECT_PROXY } : undefined,
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
        databases: graph.ofType(AWS_TYPE.rds.Instance).map((db) => {
            const p = graph.props(db);
            return {
                name: db.name,
                instanceClass: String(p.instanceClass ?? "unknown"),
                storageGb: asNumber(p.allocatedStorage) ?? 0,
                storageType: String(p.storageType ?? "gp2"),
                multiAz: p.multiAz === true,
            };
        }),
        natGateways: graph.ofType(AWS_TYPE.ec2.NatGateway).length,
        workQueues: graph.ofType(AWS_TYPE.sqs.Queue).filter((q) => graph.props(q).redrivePolicy !== undefined).length,
        cloudFrontDistributions: graph.ofType(AWS_TYPE.cloudfront.Distribution).length,
        edge: edgeCostInputsOf(graph),
    };
}

/**
 * `[minCount, maxCount]` of a service as the program resolved them: the stack config through the
 * config layer, so the schema's defaults apply here as they did in the evaluation (one home).
 */
function configuredCounts(graph: PlanGraph, service: string): [number, number] | undefined {
    const counts = planServices(graph).find((s) => s.name === service)?.counts;
    return counts === undefined ? undefined : [counts.min, counts.max];
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
