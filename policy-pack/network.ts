/**
 * Policies of the "network" area: security groups, whatever shape declares their rules
 * (inline, `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroup{Ingress,Egress}Rule`), and network
 * ACLs. The internet-as-source policies live in network-sg-world.ts, the NACL one in
 * network-nacl.ts; this module holds the rest and the area's list.
 * Messages name rules by position and tiers by name, never CIDRs or ids.
 */
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { AWS_TYPE } from "./lib/aws-types";
import { PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
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
import { mayBeIngress, noWorldIngress, noWorldIngressCombined } from "./network-sg-world";
import { naclNoWorldIngress } from "./network-nacl";

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
    // A group the program tags as a service the map does not know would go unchecked: say so.
    for (const node of graph.groups) {
        if (node.resource === undefined || node.tier === undefined || tiers[node.tier] !== undefined) continue;
        report(
            `the security group is tagged as tier ${node.tier}, which the tier map does not list, so its rules ` +
                "cannot be checked; regenerate the stack's policy config (`npm run gen:policy-config`) or add the tier.",
            node.resource.urn,
        );
    }
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
        // Rules grouped once by the group that declares (inline) or owns (standalone) them.
        const inlineOf = new Map<PolicyResource, GraphRule[]>();
        const standaloneOf = new Map<SecurityGroupNode, GraphRule[]>();
        for (const g of graph.rules) {
            if (g.rule.shape === "inline") inlineOf.set(g.resource, [...(inlineOf.get(g.resource) ?? []), g]);
            else if (g.owner) standaloneOf.set(g.owner, [...(standaloneOf.get(g.owner) ?? []), g]);
        }
        for (const node of graph.groups) {
            const r = node.resource as PolicyResource;
            if (r.type !== AWS_TYPE.ec2.SecurityGroup && r.type !== AWS_TYPE.ec2.DefaultSecurityGroup) continue;
            const inline = inlineOf.get(r) ?? [];
            const standalone = standaloneOf.get(node) ?? [];
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
    naclNoWorldIngress,
];
