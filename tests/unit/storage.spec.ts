/**
 * Image repositories and buckets (components/storage.ts, and the ALB log bucket of the edge) on
 * every stack: scanned, immutable, expiring repositories; private, encrypted, versioned,
 * TLS-only buckets.
 */
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { childOf, component, input, ofType, output, statementsOf } from "../support/graph";
import { COMPONENTS } from "../support/architecture";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

/** The one resource of `type` configuring `bucket` (through its `bucket` input). */
function settingOf(stack: EvaluatedStack, type: string, bucket: EvaluatedResource): EvaluatedResource {
    const found = ofType(stack, type).filter((r) => (r.propertyDependencies.bucket ?? []).includes(bucket.urn));
    assert.strictEqual(found.length, 1, `${bucket.name}: ${found.length} ${type}`);
    return found[0];
}

for (const stackName of STACKS) {
    describe(`Storage (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T050 T051 two private ECR repositories: scan on push, immutable tags, encrypted", () => {
            const repositories = ofType(stack, AWS_TYPE.ecr.Repository);
            assert.deepStrictEqual(repositories.map((r) => r.name).sort(), ["storage-agent", "storage-app"]);
            for (const repo of repositories) {
                assert.deepStrictEqual(input(repo, "imageScanningConfiguration"), { scanOnPush: true }, repo.name);
                assert.strictEqual(input(repo, "imageTagMutability"), "IMMUTABLE", repo.name);
                assert.ok(input(repo, "encryptionConfigurations")?.length, `${repo.name} encryption`);
                // forceDelete follows protection: tests/lifecycle/teardown.spec.ts.
                assert.strictEqual(input(repo, "forceDelete"), !repo.protect, repo.name);
            }
        });

        it("T050 T051 every repository has a lifecycle policy expiring untagged and CI-tagged images", () => {
            for (const repo of ofType(stack, AWS_TYPE.ecr.Repository)) {
                const policies = ofType(stack, AWS_TYPE.ecr.LifecyclePolicy).filter((p) =>
                    (p.propertyDependencies.repository ?? []).includes(repo.urn),
                );
                assert.strictEqual(policies.length, 1, repo.name);
                const raw = input(policies[0], "policy");
                const rules: { selection: { tagStatus: string; countType: string } }[] = (
                    typeof raw === "string" ? JSON.parse(raw) : raw
                ).rules;
                assert.ok(
                    rules.some((r) => r.selection.tagStatus === "untagged"),
                    `${repo.name}: untagged rule`,
                );
                // No "any" rule: it would expire the image a service runs (tests/lifecycle/teardown.spec.ts).
                assert.ok(
                    rules.some((r) => r.selection.tagStatus === "tagged"),
                    `${repo.name}: CI tag rule`,
                );
                assert.ok(!rules.some((r) => r.selection.tagStatus === "any"), `${repo.name}: an "any" rule`);
            }
        });

        it("every bucket blocks public access, is encrypted and denies plain HTTP", () => {
            const buckets = ofType(stack, AWS_TYPE.s3.Bucket);
            assert.strictEqual(buckets.length, 2);
            for (const bucket of buckets) {
                const block = settingOf(stack, AWS_TYPE.s3.BucketPublicAccessBlock, bucket);
                for (const flag of [
                    "blockPublicAcls",
                    "blockPublicPolicy",
                    "ignorePublicAcls",
                    "restrictPublicBuckets",
                ]) {
                    assert.strictEqual(input(block, flag), true, `${bucket.name} ${flag}`);
                }
                const encryption = settingOf(stack, AWS_TYPE.s3.BucketServerSideEncryptionConfiguration, bucket);
                const algorithms = input(encryption, "rules").map(
                    (r: { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }) =>
                        r.applyServerSideEncryptionByDefault.sseAlgorithm,
                );
                assert.ok(algorithms.length > 0 && algorithms.every((a: string) => ["aws:kms", "AES256"].includes(a)));
                const policy = settingOf(stack, AWS_TYPE.s3.BucketPolicy, bucket);
                const denies = statementsOf(policy, "policy").filter(
                    (s) =>
                        s.effect === "Deny" &&
                        s.actions.includes("s3:*") &&
                        s.conditions.Bool?.["aws:SecureTransport"]?.includes("false"),
                );
                assert.strictEqual(denies.length, 1, `${bucket.name}: no TLS-only statement`);
                const arn = output(bucket, "arn");
                assert.deepStrictEqual([...denies[0].resources].sort(), [arn, `${arn}/*`].sort());
                assert.ok(
                    policy.dependencies.includes(block.urn),
                    `${bucket.name}: the policy may land before the public access block`,
                );
            }
        });

        it("T019 the agent-data bucket is versioned and keeps no objects forever after deletion", () => {
            const bucket = childOf(stack, component(stack, COMPONENTS.storage, "storage"), AWS_TYPE.s3.Bucket);
            const versioning = settingOf(stack, AWS_TYPE.s3.BucketVersioning, bucket);
            assert.strictEqual(input(versioning, "versioningConfiguration", "status"), "Enabled");
            assert.strictEqual(input(bucket, "forceDestroy"), !bucket.protect);
            const lifecycle = settingOf(stack, AWS_TYPE.s3.BucketLifecycleConfiguration, bucket);
            const rules = input(lifecycle, "rules");
            assert.ok(rules.some((r: { noncurrentVersionExpiration?: unknown }) => r.noncurrentVersionExpiration));
        });
    });
}
