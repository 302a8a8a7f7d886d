/**
 * The two Fargate task definitions (components/fargate-task-definition.ts) on every stack: size per
 * environment, roles, the single hardened container, its image, its logs and its secrets.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { FARGATE_MAX_STOP_TIMEOUT_SECONDS } from "../../policy-pack/lib/aws-limits";
import { isUnknown, UNKNOWN_SENTINELS } from "../../policy-pack/lib/known-values";
import { getEvaluatedStack, StackName, STACKS } from "../support/evaluated-stacks";
import {
    ACCOUNT,
    agentcoreDiscovery,
    COMPONENTS,
    REGION,
    SERVICE_KEYS,
    ServiceKey,
    serviceParts,
    SERVICES,
} from "../support/architecture";
import {
    childOf,
    component,
    containersOf,
    input,
    isSecret,
    logGroupOf,
    named,
    ofType,
    output,
    referencedOne,
} from "../support/graph";

/** T001: cpu units / MiB per environment, both services. */
const SIZES: Record<StackName, { cpu: string; memory: string }> = {
    dev: { cpu: "512", memory: "1024" },
    test: { cpu: "1024", memory: "2048" },
    prod: { cpu: "2048", memory: "4096" },
};

/** The container secrets each service receives: its own SecureStrings and the database connection. */
const SECRET_NAMES: Record<ServiceKey, string[]> = {
    bff: ["DATABASE_CONNECTION", "SESSION_SECRET"],
    agentcore: ["AGENT_API_KEY", "DATABASE_CONNECTION"],
};

/** Every value in the stack that is a secret (SSM values, generated passwords): none may leak into env. */
function secretValues(stack: EvaluatedStack): string[] {
    const values: string[] = [];
    for (const r of stack.resources) {
        for (const v of Object.values(r.outputs)) if (isSecret(v) && typeof v.value === "string") values.push(v.value);
        if (r.type === "random:index/randomPassword:RandomPassword") values.push(String(r.outputs.result));
    }
    return values;
}

for (const stackName of STACKS) {
    describe(`T026 FargateTaskDefinition (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it(`T001 both task definitions are sized ${SIZES[stackName].cpu} CPU / ${SIZES[stackName].memory} MiB`, () => {
            assert.strictEqual(ofType(stack, AWS_TYPE.ecs.TaskDefinition).length, 2);
            for (const key of SERVICE_KEYS) {
                const { taskDefinition } = serviceParts(stack, key);
                assert.strictEqual(input(taskDefinition, "cpu"), SIZES[stackName].cpu, key);
                assert.strictEqual(input(taskDefinition, "memory"), SIZES[stackName].memory, key);
            }
        });

        const perService = (key: ServiceKey) => {
            const { port, repository } = SERVICES[key];

            it(`${key}: Fargate, awsvpc, family ${stackName}-${key}, execution and task role wired`, () => {
                const { taskDefinition } = serviceParts(stack, key);
                assert.strictEqual(input(taskDefinition, "networkMode"), "awsvpc");
                assert.deepStrictEqual(input(taskDefinition, "requiresCompatibilities"), ["FARGATE"]);
                assert.strictEqual(input(taskDefinition, "family"), `${stackName}-${key}`);
                const execution = referencedOne(stack, taskDefinition, "executionRoleArn", AWS_TYPE.iam.Role);
                const task = referencedOne(stack, taskDefinition, "taskRoleArn", AWS_TYPE.iam.Role);
                assert.notStrictEqual(execution.urn, task.urn, "the app must not run with the execution role");
                assert.strictEqual(input(taskDefinition, "executionRoleArn"), output(execution, "arn"));
                assert.strictEqual(input(taskDefinition, "taskRoleArn"), output(task, "arn"));
            });

            it(`${key}: one essential container listening on tcp ${port}`, () => {
                const containers = containersOf(serviceParts(stack, key).taskDefinition);
                assert.strictEqual(containers.length, 1);
                const [c] = containers;
                assert.strictEqual(c.name, key);
                assert.strictEqual(c.essential, true);
                assert.deepStrictEqual(c.portMappings, [{ containerPort: port, protocol: "tcp" }]);
                assert.ok(c.healthCheck?.command?.join(" ").includes(`:${port}/`), "health check on the app port");
            });

            it(`${key}: image from the ${repository} repository of this stack`, () => {
                const { taskDefinition } = serviceParts(stack, key);
                const [c] = containersOf(taskDefinition);
                const repo = named(stack, AWS_TYPE.ecr.Repository, repository);
                const url = output(repo, "repositoryUrl");
                assert.match(url, new RegExp(`^${ACCOUNT}\\.dkr\\.ecr\\.${REGION}\\.amazonaws\\.com/`));
                // No image tag configured in the stack files: the bootstrap tag, never pulled (0 tasks).
                assert.strictEqual(c.image, `${url}:bootstrap`);
                assert.ok(taskDefinition.propertyDependencies.containerDefinitions.includes(repo.urn));
            });

            it(`T020 T021 ${key}: awslogs to its own log group, kept 7 days`, () => {
                const { taskDefinition } = serviceParts(stack, key);
                const [c] = containersOf(taskDefinition);
                assert.strictEqual(c.logConfiguration.logDriver, "awslogs");
                assert.strictEqual(c.logConfiguration.options["awslogs-region"], REGION);
                assert.ok(c.logConfiguration.options["awslogs-stream-prefix"], "stream prefix");
                const group = logGroupOf(stack, taskDefinition);
                assert.strictEqual(input(group, "retentionInDays"), 7);
                assert.strictEqual(input(group, "name"), `/ecs/ecs-platform/${stackName}/${key}`);
            });

            it(`${key}: read-only root filesystem, non-root user, unprivileged, stops within ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} s`, () => {
                const [c] = containersOf(serviceParts(stack, key).taskDefinition);
                assert.strictEqual(c.readonlyRootFilesystem, true);
                assert.ok(typeof c.user === "string" && c.user.length > 0, "user is not set (defaults to root)");
                const [uid] = c.user.split(":");
                assert.ok(uid !== "0" && uid !== "root", `runs as ${c.user}`);
                assert.notStrictEqual(c.privileged, true);
                assert.ok(typeof c.stopTimeout === "number" && c.stopTimeout <= FARGATE_MAX_STOP_TIMEOUT_SECONDS);
            });

            it(`T052 ${key}: secrets come from this stack's SSM parameters; no secret in the environment`, () => {
                const { taskDefinition } = serviceParts(stack, key);
                const [c] = containersOf(taskDefinition);
                assert.ok(Array.isArray(c.secrets), "no secrets");
                assert.deepStrictEqual(c.secrets.map((s: { name: string }) => s.name).sort(), SECRET_NAMES[key]);
                const parameters = ofType(stack, AWS_TYPE.ssm.Parameter);
                const connection = childOf(
                    stack,
                    component(stack, COMPONENTS.database, "database"),
                    AWS_TYPE.ssm.Parameter,
                );
                for (const secret of c.secrets) {
                    assert.deepStrictEqual(Object.keys(secret).sort(), ["name", "valueFrom"]);
                    // Its own SecureStrings under /<stack>/<service>/; the one shared value is the
                    // Database component's connection parameter, never another service's path.
                    const path =
                        secret.name === "DATABASE_CONNECTION"
                            ? `/ecs-platform/${stackName}/database/connection`
                            : `/ecs-platform/${stackName}/${key}/[\\w./-]+`;
                    const match = new RegExp(`^arn:aws:ssm:${REGION}:${ACCOUNT}:parameter(${path})$`).exec(
                        secret.valueFrom,
                    );
                    assert.ok(match, `${secret.name}: ${secret.valueFrom}`);
                    const parameter = parameters.find((p) => input(p, "name") === match[1]);
                    assert.ok(parameter, `${secret.valueFrom} names no parameter of this stack`);
                    if (secret.name === "DATABASE_CONNECTION") assert.strictEqual(parameter.urn, connection.urn);
                    // ECS resolves secrets at task start: the definition must wait for the parameter.
                    assert.ok(
                        taskDefinition.propertyDependencies.containerDefinitions.includes(parameter.urn),
                        `${secret.name}: the task definition does not wait for ${parameter.name}`,
                    );
                }
                const secrets = secretValues(stack);
                assert.ok(secrets.length >= 2, "the stack's secret values were not found");
                for (const { name, value } of c.environment) {
                    assert.ok(!/SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|CREDENTIAL/i.test(name), `env ${name}`);
                    assert.ok(!secrets.includes(value), `env ${name} holds a secret value`);
                }
            });
        };
        describe(`T022 T050 bff task definition (${stackName})`, () => perService("bff"));
        describe(`T023 T051 agentcore task definition (${stackName})`, () => perService("agentcore"));

        it("T022 T034 BFF reaches AgentCore at http://agentcore.local:8080, the name Cloud Map serves", () => {
            const [bff] = containersOf(serviceParts(stack, "bff").taskDefinition);
            const env = Object.fromEntries(
                bff.environment.map((e: { name: string; value: string }) => [e.name, e.value]),
            );
            assert.strictEqual(env.AGENTCORE_URL, "http://agentcore.local:8080");
            const { discovery, namespace } = agentcoreDiscovery(stack);
            const [agentcore] = containersOf(serviceParts(stack, "agentcore").taskDefinition);
            const url = `http://${input(discovery, "name")}.${input(namespace, "name")}:${agentcore.portMappings[0].containerPort}`;
            assert.strictEqual(env.AGENTCORE_URL, url);
        });
    });
}

/**
 * The policies run at preview; the container checks can only decide when the definitions are known
 * there. Everything in them is computed from names (explicit repositories `ecs-platform-<stack>/app`
 * and `/agent`, parameter ARNs), so the first preview of a new stack already shows them in full.
 */
describe("FargateTaskDefinition (dev, first preview)", () => {
    let stack: EvaluatedStack;
    before(async () => {
        stack = await getEvaluatedStack("dev", true);
    });

    const REPOSITORY_NAMES: Record<ServiceKey, string> = {
        bff: "ecs-platform-dev/app",
        agentcore: "ecs-platform-dev/agent",
    };
    const ssmArn = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/ecs-platform/dev/${path}`;
    const SECRETS: Record<ServiceKey, { name: string; valueFrom: string }[]> = {
        bff: [
            { name: "DATABASE_CONNECTION", valueFrom: ssmArn("database/connection") },
            { name: "SESSION_SECRET", valueFrom: ssmArn("bff/session-secret") },
        ],
        agentcore: [
            { name: "AGENT_API_KEY", valueFrom: ssmArn("agentcore/api-key") },
            { name: "DATABASE_CONNECTION", valueFrom: ssmArn("database/connection") },
        ],
    };

    for (const key of SERVICE_KEYS) {
        it(`${key}: container definitions are known, with their image and secrets`, () => {
            const { taskDefinition } = serviceParts(stack, key);
            const raw = input(taskDefinition, "containerDefinitions");
            assert.ok(!isUnknown(raw), "containerDefinitions is the unknown sentinel");
            assert.strictEqual(typeof raw, "string");
            for (const sentinel of UNKNOWN_SENTINELS) assert.ok(!raw.includes(sentinel), `holds ${sentinel}`);
            const [c] = containersOf(taskDefinition);
            assert.strictEqual(
                c.image,
                `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY_NAMES[key]}:bootstrap`,
            );
            assert.deepStrictEqual(c.secrets, SECRETS[key]);
        });
    }
});
