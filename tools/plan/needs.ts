/**
 * The opposite direction of reachability: what every task needs to start and serve (image pull
 * from ECR and S3, logs, parameters, STS, Bedrock for a `grants.bedrock` service, Secrets Manager
 * when its roles read secrets, the database for a `database` service, each caller -> the internal
 * services it `calls`, ALB -> each http service, the public entry), each checked against the
 * allowed connections, and the VPC endpoints those paths end at. The paths come from the stack's
 * services map (services.ts), never from the rules they are checked against.
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { flatten, PlanGraph } from "./graph";
import { vpcOriginPorts } from "./entry-path";
import { covers } from "./ports";
import {
    AGENT_ENDPOINTS,
    containerPortOf,
    EndpointCheck,
    EVIDENCED_ENDPOINTS,
    EXEC_ENDPOINTS,
    num,
    OutsideIds,
    ReachEdge,
    ReachNode,
    RequiredPath,
    SERVICE_CONNECT_ENDPOINTS,
    TASK_ENDPOINTS,
    unique,
} from "./reachability-model";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { PORTS } from "../../policy-pack/lib/architecture";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { planServices, PlanService } from "./services";

/** What the needs check reads of the security-group graph. */
export interface NetworkView {
    readonly graph: PlanGraph;
    readonly nodes: ReadonlyMap<string, ReachNode>;
    readonly outside: OutsideIds;
    /** True when a `direction` rule of `node` admits `target` on tcp `port`. */
    admits(direction: "ingress" | "egress", node: string, target: string, port: number): boolean;
}

export function requiredPaths(view: NetworkView, edges: readonly ReachEdge[]): RequiredPath[] {
    const ports = hopPorts(view.graph);
    const needs: Omit<RequiredPath, "status" | "detail">[] = [];
    const tcp = (from: string, to: string, port: number, why: string) =>
        needs.push({ from, to, protocol: "tcp", port, why });
    if (view.nodes.has("cloudfront")) {
        for (const port of ports.cloudFrontToAlb) tcp("cloudfront", "alb", port, "CloudFront origin requests");
        // A VPC origin's service-managed ENIs sit in the ALB's subnets; the prefix-list rule admits them.
        for (const port of ports.vpcOriginToAlb) {
            tcp("cloudfront", "alb", port, "CloudFront VPC origin requests (service ENIs in the ALB's subnets)");
        }
    }
    for (const cidr of view.outside.allowedCidrs) {
        for (const port of ports.listeners) tcp(`cidr:${cidr}`, "alb", port, "allowed network to the listener");
    }
    const services = planServices(view.graph).filter((s) => view.nodes.has(s.name));
    const byName = new Map(services.map((s) => [s.name, s]));
    for (const s of services) {
        const port = servicePort(view.graph, s);
        if (s.kind === "http" && view.nodes.has("alb") && port !== undefined) {
            tcp("alb", s.name, port, `ALB forwards requests and health checks to ${s.label}`);
        }
        for (const calleeName of s.calls) {
            const callee = byName.get(calleeName);
            const calleePort = callee ? servicePort(view.graph, callee) : undefined;
            if (callee === undefined || calleePort === undefined) continue;
            // Service Connect: the caller's proxy connects to the callee's proxy, which listens on the
            // container port ("In awsvpc mode and Fargate, the default value is the container port
            // number", API_ServiceConnectService ingressPortOverride), so the groups see the same port.
            const via = usesServiceConnect(view, s.name) ? "Service Connect proxy to proxy" : "Cloud Map";
            tcp(s.name, callee.name, calleePort, `${s.label} calls ${callee.label} (${via})`);
        }
        tcp(s.name, "endpoints", 443, `interface endpoints: ${endpointNeeds(view, s.name).join(", ")}`);
        tcp(s.name, "s3", 443, "S3 gateway endpoint: ECR image layers");
        if (s.database && view.nodes.has("rds")) tcp(s.name, "rds", ports.rds, "PostgreSQL");
    }
    const gate = headerGate(view.graph);
    return needs.map((n) => {
        const edge = edges.find((e) => e.from === n.from && e.to === n.to);
        if (edge !== undefined && covers(edge.ports, n.protocol, n.port)) {
            // The security group admits it, but the listener answers only requests carrying the header.
            if (gate !== undefined && n.to === "alb" && n.from !== "cloudfront") {
                return {
                    ...n,
                    status: "refused" as const,
                    detail:
                        `the ALB admits the connection, but every listener rule that forwards to a service requires the ` +
                        `${gate} header, which only CloudFront adds: requests get the listener's default response`,
                };
            }
            return { ...n, status: "ok" as const };
        }
        const missing = gaps(view, n.from, n.to, n.port);
        // A missing half that belongs to a group outside the stack may well exist there.
        const assumed = missing.length > 0 && missing.every((g) => g.outside);
        return {
            ...n,
            status: assumed ? ("assumed" as const) : ("missing" as const),
            detail: assumed
                ? `${missing.map((g) => g.text).join("; ")} in this stack; assumed to be granted by the existing network`
                : missing.map((g) => g.text).join("; ") || "not allowed",
        };
    });
}

/**
 * The header every forwarding listener rule requires, when the listeners forward nothing by default
 * and the CloudFront distribution adds that header to its origin requests (the origin-verify
 * pattern): then only CloudFront's requests reach a service. Undefined when any path forwards
 * without it. ALB rule conditions: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 */
export function headerGate(g: PlanGraph): string | undefined {
    const forwards = (actions: unknown) =>
        flatten(actions).some((a: any) => a?.type === "forward" || a?.targetGroupArn !== undefined);
    if (g.ofType(AWS_TYPE.lb.Listener).some((l) => forwards(g.props(l).defaultActions))) return undefined;
    const rules = g.ofType(AWS_TYPE.lb.ListenerRule).filter((r) => forwards(g.props(r).actions));
    if (rules.length === 0) return undefined;
    const headersOf = (r: EvaluatedResource) =>
        flatten(g.props(r).conditions)
            .map((c: any) => c?.httpHeader?.httpHeaderName)
            .filter((h: unknown): h is string => typeof h === "string")
            .map((h) => h.toLowerCase());
    const [first, ...others] = rules.map(headersOf);
    const common = first.filter((h) => others.every((hs) => hs.includes(h)));
    const added = g
        .ofType(AWS_TYPE.cloudfront.Distribution)
        .flatMap((d) => flatten(g.props(d).origins))
        .flatMap((o: any) => flatten(o?.customHeaders))
        .map((h: any) => String(h?.name ?? "").toLowerCase());
    const header = common.find((h) => added.includes(h));
    return header === undefined
        ? undefined
        : (flatten(g.props(rules[0]).conditions)
              .map((c: any) => c?.httpHeader?.httpHeaderName as string | undefined)
              .find((h) => h?.toLowerCase() === header) ?? header);
}

/** Which half of a connection no rule admits, and whether that half's group is outside the stack. */
function gaps(view: NetworkView, from: string, to: string, port: number): { text: string; outside: boolean }[] {
    const src = view.nodes.get(from);
    const dst = view.nodes.get(to);
    if (!src || !dst) return [{ text: `${!src ? from : to} is not in the graph`, outside: false }];
    const out: { text: string; outside: boolean }[] = [];
    if (src.kind === "securityGroup" && !view.admits("egress", from, to, port)) {
        out.push({
            text: `no egress rule of ${src.label} admits ${dst.label} on tcp ${port}`,
            outside: src.outsideStack,
        });
    }
    if (dst.kind === "securityGroup" && !view.admits("ingress", to, from, port)) {
        out.push({
            text: `no ingress rule of ${dst.label} admits ${src.label} on tcp ${port}`,
            outside: dst.outsideStack,
        });
    }
    return out;
}

/**
 * The port a service's callers use: what the graph says (its target group, else its task
 * definition's container port, both found by the service's tag), else what its entry declares.
 */
function servicePort(g: PlanGraph, s: PlanService): number | undefined {
    const mine = (r: EvaluatedResource) => serviceOfTags(g.props(r).tags)?.service === s.name;
    const tg = s.kind === "http" ? g.ofType(AWS_TYPE.lb.TargetGroup).find(mine) : undefined;
    const td = g.ofType(AWS_TYPE.ecs.TaskDefinition).find(mine);
    return num(tg ? g.props(tg).port : undefined) ?? (td ? containerPortOf(g, td) : undefined) ?? s.port;
}

/** The ports the graph says each fixed hop uses (database, listeners, CloudFront to the ALB). */
function hopPorts(g: PlanGraph): {
    rds: number;
    listeners: number[];
    cloudFrontToAlb: number[];
    vpcOriginToAlb: number[];
} {
    const rdsInstance = g.ofType(AWS_TYPE.rds.Instance)[0];
    const rds = num(rdsInstance ? g.props(rdsInstance).port : undefined) ?? PORTS.database;
    const listeners = unique(
        g
            .ofType(AWS_TYPE.lb.Listener)
            .map((l) => num(g.props(l).port))
            .filter((p): p is number => p !== undefined),
    );
    const cloudFrontToAlb: number[] = [];
    for (const d of g.ofType(AWS_TYPE.cloudfront.Distribution)) {
        for (const origin of flatten(g.props(d).origins) as any[]) {
            const c = origin?.customOriginConfig;
            if (!c) continue;
            const policy = String(c.originProtocolPolicy ?? "https-only");
            if (policy !== "https-only") cloudFrontToAlb.push(num(c.httpPort) ?? 80);
            if (policy !== "http-only") cloudFrontToAlb.push(num(c.httpsPort) ?? 443);
        }
    }
    return {
        rds,
        listeners,
        cloudFrontToAlb: unique(cloudFrontToAlb),
        vpcOriginToAlb: unique(vpcOriginPorts(g)),
    };
}

export function endpointChecks(view: NetworkView): EndpointCheck[] {
    const g = view.graph;
    const present = g.ofType(AWS_TYPE.ec2.VpcEndpoint).map((e) => ({ e, p: g.props(e) }));
    const assumed = view.outside.networkOutsideStack && present.length === 0;
    const needed = unique([
        ...Object.keys(TASK_ENDPOINTS),
        ...planServices(g)
            .filter((s) => view.nodes.has(s.name))
            .flatMap((s) => endpointNeeds(view, s.name)),
        "s3",
    ]);
    return needed.map((service): EndpointCheck => {
        const type = service === "s3" ? "Gateway" : "Interface";
        if (assumed) return { service, type, status: "assumed (existing network)" };
        const hit = present.find(({ p }) => String(p.serviceName ?? "").endsWith(`.${service}`));
        if (!hit) return { service, type, status: "missing" };
        if (String(hit.p.vpcEndpointType ?? "Gateway") !== type) {
            return {
                service,
                type,
                status: "missing",
                resource: hit.e.name,
                detail: `is a ${hit.p.vpcEndpointType} endpoint`,
            };
        }
        if (type === "Interface" && hit.p.privateDnsEnabled !== true) {
            return {
                service,
                type,
                status: "missing",
                resource: hit.e.name,
                detail: "private DNS is off: the SDKs would not resolve to it",
            };
        }
        if (type === "Gateway") {
            const unrouted = taskSubnetsWithoutS3Route(view.graph, hit.e);
            if (unrouted.length > 0) {
                return {
                    service,
                    type,
                    status: "missing",
                    resource: hit.e.name,
                    detail: `no route from ${unrouted.join(", ")}`,
                };
            }
        }
        return { service, type, status: "present", resource: hit.e.name };
    });
}

/** The interface endpoints a service's tasks need: the contract, plus services its grants, roles or secrets use. */
export function endpointNeeds(view: NetworkView, task: string): string[] {
    const bedrock = planServices(view.graph).find((s) => s.name === task)?.bedrock === true;
    const base = Object.keys(bedrock ? { ...TASK_ENDPOINTS, ...AGENT_ENDPOINTS } : TASK_ENDPOINTS);
    const evidence = taskEvidence(view, task);
    return [
        ...base,
        ...Object.keys(EVIDENCED_ENDPOINTS).filter((svc) => evidence.includes(`${svc}:`)),
        ...(usesServiceConnect(view, task) ? Object.keys(SERVICE_CONNECT_ENDPOINTS) : []),
        ...(usesExec(view, task) ? Object.keys(EXEC_ENDPOINTS) : []),
    ];
}

/** True when an ECS service of the task's node has ECS Exec on. */
function usesExec(view: NetworkView, task: string): boolean {
    const members = new Set(view.nodes.get(task)?.members ?? []);
    return view.graph
        .ofType(AWS_TYPE.ecs.Service)
        .filter((s) => members.has(s.name))
        .some((s) => view.graph.props(s).enableExecuteCommand === true);
}

/** True when an ECS service of the task's node has Service Connect enabled. */
export function usesServiceConnect(view: NetworkView, task: string): boolean {
    const members = new Set(view.nodes.get(task)?.members ?? []);
    return view.graph
        .ofType(AWS_TYPE.ecs.Service)
        .filter((s) => members.has(s.name))
        .some((s) => (view.graph.props(s).serviceConnectConfiguration as any)?.enabled === true);
}

/** The task's container definitions and its roles' policy documents, as one text. */
function taskEvidence(view: NetworkView, task: string): string {
    const g = view.graph;
    const members = new Set(view.nodes.get(task)?.members ?? []);
    const texts: string[] = [];
    for (const svc of g.ofType(AWS_TYPE.ecs.Service).filter((s) => members.has(s.name))) {
        for (const td of g.referencedPath(svc, "taskDefinition", [AWS_TYPE.ecs.TaskDefinition])) {
            texts.push(String(g.props(td).containerDefinitions ?? ""));
            const roles = [
                ...g.referencedPath(td, "taskRoleArn", [AWS_TYPE.iam.Role]),
                ...g.referencedPath(td, "executionRoleArn", [AWS_TYPE.iam.Role]),
            ];
            for (const role of roles) {
                texts.push(JSON.stringify(g.props(role).inlinePolicies ?? ""));
                for (const rp of g.ofType(AWS_TYPE.iam.RolePolicy)) {
                    if (g.referencedPath(rp, "role", [AWS_TYPE.iam.Role]).some((r) => r.urn === role.urn)) {
                        const policy = g.props(rp).policy;
                        texts.push(typeof policy === "string" ? policy : JSON.stringify(policy ?? ""));
                    }
                }
            }
        }
    }
    return texts.join("\n");
}

/** Task subnets whose route table is not one the S3 gateway endpoint is attached to. */
function taskSubnetsWithoutS3Route(g: PlanGraph, endpoint: EvaluatedResource): string[] {
    const routed = new Set(g.referencedPath(endpoint, "routeTableIds", [AWS_TYPE.ec2.RouteTable]).map((t) => t.urn));
    const out: string[] = [];
    for (const svc of g.ofType(AWS_TYPE.ecs.Service)) {
        for (const subnet of g.referencedPath(svc, "networkConfiguration.subnets", [AWS_TYPE.ec2.Subnet])) {
            const assoc = g
                .ofType(AWS_TYPE.ec2.RouteTableAssociation)
                .find((a) => g.referencedPath(a, "subnetId", [AWS_TYPE.ec2.Subnet])[0]?.urn === subnet.urn);
            const table = assoc ? g.referencedPath(assoc, "routeTableId", [AWS_TYPE.ec2.RouteTable])[0] : undefined;
            if (!table || !routed.has(table.urn)) out.push(subnet.name);
        }
    }
    return unique(out);
}
