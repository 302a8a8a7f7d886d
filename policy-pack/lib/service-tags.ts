/**
 * The tags the program sets on each service's resources, and by which the pack, the plan and the
 * tests recognise them: one home for the keys, so a resource is classified by what the program
 * says it is, never by its name or description (a group whose description says "load balancer"
 * is not the ALB's).
 *
 * - `ecs-platform:service`: the service's name in the stack's `services` map;
 * - `ecs-platform:kind`: `http` (behind the ALB), `internal` (reached by name), `worker` (no inbound);
 * - `ecs-platform:tier`: the fixed tiers' groups (`alb`, `endpoint`, `database`);
 * - `ecs-platform:role`: `execution` or `task` on the IAM roles of the tasks.
 *
 * Tag keys and values fit EC2's and ECS's tag rules (letters, digits, spaces and `_.:/=+-@`).
 */
export const SERVICE_TAG = "ecs-platform:service";
export const KIND_TAG = "ecs-platform:kind";
/** On security groups outside the services: `alb`, `endpoint`, `database` (the pack's fixed tiers). */
export const TIER_TAG = "ecs-platform:tier";
/** On IAM roles: `execution` (the ECS agent's) or `task` (a service's own; with SERVICE_TAG). */
export const ROLE_TAG = "ecs-platform:role";

export const SERVICE_KIND_VALUES = ["http", "internal", "worker"] as const;
export type ServiceKindValue = (typeof SERVICE_KIND_VALUES)[number];

/** The tags of one service's resources. */
export function serviceTags(service: string, kind: ServiceKindValue): Record<string, string> {
    return { [SERVICE_TAG]: service, [KIND_TAG]: kind };
}

/** The service and kind a resource's tags name, or undefined when it carries none. */
export function serviceOfTags(tags: unknown): { service: string; kind: ServiceKindValue } | undefined {
    if (tags === null || typeof tags !== "object") return undefined;
    const t = tags as Record<string, unknown>;
    const service = t[SERVICE_TAG];
    const kind = t[KIND_TAG];
    if (typeof service !== "string" || !SERVICE_KIND_VALUES.includes(kind as ServiceKindValue)) return undefined;
    return { service, kind: kind as ServiceKindValue };
}

/** The tag naming a resource's fixed tier or, for a service's resources, the service. */
export function tierOfTags(tags: unknown): string | undefined {
    if (tags === null || typeof tags !== "object") return undefined;
    const t = tags as Record<string, unknown>;
    const service = t[SERVICE_TAG];
    if (typeof service === "string" && service !== "") return service;
    const tier = t[TIER_TAG];
    return typeof tier === "string" && tier !== "" ? tier : undefined;
}
