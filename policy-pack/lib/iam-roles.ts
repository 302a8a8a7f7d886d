/**
 * What a role can do, assembled from the whole stack for stack policies: its inline policies,
 * `aws.iam.RolePolicy` resources naming it, and the managed policies attached to it (by
 * `managedPolicyArns`, `RolePolicyAttachment`, `PolicyAttachment.roles` or
 * `RolePolicyAttachmentsExclusive`). References are resolved through `propertyDependencies`
 * (URNs, known during preview) and, when values are known, by role name/id or policy ARN.
 */
import { PolicyResource } from "@pulumi/policy";
import { DocumentLocation, documentLocations } from "./iam-locations";
import { isUnknown, read, snapshot, UNKNOWN } from "./known-values";
import { AWS_TYPE } from "./aws-types";

export interface RolePermissions {
    readonly role: PolicyResource;
    /** Documents that grant the role permissions, each with the resource that holds it. */
    readonly documents: readonly { readonly holder: PolicyResource; readonly location: DocumentLocation }[];
    /** AWS-managed policy names attached (`AmazonECSTaskExecutionRolePolicy`, ...). */
    readonly awsManagedPolicies: readonly string[];
    /** Attachments whose policy could not be identified (ARN unknown and no dependency to follow). */
    readonly unresolved: readonly string[];
}

const AWS_MANAGED = /^arn:[a-z-]+:iam::aws:policy\/(?:[^/]+\/)*([^/]+)$/;

/** The policy name of an AWS-managed policy ARN (any partition), else undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
    return AWS_MANAGED.exec(arn)?.[1];
}

const knownString = (v: unknown): string | undefined =>
    typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;

/** Collects every role's permissions. */
export function rolePermissions(resources: readonly PolicyResource[]): RolePermissions[] {
    const roles = resources.filter((r) => r.type === AWS_TYPE.iam.Role);
    const policiesByArn = new Map<string, PolicyResource>();
    for (const r of resources) {
        const arn = r.type === AWS_TYPE.iam.Policy ? knownString(read(r.props, "arn")) : undefined;
        if (arn) policiesByArn.set(arn, r);
    }

    // Holders (inline policies and attachments) by type, read once: each role looks only at these.
    const holders = resources.filter((r) => HOLDER_ROLE_FIELD[r.type] !== undefined);
    const namedRoles = rolesNamedByHolders(holders);
    return roles.map((role) => {
        const roleKeys = new Set([knownString(read(role.props, "name")), knownString(read(role.props, "id"))]);
        roleKeys.delete(undefined);
        /** True when `holder.field` names this role: through its dependencies, or by name/id/ARN. */
        const names = (holder: PolicyResource, field: string): boolean => {
            if ((holder.propertyDependencies[field] ?? []).some((d) => d.urn === role.urn)) return true;
            const value = snapshot(read(holder.props, field));
            const values = Array.isArray(value) ? value : [value];
            const roleArn = knownString(read(role.props, "arn"));
            return values.some((v) => typeof v === "string" && (roleKeys.has(v) || v === roleArn));
        };

        const documents: RolePermissions["documents"][number][] = documentLocations(AWS_TYPE.iam.Role, role.props)
            .filter((l) => l.kind === "identity")
            .map((location) => ({ holder: role, location }));
        const awsManaged: string[] = [];
        const unresolved: string[] = [];
        const attach = (holder: PolicyResource, field: string) => {
            const value = snapshot(read(holder.props, field));
            const arns = value === UNKNOWN ? [UNKNOWN] : Array.isArray(value) ? value : [value];
            const deps = (holder.propertyDependencies[field] ?? []).filter((d) => d.type === AWS_TYPE.iam.Policy);
            const seen = new Set<PolicyResource>(deps);
            let unknownCount = 0;
            for (const arn of arns) {
                const text = knownString(arn);
                if (text === undefined) {
                    if (isUnknown(arn)) unknownCount++;
                    continue;
                }
                const managed = awsManagedPolicyName(text);
                if (managed) awsManaged.push(managed);
                else if (policiesByArn.has(text)) seen.add(policiesByArn.get(text) as PolicyResource);
                else unresolved.push(`${holder.name}.${field}`);
            }
            // Unknown ARNs are customer policies of this stack; each needs a dependency to follow.
            if (unknownCount > deps.length) unresolved.push(`${holder.name}.${field}`);
            for (const p of seen) {
                for (const location of documentLocations(AWS_TYPE.iam.Policy, p.props))
                    documents.push({ holder: p, location });
            }
        };

        attach(role, "managedPolicyArns");
        for (const r of namedRoles.candidatesFor(role)) {
            if (!names(r, HOLDER_ROLE_FIELD[r.type])) continue;
            if (r.type === AWS_TYPE.iam.RolePolicy) {
                for (const location of documentLocations(AWS_TYPE.iam.RolePolicy, r.props))
                    documents.push({ holder: r, location });
            } else {
                attach(r, r.type === AWS_TYPE.iam.RolePolicyAttachmentsExclusive ? "policyArns" : "policyArn");
            }
        }
        return { role, documents, awsManagedPolicies: awsManaged, unresolved };
    });
}

/** The property through which each kind of holder names its role(s). */
const HOLDER_ROLE_FIELD: Readonly<Record<string, string>> = {
    [AWS_TYPE.iam.RolePolicy]: "role",
    [AWS_TYPE.iam.RolePolicyAttachment]: "role",
    [AWS_TYPE.iam.PolicyAttachment]: "roles",
    [AWS_TYPE.iam.RolePolicyAttachmentsExclusive]: "roleName",
};

/**
 * For each role, the holders that may name it, found through an index instead of a scan of every
 * holder per role (linear in the stack): those linked by a dependency, those whose value is one of
 * the role's name, id or ARN. The caller still confirms each with the exact rule, in stack order.
 */
function rolesNamedByHolders(holders: readonly PolicyResource[]) {
    const byRoleUrn = new Map<string, Set<PolicyResource>>();
    const byValue = new Map<string, Set<PolicyResource>>();
    const add = <K>(map: Map<K, Set<PolicyResource>>, key: K, holder: PolicyResource) =>
        (map.get(key) ?? map.set(key, new Set()).get(key)!).add(holder);
    for (const holder of holders) {
        const field = HOLDER_ROLE_FIELD[holder.type];
        for (const d of holder.propertyDependencies[field] ?? []) add(byRoleUrn, d.urn, holder);
        const value = snapshot(read(holder.props, field));
        for (const v of Array.isArray(value) ? value : [value]) if (typeof v === "string") add(byValue, v, holder);
    }
    const order = new Map(holders.map((h, i) => [h, i]));
    return {
        candidatesFor(role: PolicyResource): PolicyResource[] {
            const found = new Set(byRoleUrn.get(role.urn) ?? []);
            for (const key of ["name", "id", "arn"]) {
                const v = knownString(read(role.props, key));
                if (v !== undefined) for (const h of byValue.get(v) ?? []) found.add(h);
            }
            return [...found].sort((a, b) => order.get(a)! - order.get(b)!);
        },
    };
}

/**
 * Policy and attachment resources whose role is unknown and has no dependency to follow, so no
 * role can be credited with them (preview only; their names, for a "can't decide" notice).
 */
export function unattributedGrants(resources: readonly PolicyResource[]): string[] {
    const roleField = HOLDER_ROLE_FIELD;
    return resources
        .filter((r) => {
            const field = roleField[r.type];
            if (!field) return false;
            const value = snapshot(read(r.props, field));
            const unknown = isUnknown(value) || (Array.isArray(value) && value.some(isUnknown));
            return unknown && (r.propertyDependencies[field] ?? []).length === 0;
        })
        .map((r) => `${r.name}.${roleField[r.type]}`);
}
