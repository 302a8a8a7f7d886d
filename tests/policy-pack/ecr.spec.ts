import * as assert from "assert";
import {
    ecrPolicies,
    immutableTags,
    lifecyclePolicyPresent,
    noPublicRepositoryPolicy,
    scanOnPush,
} from "../../policy-pack/ecr";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";

const REPO = "aws:ecr/repository:Repository";
const REPO_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";

const pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });

describe("ecr policies", () => {
    it("make only the public-policy rule mandatory", () => {
        const mandatory = ecrPolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        assert.deepStrictEqual(mandatory, ["ecr-no-public-policy"]);
    });

    describe("ecr-scan-on-push", () => {
        it("treats a missing block as off (unlike Pulumi's compliance policy)", () => {
            expectViolations(run(scanOnPush, res(REPO, "bff", {})), 1);
            expectViolations(
                run(scanOnPush, res(REPO, "bff", { imageScanningConfiguration: { scanOnPush: false } })),
                1,
            );
            expectClean(run(scanOnPush, res(REPO, "bff", { imageScanningConfiguration: { scanOnPush: true } })));
            expectCannotRun(run(scanOnPush, res(REPO, "bff", { imageScanningConfiguration: UNKNOWN })));
        });
    });

    describe("ecr-immutable-tags", () => {
        it("flags MUTABLE and unset; IMMUTABLE_WITH_EXCLUSION depends on config", () => {
            expectViolations(run(immutableTags, res(REPO, "bff", {})), 1);
            expectViolations(run(immutableTags, res(REPO, "bff", { imageTagMutability: "MUTABLE" })), 1);
            expectClean(run(immutableTags, res(REPO, "bff", { imageTagMutability: "IMMUTABLE" })));
            const excl = res(REPO, "bff", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" });
            expectClean(run(immutableTags, excl));
            expectViolations(run(immutableTags, excl, { allowExclusions: false }), 1);
        });
    });

    describe("ecr-no-public-policy", () => {
        const policyOf = (policy: unknown) => res(REPO_POLICY, "bff-policy", { repository: "bff", policy });
        it("flags '*' and {AWS:'*'} grants without conditions, as object or JSON string", () => {
            const star = doc({ Effect: "Allow", Principal: "*", Action: pull });
            const r = run(noPublicRepositoryPolicy, policyOf(star));
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
            expectViolations(run(noPublicRepositoryPolicy, policyOf(JSON.stringify(star))), 1);
            const aws = {
                Version: "2012-10-17",
                Statement: { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root", "*"] }, Action: "ecr:*" },
            };
            expectViolations(run(noPublicRepositoryPolicy, policyOf(aws)), 1);
        });
        it("flags Allow with NotPrincipal (everyone but a few)", () => {
            const np = doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: pull });
            expectViolations(run(noPublicRepositoryPolicy, policyOf(np)), 1);
        });
        it("passes named principals, conditioned grants and Deny statements", () => {
            const named = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: pull });
            expectClean(run(noPublicRepositoryPolicy, policyOf(named)));
            const org = doc({
                Effect: "Allow",
                Principal: "*",
                Action: pull,
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
            });
            expectClean(run(noPublicRepositoryPolicy, policyOf(org)));
            expectClean(
                run(noPublicRepositoryPolicy, policyOf(doc({ Effect: "Deny", Principal: "*", Action: "ecr:*" }))),
            );
        });
        it("reports unparsable documents, cannot run on unknown ones", () => {
            expectViolations(run(noPublicRepositoryPolicy, policyOf("{not json")), 1);
            expectViolations(run(noPublicRepositoryPolicy, policyOf({ Version: "2012-10-17" })), 1);
            expectCannotRun(run(noPublicRepositoryPolicy, policyOf(UNKNOWN)));
            expectCannotRun(
                run(
                    noPublicRepositoryPolicy,
                    policyOf(doc({ Effect: "Allow", Principal: { AWS: UNKNOWN }, Action: pull })),
                ),
            );
        });
    });

    describe("ecr-lifecycle-policy (stack)", () => {
        it("matches lifecycle policies by dependency, repository name or resource name", () => {
            const a = res(REPO, "bff", { name: "dev/bff" });
            const b = res(REPO, "agentcore", { name: "dev/agentcore" });
            const c = res(REPO, "worker", {});
            const lcA = res(LIFECYCLE, "bff-lc", { repository: UNKNOWN, policy: "{}" }, { repository: [a] });
            const lcB = res(LIFECYCLE, "ac-lc", { repository: "dev/agentcore", policy: "{}" });
            const lcC = res(LIFECYCLE, "w-lc", { repository: "worker", policy: "{}" });
            expectClean(run(lifecyclePolicyPresent, [a, b, c, lcA, lcB, lcC]));
        });
        it("flags a repository without one, naming it by URN", () => {
            const a = res(REPO, "bff", { name: "dev/bff" });
            const r = run(lifecyclePolicyPresent, [
                a,
                res(REPO, "ac", { name: "dev/ac" }),
                res(LIFECYCLE, "lc", { repository: "dev/ac" }),
            ]);
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].urn, a.urn);
        });
        it("cannot decide while a lifecycle policy's repository is unknown and unlinked", () => {
            const r = run(lifecyclePolicyPresent, [
                res(REPO, "bff", { name: "dev/bff" }),
                res(LIFECYCLE, "lc", { repository: UNKNOWN }),
            ]);
            expectCannotRun(r);
        });
        it("honours a waiver on the repository", () => {
            const r = run(lifecyclePolicyPresent, [res(REPO, "scratch", {})], {
                exclude: [{ pattern: "::scratch$", reason: "throwaway repository for experiments" }],
            });
            expectViolations(r, 0);
        });
    });
});
