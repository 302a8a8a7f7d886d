/**
 * IAM policies through the analyzer-faithful runner: every document location, both document
 * forms, every tricky statement form, unknown ARNs at preview, waivers, and message hygiene.
 */
import * as assert from "assert";
import { AnalyzedResource, PolicyPackConfig, resourceFor, runPolicies, UNKNOWN } from "../../offline/analyze";
import { iamPolicies } from "../../policy-pack/iam";
import { ESCALATION_ACTIONS } from "../../policy-pack/lib/iam-checks";
import { actionExists } from "../../policy-pack/lib/iam-facts";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

function run(policy: string, resources: AnalyzedResource[], config: PolicyPackConfig = {}) {
    const selected = iamPolicies.filter((p) => p.name === policy);
    assert.strictEqual(selected.length, 1, `policy ${policy} exists`);
    return runPolicies(selected, resources, config);
}

type Stmt = Record<string, unknown>;
const doc = (...statements: Stmt[]) => ({ Version: "2012-10-17", Statement: statements });
const allow = (action: unknown, resource: unknown = "arn:aws:s3:::bucket/key", extra: Stmt = {}): Stmt => ({
    Effect: "Allow",
    Action: action,
    Resource: resource,
    ...extra,
});
const rolePolicy = (policy: unknown, name = "rp") =>
    resourceFor(AWS_TYPE.iam.RolePolicy, { role: UNKNOWN, policy }, name);
const ECS_TRUST = doc({
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN } },
});
const role = (inputs: Record<string, unknown>, name = "role") =>
    resourceFor(AWS_TYPE.iam.Role, { assumeRolePolicy: ECS_TRUST, ...inputs }, name);

/** Every place a document can live, holding `d`. */
function everywhere(d: unknown): AnalyzedResource[] {
    return [
        role({ inlinePolicies: [{ name: "p", policy: d }] }),
        rolePolicy(d),
        resourceFor(AWS_TYPE.iam.Policy, { policy: d }),
        resourceFor(AWS_TYPE.iam.UserPolicy, { user: "u", policy: d }),
        resourceFor(AWS_TYPE.iam.GroupPolicy, { group: "g", policy: d }),
        resourceFor(AWS_TYPE.s3.BucketPolicy, { bucket: UNKNOWN, policy: d }),
        resourceFor(AWS_TYPE.ecr.RepositoryPolicy, { repository: UNKNOWN, policy: d }),
        resourceFor(AWS_TYPE.kms.Key, { policy: d }),
        resourceFor(AWS_TYPE.sns.TopicPolicy, { arn: UNKNOWN, policy: d }),
        resourceFor(AWS_TYPE.ec2.VpcEndpoint, { vpcId: UNKNOWN, policy: d }),
    ];
}

describe("iam-no-wildcard-actions", () => {
    const policy = "iam-no-wildcard-actions";

    it("is mandatory and finds *, *:* and service:* wherever a document lives, object or JSON string", () => {
        for (const action of ["*", "*:*", "s3:*", "S3:*", "iam:*", ["logs:PutLogEvents", "ssm:*"], "*:Get*"]) {
            const d = doc(allow(action));
            for (const form of [d, JSON.stringify(d)]) {
                for (const r of everywhere(form)) {
                    const result = run(policy, [r]);
                    assert.strictEqual(result.violations.length, 1, `${r.type} ${JSON.stringify(action)}`);
                    assert.strictEqual(result.violations[0].enforcementLevel, "mandatory");
                }
            }
        }
    });

    it("reads a single Statement object and trust policies", () => {
        assert.strictEqual(run(policy, [rolePolicy({ Statement: allow("bedrock:*") })]).violations.length, 1);
        const trust = doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:*" });
        assert.strictEqual(run(policy, [role({ assumeRolePolicy: trust })]).violations.length, 1);
    });

    it("passes named actions, prefix wildcards and Deny statements", () => {
        const ok = doc(
            allow(["s3:GetObject", "ssm:GetParameter*"]),
            { Effect: "Deny", Action: "*", Resource: "*" },
            { Effect: "Deny", NotAction: "s3:*", Resource: "*" },
        );
        for (const r of everywhere(ok)) assert.deepStrictEqual(run(policy, [r]).violations, [], r.type);
    });

    it("accepts the default KMS key-policy statement (kms:* for the account root) and nothing wider", () => {
        const root = (principal: unknown) =>
            doc({
                Sid: "EnableIamPolicies",
                Effect: "Allow",
                Principal: { AWS: principal },
                Action: "kms:*",
                Resource: "*",
            });
        const key = (d: unknown) => resourceFor(AWS_TYPE.kms.Key, { description: "k", policy: d });
        for (const p of ["arn:aws:iam::111122223333:root", "arn:aws-us-gov:iam::111122223333:root", "111122223333"]) {
            assert.deepStrictEqual(run(policy, [key(JSON.stringify(root(p)))]).violations, [], p);
        }
        const preview = run(policy, [key(root(UNKNOWN))]);
        assert.deepStrictEqual([preview.violations.length, preview.unknown.length], [0, 1]);
        assert.strictEqual(run(policy, [key(root("arn:aws:iam::111122223333:role/app"))]).violations.length, 1);
        assert.strictEqual(
            run(policy, [key(doc(allow("*", "*", { Principal: { AWS: "111122223333" } })))]).violations.length,
            1,
        );
        // Only in key policies: the same statement in a bucket policy is a violation.
        const bucket = resourceFor(AWS_TYPE.s3.BucketPolicy, { bucket: "b", policy: root("111122223333") });
        assert.strictEqual(run(policy, [bucket]).violations.length, 1);
    });

    it("treats a statement without Effect as an Allow", () => {
        const r = run(policy, [rolePolicy({ Statement: [{ Action: "*", Resource: "*" }] })]);
        assert.strictEqual(r.violations.length, 1);
    });

    it("judges known actions while resources and ids are unknown (preview)", () => {
        const r = run(policy, [
            role({ inlinePolicies: [{ name: "p", policy: doc(allow("s3:*", [UNKNOWN, UNKNOWN])) }] }),
            rolePolicy(doc(allow("kms:*", UNKNOWN, { Condition: { StringEquals: { "kms:ViaService": UNKNOWN } } }))),
        ]);
        assert.deepStrictEqual([r.violations.length, r.unknown], [2, []]);
    });

    it("gives up on a wholly unknown document, and on an unknown Effect only where it matters", () => {
        const whole = run(policy, [rolePolicy(UNKNOWN)]);
        assert.deepStrictEqual([whole.violations.length, whole.unknown.length], [0, 1]);
        const effect = run(policy, [rolePolicy(doc({ Effect: UNKNOWN, Action: "*", Resource: "*" }))]);
        assert.deepStrictEqual([effect.violations.length, effect.unknown.length], [0, 1]);
        const harmless = run(policy, [rolePolicy(doc({ Effect: UNKNOWN, Action: "s3:GetObject", Resource: "*" }))]);
        assert.deepStrictEqual([harmless.violations.length, harmless.unknown.length], [0, 0]);
    });

    it("honours waivers", () => {
        const r = run(policy, [rolePolicy(doc(allow("s3:*")), "break-glass")], {
            [policy]: { exclude: [{ pattern: "^break-glass$", reason: "audited emergency access role" }] },
        });
        assert.deepStrictEqual(r.violations, []);
    });
});

describe("iam-no-allow-not-elements", () => {
    const policy = "iam-no-allow-not-elements";
    it("flags Allow with NotAction, NotResource or NotPrincipal; passes them on Deny", () => {
        const bad = [
            doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
            doc({ Effect: "Allow", NotAction: ["s3:DeleteBucket"], Resource: "*" }),
            doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }),
            doc({
                Effect: "Allow",
                NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
                Action: "s3:GetObject",
                Resource: "*",
            }),
        ];
        for (const d of bad) {
            const r = run(policy, everywhere(JSON.stringify(d)));
            assert.strictEqual(r.violations.length, 10, JSON.stringify(d));
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
        }
        const ok = doc(
            { Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" },
            { Effect: "Deny", Action: "*", NotResource: "arn:x" },
        );
        assert.deepStrictEqual(run(policy, everywhere(ok)).violations, []);
    });
});

describe("iam-scoped-resources", () => {
    const policy = "iam-scoped-resources";
    const identityPlaces = (d: unknown) => [
        role({ inlinePolicies: [{ name: "p", policy: d }] }),
        rolePolicy(d),
        resourceFor(AWS_TYPE.iam.Policy, { policy: d }),
        resourceFor(AWS_TYPE.iam.UserPolicy, { user: "u", policy: d }),
        resourceFor(AWS_TYPE.iam.GroupPolicy, { group: "g", policy: d }),
    ];

    it('is mandatory and flags Resource "*" on actions that support resource-level permissions (from iam-data)', () => {
        for (const action of [
            "ssm:GetParameter",
            "ssm:GetParameter*",
            ["logs:PutLogEvents"],
            "s3:getobject",
            "kms:Decrypt",
            "ec2:*Instances",
        ]) {
            const r = run(policy, [rolePolicy(doc(allow(action, "*")))]);
            assert.strictEqual(r.violations.length, 1, JSON.stringify(action));
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
        }
        const msg = run(policy, [rolePolicy(doc(allow("ssm:GetParameter*", ["*"])))]).violations[0].message;
        assert.match(msg, /4 of its actions/);
        assert.match(msg, /Resource "\*"/);
    });

    it("flags it in every identity-policy location, object or JSON string", () => {
        const d = doc(allow("s3:GetObject", "*"));
        for (const form of [d, JSON.stringify(d)]) {
            for (const r of identityPlaces(form)) {
                assert.strictEqual(run(policy, [r]).violations.length, 1, r.type);
            }
        }
    });

    it("flags ARN patterns that match every resource of the action's resource type", () => {
        const cases: [string, string][] = [
            ["s3:GetObject", "arn:aws:s3:::*"],
            ["s3:GetObject", "arn:aws:s3:::*/*"],
            ["s3:ListBucket", "arn:aws:s3:::*"],
            ["s3:GetObject", "arn:aws-us-gov:s3:::*/*"],
            ["dynamodb:GetItem", "arn:*:*:*:*:*"],
            ["dynamodb:GetItem", "arn:aws:*:*:*:*"],
            ["dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/*"],
            ["sqs:SendMessage", "arn:aws:sqs:*:*:*"],
            ["logs:PutLogEvents", "arn:aws:logs:*:*:log-group:*"],
            ["ssm:GetParameter", "arn:aws:ssm:*:*:parameter/*"],
            ["kms:Decrypt", "arn:aws:kms:*:*:key/*"],
        ];
        for (const [action, resource] of cases) {
            const r = run(policy, [rolePolicy(doc(allow(action, [resource])))]);
            assert.strictEqual(r.violations.length, 1, `${action} on ${resource}`);
            assert.match(r.violations[0].message, /an ARN pattern that matches every resource/);
        }
    });

    it("expands action wildcards and judges every expanded action", () => {
        // s3:Get* includes object and bucket actions: on every object, the object ones are found.
        const msg = run(policy, [rolePolicy(doc(allow("s3:Get*", "arn:aws:s3:::*/*")))]).violations[0].message;
        assert.match(msg, /s3:GetObject\b/);
        assert.doesNotMatch(msg, /s3:GetBucketPolicy\b/, "bucket actions do not apply to object ARNs");
        // ecr:Get* holds GetAuthorizationToken (no resource type) and repository actions.
        const ecr = run(policy, [rolePolicy(doc(allow("ecr:Get*", "*")))]).violations[0].message;
        assert.match(ecr, /ecr:GetDownloadUrlForLayer/);
        assert.doesNotMatch(ecr, /GetAuthorizationToken/);
    });

    it('passes actions that only support "*", whatever they are spelt like', () => {
        for (const action of [
            "ecr:GetAuthorizationToken",
            "logs:DescribeLogGroups",
            "sts:GetCallerIdentity",
            ["ecr:GetAuthorizationToken", "sts:GetCallerIdentity"],
            "STS:getcalleridentity",
        ]) {
            const r = run(policy, identityPlaces(doc(allow(action, "*"))));
            assert.deepStrictEqual(r.violations, [], JSON.stringify(action));
        }
    });

    it("passes look-alikes: named buckets and log groups, pinned region and account, other services' ARNs", () => {
        const ok: [unknown, unknown][] = [
            ["s3:GetObject", "arn:aws:s3:::my-bucket/*"],
            ["s3:GetObject", "arn:aws:s3:::my-bucket/prefix/*"],
            ["s3:ListBucket", "arn:aws:s3:::my-bucket"],
            [["logs:CreateLogStream", "logs:PutLogEvents"], "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:*"],
            ["dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/app-*"],
            ["ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/app/*"],
            ["ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/*"],
            ["dynamodb:GetItem", "arn:aws:s3:::*"],
            ["s3:GetObject", [UNKNOWN]],
            ["bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/*"],
        ];
        for (const [action, resource] of ok) {
            const r = run(policy, [rolePolicy(doc(allow(action, resource)))]);
            assert.deepStrictEqual([r.violations, r.unknown], [[], []], `${JSON.stringify(action)} on ${resource}`);
        }
    });

    it("passes Deny on every resource, NotAction (iam-no-allow-not-elements' business) and resource policies", () => {
        const d = doc(
            { Effect: "Deny", Action: "s3:*", Resource: "*" },
            { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" },
            { Effect: "Allow", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::my-bucket/*" },
        );
        assert.deepStrictEqual(run(policy, identityPlaces(d)).violations, []);
        const keyPolicy = doc(allow("kms:Decrypt", "*", { Principal: { AWS: UNKNOWN } }));
        assert.deepStrictEqual(run(policy, [resourceFor(AWS_TYPE.kms.Key, { policy: keyPolicy })]).violations, []);
    });

    it("can't decide while the Action list is unknown and a wildcard resource is present", () => {
        const r = run(policy, [rolePolicy(doc(allow(UNKNOWN, "*")))]);
        assert.deepStrictEqual(r.violations, []);
        assert.strictEqual(r.unknown.length, 1);
    });

    it("accepts per-resource waivers with actions and a reason, and only for those actions and resources", () => {
        const waiver = {
            pattern: "^rp$",
            actions: ["kms:Decrypt"],
            reason: "the account default key for SSM has no ARN to name here",
        };
        const config = { [policy]: { allowWildcardResource: [waiver] } };
        const d = doc(allow("kms:Decrypt", "*"));
        assert.deepStrictEqual(run(policy, [rolePolicy(d)], config).violations, []);
        assert.strictEqual(run(policy, [rolePolicy(d, "other")], config).violations.length, 1, "other resource");
        const more = run(policy, [rolePolicy(doc(allow(["kms:Decrypt", "kms:Encrypt"], "*")))], config).violations;
        assert.strictEqual(more.length, 1, "an action outside the waiver");
        assert.match(more[0].message, /kms:Encrypt/);
        assert.doesNotMatch(more[0].message, /kms:Decrypt/);
        // The schema wants a reason: a bare action list is not a waiver.
        const schema = iamPolicies.find((p) => p.name === policy)!.configSchema!.properties!.allowWildcardResource;
        assert.deepStrictEqual((schema as { items: { required: string[] } }).items.required, [
            "pattern",
            "actions",
            "reason",
        ]);
    });
});

describe("iam-actions-exist", () => {
    const policy = "iam-actions-exist";
    it("flags runtime endpoint prefixes, typos and empty patterns", () => {
        const bad = [
            "bedrock-runtime:InvokeModel",
            "bedrock-agent-runtime:InvokeAgent",
            "s3:GetObjekt",
            "ssm:Nope*",
            "GetObject",
        ];
        for (const action of bad) {
            const r = run(policy, [rolePolicy(doc(allow(action)))]);
            assert.strictEqual(r.violations.length, 1, action);
            assert.ok(r.violations[0].message.includes(action), r.violations[0].message);
        }
        assert.strictEqual(
            run(policy, [rolePolicy(doc({ Effect: "Deny", NotAction: "s3:Nope", Resource: "*" }))]).violations.length,
            1,
        );
    });
    it("passes real actions in any case, real patterns and *", () => {
        const ok = doc(allow(["bedrock:InvokeModel", "BEDROCK:invokeagent", "ssm:GetParameter*", "*", "s3:Get?bject"]));
        assert.deepStrictEqual(run(policy, everywhere(ok)).violations, []);
    });
});

describe("iam-no-broad-managed-policies", () => {
    const policy = "iam-no-broad-managed-policies";
    const types: [string, Record<string, unknown>, (arn: string) => Record<string, unknown>][] = [
        [AWS_TYPE.iam.Role, { assumeRolePolicy: ECS_TRUST }, (arn) => ({ managedPolicyArns: [UNKNOWN, arn] })],
        [AWS_TYPE.iam.RolePolicyAttachment, { role: UNKNOWN }, (arn) => ({ policyArn: arn })],
        [AWS_TYPE.iam.PolicyAttachment, { roles: [UNKNOWN] }, (arn) => ({ policyArn: arn })],
        [AWS_TYPE.iam.UserPolicyAttachment, { user: "u" }, (arn) => ({ policyArn: arn })],
        [AWS_TYPE.iam.GroupPolicyAttachment, { group: "g" }, (arn) => ({ policyArn: arn })],
        [AWS_TYPE.iam.RolePolicyAttachmentsExclusive, { roleName: UNKNOWN }, (arn) => ({ policyArns: [arn] })],
    ];
    it("flags admin and *FullAccess AWS-managed policies in every partition and attachment form", () => {
        const arns = [
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
            "arn:aws-cn:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/PowerUserAccess",
            "arn:aws:iam::aws:policy/IAMFullAccess",
            "arn:aws:iam::aws:policy/AmazonS3FullAccess",
            "arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
        ];
        for (const [type, base, field] of types) {
            for (const arn of arns) {
                const r = run(policy, [resourceFor(type, { ...base, ...field(arn) })]);
                assert.strictEqual(r.violations.length, 1, `${type} ${arn}`);
                assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
                assert.ok(!r.violations[0].message.includes("arn:"), r.violations[0].message);
            }
        }
    });
    it("passes scoped AWS-managed policies, customer policies named alike, and unknown ARNs", () => {
        for (const arn of [
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            "arn:aws:iam::111122223333:policy/AdministratorAccess",
            UNKNOWN,
        ]) {
            for (const [type, base, field] of types) {
                const r = run(policy, [resourceFor(type, { ...base, ...field(arn as string) })]);
                assert.deepStrictEqual([r.violations, r.unknown], [[], []], `${type} ${String(arn)}`);
            }
        }
    });
});

describe("iam-no-privilege-escalation", () => {
    const policy = "iam-no-privilege-escalation";
    const named = "arn:aws:iam::111122223333:role/app";
    const passed = { Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } };

    it("checks iam:PassRole for a named role and an iam:PassedToService condition", () => {
        assert.strictEqual(run(policy, [rolePolicy(doc(allow("iam:PassRole", "*")))]).violations.length, 2);
        assert.strictEqual(run(policy, [rolePolicy(doc(allow("iam:PassRole", named)))]).violations.length, 1);
        assert.strictEqual(run(policy, [rolePolicy(doc(allow("IAM:passrole", "*", passed)))]).violations.length, 1);
        assert.deepStrictEqual(run(policy, [rolePolicy(doc(allow("iam:PassRole", named, passed)))]).violations, []);
        const preview = run(policy, [
            rolePolicy(
                doc(
                    allow("iam:PassRole", UNKNOWN, { Condition: { StringEquals: { "iam:PassedToService": UNKNOWN } } }),
                ),
            ),
        ]);
        assert.deepStrictEqual([preview.violations, preview.unknown], [[], []]);
    });

    it("finds escalation actions by name, by wildcard and through NotAction", () => {
        for (const action of [
            "iam:CreatePolicyVersion",
            "iam:Put*",
            "iam:*",
            "iam:Attach*Policy",
            "lambda:UpdateFunctionCode",
            "ecs:ExecuteCommand",
            "*",
        ]) {
            const r = run(policy, [rolePolicy(doc(allow(action, named)))]);
            assert.ok(
                r.violations.some((v) => /privilege escalation/.test(v.message)),
                action,
            );
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
        }
        const notAction = run(policy, [rolePolicy(doc({ Effect: "Allow", NotAction: ["s3:*"], Resource: named }))]);
        assert.ok(notAction.violations.some((v) => /privilege escalation/.test(v.message)));
        assert.ok(notAction.violations.some((v) => /PassRole/.test(v.message)));
    });

    it("flags sts:AssumeRole on every role only", () => {
        assert.strictEqual(run(policy, [rolePolicy(doc(allow("sts:AssumeRole", "*")))]).violations.length, 1);
        assert.deepStrictEqual(run(policy, [rolePolicy(doc(allow("sts:AssumeRole", named)))]).violations, []);
    });

    it("passes the program's task policies and Deny statements", () => {
        const ok = doc(
            allow(["logs:CreateLogStream", "logs:PutLogEvents"], [UNKNOWN]),
            allow("ssm:GetParametersByPath", [UNKNOWN, UNKNOWN]),
            allow("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/x"),
            { Effect: "Deny", Action: "iam:*", Resource: "*" },
        );
        assert.deepStrictEqual(run(policy, [rolePolicy(ok)]).violations, []);
    });

    it("lists only real IAM actions", () => {
        assert.deepStrictEqual(
            ESCALATION_ACTIONS.filter((a) => !actionExists(a)),
            [],
        );
    });
});

describe("iam-trust-no-public-principal", () => {
    const policy = "iam-trust-no-public-principal";
    const trust = (principal: unknown, effect = "Allow") =>
        role({ assumeRolePolicy: doc({ Effect: effect, Principal: principal, Action: "sts:AssumeRole" }) });
    it('flags Principal "*", {AWS: "*"} and lists containing "*", in object or JSON form', () => {
        for (const p of ["*", { AWS: "*" }, { AWS: ["arn:aws:iam::111122223333:root", "*"] }]) {
            const r = run(policy, [trust(p)]);
            assert.strictEqual(r.violations.length, 1, JSON.stringify(p));
            assert.strictEqual(r.violations[0].enforcementLevel, "mandatory");
            const asString = role({
                assumeRolePolicy: JSON.stringify(doc({ Effect: "Allow", Principal: p, Action: "sts:AssumeRole" })),
            });
            assert.strictEqual(run(policy, [asString]).violations.length, 1);
        }
    });
    it("passes service principals, Deny statements and unknown principals", () => {
        for (const r of [trust({ Service: "ecs-tasks.amazonaws.com" }), trust("*", "Deny"), trust({ AWS: UNKNOWN })]) {
            const result = run(policy, [r]);
            assert.deepStrictEqual([result.violations, result.unknown], [[], []]);
        }
    });
});

describe("iam-federated-trust-scoped", () => {
    const policy = "iam-federated-trust-scoped";
    const GITHUB = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const EKS = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF";
    const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
    const trust = (federated: unknown, condition?: unknown, extra: Stmt = {}) =>
        role(
            {
                assumeRolePolicy: doc({
                    Effect: "Allow",
                    Principal: { Federated: federated },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    ...(condition === undefined ? {} : { Condition: condition }),
                    ...extra,
                }),
            },
            "deploy",
        );
    const sub = (operator: string, value: unknown) => ({
        StringEquals: AUD,
        [operator]: { "token.actions.githubusercontent.com:sub": value },
    });

    it("is mandatory and flags GitHub OIDC trust with an audience but no subject, or no condition at all", () => {
        for (const r of [trust(GITHUB, { StringEquals: AUD }), trust(GITHUB), trust([GITHUB], {})]) {
            const result = run(policy, [r]);
            assert.strictEqual(result.violations.length, 1);
            assert.strictEqual(result.violations[0].enforcementLevel, "mandatory");
            assert.match(result.violations[0].message, /GitHub Actions OIDC provider without a sub condition/);
        }
    });

    it("flags subjects that admit any repository owner under StringLike", () => {
        for (const value of [
            "*",
            "repo:*",
            "repo:*/*",
            "repo:acme*",
            "*:ref:refs/heads/main",
            ["repo:acme/app:*", "*"],
        ]) {
            const result = run(policy, [trust(GITHUB, sub("StringLike", value))]);
            assert.strictEqual(result.violations.length, 1, JSON.stringify(value));
        }
    });

    it("does not count operators that pass when the claim is absent, or a sub of another issuer", () => {
        for (const operator of ["StringLikeIfExists", "ForAllValues:StringLike", "StringNotEquals", "StringNotLike"]) {
            const result = run(policy, [trust(GITHUB, sub(operator, "repo:acme/app:ref:refs/heads/main"))]);
            assert.strictEqual(result.violations.length, 1, operator);
        }
        const otherIssuer = { StringEquals: { ...AUD, "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF:sub": "x:y" } };
        assert.strictEqual(run(policy, [trust(GITHUB, otherIssuer)]).violations.length, 1);
    });

    it("passes a subject that names the owner (and repository), in any key case, StringEquals or StringLike", () => {
        const ok = [
            sub("StringEquals", "repo:acme/app:environment:prod"),
            sub("StringLike", "repo:acme/app:*"),
            sub("StringLike", ["repo:acme/app:ref:refs/heads/main", "repo:acme/infra:environment:*"]),
            sub("StringEquals", "*"), // under StringEquals "*" is a literal, not a wildcard
            { StringLike: { "Token.Actions.GitHubUserContent.com:SUB": "repo:acme/*" } },
        ];
        for (const condition of ok) {
            const result = run(policy, [trust(GITHUB, condition)]);
            assert.deepStrictEqual([result.violations, result.unknown], [[], []], JSON.stringify(condition));
        }
    });

    it("applies to any OIDC provider: flags a missing or bare-wildcard sub, passes a pinned one", () => {
        const key = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF:sub";
        assert.strictEqual(
            run(policy, [
                trust(EKS, { StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF:aud": "sts.amazonaws.com" } }),
            ]).violations.length,
            1,
        );
        assert.strictEqual(run(policy, [trust(EKS, { StringLike: { [key]: "*" } })]).violations.length, 1);
        const pinned = { StringEquals: { [key]: "system:serviceaccount:app:agent" } };
        assert.deepStrictEqual(run(policy, [trust(EKS, pinned)]).violations, []);
    });

    it("requires the identity pool (aud) for Cognito, not a subject; amr alone does not pin the pool", () => {
        const cognito = "cognito-identity.amazonaws.com";
        const pool = {
            StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012" },
        };
        const amr = { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } };
        assert.deepStrictEqual(run(policy, [trust(cognito, { ...pool, ...amr })]).violations, []);
        assert.deepStrictEqual(run(policy, [trust(cognito, pool)]).violations, []);
        for (const condition of [
            amr,
            undefined,
            { StringLike: { "cognito-identity.amazonaws.com:aud": "us-east-1:*" } },
        ]) {
            const result = run(policy, [trust(cognito, condition)]);
            assert.strictEqual(result.violations.length, 1, JSON.stringify(condition));
            assert.match(result.violations[0].message, /Cognito identity pools without/);
        }
    });

    it("judges an unknown provider ARN by its conditions, and can't decide on unknown conditions", () => {
        assert.strictEqual(run(policy, [trust(UNKNOWN, { StringEquals: AUD })]).violations.length, 1);
        assert.deepStrictEqual(run(policy, [trust(UNKNOWN, sub("StringLike", "repo:acme/app:*"))]).violations, []);
        assert.strictEqual(run(policy, [trust(UNKNOWN, sub("StringLike", "repo:*"))]).violations.length, 1);
        const pending = run(policy, [trust(GITHUB, UNKNOWN)]);
        assert.deepStrictEqual(pending.violations, []);
        assert.strictEqual(pending.unknown.length, 1);
    });

    it("ignores Deny, service and account principals, other actions, and identity policies", () => {
        const ignored = [
            trust(GITHUB, { StringEquals: AUD }, { Effect: "Deny" }),
            trust(GITHUB, { StringEquals: AUD }, { Action: "sts:TagSession" }),
            role({}),
            role({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: UNKNOWN }, Action: "sts:AssumeRole" }) }),
            rolePolicy(doc(allow("sts:AssumeRoleWithWebIdentity", "*"))),
        ];
        for (const r of ignored) assert.deepStrictEqual(run(policy, [r]).violations, [], r.name);
        // sts:* grants AssumeRoleWithWebIdentity too.
        assert.strictEqual(
            run(policy, [trust(GITHUB, { StringEquals: AUD }, { Action: "sts:*" })]).violations.length,
            1,
        );
    });
});

describe("iam-ecs-trust-scoped", () => {
    const policy = "iam-ecs-trust-scoped";
    const ecs = { Service: "ecs-tasks.amazonaws.com" };
    const trust = (...statements: Stmt[]) => role({ assumeRolePolicy: doc(...statements) });
    it("passes ECS-only trust with an unknown aws:SourceAccount or aws:SourceArn (any key case)", () => {
        for (const condition of [
            { StringEquals: { "aws:SourceAccount": UNKNOWN } },
            { ArnLike: { "AWS:SourceArn": UNKNOWN } },
        ]) {
            const r = run(policy, [
                trust({ Effect: "Allow", Principal: ecs, Action: "sts:AssumeRole", Condition: condition }),
            ]);
            assert.deepStrictEqual([r.violations, r.unknown], [[], []]);
        }
    });
    it("flags a missing confused-deputy condition and extra principals", () => {
        assert.strictEqual(
            run(policy, [trust({ Effect: "Allow", Principal: ecs, Action: "sts:AssumeRole" })]).violations.length,
            1,
        );
        const shared = trust({
            Effect: "Allow",
            Principal: { Service: ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        });
        assert.strictEqual(run(policy, [shared]).violations.length, 1);
        const second = trust(
            {
                Effect: "Allow",
                Principal: ecs,
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "1" } },
            },
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" },
        );
        assert.strictEqual(run(policy, [second]).violations.length, 1);
    });
    it("ignores roles that do not trust ECS", () => {
        const r = run(policy, [
            trust({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
        ]);
        assert.deepStrictEqual(r.violations, []);
    });
});

describe("iam-document-valid", () => {
    const policy = "iam-document-valid";
    it("flags unparsable and malformed documents as violations, never passes", () => {
        const bad: [unknown, RegExp][] = [
            ["{ this is not json", /not valid JSON/],
            ["[]", /not a JSON object/],
            [{ Version: "2012-10-17" }, /no Statement/],
            [doc({ Action: "s3:GetObject", Resource: "*" }), /no Effect/],
            [doc({ Effect: "allow", Action: "s3:GetObject", Resource: "*" }), /Effect other than/],
            [
                doc({ Effect: "Allow", Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" }),
                /both Action and NotAction/,
            ],
            [doc({ Effect: "Allow", Resource: "*" }), /neither Action nor NotAction/],
        ];
        for (const [d, pattern] of bad) {
            const r = run(policy, [rolePolicy(d)]);
            assert.strictEqual(r.violations.length, 1, JSON.stringify(d));
            assert.match(r.violations[0].message, pattern);
        }
        assert.deepStrictEqual(run(policy, everywhere(doc(allow("s3:GetObject")))).violations, []);
    });
});

describe("iam-task-role-allowlist", () => {
    const policy = "iam-task-role-allowlist";
    /** A stack resource whose outputs equal its inputs, with property dependencies. */
    const withDeps = (r: AnalyzedResource, deps: Record<string, AnalyzedResource[]>): AnalyzedResource => ({
        ...r,
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, rs]) => [k, rs.map((x) => x.urn)])),
    });
    const inlineFor = (r: AnalyzedResource, statements: Stmt[], name: string) =>
        withDeps(resourceFor(AWS_TYPE.iam.RolePolicy, { role: UNKNOWN, policy: doc(...statements) }, name), {
            role: [r],
        });

    /** The program's three roles at a first preview (ARNs unknown). */
    function programStack() {
        const exec = role({ description: "exec" }, "task-roles-execution");
        const bff = role({ description: "bff" }, "task-roles-bff-task");
        const agent = role({ description: "agentcore" }, "task-roles-agentcore-task");
        return {
            exec,
            bff,
            agent,
            resources: [
                exec,
                bff,
                agent,
                inlineFor(
                    exec,
                    [
                        allow("ecr:GetAuthorizationToken", "*"),
                        allow(
                            ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                            [UNKNOWN, UNKNOWN],
                        ),
                        allow(["logs:CreateLogStream", "logs:PutLogEvents"], [UNKNOWN]),
                        allow("ssm:GetParameters", UNKNOWN),
                        allow("kms:Decrypt", UNKNOWN),
                    ],
                    "task-roles-execution",
                ),
                inlineFor(
                    bff,
                    [
                        allow(["logs:CreateLogStream", "logs:PutLogEvents"], [UNKNOWN]),
                        allow(["ssm:GetParameter", "ssm:GetParameters"], UNKNOWN),
                        allow("ssm:GetParametersByPath", [UNKNOWN]),
                        allow("kms:Decrypt", UNKNOWN),
                        allow("secretsmanager:GetSecretValue", UNKNOWN),
                    ],
                    "task-roles-bff-task",
                ),
                inlineFor(
                    agent,
                    [
                        allow(
                            ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                            ["arn:aws:bedrock:us-east-1::foundation-model/x"],
                        ),
                        allow(["s3:GetObject", "s3:PutObject"], UNKNOWN),
                        allow("s3:ListBucket", UNKNOWN),
                        allow(["logs:CreateLogStream", "logs:PutLogEvents"], [UNKNOWN]),
                        allow("ssm:GetParametersByPath", [UNKNOWN]),
                        allow("kms:Decrypt", UNKNOWN),
                        allow("secretsmanager:GetSecretValue", UNKNOWN),
                    ],
                    "task-roles-agentcore-task",
                ),
            ],
        };
    }

    it("passes the program's roles at preview, attributing RolePolicy resources by property dependency", () => {
        const r = run(policy, programStack().resources);
        assert.deepStrictEqual([r.violations, r.unknown], [[], []]);
    });

    it("flags actions beyond a role's allowlist, from any attached source", () => {
        const s = programStack();
        const extraInline = inlineFor(
            s.bff,
            [allow("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/x")],
            "bff-extra",
        );
        const r1 = run(policy, [...s.resources, extraInline]);
        assert.strictEqual(r1.violations.length, 1);
        assert.strictEqual(r1.violations[0].urn, s.bff.urn);
        assert.match(r1.violations[0].message, /bedrock:InvokeModel/);

        // The database login is the apps' to read, never the ECS agent's.
        const execReadsLogin = inlineFor(s.exec, [allow("secretsmanager:GetSecretValue", UNKNOWN)], "exec-login");
        const r2 = run(policy, [...s.resources, execReadsLogin]);
        assert.strictEqual(r2.violations.length, 1);
        assert.strictEqual(r2.violations[0].urn, s.exec.urn);
        assert.match(r2.violations[0].message, /secretsmanager:GetSecretValue/);

        const admin = withDeps(
            resourceFor(
                AWS_TYPE.iam.RolePolicyAttachment,
                { role: UNKNOWN, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                "admin",
            ),
            { role: [s.agent] },
        );
        assert.match(run(policy, [...s.resources, admin]).violations[0].message, /managed policy AdministratorAccess/);

        const execManaged = withDeps(
            resourceFor(
                AWS_TYPE.iam.RolePolicyAttachment,
                { role: UNKNOWN, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
                "exec-managed",
            ),
            { role: [s.exec] },
        );
        assert.deepStrictEqual(run(policy, [...s.resources, execManaged]).violations, []);

        const customer = resourceFor(AWS_TYPE.iam.Policy, { policy: doc(allow("ssm:PutParameter")) }, "customer");
        const attached = withDeps(
            resourceFor(AWS_TYPE.iam.RolePolicyAttachment, { role: UNKNOWN, policyArn: UNKNOWN }, "attach-customer"),
            {
                role: [s.bff],
                policyArn: [customer],
            },
        );
        assert.match(run(policy, [...s.resources, customer, attached]).violations[0].message, /ssm:PutParameter/);

        const inlineRole = role(
            { inlinePolicies: [{ name: "p", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }] },
            "bff-legacy",
        );
        assert.match(run(policy, [inlineRole]).violations[0].message, /NotAction/);
    });

    it("expands wildcards before comparing, and reports roles no entry covers", () => {
        const s = programStack();
        const wide = inlineFor(s.bff, [allow("ssm:Get*", UNKNOWN)], "bff-wide");
        assert.match(run(policy, [...s.resources, wide]).violations[0].message, /ssm:GetDocument|ssm:GetCommand/);
        const stray = role({}, "reporting-task");
        assert.match(run(policy, [stray]).violations[0].message, /no `roles` allowlist entry/);
        const config = { [policy]: { roles: [{ pattern: "reporting", actions: ["logs:*"] }] } };
        assert.deepStrictEqual(run(policy, [stray], config).violations, []);
    });

    it("gives up on grants it cannot attribute at preview", () => {
        const s = programStack();
        const orphan = resourceFor(
            AWS_TYPE.iam.RolePolicy,
            { role: UNKNOWN, policy: doc(allow("s3:GetObject")) },
            "orphan",
        );
        const r = run(policy, [...s.resources, orphan]);
        assert.deepStrictEqual([r.violations.length, r.unknown.length], [0, 1]);
    });

    it("ignores roles ECS does not assume", () => {
        const lambda = resourceFor(AWS_TYPE.iam.Role, {
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            inlinePolicies: [{ name: "p", policy: doc(allow("dynamodb:PutItem")) }],
        });
        assert.deepStrictEqual(run(policy, [lambda]).violations, []);
    });
});

describe("IAM message hygiene and metadata", () => {
    it("never echoes ARNs, account ids, condition values or document text", () => {
        const secret = "s3cr3t-T0ken-value";
        const account = "999988887777";
        const arn = `arn:aws:iam::${account}:role/${secret}`;
        const d = doc(
            {
                Sid: "Bad",
                Effect: "Allow",
                Action: ["iam:PassRole", "s3:*", "bedrock-runtime:InvokeModel"],
                Resource: ["*", arn],
            },
            {
                Effect: "Allow",
                NotAction: "s3:GetObject",
                NotResource: arn,
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            },
            { Effect: "Allow", Principal: { AWS: [arn, "*"] }, Action: "sts:AssumeRole", Resource: "*" },
        );
        const resources = [
            ...everywhere(d),
            role({ assumeRolePolicy: d, managedPolicyArns: [`arn:aws:iam::aws:policy/AdministratorAccess`] }),
            rolePolicy(`{"Statement": "${secret}"`),
            rolePolicy(`{"Statement": [{"Effect": "${secret}", "Action": "s3:GetObject"}]}`),
        ];
        const r = runPolicies(iamPolicies, resources);
        assert.ok(r.violations.length > 30, `${r.violations.length} violations`);
        for (const v of r.violations) {
            for (const value of [secret, account, arn, "arn:aws"]) assert.ok(!v.message.includes(value), v.message);
        }
    });

    it("declares severity, level, remediation and anchors; mandatory exactly where the rules say", () => {
        for (const p of iamPolicies) {
            assert.ok(p.severity && p.enforcementLevel && p.remediationSteps && p.description, p.name);
            assert.ok(p.metadata.anchors.length > 0, p.name);
            assert.strictEqual(p.metadata.area, "iam");
        }
        const mandatory = iamPolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        assert.deepStrictEqual(mandatory.sort(), [
            "iam-document-valid",
            "iam-federated-trust-scoped",
            "iam-no-allow-not-elements",
            "iam-no-broad-managed-policies",
            "iam-no-privilege-escalation",
            "iam-no-wildcard-actions",
            "iam-scoped-resources",
            "iam-trust-no-public-principal",
        ]);
    });
});
