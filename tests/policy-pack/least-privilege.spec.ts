/**
 * T044 [US5]: the task roles and the execution role follow least privilege, proven with an IAM
 * simulator (@cloud-copilot/iam-simulate, AGPL, test-only) over the documents AS EVALUATED per
 * stack: each role is found through the task definitions, its identity policies are the RolePolicy
 * resources (and inline policies) of the graph with realistic ARNs (account 123456789012,
 * us-east-1), and resource policies (KMS key policies, bucket policies) come from the graph too.
 * Each role may do what its workload needs, and is denied a table of things it must not do.
 */
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import { answerInvoke, type EvaluatedResource, type EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS, StackName } from "../support/evaluated-stacks";
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";

/**
 * What Bedrock authorises when AgentCore invokes the models its task names (BEDROCK_MODEL_ARNS): each
 * ARN itself and, for an inference profile, the foundation model in every Region it routes to
 * (as the provider's look-up, answered offline by answerInvoke, reports them).
 */
function invokedModelArns(list: string, region: string): string[] {
    return list
        .split(",")
        .filter((a) => a !== "")
        .flatMap((arn) => {
            const m = /^arn:([^:]+):bedrock:[^:]*:(\d{12}):inference-profile\/(.+)$/.exec(arn);
            if (!m) return [arn];
            const answer = answerInvoke(
                AWS_INVOKE.bedrock.getInferenceProfile,
                { inferenceProfileId: m[3] },
                { partition: m[1], accountId: m[2], region },
            );
            return [arn, ...(answer.models as { modelArn: string }[]).map((x) => x.modelArn)];
        });
}

type Doc = { Version?: string; Statement: Record<string, unknown>[] | Record<string, unknown> };

interface Request {
    readonly what: string;
    readonly action: string;
    readonly resource: string;
    readonly context?: Record<string, string>;
}

interface RoleUnderTest {
    readonly label: string;
    readonly arn: string;
    readonly name: string;
    readonly policies: { name: string; policy: Doc }[];
}

interface Container {
    readonly name: string;
    readonly image: string;
    readonly environment?: { name: string; value: string }[];
    readonly secrets?: { name: string; valueFrom: string }[];
    readonly logConfiguration?: { options?: Record<string, string> };
}

/** Everything the requests need, read from one evaluated stack. */
interface StackFacts {
    readonly stack: StackName;
    readonly account: string;
    readonly region: string;
    readonly bff: RoleUnderTest;
    readonly agentcore: RoleUnderTest;
    readonly execution: RoleUnderTest;
    readonly bffContainer: Container;
    readonly agentContainer: Container;
    readonly appRepositoryArn: string;
    readonly agentRepositoryArn: string;
    readonly bffParameterArns: string[];
    readonly agentParameterArns: string[];
    readonly parametersKeyArn: string;
    /** The RDS-managed secret with the database login (both apps read it at run time). */
    readonly databaseSecretArn: string;
    readonly modelArns: string[];
    readonly agentBucket: string;
    readonly agentPrefix: string;
    readonly serviceArns: string[];
    /** Resource policies by resource ARN (KMS keys, buckets). */
    readonly resourcePolicies: Map<string, Doc>;
    readonly evaluated: EvaluatedStack;
}

const asDoc = (p: unknown): Doc => (typeof p === "string" ? JSON.parse(p) : p) as Doc;
const byType = (s: EvaluatedStack, type: string) => s.resources.filter((r) => r.type === type);
const str = (v: unknown) => String(v);

function roleUnderTest(s: EvaluatedStack, label: string, arn: string): RoleUnderTest {
    const role = byType(s, AWS_TYPE.iam.Role).find((r) => r.outputs.arn === arn);
    assert.ok(role, `${label}: no role with ARN ${arn} in the graph`);
    const name = str(role.outputs.name);
    const attachments = s.resources.filter((r) =>
        /^aws:iam\/(rolePolicyAttachment|policyAttachment|rolePolicyAttachmentsExclusive)/.test(r.type),
    );
    const attached = attachments.filter((r) => JSON.stringify(r.outputs).includes(`"${name}"`));
    // Managed policies cannot be simulated from the graph; the design has none (see task-roles.ts).
    assert.deepStrictEqual(
        attached.map((r) => r.name),
        [],
        `${label}: has managed policy attachments`,
    );
    assert.ok(!(role.inputs.managedPolicyArns as unknown[] | undefined)?.length, `${label}: managedPolicyArns`);
    const inline = ((role.inputs.inlinePolicies as { name: string; policy: unknown }[] | undefined) ?? []).map((p) => ({
        name: p.name,
        policy: asDoc(p.policy),
    }));
    const rolePolicies = byType(s, AWS_TYPE.iam.RolePolicy)
        .filter((r) => r.outputs.role === name)
        .map((r) => ({ name: str(r.outputs.name), policy: asDoc(r.outputs.policy) }));
    const policies = [...inline, ...rolePolicies];
    assert.ok(policies.length > 0, `${label}: no identity policy found for role ${name}`);
    return { label, arn, name, policies };
}

function containersOf(td: EvaluatedResource): Container[] {
    return JSON.parse(str(td.inputs.containerDefinitions)) as Container[];
}

function factsOf(s: EvaluatedStack, stack: StackName): StackFacts {
    const account = "123456789012";
    const region = s.config["aws:region"];
    const taskDefs = byType(s, AWS_TYPE.ecs.TaskDefinition);
    const tdWith = (container: string) => {
        const td = taskDefs.find((t) => containersOf(t).some((c) => c.name === container));
        assert.ok(td, `no task definition runs a "${container}" container`);
        return { td, container: containersOf(td).find((c) => c.name === container)! };
    };
    const bffTd = tdWith("bff");
    const agentTd = tdWith("agentcore");
    assert.strictEqual(bffTd.td.inputs.executionRoleArn, agentTd.td.inputs.executionRoleArn, "one execution role");

    const repositoryArn = (image: string) => {
        const url = image.replace(/[:@].*$/, "");
        const repo = byType(s, AWS_TYPE.ecr.Repository).find((r) => r.outputs.repositoryUrl === url);
        assert.ok(repo, `no repository in the graph for image ${image}`);
        return str(repo.outputs.arn);
    };
    const parameters = byType(s, AWS_TYPE.ssm.Parameter);
    const parameterArns = (service: string) =>
        parameters
            .filter((p) => str(p.outputs.name).startsWith(`/${s.project}/${stack}/${service}/`))
            .map((p) => str(p.outputs.arn));
    // The SecureStrings share one key; the database connection is a plain String (no key, no secret).
    const secureStrings = parameters.filter((p) => p.outputs.type === "SecureString");
    assert.strictEqual(secureStrings.length, 2, "one SecureString per service secret");
    const keyIds = new Set(secureStrings.map((p) => str(p.outputs.keyId)));
    assert.strictEqual(keyIds.size, 1, "the SecureStrings share one customer managed key");
    const plain = parameters.filter((p) => p.outputs.type !== "SecureString");
    assert.deepStrictEqual(
        plain.map((p) => [str(p.outputs.name), p.outputs.type, p.outputs.keyId]),
        [[`/${s.project}/${stack}/database/connection`, "String", undefined]],
    );
    const databases = byType(s, AWS_TYPE.rds.Instance);
    assert.strictEqual(databases.length, 1, "one database");
    const databaseSecretArn = str(
        (databases[0].outputs.masterUserSecrets as { secretArn: string }[] | undefined)?.[0]?.secretArn,
    );
    assert.match(databaseSecretArn, /^arn:aws:secretsmanager:/);

    const env = (c: Container, name: string) => c.environment?.find((e) => e.name === name)?.value;
    const agentBucket = env(agentTd.container, "AGENT_DATA_BUCKET");
    assert.ok(agentBucket, "AgentCore has no AGENT_DATA_BUCKET");

    const resourcePolicies = new Map<string, Doc>();
    for (const key of byType(s, AWS_TYPE.kms.Key))
        resourcePolicies.set(str(key.outputs.arn), asDoc(key.outputs.policy));
    for (const bp of byType(s, AWS_TYPE.s3.BucketPolicy)) {
        resourcePolicies.set(`arn:aws:s3:::${str(bp.outputs.bucket)}`, asDoc(bp.outputs.policy));
    }

    return {
        stack,
        account,
        region,
        evaluated: s,
        bff: roleUnderTest(s, "BFF task role", str(bffTd.td.inputs.taskRoleArn)),
        agentcore: roleUnderTest(s, "AgentCore task role", str(agentTd.td.inputs.taskRoleArn)),
        execution: roleUnderTest(s, "execution role", str(bffTd.td.inputs.executionRoleArn)),
        bffContainer: bffTd.container,
        agentContainer: agentTd.container,
        appRepositoryArn: repositoryArn(bffTd.container.image),
        agentRepositoryArn: repositoryArn(agentTd.container.image),
        bffParameterArns: parameterArns("bff"),
        agentParameterArns: parameterArns("agentcore"),
        parametersKeyArn: [...keyIds][0],
        databaseSecretArn,
        modelArns: invokedModelArns(env(agentTd.container, "BEDROCK_MODEL_ARNS") ?? "", region),
        agentBucket,
        agentPrefix: env(agentTd.container, "AGENT_DATA_PREFIX") ?? "agent-data/",
        serviceArns: byType(s, AWS_TYPE.ecs.Service).map((r) => str(r.outputs.arn)),
        resourcePolicies,
    };
}

/** The resource policy that applies to a request's resource (bucket policy for objects too). */
function resourcePolicyFor(f: StackFacts, resource: string): Doc | undefined {
    const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1];
    return f.resourcePolicies.get(bucket ? `arn:aws:s3:::${bucket}` : resource);
}

/** The decision for one request by a role's task session. */
async function decide(f: StackFacts, role: RoleUnderTest, r: Request): Promise<string> {
    const simulation: Simulation = {
        request: {
            principal: `arn:aws:sts::${f.account}:assumed-role/${role.name}/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
            action: r.action,
            resource: { resource: r.resource, accountId: f.account },
            // Tasks reach AWS over TLS (the VPC endpoints); bucket policies deny anything else.
            contextVariables: { "aws:SecureTransport": "true", ...r.context },
        },
        identityPolicies: role.policies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: resourcePolicyFor(f, r.resource),
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error") {
        throw new Error(`${role.label} ${r.action} on ${r.resource}: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult;
}

async function assertDecisions(
    f: StackFacts,
    role: RoleUnderTest,
    requests: readonly Request[],
    expected: "Allowed" | "denied",
): Promise<void> {
    const wrong: string[] = [];
    for (const r of requests) {
        const decision = await decide(f, role, r);
        const ok = expected === "Allowed" ? decision === "Allowed" : decision !== "Allowed";
        if (!ok) wrong.push(`${r.what}: ${r.action} on ${r.resource} -> ${decision}`);
    }
    assert.deepStrictEqual(wrong, [], `${f.stack} ${role.label}: expected ${expected}`);
}

const logStream = (f: StackFacts, c: Container) => {
    const group = c.logConfiguration?.options?.["awslogs-group"];
    assert.ok(group, `${c.name} has no awslogs-group`);
    const prefix = c.logConfiguration?.options?.["awslogs-stream-prefix"] ?? c.name;
    return `arn:aws:logs:${f.region}:${f.account}:log-group:${group}:log-stream:${prefix}/${c.name}/0f1e2d3c4b5a6978`;
};
const viaSsm = (f: StackFacts) => ({ "kms:ViaService": `ssm.${f.region}.amazonaws.com` });
const otherStack = (stack: StackName): StackName => (stack === "prod" ? "dev" : "prod");
const otherStackParameter = (f: StackFacts, service: string) =>
    `arn:aws:ssm:${f.region}:${f.account}:parameter/${f.evaluated.project}/${otherStack(f.stack)}/${service}/session-secret`;
const OTHER_KEY = "arn:aws:kms:us-east-1:123456789012:key/0b0b0b0b-1c1c-4d4d-8e8e-9f9f9f9f9f9f";
/** Secrets of the same account that are not the database login: another RDS instance's, an app's. */
const otherSecrets = (f: StackFacts) => [
    `arn:aws:secretsmanager:${f.region}:${f.account}:secret:rds!db-0b0b0b0b-1c1c-4d4d-8e8e-9f9f9f9f9f9f-AbCdEf`,
    `arn:aws:secretsmanager:${f.region}:${f.account}:secret:${f.evaluated.project}/${otherStack(f.stack)}/database-XyZ123`,
];

/** Allow actions of a role, as written (no wildcards are expected). */
function allowedActions(role: RoleUnderTest): Set<string> {
    const actions = new Set<string>();
    for (const { policy } of role.policies) {
        const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
        for (const s of statements) {
            if (s.Effect !== "Allow") continue;
            assert.ok(!("NotAction" in s), `${role.label}: Allow with NotAction`);
            for (const a of ([] as unknown[]).concat(s.Action)) actions.add(str(a));
        }
    }
    return actions;
}

/** Things no role of the stack may do; `extra` adds the role-specific ones. */
function mustNotTable(f: StackFacts): Request[] {
    const bucketArn = `arn:aws:s3:::${f.agentBucket}`;
    return [
        { what: "delete the agent-data bucket", action: "s3:DeleteBucket", resource: bucketArn },
        { what: "pass a task role", action: "iam:PassRole", resource: f.agentcore.arn },
        { what: "pass the execution role", action: "iam:PassRole", resource: f.execution.arn },
        ...f.serviceArns.map((arn) => ({ what: "change a service", action: "ecs:UpdateService", resource: arn })),
        {
            what: `read ${otherStack(f.stack)}'s BFF parameter`,
            action: "ssm:GetParameter",
            resource: otherStackParameter(f, "bff"),
        },
        {
            what: `read ${otherStack(f.stack)}'s AgentCore parameter`,
            action: "ssm:GetParameters",
            resource: otherStackParameter(f, "agentcore"),
        },
        { what: "read outside agent-data/", action: "s3:GetObject", resource: `${bucketArn}/private/keys.json` },
        { what: "write outside agent-data/", action: "s3:PutObject", resource: `${bucketArn}/other/x.json` },
        {
            what: "pull another repository",
            action: "ecr:BatchGetImage",
            resource: `arn:aws:ecr:${f.region}:${f.account}:repository/not-ours`,
        },
        { what: "decrypt with another key", action: "kms:Decrypt", resource: OTHER_KEY, context: viaSsm(f) },
        { what: "decrypt the parameter key directly", action: "kms:Decrypt", resource: f.parametersKeyArn },
        { what: "assume a role", action: "sts:AssumeRole", resource: `arn:aws:iam::${f.account}:role/admin` },
        { what: "create a role", action: "iam:CreateRole", resource: `arn:aws:iam::${f.account}:role/escalate` },
        { what: "attach a policy to itself", action: "iam:PutRolePolicy", resource: f.bff.arn },
        ...otherSecrets(f).map((arn) => ({
            what: "read a secret other than the database login",
            action: "secretsmanager:GetSecretValue",
            resource: arn,
        })),
        {
            what: "change the database login",
            action: "secretsmanager:PutSecretValue",
            resource: f.databaseSecretArn,
        },
        { what: "list the account's secrets", action: "secretsmanager:ListSecrets", resource: "*" },
    ];
}

describe("T044 [US5] task roles follow least privilege (IAM simulation of the evaluated documents)", function () {
    this.timeout(120_000);
    for (const stack of STACKS) {
        describe(stack, () => {
            let f: StackFacts;
            before(async () => {
                f = factsOf(await getEvaluatedStack(stack), stack);
                // The other key gets the default key policy (it delegates to IAM), so only the
                // identity policies can deny it.
                f.resourcePolicies.set(OTHER_KEY, f.resourcePolicies.get(f.parametersKeyArn)!);
            });

            it("T044 each role's Allow actions are exactly what its workload needs (no wildcard)", () => {
                const expected = {
                    bff: [
                        "kms:Decrypt",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "secretsmanager:GetSecretValue",
                        "ssm:GetParameter",
                        "ssm:GetParameters",
                        "ssm:GetParametersByPath",
                    ],
                    agentcore: [
                        "bedrock:InvokeModel",
                        "bedrock:InvokeModelWithResponseStream",
                        "kms:Decrypt",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "s3:GetObject",
                        "s3:ListBucket",
                        "s3:PutObject",
                        "secretsmanager:GetSecretValue",
                        "ssm:GetParameter",
                        "ssm:GetParameters",
                        "ssm:GetParametersByPath",
                    ],
                    execution: [
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetAuthorizationToken",
                        "ecr:GetDownloadUrlForLayer",
                        "kms:Decrypt",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "ssm:GetParameters",
                    ],
                };
                for (const key of ["bff", "agentcore", "execution"] as const) {
                    const actions = [...allowedActions(f[key])].sort();
                    // bedrock:InvokeAgent appears only when agent aliases are configured.
                    const want = [...expected[key]];
                    if (key === "agentcore" && actions.includes("bedrock:InvokeAgent"))
                        want.push("bedrock:InvokeAgent");
                    assert.deepStrictEqual(actions, want.sort(), `${stack} ${f[key].label}`);
                    assert.ok(
                        actions.every((a) => !a.includes("*")),
                        `${f[key].label}: wildcard action`,
                    );
                }
                assert.notStrictEqual(f.bff.arn, f.agentcore.arn);
                assert.notStrictEqual(f.bff.arn, f.execution.arn);
            });

            it("T044 BFF task role: reads its /<project>/<stack>/bff/ parameters and the database login, writes its log group", async () => {
                assert.ok(f.bffParameterArns.length > 0, "no BFF parameter in the graph");
                await assertDecisions(
                    f,
                    f.bff,
                    [
                        ...f.bffParameterArns.map((arn) => ({
                            what: "read own parameter",
                            action: "ssm:GetParameter",
                            resource: arn,
                        })),
                        {
                            what: "decrypt own SecureStrings via SSM",
                            action: "kms:Decrypt",
                            resource: f.parametersKeyArn,
                            context: viaSsm(f),
                        },
                        { what: "write own logs", action: "logs:PutLogEvents", resource: logStream(f, f.bffContainer) },
                        {
                            what: "create own log stream",
                            action: "logs:CreateLogStream",
                            resource: logStream(f, f.bffContainer),
                        },
                        {
                            what: "read the database login",
                            action: "secretsmanager:GetSecretValue",
                            resource: f.databaseSecretArn,
                        },
                    ],
                    "Allowed",
                );
            });

            it("T044 AgentCore task role: invokes the configured model, reads/writes agent-data/, reads its parameters and the database login", async () => {
                const objects = `arn:aws:s3:::${f.agentBucket}/${f.agentPrefix}`;
                await assertDecisions(
                    f,
                    f.agentcore,
                    [
                        ...f.modelArns.map((arn) => ({
                            what: "invoke the configured model",
                            action: "bedrock:InvokeModel",
                            resource: arn,
                        })),
                        { what: "read agent data", action: "s3:GetObject", resource: `${objects}sessions/42.json` },
                        { what: "write agent data", action: "s3:PutObject", resource: `${objects}sessions/42.json` },
                        {
                            what: "list agent data",
                            action: "s3:ListBucket",
                            resource: `arn:aws:s3:::${f.agentBucket}`,
                            context: { "s3:prefix": `${f.agentPrefix}sessions/` },
                        },
                        ...f.agentParameterArns.map((arn) => ({
                            what: "read own parameter",
                            action: "ssm:GetParameter",
                            resource: arn,
                        })),
                        {
                            what: "write own logs",
                            action: "logs:PutLogEvents",
                            resource: logStream(f, f.agentContainer),
                        },
                        {
                            what: "read the database login",
                            action: "secretsmanager:GetSecretValue",
                            resource: f.databaseSecretArn,
                        },
                    ],
                    "Allowed",
                );
            });

            it("T044 execution role: ECR token, pulls both images, writes both log groups, resolves the stack's secrets", async () => {
                const secrets = [...(f.bffContainer.secrets ?? []), ...(f.agentContainer.secrets ?? [])].map(
                    (s) => s.valueFrom,
                );
                assert.ok(secrets.length > 0, "no container secrets");
                await assertDecisions(
                    f,
                    f.execution,
                    [
                        { what: "get an ECR token", action: "ecr:GetAuthorizationToken", resource: "*" },
                        { what: "pull the app image", action: "ecr:BatchGetImage", resource: f.appRepositoryArn },
                        { what: "pull the agent image", action: "ecr:BatchGetImage", resource: f.agentRepositoryArn },
                        {
                            what: "download app layers",
                            action: "ecr:GetDownloadUrlForLayer",
                            resource: f.appRepositoryArn,
                        },
                        { what: "write BFF logs", action: "logs:PutLogEvents", resource: logStream(f, f.bffContainer) },
                        {
                            what: "write AgentCore logs",
                            action: "logs:PutLogEvents",
                            resource: logStream(f, f.agentContainer),
                        },
                        ...secrets.map((arn) => ({
                            what: "resolve a container secret",
                            action: "ssm:GetParameters",
                            resource: arn,
                        })),
                        {
                            what: "decrypt secrets via SSM",
                            action: "kms:Decrypt",
                            resource: f.parametersKeyArn,
                            context: viaSsm(f),
                        },
                    ],
                    "Allowed",
                );
            });

            it("T044 no role may delete, pass roles, change services, cross stacks, leave its prefix/repos/key/secret, assume or create roles", async () => {
                for (const role of [f.bff, f.agentcore, f.execution])
                    await assertDecisions(f, role, mustNotTable(f), "denied");
            });

            it("T044 the BFF may not invoke Bedrock, touch agent data or read AgentCore's parameters", async () => {
                await assertDecisions(
                    f,
                    f.bff,
                    [
                        ...f.modelArns.map((arn) => ({
                            what: "invoke a model",
                            action: "bedrock:InvokeModel",
                            resource: arn,
                        })),
                        {
                            what: "read agent data",
                            action: "s3:GetObject",
                            resource: `arn:aws:s3:::${f.agentBucket}/${f.agentPrefix}x`,
                        },
                        ...f.agentParameterArns.map((arn) => ({
                            what: "read AgentCore's parameter",
                            action: "ssm:GetParameter",
                            resource: arn,
                        })),
                        { what: "pull an image", action: "ecr:BatchGetImage", resource: f.appRepositoryArn },
                    ],
                    "denied",
                );
            });

            it("T044 AgentCore may not invoke other models, list outside agent-data/ or read the BFF's parameters", async () => {
                await assertDecisions(
                    f,
                    f.agentcore,
                    [
                        {
                            what: "invoke an unconfigured model",
                            action: "bedrock:InvokeModel",
                            resource: `arn:aws:bedrock:${f.region}::foundation-model/anthropic.claude-3-opus-20240229-v1:0`,
                        },
                        {
                            what: "list the whole bucket",
                            action: "s3:ListBucket",
                            resource: `arn:aws:s3:::${f.agentBucket}`,
                            context: { "s3:prefix": "" },
                        },
                        ...f.bffParameterArns.map((arn) => ({
                            what: "read the BFF's parameter",
                            action: "ssm:GetParameter",
                            resource: arn,
                        })),
                        {
                            what: "write the BFF's logs",
                            action: "logs:PutLogEvents",
                            resource: logStream(f, f.bffContainer),
                        },
                    ],
                    "denied",
                );
            });

            it("T044 the execution role may not read secrets itself (SSM or the database login) nor touch agent data or Bedrock", async () => {
                await assertDecisions(
                    f,
                    f.execution,
                    [
                        ...f.bffParameterArns.map((arn) => ({
                            what: "GetParameter (not ECS's call)",
                            action: "ssm:GetParameter",
                            resource: arn,
                        })),
                        {
                            what: "read agent data",
                            action: "s3:GetObject",
                            resource: `arn:aws:s3:::${f.agentBucket}/${f.agentPrefix}x`,
                        },
                        ...f.modelArns.map((arn) => ({
                            what: "invoke a model",
                            action: "bedrock:InvokeModel",
                            resource: arn,
                        })),
                        {
                            what: "read the database login (the apps' to read, not ECS's)",
                            action: "secretsmanager:GetSecretValue",
                            resource: f.databaseSecretArn,
                        },
                    ],
                    "denied",
                );
            });
        });
    }
});
