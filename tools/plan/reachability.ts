/**
 * Network reachability from the security-group graph of an evaluated stack: who can open a
 * connection to whom, on which ports, across internet / CloudFront / ALB / BFF / AgentCore / RDS /
 * VPC endpoints / S3 (prefix list).
 *
 * Rules of every shape (inline, `ec2.SecurityGroupRule`, `vpc.SecurityGroup{In,E}gressRule`) are
 * read through the policy pack's normaliser. Security groups are stateful, so a connection from
 * group A to group B needs A's egress to admit B *and* B's ingress to admit A; a source outside
 * the VPC (a CIDR, a prefix list) only needs B's ingress, and a destination without a group (the
 * internet, S3 behind its gateway endpoint) only needs A's egress.
 *
 * Then the opposite direction: every path a task needs to start and serve (image pull, logs,
 * parameters, Bedrock for AgentCore, the database, BFF -> AgentCore, ALB -> BFF, the public entry)
 * must exist; each missing one is a deploy-blocking finding, as is a missing VPC endpoint.
 */
import type { EvaluatedResource } from "../../offline/evaluate";
import { policyProps } from "../../offline/analyze";
import { cidrContains, cidrsOverlap, isWorldOpen } from "../../policy-pack/lib/cidr";
import { normaliseSecurityGroupRules, NormalisedRule, Peer } from "../../policy-pack/lib/sg-rules";
import { flatten, isKnown, parseJson, PlanGraph } from "./graph";
import { ALL_TRAFFIC, covers, formatPorts, intersect, normalise, PortRange, widerThan } from "./ports";

export const SECURITY_GROUP_TYPES = [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
];
const RULE_TYPES = [
    ...SECURITY_GROUP_TYPES,
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
];
const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** The architecture's roles, in matrix order. */
export const ROLES = ["internet", "cloudfront", "alb", "bff", "agentcore", "rds", "endpoints", "s3"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_LABELS: Record<Role, string> = {
    internet: "Internet",
    cloudfront: "CloudFront",
    alb: "ALB",
    bff: "BFF",
    agentcore: "AgentCore",
    rds: "RDS",
    endpoints: "VPC endpoints",
    s3: "S3 (prefix list)",
};

/** Which security group plays which role, by its logical name (first match wins). */
const ROLE_PATTERNS: [Role, RegExp][] = [
    ["endpoints", /endpoint|vpce/i],
    ["rds", /database|rds|postgres|\bdb\b/i],
    ["alb", /alb|edge|load-?balancer/i],
    ["bff", /bff/i],
    ["agentcore", /agent/i],
];

/** Interface endpoints every task needs without a NAT gateway, and why. */
const TASK_ENDPOINTS: Record<string, string> = {
    "ecr.api": "ECR API: image manifest and auth token",
    "ecr.dkr": "ECR registry: image pull",
    logs: "CloudWatch Logs: the awslogs driver",
    ssm: "SSM Parameter Store: container secrets",
    sts: "STS: role credentials for the AWS SDK",
};
/** Extra interface endpoints of AgentCore. */
const AGENT_ENDPOINTS: Record<string, string> = {
    "bedrock-runtime": "Bedrock runtime: InvokeModel",
    "bedrock-agent-runtime": "Bedrock agent runtime: InvokeAgent",
};
/** Endpoints a task needs when its roles or container secrets use the service. */
const EVIDENCED_ENDPOINTS: Record<string, string> = {
    secretsmanager: "Secrets Manager: secrets its roles read",
};
/** The endpoints every stack needs, in order (S3 is the gateway endpoint); more when the graph uses them. */
export const REQUIRED_ENDPOINT_SERVICES = [...Object.keys(TASK_ENDPOINTS), ...Object.keys(AGENT_ENDPOINTS), "s3"];

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

export type PathStatus = "ok" | "missing" | "assumed";

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
    /** `ok`, or the worst finding: `blocked` (a needed path is missing) / `exposed` / `warnings`. */
    readonly verdict: "ok" | "warnings" | "exposed" | "blocked";
}

interface RuleSide {
    readonly rule: NormalisedRule;
    readonly resource: EvaluatedResource;
    readonly targets: string[];
}

/** Computes the reachability of one evaluated stack. */
export function computeReachability(graph: PlanGraph): Reachability {
    return new ReachabilityBuilder(graph).build();
}

class ReachabilityBuilder {
    private readonly nodes = new Map<string, ReachNode>();
    /** Security group URN or outside id -> node id. */
    private readonly nodeOfGroup = new Map<string, string>();
    private readonly ingress = new Map<string, RuleSide[]>();
    private readonly egress = new Map<string, RuleSide[]>();
    private readonly findings: ReachFinding[] = [];
    private readonly vpcCidrs: string[];
    private readonly outside: OutsideIds;
    private s3PrefixLists = new Set<string>();
    private cloudFrontPrefixLists = new Set<string>();

    constructor(private readonly graph: PlanGraph) {
        this.vpcCidrs = graph
            .ofType("aws:ec2/vpc:Vpc")
            .map((v) => graph.props(v).cidrBlock)
            .filter((c): c is string => typeof c === "string");
        this.outside = outsideIds(graph);
        if (this.outside.vpcCidr) this.vpcCidrs.push(this.outside.vpcCidr);
    }

    build(): Reachability {
        this.addGroupNodes();
        this.findPrefixLists();
        this.collectRules();
        const edges = this.edges();
        const required = this.requiredPaths(edges);
        const endpoints = this.endpointChecks();
        this.judge(edges, required, endpoints);
        const order = (id: string) => {
            const i = (ROLES as readonly string[]).indexOf(id);
            return i >= 0 ? i : id.startsWith("cidr:") ? 0.5 : ROLES.length;
        };
        const nodes = [...this.nodes.values()]
            .filter((n) => n.kind === "securityGroup" || edges.some((e) => e.from === n.id || e.to === n.id))
            .sort((a, b) => order(a.id) - order(b.id) || a.id.localeCompare(b.id));
        edges.sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to) || a.to.localeCompare(b.to));
        const matrix: Record<string, Record<string, string>> = {};
        for (const e of edges) (matrix[e.from] ??= {})[e.to] = e.text;
        const severities = new Set(this.findings.map((f) => f.severity));
        const verdict = severities.has("blocking")
            ? "blocked"
            : severities.has("error")
              ? "exposed"
              : severities.has("warning")
                ? "warnings"
                : "ok";
        return { nodes, edges, matrix, required, endpoints, findings: this.findings, verdict };
    }

    // ---- nodes -------------------------------------------------------------------------------

    private addGroupNodes(): void {
        const attachments = this.attachments();
        for (const sg of this.graph.resources.filter((r) => SECURITY_GROUP_TYPES.includes(r.type))) {
            const role = roleOf(sg.name) ?? roleOf(String((this.graph.props(sg).tags as any)?.Name ?? ""));
            const id = role ?? `sg:${sg.name}`;
            const a = attachments.get(sg.urn) ?? { cidrs: [], members: [] };
            this.addToNode(id, role ? ROLE_LABELS[role] : sg.name, sg.urn, false, a.cidrs, a.members);
        }
        const outsideRoles: [Role, string | undefined][] = [
            ["endpoints", this.outside.endpointSecurityGroupId],
            ["rds", this.outside.databaseSecurityGroupId],
        ];
        for (const [role, sgId] of outsideRoles) {
            if (sgId !== undefined && !this.graph.byId.has(sgId)) {
                this.addToNode(role, `${ROLE_LABELS[role]} (existing)`, sgId, true, [], []);
            }
        }
    }

    private addToNode(
        id: string,
        label: string,
        group: string,
        outsideStack: boolean,
        cidrs: string[],
        members: string[],
    ): void {
        const existing = this.nodes.get(id);
        const node: ReachNode = existing
            ? {
                  ...existing,
                  securityGroups: [...existing.securityGroups, group],
                  cidrs: unique([...existing.cidrs, ...cidrs]),
                  members: unique([...existing.members, ...members]),
              }
            : { id, label, kind: "securityGroup", securityGroups: [group], outsideStack, cidrs, members };
        this.nodes.set(id, node);
        this.nodeOfGroup.set(group, id);
    }

    private externalNode(id: string, label: string): string {
        if (!this.nodes.has(id)) {
            this.nodes.set(id, {
                id,
                label,
                kind: "external",
                securityGroups: [],
                outsideStack: true,
                cidrs: [],
                members: [],
            });
        }
        return id;
    }

    /** Which resources use each security group, and the CIDRs of their subnets. */
    private attachments(): Map<string, { cidrs: string[]; members: string[] }> {
        const g = this.graph;
        const out = new Map<string, { cidrs: string[]; members: string[] }>();
        const subnetCidrs = (subnets: EvaluatedResource[]) =>
            subnets.map((s) => g.props(s).cidrBlock).filter((c): c is string => typeof c === "string");
        const attach = (r: EvaluatedResource, sgPath: string, subnetPath: string) => {
            const groups = g.referencedPath(r, sgPath, SECURITY_GROUP_TYPES);
            let subnets = g.referencedPath(r, subnetPath, ["aws:ec2/subnet:Subnet"]);
            if (r.type === "aws:rds/instance:Instance") {
                const subnetGroup = g.referencedPath(r, "dbSubnetGroupName", ["aws:rds/subnetGroup:SubnetGroup"])[0];
                subnets = subnetGroup ? g.referencedPath(subnetGroup, "subnetIds", ["aws:ec2/subnet:Subnet"]) : [];
            }
            for (const sg of groups) {
                const entry = out.get(sg.urn) ?? { cidrs: [], members: [] };
                entry.cidrs.push(...subnetCidrs(subnets));
                entry.members.push(r.name);
                out.set(sg.urn, entry);
            }
        };
        for (const r of g.resources) {
            switch (r.type) {
                case "aws:lb/loadBalancer:LoadBalancer":
                    attach(r, "securityGroups", "subnets");
                    break;
                case "aws:ecs/service:Service":
                    attach(r, "networkConfiguration.securityGroups", "networkConfiguration.subnets");
                    break;
                case "aws:rds/instance:Instance":
                    attach(r, "vpcSecurityGroupIds", "");
                    break;
                case VPC_ENDPOINT:
                    attach(r, "securityGroupIds", "subnetIds");
                    break;
            }
        }
        return out;
    }

    /** The S3 gateway's prefix list, and CloudFront's: a prefix list the ALB admits that is not S3's. */
    private findPrefixLists(): void {
        for (const e of this.graph.ofType(VPC_ENDPOINT)) {
            const p = this.graph.props(e);
            if (p.vpcEndpointType === "Gateway" && /\.s3$/.test(String(p.serviceName)) && isKnown(p.prefixListId)) {
                this.s3PrefixLists.add(String(p.prefixListId));
            }
        }
        if (this.outside.s3PrefixListId) this.s3PrefixLists.add(this.outside.s3PrefixListId);
        this.externalNode("internet", ROLE_LABELS.internet);
        this.externalNode("s3", ROLE_LABELS.s3);
        const albGroups = new Set(this.nodes.get("alb")?.securityGroups ?? []);
        for (const r of this.graph.resources.filter((x) => RULE_TYPES.includes(x.type))) {
            for (const rule of this.rulesOf(r)) {
                if (rule.direction !== "ingress" || !albGroups.has(this.ownerOf(r, rule) ?? "")) continue;
                for (const peer of rule.peers) {
                    if (peer.kind === "prefixList" && !this.s3PrefixLists.has(peer.id)) {
                        this.cloudFrontPrefixLists.add(peer.id);
                    }
                }
            }
        }
        if (this.cloudFrontPrefixLists.size > 0 || this.hasDistribution()) {
            this.externalNode("cloudfront", ROLE_LABELS.cloudfront);
        }
    }

    private hasDistribution(): boolean {
        return this.graph.ofType("aws:cloudfront/distribution:Distribution").length > 0;
    }

    // ---- rules -------------------------------------------------------------------------------

    private readonly ruleCache = new Map<string, NormalisedRule[]>();

    private rulesOf(r: EvaluatedResource): NormalisedRule[] {
        let rules = this.ruleCache.get(r.urn);
        if (rules === undefined) {
            const props = policyProps(Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs);
            rules = normaliseSecurityGroupRules(r.type, props, { urn: r.urn, name: r.name });
            this.ruleCache.set(r.urn, rules);
        }
        return rules;
    }

    /** The group a rule belongs to: the group itself (inline) or its `securityGroupId`. */
    private ownerOf(r: EvaluatedResource, rule: NormalisedRule): string | undefined {
        if (SECURITY_GROUP_TYPES.includes(r.type)) return r.urn;
        if (typeof rule.securityGroupId === "string" && this.nodeOfGroup.has(rule.securityGroupId)) {
            return rule.securityGroupId;
        }
        return this.graph.referencedPath(r, "securityGroupId", SECURITY_GROUP_TYPES)[0]?.urn;
    }

    private collectRules(): void {
        for (const r of this.graph.resources.filter((x) => RULE_TYPES.includes(x.type))) {
            for (const rule of this.rulesOf(r)) {
                const owner = this.ownerOf(r, rule);
                const ownerNode = owner ? this.nodeOfGroup.get(owner) : undefined;
                if (ownerNode === undefined) {
                    this.findings.push({
                        severity: "warning",
                        code: "unresolved-rule",
                        message: `${r.name}: cannot tell which security group the ${rule.direction} rule belongs to`,
                    });
                    continue;
                }
                const targets = unique(rule.peers.flatMap((p) => this.resolvePeer(r, p, ownerNode)));
                const side = rule.direction === "ingress" ? this.ingress : this.egress;
                side.set(ownerNode, [...(side.get(ownerNode) ?? []), { rule, resource: r, targets }]);
            }
        }
    }

    /** The nodes a peer stands for. */
    private resolvePeer(r: EvaluatedResource, peer: Peer, ownerNode: string): string[] {
        switch (peer.kind) {
            case "self":
                return [ownerNode];
            case "securityGroup": {
                const sg = this.graph.byId.get(peer.id);
                const node = this.nodeOfGroup.get(sg?.urn ?? peer.id);
                return node ? [node] : [this.externalNode(`sg:${peer.id}`, `security group ${peer.id}`)];
            }
            case "prefixList":
                if (this.s3PrefixLists.has(peer.id)) return ["s3"];
                if (this.cloudFrontPrefixLists.has(peer.id)) return ["cloudfront"];
                return [this.externalNode(`pl:${peer.id}`, `prefix list ${peer.id}`)];
            case "cidr":
                return this.cidrTargets(peer.cidr);
            case "unknown": {
                // Preview: the value is unknown, but the engine knows which resource it came from.
                const field = peer.field.split(/[.[]/)[0];
                const deps = (r.propertyDependencies[field] ?? []).map((u) => this.graph.byUrn.get(u));
                const out: string[] = [];
                for (const d of deps) {
                    if (d && SECURITY_GROUP_TYPES.includes(d.type)) out.push(this.nodeOfGroup.get(d.urn)!);
                    if (d && d.type === VPC_ENDPOINT && /\.s3$/.test(String(this.graph.props(d).serviceName))) {
                        out.push("s3");
                    }
                }
                if (out.length === 0) {
                    this.findings.push({
                        severity: "warning",
                        code: "unknown-peer",
                        message: `${r.name}: peer ${peer.field} is unknown until deploy; not counted`,
                    });
                }
                return out.filter(Boolean);
            }
        }
    }

    /** A CIDR matches every node whose subnets it overlaps, plus the outside world it covers. */
    private cidrTargets(cidr: string): string[] {
        const out = [...this.nodes.values()]
            .filter((n) => n.kind === "securityGroup" && n.cidrs.some((c) => cidrsOverlap(c, cidr)))
            .map((n) => n.id);
        if (isWorldOpen(cidr)) out.push("internet", "s3");
        else if (!this.vpcCidrs.some((v) => cidrContains(v, cidr))) out.push(this.externalNode(`cidr:${cidr}`, cidr));
        return out;
    }

    // ---- edges -------------------------------------------------------------------------------

    private edges(): ReachEdge[] {
        const nodes = [...this.nodes.values()];
        const edges: ReachEdge[] = [];
        for (const src of nodes) {
            for (const dst of nodes) {
                if (src.id === dst.id || dst.id === "cloudfront") continue;
                if (src.kind === "external" && dst.kind === "external") continue;
                if (src.id === "s3") continue;
                const e = this.edge(src, dst);
                if (e) edges.push(e);
            }
        }
        if (this.nodes.has("cloudfront") && this.hasDistribution()) {
            edges.unshift({
                from: "internet",
                to: "cloudfront",
                ports: normalise([
                    { protocol: "tcp", from: 80, to: 80 },
                    { protocol: "tcp", from: 443, to: 443 },
                ]),
                text: "tcp 80,443",
                rules: [],
                assumed: false,
                note: "CloudFront is public by design (HTTP redirects to HTTPS)",
            });
        }
        return edges;
    }

    private edge(src: ReachNode, dst: ReachNode): ReachEdge | undefined {
        const rules: string[] = [];
        const side = (sides: RuleSide[] | undefined, target: string): PortRange[] => {
            const matching = (sides ?? []).filter((s) => s.targets.includes(target));
            rules.push(...matching.map((s) => s.resource.name));
            return normalise(matching.map((s) => ({ protocol: s.rule.protocol, from: s.rule.fromPort, to: s.rule.toPort })));
        };
        // Traffic from outside the VPC is not subject to any egress rule of ours.
        const out = src.kind === "external" ? [...ALL_TRAFFIC] : side(this.egress.get(src.id), dst.id);
        if (out.length === 0) return undefined;
        // No group guards the internet or S3 behind its gateway endpoint. A group outside the stack
        // counts with the rules this stack gives it (rules only ever allow; its own are unknown here).
        const into = dst.kind === "external" ? [...ALL_TRAFFIC] : side(this.ingress.get(dst.id), src.id);
        const ports = intersect(out, into);
        if (ports.length === 0) return undefined;
        const unrouted = dst.id === "internet" && !this.routesToInternet(src);
        return {
            from: src.id,
            to: dst.id,
            ports,
            text: formatPorts(ports),
            rules: unique(rules),
            assumed: false,
            ...(unrouted ? { note: "no route to the internet from its subnets" } : {}),
        };
    }

    /** True when one of the node's subnets has a default route (IGW or NAT). */
    private routesToInternet(node: ReachNode): boolean {
        const g = this.graph;
        const defaultTables = new Set(
            g
                .ofType("aws:ec2/route:Route")
                .filter((r) => g.props(r).destinationCidrBlock === "0.0.0.0/0")
                .flatMap((r) => g.referencedPath(r, "routeTableId", ["aws:ec2/routeTable:RouteTable"]))
                .map((t) => t.urn),
        );
        for (const assoc of g.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation")) {
            const subnet = g.referencedPath(assoc, "subnetId", ["aws:ec2/subnet:Subnet"])[0];
            const table = g.referencedPath(assoc, "routeTableId", ["aws:ec2/routeTable:RouteTable"])[0];
            const cidr = subnet ? g.props(subnet).cidrBlock : undefined;
            if (table && defaultTables.has(table.urn) && typeof cidr === "string" && node.cidrs.includes(cidr)) {
                return true;
            }
        }
        return false;
    }

    // ---- what the tasks need -----------------------------------------------------------------

    private requiredPaths(edges: ReachEdge[]): RequiredPath[] {
        const ports = this.ports();
        const needs: Omit<RequiredPath, "status" | "detail">[] = [];
        const tcp = (from: string, to: string, port: number, why: string) =>
            needs.push({ from, to, protocol: "tcp", port, why });
        if (this.nodes.has("cloudfront")) {
            for (const port of ports.cloudFrontToAlb) tcp("cloudfront", "alb", port, "CloudFront origin requests");
        }
        for (const cidr of this.outside.allowedCidrs) {
            for (const port of ports.listeners) tcp(`cidr:${cidr}`, "alb", port, "allowed network to the listener");
        }
        const tasks = (["bff", "agentcore"] as const).filter((t) => this.nodes.has(t));
        if (this.nodes.has("alb") && tasks.includes("bff")) {
            tcp("alb", "bff", ports.bff, "ALB forwards requests and health checks to the BFF");
        }
        if (tasks.includes("bff") && tasks.includes("agentcore")) {
            tcp("bff", "agentcore", ports.agentcore, "BFF calls AgentCore (Cloud Map)");
        }
        for (const task of tasks) {
            const endpointNeeds = this.endpointNeeds(task);
            tcp(task, "endpoints", 443, `interface endpoints: ${endpointNeeds.join(", ")}`);
            tcp(task, "s3", 443, "S3 gateway endpoint: ECR image layers");
            if (this.nodes.has("rds")) tcp(task, "rds", ports.rds, "PostgreSQL");
        }
        return needs.map((n) => {
            const edge = edges.find((e) => e.from === n.from && e.to === n.to);
            if (edge !== undefined && covers(edge.ports, n.protocol, n.port)) return { ...n, status: "ok" as const };
            const gaps = this.gaps(n.from, n.to, n.port);
            // A missing half that belongs to a group outside the stack may well exist there.
            const assumed = gaps.length > 0 && gaps.every((g) => g.outside);
            return {
                ...n,
                status: assumed ? ("assumed" as const) : ("missing" as const),
                detail: assumed
                    ? `${gaps.map((g) => g.text).join("; ")} in this stack; assumed to be granted by the existing network`
                    : gaps.map((g) => g.text).join("; ") || "not allowed",
            };
        });
    }

    /** Which half of a connection no rule admits, and whether that half's group is outside the stack. */
    private gaps(from: string, to: string, port: number): { text: string; outside: boolean }[] {
        const src = this.nodes.get(from);
        const dst = this.nodes.get(to);
        if (!src || !dst) return [{ text: `${!src ? from : to} is not in the graph`, outside: false }];
        const admits = (sides: RuleSide[] | undefined, target: string) =>
            (sides ?? []).some(
                (s) =>
                    s.targets.includes(target) &&
                    covers([{ protocol: s.rule.protocol, from: s.rule.fromPort, to: s.rule.toPort }], "tcp", port),
            );
        const gaps: { text: string; outside: boolean }[] = [];
        if (src.kind === "securityGroup" && !admits(this.egress.get(from), to)) {
            gaps.push({ text: `no egress rule of ${src.label} admits ${dst.label} on tcp ${port}`, outside: src.outsideStack });
        }
        if (dst.kind === "securityGroup" && !admits(this.ingress.get(to), from)) {
            gaps.push({ text: `no ingress rule of ${dst.label} admits ${src.label} on tcp ${port}`, outside: dst.outsideStack });
        }
        return gaps;
    }

    /** The ports the graph says each hop uses (target group, container port, instance port, listeners). */
    private ports(): { bff: number; agentcore: number; rds: number; listeners: number[]; cloudFrontToAlb: number[] } {
        const g = this.graph;
        const tg = g.ofType("aws:lb/targetGroup:TargetGroup").find((t) => /bff/i.test(t.name));
        const bff = num(tg ? g.props(tg).port : undefined) ?? containerPort(g, /bff/i) ?? 3000;
        const agentcore = containerPort(g, /agent/i) ?? 8080;
        const rdsInstance = g.ofType("aws:rds/instance:Instance")[0];
        const rds = num(rdsInstance ? g.props(rdsInstance).port : undefined) ?? 5432;
        const listeners = unique(
            g
                .ofType("aws:lb/listener:Listener")
                .map((l) => num(g.props(l).port))
                .filter((p): p is number => p !== undefined),
        );
        const cloudFrontToAlb: number[] = [];
        for (const d of g.ofType("aws:cloudfront/distribution:Distribution")) {
            for (const origin of flatten(g.props(d).origins) as any[]) {
                const c = origin?.customOriginConfig;
                if (!c) continue;
                const policy = String(c.originProtocolPolicy ?? "https-only");
                if (policy !== "https-only") cloudFrontToAlb.push(num(c.httpPort) ?? 80);
                if (policy !== "http-only") cloudFrontToAlb.push(num(c.httpsPort) ?? 443);
            }
        }
        return { bff, agentcore, rds, listeners, cloudFrontToAlb: unique(cloudFrontToAlb) };
    }

    private endpointChecks(): EndpointCheck[] {
        const g = this.graph;
        const present = g.ofType(VPC_ENDPOINT).map((e) => ({ e, p: g.props(e) }));
        const assumed = this.outside.networkOutsideStack && present.length === 0;
        const needed = unique([
            ...Object.keys(TASK_ENDPOINTS),
            ...Object.keys(AGENT_ENDPOINTS),
            ...(["bff", "agentcore"] as const).filter((t) => this.nodes.has(t)).flatMap((t) => this.endpointNeeds(t)),
            "s3",
        ]);
        return needed.map((service): EndpointCheck => {
            const type = service === "s3" ? "Gateway" : "Interface";
            if (assumed) return { service, type, status: "assumed (existing network)" };
            const hit = present.find(({ p }) => String(p.serviceName ?? "").endsWith(`.${service}`));
            if (!hit) return { service, type, status: "missing" };
            if (String(hit.p.vpcEndpointType ?? "Gateway") !== type) {
                return { service, type, status: "missing", resource: hit.e.name, detail: `is a ${hit.p.vpcEndpointType} endpoint` };
            }
            if (type === "Interface" && hit.p.privateDnsEnabled !== true) {
                return { service, type, status: "missing", resource: hit.e.name, detail: "private DNS is off: the SDKs would not resolve to it" };
            }
            if (type === "Gateway") {
                const unrouted = this.taskSubnetsWithoutS3Route(hit.e);
                if (unrouted.length > 0) {
                    return { service, type, status: "missing", resource: hit.e.name, detail: `no route from ${unrouted.join(", ")}` };
                }
            }
            return { service, type, status: "present", resource: hit.e.name };
        });
    }

    /** The interface endpoints a task needs: the contract, plus services its roles or secrets use. */
    private endpointNeeds(task: "bff" | "agentcore"): string[] {
        const base = Object.keys(task === "agentcore" ? { ...TASK_ENDPOINTS, ...AGENT_ENDPOINTS } : TASK_ENDPOINTS);
        const evidence = this.taskEvidence(task);
        return [...base, ...Object.keys(EVIDENCED_ENDPOINTS).filter((svc) => evidence.includes(`${svc}:`))];
    }

    /** The task's container definitions and its roles' policy documents, as one text. */
    private taskEvidence(task: string): string {
        const g = this.graph;
        const members = new Set(this.nodes.get(task)?.members ?? []);
        const texts: string[] = [];
        for (const svc of g.ofType("aws:ecs/service:Service").filter((s) => members.has(s.name))) {
            for (const td of g.referencedPath(svc, "taskDefinition", ["aws:ecs/taskDefinition:TaskDefinition"])) {
                texts.push(String(g.props(td).containerDefinitions ?? ""));
                const roles = [
                    ...g.referencedPath(td, "taskRoleArn", ["aws:iam/role:Role"]),
                    ...g.referencedPath(td, "executionRoleArn", ["aws:iam/role:Role"]),
                ];
                for (const role of roles) {
                    texts.push(JSON.stringify(g.props(role).inlinePolicies ?? ""));
                    for (const rp of g.ofType("aws:iam/rolePolicy:RolePolicy")) {
                        if (g.referencedPath(rp, "role", ["aws:iam/role:Role"]).some((r) => r.urn === role.urn)) {
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
    private taskSubnetsWithoutS3Route(endpoint: EvaluatedResource): string[] {
        const g = this.graph;
        const routed = new Set(g.referencedPath(endpoint, "routeTableIds", ["aws:ec2/routeTable:RouteTable"]).map((t) => t.urn));
        const out: string[] = [];
        for (const svc of g.ofType("aws:ecs/service:Service")) {
            for (const subnet of g.referencedPath(svc, "networkConfiguration.subnets", ["aws:ec2/subnet:Subnet"])) {
                const assoc = g
                    .ofType("aws:ec2/routeTableAssociation:RouteTableAssociation")
                    .find((a) => g.referencedPath(a, "subnetId", ["aws:ec2/subnet:Subnet"])[0]?.urn === subnet.urn);
                const table = assoc ? g.referencedPath(assoc, "routeTableId", ["aws:ec2/routeTable:RouteTable"])[0] : undefined;
                if (!table || !routed.has(table.urn)) out.push(subnet.name);
            }
        }
        return unique(out);
    }

    // ---- verdict -----------------------------------------------------------------------------

    private judge(edges: ReachEdge[], required: RequiredPath[], endpoints: EndpointCheck[]): void {
        for (const p of required.filter((r) => r.status === "missing")) {
            this.findings.push({
                severity: "blocking",
                code: "missing-path",
                message: `${this.label(p.from)} cannot reach ${this.label(p.to)} on tcp ${p.port} (${p.why}): ${p.detail}`,
            });
        }
        for (const e of endpoints.filter((x) => x.status === "missing")) {
            this.findings.push({
                severity: "blocking",
                code: "missing-endpoint",
                message: `VPC endpoint ${e.service} (${e.type}) ${e.detail ?? "is not in the graph"}: tasks cannot start without it (no NAT)`,
            });
        }
        const intended = new Map<string, number[]>();
        for (const p of required) intended.set(`${p.from}>${p.to}`, [...(intended.get(`${p.from}>${p.to}`) ?? []), p.port]);
        for (const e of edges) {
            if (e.note && e.from === "internet") continue;
            const expectedPorts = intended.get(`${e.from}>${e.to}`);
            const fromOutside = e.from === "internet" || e.from.startsWith("cidr:") || e.from.startsWith("pl:");
            if (expectedPorts === undefined) {
                const routed = e.note === undefined;
                this.findings.push({
                    severity: fromOutside ? "error" : "warning",
                    code: fromOutside ? "exposed" : "unexpected-path",
                    message:
                        `${this.label(e.from)} reaches ${this.label(e.to)} on ${e.text}` +
                        (fromOutside ? " (only CloudFront and the allowed networks may reach the ALB)" : "") +
                        (routed ? "" : ` (${e.note})`) +
                        ` via ${e.rules.join(", ") || "no rule"}`,
                });
            } else if (widerThan(e.ports, "tcp", expectedPorts)) {
                this.findings.push({
                    severity: fromOutside ? "error" : "warning",
                    code: "wider-than-needed",
                    message: `${this.label(e.from)} reaches ${this.label(e.to)} on ${e.text}; it needs only tcp ${expectedPorts.join(",")}`,
                });
            }
        }
    }

    private label(id: string): string {
        return this.nodes.get(id)?.label ?? id;
    }
}

function roleOf(name: string): Role | undefined {
    return ROLE_PATTERNS.find(([, re]) => re.test(name))?.[0];
}

/** Ids the stack takes from outside (existing network, stack references) and the ALB's allowed CIDRs. */
interface OutsideIds {
    readonly networkOutsideStack: boolean;
    readonly endpointSecurityGroupId?: string;
    readonly databaseSecurityGroupId?: string;
    readonly s3PrefixListId?: string;
    readonly vpcCidr?: string;
    readonly allowedCidrs: string[];
}

function outsideIds(graph: PlanGraph): OutsideIds {
    const config = graph.stack.config;
    const read = (key: string) => parseJson(config[`${graph.stack.project}:${key}`]) as Record<string, any> | undefined;
    const network = read("network") ?? {};
    const database = read("database") ?? {};
    const edge = read("edge") ?? {};
    const referenced: Record<string, unknown> = {};
    for (const ref of graph.ofType("pulumi:pulumi:StackReference")) {
        Object.assign(referenced, (graph.props(ref).outputs as Record<string, unknown>) ?? {});
    }
    const str = (v: unknown) => (typeof v === "string" && isKnown(v) ? v : undefined);
    const networkOutside = network.mode === "existing" || network.mode === "stackReference";
    return {
        networkOutsideStack: networkOutside,
        endpointSecurityGroupId: networkOutside
            ? str(network.endpointSecurityGroupId) ?? str(referenced.endpointSecurityGroupId)
            : undefined,
        databaseSecurityGroupId:
            database.mode === "existing" || database.mode === "stackReference"
                ? str(database.securityGroupId) ?? str(referenced.securityGroupId)
                : undefined,
        s3PrefixListId: networkOutside ? str(network.s3PrefixListId) ?? str(referenced.s3PrefixListId) : undefined,
        vpcCidr: networkOutside ? str(network.vpcCidr) ?? str(referenced.vpcCidr) : undefined,
        allowedCidrs: Array.isArray(edge.allowedCidrs) ? edge.allowedCidrs.filter((c: unknown) => typeof c === "string") : [],
    };
}

function containerPort(graph: PlanGraph, name: RegExp): number | undefined {
    const td = graph.ofType("aws:ecs/taskDefinition:TaskDefinition").find((t) => name.test(t.name));
    const defs = td ? parseJson(graph.props(td).containerDefinitions) : undefined;
    const first = Array.isArray(defs) ? defs[0] : undefined;
    return num(first?.portMappings?.[0]?.containerPort);
}

function num(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
    return undefined;
}

function unique<T>(items: readonly T[]): T[] {
    return [...new Set(items)];
}
