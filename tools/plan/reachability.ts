/**
 * Network reachability from the security-group graph of an evaluated stack: who can open a
 * connection to whom, on which ports, across internet / CloudFront / ALB / each service of the
 * stack's map / RDS / VPC endpoints / S3 (prefix list). A group is placed by the tags the program
 * sets (the service it belongs to, or its fixed tier), a group without them by its name.
 *
 * Rules of every shape (inline, `ec2.SecurityGroupRule`, `vpc.SecurityGroup{In,E}gressRule`) are
 * read through the policy pack's normaliser. Security groups are stateful, so a connection from
 * group A to group B needs A's egress to admit B *and* B's ingress to admit A; a source outside
 * the VPC (a CIDR, a prefix list) only needs B's ingress, and a destination without a group (the
 * internet, S3 behind its gateway endpoint) only needs A's egress.
 *
 * Then the opposite direction (needs.ts): every path a task needs to start and serve must exist;
 * each missing one is a deploy-blocking finding, as is a missing VPC endpoint. The verdict also
 * flags anything outside the VPC that reaches more than the public entry, and unexpected paths.
 */
import { entryPath, vpcOriginFindings } from "./entry-path";
import type { EvaluatedResource } from "../../offline/evaluate";
import { policyProps } from "../../offline/analyze";
import { cidrContains, cidrsOverlap, isWorldOpen } from "../../policy-pack/lib/cidr";
import { normaliseSecurityGroupRules, NormalisedRule, Peer } from "../../policy-pack/lib/sg-rules";
import { isKnown, PlanGraph } from "./graph";
import { endpointChecks, NetworkView, requiredPaths } from "./needs";
import { securityGroupAttachments } from "./reachability-attachments";
import { judgeReachability, verdictOf } from "./reachability-verdict";
import { ALL_TRAFFIC, covers, formatPorts, intersect, normalise, PortRange } from "./ports";
import {
    outsideIds,
    OutsideIds,
    Reachability,
    ReachEdge,
    ReachFinding,
    ReachNode,
    FixedRole,
    nodeOrder,
    ROLE_LABELS,
    ROLE_OF_TIER_TAG,
    roleOf,
    RULE_TYPES,
    SECURITY_GROUP_TYPES,
    unique,
} from "./reachability-model";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { SERVICE_TAG, TIER_TAG } from "../../policy-pack/lib/service-tags";
import { planServices } from "./services";
import { routesToInternet } from "./internet-routes";

export * from "./reachability-model";

interface RuleSide {
    readonly rule: NormalisedRule;
    readonly resource: EvaluatedResource;
    readonly targets: string[];
}

/** Computes the reachability of one evaluated stack. */
export function computeReachability(graph: PlanGraph): Reachability {
    return new ReachabilityBuilder(graph).build();
}

class ReachabilityBuilder implements NetworkView {
    readonly nodes = new Map<string, ReachNode>();
    /** Security group URN or outside id -> node id. */
    private readonly nodeOfGroup = new Map<string, string>();
    private readonly ingress = new Map<string, RuleSide[]>();
    private readonly egress = new Map<string, RuleSide[]>();
    private readonly findings: ReachFinding[] = [];
    private readonly vpcCidrs: string[];
    readonly outside: OutsideIds;
    private s3PrefixLists = new Set<string>();
    private cloudFrontPrefixLists = new Set<string>();

    constructor(readonly graph: PlanGraph) {
        this.vpcCidrs = graph
            .ofType(AWS_TYPE.ec2.Vpc)
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
        const required = requiredPaths(this, edges);
        const endpoints = endpointChecks(this);
        this.findings.push(...judgeReachability((id) => this.label(id), edges, required, endpoints));
        this.findings.push(...vpcOriginFindings(this.graph));
        const order = nodeOrder(planServices(this.graph).map((s) => s.name));
        const nodes = [...this.nodes.values()]
            .filter((n) => n.kind === "securityGroup" || edges.some((e) => e.from === n.id || e.to === n.id))
            .sort((a, b) => order(a.id) - order(b.id) || a.id.localeCompare(b.id));
        edges.sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to) || a.to.localeCompare(b.to));
        const matrix: Record<string, Record<string, string>> = {};
        for (const e of edges) (matrix[e.from] ??= {})[e.to] = e.text;
        for (const p of required.filter((r) => r.status === "refused")) {
            const row = matrix[p.from];
            if (row?.[p.to] !== undefined && !row[p.to].endsWith("(listener refuses)")) {
                row[p.to] = `${row[p.to]} (listener refuses)`;
            }
        }
        return {
            nodes,
            edges,
            matrix,
            required,
            endpoints,
            findings: this.findings,
            entry: entryPath(this.graph),
            verdict: verdictOf(this.findings),
        };
    }

    // ---- nodes -------------------------------------------------------------------------------

    private addGroupNodes(): void {
        const attachments = securityGroupAttachments(this.graph);
        const labels = new Map(planServices(this.graph).map((s) => [s.name, s.label]));
        for (const sg of this.graph.resources.filter((r) => SECURITY_GROUP_TYPES.includes(r.type))) {
            const tags = (this.graph.props(sg).tags ?? {}) as Record<string, unknown>;
            const service = typeof tags[SERVICE_TAG] === "string" ? (tags[SERVICE_TAG] as string) : undefined;
            const role =
                service === undefined
                    ? (ROLE_OF_TIER_TAG[String(tags[TIER_TAG] ?? "")] ??
                      roleOf(sg.name) ??
                      roleOf(String(tags.Name ?? "")))
                    : undefined;
            const id = service ?? role ?? `sg:${sg.name}`;
            const label = service !== undefined ? (labels.get(service) ?? service) : role ? ROLE_LABELS[role] : sg.name;
            const a = attachments.get(sg.urn) ?? { cidrs: [], members: [] };
            this.addToNode(id, label, sg.urn, false, a.cidrs, a.members);
        }
        const outsideRoles: [FixedRole, string | undefined][] = [
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

    /** The S3 gateway's prefix list, and CloudFront's: a prefix list the ALB admits that is not S3's. */
    private findPrefixLists(): void {
        for (const e of this.graph.ofType(AWS_TYPE.ec2.VpcEndpoint)) {
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
        return this.graph.ofType(AWS_TYPE.cloudfront.Distribution).length > 0;
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
                    if (
                        d &&
                        d.type === AWS_TYPE.ec2.VpcEndpoint &&
                        /\.s3$/.test(String(this.graph.props(d).serviceName))
                    ) {
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
            return normalise(
                matching.map((s) => ({ protocol: s.rule.protocol, from: s.rule.fromPort, to: s.rule.toPort })),
            );
        };
        // Traffic from outside the VPC is not subject to any egress rule of ours.
        const out = src.kind === "external" ? [...ALL_TRAFFIC] : side(this.egress.get(src.id), dst.id);
        if (out.length === 0) return undefined;
        // No group guards the internet or S3 behind its gateway endpoint. A group outside the stack
        // counts with the rules this stack gives it (rules only ever allow; its own are unknown here).
        const into = dst.kind === "external" ? [...ALL_TRAFFIC] : side(this.ingress.get(dst.id), src.id);
        const ports = intersect(out, into);
        if (ports.length === 0) return undefined;
        const unrouted = dst.id === "internet" && !routesToInternet(this.graph, src.cidrs);
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

    admits(direction: "ingress" | "egress", node: string, target: string, port: number): boolean {
        const sides = (direction === "ingress" ? this.ingress : this.egress).get(node) ?? [];
        return sides.some(
            (s) =>
                s.targets.includes(target) &&
                covers([{ protocol: s.rule.protocol, from: s.rule.fromPort, to: s.rule.toPort }], "tcp", port),
        );
    }

    private label(id: string): string {
        return this.nodes.get(id)?.label ?? id;
    }
}
