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
        for (const r of resources) {
            if (r.type === AWS_TYPE.iam.RolePolicy && names(r, "role")) {
                for (const location of documentLocations(AWS_TYPE.iam.RolePolicy, r.props))
                    documents.push({ holder: r, location });
            } else if (r.type === AWS_TYPE.iam.RolePolicyAttachment && names(r, "role")) {
                attach(r, "policyArn");
            } else if (r.type === AWS_TYPE.iam.PolicyAttachment && names(r, "roles")) {
                attach(r, "policyArn");
            } else if (r.type === AWS_TYPE.iam.RolePolicyAttachmentsExclusive && names(r, "roleName")) {
                attach(r, "policyArns");
            }
        }
        return { role, documents, awsManagedPolicies: awsManaged, unresolved };
    });
}

/**
 * Policy and attachment resources whose role is unknown and has no dependency to follow, so no
 * role can be credited with them (preview only; their names, for a "can't decide" notice).
 */
export function unattributedGrants(resources: readonly PolicyResource[]): string[] {
    const roleField: Record<string, string> = {
        [AWS_TYPE.iam.RolePolicy]: "role",
        [AWS_TYPE.iam.RolePolicyAttachment]: "role",
        [AWS_TYPE.iam.PolicyAttachment]: "roles",
        [AWS_TYPE.iam.RolePolicyAttachmentsExclusive]: "roleName",
    };
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
