/**
 * The vocabulary of the reachability check: the architecture's roles, the endpoints the tasks
 * need, and the shapes of nodes, edges, needed paths and findings (they are part of the JSON
 * report, see docs/plan-schema.md).
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { parseJson, PlanGraph, isKnown } from "./graph";
import { PortRange } from "./ports";
import { AWS_TYPE, PULUMI_TYPE } from "../../policy-pack/lib/aws-types";
import { DATABASE_SECURITY_GROUP_OUTPUT } from "../../components/foundation-outputs";

export const SECURITY_GROUP_TYPES = [AWS_TYPE.ec2.SecurityGroup, AWS_TYPE.ec2.DefaultSecurityGroup];
export const RULE_TYPES = [
    ...SECURITY_GROUP_TYPES,
    AWS_TYPE.ec2.SecurityGroupRule,
    AWS_TYPE.vpc.SecurityGroupIngressRule,
    AWS_TYPE.vpc.SecurityGroupEgressRule,
];

/**
 * The fixed roles of the architecture, in matrix order around the services (which come from the
 * stack's `services` map, between the ALB and the database: `nodeOrder`).
 */
export const FIXED_ROLES_BEFORE = ["internet", "cloudfront", "alb"] as const;
export const FIXED_ROLES_AFTER = ["rds", "endpoints", "s3"] as const;
export type FixedRole = (typeof FIXED_ROLES_BEFORE)[number] | (typeof FIXED_ROLES_AFTER)[number];

export const ROLE_LABELS: Record<FixedRole, string> = {
    internet: "Internet",
    cloudfront: "CloudFront",
    alb: "ALB",
    rds: "RDS",
    endpoints: "VPC endpoints",
    s3: "S3 (prefix list)",
};

/** The node a fixed tier's `ecs-platform:tier` tag names (lib/service-tags.ts). */
export const ROLE_OF_TIER_TAG: Readonly<Record<string, FixedRole>> = {
    alb: "alb",
    endpoint: "endpoints",
    database: "rds",
};

/** For groups without the program's tags: which fixed role a group plays, by its logical name (first match wins). */
export const ROLE_PATTERNS: [FixedRole, RegExp][] = [
    ["endpoints", /endpoint|vpce/i],
    ["rds", /database|rds|postgres|\bdb\b/i],
    ["alb", /alb|edge|load-?balancer/i],
];

/** Interface endpoints every task needs without a NAT gateway, and why. */
export const TASK_ENDPOINTS: Record<string, string> = {
    "ecr.api": "ECR API: image manifest and auth token",
    "ecr.dkr": "ECR registry: image pull",
    logs: "CloudWatch Logs: the awslogs driver",
    ssm: "SSM Parameter Store: container secrets",
    sts: "STS: role credentials for the AWS SDK",
};
/** Extra interface endpoints of a service with `grants.bedrock` (the seed's AgentCore). */
export const AGENT_ENDPOINTS: Record<string, string> = {
    "bedrock-runtime": "Bedrock runtime: InvokeModel",
    "bedrock-agent-runtime": "Bedrock agent runtime: InvokeAgent",
};
/** Endpoints a task needs when its roles or container secrets use the service. */
export const EVIDENCED_ENDPOINTS: Record<string, string> = {
    secretsmanager: "Secrets Manager: secrets its roles read",
    sqs: "SQS: queues its roles consume or send to",
    xray: "X-Ray: the tracing collector's traces",
};
/**
 * Endpoints of a task whose ECS service uses Service Connect. The ECS endpoint page lists them;
 * whether the Service Connect agent on Fargate needs them is unverified (policy-pack/lib/service-connect.ts).
 */
export const SERVICE_CONNECT_ENDPOINTS: Record<string, string> = {
    ecs: "ECS API (Service Connect hedge)",
    "ecs-agent": "ECS agent communication (Service Connect hedge)",
    "ecs-telemetry": "ECS telemetry (Service Connect hedge)",
};
/** Endpoints of a task whose ECS service has ECS Exec on (the SSM agent's channels and the session key). */
export const EXEC_ENDPOINTS: Record<string, string> = {
    ssmmessages: "SSM messages: ECS Exec session channels",
    kms: "KMS: the ECS Exec session key",
};
/** The endpoints every stack needs, in order (S3 is the gateway endpoint); more when its services use them. */
export const REQUIRED_ENDPOINT_SERVICES = [...Object.keys(TASK_ENDPOINTS), "s3"];

export type NodeKind = "securityGroup" | "external";

export interface ReachNode {
    readonly id: string;
    readonly label: string;
    readonly kind: NodeKind;
    /** Security groups of the node: URNs of those in the stack, ids of those outside it. */
    readonly securityGroups: string[];
    /** A group outside the stack (existing network): its own rules are not in the graph. */
    readonly outsideStack: boolean;
    /** Subnet CIDRs its network interfaces live in (for CIDR-based rules). */
    readonly cidrs: string[];
    /** Resources attached to the node's groups (ALB, services, instance, endpoints). */
    readonly members: string[];
}

export interface ReachEdge {
    readonly from: string;
    readonly to: string;
    readonly ports: PortRange[];
    readonly text: string;
    /** Names of the rules that allow it (egress and ingress side). */
    readonly rules: string[];
    /** One side could not be checked (a group outside the stack). */
    readonly assumed: boolean;
    /** Why this edge exists when it is not a security-group decision. */
    readonly note?: string;
}

/** `refused`: the security groups admit it, but the ALB listener rules refuse its requests. */
export type PathStatus = "ok" | "missing" | "assumed" | "refused";

export interface RequiredPath {
    readonly from: string;
    readonly to: string;
    readonly protocol: "tcp";
    readonly port: number;
    readonly why: string;
    readonly status: PathStatus;
    readonly detail?: string;
}

export interface EndpointCheck {
    readonly service: string;
    readonly type: "Interface" | "Gateway";
    readonly status: "present" | "missing" | "assumed (existing network)";
    readonly resource?: string;
    readonly detail?: string;
}

export type FindingSeverity = "blocking" | "error" | "warning";

export interface ReachFinding {
    readonly severity: FindingSeverity;
    readonly code: string;
    readonly message: string;
}

export interface Reachability {
    readonly nodes: ReachNode[];
    readonly edges: ReachEdge[];
    /** from -> to -> `tcp 3000` (only cells that allow something). */
    readonly matrix: Record<string, Record<string, string>>;
    readonly required: RequiredPath[];
    readonly endpoints: EndpointCheck[];
    readonly findings: ReachFinding[];
    /** The hops a viewer request takes (Internet -> CloudFront -> VPC origin -> internal ALB -> BFF). */
    readonly entry: string[];
    /** `ok`, or the worst finding: `blocked` (a needed path is missing) / `exposed` / `warnings`. */
    readonly verdict: "ok" | "warnings" | "exposed" | "blocked";
}

export function roleOf(name: string): FixedRole | undefined {
    return ROLE_PATTERNS.find(([, re]) => re.test(name))?.[0];
}

/** Matrix order: the fixed roles before, the services in the order of the map, the fixed roles after. */
export function nodeOrder(services: readonly string[]): (id: string) => number {
    const order = [...FIXED_ROLES_BEFORE, ...services, ...FIXED_ROLES_AFTER] as string[];
    return (id) => {
        const i = order.indexOf(id);
        return i >= 0 ? i : id.startsWith("cidr:") ? 0.5 : order.length;
    };
}

/** Ids the stack takes from outside (existing network, stack references) and the ALB's allowed CIDRs. */
export interface OutsideIds {
    readonly networkOutsideStack: boolean;
    readonly endpointSecurityGroupId?: string;
    readonly databaseSecurityGroupId?: string;
    readonly s3PrefixListId?: string;
    readonly vpcCidr?: string;
    readonly allowedCidrs: string[];
}

export function outsideIds(graph: PlanGraph): OutsideIds {
    const config = graph.stack.config;
    const read = (key: string) => parseJson(config[`${graph.stack.project}:${key}`]) as Record<string, any> | undefined;
    const network = read("network") ?? {};
    const database = read("database") ?? {};
    const edge = read("edge") ?? {};
    const referenced: Record<string, unknown> = {};
    for (const ref of graph.ofType(PULUMI_TYPE.StackReference)) {
        Object.assign(referenced, (graph.props(ref).outputs as Record<string, unknown>) ?? {});
    }
    const str = (v: unknown) => (typeof v === "string" && isKnown(v) ? v : undefined);
    const networkOutside = network.mode === "existing" || network.mode === "stackReference";
    return {
        networkOutsideStack: networkOutside,
        endpointSecurityGroupId: networkOutside
            ? (str(network.endpointSecurityGroupId) ?? str(referenced.endpointSecurityGroupId))
            : undefined,
        databaseSecurityGroupId:
            database.mode === "existing" || database.mode === "stackReference"
                ? (str(database.securityGroupId) ?? str(referenced[DATABASE_SECURITY_GROUP_OUTPUT]))
                : undefined,
        s3PrefixListId: networkOutside ? (str(network.s3PrefixListId) ?? str(referenced.s3PrefixListId)) : undefined,
        vpcCidr: networkOutside ? (str(network.vpcCidr) ?? str(referenced.vpcCidr)) : undefined,
        allowedCidrs: Array.isArray(edge.allowedCidrs)
            ? edge.allowedCidrs.filter((c: unknown) => typeof c === "string")
            : [],
    };
}

/** The first container's first port of a task definition. */
export function containerPortOf(graph: PlanGraph, td: EvaluatedResource): number | undefined {
    const defs = parseJson(graph.props(td).containerDefinitions);
    const first = Array.isArray(defs) ? defs[0] : undefined;
    return num(first?.portMappings?.[0]?.containerPort);
}

export function num(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
    return undefined;
}

export function unique<T>(items: readonly T[]): T[] {
    return [...new Set(items)];
}
