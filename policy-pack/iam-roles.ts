/**
 * "iam" policies on roles as a whole and on managed-policy attachments: broad AWS-managed
 * policies, and each ECS role's effective actions against its allowlist.
 */
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { resourcePolicy, stackPolicy } from "./lib/define-policy";
import { actionMatches, expandAction, parsePolicyDocument } from "./lib/iam-document";
import { awsManagedPolicyName, rolePermissions, unattributedGrants } from "./lib/iam-roles";
import { isUnknown, read, snapshot } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";
import { ECS_TASKS } from "./iam-trust";

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

/** Why an AWS-managed policy is too broad; undefined when it is not. */
export function broadManagedPolicy(name: string): string | undefined {
    if (/^AdministratorAccess/i.test(name)) return "AdministratorAccess (full administrator)";
    if (/^PowerUserAccess$/i.test(name)) return "PowerUserAccess (every action outside IAM and Organizations)";
    if (/^IAMFullAccess$/i.test(name)) return "IAMFullAccess (full IAM, an escalation path)";
    if (/FullAccess/i.test(name)) return `${name} (full access to a service)`;
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
            "No AdministratorAccess, PowerUserAccess, IAMFullAccess or *FullAccess AWS-managed policy is attached, " +
            "in any partition, through any attachment resource or managedPolicyArns.",
        why: "These grant far more than any workload of the stack needs, and AWS widens them over time.",
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

/** IAM-08: each ECS role's effective actions against an allowlist for its role. */
interface RoleAllowlist {
    readonly pattern: string;
    readonly actions: readonly string[];
    readonly managedPolicies?: readonly string[];
}

const LOGS_WRITE = ["logs:CreateLogStream", "logs:PutLogEvents"];
/** The apps read the database login (the RDS-managed secret) at run time; ECS itself never does. */
const READ_DATABASE_LOGIN = "secretsmanager:GetSecretValue";
export const DEFAULT_ROLE_ALLOWLISTS: readonly RoleAllowlist[] = [
    {
        pattern: "exec",
        actions: [
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage",
            ...LOGS_WRITE,
            "ssm:GetParameters",
            "kms:Decrypt",
        ],
        managedPolicies: ["AmazonECSTaskExecutionRolePolicy"],
    },
    {
        pattern: "agent-?core",
        actions: [
            ...LOGS_WRITE,
            "ssm:GetParameter*",
            "kms:Decrypt",
            "bedrock:InvokeModel*",
            "bedrock:InvokeAgent",
            "s3:GetObject",
            "s3:PutObject",
            "s3:ListBucket",
            READ_DATABASE_LOGIN,
        ],
    },
    { pattern: "bff", actions: [...LOGS_WRITE, "ssm:GetParameter*", "kms:Decrypt", READ_DATABASE_LOGIN] },
];

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
                description: "Ordered: role-name regex -> allowed action patterns and AWS-managed policy names.",
                items: {
                    type: "object",
                    properties: {
                        pattern: { type: "string" },
                        actions: { type: "array", items: { type: "string" } },
                        managedPolicies: { type: "array", items: { type: "string" } },
                    },
                    required: ["pattern", "actions"],
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
            const roleName = read(role.props, "name");
            const names = [role.name, typeof roleName === "string" && !isUnknown(roleName) ? roleName : ""];
            const entry = allowlists.find((a) => names.some((n) => new RegExp(a.pattern, "i").test(n)));
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
                report(`role ${role.name} may use more than its allowlist (/${entry.pattern}/): ${shown}.`, role.urn);
            }
        }
        pending.push(...unattributedGrants(args.resources));
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);
