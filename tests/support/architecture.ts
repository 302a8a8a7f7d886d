/**
 * The architecture the program's tests expect, stated once: the components, the offline account and
 * region, the two services (ports, repositories, subnets from the seed), the security groups by the
 * role they play, and the rule summary tests compare against the seed's traffic map.
 */
import * as assert from "assert";
import { answerInvoke, EvaluatedResource, EvaluatedStack, REPO_ROOT } from "../../offline/evaluate";
import { readStackConfig } from "../../offline/stack-config";
import { parsePlatformConfig } from "../../config/load";
import type { ResolvedService } from "../../config/services-map";
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { ServiceAlarms } from "../../components/alarms";
import { EcsCluster } from "../../components/cluster";
import { Database } from "../../components/database";
import { Edge } from "../../components/edge";
import { FargateService } from "../../components/fargate-service";
import { FargateTaskDefinition } from "../../components/fargate-task-definition";
import { Network } from "../../components/network";
import { Parameters } from "../../components/parameters";
import { ServiceSecurityGroups } from "../../components/service-security-groups";
import { Storage } from "../../components/storage";
import { TaskRoles } from "../../components/task-roles";
import { byUrn, childOf, component, input, ofType, referencedOne, securityGroupRules, single } from "./graph";

/** The program's component types, as each component class declares its own. */
export const COMPONENTS = {
    network: Network.typeToken,
    storage: Storage.typeToken,
    parameters: Parameters.typeToken,
    database: Database.typeToken,
    edge: Edge.typeToken,
    cluster: EcsCluster.typeToken,
    securityGroups: ServiceSecurityGroups.typeToken,
    taskRoles: TaskRoles.typeToken,
    taskDefinition: FargateTaskDefinition.typeToken,
    service: FargateService.typeToken,
    alarms: ServiceAlarms.typeToken,
} as const;

/** The offline evaluator's account and region (offline/mock-values.ts, the stack files). */
export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/**
 * The services of a committed stack file, resolved (read synchronously, so specs can declare one
 * test per service); of an evaluated stack, from the config it was evaluated with.
 */
export function stackFileServices(stack: string): readonly ResolvedService[] {
    return parsePlatformConfig(readStackConfig(REPO_ROOT, stack).config, stack).services;
}
export function servicesOf(stack: EvaluatedStack): readonly ResolvedService[] {
    return parsePlatformConfig(stack.config, stack.stack).services;
}

/** The seed's two services: container port, the Storage repository of their image, the subnets of their tasks (T033, T034, T050, T051). */
export const SERVICES = {
    bff: { port: 3000, repository: "storage-app", subnetCidrs: ["10.0.11.0/24", "10.0.12.0/24"] },
    agentcore: { port: 8080, repository: "storage-agent", subnetCidrs: ["10.0.21.0/24", "10.0.22.0/24"] },
} as const;
export type ServiceKey = keyof typeof SERVICES;
export const SERVICE_KEYS = Object.keys(SERVICES) as ServiceKey[];

/** The ECS service resource and its task definition, by the FargateService component's name (the service's). */
export function serviceParts(stack: EvaluatedStack, key: string) {
    const service = childOf(stack, component(stack, COMPONENTS.service, key), AWS_TYPE.ecs.Service);
    const taskDefinition = referencedOne(stack, service, "taskDefinition", AWS_TYPE.ecs.TaskDefinition);
    return { service, taskDefinition };
}

/** AgentCore's Cloud Map service and the namespace it registers in (what `agentcore.local` is made of). */
export function agentcoreDiscovery(stack: EvaluatedStack): {
    discovery: EvaluatedResource;
    namespace: EvaluatedResource;
} {
    const discovery = referencedOne(
        stack,
        serviceParts(stack, "agentcore").service,
        "serviceRegistries",
        AWS_TYPE.servicediscovery.Service,
    );
    const namespace = referencedOne(stack, discovery, "dnsConfig", AWS_TYPE.servicediscovery.PrivateDnsNamespace);
    return { discovery, namespace };
}

/** The security groups of the architecture, found by what uses them (not by name). */
export type GroupRole = "alb" | "bff" | "agentcore" | "endpoints" | "database";

export function securityGroupsByRole(stack: EvaluatedStack): Record<GroupRole, EvaluatedResource> {
    const interfaceEndpoints = ofType(stack, AWS_TYPE.ec2.VpcEndpoint).filter(
        (e) => input(e, "vpcEndpointType") === "Interface",
    );
    const endpointGroups = new Set(
        interfaceEndpoints.map((e) => referencedOne(stack, e, "securityGroupIds", AWS_TYPE.ec2.SecurityGroup).urn),
    );
    assert.strictEqual(endpointGroups.size, 1, "the interface endpoints should share one security group");
    const taskGroup = (key: ServiceKey) =>
        referencedOne(stack, serviceParts(stack, key).service, "networkConfiguration", AWS_TYPE.ec2.SecurityGroup);
    return {
        alb: referencedOne(
            stack,
            single(stack, AWS_TYPE.lb.LoadBalancer),
            "securityGroups",
            AWS_TYPE.ec2.SecurityGroup,
        ),
        bff: taskGroup("bff"),
        agentcore: taskGroup("agentcore"),
        endpoints: byUrn(stack, [...endpointGroups][0]),
        database: referencedOne(
            stack,
            single(stack, AWS_TYPE.rds.Instance),
            "vpcSecurityGroupIds",
            AWS_TYPE.ec2.SecurityGroup,
        ),
    };
}

/** What the CloudFront origin-facing prefix list resolves to offline (the evaluator's invoke answer). */
export const CLOUDFRONT_PREFIX_LIST_ID = String(
    answerInvoke(
        AWS_INVOKE.ec2.getManagedPrefixList,
        { name: "com.amazonaws.global.cloudfront.origin-facing" },
        { accountId: ACCOUNT, region: REGION, partition: "aws" },
    ).id,
);

/**
 * Every rule of every group as `tcp 443 to endpoints` / `tcp 3000 from alb`, keyed by group role.
 * Peers: a group role, `s3` (the S3 gateway endpoint's prefix list), `cloudfront`, `cidr:<block>`,
 * or `unresolved:<kind>` for anything the stack cannot name. Works in preview (propertyDependencies).
 */
export function ruleSummary(
    stack: EvaluatedStack,
): Record<GroupRole, { ingress: string[]; egress: string[] }> & { unowned: string[] } {
    const roles = securityGroupsByRole(stack);
    const roleOf = new Map(Object.entries(roles).map(([role, sg]) => [sg.urn, role]));
    const summary = Object.fromEntries(
        Object.keys(roles).map((role) => [role, { ingress: [] as string[], egress: [] as string[] }]),
    ) as Record<GroupRole, { ingress: string[]; egress: string[] }>;
    const unowned: string[] = [];
    for (const r of securityGroupRules(stack)) {
        const peers = r.rule.peers.map((p) => {
            if (p.kind === "cidr") return `cidr:${p.cidr}`;
            if (p.kind === "self") return "self";
            if (r.peerGroup && (p.kind === "securityGroup" || p.kind === "unknown")) {
                return roleOf.get(r.peerGroup.urn) ?? `group:${r.peerGroup.name}`;
            }
            if (p.kind === "prefixList" && p.id === CLOUDFRONT_PREFIX_LIST_ID) return "cloudfront";
            if (
                r.peerSource?.type === AWS_TYPE.ec2.VpcEndpoint &&
                input(r.peerSource, "vpcEndpointType") === "Gateway"
            ) {
                return input(r.peerSource, "serviceName") === `com.amazonaws.${REGION}.s3` ? "s3" : r.peerSource.name;
            }
            return `unresolved:${p.kind}`;
        });
        const ports = r.rule.fromPort === r.rule.toPort ? `${r.rule.fromPort}` : `${r.rule.fromPort}-${r.rule.toPort}`;
        const line = `${r.rule.protocol} ${ports} ${r.rule.direction === "ingress" ? "from" : "to"} ${peers.join(",")}`;
        const role = r.group ? roleOf.get(r.group.urn) : undefined;
        if (role) summary[role as GroupRole][r.rule.direction].push(line);
        else unowned.push(`${r.resource.name}: ${line}`);
    }
    for (const role of Object.keys(summary) as GroupRole[]) {
        summary[role].ingress.sort();
        summary[role].egress.sort();
    }
    return { ...summary, unowned };
}
