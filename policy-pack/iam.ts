/**
 * Policies of the "iam" area, applied wherever a policy document lives (role inline and trust
 * policies, RolePolicy, managed Policy, user/group policies, bucket/repository/key/topic/endpoint
 * policies) and to managed-policy attachments. By concern: statements of documents
 * (iam-documents.ts), trust policies (iam-trust.ts), roles and attachments (iam-roles.ts).
 */
import { PlatformPolicy } from "./lib/define-policy";
import {
    actionsExist,
    documentValid,
    noAllowNot,
    noPrivilegeEscalation,
    noWildcardActions,
    scopedResources,
} from "./iam-documents";
import { noBroadManagedPolicies, taskRoleAllowlist } from "./iam-roles";
import { ecsTrustScoped, federatedTrustScoped, trustNoPublicPrincipal } from "./iam-trust";

export { broadManagedPolicy, DEFAULT_ROLE_ALLOWLISTS } from "./iam-roles";

export const iamPolicies: PlatformPolicy[] = [
    noWildcardActions,
    noAllowNot,
    scopedResources,
    actionsExist,
    noBroadManagedPolicies,
    noPrivilegeEscalation,
    trustNoPublicPrincipal,
    federatedTrustScoped,
    ecsTrustScoped,
    taskRoleAllowlist,
    documentValid,
];
