import * as assert from "assert";
import { AnalyzedResource } from "../../offline/analyze";
import {
    dataPolicies,
    rdsEncrypted,
    rdsHygiene,
    rdsManagedPassword,
    rdsNotPublic,
    s3BucketBaseline,
} from "../../policy-pack/data";
import { expectCannotRun, expectClean, expectNoLeak, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
const PASSWORD = "Sup3r-Secret-Pa55";
const goodDb = {
    engine: "postgres",
    instanceClass: "db.t4g.micro",
    publiclyAccessible: false,
    storageEncrypted: true,
    backupRetentionPeriod: 7,
    deletionProtection: true,
    iamDatabaseAuthenticationEnabled: true,
    manageMasterUserPassword: true,
};
const db = (overrides: Record<string, unknown> = {}) => res(AWS_TYPE.rds.Instance, "db", { ...goodDb, ...overrides });

describe("data policies", () => {
    it("make only rds-not-public mandatory", () => {
        assert.deepStrictEqual(
            dataPolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name),
            ["rds-not-public"],
        );
    });

    describe("RDS", () => {
        it("rds-not-public: mandatory violation for a public instance", () => {
            const r = run(rdsNotPublic, db({ publiclyAccessible: true }));
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
            expectClean(run(rdsNotPublic, db()));
            expectClean(run(rdsNotPublic, db({ publiclyAccessible: undefined })));
            expectCannotRun(run(rdsNotPublic, db({ publiclyAccessible: UNKNOWN })));
        });
        it("rds-not-public: covers every RDS-family type with a publiclyAccessible input", () => {
            const family = [
                AWS_TYPE.rds.ClusterInstance,
                AWS_TYPE.rds.ShardGroup,
                AWS_TYPE.neptune.ClusterInstance,
                AWS_TYPE.redshift.Cluster,
                AWS_TYPE.redshiftserverless.Workgroup,
            ];
            for (const type of family) {
                const open = run(rdsNotPublic, res(type, "store", { publiclyAccessible: true }));
                expectViolations(open, 1);
                assert.strictEqual(open.violations[0].enforcementLevel, "mandatory", type);
                // "true" as a string (engine JSON from a config value) is still true.
                expectViolations(run(rdsNotPublic, res(type, "store", { publiclyAccessible: "true" })), 1);
                expectClean(run(rdsNotPublic, res(type, "store", { publiclyAccessible: false })));
                // The provider documents false as the default.
                expectClean(run(rdsNotPublic, res(type, "store", {})));
                expectCannotRun(run(rdsNotPublic, res(type, "store", { publiclyAccessible: UNKNOWN })));
            }
        });
        it("rds-not-public: leaves types without the input alone (aws.rds.Cluster, subnet groups)", () => {
            const cluster = run(rdsNotPublic, res(AWS_TYPE.rds.Cluster, "c", { publiclyAccessible: true }));
            expectViolations(cluster, 0);
            assert.strictEqual(cluster.notApplicable.length, 1);
            expectViolations(run(rdsNotPublic, res(AWS_TYPE.rds.SubnetGroup, "s", { publiclyAccessible: true })), 0);
        });
        it("rds-storage-encrypted: flags unset/false, not applicable to Aurora members", () => {
            expectViolations(run(rdsEncrypted, db({ storageEncrypted: undefined })), 1);
            expectClean(run(rdsEncrypted, db()));
            const aurora = run(rdsEncrypted, db({ engine: "aurora-postgresql", storageEncrypted: undefined }));
            expectViolations(aurora, 0);
            assert.strictEqual(aurora.notApplicable.length, 1);
        });
        it("rds-hygiene: backups, deletion protection and IAM auth, each configurable", () => {
            expectClean(run(rdsHygiene, db()));
            expectViolations(run(rdsHygiene, db({ backupRetentionPeriod: 1 })), 1);
            expectViolations(run(rdsHygiene, db({ backupRetentionPeriod: undefined })), 1);
            expectViolations(
                run(rdsHygiene, db({ deletionProtection: false, iamDatabaseAuthenticationEnabled: undefined })),
                2,
            );
            const relaxed = {
                minBackupRetentionDays: 1,
                requireDeletionProtection: false,
                requireIamAuthentication: false,
            };
            expectClean(
                run(
                    rdsHygiene,
                    db({
                        backupRetentionPeriod: 1,
                        deletionProtection: false,
                        iamDatabaseAuthenticationEnabled: false,
                    }),
                    relaxed,
                ),
            );
        });
        it("rds-managed-master-password: flags a password input without ever printing it", () => {
            const r = run(rdsManagedPassword, db({ manageMasterUserPassword: undefined, password: PASSWORD }));
            expectViolations(r, 1);
            expectNoLeak(r, [PASSWORD]);
            expectViolations(run(rdsManagedPassword, db({ manageMasterUserPassword: false })), 1);
            expectClean(run(rdsManagedPassword, db()));
            expectClean(run(rdsManagedPassword, db({ manageMasterUserPassword: undefined, passwordWo: PASSWORD })));
            const replica = run(
                rdsManagedPassword,
                db({ manageMasterUserPassword: undefined, replicateSourceDb: "src" }),
            );
            assert.strictEqual(replica.notApplicable.length, 1);
        });
    });

    describe("s3-bucket-baseline (stack)", () => {
        const allFlags = {
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        };
        const tlsOnly = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        };
        function bucketStack(
            opts: {
                type?: string;
                flags?: Record<string, unknown>;
                policy?: unknown;
                sse?: boolean;
                byName?: boolean;
            } = {},
        ) {
            const bucket = res(opts.type ?? AWS_TYPE.s3.Bucket, "logs", { bucket: "logs", id: "logs" });
            const link: Record<string, AnalyzedResource[]> = opts.byName ? {} : { bucket: [bucket] };
            const ref = opts.byName ? "logs" : UNKNOWN;
            const out = [
                bucket,
                res(
                    AWS_TYPE.s3.BucketPublicAccessBlock,
                    "logs-pab",
                    { bucket: ref, ...(opts.flags ?? allFlags) },
                    link,
                ),
            ];
            out.push(
                res(
                    AWS_TYPE.s3.BucketPolicy,
                    "logs-policy",
                    { bucket: ref, policy: opts.policy ?? JSON.stringify(tlsOnly) },
                    link,
                ),
            );
            if (opts.sse !== false)
                out.push(
                    res(
                        AWS_TYPE.s3.BucketServerSideEncryptionConfiguration,
                        "logs-sse",
                        { bucket: ref, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] },
                        link,
                    ),
                );
            return out;
        }
        it("passes a fully configured bucket (by dependency, by name, and the BucketV2 token)", () => {
            expectClean(run(s3BucketBaseline, bucketStack()));
            expectClean(run(s3BucketBaseline, bucketStack({ byName: true })));
            expectClean(run(s3BucketBaseline, bucketStack({ type: AWS_TYPE.s3.BucketV2 })));
        });
        it("flags a bare bucket three ways", () => {
            expectViolations(run(s3BucketBaseline, [res(AWS_TYPE.s3.Bucket, "bare", { bucket: "bare" })]), 3);
        });
        it("names the public access block flags that are off", () => {
            const [m] = expectViolations(
                run(s3BucketBaseline, bucketStack({ flags: { ...allFlags, restrictPublicBuckets: false } })),
                1,
            );
            assert.match(m, /restrictPublicBuckets/);
        });
        it("flags missing encryption, a policy without the TLS deny, and public grants", () => {
            expectViolations(run(s3BucketBaseline, bucketStack({ sse: false })), 1);
            expectViolations(
                run(s3BucketBaseline, bucketStack({ policy: { Version: "2012-10-17", Statement: [] } })),
                2,
            );
            const open = {
                ...tlsOnly,
                Statement: [
                    ...tlsOnly.Statement,
                    {
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::logs/*",
                    },
                ],
            };
            expectViolations(run(s3BucketBaseline, bucketStack({ policy: open })), 1);
            const boolFalse = {
                Version: "2012-10-17",
                Statement: [{ ...tlsOnly.Statement[0], Condition: { Bool: { "aws:securetransport": [false] } } }],
            };
            expectClean(run(s3BucketBaseline, bucketStack({ policy: boolFalse })));
        });
        it("accepts the deprecated inline encryption block", () => {
            const stack = bucketStack({ sse: false });
            stack[0] = res(AWS_TYPE.s3.Bucket, "logs", {
                bucket: "logs",
                serverSideEncryptionConfiguration: { rule: {} },
            });
            expectClean(run(s3BucketBaseline, stack));
        });
        it("cannot decide on an unknown policy document, but still reports the rest", () => {
            const r = run(s3BucketBaseline, bucketStack({ policy: UNKNOWN, sse: false }));
            expectCannotRun(r, 1);
        });
    });
});
