/**
 * Rules on a service's scaling that need more than its own keys: request-count tracking only
 * where one target group serves production, and schedules that do not contradict the counts.
 */
import type { KeyedIssue } from "./describe";
import { resolveRollout } from "./deployment";
import type { ParsedServiceEntry } from "./service-entry";
import type { Schedule } from "./scaling-schedules";

/** Scaling kinds that cannot work for this entry, and schedules that contradict its counts. */
export function scalingIssues(
    name: string,
    e: ParsedServiceEntry,
    ctx: { readonly environment: "dev" | "test" | "prod"; readonly schedules: readonly Schedule[] },
    /** The entry's `scaling` key path (`services.<name>.scaling`). */
    own: readonly (string | number)[],
): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    if (e.scaling.requestsPerTarget !== undefined) {
        const path = [...own, "requestsPerTarget"];
        if (e.kind !== "http") {
            issues.push({
                path,
                message: `is for kind http (ALB requests per target); a ${e.kind} service has no target group: remove it`,
            });
        } else {
            const strategy = resolveRollout(ctx.environment, e.deployment, { loadBalanced: true }).strategy;
            if (strategy !== "rolling") {
                issues.push({
                    path,
                    message: `needs deployment strategy rolling (this service's is ${strategy}): ECS moves production traffic between two target groups, and a request-count policy watches one of them; set services.${name}.deployment.strategy: rolling, or scale on cpu and memory only`,
                });
            }
        }
    }
    const owned = e.scaling.schedules !== undefined;
    (e.scaling.schedules ?? ctx.schedules).forEach((s, i) => {
        const path = owned ? [...own, "schedules", i] : ["scaling", "schedules", i];
        if (s.maxCount === undefined && s.minCount !== undefined && s.minCount > e.maxCount) {
            issues.push({
                path: [...path, "minCount"],
                message: `is above ${name}'s maxCount (${e.maxCount}) and the action leaves the ceiling as it is; set maxCount in the action too`,
            });
        }
        if (s.minCount === undefined && s.maxCount !== undefined && s.maxCount < e.minCount) {
            issues.push({
                path: [...path, "maxCount"],
                message: `is below ${name}'s minCount (${e.minCount}) and the action leaves the floor as it is; set minCount in the action too`,
            });
        }
    });
    return issues;
}
