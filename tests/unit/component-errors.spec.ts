/**
 * Every argument check a component makes, triggered: the error is a ResourceError that names the
 * component (`type (name): ...`, as the CLI prints it), and the component registers no child.
 * Config validation rejects these shapes first; these checks answer direct callers of the components.
 */
import * as assert from "assert";
import { EvaluateOptions, EvaluationError, evaluateStack } from "../../offline/evaluate";
import * as pulumi from "@pulumi/pulumi";
import { edgeWaf } from "../../components/edge-waf";
import { serviceConnectConfiguration } from "../../components/service-connect";
import { AWS_INVOKE } from "../../policy-pack/lib/aws-types";
import { Edge } from "../../components/edge";
import { Network } from "../../components/network";
import { TaskRoles } from "../../components/task-roles";
import { EdgeSettings } from "../../config/schema";

const ACCOUNT = "123456789012";
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0f0e0d0c-0b0a-0908-0706-050403020100`;

/** Evaluates `build` as the whole program and returns the evaluation error. */
async function failureOf(build: () => void, options: Partial<EvaluateOptions> = {}): Promise<EvaluationError> {
    try {
        await evaluateStack({ ...options, stack: "dev", program: async () => build() });
    } catch (e) {
        assert.ok(e instanceof EvaluationError, String(e));
        return e;
    }
    return assert.fail("the evaluation succeeded");
}

function assertComponentError(e: EvaluationError, typeToken: string, name: string, message: RegExp): void {
    assert.strictEqual(e.causes.length, 1, e.message);
    assert.ok(e.causes[0].message.startsWith(`${typeToken} (${name}): `), e.causes[0].message);
    assert.match(e.causes[0].message, message);
    const children = e.resources.filter((r) => r.parent !== undefined && r.parent.endsWith(`${typeToken}::${name}`));
    assert.deepStrictEqual(children, [], "the component registered children before failing");
}

const edgeSettings = (overrides: Partial<EdgeSettings>): EdgeSettings => ({
    mode: "publicAlb",
    allowedCidrs: [],
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    viewerTlsPolicy: "TLSv1.2_2021",
    waf: { enabled: true, action: "count", rateLimit: 2000, rateWindowSeconds: 300, excludedRules: [] },
    ...overrides,
});

describe("component argument checks fail as ResourceErrors naming the component", function () {
    this.timeout(60_000);

    it("Network: a VPC block narrower than /18 cannot hold the subnet plan", async () => {
        const e = await failureOf(
            () => new Network("net", { cidr: "10.0.0.0/20", region: "us-east-1", serviceConnectEndpoints: false }),
        );
        assertComponentError(
            e,
            Network.typeToken,
            "net",
            /cidr 10\.0\.0\.0\/20 is outside the allowed range: \/16 .* to \/18 \(the narrowest that holds .* index 32\)/,
        );
    });

    it("Network: a VPC block wider than /16 is more than AWS allows", async () => {
        const e = await failureOf(
            () => new Network("net", { cidr: "10.0.0.0/15", region: "us-east-1", serviceConnectEndpoints: false }),
        );
        assertComponentError(
            e,
            Network.typeToken,
            "net",
            /cidr 10\.0\.0\.0\/15 is outside the allowed range: \/16 \(the widest AWS allows for a VPC\)/,
        );
    });

    it("Network: an IPv6 block is not a VPC's primary block", async () => {
        const e = await failureOf(
            () => new Network("net", { cidr: "2001:db8::/56", region: "us-east-1", serviceConnectEndpoints: false }),
        );
        assertComponentError(e, Network.typeToken, "net", /cidr "2001:db8::\/56" is not an IPv4 CIDR block/);
    });

    it("Network: one availability zone is not enough", async () => {
        const e = await failureOf(
            () =>
                new Network("net", {
                    cidr: "10.0.0.0/16",
                    region: "us-east-1",
                    availabilityZones: ["us-east-1a"],
                    serviceConnectEndpoints: false,
                }),
        );
        assertComponentError(e, Network.typeToken, "net", /availabilityZones needs two zones, got 1/);
    });

    it("Edge: CloudFront in front of an HTTPS listener needs the origin's DNS name", async () => {
        const e = await failureOf(
            () =>
                new Edge("edge", {
                    vpcId: "vpc-0123456789abcdef0",
                    publicSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                    privateSubnetIds: ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"],
                    settings: edgeSettings({ certificateArn: CERTIFICATE }),
                    namePrefix: "ecs-platform-dev",
                    logRetentionDays: 7,
                    environment: "dev",
                }),
        );
        assertComponentError(e, Edge.typeToken, "edge", /pass originDomainName .* \(502\)/);
    });

    it("TaskRoles: a service granted Bedrock needs at least one model, profile or agent", async () => {
        const e = await failureOf(
            () =>
                new TaskRoles("roles", {
                    accountId: ACCOUNT,
                    partition: "aws",
                    region: "us-east-1",
                    stack: "dev",
                    services: [
                        {
                            name: "agentcore",
                            displayName: "AgentCore",
                            logGroupName: "/ecs/dev/agentcore",
                            repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/agent`,
                            kind: "internal",
                            grants: {
                                bedrock: true,
                                s3Prefix: "agent-data/",
                                parameters: true,
                                secrets: [],
                                queues: [],
                            },
                            database: false,
                        },
                    ],
                    parameterPathPrefix: "/ecs-platform/dev/",
                    parameterArnPattern: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/ecs-platform/dev/*`,
                    parametersKmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f0e0d0c-0b0a-0908-0706-050403020100`,
                    agentDataBucketArn: "arn:aws:s3:::agent-data",
                    bedrockModelArns: [],
                }),
        );
        assertComponentError(
            e,
            TaskRoles.typeToken,
            "roles",
            /agentcore grant\(s\) bedrock, but bedrockModelArns, bedrockInferenceProfiles and bedrockAgentAliasArns are empty/,
        );
    });

    /** A stand-in parent for the helpers that build part of a component. */
    class Owner extends pulumi.ComponentResource {
        constructor() {
            super("test:index:Owner", "owner");
        }
    }

    it("Network: fewer than two zones left once the excluded zone IDs are set aside (in the look-up's answer)", async () => {
        const e = await failureOf(
            () =>
                new Network("net", {
                    cidr: "10.0.0.0/16",
                    region: "us-east-1",
                    excludedZoneIds: ["use1-az3"],
                    serviceConnectEndpoints: false,
                }),
            {
                invokeAnswers: {
                    [AWS_INVOKE.index.getAvailabilityZones]: () => ({
                        id: "us-east-1",
                        names: ["us-east-1a"],
                        zoneIds: ["use1-az1"],
                    }),
                },
            },
        );
        // Decided on the look-up's answer (an Output): the VPC may exist by then, so only the message is checked.
        assert.ok(e.causes[0].message.startsWith(`${Network.typeToken} (net): `), e.causes[0].message);
        assert.match(e.causes[0].message, /us-east-1 offers 1 zone\(s\) outside use1-az3; the subnet plan needs two/);
    });

    it("edge WAF: an excluded rule of a group the web ACL does not use", async () => {
        const e = await failureOf(() =>
            edgeWaf(new Owner(), "edge", {
                namePrefix: "ecs-platform-dev",
                waf: {
                    enabled: true,
                    action: "count",
                    rateLimit: 2000,
                    rateWindowSeconds: 300,
                    excludedRules: ["AWSManagedRulesSQLiRuleSet/SQLi_BODY"],
                },
                logRetentionDays: 7,
                protect: false,
            }),
        );
        assertComponentError(
            e,
            "test:index:Owner",
            "owner",
            /names a group the web ACL does not use \(AWSManagedRulesSQLiRuleSet\/SQLi_BODY\)/,
        );
    });

    it("Service Connect: a client-server needs a named port mapping in its task definition", async () => {
        const e = await failureOf(() =>
            serviceConnectConfiguration(
                {
                    namespaceArn: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef",
                    server: { dnsName: "agentcore.local", discoveryName: "agentcore-sc" },
                    log: { groupName: "/ecs/ecs-platform/dev/agentcore", region: "us-east-1" },
                },
                {
                    taskDefinitionArn: pulumi.output(
                        "arn:aws:ecs:us-east-1:123456789012:task-definition/dev-agentcore:1",
                    ),
                    containerName: "agentcore",
                    containerPort: 8080,
                    healthCheckPath: "/health",
                    bootstrap: false,
                    portName: undefined,
                },
                new Owner(),
            ),
        );
        assertComponentError(
            e,
            "test:index:Owner",
            "owner",
            /agentcore\.local needs a named port mapping; the task definition of agentcore has none/,
        );
    });
});
