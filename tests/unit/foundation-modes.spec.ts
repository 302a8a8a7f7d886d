/**
 * The compute layer on a foundation it did not create (components/foundation.ts, seed T049, T056,
 * T057): dev evaluated once with every foundation part `existing` (ids in config) and once with
 * every part read from other stacks (`stackReference`). Both describe the same foundation, so the
 * same wiring is expected: no foundation component, the services in the given subnets, the rules
 * naming the given groups, the roles naming the given repositories, key and bucket.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { COMPONENTS, serviceParts } from "../support/architecture";
import {
    containersOf,
    inlinePoliciesOf,
    input,
    ofType,
    referencedOne,
    securityGroupRules,
    single,
    statementsOf,
} from "../support/graph";
import { evaluateVariant } from "../support/variants";
import {
    AGENT_REPO,
    APP_REPO,
    BUCKET,
    DATABASE_SG,
    getExistingFoundationDev,
    KMS_KEY,
    NETWORK,
    STACK_REFERENCE,
    ssm,
} from "../support/foundation-variants";

/** A task group's rules as `egress tcp 443 -> sg-...`, with the given ids as they reach the rules. */
function taskGroupRules(stack: EvaluatedStack, group: EvaluatedResource): string[] {
    return securityGroupRules(stack)
        .filter((r) => r.group?.urn === group.urn)
        .map(({ rule, peerGroup }) => {
            const peer = rule.peers[0];
            const target =
                peerGroup !== undefined
                    ? `group ${peerGroup.name}`
                    : peer.kind === "securityGroup" || peer.kind === "prefixList"
                      ? peer.id
                      : peer.kind;
            return `${rule.direction} ${rule.protocol} ${rule.fromPort} ${target}`;
        })
        .sort();
}

const MODES = [
    { mode: "existing", evaluate: getExistingFoundationDev },
    { mode: "stackReference", evaluate: () => evaluateVariant({ stack: "dev", ...STACK_REFERENCE }) },
];

for (const { mode, evaluate } of MODES) {
    describe(`foundation mode ${mode} (dev)`, () => {
        let stack: EvaluatedStack;
        before(async function () {
            this.timeout(120_000);
            stack = await evaluate();
        });

        it("T049 T056 creates no foundation: no Network, Storage, Parameters or Database component or resource", () => {
            for (const type of [COMPONENTS.network, COMPONENTS.storage, COMPONENTS.parameters, COMPONENTS.database]) {
                assert.deepStrictEqual(ofType(stack, type), [], type);
            }
            for (const type of [
                AWS_TYPE.ec2.Vpc,
                AWS_TYPE.ec2.Subnet,
                AWS_TYPE.ec2.VpcEndpoint,
                AWS_TYPE.ecr.Repository,
                AWS_TYPE.ssm.Parameter,
                AWS_TYPE.rds.Instance,
            ]) {
                assert.deepStrictEqual(ofType(stack, type), [], type);
            }
            // Only the edge's access-log bucket (and its server access log bucket) and the alarm topic's key remain.
            assert.strictEqual(ofType(stack, AWS_TYPE.s3.Bucket).length, 2);
            assert.strictEqual(ofType(stack, AWS_TYPE.kms.Key).length, 1);
            assert.strictEqual(ofType(stack, AWS_TYPE.ecs.Service).length, 2);
        });

        it("T054 T057 services run in the given PrivateApp / PrivateAgent subnets", () => {
            const subnets = (key: "bff" | "agentcore") =>
                input(serviceParts(stack, key).service, "networkConfiguration", "subnets");
            assert.deepStrictEqual(subnets("bff"), NETWORK.appSubnetIds);
            assert.deepStrictEqual(subnets("agentcore"), NETWORK.agentSubnetIds);
        });

        it("T055 T057 the ALB, its group, the target group and the namespace are in the given VPC; the internal ALB in the app subnets", () => {
            const alb = single(stack, AWS_TYPE.lb.LoadBalancer);
            // edge.mode vpcOrigin: the internal ALB shares the BFF's private subnets.
            assert.deepStrictEqual(input(alb, "subnets"), NETWORK.appSubnetIds);
            for (const sg of ofType(stack, AWS_TYPE.ec2.SecurityGroup))
                assert.strictEqual(input(sg, "vpcId"), NETWORK.vpcId);
            assert.strictEqual(input(single(stack, AWS_TYPE.lb.TargetGroup), "vpcId"), NETWORK.vpcId);
            assert.strictEqual(
                input(single(stack, AWS_TYPE.servicediscovery.PrivateDnsNamespace), "vpc"),
                NETWORK.vpcId,
            );
        });

        it("T008 T009 T053 T057 task rules name the given endpoint group, S3 prefix list and database group", () => {
            const group = (key: "bff" | "agentcore") =>
                referencedOne(
                    stack,
                    serviceParts(stack, key).service,
                    "networkConfiguration",
                    AWS_TYPE.ec2.SecurityGroup,
                );
            const bff = group("bff");
            const agentcore = group("agentcore");
            const alb = referencedOne(
                stack,
                single(stack, AWS_TYPE.lb.LoadBalancer),
                "securityGroups",
                AWS_TYPE.ec2.SecurityGroup,
            );
            const common = [
                `egress tcp 443 ${NETWORK.endpointSecurityGroupId}`,
                `egress tcp 443 ${NETWORK.s3PrefixListId}`,
                `egress tcp 5432 ${DATABASE_SG}`,
            ];
            assert.deepStrictEqual(
                taskGroupRules(stack, bff),
                [...common, `egress tcp 8080 group ${agentcore.name}`, `ingress tcp 3000 group ${alb.name}`].sort(),
            );
            assert.deepStrictEqual(
                taskGroupRules(stack, agentcore),
                [...common, `ingress tcp 8080 group ${bff.name}`].sort(),
            );
            // The given groups admit the two task groups back.
            const admitted = (groupId: string) =>
                securityGroupRules(stack)
                    .filter((r) => r.rule.direction === "ingress" && r.rule.securityGroupId === groupId)
                    .map((r) => `${r.rule.fromPort} from ${r.peerGroup?.name}`)
                    .sort();
            assert.deepStrictEqual(admitted(NETWORK.endpointSecurityGroupId), [
                `443 from ${agentcore.name}`,
                `443 from ${bff.name}`,
            ]);
            assert.deepStrictEqual(admitted(DATABASE_SG), [`5432 from ${agentcore.name}`, `5432 from ${bff.name}`]);
        });

        it("T050 T051 T057 images come from the given repositories; the execution role may pull exactly those", () => {
            const image = (key: "bff" | "agentcore") => containersOf(serviceParts(stack, key).taskDefinition)[0].image;
            assert.strictEqual(image("bff"), `${APP_REPO.url}:bootstrap`);
            assert.strictEqual(image("agentcore"), `${AGENT_REPO.url}:bootstrap`);
            const execution = referencedOne(
                stack,
                serviceParts(stack, "bff").taskDefinition,
                "executionRoleArn",
                AWS_TYPE.iam.Role,
            );
            const [policy] = inlinePoliciesOf(stack, execution);
            const pull = statementsOf(policy, "policy").filter((s) => s.actions.includes("ecr:BatchGetImage"));
            assert.strictEqual(pull.length, 1);
            assert.deepStrictEqual([...pull[0].resources].sort(), [AGENT_REPO.arn, APP_REPO.arn].sort());
        });

        it("T052 T057 secrets and the execution role use the given parameter path and key", () => {
            const execution = referencedOne(
                stack,
                serviceParts(stack, "bff").taskDefinition,
                "executionRoleArn",
                AWS_TYPE.iam.Role,
            );
            const statements = statementsOf(inlinePoliciesOf(stack, execution)[0], "policy");
            const resourcesOf = (action: string) =>
                statements.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
            assert.deepStrictEqual(resourcesOf("ssm:GetParameters"), [ssm("*")]);
            assert.deepStrictEqual(resourcesOf("kms:Decrypt"), [KMS_KEY]);
            const secrets = (key: "bff" | "agentcore") =>
                containersOf(serviceParts(stack, key).taskDefinition)[0].secrets.map(
                    (s: { valueFrom: string }) => s.valueFrom,
                );
            assert.deepStrictEqual(secrets("bff"), [ssm("bff/session-secret")]);
            assert.deepStrictEqual(secrets("agentcore"), [ssm("agentcore/api-key")]);
        });

        it("T052 T057 no database wiring: no DATABASE_CONNECTION secret, no ReadDatabaseLogin, no Secrets Manager access", () => {
            // The given database comes as a security group only: nothing says where its login is.
            for (const key of ["bff", "agentcore"] as const) {
                const { taskDefinition } = serviceParts(stack, key);
                const names = containersOf(taskDefinition)[0].secrets.map((s: { name: string }) => s.name);
                assert.ok(!names.includes("DATABASE_CONNECTION"), `${key}: ${names}`);
                const role = referencedOne(stack, taskDefinition, "taskRoleArn", AWS_TYPE.iam.Role);
                const statements = statementsOf(inlinePoliciesOf(stack, role)[0], "policy");
                assert.ok(statements.length > 0, `${key}: no statements`);
                assert.deepStrictEqual(
                    statements.filter((s) => s.sid === "ReadDatabaseLogin").map((s) => s.actions),
                    [],
                    key,
                );
            }
            for (const role of ofType(stack, AWS_TYPE.iam.Role)) {
                for (const policy of inlinePoliciesOf(stack, role)) {
                    for (const s of statementsOf(policy, "policy")) {
                        assert.ok(
                            !s.actions.some((a) => a.startsWith("secretsmanager:")),
                            `${role.name}: ${s.actions}`,
                        );
                    }
                }
            }
        });

        it("T019 T057 AgentCore reads and writes agent-data/ in the given bucket", () => {
            const role = referencedOne(
                stack,
                serviceParts(stack, "agentcore").taskDefinition,
                "taskRoleArn",
                AWS_TYPE.iam.Role,
            );
            const statements = statementsOf(inlinePoliciesOf(stack, role)[0], "policy");
            const put = statements.filter((s) => s.actions.includes("s3:PutObject"));
            assert.deepStrictEqual(
                put.flatMap((s) => s.resources),
                [`arn:aws:s3:::${BUCKET}/agent-data/*`],
            );
            const env = containersOf(serviceParts(stack, "agentcore").taskDefinition)[0].environment;
            assert.ok(
                env.some((e: { name: string; value: string }) => e.name === "AGENT_DATA_BUCKET" && e.value === BUCKET),
            );
        });
    });
}
