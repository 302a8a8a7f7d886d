/**
 * Policies of the "network" area: security groups, whatever shape declares their rules
 * (inline, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroup{Ingress,Egress}Rule`).
 * Messages name rules by position and tiers by name, never CIDRs or ids.
 */
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { AWS_TYPE } from "./lib/aws-types";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isWaived, PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { Broadness, DEFAULT_BROADNESS, judgeCidr, unionWorldOpen } from "./lib/exposure";
import { buildSecurityGroupGraph, GraphRule, SecurityGroupGraph, SecurityGroupNode } from "./lib/sg-graph";
import {
    describeRule,
    INGRESS_CAPABLE_TYPES,
    isAllTraffic,
    normaliseSecurityGroupRules,
    NormalisedRule,
    Peer,
    SECURITY_GROUP_RULE_TYPES,
} from "./lib/sg-rules";
import { DEFAULT_TIERS, judgeAgainstFlows, TierConfig, tierConfigSchema, TierMap, tierPatterns } from "./lib/sg-tiers";
import { isUnknown, read } from "./lib/known-values";
import { cannotDecide } from "./lib/policy-support";
import { parseCidr } from "./lib/cidr";

/** Lets a named resource (the public ALB's group) be world-open on listed tcp ports only, with a reason. */
interface PublicIngressException {
    readonly pattern: string;
    readonly ports: readonly number[];
    readonly reason: string;
}

interface WorldIngressConfig {
    readonly maxPrefixV4?: number;
    readonly maxPrefixV6?: number;
    readonly publicIngress?: readonly PublicIngressException[];
}

const worldIngressConfigSchema: Record<string, PolicyConfigJSONSchema> = {
    maxPrefixV4: {
        type: "integer",
        minimum: 0,
        maximum: 32,
        default: DEFAULT_BROADNESS.maxPrefixV4,
        description: "Public IPv4 blocks this wide or wider (prefix length <= this) count as the internet.",
    },
    maxPrefixV6: {
        type: "integer",
        minimum: 0,
        maximum: 128,
        default: DEFAULT_BROADNESS.maxPrefixV6,
        description: "Public IPv6 blocks this wide or wider count as the internet.",
    },
    publicIngress: {
        type: "array",
        description: "Resources (regex over name or URN) that may be world-open, on these tcp ports only, and why.",
        items: {
            type: "object",
            properties: {
                pattern: { type: "string", minLength: 1 },
                ports: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, minItems: 1 },
                reason: { type: "string", minLength: 10 },
            },
            required: ["pattern", "ports", "reason"],
            additionalProperties: false,
        },
    },
};

function broadnessOf(c: WorldIngressConfig): Broadness {
    return {
        maxPrefixV4: c.maxPrefixV4 ?? DEFAULT_BROADNESS.maxPrefixV4,
        maxPrefixV6: c.maxPrefixV6 ?? DEFAULT_BROADNESS.maxPrefixV6,
    };
}

type Exemption = "exempt" | "not-exempt" | "unknown";

/** Whether a rule of resource `name`/`urn` is covered by a public-ingress exception. */
function exemption(c: WorldIngressConfig, rule: NormalisedRule, name: string, urn: string): Exemption {
    const matching = (c.publicIngress ?? []).filter((e) => isWaived({ exclude: [e] }, name, urn));
    if (matching.length === 0) return "not-exempt";
    if (rule.unknown.includes("protocol") || rule.unknown.includes("ports")) return "unknown";
    if (rule.protocol !== "tcp") return "not-exempt";
    const ports = new Set(matching.flatMap((e) => e.ports));
    for (let p = rule.fromPort; p <= rule.toPort; p++) if (!ports.has(p)) return "not-exempt";
    return "exempt";
}

const family = (v: 4 | 6) => `IPv${v}`;

/** A rule that is, or may be (direction unknown at preview), ingress. */
const mayBeIngress = (r: NormalisedRule) => r.direction === "ingress" || r.unknown.includes("direction");

/** NET-01: no source that is the internet, by CIDR math, in any rule shape. */
const noWorldIngress = resourcePolicy(
    {
        name: "sg-no-world-ingress",
        area: "network",
        description: "Security groups admit no ingress from the whole internet (IPv4 or IPv6), in any rule shape.",
        why:
            "Only the load balancer faces the internet, and only through CloudFront or listed CIDRs; a world-open " +
            "rule on any other group exposes tasks, the database or endpoints directly.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Replace the 0.0.0.0/0, ::/0 or broad public CIDR source with a security-group reference, a prefix " +
            "list or a narrow CIDR. For the public ALB, list it under `publicIngress` with its ports and a reason.",
        anchors: [
            "CKV_AWS_24",
            "CKV_AWS_25",
            "CKV_AWS_260",
            "CKV_AWS_277",
            "AwsSolutions-EC23",
            "KICS:4728cd65-a20c-49da-8b31-9c08b423e4db",
        ],
        config: worldIngressConfigSchema,
    },
    INGRESS_CAPABLE_TYPES,
    (props, args, report) => {
        const config = args.getConfig<WorldIngressConfig>();
        const broadness = broadnessOf(config);
        const rules = normaliseSecurityGroupRules(args.type, props, { urn: args.urn, name: args.name }).filter(
            mayBeIngress,
        );
        const pending: string[] = [];
        const flagged = new Set<NormalisedRule>();
        for (const rule of rules) {
            const exempt = exemption(config, rule, args.name, args.urn);
            for (const peer of rule.peers) {
                const problem = worldProblem(peer, broadness);
                if (problem === undefined) continue;
                if (problem === "unknown") {
                    if (exempt !== "exempt") pending.push(peer.kind === "unknown" ? peer.field : rule.path);
                    continue;
                }
                if (exempt === "exempt" && problem !== "malformed") continue;
                if (exempt === "unknown" || rule.unknown.includes("direction")) {
                    pending.push(`${rule.path}.${exempt === "unknown" ? "ports" : "type"}`);
                    continue;
                }
                report(`${describeRule(rule)} ${problem}.`);
                flagged.add(rule);
            }
        }
        const unionCandidates = rules.filter(
            (r) => r.direction === "ingress" && exemption(config, r, args.name, args.urn) === "not-exempt",
        );
        for (const open of unionWorldOpen(unionCandidates)) {
            if (open.rules.some((r) => flagged.has(r))) continue;
            report(
                `the ingress rules of this security group together admit every ${family(open.version)} address ` +
                    `on a common port (narrower blocks that add up to the whole space).`,
            );
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);

/** Why a peer is (or may be) the internet; undefined when it is not. */
function worldProblem(peer: Peer, broadness: Broadness): string | "unknown" | undefined {
    if (peer.kind === "unknown") {
        return peer.expected === "cidr4" || peer.expected === "cidr6" || peer.expected === "any"
            ? "unknown"
            : undefined;
    }
    if (peer.kind !== "cidr") return undefined;
    const max = peer.version === 4 ? broadness.maxPrefixV4 : broadness.maxPrefixV6;
    switch (judgeCidr(peer.cidr, broadness)) {
        case "world":
            return `admits every ${family(peer.version)} address (a /0 source)`;
        case "broad":
            return `admits a public ${family(peer.version)} block at least as wide as /${max}`;
        case "malformed":
            return "has a source CIDR that does not parse, so its reach cannot be judged";
        default:
            return undefined;
    }
}

/** NET-01, across resources: standalone rules of one group whose sources add up to the internet. */
const noWorldIngressCombined = stackPolicy(
    {
        name: "sg-no-world-ingress-combined",
        area: "network",
        description:
            "The ingress rules of one security group, across standalone rule resources, do not add up to the whole internet.",
        why:
            "Two rule resources admitting 0.0.0.0/1 and 128.0.0.0/1 on the same port are as open as 0.0.0.0/0, " +
            "though each looks narrow on its own.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Replace the CIDR sources of the group's rules with security-group references, prefix lists or narrow CIDRs.",
        anchors: ["CKV_AWS_24", "CKV_AWS_277", "AwsSolutions-EC23", "KICS:4728cd65-a20c-49da-8b31-9c08b423e4db"],
        config: worldIngressConfigSchema,
    },
    (args, report) => {
        const config = args.getConfig<WorldIngressConfig>();
        const broadness = broadnessOf(config);
        const graph = buildSecurityGroupGraph(args.resources, {});
        const byOwner = new Map<SecurityGroupNode, GraphRule[]>();
        for (const g of graph.rules) {
            if (g.rule.direction !== "ingress" || !g.owner) continue;
            if (exemption(config, g.rule, g.resource.name, g.resource.urn) !== "not-exempt") continue;
            byOwner.set(g.owner, [...(byOwner.get(g.owner) ?? []), g]);
        }
        for (const [owner, gs] of byOwner) {
            if (new Set(gs.map((g) => g.resource.urn)).size < 2) continue; // one resource: sg-no-world-ingress decides
            for (const open of unionWorldOpen(gs.map((g) => g.rule))) {
                const individuallyOpen = open.rules.some((r) =>
                    r.peers.some((p) => p.kind === "cidr" && judgeCidr(p.cidr, broadness) !== "narrow"),
                );
                if (individuallyOpen) continue;
                report(
                    `the ingress rules of a security group, declared in ${open.rules.length} rules, together admit ` +
                        `every ${family(open.version)} address on a common port.`,
                    owner.resource?.urn,
                );
            }
        }
    },
);

/** NET-02: no all-protocol or all-port ingress from any source. */
const noAllTrafficIngress = resourcePolicy(
    {
        name: "sg-no-all-traffic-ingress",
        area: "network",
        description: "Security groups admit no ingress on every protocol or every port, from any source.",
        why:
            "Each tier listens on one port; an all-traffic rule (protocol -1/all, or ports 0-65535) admits far " +
            "more than the service needs, even from a trusted group, and is the awsx default to avoid.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps: "Set the rule's protocol to tcp and its port range to the one port the service listens on.",
        anchors: ["CKV_AWS_277", "KICS:590d878b-abdc-428f-895a-e2b68a0e1998"],
    },
    INGRESS_CAPABLE_TYPES,
    (props, args, report) => {
        const pending: string[] = [];
        for (const rule of normaliseSecurityGroupRules(args.type, props).filter(mayBeIngress)) {
            const unknownField = rule.unknown.find((f) => ["rule", "protocol", "ports", "direction"].includes(f));
            if (unknownField) {
                pending.push(`${rule.path}.${unknownField}`);
                continue;
            }
            if (isAllTraffic(rule)) report(`${describeRule(rule)} admits all traffic (every protocol or every port).`);
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    },
);

/** NET-05: every group and every rule says why it exists. */
const descriptions = resourcePolicy(
    {
        name: "sg-descriptions",
        area: "network",
        description: "Security groups and each of their rules (all three shapes) have a description.",
        why: "Reviewers and incident responders read descriptions to tell an intended path from a leftover one.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps: "Set `description` on the security group and on every rule: which peer, which port, why.",
        anchors: ["CKV_AWS_23", "AwsSolutions-EC27", "aws-ec2-securitygroup-missing-ingress-rule-description"],
    },
    SECURITY_GROUP_RULE_TYPES,
    (props, args, report) => {
        if (args.type === AWS_TYPE.ec2.SecurityGroup) {
            const d = read(props, "description");
            // The provider's default "Managed by Pulumi" says nothing about the group.
            if (!isUnknown(d) && (typeof d !== "string" || d.trim() === "" || d === "Managed by Pulumi")) {
                report("the security group has no description of its own.");
            }
        }
        for (const rule of normaliseSecurityGroupRules(args.type, props)) {
            if (rule.description === undefined) report(`${describeRule(rule)} has no description.`);
        }
    },
);

const tierMetadataBase = {
    area: "network" as const,
    config: tierConfigSchema,
};

function tierConfig(args: StackValidationArgs): { tiers: TierMap; graph: SecurityGroupGraph } {
    const c = args.getConfig<TierConfig>();
    const tiers = c.tiers ?? DEFAULT_TIERS;
    return { tiers, graph: buildSecurityGroupGraph(args.resources, tierPatterns(tiers), c.externalSecurityGroups) };
}

function checkFlows(args: StackValidationArgs, report: ReportViolation, direction: "ingress" | "egress"): void {
    const { tiers, graph } = tierConfig(args);
    const pending: string[] = [];
    for (const g of graph.rules) {
        if (g.rule.direction !== direction) continue;
        if (!g.owner) {
            if (g.ownerUnknown) pending.push(`${g.resource.name}.securityGroupId`);
            continue;
        }
        const tier = g.owner.tier;
        const flows = tier === undefined ? undefined : tiers[tier]?.[direction];
        if (!flows) continue;
        const verdict = judgeAgainstFlows(graph, g, flows);
        if (verdict.kind === "violation") {
            report(`the ${tier} tier's ${describeRule(g.rule)} ${verdict.reason}.`, g.resource.urn);
        } else if (verdict.kind === "unknown") {
            pending.push(`${g.resource.name}.${verdict.field}`);
        }
    }
    if (pending.length > 0) cannotDecide(pending[0]);
}

/** NET-03: each tier admits only its map's port from its map's sources. */
const tierIngress = stackPolicy(
    {
        ...tierMetadataBase,
        name: "sg-tier-ingress-allowlist",
        description:
            "Tiered security groups admit only their tier's port from their tier's sources (ALB 443/80 from " +
            "listed sources, BFF 3000 from the ALB, AgentCore 8080 from the BFF, database 5432 and endpoints " +
            "443 from the task groups).",
        why:
            "The architecture is a chain; any extra ingress path (a CIDR on the BFF, AgentCore reachable from the " +
            "ALB) bypasses a hop that authenticates or filters traffic.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Reference the upstream tier's security group (referencedSecurityGroupId / sourceSecurityGroupId) on " +
            "the tier's one port; if the architecture changed, update the `tiers` policy config.",
        anchors: ["cdk-nag:EC2RestrictedCommonPorts", "AwsSolutions-RDS8", "KICS:92fe237e-074c-4262-81a4-2077acb928c1"],
    },
    (args, report) => checkFlows(args, report, "ingress"),
);

/** NET-04: task groups reach only the endpoints, the database and AgentCore. */
const taskEgress = stackPolicy(
    {
        ...tierMetadataBase,
        name: "sg-task-egress-scoped",
        description:
            "Task security groups send only 443 to the endpoint group or prefix lists, 5432 to the database " +
            "group and 8080 to AgentCore; no egress to 0.0.0.0/0 or on every port.",
        why:
            "Without a NAT gateway the tasks need nothing else; open egress would let a compromised task " +
            "exfiltrate data or reach other services in the VPC.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Replace open egress with tcp rules referencing the endpoint, database or AgentCore security group " +
            "(or the S3 prefix list on 443).",
        anchors: ["CKV_AWS_382"],
    },
    (args, report) => checkFlows(args, report, "egress"),
);

/** NET-06: a group is managed either inline or by standalone rules, never both. */
const noInlineAndStandalone = stackPolicy(
    {
        name: "sg-no-inline-and-standalone-rules",
        area: "network",
        description:
            "A security group with inline ingress/egress rules is not also the target of standalone rule resources.",
        why:
            "The provider reconciles inline rules as the complete set, so each update removes the standalone " +
            "rules and the next adds them back: rules flap and traffic drops between updates.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Move every rule of the group into standalone aws.vpc.SecurityGroupIngressRule/EgressRule resources " +
            "and remove the inline `ingress`/`egress` blocks.",
        anchors: ["awsguard:security-group-no-rule-management-conflicts"],
    },
    (args, report) => {
        const graph = buildSecurityGroupGraph(args.resources, {});
        for (const node of graph.groups) {
            const r = node.resource as PolicyResource;
            if (r.type !== AWS_TYPE.ec2.SecurityGroup && r.type !== AWS_TYPE.ec2.DefaultSecurityGroup) continue;
            const inline = graph.rules.filter((g) => g.rule.shape === "inline" && g.resource === r);
            const standalone = graph.rules.filter((g) => g.rule.shape !== "inline" && g.owner === node);
            if (inline.length === 0 || standalone.length === 0) continue;
            // After a refresh the group's outputs list every rule AWS has, standalone ones included:
            // only inline rules that no standalone rule explains were declared inline.
            const declared = inline.filter((g) => !g.rule.peers.every((p) => reflected(p, g.rule, standalone, node)));
            if (declared.length === 0) continue;
            report(
                `the security group declares ${declared.length} inline rule(s) and is also the target of ` +
                    `${standalone.length} standalone rule resource(s).`,
                r.urn,
            );
        }
    },
);

/** True when an inline rule's peer is just AWS's view of a standalone rule of the same group. */
function reflected(peer: Peer, rule: NormalisedRule, standalone: GraphRule[], owner: SecurityGroupNode): boolean {
    return standalone.some(({ rule: s }) => {
        if (s.direction !== rule.direction || s.protocol !== rule.protocol) return false;
        if (s.fromPort !== rule.fromPort || s.toPort !== rule.toPort) return false;
        return s.peers.some((q) => samePeer(peer, q, owner));
    });
}

function samePeer(a: Peer, b: Peer, owner: SecurityGroupNode): boolean {
    const groupId = (p: Peer) => (p.kind === "securityGroup" ? p.id : p.kind === "self" ? owner.id : undefined);
    if (a.kind === "cidr" && b.kind === "cidr") {
        const x = parseCidr(a.cidr);
        const y = parseCidr(b.cidr);
        return !!x && !!y && x.version === y.version && x.first === y.first && x.prefix === y.prefix;
    }
    if (a.kind === "prefixList" && b.kind === "prefixList") return a.id === b.id;
    const ga = groupId(a);
    return ga !== undefined && ga === groupId(b);
}

export const networkPolicies: PlatformPolicy[] = [
    noWorldIngress,
    noWorldIngressCombined,
    noAllTrafficIngress,
    tierIngress,
    taskEgress,
    descriptions,
    noInlineAndStandalone,
];
