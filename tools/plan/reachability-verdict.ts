/**
 * The verdict on a stack's reachability: every required path or VPC endpoint that is missing blocks
 * the deploy; a path nothing needs is exposure when it comes from outside the VPC and a warning
 * inside it; a path wider than its need is flagged the same way.
 */
import { widerThan } from "./ports";
import { EndpointCheck, Reachability, ReachEdge, ReachFinding, RequiredPath } from "./reachability-model";

export function judgeReachability(
    label: (id: string) => string,
    edges: readonly ReachEdge[],
    required: readonly RequiredPath[],
    endpoints: readonly EndpointCheck[],
): ReachFinding[] {
    const findings: ReachFinding[] = [];
    for (const p of required.filter((r) => r.status === "missing")) {
        findings.push({
            severity: "blocking",
            code: "missing-path",
            message: `${label(p.from)} cannot reach ${label(p.to)} on tcp ${p.port} (${p.why}): ${p.detail}`,
        });
    }
    for (const p of required.filter((r) => r.status === "refused")) {
        findings.push({
            severity: "warning",
            code: "refused-by-listener",
            message: `${label(p.from)} reaches ${label(p.to)} on tcp ${p.port} but cannot use it (${p.why}): ${p.detail}`,
        });
    }
    for (const e of endpoints.filter((x) => x.status === "missing")) {
        findings.push({
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
            findings.push({
                severity: fromOutside ? "error" : "warning",
                code: fromOutside ? "exposed" : "unexpected-path",
                message:
                    `${label(e.from)} reaches ${label(e.to)} on ${e.text}` +
                    (fromOutside ? " (only CloudFront and the allowed networks may reach the ALB)" : "") +
                    (routed ? "" : ` (${e.note})`) +
                    ` via ${e.rules.join(", ") || "no rule"}`,
            });
        } else if (widerThan(e.ports, "tcp", expectedPorts)) {
            findings.push({
                severity: fromOutside ? "error" : "warning",
                code: "wider-than-needed",
                message: `${label(e.from)} reaches ${label(e.to)} on ${e.text}; it needs only tcp ${expectedPorts.join(",")}`,
            });
        }
    }
    return findings;
}

/** The worst finding decides: blocked, exposed, warnings, or ok. */
export function verdictOf(findings: readonly ReachFinding[]): Reachability["verdict"] {
    const severities = new Set(findings.map((f) => f.severity));
    if (severities.has("blocking")) return "blocked";
    if (severities.has("error")) return "exposed";
    if (severities.has("warning")) return "warnings";
    return "ok";
}
