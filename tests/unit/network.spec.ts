/**
 * The VPC (components/network.ts) on every stack: the seed's subnet plan over two AZs, no NAT and
 * no internet route from any private tier, and the VPC endpoints the tasks use instead.
 */
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";
import * as assert from "assert";
import { EvaluatedResource, EvaluatedStack, EvaluationError } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { input, ofType, referenced, referencedOne, single } from "../support/graph";
import { REGION } from "../support/architecture";
import { evaluateVariant } from "../support/variants";

const PLAN = {
    public: ["10.0.1.0/24", "10.0.2.0/24"],
    app: ["10.0.11.0/24", "10.0.12.0/24"],
    agent: ["10.0.21.0/24", "10.0.22.0/24"],
    data: ["10.0.31.0/24", "10.0.32.0/24"],
} as const;
const PRIVATE_TIERS = ["app", "agent", "data"] as const;

/** Sorted; secretsmanager: the apps read the database login at run time (no NAT). */
const INTERFACE_SERVICES = [
    "bedrock-agent-runtime",
    "bedrock-runtime",
    "ecr.api",
    "ecr.dkr",
    "logs",
    "secretsmanager",
    "ssm",
    "sts",
];

function subnetsOfTier(stack: EvaluatedStack, tier: keyof typeof PLAN): EvaluatedResource[] {
    return ofType(stack, AWS_TYPE.ec2.Subnet).filter((s) =>
        (PLAN[tier] as readonly string[]).includes(input(s, "cidrBlock")),
    );
}

/** The route table each subnet is associated with. */
function routeTableOf(stack: EvaluatedStack, subnet: EvaluatedResource): EvaluatedResource {
    const associations = ofType(stack, AWS_TYPE.ec2.RouteTableAssociation).filter((a) =>
        referenced(stack, a, "subnetId").includes(subnet),
    );
    assert.strictEqual(associations.length, 1, `${subnet.name}: ${associations.length} route table associations`);
    return referencedOne(stack, associations[0], "routeTableId", AWS_TYPE.ec2.RouteTable);
}

function routesOf(stack: EvaluatedStack, table: EvaluatedResource): EvaluatedResource[] {
    const standalone = ofType(stack, AWS_TYPE.ec2.Route).filter((r) =>
        referenced(stack, r, "routeTableId").includes(table),
    );
    assert.ok(!input(table, "routes")?.length, `${table.name} has inline routes`);
    return standalone;
}

for (const stackName of STACKS) {
    describe(`Network (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T054 one VPC, 10.0.0.0/16, with DNS support and hostnames (endpoints and Cloud Map need both)", () => {
            const vpc = single(stack, AWS_TYPE.ec2.Vpc);
            assert.strictEqual(input(vpc, "cidrBlock"), "10.0.0.0/16");
            assert.strictEqual(input(vpc, "enableDnsSupport"), true);
            assert.strictEqual(input(vpc, "enableDnsHostnames"), true);
        });

        it("T054 subnets: public, PrivateApp, PrivateAgent and data tiers, each across two AZs, no public IPs", () => {
            const all = ofType(stack, AWS_TYPE.ec2.Subnet);
            assert.deepStrictEqual(all.map((s) => input(s, "cidrBlock")).sort(), Object.values(PLAN).flat().sort());
            const vpc = single(stack, AWS_TYPE.ec2.Vpc);
            for (const tier of Object.keys(PLAN) as (keyof typeof PLAN)[]) {
                const subnets = subnetsOfTier(stack, tier);
                assert.strictEqual(subnets.length, 2, tier);
                const zones = subnets.map((s) => input(s, "availabilityZone"));
                assert.strictEqual(new Set(zones).size, 2, `${tier} subnets share an AZ`);
                for (const zone of zones) assert.match(zone, new RegExp(`^${REGION}[a-z]$`));
                for (const s of subnets) {
                    assert.deepStrictEqual(s.propertyDependencies.vpcId, [vpc.urn]);
                    assert.strictEqual(input(s, "mapPublicIpOnLaunch"), false, s.name);
                }
            }
        });

        it("no NAT gateway, and no private tier has a route out of the VPC", () => {
            assert.deepStrictEqual(ofType(stack, AWS_TYPE.ec2.NatGateway), []);
            for (const tier of PRIVATE_TIERS) {
                for (const subnet of subnetsOfTier(stack, tier)) {
                    const table = routeTableOf(stack, subnet);
                    assert.deepStrictEqual(
                        routesOf(stack, table).map((r) => r.name),
                        [],
                        `${tier}: ${table.name} routes out`,
                    );
                }
            }
            for (const route of ofType(stack, AWS_TYPE.ec2.Route)) {
                assert.strictEqual(input(route, "natGatewayId"), undefined, route.name);
            }
        });

        it("T055 only the public tier (the ALB's) routes to the internet gateway", () => {
            const gateway = single(stack, AWS_TYPE.ec2.InternetGateway);
            const publicTables = new Set(subnetsOfTier(stack, "public").map((s) => routeTableOf(stack, s).urn));
            assert.strictEqual(publicTables.size, 1);
            const defaultRoutes = ofType(stack, AWS_TYPE.ec2.Route).filter(
                (r) => input(r, "destinationCidrBlock") === "0.0.0.0/0" || input(r, "destinationIpv6CidrBlock"),
            );
            assert.strictEqual(defaultRoutes.length, 1);
            assert.ok(
                publicTables.has(referencedOne(stack, defaultRoutes[0], "routeTableId", AWS_TYPE.ec2.RouteTable).urn),
            );
            assert.strictEqual(
                referencedOne(stack, defaultRoutes[0], "gatewayId", AWS_TYPE.ec2.InternetGateway).urn,
                gateway.urn,
            );
        });

        it("T008 S3 gateway endpoint on the route tables of the two task tiers (ECR layers are served from S3)", () => {
            const gateways = ofType(stack, AWS_TYPE.ec2.VpcEndpoint).filter(
                (e) => input(e, "vpcEndpointType") === "Gateway",
            );
            assert.strictEqual(gateways.length, 1);
            const [s3] = gateways;
            assert.strictEqual(input(s3, "serviceName"), `com.amazonaws.${REGION}.s3`);
            const tables = referenced(stack, s3, "routeTableIds", AWS_TYPE.ec2.RouteTable)
                .map((t) => t.urn)
                .sort();
            const taskTables = [...subnetsOfTier(stack, "app"), ...subnetsOfTier(stack, "agent")].map(
                (s) => routeTableOf(stack, s).urn,
            );
            assert.deepStrictEqual(tables, [...new Set(taskTables)].sort());
        });

        it("T008 interface endpoints for ECR api/dkr, Logs, SSM, Secrets Manager, STS and Bedrock runtimes, private DNS, one group", () => {
            const endpoints = ofType(stack, AWS_TYPE.ec2.VpcEndpoint).filter(
                (e) => input(e, "vpcEndpointType") === "Interface",
            );
            const prefix = `com.amazonaws.${REGION}.`;
            assert.deepStrictEqual(
                endpoints.map((e) => String(input(e, "serviceName")).replace(prefix, "")).sort(),
                INTERFACE_SERVICES,
            );
            const appSubnets = subnetsOfTier(stack, "app")
                .map((s) => s.urn)
                .sort();
            const groups = new Set<string>();
            for (const e of endpoints) {
                assert.strictEqual(input(e, "privateDnsEnabled"), true, e.name);
                assert.deepStrictEqual(
                    referenced(stack, e, "subnetIds", AWS_TYPE.ec2.Subnet)
                        .map((s) => s.urn)
                        .sort(),
                    appSubnets,
                );
                groups.add(referencedOne(stack, e, "securityGroupIds", AWS_TYPE.ec2.SecurityGroup).urn);
            }
            assert.strictEqual(groups.size, 1);
        });
    });
}

describe("T008 interface endpoints follow the zones their service is offered in", function () {
    this.timeout(120_000);
    const AGENT_RUNTIME = `com.amazonaws.${REGION}.bedrock-agent-runtime`;
    const offeredIn = (zones: string[]) => ({
        [AWS_INVOKE.ec2.getVpcEndpointService]: (inputs: Record<string, unknown>) =>
            inputs.serviceName === AGENT_RUNTIME ? { serviceName: AGENT_RUNTIME, availabilityZones: zones } : undefined,
    });
    const endpointOf = (stack: EvaluatedStack, serviceName: string) =>
        ofType(stack, AWS_TYPE.ec2.VpcEndpoint).find((e) => input(e, "serviceName") === serviceName)!;
    const zonesOfSubnets = (stack: EvaluatedStack, endpoint: EvaluatedResource) =>
        (input(endpoint, "subnetIds") as string[]).map(
            (id) => input(ofType(stack, AWS_TYPE.ec2.Subnet).find((s) => s.id === id)!, "availabilityZone") as string,
        );

    it("a service missing one of the VPC's zones gets an endpoint in the other zone only", async () => {
        const ours = (await getEvaluatedStack("dev")).resources
            .filter((r) => r.type === AWS_TYPE.ec2.Subnet && /-app-/.test(r.name))
            .map((s) => input(s, "availabilityZone") as string);
        assert.strictEqual(ours.length, 2);
        const stack = await evaluateVariant({ stack: "dev", invokeAnswers: offeredIn([ours[0], `${REGION}f`]) });
        assert.deepStrictEqual(zonesOfSubnets(stack, endpointOf(stack, AGENT_RUNTIME)), [ours[0]]);
        // Every other service keeps both zones.
        assert.deepStrictEqual(zonesOfSubnets(stack, endpointOf(stack, `com.amazonaws.${REGION}.logs`)), ours);
    });

    it("a service offered in neither zone fails the preview, naming the service and the config key", async () => {
        await assert.rejects(
            evaluateVariant({ stack: "dev", invokeAnswers: offeredIn([`${REGION}f`]) }),
            (e: unknown) => {
                assert.ok(e instanceof EvaluationError, String(e));
                assert.match(e.message, /bedrock-agent-runtime is offered in us-east-1f, none of the VPC's zones/);
                assert.match(e.message, /network\.availabilityZones/);
                return true;
            },
        );
    });
});
