/**
 * "iam" policies on roles as a whole and on managed-policy attachments: broad AWS-managed
 * policies, and each ECS role's effective actions against its allowlist.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "./lib/define-policy";
import { actionMatches, expandAction, parsePolicyDocument } from "./lib/iam-document";
import { awsManagedPolicyName, rolePermissions, unattributedGrants } from "./lib/iam-roles";
import { isUnknown, read, snapshot } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";
import { ECS_TASKS } from "./iam-trust";
import { SEED_SERVICES } from "./lib/architecture";
import { EXECUTION_ROLE_ALLOWLIST, RoleAllowlist, roleAllowlistOf } from "./lib/service-policy-config";
import { ROLE_TAG, SERVICE_TAG } from "./lib/service-tags";

/** IAM-05: broad AWS-managed policies, in every partition and attachment form. */
const MANAGED_ATTACHMENTS: Readonly<Record<string, string>> = {
    [AWS_TYPE.iam.Role]: "managedPolicyArns",
    [AWS_TYPE.iam.RolePolicyAttachment]: "policyArn",
    [AWS_TYPE.iam.PolicyAttachment]: "policyArn",
    [AWS_TYPE.iam.UserPolicyAttachment]: "policyArn",
    [AWS_TYPE.iam.GroupPolicyAttachment]: "policyArn",
    [AWS_TYPE.iam.RolePolicyAttachmentsExclusive]: "policyArns",
    [AWS_TYPE.iam.UserPolicyAttachmentsExclusive]: "policyArns",
    [AWS_TYPE.iam.GroupPolicyAttachmentsExclusive]: "policyArns",
};

/**
 * AWS-managed policies that read everything, across all services (AWS Managed Policy reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html, ViewOnlyAccess.html,
 * SecurityAudit.html; "AWS managed policies for job functions",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html). ReadOnlyAccess
 * includes `s3:Get*` on "*": every object of every bucket, the agent data included.
 */
const READ_EVERYTHING = ["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit"];

/**
 * Why an AWS-managed policy is too broad; undefined when it is not. The read class is decided by the
 * naming AWS uses for it: a `*ReadOnly*` policy grants a service's reads (Get*, List*, Describe*) on
 * "*" (AmazonS3ReadOnlyAccess: `s3:Get*`, `s3:List*` on every bucket and object; AmazonSSMReadOnlyAccess:
 * `ssm:Get*` on every parameter; AmazonEC2ContainerRegistryReadOnly: every repository's images), and a
 * `*ReadWrite` policy (SecretsManagerReadWrite: every secret) both reads and writes a whole service.
 * None can be scoped to the stack's resources, so, like admin, they are mandatory violations.
 */
export function broadManagedPolicy(name: string): string | undefined {
    if (/^AdministratorAccess/i.test(name)) return "AdministratorAccess (full administrator)";
    if (/^PowerUserAccess$/i.test(name)) return "PowerUserAccess (every action outside IAM and Organizations)";
    if (/^IAMFullAccess$/i.test(name)) return "IAMFullAccess (full IAM, an escalation path)";
    if (/FullAccess/i.test(name)) return `${name} (full access to a service)`;
    if (READ_EVERYTHING.some((n) => n.toLowerCase() === name.toLowerCase())) {
        return `${name} (read of every resource of every service)`;
    }
    if (/ReadOnly/i.test(name)) return `${name} (read of every resource of a service)`;
    if (/ReadWrite$/i.test(name)) return `${name} (read and write of every resource of a service)`;
    return undefined;
}

interface ManagedPoliciesConfig {
    readonly allowedPolicies?: readonly string[];
}

export const noBroadManagedPolicies = resourcePolicy(
    {
        name: "iam-no-broad-managed-policies",
        area: "iam",
        description:
            "No AdministratorAccess, PowerUserAccess, IAMFullAccess, *FullAccess, read-everything (ReadOnlyAccess, " +
            "ViewOnlyAccess, SecurityAudit), service-wide *ReadOnly* or *ReadWrite AWS-managed policy is attached, " +
            "in any partition, through any attachment resource or managedPolicyArns.",
        why:
            "These grant far more than any workload of the stack needs, and AWS widens them over time. A read-only " +
            "policy is no safer for a task: ReadOnlyAccess or AmazonS3ReadOnlyAccess reads every object, parameter " +
            "and secret value of the account, which is the data an attacker in a task wants.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Detach the managed policy and grant the named actions on named resources in an inline policy.",
        anchors: ["CKV_AWS_274", "CKV_AWS_275", "CKV2_AWS_56", "AwsSolutions-IAM4"],
        config: {
            allowedPolicies: {
                type: "array",
                items: { type: "string" },
                description:
                    "AWS-managed policy names to accept anyway (use a waiver with a reason instead where possible).",
            },
        },
    },
    Object.keys(MANAGED_ATTACHMENTS),
    (props, args, report) => {
        const allowed = new Set(
            (args.getConfig<ManagedPoliciesConfig>().allowedPolicies ?? []).map((n) => n.toLowerCase()),
        );
        const field = MANAGED_ATTACHMENTS[args.type];
        const value = snapshot(read(props, field));
        // Unknown ARNs are outputs of this stack's own policies; AWS-managed ARNs are always literals.
        for (const arn of Array.isArray(value) ? value : [value]) {
            if (typeof arn !== "string" || isUnknown(arn)) continue;
            const name = awsManagedPolicyName(arn);
            const why = name && !allowed.has(name.toLowerCase()) ? broadManagedPolicy(name) : undefined;
            if (why) report(`${field} attaches the AWS-managed policy ${why}.`);
        }
    },
);

/**
 * IAM-08: each ECS role's effective actions against an allowlist for its role. Without per-stack
 * config: the seed's roles (lib/service-policy-config.ts derives a stack's from its services).
 */
export const DEFAULT_ROLE_ALLOWLISTS: readonly RoleAllowlist[] = [
    { ...EXECUTION_ROLE_ALLOWLIST, pattern: "exec" },
    ...SEED_SERVICES.map((s) => ({ ...roleAllowlistOf(s), pattern: s.name === "agentcore" ? "agent-?core" : s.name })),
];

/** How an entry is shown in a finding: the tag it matches, else its pattern. */
const entryLabel = (a: RoleAllowlist) =>
    a.service !== undefined ? `service ${a.service}` : a.role !== undefined ? `role ${a.role}` : `/${a.pattern ?? ""}/`;

/** The first entry for a role: by the program's tags when it has them, else by its name. */
function allowlistFor(allowlists: readonly RoleAllowlist[], role: PolicyResource): RoleAllowlist | undefined {
    const tags = snapshot(read(role.props, "tags")) as Record<string, unknown> | undefined;
    const tagged = (key: string) => (tags && typeof tags === "object" ? tags[key] : undefined);
    const service = tagged(SERVICE_TAG);
    const kind = tagged(ROLE_TAG);
    if (typeof service === "string" || typeof kind === "string") {
        return allowlists.find(
            (a) =>
                (a.service !== undefined && a.service === service) ||
                (a.role !== undefined && a.role === kind && service === undefined),
        );
    }
    const roleName = read(role.props, "name");
    const names = [role.name, typeof roleName === "string" && !isUnknown(roleName) ? roleName : ""];
    return allowlists.find(
        (a) => a.pattern !== undefined && names.some((n) => new RegExp(a.pattern as string, "i").test(n)),
    );
}

interface TaskRoleConfig {
    readonly roles?: readonly RoleAllowlist[];
}

export const taskRoleAllowlist = stackPolicy(
    {
        name: "iam-task-role-allowlist",
        area: "iam",
        description:
            "Each role ECS tasks assume holds, across inline policies, RolePolicy resources and attached " +
            "policies, only the actions allowlisted for it (first `roles` entry whose pattern matches the role name).",
        why:
            "Least privilege is a property of the role, not of one document: a second RolePolicy or an attached " +
            "policy can add what the reviewed inline policy left out.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Remove the extra actions or attachments, or, if the workload truly needs them, add them to the " +
            "role's entry in the `roles` policy config.",
        anchors: ["CKV_AWS_290", "CKV_AWS_111", "CKV_AWS_289", "CKV_AWS_109"],
        config: {
            roles: {
                type: "array",
                description:
                    "Ordered: the role (by its ecs-platform:service or ecs-platform:role tag, else a role-name regex) -> allowed action patterns and AWS-managed policy names.",
                items: {
                    type: "object",
                    properties: {
                        pattern: { type: "string" },
                        service: { type: "string" },
                        role: { type: "string" },
                        actions: { type: "array", items: { type: "string" } },
                        managedPolicies: { type: "array", items: { type: "string" } },
                    },
                    required: ["actions"],
                    additionalProperties: false,
                } as PolicyConfigJSONSchema,
            },
        },
    },
    (args, report) => {
        const allowlists = args.getConfig<TaskRoleConfig>().roles ?? DEFAULT_ROLE_ALLOWLISTS;
        const pending: string[] = [];
        for (const perms of rolePermissions(args.resources)) {
            const role = perms.role;
            const trust = parsePolicyDocument(read(role.props, "assumeRolePolicy"));
            if ("unknown" in trust) {
                pending.push(`${role.name}.assumeRolePolicy`);
                continue;
            }
            if ("error" in trust) continue;
            const isEcsRole = trust.statements.some(
                (s) =>
                    s.effect === "Allow" &&
                    s.principals.some((p) => p.kind === "Service" && p.value.toLowerCase() === ECS_TASKS),
            );
            if (!isEcsRole) continue;
            const entry = allowlistFor(allowlists, role);
            if (!entry) {
                report(
                    "an ECS role matches no `roles` allowlist entry, so its permissions cannot be checked.",
                    role.urn,
                );
                continue;
            }
            const extra = new Set<string>();
            for (const managed of perms.awsManagedPolicies) {
                if (!(entry.managedPolicies ?? []).some((m) => m.toLowerCase() === managed.toLowerCase())) {
                    extra.add(`managed policy ${managed}`);
                }
            }
            pending.push(...perms.unresolved);
            for (const { holder, location } of perms.documents) {
                const parsed = parsePolicyDocument(location.doc);
                if ("unknown" in parsed) {
                    pending.push(`${holder.name}.${location.path}`);
                    continue;
                }
                if ("error" in parsed) {
                    extra.add("an unreadable policy document");
                    continue;
                }
                for (const s of parsed.statements) {
                    if (s.effect !== "Allow") continue; // an unknown or missing Effect counts as Allow
                    if (s.present.includes("NotAction")) extra.add("every action but a NotAction list");
                    if (s.unknown.includes("Action")) pending.push(`${holder.name}.${location.path}.Action`);
                    for (const pattern of s.actions) {
                        const concrete = expandAction(pattern);
                        for (const action of concrete.length > 0 ? concrete : [pattern]) {
                            if (!entry.actions.some((allowed) => actionMatches(allowed, action))) extra.add(action);
                        }
                    }
                }
            }
            if (extra.size > 0) {
                const list = [...extra];
                const shown = list.slice(0, 8).join(", ") + (list.length > 8 ? ` and ${list.length - 8} more` : "");
                report(`role ${role.name} may use more than its allowlist (${entryLabel(entry)}): ${shown}.`, role.urn);
            }
        }
        pending.push(...unattributedGrants(args.resources));
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);
