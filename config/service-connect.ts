/**
 * Rules of `deployment.discovery: serviceConnect` that relate it to other keys: the Service Connect
 * proxy runs inside each task and takes 256 CPU units and 64 MiB of the task's size
 * (policy-pack/lib/service-connect.ts has the source), so each service's `cpu` and `memory` must
 * leave the application at least the smallest Fargate task (256 / 512) after that share. The pair
 * itself is checked against the Fargate table in schema.ts; this adds the room for the proxy.
 */
import { SERVICE_CONNECT_APP_MINIMUM, SERVICE_CONNECT_PROXY } from "../policy-pack/lib/service-connect";
import type { KeyedIssue } from "./describe";
import type { DiscoveryMode } from "./deployment";

interface TaskSize {
    readonly cpu: number;
    readonly memory: number;
}

/** What the application keeps of a task once the Service Connect proxy has its share. */
export function applicationShare(size: TaskSize): { cpu: number; memoryMiB: number } {
    return { cpu: size.cpu - SERVICE_CONNECT_PROXY.cpu, memoryMiB: size.memory - SERVICE_CONNECT_PROXY.memoryMiB };
}

/** Issues keyed at `services.<name>.cpu` / `.memory` when a task leaves no room for the proxy. */
export function serviceConnectIssues(cfg: {
    readonly services: Readonly<Record<string, TaskSize & { readonly kind: string }>>;
    readonly deployment: { readonly discovery: DiscoveryMode };
}): KeyedIssue[] {
    if (cfg.deployment.discovery !== "serviceConnect") return [];
    const issues: KeyedIssue[] = [];
    const P = SERVICE_CONNECT_PROXY;
    const A = SERVICE_CONNECT_APP_MINIMUM;
    for (const [service, size] of Object.entries(cfg.services)) {
        // A worker takes no connections and calls through the proxy only if it calls someone; it still
        // runs the client proxy (every service of the namespace does), so it needs the room too.
        const app = applicationShare(size);
        const why = `with deployment.discovery serviceConnect the proxy takes ${P.cpu} CPU units and ${P.memoryMiB} MiB of the task`;
        if (app.cpu < A.cpu) {
            issues.push({
                path: ["services", service, "cpu"],
                message: `leaves ${app.cpu} CPU units for the application: ${why}; allowed: ${A.cpu + P.cpu} or more`,
            });
        }
        if (app.memoryMiB < A.memoryMiB) {
            issues.push({
                path: ["services", service, "memory"],
                message: `leaves ${app.memoryMiB} MiB for the application: ${why}; allowed: ${A.memoryMiB + P.memoryMiB} or more (a Fargate pair)`,
            });
        }
    }
    return issues;
}
