/**
 * The IAM classes an independent review found the pack got wrong, each with benign look-alikes:
 * read-everything AWS-managed policies (now mandatory, like admin), S3 object-level wildcards,
 * and two false mandatories: a "*"-only action narrowed by the condition key AWS documents for it
 * (cloudwatch:PutMetricData + cloudwatch:namespace), and a KMS key policy whose public principal is
 * limited by kms:CallerAccount (+ kms:ViaService), as every AWS managed key's policy is.
 */
import * as assert from "assert";
import { resourceFor, runPolicies, UNKNOWN } from "../../offline/analyze";
import { iamPolicies } from "../../policy-pack/iam";
import { noPublicAccess } from "../../policy-pack/resource-policies";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { expectCannotRun, expectClean, expectViolations, run } from "./policy-test-kit";

const iam = (name: string) => iamPolicies.find((p) => p.name === name)!;
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const rolePolicy = (statement: Record<string, unknown>) =>
    resourceFor(AWS_TYPE.iam.RolePolicy, { role: "r", policy: doc({ Effect: "Allow", ...statement }) }, "rp");
const ACCOUNT = "123456789012";

describe("iam-no-broad-managed-policies: read-everything AWS-managed policies", () => {
    const policy = iam("iam-no-broad-managed-policies");
    const attach = (policyArn: string) =>
        resourceFor(AWS_TYPE.iam.RolePolicyAttachment, { role: "agentcore-task", policyArn }, "att");

    it("are mandatory violations, in every partition and path, as managedPolicyArns too", () => {
        for (const name of [
            "ReadOnlyAccess",
            "job-function/ViewOnlyAccess",
            "SecurityAudit",
            "AmazonS3ReadOnlyAccess",
            "AmazonSSMReadOnlyAccess",
            "AmazonEC2ContainerRegistryReadOnly",
            "AmazonDynamoDBReadOnlyAccess",
            "SecretsManagerReadWrite",
        ]) {
            for (const partition of ["aws", "aws-us-gov"]) {
                const r = runPolicies([policy], [attach(`arn:${partition}:iam::aws:policy/${name}`)], {});
                assert.strictEqual(r.violations.length, 1, name);
                assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
                assert.match(r.violations[0].message, /read/);
            }
        }
        const role = resourceFor(AWS_TYPE.iam.Role, {
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        });
        expectViolations(run(policy, role), 1);
    });
    it("look-alikes pass: scoped AWS-managed policies, customer policies named alike, an allowed name", () => {
        for (const arn of [
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
            "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
            `arn:aws:iam::${ACCOUNT}:policy/ReadOnlyAccess`,
            `arn:aws:iam::${ACCOUNT}:policy/AmazonS3ReadOnlyAccess`,
        ]) {
            expectClean(run(policy, attach(arn)));
        }
        expectClean(
            run(policy, attach("arn:aws:iam::aws:policy/SecurityAudit"), { allowedPolicies: ["SecurityAudit"] }),
        );
    });
});

describe("iam-no-wildcard-actions: S3 object-level wildcards", () => {
    const policy = iam("iam-no-wildcard-actions");
    const data = `arn:aws:s3:::storage-agent-data-0a1b2c3/agentcore/*`;

    it("flags patterns that reach object writes or deletes on objects, wherever the document lives", () => {
        for (const action of [
            "s3:*Object",
            "s3:*Object*",
            "s3:Put*",
            "s3:Delete*",
            ["s3:GetObject", "s3:*ObjectVersion"],
        ]) {
            for (const resource of [data, "*", "arn:aws:s3:::*", ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]]) {
                const [m] = expectViolations(run(policy, rolePolicy({ Action: action, Resource: resource })), 1);
                assert.match(m, /object-level writes and deletes through the wildcard/);
            }
        }
        const [m] = expectViolations(run(policy, rolePolicy({ Action: "s3:*Object", Resource: data })), 1);
        assert.match(m, /s3:DeleteObject/);
        const bucketPolicy = resourceFor(AWS_TYPE.s3.BucketPolicy, {
            bucket: "b",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
                Action: "s3:*Object",
                Resource: data,
            }),
        });
        expectViolations(run(policy, bucketPolicy), 1);
    });
    it("look-alikes pass: read-only wildcards, named object actions, bucket-only resources, a Deny", () => {
        expectClean(run(policy, rolePolicy({ Action: "s3:GetObject*", Resource: data })));
        expectClean(
            run(policy, rolePolicy({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: data })),
        );
        // Put* on the bucket ARN alone names no object (bucket-level actions only apply).
        expectClean(run(policy, rolePolicy({ Action: "s3:PutBucket*", Resource: "arn:aws:s3:::b" })));
        expectClean(run(policy, rolePolicy({ Action: "s3:Put*", Resource: "arn:aws:s3:::b" })));
        expectClean(
            run(
                policy,
                resourceFor(AWS_TYPE.iam.RolePolicy, {
                    role: "r",
                    policy: doc({ Effect: "Deny", Action: "s3:*Object", Resource: data }),
                }),
            ),
        );
        // Another service's *Object* wildcard is not an S3 object grant.
        expectClean(run(policy, rolePolicy({ Action: "codecommit:GetObjectIdentifier*", Resource: "*" })));
    });
    it("cannot decide while the resources are unknown (preview)", () => {
        expectCannotRun(run(policy, rolePolicy({ Action: "s3:*Object", Resource: UNKNOWN })));
        // Without a wildcard, unknown resources decide nothing here.
        expectClean(run(policy, rolePolicy({ Action: "s3:GetObject", Resource: UNKNOWN })));
    });
});

describe('iam-scoped-resources: a "*"-only action narrowed by the condition key AWS documents for it', () => {
    const policy = iam("iam-scoped-resources");
    const putMetricData = (extra: Record<string, unknown> = {}) =>
        rolePolicy({ Action: "cloudwatch:PutMetricData", Resource: "*", ...extra });

    it("passes PutMetricData on * limited by cloudwatch:namespace (CloudWatch's own example)", () => {
        expectClean(
            run(
                policy,
                putMetricData({ Condition: { StringEquals: { "cloudwatch:namespace": "EcsPlatform/Agent" } } }),
            ),
        );
        expectClean(
            run(
                policy,
                putMetricData({ Condition: { "ForAnyValue:StringEquals": { "CloudWatch:Namespace": ["A", "B"] } } }),
            ),
        );
    });
    it("look-alikes still fail: no condition, a negated or IfExists operator, a wildcard value, a global key", () => {
        for (const Condition of [
            undefined,
            { StringNotEquals: { "cloudwatch:namespace": "AWS/EC2" } },
            { StringEqualsIfExists: { "cloudwatch:namespace": "App" } },
            { StringLike: { "cloudwatch:namespace": "*" } },
            { StringEquals: { "aws:SourceVpc": "vpc-0123456789abcdef0" } },
            { StringEquals: { "cloudwatch:requestInsightRuleLogGroups": "x" } },
        ]) {
            expectViolations(run(policy, putMetricData(Condition ? { Condition } : {})), 1);
        }
    });
    it("look-alike: an action that requires a resource type is not narrowed by its service's keys", () => {
        // s3:GetObject requires `object`; s3:ExistingObjectTag narrows nothing about which bucket.
        const r = rolePolicy({
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "s3:ExistingObjectTag/team": "a" } },
        });
        expectViolations(run(policy, r), 1);
    });
    it("cannot decide while the condition value is unknown", () => {
        expectCannotRun(
            run(policy, putMetricData({ Condition: { StringEquals: { "cloudwatch:namespace": UNKNOWN } } })),
        );
    });
});

describe("resource-policy-no-public-access: a KMS key policy limited by kms:CallerAccount", () => {
    const key = (condition: unknown) =>
        resourceFor(AWS_TYPE.kms.Key, {
            policy: doc({
                Sid: "Allow access through SSM for all principals in the account that are authorized to use SSM",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                ...(condition ? { Condition: condition } : {}),
            }),
        });
    const via = { "kms:ViaService": "ssm.us-east-1.amazonaws.com" };

    it("passes the AWS-managed-key form (kms:CallerAccount + kms:ViaService) and kms:CallerAccount alone", () => {
        expectClean(run(noPublicAccess, key({ StringEquals: { "kms:CallerAccount": ACCOUNT, ...via } })));
        expectClean(run(noPublicAccess, key({ StringEquals: { "kms:CallerAccount": [ACCOUNT] } })));
    });
    it("look-alikes still fail: kms:ViaService alone, a wildcard or negated kms:CallerAccount", () => {
        for (const condition of [
            { StringEquals: via },
            { StringLike: { "kms:CallerAccount": "*", ...via } },
            { StringNotEquals: { "kms:CallerAccount": ACCOUNT } },
            { StringEqualsIfExists: { "kms:CallerAccount": ACCOUNT } },
        ]) {
            const r = run(noPublicAccess, key(condition));
            expectViolations(r, 1);
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
        }
    });
    it("still flags every action to everyone, whatever the condition", () => {
        const open = resourceFor(AWS_TYPE.kms.Key, {
            policy: doc({
                Effect: "Allow",
                Principal: "*",
                Action: "kms:*",
                Resource: "*",
                Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } },
            }),
        });
        expectViolations(run(noPublicAccess, open), 1);
    });
});
