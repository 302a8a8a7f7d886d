/**
 * The three IAM roles of the tasks (components/task-roles.ts) as the task definitions use them:
 * every grant, action by action with its resources, is compared to exactly what the seed asks for,
 * so a missing permission and an excess one both fail. Documents are read through the policy
 * pack's IAM normaliser.
 */
import * as assert from "assert";
import { answerInvoke, EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { actionExists } from "../../policy-pack/lib/iam-facts";
import { NormalisedStatement } from "../../policy-pack/lib/iam-document";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { ACCOUNT, COMPONENTS, REGION, serviceParts } from "../support/architecture";
import { AGENT_ALIAS_ARN, getConfiguredDev } from "../support/variants";
import {
    childOf,
    childrenOf,
    component,
    containersOf,
    input,
    inlinePoliciesOf,
    logGroupOf,
    named,
    ofType,
    output,
    referencedOne,
    resourcePatternCovers,
    single,
    statementsOf,
} from "../support/graph";
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { BUCKET_PURPOSE_TAG } from "../../policy-pack/lib/bucket-purpose";

interface Roles {
    execution: EvaluatedResource;
    bff: EvaluatedResource;
    agentcore: EvaluatedResource;
}

/** The roles as the task definitions wire them (not by name). */
function rolesOf(stack: EvaluatedStack): Roles {
    const bff = serviceParts(stack, "bff").taskDefinition;
    const agentcore = serviceParts(stack, "agentcore").taskDefinition;
    const execution = referencedOne(stack, bff, "executionRoleArn", AWS_TYPE.iam.Role);
    assert.strictEqual(referencedOne(stack, agentcore, "executionRoleArn", AWS_TYPE.iam.Role).urn, execution.urn);
    return {
        execution,
        bff: referencedOne(stack, bff, "taskRoleArn", AWS_TYPE.iam.Role),
        agentcore: referencedOne(stack, agentcore, "taskRoleArn", AWS_TYPE.iam.Role),
    };
}

/** The statements of the role's single inline policy. */
function permissionsOf(stack: EvaluatedStack, role: EvaluatedResource): readonly NormalisedStatement[] {
    const policies = inlinePoliciesOf(stack, role);
    assert.strictEqual(policies.length, 1, `${role.name}: ${policies.length} inline policies`);
    return statementsOf(policies[0], "policy");
}

/** action -> sorted resources it is granted on (all statements must be plain Allow + Action + Resource). */
function grants(statements: readonly NormalisedStatement[]): Record<string, string[]> {
    const out: Record<string, Set<string>> = {};
    for (const s of statements) {
        assert.strictEqual(s.effect, "Allow", `statement ${s.sid}`);
        assert.deepStrictEqual(s.notActions, [], `statement ${s.sid} uses NotAction`);
        assert.deepStrictEqual(s.notResources, [], `statement ${s.sid} uses NotResource`);
        for (const action of s.actions) {
            out[action] ??= new Set();
            for (const resource of s.resources) out[action].add(resource);
        }
    }
    return Object.fromEntries(
        Object.entries(out)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([a, r]) => [a, [...r].sort()]),
    );
}

function statementGranting(statements: readonly NormalisedStatement[], action: string): NormalisedStatement {
    const found = statements.filter((s) => s.actions.includes(action));
    assert.strictEqual(found.length, 1, `${action} granted by ${found.length} statements`);
    return found[0];
}

/** The Secrets Manager secret RDS keeps the database's master login in. */
function databaseLoginArn(stack: EvaluatedStack): string {
    const arn = output(single(stack, AWS_TYPE.rds.Instance), "masterUserSecrets", 0, "secretArn");
    assert.match(arn, new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-`));
    return arn;
}

function expectedGrants(stack: EvaluatedStack, stackName: string, agentAliasArns: string[] = []) {
    const ssm = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/ecs-platform/${stackName}/${path}`;
    const storage = component(stack, COMPONENTS.storage, "storage");
    const repositoryArn = (name: string) => output(named(stack, AWS_TYPE.ecr.Repository, name), "arn");
    const logs = (key: "bff" | "agentcore") =>
        `${output(logGroupOf(stack, serviceParts(stack, key).taskDefinition), "arn")}:*`;
    const keyArn = output(
        childOf(stack, component(stack, COMPONENTS.parameters, "parameters"), AWS_TYPE.kms.Key),
        "arn",
    );
    const bucketArn = output(
        childrenOf(stack, storage, AWS_TYPE.s3.Bucket).find((b) => input(b, "tags", BUCKET_PURPOSE_TAG) === "data")!,
        "arn",
    );
    const bedrock = JSON.parse(stack.config["ecs-platform:bedrock"]);
    // Each inference profile grants itself and the foundation model of every Region it routes to,
    // as the provider's look-up (answered offline by answerInvoke) reports them.
    const ctx = { accountId: ACCOUNT, region: REGION, partition: "aws" };
    const modelArns: string[] = [
        ...((bedrock.inferenceProfileIds ?? []) as string[]).flatMap((id) => [
            `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${id}`,
            ...(
                answerInvoke(AWS_INVOKE.bedrock.getInferenceProfile, { inferenceProfileId: id }, ctx).models as {
                    modelArn: string;
                }[]
            ).map((m) => m.modelArn),
        ]),
        ...((bedrock.modelArns ?? []) as string[]),
    ];
    const repos = [repositoryArn("storage-app"), repositoryArn("storage-agent")].sort();
    // The RDS-managed master secret: both apps read the login at run time, and only that secret.
    const loginArn = databaseLoginArn(stack);
    const serviceRole = (key: "bff" | "agentcore") => ({
        "kms:Decrypt": [keyArn],
        "secretsmanager:GetSecretValue": [loginArn],
        "logs:CreateLogStream": [logs(key)],
        "logs:PutLogEvents": [logs(key)],
        "ssm:GetParameter": [ssm(`${key}/*`)],
        "ssm:GetParameters": [ssm(`${key}/*`)],
        "ssm:GetParametersByPath": [ssm(key), ssm(`${key}/*`)].sort(),
    });
    const sorted = (o: Record<string, string[]>) =>
        Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    return {
        execution: sorted({
            "ecr:BatchCheckLayerAvailability": repos,
            "ecr:BatchGetImage": repos,
            "ecr:GetAuthorizationToken": ["*"],
            "ecr:GetDownloadUrlForLayer": repos,
            "kms:Decrypt": [keyArn],
            "logs:CreateLogStream": [logs("agentcore"), logs("bff")].sort(),
            "logs:PutLogEvents": [logs("agentcore"), logs("bff")].sort(),
            "ssm:GetParameters": [ssm("*")],
        }),
        bff: sorted(serviceRole("bff")),
        agentcore: sorted({
            ...serviceRole("agentcore"),
            "bedrock:InvokeModel": [...modelArns].sort(),
            "bedrock:InvokeModelWithResponseStream": [...modelArns].sort(),
            ...(agentAliasArns.length > 0 ? { "bedrock:InvokeAgent": [...agentAliasArns].sort() } : {}),
            "s3:GetObject": [`${bucketArn}/agent-data/*`],
            "s3:ListBucket": [bucketArn],
            "s3:PutObject": [`${bucketArn}/agent-data/*`],
        }),
    };
}

for (const stackName of STACKS) {
    describe(`T026 T044 TaskRoles (${stackName})`, () => {
        let stack: EvaluatedStack;
        let roles: Roles;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
            roles = rolesOf(stack);
        });

        it("T003 T018 T019 three distinct roles: one execution role, one task role per service", () => {
            const urns = new Set([roles.execution.urn, roles.bff.urn, roles.agentcore.urn]);
            assert.strictEqual(urns.size, 3);
            // Any other role is ECS's own infrastructure role of a traffic-shifting deployment (deployment.spec.ts),
            // which tasks never assume.
            const others = ofType(stack, AWS_TYPE.iam.Role).filter((r) => !urns.has(r.urn));
            for (const other of others) {
                const principals = statementsOf(other, "assumeRolePolicy").flatMap((st) => st.principals);
                assert.deepStrictEqual(principals, [{ kind: "Service", value: "ecs.amazonaws.com" }], other.name);
            }
            assert.strictEqual(others.length, stackName === "dev" ? 0 : 1);
        });

        it("T003 execution role: ecr:GetAuthorizationToken on * (it has no resource-level form), and only it", () => {
            const statements = permissionsOf(stack, roles.execution);
            const token = statementGranting(statements, "ecr:GetAuthorizationToken");
            assert.deepStrictEqual(token.actions, ["ecr:GetAuthorizationToken"]);
            assert.deepStrictEqual(token.resources, ["*"]);
            for (const role of Object.values(roles)) {
                for (const s of permissionsOf(stack, role)) {
                    if (s.resources.includes("*")) assert.deepStrictEqual(s.actions, ["ecr:GetAuthorizationToken"]);
                }
            }
        });

        it("T003 T004 T005 T052 execution role grants exactly image pull, log writes, the stack's parameters and their key", () => {
            assert.deepStrictEqual(
                grants(permissionsOf(stack, roles.execution)),
                expectedGrants(stack, stackName).execution,
            );
        });

        it("T005 T052 execution role can resolve every container secret, through SSM only", () => {
            const statements = permissionsOf(stack, roles.execution);
            const [pattern] = statementGranting(statements, "ssm:GetParameters").resources;
            for (const key of ["bff", "agentcore"] as const) {
                const [container] = containersOf(serviceParts(stack, key).taskDefinition);
                assert.ok(container.secrets.length > 0, `${key} has no secrets`);
                for (const secret of container.secrets) {
                    assert.ok(
                        resourcePatternCovers(pattern, secret.valueFrom),
                        `${pattern} misses ${secret.valueFrom}`,
                    );
                }
            }
            const decrypt = statementGranting(statements, "kms:Decrypt");
            assert.deepStrictEqual(decrypt.conditions, {
                StringEquals: { "kms:ViaService": [`ssm.${REGION}.amazonaws.com`] },
            });
        });

        it("T018 T041 BFF task role: its own log group and parameters, the database login, nothing else", () => {
            assert.deepStrictEqual(grants(permissionsOf(stack, roles.bff)), expectedGrants(stack, stackName).bff);
            const [agentcoreContainer] = containersOf(serviceParts(stack, "agentcore").taskDefinition);
            for (const s of permissionsOf(stack, roles.bff)) {
                for (const pattern of s.resources) {
                    for (const secret of agentcoreContainer.secrets) {
                        assert.ok(
                            !resourcePatternCovers(pattern, secret.valueFrom),
                            `BFF can read ${secret.valueFrom}`,
                        );
                    }
                }
            }
        });

        it("T019 T042 AgentCore task role: Bedrock invoke, agent-data in S3, its own logs and parameters, the database login, nothing else", () => {
            assert.deepStrictEqual(
                grants(permissionsOf(stack, roles.agentcore)),
                expectedGrants(stack, stackName).agentcore,
            );
            const list = statementGranting(permissionsOf(stack, roles.agentcore), "s3:ListBucket");
            assert.deepStrictEqual(list.conditions, { StringLike: { "s3:prefix": ["agent-data/*"] } });
        });

        it("T018 T019 both task roles read the database login: one statement, GetSecretValue on the RDS secret only", () => {
            const db = single(stack, AWS_TYPE.rds.Instance);
            for (const role of [roles.bff, roles.agentcore]) {
                const statements = permissionsOf(stack, role);
                const login = statementGranting(statements, "secretsmanager:GetSecretValue");
                assert.strictEqual(login.sid, "ReadDatabaseLogin", role.name);
                assert.deepStrictEqual(login.actions, ["secretsmanager:GetSecretValue"], role.name);
                assert.deepStrictEqual(login.resources, [databaseLoginArn(stack)], role.name);
                assert.deepStrictEqual(login.conditions, {}, role.name);
                // The ARN is the instance's own output, not a name guessed in code.
                const [policy] = inlinePoliciesOf(stack, role);
                assert.ok(policy.propertyDependencies.policy.includes(db.urn), `${role.name}: not from the instance`);
                assert.ok(
                    !statements.some((s) => s !== login && s.actions.some((a) => a.startsWith("secretsmanager:"))),
                );
            }
            // ECS resolves only SSM parameters: the execution role never touches Secrets Manager.
            for (const s of permissionsOf(stack, roles.execution)) {
                assert.ok(!s.actions.some((a) => a.startsWith("secretsmanager:")), `execution role: ${s.actions}`);
            }
        });

        it("T042 Bedrock actions use the IAM prefix bedrock:, never the API endpoint names", () => {
            for (const role of Object.values(roles)) {
                for (const s of permissionsOf(stack, role)) {
                    for (const action of s.actions) {
                        assert.ok(!/^bedrock-(agent-)?runtime:/i.test(action), `${role.name}: ${action}`);
                        assert.ok(actionExists(action), `${role.name}: ${action} is not an IAM action`);
                    }
                }
            }
        });

        it("T043 no role may delete, update, modify or re-permission anything", () => {
            for (const role of Object.values(roles)) {
                for (const s of permissionsOf(stack, role)) {
                    for (const action of s.actions) {
                        // A wildcard could expand to any of the forbidden verbs.
                        assert.ok(!/[*?]/.test(action), `${role.name}: wildcard action ${action}`);
                        assert.ok(!/^iam:/i.test(action), `${role.name}: ${action}`);
                        assert.ok(!/:(Delete|Update|Modify)/i.test(action), `${role.name}: ${action}`);
                        assert.ok(!/:Put\w*Policy$/i.test(action), `${role.name}: ${action}`);
                    }
                }
            }
        });

        it("T003 T043 no managed policies: every permission is an inline, reviewed document", () => {
            for (const role of Object.values(roles)) {
                assert.ok(!(role.inputs.managedPolicyArns as unknown[] | undefined)?.length, role.name);
                assert.strictEqual(role.inputs.inlinePolicies, undefined, role.name);
            }
            for (const type of [AWS_TYPE.iam.PolicyAttachment, AWS_TYPE.iam.Policy]) {
                assert.deepStrictEqual(ofType(stack, type), [], type);
            }
            // The one attachment: ECS's infrastructure role gets the managed policy AWS made for it.
            const taskRoleUrns = new Set(Object.values(roles).map((r) => r.urn));
            for (const attachment of ofType(stack, AWS_TYPE.iam.RolePolicyAttachment)) {
                assert.strictEqual(
                    input(attachment, "policyArn"),
                    "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
                );
                const role = referencedOne(stack, attachment, "role", AWS_TYPE.iam.Role);
                assert.ok(!taskRoleUrns.has(role.urn), "a task role has a managed policy");
            }
        });

        it("T003 T018 T019 only ECS tasks of this account can assume the roles", () => {
            for (const [which, role] of Object.entries(roles)) {
                const statements = statementsOf(role, "assumeRolePolicy");
                assert.strictEqual(statements.length, 1, which);
                const [s] = statements;
                assert.strictEqual(s.effect, "Allow");
                assert.deepStrictEqual(s.actions, ["sts:AssumeRole"]);
                assert.deepStrictEqual(s.principals, [{ kind: "Service", value: "ecs-tasks.amazonaws.com" }]);
                assert.deepStrictEqual(s.conditions.StringEquals, { "aws:SourceAccount": [ACCOUNT] }, which);
                if (which !== "execution") {
                    assert.deepStrictEqual(s.conditions.ArnLike, {
                        "aws:SourceArn": [`arn:aws:ecs:${REGION}:${ACCOUNT}:*`],
                    });
                }
            }
        });
    });
}

describe("TaskRoles (dev with a Bedrock agent alias configured)", () => {
    let stack: EvaluatedStack;
    before(async function () {
        this.timeout(120_000);
        stack = await getConfiguredDev();
    });

    it("T019 T042 AgentCore may invoke the configured agent alias with bedrock:InvokeAgent, and nothing more", () => {
        const roles = rolesOf(stack);
        assert.deepStrictEqual(
            grants(permissionsOf(stack, roles.agentcore)),
            expectedGrants(stack, "dev", [AGENT_ALIAS_ARN]).agentcore,
        );
        const invokeAgent = statementGranting(permissionsOf(stack, roles.agentcore), "bedrock:InvokeAgent");
        assert.deepStrictEqual(invokeAgent.resources, [AGENT_ALIAS_ARN]);
    });
});
