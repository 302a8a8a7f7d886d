/**
 * Reading the engine's RegisterResource request the way the evaluator records it: aliases without
 * the fields protobuf fills in, custom timeouts without the wire's empty strings, and the URN a
 * renamed resource had (whose state a deployed stack keeps).
 */
import type { EvaluatedResource, ResourceAlias } from "./evaluate";
import { PULUMI_TYPE } from "../policy-pack/lib/aws-types";

/**
 * The URN the engine gives a resource (pkg/resource/deploy/deployment.go `generateURN`): its type
 * after the parent's whole type chain, except that the root Stack's type is left out. The SDK's
 * mock monitor instead prefixes only the parent's own type and keeps the root Stack's
 * (`pulumi:pulumi:Stack$ecs-platform:edge:Edge::edge`), which no deployed stack has; the engine
 * run of issue 19 found it.
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent === "" ? "" : (parent.split("::")[2] ?? "");
    const qualified = parentType === "" || parentType === PULUMI_TYPE.Stack ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Makes the mock monitor name registrations and reads (its readResource calls newUrn too) as the engine does. */
export function useEngineUrns(
    monitor: { newUrn: (parent: string, type: string, name: string) => string },
    settings: { getStack(): string; getProject(): string },
): void {
    monitor.newUrn = (parent, type, name) =>
        engineUrn(settings.getStack(), settings.getProject(), parent || "", type, name);
}

/** `urn` with every renamed type of its type chain (`parent$child`) spelled as it was before the rename. */
export function urnBeforeRenames(urn: string, renamedTypes: ReadonlyMap<string, string>): string {
    if (renamedTypes.size === 0) return urn;
    const parts = urn.split("::");
    parts[2] = parts[2]
        .split("$")
        .map((type) => renamedTypes.get(type) ?? type)
        .join("$");
    return parts.join("::");
}

/**
 * The aliases of a registration: an old URN, or the old type and/or name where they differ from
 * today's (the SDK also sends the provider's own legacy tokens, e.g. BucketV2 for Bucket). The parent
 * the SDK fills into every spec is left out: this program never moves a resource between parents.
 */
export function readAliases(req: any, type: string, name: string): ResourceAlias[] {
    const found = new Map<string, ResourceAlias>();
    for (const alias of req.getAliasesList() as any[]) {
        let entry: ResourceAlias;
        if (alias.hasUrn()) {
            entry = { urn: alias.getUrn() as string };
        } else {
            const spec = alias.getSpec();
            const oldType: string = spec.getType();
            const oldName: string = spec.getName();
            entry = {
                ...(oldType && oldType !== type ? { type: oldType } : {}),
                ...(oldName && oldName !== name ? { name: oldName } : {}),
            };
        }
        if (Object.keys(entry).length > 0) found.set(JSON.stringify(entry), entry);
    }
    return [...found.values()];
}

/** The custom timeouts of a registration, omitting the empty strings the wire uses for "unset". */
export function customTimeoutsOf(req: any): Pick<EvaluatedResource, "customTimeouts"> {
    const t = req.getCustomtimeouts();
    if (t === undefined) return {};
    const entries = Object.entries({ create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() });
    const set = entries.filter(([, v]) => v !== "");
    return set.length > 0 ? { customTimeouts: Object.fromEntries(set) } : {};
}
