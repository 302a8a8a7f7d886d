/**
 * The VPC of the platform: public subnets for the ALB only, private subnets per tier (BFF, AgentCore,
 * database) with no NAT gateway and no default route. Tasks reach AWS through VPC endpoints instead:
 * an S3 gateway endpoint (ECR serves image layers from S3) and interface endpoints for ECR, Logs,
 * SSM, STS and Bedrock (and ECS's own three when Service Connect is on).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { TIER_TAG } from "../policy-pack/lib/service-tags";
import type { VpcOriginPrerequisites } from "./vpc-origin-network";
import { planSubnets, SUBNET_TIERS, SubnetTier, vpcCidrProblem } from "../config/subnet-plan";
import { NetworkFoundation } from "./foundation-types";
import { SERVICE_CONNECT_ENDPOINT_SERVICES } from "../policy-pack/lib/service-connect";

/** Interface endpoints the tasks need without a NAT gateway (service suffix of `com.amazonaws.<region>.`). */
export const INTERFACE_ENDPOINT_SERVICES = [
    "ecr.api",
    "ecr.dkr",
    "logs",
    "ssm",
    "sts",
    "secretsmanager",
    "bedrock-runtime",
    "bedrock-agent-runtime",
] as const;
/**
 * ECS Exec without NAT: the SSM agent's session channels (`ssmmessages`) and the session key
 * (`kms`) (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html, "using
 * interface VPC endpoints"; the logs endpoint is already there).
 */
export const EXEC_ENDPOINT_SERVICES = ["ssmmessages", "kms"] as const;
export type InterfaceEndpointService =
    | (typeof INTERFACE_ENDPOINT_SERVICES)[number]
    | (typeof EXEC_ENDPOINT_SERVICES)[number]
    | "sqs"
    | "xray"
    | (typeof SERVICE_CONNECT_ENDPOINT_SERVICES)[number];

export interface NetworkArgs {
    /** IPv4 block of the VPC, /16 to /18 (config `network.vpcCidr`, where the default lives). Required. */
    readonly cidr: string;
    /** The two AZs of the subnets. Default: the first two standard (not opt-in) AZs the region reports. */
    readonly availabilityZones?: string[];
    /** Region of the VPC; names the endpoint services (`com.amazonaws.<region>.<svc>`). Required. */
    readonly region: string;
    /**
     * Zone IDs the subnets must avoid: those CloudFront VPC origins exclude (use1-az3 in us-east-1, ...)
     * when the internal ALB is a VPC origin. IDs, not names: names map to different zones per account.
     * Default none.
     */
    readonly excludedZoneIds?: readonly string[];
    /**
     * Add the `ecs`, `ecs-agent` and `ecs-telemetry` endpoints (config `deployment.discovery:
     * serviceConnect`; whether its agent needs them is unverified, policy-pack/lib/service-connect.ts). Required.
     */
    readonly serviceConnectEndpoints: boolean;
    /** Add the `ssmmessages` and `kms` endpoints ECS Exec's agent needs without NAT (a service has `exec`). Default false. */
    readonly execEndpoints?: boolean;
    /** Add the `sqs` endpoint (a worker has a queue: it and its producers reach SQS without NAT). Default false. */
    readonly queueEndpoint?: boolean;
    /** Add the `xray` endpoint (tracing: the collectors send to X-Ray without NAT). Default false. */
    readonly xrayEndpoint?: boolean;
}

export class Network extends pulumi.ComponentResource implements NetworkFoundation {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:foundation:Network";

    public readonly vpc: aws.ec2.Vpc;
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidr: string;
    public readonly availabilityZones: pulumi.Output<string[]>;
    /** Subnet resources per tier, one per AZ in AZ order. */
    public readonly subnets: Record<SubnetTier, aws.ec2.Subnet[]>;
    /** Subnet CIDRs per tier, known at construction (for tests and the plan). */
    public readonly subnetCidrs: Record<SubnetTier, string[]>;
    public readonly publicSubnetIds: pulumi.Output<string>[];
    public readonly appSubnetIds: pulumi.Output<string>[];
    public readonly agentSubnetIds: pulumi.Output<string>[];
    public readonly dataSubnetIds: pulumi.Output<string>[];
    /** Route tables of the private tiers; none has a default route. */
    public readonly privateRouteTableIds: Record<Exclude<SubnetTier, "public">, pulumi.Output<string>>;
    public readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    public readonly s3Endpoint: aws.ec2.VpcEndpoint;
    public readonly s3PrefixListId: pulumi.Output<string>;
    public readonly interfaceEndpoints: Partial<Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>>;
    /** The S3 gateway and every interface endpoint: what a task needs before it starts. */
    public readonly ready: pulumi.Resource[];
    /** The VPC's internet gateway: CloudFront VPC origins require one (components/vpc-origin-network.ts). */
    public readonly internetGateway: aws.ec2.InternetGateway;
    /** A VPC origin depends on the gateway, so a destroy removes the origin before the gateway. */
    public readonly vpcOrigin: VpcOriginPrerequisites;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Network.typeToken, name, {}, opts);
        const cidr = args.cidr;
        const cidrProblem = vpcCidrProblem(cidr);
        if (cidrProblem !== undefined) throw new pulumi.ResourceError(`cidr ${cidrProblem}`, this);
        if (args.availabilityZones !== undefined && args.availabilityZones.length < 2) {
            throw new pulumi.ResourceError(
                `availabilityZones needs two zones, got ${args.availabilityZones.length}`,
                this,
            );
        }
        const plan = planSubnets(cidr);
        const excluded = [...(args.excludedZoneIds ?? [])];
        const zones = aws.getAvailabilityZonesOutput(
            {
                state: "available",
                // Local and Wavelength zones are opt-in and lack interface endpoints.
                filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
                excludeZoneIds: excluded.length > 0 ? excluded : undefined,
            },
            { parent: this },
        );
        const configured = args.availabilityZones?.slice(0, 2);
        const availabilityZones: pulumi.Output<string[]> =
            configured === undefined
                ? zones.names.apply((names) => {
                      if (names.length < 2) {
                          throw new pulumi.ResourceError(
                              `${args.region} offers ${names.length} zone(s) outside ${excluded.join(", ") || "the excluded IDs"}; ` +
                                  "the subnet plan needs two",
                              this,
                          );
                      }
                      return names.slice(0, 2);
                  })
                : pulumi.output(configured);
        if (configured !== undefined && excluded.length > 0) {
            // A side check, not an input of the subnets: the look-up left the excluded IDs out, so a
            // configured zone missing from it maps to one of them (or is not available). Failing here
            // stops the program before the ALB is placed where no VPC origin can reach it.
            zones.names.apply((allowed) => {
                const bad = configured.filter((z) => !allowed.includes(z));
                if (bad.length > 0) {
                    throw new pulumi.ResourceError(
                        `availabilityZones ${bad.join(", ")} map to a zone ID CloudFront VPC origins exclude ` +
                            `(${excluded.join(", ")}) or are not available; allowed here: ${allowed.join(", ")}`,
                        this,
                    );
                }
            });
        }
        const parent = { parent: this };

        // DNS support and hostnames: required by interface endpoints' private DNS and Cloud Map.
        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: `${name}-vpc` } },
            parent,
        );
        const vpcId = this.vpc.id;

        // The default security group admits traffic between its members; strip every rule (CKV2_AWS_12).
        new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId, ingress: [], egress: [], tags: { Name: `${name}-default-sg-unused` } },
            parent,
        );

        const subnets = {} as Record<SubnetTier, aws.ec2.Subnet[]>;
        for (const tier of SUBNET_TIERS) {
            subnets[tier] = plan[tier].map(
                (cidrBlock, az) =>
                    new aws.ec2.Subnet(
                        `${name}-${tier}-${az + 1}`,
                        {
                            vpcId,
                            cidrBlock,
                            availabilityZone: availabilityZones.apply((zones) => zones[az]),
                            // Even public subnets hand out no public IPs: only the ALB lives there.
                            mapPublicIpOnLaunch: false,
                            tags: { Name: `${name}-${tier}-${az + 1}`, Tier: tier },
                        },
                        parent,
                    ),
            );
        }

        const internetGateway = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId, tags: { Name: `${name}-igw` } },
            parent,
        );
        this.internetGateway = internetGateway;
        this.vpcOrigin = { dependsOn: [internetGateway] };
        const publicRouteTable = new aws.ec2.RouteTable(
            `${name}-public-rt`,
            { vpcId, tags: { Name: `${name}-public-rt` } },
            parent,
        );
        new aws.ec2.Route(
            `${name}-public-default-route`,
            { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: internetGateway.id },
            parent,
        );
        associate(name, "public", subnets.public, publicRouteTable, this);

        // One route table per private tier, with only the implicit local route: no NAT, no internet.
        const privateRouteTables = {} as Record<Exclude<SubnetTier, "public">, aws.ec2.RouteTable>;
        for (const tier of ["app", "agent", "data"] as const) {
            privateRouteTables[tier] = new aws.ec2.RouteTable(
                `${name}-${tier}-rt`,
                { vpcId, tags: { Name: `${name}-${tier}-rt` } },
                parent,
            );
            associate(name, tier, subnets[tier], privateRouteTables[tier], this);
        }

        // ECR image layers (and the agent-data bucket) are reached through this gateway; the data
        // tier needs no S3, so its route table is left out.
        this.s3Endpoint = new aws.ec2.VpcEndpoint(
            `${name}-vpce-s3`,
            {
                vpcId,
                serviceName: `com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: [privateRouteTables.app.id, privateRouteTables.agent.id],
                tags: { Name: `${name}-vpce-s3` },
            },
            parent,
        );

        // Ingress (443 from the task security groups) is added by the compute layer; the endpoints
        // never initiate connections, so there is no egress rule either.
        this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints-sg`,
            {
                vpcId,
                description: "Interface VPC endpoints (ECR, Logs, SSM, STS, Bedrock): HTTPS from the task tiers only",
                tags: { Name: `${name}-endpoints-sg`, [TIER_TAG]: "endpoint" },
            },
            parent,
        );

        // An interface endpoint takes at most one subnet per AZ, so its network interfaces live in
        // the app subnets; the agent tier reaches them over the VPC's local route all the same.
        // A service is not offered in every AZ (DescribeVpcEndpointServices lists where it is), and
        // CreateVpcEndpoint fails on a subnet of another AZ: each endpoint takes only the subnets
        // of the AZs its service lists, and a service offered in neither AZ fails the preview.
        // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointServices.html
        const appSubnetIds = subnets.app.map((s) => s.id);
        const interfaceEndpoints: Partial<Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>> = {};
        const extra = [
            ...(args.serviceConnectEndpoints ? SERVICE_CONNECT_ENDPOINT_SERVICES : []),
            ...(args.execEndpoints ? EXEC_ENDPOINT_SERVICES : []),
            ...(args.queueEndpoint ? (["sqs"] as const) : []),
            ...(args.xrayEndpoint ? (["xray"] as const) : []),
        ];
        for (const service of [...INTERFACE_ENDPOINT_SERVICES, ...extra]) {
            const suffix = service.replace(/\./g, "-");
            const serviceName = `com.amazonaws.${args.region}.${service}`;
            const offered = aws.ec2.getVpcEndpointServiceOutput({ serviceName }, { parent: this }).availabilityZones;
            const endpointSubnetIds = pulumi.all([offered, availabilityZones]).apply(([zones, ours]) => {
                const usable = ours.flatMap((zone, i) => (zones.includes(zone) ? [appSubnetIds[i]] : []));
                if (usable.length === 0) {
                    throw new Error(
                        `${serviceName} is offered in ${zones.join(", ") || "no zone"}, none of the VPC's zones ` +
                            `(${ours.join(", ")}); set network.availabilityZones to zones that offer it`,
                    );
                }
                return pulumi.output(usable);
            });
            interfaceEndpoints[service] = new aws.ec2.VpcEndpoint(
                `${name}-vpce-${suffix}`,
                {
                    vpcId,
                    serviceName,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: endpointSubnetIds,
                    securityGroupIds: [this.endpointSecurityGroup.id],
                    tags: { Name: `${name}-vpce-${suffix}` },
                },
                parent,
            );
        }

        this.vpcId = vpcId;
        this.vpcCidr = cidr;
        this.availabilityZones = availabilityZones;
        this.subnets = subnets;
        this.subnetCidrs = {
            public: [...plan.public],
            app: [...plan.app],
            agent: [...plan.agent],
            data: [...plan.data],
        };
        this.publicSubnetIds = subnets.public.map((s) => s.id);
        this.appSubnetIds = subnets.app.map((s) => s.id);
        this.agentSubnetIds = subnets.agent.map((s) => s.id);
        this.dataSubnetIds = subnets.data.map((s) => s.id);
        this.privateRouteTableIds = {
            app: privateRouteTables.app.id,
            agent: privateRouteTables.agent.id,
            data: privateRouteTables.data.id,
        };
        this.endpointSecurityGroupId = this.endpointSecurityGroup.id;
        this.s3PrefixListId = this.s3Endpoint.prefixListId;
        this.interfaceEndpoints = interfaceEndpoints;
        this.ready = [this.s3Endpoint, ...Object.values(interfaceEndpoints).filter((e) => e !== undefined)];

        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            publicSubnetIds: this.publicSubnetIds,
            appSubnetIds: this.appSubnetIds,
            agentSubnetIds: this.agentSubnetIds,
            dataSubnetIds: this.dataSubnetIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            s3PrefixListId: this.s3PrefixListId,
        });
    }
}

function associate(
    name: string,
    tier: SubnetTier,
    subnets: aws.ec2.Subnet[],
    routeTable: aws.ec2.RouteTable,
    parent: pulumi.Resource,
): void {
    subnets.forEach(
        (subnet, az) =>
            new aws.ec2.RouteTableAssociation(
                `${name}-${tier}-rta-${az + 1}`,
                { subnetId: subnet.id, routeTableId: routeTable.id },
                { parent },
            ),
    );
}
