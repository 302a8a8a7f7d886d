/**
 * Policies of the "alb" area. `aws.lb.*` and `aws.alb.*` are two type tokens for the same AWS
 * resources; every rule covers both. All advisory by default (the mandatory network rules already
 * keep the load balancer's exposure in check); stacks promote them in config.
 */
import { PolicyResource } from "@pulumi/policy";
import { PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { asBoolean, asList, asNumber, asText, at, isUnknown, snapshot, UnknownNeeds } from "./lib/known-values";
import { serviceOfTags } from "./lib/service-tags";
import { cannotDecide, dependenciesVia, describeResource, refersTo, settle, withDefaults } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";
import { PORTS } from "./lib/architecture";

export const LISTENER_TYPES = [AWS_TYPE.lb.Listener, AWS_TYPE.alb.Listener];
export const LOAD_BALANCER_TYPES = [AWS_TYPE.lb.LoadBalancer, AWS_TYPE.alb.LoadBalancer];
export const TARGET_GROUP_TYPES = [AWS_TYPE.lb.TargetGroup, AWS_TYPE.alb.TargetGroup];
export const LISTENER_RULE_TYPES = [AWS_TYPE.lb.ListenerRule, AWS_TYPE.alb.ListenerRule];

/** Listener protocols that carry no plaintext HTTP (TLS-terminating, or layer 4 of an NLB/GWLB). */
const NOT_PLAINTEXT_HTTP = ["HTTPS", "TLS", "TCP", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC"];
const TLS_PROTOCOLS = ["HTTPS", "TLS"];

/** The listener's protocol; an ALB listener without one is HTTP (provider default). */
function protocolOf(props: unknown): string | "unknown" {
    const protocol = at(props, "protocol");
    if (isUnknown(protocol)) return "unknown";
    return typeof protocol === "string" && protocol !== "" ? protocol.toUpperCase() : "HTTP";
}

export const listenerHttps = resourcePolicy(
    {
        name: "alb-listener-https",
        area: "alb",
        description:
            "Load balancer listeners use HTTPS; an HTTP listener is allowed only when its single default action redirects to HTTPS.",
        why: "Plaintext HTTP exposes session cookies and API tokens between the client and the load balancer. A fixed-response HTTP listener still invites clients to speak plaintext.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            'Serve on HTTPS (port 443) with an ACM certificate; make the port-80 listener a single `redirect` default action with `protocol: "HTTPS"`, `port: "443"`, `statusCode: "HTTP_301"`.',
        anchors: [
            "CKV_AWS_2",
            "CKV2_AWS_20",
            "CKV_AWS_378",
            "KICS de7f5e83-da88-4046-871f-ea18504b1d43",
            "cdk-nag ALBHttpToHttpsRedirection",
        ],
    },
    LISTENER_TYPES,
    (props, _args, report) => {
        const protocol = protocolOf(props);
        if (protocol === "unknown") return cannotDecide("protocol");
        if (NOT_PLAINTEXT_HTTP.includes(protocol)) return;
        const actions = at(props, "defaultActions");
        if (isUnknown(actions)) return cannotDecide("defaultActions");
        const list = asList(actions);
        const types = list.map((a) => at(a, "type"));
        if (types.some(isUnknown)) return cannotDecide("defaultActions[].type");
        if (list.length === 1 && types[0] === "redirect") {
            const target = at(list[0], "redirect", "protocol");
            if (isUnknown(target)) return cannotDecide("defaultActions[0].redirect.protocol");
            if (typeof target === "string" && target.toUpperCase() === "HTTPS") return;
            return report("plaintext HTTP listener redirects, but not to HTTPS.");
        }
        if (types.includes("fixed-response")) {
            return report("plaintext HTTP listener answers with a fixed response instead of redirecting to HTTPS.");
        }
        report("plaintext HTTP listener serves traffic instead of redirecting to HTTPS.");
    },
);

/** TLS 1.2+ policies with forward secrecy only: TLS13-1-2-2021-06 and stricter, and FS-1-2-Res. */
export const DEFAULT_SSL_POLICIES: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
];

interface TlsConfig {
    allowedSslPolicies: string[];
}

export const listenerTlsPolicy = resourcePolicy(
    {
        name: "alb-tls-policy",
        area: "alb",
        description: "HTTPS/TLS listeners set sslPolicy explicitly to an allowed TLS 1.2+ forward-secret policy.",
        why: "An unset policy falls back to an older default that still negotiates weak ciphers; the allowlist keeps TLS 1.2+ with forward secrecy.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            'Set `sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or a stricter one from `allowedSslPolicies`) on the listener.',
        anchors: ["CKV_AWS_103", "CKV2_AWS_74", "Pulumi compliance aws-lb-listener-configure-secure-tls"],
        config: {
            allowedSslPolicies: {
                type: "array",
                items: { type: "string" },
                default: [...DEFAULT_SSL_POLICIES],
                description: "ELB security policy names that pass.",
            },
        },
    },
    LISTENER_TYPES,
    (props, args, report) => {
        const cfg = withDefaults<TlsConfig>(args, { allowedSslPolicies: [...DEFAULT_SSL_POLICIES] });
        const protocol = protocolOf(props);
        if (protocol === "unknown") return cannotDecide("protocol");
        if (!TLS_PROTOCOLS.includes(protocol)) return;
        const policy = at(props, "sslPolicy");
        if (isUnknown(policy)) return cannotDecide("sslPolicy");
        if (asText(policy) === undefined) return report("sslPolicy is not set; the default is an older policy.");
        if (!cfg.allowedSslPolicies.includes(policy as string)) {
            const shown = /^ELBSecurityPolicy-[A-Za-z0-9-]{1,60}$/.test(policy as string) ? ` ${policy}` : "";
            report(`sslPolicy${shown} is not in allowedSslPolicies.`);
        }
    },
);

/** The load balancer's type; absent means application (the provider default). */
function isApplication(props: unknown): boolean | "unknown" {
    const type = at(props, "loadBalancerType");
    if (isUnknown(type)) return "unknown";
    return type === undefined || type === "application";
}

export const dropInvalidHeaders = resourcePolicy(
    {
        name: "alb-drop-invalid-headers",
        area: "alb",
        description: "Application load balancers drop invalid HTTP header fields.",
        why: "Headers with invalid characters are a request-smuggling vector against the BFF behind the load balancer.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Set `dropInvalidHeaderFields: true` on the load balancer.",
        anchors: [
            "CKV_AWS_131",
            "KICS 6e3fd2ed-5c83-4c68-9679-7700d224d379",
            "cdk-nag ALBHttpDropInvalidHeaderEnabled",
        ],
    },
    LOAD_BALANCER_TYPES,
    (props, args, report) => {
        const app = isApplication(props);
        if (app === "unknown") return cannotDecide("loadBalancerType");
        if (!app) args.notApplicable("network and gateway load balancers do not parse HTTP headers");
        const drop = at(props, "dropInvalidHeaderFields");
        if (isUnknown(drop)) return cannotDecide("dropInvalidHeaderFields");
        if (asBoolean(drop) !== true) report("dropInvalidHeaderFields is not true.");
    },
);

export const accessLogs = resourcePolicy(
    {
        name: "alb-access-logs",
        area: "alb",
        description: "Load balancers write access logs to an S3 bucket.",
        why: "Access logs are the only record of who called the public entry point; incident response and abuse reports need them.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `accessLogs: { enabled: true, bucket: <log bucket>, prefix: <lb name> }`; the bucket policy must let the ELB log delivery principal write.",
        anchors: ["CKV_AWS_91", "AwsSolutions-ELB2", "AWSGuard elb-logging-enabled"],
    },
    LOAD_BALANCER_TYPES,
    (props, _args, report) => {
        const enabled = at(props, "accessLogs", "enabled");
        if (isUnknown(enabled)) return cannotDecide("accessLogs.enabled");
        if (asBoolean(enabled) !== true) return report("accessLogs are not enabled.");
        const bucket = at(props, "accessLogs", "bucket");
        // An unknown bucket is a bucket of this stack, created in the same run: present.
        if (!isUnknown(bucket) && asText(bucket) === undefined) report("accessLogs has no bucket.");
    },
);

interface HardeningConfig {
    requireDeletionProtection: boolean;
}

export const hardening = resourcePolicy(
    {
        name: "alb-hardening",
        area: "alb",
        description:
            "Load balancers do not run desync mitigation in monitor mode, and have deletion protection where the stack requires it.",
        why: "Monitor mode lets HTTP desync (request smuggling) requests through. Deleting the production entry point by accident takes the platform offline and loses its DNS name; prod stacks set requireDeletionProtection.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps:
            'Leave `desyncMitigationMode` at "defensive" or set "strictest"; in prod set `enableDeletionProtection: true` (and `requireDeletionProtection: true` in this policy\'s config).',
        anchors: [
            "CKV_AWS_150",
            "CKV_AWS_328",
            "KICS afecd1f1-6378-4f7e-bb3b-60c35801fdd4",
            "AWSGuard elb-deletion-protection-enabled",
        ],
        config: {
            requireDeletionProtection: {
                type: "boolean",
                default: false,
                description: "Require enableDeletionProtection (set true for prod stacks).",
            },
        },
    },
    LOAD_BALANCER_TYPES,
    (props, args, report) => {
        const cfg = withDefaults<HardeningConfig>(args, { requireDeletionProtection: false });
        const needs = new UnknownNeeds();
        const desync = at(props, "desyncMitigationMode");
        if (isUnknown(desync)) needs.note("desyncMitigationMode");
        else if (desync === "monitor") report('desyncMitigationMode is "monitor".');
        if (cfg.requireDeletionProtection) {
            const protection = at(props, "enableDeletionProtection");
            if (isUnknown(protection)) needs.note("enableDeletionProtection");
            else if (asBoolean(protection) !== true) report("enableDeletionProtection is not true.");
        }
        settle(needs);
    },
);

interface EntryConfig {
    allowedTargetPorts: number[];
    forbiddenTargetPorts: number[];
}

export const singlePublicEntry = stackPolicy(
    {
        name: "single-public-entry",
        area: "alb",
        description:
            "The stack has at most one internet-facing load balancer (none when CloudFront reaches an internal one through a VPC origin); it forwards only to target groups of http services (tagged ecs-platform:kind http; untagged: on the allowed ports), and no target group serves an internal or worker service (untagged: a forbidden port).",
        why: "The architecture has one front door (CloudFront or a public ALB -> the http services, the seed's BFF :3000); internal services (AgentCore :8080) are reached only by name. A second public load balancer, or a target group in front of an internal service, opens another way in.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Mark every other load balancer `internal: true` (or remove it), point the public listeners only at the target groups of http services, and delete target groups in front of internal or worker services.",
        anchors: ["architecture: single public entry"],
        config: {
            allowedTargetPorts: {
                type: "array",
                items: { type: "integer", minimum: 1, maximum: 65535 },
                default: [PORTS.bff],
                description:
                    "For target groups without the ecs-platform tags: ports the internet-facing load balancer may forward to.",
            },
            forbiddenTargetPorts: {
                type: "array",
                items: { type: "integer", minimum: 1, maximum: 65535 },
                default: [PORTS.agentcore],
                description:
                    "For target groups without the ecs-platform tags: ports no target group may use (the AgentCore port).",
            },
        },
    },
    (args, report) => {
        const cfg = withDefaults<EntryConfig>(args, {
            allowedTargetPorts: [PORTS.bff],
            forbiddenTargetPorts: [PORTS.agentcore],
        });
        const needs = new UnknownNeeds();
        const of = (types: readonly string[]) => args.resources.filter((r) => types.includes(r.type));
        const lbs = of(LOAD_BALANCER_TYPES);
        const targetGroups = of(TARGET_GROUP_TYPES);
        if (lbs.length === 0 && targetGroups.length === 0) args.notApplicable("no load balancer in the stack");

        const serviceOf = (tg: PolicyResource) => serviceOfTags(snapshot(at(tg.props, "tags")));
        for (const tg of targetGroups) {
            const tagged = serviceOf(tg);
            if (tagged !== undefined) {
                if (tagged.kind !== "http") {
                    report(
                        `${describeResource(tg)} is in front of ${tagged.service}, a ${tagged.kind} service, which takes no traffic from a load balancer.`,
                        tg.urn,
                    );
                }
                continue;
            }
            const port = at(tg.props, "port");
            if (isUnknown(port)) needs.note(`${tg.name}.port`);
            else if (cfg.forbiddenTargetPorts.includes(asNumber(port) ?? -1)) {
                report(
                    `${describeResource(tg)} serves port ${asNumber(port)}, a forbidden port (forbiddenTargetPorts).`,
                    tg.urn,
                );
            }
        }

        const publicLbs: PolicyResource[] = [];
        let exposureKnown = true;
        for (const lb of lbs) {
            const internal = at(lb.props, "internal");
            if (isUnknown(internal)) {
                needs.note(`${lb.name}.internal`);
                exposureKnown = false;
            } else if (asBoolean(internal) !== true) publicLbs.push(lb);
        }
        if (lbs.length > 0 && exposureKnown && publicLbs.length > 1) {
            report(`the stack has ${publicLbs.length} internet-facing load balancers; at most one is allowed.`);
        }

        const listeners = of(LISTENER_TYPES);
        const publicSet = new Set(publicLbs);
        const publicListeners = new Set(
            listeners.filter((l) => {
                const lb = loadBalancerOf(l, lbs);
                if (lb === "unknown") needs.note(`${l.name}.loadBalancerArn`);
                return lb !== "unknown" && lb !== undefined && publicSet.has(lb);
            }),
        );
        const rules = of(LISTENER_RULE_TYPES).filter((rule) =>
            dependenciesVia(rule, "listenerArn").some((l) => publicListeners.has(l)),
        );
        const forwarded = new Set<PolicyResource>();
        for (const l of publicListeners)
            targetGroupsOf(l, "defaultActions", targetGroups, needs).forEach((t) => forwarded.add(t));
        for (const r of rules) targetGroupsOf(r, "actions", targetGroups, needs).forEach((t) => forwarded.add(t));
        for (const tg of forwarded) {
            if (serviceOf(tg)?.kind === "http") continue;
            const port = asNumber(at(tg.props, "port"));
            if (port !== undefined && !cfg.allowedTargetPorts.includes(port)) {
                report(`${describeResource(tg)} behind the internet-facing load balancer serves port ${port}.`, tg.urn);
            }
        }
        settle(needs);
    },
);

/** The listener's load balancer: engine property dependency, else ARN match, else the only one. */
function loadBalancerOf(
    listener: PolicyResource,
    lbs: readonly PolicyResource[],
): PolicyResource | "unknown" | undefined {
    const linked = dependenciesVia(listener, "loadBalancerArn").find((r) => LOAD_BALANCER_TYPES.includes(r.type));
    if (linked) return linked;
    const ref = at(listener.props, "loadBalancerArn");
    let undecided = false;
    for (const lb of lbs) {
        const match = refersTo(ref, lb, ["arn", "id"]);
        if (match) return lb;
        if (match === undefined) undecided = true;
    }
    if (lbs.length === 1) return lbs[0];
    return undecided ? "unknown" : undefined;
}

/** Target groups an action list forwards to (`targetGroupArn` and `forward.targetGroups[].arn`). */
function targetGroupsOf(
    owner: PolicyResource,
    property: string,
    targetGroups: readonly PolicyResource[],
    needs: UnknownNeeds,
): PolicyResource[] {
    const found = new Set(dependenciesVia(owner, property).filter((r) => TARGET_GROUP_TYPES.includes(r.type)));
    const actions = at(owner.props, property);
    if (isUnknown(actions)) return [...found];
    const refs = asList(actions).flatMap((a) => [
        at(a, "targetGroupArn"),
        ...asList(at(a, "forward", "targetGroups")).map((t) => at(t, "arn")),
    ]);
    for (const ref of refs) {
        if (ref === undefined) continue;
        if (isUnknown(ref)) {
            if (found.size === 0 && targetGroups.length > 0) needs.note(`${owner.name}.${property}`);
            continue;
        }
        // Already linked through the engine's dependency: no need to compare with every target group.
        if ([...found].some((tg) => refersTo(ref, tg, ["arn", "id"]) === true)) continue;
        const match = targetGroups.find((tg) => refersTo(ref, tg, ["arn", "id"]) === true);
        if (match) found.add(match);
        else if (found.size === 0 && targetGroups.some((tg) => refersTo(ref, tg, ["arn", "id"]) === undefined)) {
            needs.note(`${owner.name}.${property}`);
        }
    }
    return [...found];
}

/** Policies of the "alb" area. */
export const albPolicies: PlatformPolicy[] = [
    listenerHttps,
    listenerTlsPolicy,
    dropInvalidHeaders,
    accessLogs,
    hardening,
    singlePublicEntry,
];
