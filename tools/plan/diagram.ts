/**
 * The architecture diagram, drawn from the evaluated graph and its reachability (never by hand):
 * tiers left to right, one cluster per subnet tier with its CIDRs, security-group edges labelled
 * with the ports the reachability allows, Cloud Map and the VPC endpoints. Two renderings of one
 * model: Mermaid (renders in a pull request) and Graphviz DOT (rendered to SVG offline).
 */
import { PlanGraph } from "./graph";
import { outsideIds, Reachability, ReachNode } from "./reachability";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { serviceOfTags } from "../../policy-pack/lib/service-tags";
import { planServices } from "./services";

export interface DiagramNode {
    readonly id: string;
    readonly label: string;
    readonly shape: "circle" | "box" | "cylinder" | "note";
}

export interface DiagramCluster {
    readonly id: string;
    readonly label: string;
    readonly nodes: DiagramNode[];
    readonly children: DiagramCluster[];
}

export interface DiagramEdge {
    readonly from: string;
    readonly to: string;
    readonly label: string;
    readonly dashed: boolean;
}

export interface DiagramModel {
    readonly title: string;
    readonly clusters: DiagramCluster[];
    readonly edges: DiagramEdge[];
}

const TIER_ORDER = ["public", "app", "agent", "data"];
const TIER_LABELS: Record<string, string> = {
    public: "Public subnets",
    app: "App subnets",
    agent: "Agent subnets",
    data: "Data subnets",
};

/** Builds the diagram model of one stack. */
export function diagramModel(graph: PlanGraph, reach: Reachability): DiagramModel {
    const subnetTiers = subnetsByTier(graph);
    const outside = outsideIds(graph);
    // An existing network has no subnets in the graph: its tiers come from the roles (the ALB in
    // the public subnets, each service in its own, the database in the data subnets).
    const services = planServices(graph);
    const roleTier: Record<string, string> = {
        alb: "public",
        rds: "data",
        ...Object.fromEntries(services.map((s) => [s.name, s.subnetTier])),
    };
    const tierOfNode = (n: ReachNode): string | undefined =>
        TIER_ORDER.find((t) => (subnetTiers.get(t) ?? []).some((cidr) => n.cidrs.includes(cidr))) ??
        (outside.networkOutsideStack ? roleTier[n.id] : undefined);

    const nodes = new Map(reach.nodes.map((n) => [n.id, n]));
    const shown = reach.nodes.filter((n) => reach.edges.some((e) => e.from === n.id || e.to === n.id));
    const outsideVpc: DiagramNode[] = [];
    const byTier = new Map<string, DiagramNode[]>();
    let endpointsNode: DiagramNode | undefined;
    for (const n of shown) {
        const node = diagramNode(graph, n);
        if (n.id === "endpoints") {
            endpointsNode = node;
            continue;
        }
        const tier = n.kind === "securityGroup" ? tierOfNode(n) : undefined;
        if (tier === undefined) outsideVpc.push(node);
        else byTier.set(tier, [...(byTier.get(tier) ?? []), node]);
    }

    // Cloud Map is a regional service, drawn next to S3 rather than inside a subnet.
    const regional: DiagramNode[] = [];
    const namespace = graph.ofType(AWS_TYPE.servicediscovery.PrivateDnsNamespace)[0];
    const discovery = graph.ofType(AWS_TYPE.servicediscovery.Service);
    const extraEdges: DiagramEdge[] = [];
    if (namespace && discovery.length > 0) {
        const ns = String(graph.props(namespace).name ?? "");
        const names = discovery.map((d) => `${graph.props(d).name}.${ns}`).join("\\n");
        regional.push({ id: "cloudmap", label: `Cloud Map\\n${names}`, shape: "note" });
        for (const s of services.filter((x) => x.kind === "internal" && nodes.has(x.name))) {
            extraEdges.push({ from: s.name, to: "cloudmap", label: "registers", dashed: true });
        }
    }

    const vpc = graph.ofType(AWS_TYPE.ec2.Vpc)[0];
    const vpcCidr = vpc ? String(graph.props(vpc).cidrBlock ?? "") : (outside.vpcCidr ?? "");
    const tierClusters: DiagramCluster[] = TIER_ORDER.filter((t) => byTier.has(t)).map((t) => ({
        id: `tier_${t}`,
        label: subnetTiers.has(t)
            ? `${TIER_LABELS[t]}\\n${(subnetTiers.get(t) ?? []).join(" · ")}`
            : `${TIER_LABELS[t]}\\n(existing)`,
        nodes: byTier.get(t)!,
        children: [],
    }));
    if (endpointsNode) {
        tierClusters.push({ id: "tier_endpoints", label: "Interface endpoints", nodes: [endpointsNode], children: [] });
    }
    const clusters: DiagramCluster[] = [];
    const internetSide = outsideVpc.filter((n) => n.id !== "s3");
    if (internetSide.length > 0) {
        clusters.push({ id: "outside", label: "Internet side", nodes: internetSide, children: [] });
    }
    clusters.push({
        id: "vpc",
        label: vpc ? `VPC ${vpcCidr} (no NAT)` : `VPC ${vpcCidr ? `${vpcCidr} ` : ""}(existing network)`,
        nodes: [],
        children: tierClusters,
    });
    const s3 = outsideVpc.find((n) => n.id === "s3");
    if (s3) regional.unshift(s3);
    if (regional.length > 0) clusters.push({ id: "aws", label: "Regional services", nodes: regional, children: [] });

    const viaVpcOrigin = graph.ofType(AWS_TYPE.cloudfront.VpcOrigin).length > 0;
    const edges: DiagramEdge[] = reach.edges.map((e) => ({
        from: e.from,
        to: e.to,
        label: viaVpcOrigin && e.from === "cloudfront" && e.to === "alb" ? `${e.text} via VPC origin` : e.text,
        dashed: e.assumed || (e.note !== undefined && e.from !== "internet"),
    }));
    return { title: `ecs-platform ${graph.stack.stack}`, clusters, edges: [...edges, ...extraEdges] };
}

function diagramNode(graph: PlanGraph, n: ReachNode): DiagramNode {
    switch (n.id) {
        case "internet":
            return { id: n.id, label: "Internet", shape: "circle" };
        case "rds": {
            const db = graph.ofType(AWS_TYPE.rds.Instance)[0];
            const p = db ? graph.props(db) : {};
            const detail = db ? `\\n${p.instanceClass ?? ""}${p.multiAz ? " multi-AZ" : ""}` : "";
            return { id: n.id, label: `${n.label}${detail}`, shape: "cylinder" };
        }
        case "endpoints": {
            const services = graph
                .ofType(AWS_TYPE.ec2.VpcEndpoint)
                .filter((e) => graph.props(e).vpcEndpointType === "Interface")
                .map((e) => String(graph.props(e).serviceName ?? "").replace(/^com\.amazonaws\.[^.]+\./, ""));
            return {
                id: n.id,
                label: services.length > 0 ? `VPC endpoints\\n${services.join("\\n")}` : n.label,
                shape: "box",
            };
        }
        case "s3":
            return { id: n.id, label: "S3\\n(gateway endpoint)", shape: "box" };
        case "alb": {
            const lb = graph.ofType(AWS_TYPE.lb.LoadBalancer)[0];
            const scheme = lb ? (graph.props(lb).internal === true ? "internal " : "internet-facing ") : "";
            return { id: n.id, label: `${scheme}${n.label}`, shape: "box" };
        }
        case "cloudfront": {
            const waf = graph.ofType(AWS_TYPE.wafv2.WebAcl).length > 0 ? "\\n+ AWS WAF" : "";
            return { id: n.id, label: `${n.label}${waf}`, shape: "box" };
        }
        default: {
            // A service's node: its task size, from the task definition tagged with its name.
            const td = graph
                .ofType(AWS_TYPE.ecs.TaskDefinition)
                .find((t) => serviceOfTags(graph.props(t).tags)?.service === n.id);
            const p = td ? graph.props(td) : {};
            const size = td ? `\\n${Number(p.cpu) / 1024} vCPU · ${Number(p.memory) / 1024} GB` : "";
            return { id: n.id, label: `${n.label}${size}`, shape: "box" };
        }
    }
}

/** Subnet CIDRs per tier, from the `Tier` tag or the `-<tier>-<n>` name. */
function subnetsByTier(graph: PlanGraph): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const s of graph.ofType(AWS_TYPE.ec2.Subnet)) {
        const p = graph.props(s);
        const tag = (p.tags as Record<string, unknown> | undefined)?.Tier;
        const tier = typeof tag === "string" ? tag : /-(public|app|agent|data)-\d+$/.exec(s.name)?.[1];
        if (tier && typeof p.cidrBlock === "string") out.set(tier, [...(out.get(tier) ?? []), p.cidrBlock]);
    }
    return out;
}

// ---- Mermaid -----------------------------------------------------------------------------------

export function toMermaid(model: DiagramModel): string {
    const lines = ["flowchart LR"];
    const node = (n: DiagramNode, indent: string) => {
        const text = JSON.stringify(n.label.replace(/\\n/g, "<br/>")).slice(1, -1).replace(/\\"/g, "#quot;");
        const [open, close] = { circle: ["((", "))"], box: ["[", "]"], cylinder: ["[(", ")]"], note: ["[/", "/]"] }[
            n.shape
        ];
        lines.push(`${indent}${safeId(n.id)}${open}"${text}"${close}`);
    };
    const cluster = (c: DiagramCluster, indent: string) => {
        lines.push(`${indent}subgraph ${safeId(c.id)}["${c.label.replace(/\\n/g, "<br/>")}"]`);
        lines.push(`${indent}    direction TB`);
        c.nodes.forEach((n) => node(n, `${indent}    `));
        c.children.forEach((child) => cluster(child, `${indent}    `));
        lines.push(`${indent}end`);
    };
    model.clusters.forEach((c) => cluster(c, "    "));
    for (const e of model.edges) {
        const arrow = e.dashed ? "-.->" : "-->";
        lines.push(`    ${safeId(e.from)} ${arrow}|"${e.label}"| ${safeId(e.to)}`);
    }
    return lines.join("\n");
}

// ---- Graphviz ----------------------------------------------------------------------------------

/**
 * The SVG's font: DejaVu Sans, which Debian and most Linux desktops ship (fonts-dejavu-core), and
 * for which Graphviz has built-in metrics, so the boxes it sizes fit the text a Linux browser
 * draws. Helvetica would be laid out with Helvetica's metrics and drawn wider by its DejaVu or
 * Liberation substitute. tests/tools/plan/svg-fit.spec.ts measures every label with the font file.
 */
export const DIAGRAM_FONT = "DejaVu Sans";

export function toDot(model: DiagramModel): string {
    const lines = [
        "digraph plan {",
        `    graph [rankdir=LR, fontname="${DIAGRAM_FONT}", fontsize=12, labelloc=t, label=${quote(model.title)}, nodesep=0.4, ranksep=1.3, compound=true, newrank=true];`,
        `    node [fontname="${DIAGRAM_FONT}", fontsize=11, style="rounded,filled", fillcolor="#ffffff", color="#555555", margin="0.15,0.06"];`,
        `    edge [fontname="${DIAGRAM_FONT}", fontsize=10, color="#1f5fa8", fontcolor="#1f5fa8", arrowsize=0.7];`,
    ];
    const shapes: Record<DiagramNode["shape"], string> = {
        circle: 'shape=circle, fillcolor="#fdebd0"',
        box: "shape=box",
        cylinder: 'shape=cylinder, style=filled, fillcolor="#e8f1fb"',
        note: 'shape=note, style=filled, fillcolor="#fffbe6"',
    };
    const cluster = (c: DiagramCluster, indent: string) => {
        lines.push(`${indent}subgraph cluster_${safeId(c.id)} {`);
        lines.push(
            `${indent}    label=${quote(c.label)}; labeljust=l; style="rounded,filled"; fillcolor="${c.id === "vpc" ? "#f4f8f4" : "#f7f7f7"}"; color="#999999";`,
        );
        for (const n of c.nodes)
            lines.push(`${indent}    ${safeId(n.id)} [label=${quote(n.label)}, ${shapes[n.shape]}];`);
        c.children.forEach((child) => cluster(child, `${indent}    `));
        lines.push(`${indent}}`);
    };
    model.clusters.forEach((c) => cluster(c, "    "));
    for (const e of model.edges) {
        const style = e.dashed ? ', style=dashed, color="#888888", fontcolor="#666666"' : "";
        lines.push(`    ${safeId(e.from)} -> ${safeId(e.to)} [label=${quote(` ${e.label} `)}${style}];`);
    }
    lines.push("}");
    return lines.join("\n");
}

function safeId(id: string): string {
    return id.replace(/[^A-Za-z0-9_]/g, "_");
}

function quote(text: string): string {
    // DOT: keep `\n` as a line break, escape quotes.
    return `"${text.replace(/"/g, '\\"')}"`;
}
