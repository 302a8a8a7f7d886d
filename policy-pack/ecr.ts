/**
 * Policies of the "ecr" area. The public-repository-policy rule is mandatory by default: an Allow
 * for every principal hands the images, and with push actions the supply chain, to any AWS account.
 */
import { PolicyResource } from "@pulumi/policy";
import { PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { asBoolean, at, isUnknown, UnknownNeeds } from "./lib/known-values";
import { cannotDecide, describeResource, settle, withDefaults } from "./lib/policy-support";
import { parsePolicyDocument, publicGrants } from "./lib/resource-policy";
import { AWS_TYPE } from "./lib/aws-types";
import { ReferenceIndex } from "./lib/reference-index";

export const scanOnPush = resourcePolicy(
    {
        name: "ecr-scan-on-push",
        area: "ecr",
        description: "ECR repositories scan images on push (a missing imageScanningConfiguration fails).",
        why: "Images with known CVEs should be visible before ECS runs them. Unlike some scanners, a missing block counts as off, because that is what AWS does.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `imageScanningConfiguration: { scanOnPush: true }`, or waive the repository if a registry-level scanning configuration (enhanced scanning) covers it.",
        anchors: ["CKV_AWS_163", "KICS 9630336b-3fed-4096-8173-b9afdfe346a7"],
    },
    [AWS_TYPE.ecr.Repository],
    (props, _args, report) => {
        const scan = at(props, "imageScanningConfiguration", "scanOnPush");
        if (isUnknown(scan)) return cannotDecide("imageScanningConfiguration.scanOnPush");
        if (asBoolean(scan) !== true) report("imageScanningConfiguration.scanOnPush is not true.");
    },
);

interface TagConfig {
    allowExclusions: boolean;
}

export const immutableTags = resourcePolicy(
    {
        name: "ecr-immutable-tags",
        area: "ecr",
        description: "ECR repositories make image tags immutable.",
        why: "A mutable tag lets a later push silently change what a task definition runs; deployments and rollbacks stop being reproducible.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            'Set `imageTagMutability: "IMMUTABLE"` (or "IMMUTABLE_WITH_EXCLUSION" with reviewed filters, if `allowExclusions` is on) and deploy by unique tag or digest.',
        anchors: [
            "CKV_AWS_51",
            "KICS d1846b12-20c5-4d45-8798-fc35b79268eb",
            "Pulumi compliance aws-ecr-repository-disallow-mutable-image",
        ],
        config: {
            allowExclusions: {
                type: "boolean",
                default: true,
                description: "Accept IMMUTABLE_WITH_EXCLUSION (some tags, e.g. a bootstrap tag, stay mutable).",
            },
        },
    },
    [AWS_TYPE.ecr.Repository],
    (props, args, report) => {
        const cfg = withDefaults<TagConfig>(args, { allowExclusions: true });
        const mutability = at(props, "imageTagMutability");
        if (isUnknown(mutability)) return cannotDecide("imageTagMutability");
        if (mutability === "IMMUTABLE") return;
        if (mutability === "IMMUTABLE_WITH_EXCLUSION" && cfg.allowExclusions) return;
        report(
            mutability === undefined
                ? "imageTagMutability is not set (MUTABLE by default)."
                : "imageTagMutability is not IMMUTABLE.",
        );
    },
);

export const noPublicRepositoryPolicy = resourcePolicy(
    {
        name: "ecr-no-public-policy",
        area: "ecr",
        description: 'ECR repository policies grant nothing to every principal ("*") without a condition.',
        why: "An unconditional Allow for everyone lets any AWS account pull the images (and push, if write actions are listed). Mandatory by default: this is a direct exposure.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Name the accounts or roles in `Principal`, or add a condition such as `aws:PrincipalOrgID`; never use `NotPrincipal` with Allow.",
        anchors: ["CKV_AWS_32", "AwsSolutions-ECR1", "KICS e86e26fc-489e-44f0-9bcd-97305e4ba69a"],
    },
    [AWS_TYPE.ecr.RepositoryPolicy],
    (props, _args, report) => {
        const doc = parsePolicyDocument(at(props, "policy"));
        if (doc.kind === "unknown") return cannotDecide("policy");
        if (doc.kind === "invalid") return report(`policy ${doc.reason}, so it cannot be checked.`);
        const open = publicGrants(doc.statements);
        if (open.length > 0) {
            report(`policy has ${open.length} Allow statement(s) for every principal without a condition.`);
        }
    },
);

export const lifecyclePolicyPresent = stackPolicy(
    {
        name: "ecr-lifecycle-policy",
        area: "ecr",
        description: "Every ECR repository of the stack has a lifecycle policy.",
        why: "Without expiry every pushed image is kept and billed forever; old vulnerable images stay pullable.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps:
            "Add an `aws.ecr.LifecyclePolicy` for the repository, e.g. keep the last 20 tagged images and expire untagged ones after 7 days (`repository: repo.name`).",
        anchors: ["architecture: ECR image expiry (no scanner anchor found)"],
    },
    (args, report) => {
        const needs = new UnknownNeeds();
        const repos = args.resources.filter((r) => r.type === AWS_TYPE.ecr.Repository);
        const lifecycles = new ReferenceIndex(
            args.resources.filter((r) => r.type === AWS_TYPE.ecr.LifecyclePolicy),
            "repository",
        );
        for (const repo of repos) {
            const match = coveredBy(repo, lifecycles);
            if (match === "unknown") needs.note(`${repo.name} lifecycle policy`);
            else if (!match) report(`${describeResource(repo)} has no lifecycle policy.`, repo.urn);
        }
        settle(needs);
    },
);

/** Whether a lifecycle policy names this repository: by dependency, repository name, or resource name. */
function coveredBy(repo: PolicyResource, lifecycles: ReferenceIndex): boolean | "unknown" {
    if (lifecycles.linked(repo).length > 0) return true;
    const repoName = at(repo.props, "name");
    if (isUnknown(repoName)) return lifecycles.candidates.length > 0 ? "unknown" : false;
    if (lifecycles.naming(repoName).length > 0 || lifecycles.naming(repo.name).length > 0) return true;
    return lifecycles.mayAlsoName(repo) ? "unknown" : false;
}

/** Policies of the "ecr" area. */
export const ecrPolicies: PlatformPolicy[] = [
    scanOnPush,
    immutableTags,
    noPublicRepositoryPolicy,
    lifecyclePolicyPresent,
];
