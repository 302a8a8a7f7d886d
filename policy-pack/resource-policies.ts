/**
 * Policies of the "iam" area on resource-based policies: no resource of any type grants access to
 * everyone. Which inputs hold such a policy is not a hand list: tools/gen/resource-policy-inputs.ts
 * derives them from the @pulumi/aws declarations into lib/resource-policy-inputs.ts (67 inputs of
 * 7.48.0), so a type the provider adds is covered by regenerating that data module.
 * Lambda permissions have no document (principal, sourceArn, sourceAccount, principalOrgId are
 * separate inputs): they get their own small check.
 */
import { PlatformPolicy, PolicyMetadata, resourcePolicy } from "./lib/define-policy";
import { documentPolicy } from "./lib/iam-document-policy";
import { resourcePolicyInputsByType } from "./lib/iam-locations";
import { at, isUnknown } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { publicGrantFindings } from "./lib/resource-policy-checks";
import { RESOURCE_POLICY_INPUTS, ResourcePolicyInput } from "./lib/resource-policy-inputs";
import { AWS_TYPE } from "./lib/aws-types";

const noPublicAccessMetadata: PolicyMetadata = {
    name: "resource-policy-no-public-access",
    area: "iam",
    description:
        "No resource-based policy (S3, SQS, SNS, Secrets Manager, KMS, ECR, Lambda, OpenSearch, ... every input " +
        'the provider types or documents as one) Allows a public principal ("*", {AWS: "*"}, NotPrincipal) ' +
        "every action of a service, or anything without an aws:SourceAccount/SourceArn/SourceVpc/SourceVpce/" +
        "PrincipalOrgID/PrincipalAccount/PrincipalArn or kms:CallerAccount condition with concrete values. Endpoint policies are exempt.",
    why:
        "A public grant hands the queue, topic, secret, key or bucket to anyone with an AWS account. Conditions " +
        "such as aws:SecureTransport or aws:UserAgent describe the request, not the caller, so they do not close it.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Name the account, role or service principals, or keep the public principal and add a condition on the " +
        "caller: StringEquals aws:SourceAccount / aws:PrincipalOrgID / aws:SourceVpce, or ArnEquals aws:SourceArn " +
        "(e.g. the CloudFront distribution). Never combine a public principal with a service-wide action.",
    anchors: [
        "CKV_AWS_70",
        "CKV_AWS_168",
        "CKV_AWS_169",
        "CKV_AWS_283",
        "CKV_AWS_32",
        "CKV_AWS_33 (CloudFormation KMS key)",
        "prowler:sqs_queues_not_publicly_accessible",
        "prowler:awslambda_function_not_publicly_accessible",
    ],
};

/**
 * The policy over a set of derived inputs; the pack uses the generated data, the tests also a set
 * generated from a synthetic provider (a new type is covered with no code change).
 */
export function noPublicResourcePolicy(data: readonly ResourcePolicyInput[] = RESOURCE_POLICY_INPUTS): PlatformPolicy {
    const byType = resourcePolicyInputsByType(data);
    const endpointInputs = (type: string) => (byType.get(type) ?? []).filter((e) => e.endpoint).map((e) => e.input);
    return documentPolicy(noPublicAccessMetadata, ["resource"], (s) => publicGrantFindings(s), [...byType.keys()], {
        resourceInputs: byType,
        // Only callers inside the network reach an endpoint: its policy is not a public grant.
        skip: (location, args) => endpointInputs(args.type).includes(location.path),
    });
}

/** A Lambda permission value that pins the caller: known, non-empty, no wildcard. */
function pinned(value: unknown): boolean | "unknown" {
    if (isUnknown(value)) return "unknown";
    return typeof value === "string" && value.trim() !== "" && !/[*?]/.test(value);
}

/** aws.lambda.Permission: one statement of the function's policy, spelled as separate inputs. */
export const lambdaPermissionNotPublic = resourcePolicy(
    {
        name: "lambda-permission-not-public",
        area: "iam",
        description:
            'Lambda permissions with principal "*" name a sourceArn, sourceAccount or principalOrgId (without ' +
            'wildcards), and never grant a wildcard action ("lambda:*", "*") to "*".',
        why:
            'A permission for "*" without a source lets any AWS account (or, with a function URL of auth type NONE, ' +
            "anyone on the internet) invoke the function and run up its bill or reach what its role can.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Set `principal` to the service or account that invokes the function and `sourceArn` (the rule, bucket, " +
            "API) or `sourceAccount`; for an organisation, `principalOrgId`. Waive a deliberately public function URL " +
            "with a reason.",
        anchors: ["CKV_AWS_301", "prowler:awslambda_function_not_publicly_accessible"],
    },
    [AWS_TYPE.lambda.Permission],
    (props, _args, report) => {
        const principal = at(props, "principal");
        if (isUnknown(principal)) return cannotDecide("principal");
        if (typeof principal !== "string" || principal.trim() !== "*") return;
        const action = at(props, "action");
        if (isUnknown(action)) return cannotDecide("action");
        if (typeof action === "string" && /^(\*|lambda:\*+)$/i.test(action.trim())) {
            return report('grants every Lambda action (a wildcard action) to principal "*".');
        }
        const sources = ["sourceArn", "sourceAccount", "principalOrgId"].map((k) => [k, pinned(at(props, k))]);
        if (sources.some(([, v]) => v === true)) return;
        const unknown = sources.find(([, v]) => v === "unknown");
        if (unknown) return cannotDecide(unknown[0] as string);
        report('principal "*" without a sourceArn, sourceAccount or principalOrgId: every AWS account may call it.');
    },
);

export const noPublicAccess = noPublicResourcePolicy();

/** The resource-policy policies (registered with the "iam" area in policies.ts). */
export const resourcePolicyPolicies: PlatformPolicy[] = [noPublicAccess, lambdaPermissionNotPublic];
