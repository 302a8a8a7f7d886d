/**
 * Image repositories and buckets (components/storage.ts, and the ALB log bucket of the edge) on
 * every stack: scanned, immutable, expiring repositories; private, encrypted, versioned,
 * TLS-only buckets.
 */
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { component, input, ofType, output, statementsOf } from "../support/graph";
import { COMPONENTS } from "../support/architecture";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { BUCKET_PURPOSE, BUCKET_PURPOSE_TAG } from "../../policy-pack/lib/bucket-purpose";
import { S3_LOG_DELIVERY_PRINCIPAL, SERVER_ACCESS_LOG_RETENTION_DAYS } from "../../components/server-access-logs";

const purposeOf = (bucket: EvaluatedResource) => input(bucket, "tags", BUCKET_PURPOSE_TAG);

/** The one bucket of `purpose` among `parent`'s children. */
function bucketOf(stack: EvaluatedStack, parent: EvaluatedResource, purpose: string): EvaluatedResource {
    const found = ofType(stack, AWS_TYPE.s3.Bucket).filter((b) => b.parent === parent.urn && purposeOf(b) === purpose);
    assert.strictEqual(found.length, 1, `${parent.name}: ${found.length} buckets of purpose ${purpose}`);
    return found[0];
}

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

        it("T050 T051 the lifecycle counts are the documented ones: untagged after 7 days, ci-/pr- tags after 14", () => {
            type Rule = {
                description: string;
                selection: { tagStatus: string; tagPrefixList?: string[]; countUnit: string; countNumber: number };
            };
            for (const policy of ofType(stack, AWS_TYPE.ecr.LifecyclePolicy)) {
                const raw = input(policy, "policy");
                const rules: Rule[] = (typeof raw === "string" ? JSON.parse(raw) : raw).rules;
                const counts = rules.map((r) => [
                    r.selection.tagStatus,
                    (r.selection.tagPrefixList ?? []).join(),
                    r.selection.countNumber,
                    r.selection.countUnit,
                ]);
                // docs/deployment.md and the imageTag error promise 14 days to whoever pushed a CI tag.
                assert.deepStrictEqual(counts, [
                    ["untagged", "", 7, "days"],
                    ["tagged", "ci-", 14, "days"],
                    ["tagged", "pr-", 14, "days"],
                ]);
                for (const r of rules)
                    assert.ok(r.description.includes(`${r.selection.countNumber} days`), r.description);
            }
        });

        it("every bucket blocks public access, is encrypted and denies plain HTTP", () => {
            const buckets = ofType(stack, AWS_TYPE.s3.Bucket);
            // Agent data and ALB logs, and the server access log bucket of each owner (storage, edge).
            assert.strictEqual(buckets.length, 4);
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
            const bucket = bucketOf(stack, component(stack, COMPONENTS.storage, "storage"), BUCKET_PURPOSE.data);
            const versioning = settingOf(stack, AWS_TYPE.s3.BucketVersioning, bucket);
            assert.strictEqual(input(versioning, "versioningConfiguration", "status"), "Enabled");
            assert.strictEqual(input(bucket, "forceDestroy"), !bucket.protect);
            const lifecycle = settingOf(stack, AWS_TYPE.s3.BucketLifecycleConfiguration, bucket);
            const rules = input(lifecycle, "rules");
            assert.ok(rules.some((r: { noncurrentVersionExpiration?: unknown }) => r.noncurrentVersionExpiration));
        });

        it("every bucket but the log buckets logs its requests into its owner's dedicated log bucket", () => {
            const owners = [component(stack, COMPONENTS.storage, "storage"), component(stack, COMPONENTS.edge, "edge")];
            const sources = [
                { owner: owners[0], purpose: BUCKET_PURPOSE.data, prefix: "agent-data/" },
                { owner: owners[1], purpose: BUCKET_PURPOSE.albAccessLogs, prefix: "alb-logs/" },
            ];
            for (const { owner, purpose, prefix } of sources) {
                const source = bucketOf(stack, owner, purpose);
                const logs = bucketOf(stack, owner, BUCKET_PURPOSE.s3AccessLogs);
                const logging = settingOf(stack, AWS_TYPE.s3.BucketLogging, source);
                assert.deepStrictEqual(logging.propertyDependencies.targetBucket, [logs.urn], source.name);
                assert.strictEqual(input(logging, "targetPrefix"), prefix);
                // The delivery grant lands first: S3 writes as soon as logging is on.
                const policy = settingOf(stack, AWS_TYPE.s3.BucketPolicy, logs);
                assert.ok(logging.dependencies.includes(policy.urn), `${source.name}: logging before the grant`);
                const grants = statementsOf(policy, "policy").filter((s) => s.effect === "Allow");
                assert.strictEqual(grants.length, 1, `${logs.name}: only the log delivery is granted`);
                const [grant] = grants;
                assert.deepStrictEqual(grant.principals, [{ kind: "Service", value: S3_LOG_DELIVERY_PRINCIPAL }]);
                assert.deepStrictEqual(grant.actions, ["s3:PutObject"]);
                assert.deepStrictEqual(grant.resources, [`${output(logs, "arn")}/${prefix}*`]);
                assert.deepStrictEqual(grant.conditions.ArnLike?.["aws:SourceArn"], [output(source, "arn")]);
                assert.deepStrictEqual(grant.conditions.StringEquals?.["aws:SourceAccount"], ["123456789012"]);
                // Log delivery supports SSE-S3 only; the log bucket itself is not logged (it would loop).
                const sse = settingOf(stack, AWS_TYPE.s3.BucketServerSideEncryptionConfiguration, logs);
                assert.strictEqual(
                    input(sse, "rules", 0, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
                    "AES256",
                );
                const own = ofType(stack, AWS_TYPE.s3.BucketLogging).filter((l) =>
                    (l.propertyDependencies.bucket ?? []).includes(logs.urn),
                );
                assert.deepStrictEqual(own, [], `${logs.name} logs into somewhere`);
                const lifecycle = settingOf(stack, AWS_TYPE.s3.BucketLifecycleConfiguration, logs);
                // Pinned: the documented 90 days (docs/policies.md), not whatever the constant says.
                assert.strictEqual(input(lifecycle, "rules", 0, "expiration", "days"), 90);
                assert.strictEqual(SERVER_ACCESS_LOG_RETENTION_DAYS, 90);
                assert.strictEqual(input(logs, "forceDestroy"), !logs.protect);
            }
        });
    });
}
