import * as assert from "assert";
import {
    ecrPolicies,
    immutableTags,
    lifecyclePolicyPresent,
    noPublicRepositoryPolicy,
    scanOnPush,
} from "../../policy-pack/ecr";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

const pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });

describe("ecr policies", () => {
    it("make only the public-policy rule mandatory", () => {
        const mandatory = ecrPolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        assert.deepStrictEqual(mandatory, ["ecr-no-public-policy"]);
    });

    describe("ecr-scan-on-push", () => {
        it("treats a missing block as off (unlike Pulumi's compliance policy)", () => {
            expectViolations(run(scanOnPush, res(AWS_TYPE.ecr.Repository, "bff", {})), 1);
            expectViolations(
                run(
                    scanOnPush,
                    res(AWS_TYPE.ecr.Repository, "bff", { imageScanningConfiguration: { scanOnPush: false } }),
                ),
                1,
            );
            expectClean(
                run(
                    scanOnPush,
                    res(AWS_TYPE.ecr.Repository, "bff", { imageScanningConfiguration: { scanOnPush: true } }),
                ),
            );
            expectCannotRun(
                run(scanOnPush, res(AWS_TYPE.ecr.Repository, "bff", { imageScanningConfiguration: UNKNOWN })),
            );
        });
    });

    describe("ecr-immutable-tags", () => {
        it("flags MUTABLE and unset; IMMUTABLE_WITH_EXCLUSION depends on config", () => {
            expectViolations(run(immutableTags, res(AWS_TYPE.ecr.Repository, "bff", {})), 1);
            expectViolations(
                run(immutableTags, res(AWS_TYPE.ecr.Repository, "bff", { imageTagMutability: "MUTABLE" })),
                1,
            );
            expectClean(run(immutableTags, res(AWS_TYPE.ecr.Repository, "bff", { imageTagMutability: "IMMUTABLE" })));
            const excl = res(AWS_TYPE.ecr.Repository, "bff", { imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" });
            expectClean(run(immutableTags, excl));
            expectViolations(run(immutableTags, excl, { allowExclusions: false }), 1);
        });
    });

    describe("ecr-no-public-policy", () => {
        const policyOf = (policy: unknown) =>
            res(AWS_TYPE.ecr.RepositoryPolicy, "bff-policy", { repository: "bff", policy });
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
            const a = res(AWS_TYPE.ecr.Repository, "bff", { name: "dev/bff" });
            const b = res(AWS_TYPE.ecr.Repository, "agentcore", { name: "dev/agentcore" });
            const c = res(AWS_TYPE.ecr.Repository, "worker", {});
            const lcA = res(
                AWS_TYPE.ecr.LifecyclePolicy,
                "bff-lc",
                { repository: UNKNOWN, policy: "{}" },
                { repository: [a] },
            );
            const lcB = res(AWS_TYPE.ecr.LifecyclePolicy, "ac-lc", { repository: "dev/agentcore", policy: "{}" });
            const lcC = res(AWS_TYPE.ecr.LifecyclePolicy, "w-lc", { repository: "worker", policy: "{}" });
            expectClean(run(lifecyclePolicyPresent, [a, b, c, lcA, lcB, lcC]));
        });
        it("flags a repository without one, naming it by URN", () => {
            const a = res(AWS_TYPE.ecr.Repository, "bff", { name: "dev/bff" });
            const r = run(lifecyclePolicyPresent, [
                a,
                res(AWS_TYPE.ecr.Repository, "ac", { name: "dev/ac" }),
                res(AWS_TYPE.ecr.LifecyclePolicy, "lc", { repository: "dev/ac" }),
            ]);
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].urn, a.urn);
        });
        it("cannot decide while a lifecycle policy's repository is unknown and unlinked", () => {
            const r = run(lifecyclePolicyPresent, [
                res(AWS_TYPE.ecr.Repository, "bff", { name: "dev/bff" }),
                res(AWS_TYPE.ecr.LifecyclePolicy, "lc", { repository: UNKNOWN }),
            ]);
            expectCannotRun(r);
        });
        it("honours a waiver on the repository", () => {
            const r = run(lifecyclePolicyPresent, [res(AWS_TYPE.ecr.Repository, "scratch", {})], {
                exclude: [{ pattern: "::scratch$", reason: "throwaway repository for experiments" }],
            });
            expectViolations(r, 0);
        });
    });
});
