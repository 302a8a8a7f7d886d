/**
 * "iam" policies on role trust policies: who may assume a role.
 */
import { resourcePolicy } from "./lib/define-policy";
import { publicPrincipalFindings } from "./lib/iam-checks";
import { describeStatement, hasConditionKey, NormalisedStatement, parsePolicyDocument } from "./lib/iam-document";
import { documentPolicy } from "./lib/iam-document-policy";
import { federatedTrustFindings } from "./lib/iam-federation";
import { read } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";

export const ECS_TASKS = "ecs-tasks.amazonaws.com";

/** IAM-07 (mandatory: a role anyone can assume is over-broad IAM). */
export const trustNoPublicPrincipal = documentPolicy(
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
export const ecsTrustScoped = resourcePolicy(
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

/** IAM-07c (mandatory: a role any GitHub repository or any identity pool can assume is over-broad IAM). */
export const federatedTrustScoped = documentPolicy(
    {
        name: "iam-federated-trust-scoped",
        area: "iam",
        description:
            "Role trust policies that allow sts:AssumeRoleWithWebIdentity from an OIDC provider pin the subject " +
            "with an `<issuer>:sub` condition (for GitHub Actions, naming the repository owner), and those trusting " +
            "Amazon Cognito identity pools pin the pool with a cognito-identity.amazonaws.com:aud condition.",
        why:
            "An OIDC issuer such as token.actions.githubusercontent.com signs tokens for every workflow of every " +
            "repository, all with the same audience: a trust policy with only an aud condition, or a sub of * or " +
            "repo:*, lets anyone's workflow assume the role. For Cognito the pool id is the aud claim; without it " +
            "users of any identity pool can.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            'Add Condition {StringEquals: {"<issuer>:sub": "repo:<owner>/<repo>:environment:<env>"}} (or StringLike ' +
            'with the owner and repository written out, e.g. "repo:<owner>/<repo>:*") next to the aud condition; ' +
            'for Cognito add {StringEquals: {"cognito-identity.amazonaws.com:aud": "<identity-pool-id>"}} and an ' +
            "amr condition. Do not use ...IfExists or ForAllValues: for these keys: they pass when the claim is absent.",
        anchors: ["CKV_AWS_358", "CKV_AWS_393", "datadog:aws-iam-role-trust-policy-misconfigured-github"],
    },
    ["trust"],
    (s) => federatedTrustFindings(s),
    [AWS_TYPE.iam.Role],
);
