/**
 * The stack's services as the plan's analyses read them: from the evaluated stack's own
 * configuration (`ecs-platform:services`, resolved by the config layer exactly as the program
 * resolved it), so the expected reachability comes from the declared `calls`, never from the
 * security-group rules it is checked against. A graph whose config no longer parses (a test that
 * edits the graph, not the config) falls back to the tags the program sets on each ECS service.
 */
import { parsePlatformConfig } from "../../config/load";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { serviceOfTags, ServiceKindValue } from "../../policy-pack/lib/service-tags";
import { PlanGraph } from "./graph";
import type { ResolvedService } from "../../config/services-map";
import type { PackService } from "../../policy-pack/lib/service-policy-config";

export interface PlanService {
    readonly name: string;
    /** Its label in the matrix and the diagram ("BFF"). */
    readonly label: string;
    readonly kind: ServiceKindValue;
    readonly port?: number;
    readonly calls: readonly string[];
    readonly database: boolean;
    /** Whether it invokes Bedrock (the bedrock-runtime endpoints are then on its path). */
    readonly bedrock: boolean;
    /** The subnets its tasks run in. */
    readonly subnetTier: "app" | "agent";
    /** The configured counts (a bootstrap-mode service runs 0 until an image tag is set); unknown from tags alone. */
    readonly counts?: { readonly desired: number; readonly min: number; readonly max: number };
}

const cache = new WeakMap<PlanGraph, readonly PlanService[]>();

/** The services, in the order of the map. */
export function planServices(graph: PlanGraph): readonly PlanService[] {
    let services = cache.get(graph);
    if (services === undefined) {
        services = fromConfig(graph) ?? fromTags(graph);
        cache.set(graph, services);
    }
    return services;
}

function fromConfig(graph: PlanGraph): PlanService[] | undefined {
    try {
        const cfg = parsePlatformConfig(graph.stack.config, graph.stack.stack);
        return cfg.services.map((s) => ({
            name: s.name,
            label: s.displayName,
            kind: s.kind,
            port: s.kind === "worker" ? undefined : s.port,
            calls: s.calls,
            database: s.database,
            bedrock: s.grants.bedrock,
            subnetTier: s.subnetTier,
            counts: { desired: s.desiredCount, min: s.minCount, max: s.maxCount },
        }));
    } catch {
        return undefined;
    }
}

function fromTags(graph: PlanGraph): PlanService[] {
    return graph.ofType(AWS_TYPE.ecs.Service).flatMap((svc) => {
        const tagged = serviceOfTags(graph.props(svc).tags);
        if (tagged === undefined) return [];
        return [
            {
                name: tagged.service,
                label: tagged.service,
                kind: tagged.kind,
                calls: [],
                database: false,
                bedrock: false,
                subnetTier: tagged.kind === "http" ? ("app" as const) : ("agent" as const),
            },
        ];
    });
}

/** The services as the pack's allowlists need them (policy-pack/lib/service-policy-config.ts). */
export function packServicesOf(services: readonly ResolvedService[]): PackService[] {
    return services.map((s) => ({
        name: s.name,
        kind: s.kind,
        port: s.kind === "worker" ? undefined : s.port,
        calls: s.calls,
        database: s.database,
        exec: s.exec,
        queue: s.kind === "worker" && s.queue !== undefined,
        tracing: s.tracing,
        grants: {
            bedrock: s.grants.bedrock,
            s3Prefix: s.grants.s3Prefix,
            parameters: s.grants.parameters,
            secrets: s.grants.secrets,
            queues: s.grants.queues,
        },
    }));
}
