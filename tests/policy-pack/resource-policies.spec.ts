/**
 * resource-policy-no-public-access over every derived resource-policy input (each named type,
 * positive and negative), the look-alikes that must stay clean or must fail, unknowns in preview;
 * lambda-permission-not-public; and the IAM document policies now reading every resource policy.
 */
import * as assert from "assert";
import { iamPolicies } from "../../policy-pack/iam";
import { lambdaPermissionNotPublic, noPublicAccess } from "../../policy-pack/resource-policies";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { RESOURCE_POLICY_INPUTS } from "../../policy-pack/lib/resource-policy-inputs";
import { expectCannotRun, expectClean, expectViolations, res, run, UNKNOWN } from "./policy-test-kit";

const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const allow = (extra: Record<string, unknown>) => ({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "*",
    ...extra,
});
const ACCOUNT = "123456789012";
const iam = (name: string) => iamPolicies.find((p) => p.name === name)!;
const tokenOf = (sdk: string) => RESOURCE_POLICY_INPUTS.find((e) => e.sdk === sdk)!.token;

/** Each named type, with the extra inputs it needs and the input that holds its document. */
const NAMED: readonly [string, string, string, Record<string, unknown>][] = [
    ["s3.BucketPolicy", AWS_TYPE.s3.BucketPolicy, "policy", { bucket: "b" }],
    ["s3.Bucket", AWS_TYPE.s3.Bucket, "policy", {}],
    ["s3.BucketV2", AWS_TYPE.s3.BucketV2, "policy", {}],
    ["sqs.Queue", AWS_TYPE.sqs.Queue, "policy", {}],
    ["sqs.QueuePolicy", AWS_TYPE.sqs.QueuePolicy, "policy", { queueUrl: "q" }],
    ["sns.Topic", AWS_TYPE.sns.Topic, "policy", {}],
    ["sns.TopicPolicy", AWS_TYPE.sns.TopicPolicy, "policy", { arn: "t" }],
    ["secretsmanager.Secret", AWS_TYPE.secretsmanager.Secret, "policy", {}],
    ["secretsmanager.SecretPolicy", AWS_TYPE.secretsmanager.SecretPolicy, "policy", { secretArn: "s" }],
    ["kms.Key", AWS_TYPE.kms.Key, "policy", {}],
    ["kms.KeyPolicy", AWS_TYPE.kms.KeyPolicy, "policy", { keyId: "k" }],
    ["ecr.RepositoryPolicy", AWS_TYPE.ecr.RepositoryPolicy, "policy", { repository: "r" }],
    ["opensearch.DomainPolicy", tokenOf("opensearch.DomainPolicy"), "accessPolicies", { domainName: "d" }],
    ["lambda.ResourcePolicy", tokenOf("lambda.ResourcePolicy"), "policy", {}],
];

describe("resource-policy-no-public-access", () => {
    for (const [sdk, type, input, extra] of NAMED) {
        describe(sdk, () => {
            const of = (policy: unknown) => res(type, "r", { ...extra, [input]: policy });
            it('flags Principal "*" without a condition, as an object or a JSON string', () => {
                const open = doc(allow({ Principal: "*" }));
                const m = expectViolations(run(noPublicAccess, of(open)), 1);
                assert.match(m[0], /statement 1: lets every principal in without a condition/);
                expectViolations(run(noPublicAccess, of(JSON.stringify(open))), 1);
            });
            it("passes an account principal and a pinned public grant", () => {
                expectClean(
                    run(noPublicAccess, of(doc(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })))),
                );
                const pinned = allow({
                    Principal: "*",
                    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
                });
                expectClean(run(noPublicAccess, of(doc(pinned))));
            });
        });
    }

    const bucket = (...statements: unknown[]) =>
        res(AWS_TYPE.s3.BucketPolicy, "b", { bucket: "b", policy: doc(...statements) });
    const verdict = (...statements: unknown[]) => run(noPublicAccess, bucket(...statements));

    it('flags {AWS: "*"}, {AWS: ["*"]}, a list with "*", and Allow + NotPrincipal', () => {
        expectViolations(verdict(allow({ Principal: { AWS: "*" } })), 1);
        expectViolations(verdict(allow({ Principal: { AWS: ["*"] } })), 1);
        expectViolations(verdict(allow({ Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, "*"] } })), 1);
        expectViolations(verdict(allow({ NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })), 1);
    });

    it("passes a public principal restricted by aws:SourceVpce (or SourceVpc, SourceAccount, PrincipalAccount)", () => {
        for (const key of ["aws:SourceVpce", "aws:sourcevpc", "aws:SourceAccount", "aws:PrincipalAccount"]) {
            expectClean(verdict(allow({ Principal: "*", Condition: { StringEquals: { [key]: "vpce-0abc" } } })));
        }
    });

    it("fails a public principal whose only condition is aws:SecureTransport or aws:UserAgent", () => {
        const m = expectViolations(
            verdict(allow({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } })),
            1,
        );
        assert.match(m[0], /without a condition that restricts the caller/);
        expectViolations(
            verdict(allow({ Principal: "*", Condition: { StringLike: { "aws:UserAgent": "app/*" } } })),
            1,
        );
    });

    it("fails restricting keys under operators that do not pin (negated, IfExists, ForAllValues, Null) or with wildcards", () => {
        for (const Condition of [
            { StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
            { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
            { "ForAllValues:StringEquals": { "aws:SourceAccount": [ACCOUNT] } },
            { Null: { "aws:SourceArn": "false" } },
            { StringLike: { "aws:SourceAccount": "*" } },
            { ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } },
            { StringEquals: { "aws:PrincipalOrgID": ["o-abc123", "*"] } },
        ]) {
            expectViolations(verdict(allow({ Principal: "*", Condition })), 1);
        }
    });

    it("passes ARN wildcards that keep a literal account, and ForAnyValue over a pinning operator", () => {
        expectClean(
            verdict(
                allow({
                    Principal: "*",
                    Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/app-*` } },
                }),
            ),
        );
        expectClean(
            verdict(
                allow({ Principal: "*", Condition: { "ForAnyValue:StringEquals": { "aws:SourceVpce": ["vpce-1"] } } }),
            ),
        );
    });

    it("passes the CloudFront service principal with aws:SourceArn (origin access control)", () => {
        expectClean(
            verdict(
                allow({
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Condition: {
                        StringEquals: { "AWS:SourceArn": `arn:aws:cloudfront::${ACCOUNT}:distribution/E123` },
                    },
                }),
            ),
        );
    });

    it('passes a Deny for "*" (the TLS-only statement), which grants nothing', () => {
        expectClean(
            verdict({
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: "*",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
        );
    });

    it("fails a public wildcard action even under a restricting condition", () => {
        for (const Action of ["*", "s3:*", "*:*", ["s3:GetObject", "sqs:*"]]) {
            const m = expectViolations(
                verdict(allow({ Principal: "*", Action, Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } })),
                1,
            );
            assert.match(m[0], /grants every action/);
        }
        const { Action: _drop, ...rest } = allow({
            Principal: "*",
            Condition: { StringEquals: { "aws:SourceVpce": "v" } },
        });
        expectViolations(verdict({ ...rest, NotAction: "s3:DeleteObject" }), 1);
    });

    it('exempts endpoint policies, where Principal "*" is the norm', () => {
        const open = doc(allow({ Principal: "*" }));
        expectClean(run(noPublicAccess, res(AWS_TYPE.ec2.VpcEndpoint, "e", { policy: open })));
        expectClean(run(noPublicAccess, res(tokenOf("ec2.VpcEndpointPolicy"), "e", { policy: open })));
    });

    it('ignores an empty Secrets Manager policy ("{}" deletes the policy)', () => {
        expectClean(run(noPublicAccess, res(AWS_TYPE.secretsmanager.Secret, "s", { policy: "{}" })));
        expectClean(run(iam("iam-document-valid"), res(AWS_TYPE.secretsmanager.Secret, "s", { policy: "{ }" })));
    });

    describe("unknown values in preview", () => {
        it("cannot decide on a wholly unknown document, Effect, or restricting condition value", () => {
            expectCannotRun(run(noPublicAccess, res(AWS_TYPE.sqs.Queue, "q", { policy: UNKNOWN })));
            expectCannotRun(verdict(allow({ Principal: "*", Effect: UNKNOWN })));
            expectCannotRun(verdict(allow({ Principal: "*", Condition: { ArnEquals: { "aws:SourceArn": UNKNOWN } } })));
            expectCannotRun(verdict(allow({ Principal: "*", Condition: UNKNOWN })));
        });
        it("cannot decide on unknown actions under a pinned public grant", () => {
            expectCannotRun(
                verdict(
                    allow({ Principal: "*", Action: UNKNOWN, Condition: { StringEquals: { "aws:SourceVpce": "v" } } }),
                ),
            );
        });
        it("still reports what is known: a public grant beside an unknown statement", () => {
            expectCannotRun(verdict(allow({ Principal: "*" }), UNKNOWN), 1);
        });
        it('passes an unknown principal ARN (an output is never the literal "*") and an unknown resource', () => {
            expectClean(verdict(allow({ Principal: { AWS: UNKNOWN }, Resource: UNKNOWN })));
        });
    });
});

describe("lambda-permission-not-public", () => {
    const permission = (inputs: Record<string, unknown>) =>
        res(AWS_TYPE.lambda.Permission, "p", { action: "lambda:InvokeFunction", function: "f", ...inputs });
    const verdict = (inputs: Record<string, unknown>) => run(lambdaPermissionNotPublic, permission(inputs));

    it('flags principal "*" without sourceArn, sourceAccount or principalOrgId', () => {
        assert.match(expectViolations(verdict({ principal: "*" }), 1)[0], /every AWS account may call it/);
        expectViolations(
            verdict({ principal: "*", functionUrlAuthType: "NONE", action: "lambda:InvokeFunctionUrl" }),
            1,
        );
        expectViolations(verdict({ principal: "*", sourceArn: "*" }), 1);
        expectViolations(verdict({ principal: "*", sourceAccount: "" }), 1);
    });

    it("passes a pinned public permission and service or account principals", () => {
        expectClean(verdict({ principal: "*", sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/r` }));
        expectClean(verdict({ principal: "*", sourceAccount: ACCOUNT }));
        expectClean(verdict({ principal: "*", principalOrgId: "o-abc123" }));
        expectClean(verdict({ principal: "events.amazonaws.com" }));
        expectClean(verdict({ principal: ACCOUNT }));
    });

    it('flags a wildcard action for "*" even with a source', () => {
        assert.match(
            expectViolations(verdict({ principal: "*", action: "lambda:*", sourceAccount: ACCOUNT }), 1)[0],
            /wildcard/,
        );
    });

    it("cannot decide on an unknown principal, or an unknown source when nothing else pins", () => {
        expectCannotRun(verdict({ principal: UNKNOWN }));
        expectCannotRun(verdict({ principal: "*", sourceArn: UNKNOWN }));
        expectClean(verdict({ principal: "*", sourceArn: UNKNOWN, sourceAccount: ACCOUNT }));
    });
});

describe("IAM document policies read every derived resource policy", () => {
    it("iam-no-wildcard-actions sees an SQS queue policy and a Secrets Manager secret policy", () => {
        const wide = doc(allow({ Principal: { AWS: ACCOUNT }, Action: "sqs:*" }));
        expectViolations(run(iam("iam-no-wildcard-actions"), res(AWS_TYPE.sqs.Queue, "q", { policy: wide })), 1);
        expectViolations(
            run(iam("iam-no-wildcard-actions"), res(AWS_TYPE.secretsmanager.SecretPolicy, "s", { policy: wide })),
            1,
        );
    });

    it("keeps accepting the default KMS root statement on every derived KMS key type", () => {
        const root = doc(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*" }));
        for (const sdk of ["kms.Key", "kms.KeyPolicy", "kms.ReplicaKey", "kms.ExternalKey"]) {
            expectClean(run(iam("iam-no-wildcard-actions"), res(tokenOf(sdk), "k", { policy: root })));
        }
        expectViolations(run(iam("iam-no-wildcard-actions"), res(AWS_TYPE.sqs.Queue, "q", { policy: root })), 1);
    });

    it("iam-document-valid reports an unreadable SNS topic policy, not a good one", () => {
        expectViolations(run(iam("iam-document-valid"), res(AWS_TYPE.sns.Topic, "t", { policy: "{not json" })), 1);
        const good = doc(allow({ Principal: { Service: "cloudwatch.amazonaws.com" } }));
        expectClean(run(iam("iam-document-valid"), res(AWS_TYPE.sns.Topic, "t", { policy: good })));
    });
});
