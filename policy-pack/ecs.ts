/**
 * Policies of the "ecs" area: services, task definitions, clusters, and the stack-level rule that
 * internal services (the seed's AgentCore) are reachable only through Cloud Map. Container-level rules live in ecs-containers.ts.
 *
 * Mandatory by default: no public IP, no privileged container, no plaintext secret (the three
 * that expose the platform outright). The rest are advisory; stacks promote them in config.
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { ecsContainerPolicies, eachContainer } from "./ecs-containers";
import { deploymentStrategyOf, ecsRolloutPolicies } from "./ecs-rollout";
import { field, fieldPath } from "./lib/container-definitions";
import { PlatformPolicy, resourcePolicy, stackPolicy } from "./lib/define-policy";
import { asBoolean, asList, asText, at, isUnknown, snapshot, UnknownNeeds } from "./lib/known-values";
import { serviceOfTags } from "./lib/service-tags";
import {
    cannotDecide,
    configPattern,
    dependenciesVia,
    describeResource,
    refersTo,
    settle,
    withDefaults,
} from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";

export const serviceNoPublicIp = resourcePolicy(
    {
        name: "ecs-service-no-public-ip",
        area: "ecs",
        description: "ECS services must not assign public IP addresses to their tasks.",
        why: "A public IP puts the task's ENI on the internet, bypassing the load balancer; the platform reaches AWS APIs through VPC endpoints instead. Mandatory by default.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Set `networkConfiguration.assignPublicIp: false` and place the service in private subnets; reach AWS services through VPC endpoints.",
        anchors: ["CKV_AWS_333"],
    },
    [AWS_TYPE.ecs.Service],
    (props, _args, report) => {
        const assign = at(props, "networkConfiguration", "assignPublicIp");
        if (isUnknown(assign)) return cannotDecide("networkConfiguration.assignPublicIp");
        if (asBoolean(assign) === true) report("networkConfiguration.assignPublicIp is true.");
    },
);

export const taskRoles = resourcePolicy(
    {
        name: "ecs-task-roles",
        area: "ecs",
        description: "ECS task definitions set a task role, distinct from the execution role.",
        why: "The execution role pulls images, reads secrets and writes logs for ECS; sharing it with the application hands the app those rights. Without a task role the app has no scoped identity. Advisory: the IAM area checks the roles' contents.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Create one role per service for the application (`taskRoleArn`) and a separate execution role (`executionRoleArn`) with only the ECR, logs and secret-read permissions.",
        anchors: ["CKV_AWS_249"],
    },
    [AWS_TYPE.ecs.TaskDefinition],
    (props, _args, report) => {
        const task = at(props, "taskRoleArn");
        const execution = at(props, "executionRoleArn");
        if (!isUnknown(task) && asText(task) === undefined) return report("taskRoleArn is not set.");
        if (isUnknown(task) || isUnknown(execution)) {
            // Two ARNs of roles created in the same run: equal or not is known only at update time.
            if (execution !== undefined) return cannotDecide("taskRoleArn/executionRoleArn");
            return;
        }
        if (task === execution) report("taskRoleArn and executionRoleArn are the same role.");
    },
);

const ROOT_USER = /^(root|0)(:.*)?$/i;

export const taskIsolation = resourcePolicy(
    {
        name: "ecs-task-isolation",
        area: "ecs",
        description:
            "ECS task definitions use awsvpc and FARGATE, share no host namespace, add no Linux capability and run containers as a non-root user.",
        why: "awsvpc gives each task its own ENI and security group; host pid/ipc namespaces and root users widen the blast radius of a compromised container. Advisory: the user is set by the image owner.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            'Set `networkMode: "awsvpc"`, `requiresCompatibilities: ["FARGATE"]`, no `pidMode`/`ipcMode` "host", no `linuxParameters.capabilities.add`, and a numeric non-root `user` (e.g. "1000:1000") on every container.',
        anchors: [
            "CKV_AWS_335",
            "KICS 9f4a9409-9c60-4671-be96-9716dbf63db1",
            "cdk-nag ECSTaskDefinitionUserForHostMode",
        ],
    },
    [AWS_TYPE.ecs.TaskDefinition],
    (props, _args, report) => {
        const needs = new UnknownNeeds();
        const mode = at(props, "networkMode");
        if (isUnknown(mode)) needs.note("networkMode");
        else if (mode !== "awsvpc") report(`networkMode is ${mode === undefined ? "not set" : "not awsvpc"}.`);
        const compat = at(props, "requiresCompatibilities");
        if (isUnknown(compat)) needs.note("requiresCompatibilities");
        else if (!asList(compat).includes("FARGATE")) report("requiresCompatibilities does not include FARGATE.");
        for (const key of ["pidMode", "ipcMode"]) {
            const v = at(props, key);
            if (isUnknown(v)) needs.note(key);
            else if (v === "host") report(`${key} is "host".`);
        }
        eachContainer(props, needs, report, (c, d) => {
            const user = field(d, "user");
            if (isUnknown(user)) needs.note(`containerDefinitions[${c.index}].user`);
            else if (typeof user !== "string" || user.trim() === "")
                report(`${c.label} sets no user, so the image's default user (often root) runs it.`);
            else if (ROOT_USER.test(user.trim())) report(`${c.label} runs as root.`);
            const added = fieldPath(d, "linuxParameters", "capabilities", "add");
            if (isUnknown(added)) needs.note(`containerDefinitions[${c.index}].linuxParameters.capabilities.add`);
            else if (asList(added).length > 0) report(`${c.label} adds Linux capabilities.`);
        });
        settle(needs);
    },
);

interface InsightsConfig {
    allowedValues: string[];
}

export const containerInsights = resourcePolicy(
    {
        name: "ecs-container-insights",
        area: "ecs",
        description: "ECS clusters turn Container Insights on (enabled or enhanced).",
        why: "The platform's running-below-desired alarms read Container Insights metrics (ECS/ContainerInsights); without them the alarms never fire. An unset value falls back to the account default.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps:
            'Add `settings: [{ name: "containerInsights", value: "enhanced" }]` (or "enabled") to the cluster.',
        anchors: ["CKV_AWS_65", "AwsSolutions-ECS4", "KICS abcefee4-a0c1-4245-9f82-a473f79a9e2f"],
        config: {
            allowedValues: {
                type: "array",
                items: { type: "string", enum: ["enabled", "enhanced", "disabled"] },
                default: ["enabled", "enhanced"],
                description: "Container Insights values that pass.",
            },
        },
    },
    [AWS_TYPE.ecs.Cluster],
    (props, args, report) => {
        const cfg = withDefaults<InsightsConfig>(args, { allowedValues: ["enabled", "enhanced"] });
        const settings = at(props, "settings");
        if (isUnknown(settings)) return cannotDecide("settings");
        const setting = asList(settings).find((s) => at(s, "name") === "containerInsights");
        if (setting === undefined)
            return report("settings has no containerInsights entry (the account default applies).");
        const value = at(setting, "value");
        if (isUnknown(value)) return cannotDecide("settings.containerInsights.value");
        if (typeof value !== "string" || !cfg.allowedValues.includes(value)) {
            report(`containerInsights is not one of ${cfg.allowedValues.join(", ")}.`);
        }
    },
);

export const capacityProviders = resourcePolicy(
    {
        name: "ecs-service-capacity-providers",
        area: "ecs",
        description: "ECS services set capacityProviderStrategies explicitly instead of launchType.",
        why: "The platform splits tasks between FARGATE (with a base) and FARGATE_SPOT; a launchType pins the service to one, and an empty strategy silently follows whatever the cluster default becomes.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps:
            'Remove `launchType` and set `capacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 1, weight: 70 }, { capacityProvider: "FARGATE_SPOT", weight: 30 }]`; depend on the ClusterCapacityProviders resource.',
        anchors: ["architecture: ECS capacity providers (ecs-facts 2.3)"],
    },
    [AWS_TYPE.ecs.Service],
    (props, _args, report) => {
        const needs = new UnknownNeeds();
        const launchType = at(props, "launchType");
        if (isUnknown(launchType)) needs.note("launchType");
        else if (asText(launchType) !== undefined) report("launchType is set; use capacityProviderStrategies.");
        const strategies = at(props, "capacityProviderStrategies");
        if (isUnknown(strategies)) needs.note("capacityProviderStrategies");
        else if (asList(strategies).length === 0) report("capacityProviderStrategies is empty.");
        settle(needs);
    },
);

export const circuitBreaker = resourcePolicy(
    {
        name: "ecs-deployment-circuit-breaker",
        area: "ecs",
        description: "ECS services enable the deployment circuit breaker with rollback.",
        why: "Without it a deployment of a broken image keeps replacing tasks until someone notices; with rollback ECS returns to the last working deployment.",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps: "Set `deploymentCircuitBreaker: { enable: true, rollback: true }` on the service.",
        anchors: ["architecture: ECS deployment circuit breaker (ecs-facts 3.2)"],
    },
    [AWS_TYPE.ecs.Service],
    (props, args, report) => {
        const controller = at(props, "deploymentController", "type");
        if (isUnknown(controller)) return cannotDecide("deploymentController.type");
        if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") {
            args.notApplicable("the circuit breaker applies to the rolling (ECS) deployment controller only");
        }
        const strategy = deploymentStrategyOf(props);
        if (strategy === undefined) return cannotDecide("deploymentConfiguration.strategy");
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
        if (strategy !== "ROLLING") return args.notApplicable(`the circuit breaker does not apply to ${strategy}`);
        const enable = at(props, "deploymentCircuitBreaker", "enable");
        const rollback = at(props, "deploymentCircuitBreaker", "rollback");
        if (isUnknown(enable) || isUnknown(rollback)) return cannotDecide("deploymentCircuitBreaker");
        if (asBoolean(enable) !== true) report("deploymentCircuitBreaker is not enabled.");
        else if (asBoolean(rollback) !== true) report("deploymentCircuitBreaker does not roll back.");
    },
);

interface ExecConfig {
    forbidExecuteCommand: boolean;
}

export const execAudited = stackPolicy(
    {
        name: "ecs-exec-off-or-audited",
        area: "ecs",
        description:
            "ECS Exec is off, or the service's cluster logs exec sessions (logging not NONE) and encrypts them with a KMS key.",
        why: "ECS Exec gives a shell in a running task with the task role's credentials (prowler ECS-006); unlogged sessions leave no trace. Stacks set `forbidExecuteCommand` where exec has no place (prod).",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            'Set `enableExecuteCommand: false`, or give the cluster `configuration.executeCommandConfiguration: { kmsKeyId, logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName, cloudWatchEncryptionEnabled: true } }`.',
        anchors: ["CKV_AWS_223", "CKV_AWS_224", "prowler ECS-006"],
        config: {
            forbidExecuteCommand: {
                type: "boolean",
                default: false,
                description: "When true, any service with enableExecuteCommand is a violation (e.g. prod).",
            },
        },
    },
    (args, report) => {
        const cfg = withDefaults<ExecConfig>(args, { forbidExecuteCommand: false });
        const needs = new UnknownNeeds();
        const clusters = args.resources.filter((r) => r.type === AWS_TYPE.ecs.Cluster);
        for (const service of args.resources.filter((r) => r.type === AWS_TYPE.ecs.Service)) {
            const exec = at(service.props, "enableExecuteCommand");
            if (isUnknown(exec)) {
                needs.note(`${service.name}.enableExecuteCommand`);
                continue;
            }
            if (asBoolean(exec) !== true) continue;
            if (cfg.forbidExecuteCommand) {
                report(`${describeResource(service)} enables ECS Exec, which this stack forbids.`, service.urn);
                continue;
            }
            const cluster = clusterOf(service, clusters);
            if (cluster === "unknown") {
                needs.note(`${service.name}.cluster`);
                continue;
            }
            if (cluster === undefined) {
                report(`${describeResource(service)} enables ECS Exec on a cluster outside this stack.`, service.urn);
                continue;
            }
            const gap = execAuditGap(cluster);
            if (gap === "unknown") needs.note(`${cluster.name}.configuration.executeCommandConfiguration`);
            else if (gap) report(`${describeResource(service)} enables ECS Exec but its cluster ${gap}.`, service.urn);
        }
        settle(needs);
    },
);

/** The service's cluster: by the engine's property dependency, else by ARN/name. */
function clusterOf(
    service: PolicyResource,
    clusters: readonly PolicyResource[],
): PolicyResource | "unknown" | undefined {
    const linked = dependenciesVia(service, "cluster").find((r) => r.type === AWS_TYPE.ecs.Cluster);
    if (linked) return linked;
    const ref = at(service.props, "cluster");
    let undecided = false;
    for (const c of clusters) {
        const match = refersTo(ref, c, ["arn", "id", "name"]);
        if (match) return c;
        if (match === undefined) undecided = true;
    }
    return undecided ? "unknown" : undefined;
}

function execAuditGap(cluster: PolicyResource): string | undefined | "unknown" {
    const config = at(cluster.props, "configuration", "executeCommandConfiguration");
    if (isUnknown(config)) return "unknown";
    if (config === undefined || config === null) return "has no executeCommandConfiguration";
    const logging = at(config, "logging");
    if (isUnknown(logging)) return "unknown";
    if (logging === "NONE") return 'sets executeCommandConfiguration.logging to "NONE"';
    const key = at(config, "kmsKeyId");
    if (!isUnknown(key) && asText(key) === undefined) return "does not encrypt exec sessions (no kmsKeyId)";
    return undefined;
}

interface InternalServicesConfig {
    untaggedInternalPattern: string;
}

export const internalServicesPrivateOnly = stackPolicy(
    {
        name: "internal-services-private-only",
        area: "ecs",
        description:
            "Every internal ECS service (tagged ecs-platform:kind internal; the seed's AgentCore) is reachable only by name: it registers in a service registry and is attached to no load balancer. A worker (kind worker) has neither.",
        why: "An internal service holds model and data access; only its callers may reach it, over <name>.local. A load balancer (or a public DNS namespace) would give it a second front door, and a worker takes no connections at all. Advisory by default; the network area checks that its security group admits only its callers.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "On an internal service set `serviceRegistries: { registryArn: <aws.servicediscovery.Service in the private DNS namespace>.arn }` and remove `loadBalancers`; on a worker remove both.",
        anchors: ["architecture: internal services via Cloud Map only"],
        config: {
            untaggedInternalPattern: {
                type: "string",
                default: "agentcore",
                description:
                    "For ECS services without the ecs-platform:kind tag: a case-insensitive regular expression over the service name or resource name that marks them internal.",
            },
        },
    },
    (args, report) => {
        const cfg = withDefaults<InternalServicesConfig>(args, { untaggedInternalPattern: "agentcore" });
        const pattern = configPattern(
            "internal-services-private-only",
            "untaggedInternalPattern",
            cfg.untaggedInternalPattern,
        );
        const needs = new UnknownNeeds();
        const kindOf = (s: PolicyResource) => {
            const tagged = serviceOfTags(snapshot(at(s.props, "tags")));
            if (tagged !== undefined) return tagged.kind;
            const name = at(s.props, "name");
            return pattern.test(s.name) || (typeof name === "string" && pattern.test(name)) ? "internal" : undefined;
        };
        const services = args.resources.filter((r) => r.type === AWS_TYPE.ecs.Service);
        const internal = services.filter((s) => kindOf(s) === "internal");
        const workers = services.filter((s) => kindOf(s) === "worker");
        if (internal.length + workers.length === 0) args.notApplicable("no internal or worker ECS service");
        for (const service of internal) checkInternal(service, needs, report);
        for (const service of workers) checkWorker(service, needs, report);
        settle(needs);
    },
);

/** A worker takes no connections: no load balancer, no name to be called by. */
function checkWorker(service: PolicyResource, needs: UnknownNeeds, report: ReportViolation): void {
    const what = describeResource(service);
    for (const [field, text] of [
        ["loadBalancers", "is attached to a load balancer"],
        ["serviceRegistries", "registers in a service registry"],
    ] as const) {
        const value = at(service.props, field);
        if (isUnknown(value)) needs.note(`${service.name}.${field}`);
        else if (asList(value).length > 0) report(`${what}, a worker, ${text}.`, service.urn);
    }
}

function checkInternal(service: PolicyResource, needs: UnknownNeeds, report: ReportViolation): void {
    const what = describeResource(service);
    const balancers = at(service.props, "loadBalancers");
    if (isUnknown(balancers)) needs.note(`${service.name}.loadBalancers`);
    else if (asList(balancers).length > 0) report(`${what} is attached to a load balancer.`, service.urn);
    const registries = at(service.props, "serviceRegistries");
    if (isUnknown(registries)) return needs.note(`${service.name}.serviceRegistries`);
    const registry = asList(registries)[0];
    const arn = at(registry, "registryArn");
    if (registry === undefined || (!isUnknown(arn) && asText(arn) === undefined)) {
        return report(`${what} has no serviceRegistries entry, so Cloud Map cannot resolve it.`, service.urn);
    }
    for (const sd of dependenciesVia(service, "serviceRegistries")) {
        if (dependenciesVia(sd, "dnsConfig").some((ns) => ns.type === AWS_TYPE.servicediscovery.PublicDnsNamespace)) {
            report(`${what} registers in a public DNS namespace.`, service.urn);
        }
    }
}

/** Policies of the "ecs" area. */
export const ecsPolicies: PlatformPolicy[] = [
    serviceNoPublicIp,
    ...ecsContainerPolicies,
    taskRoles,
    taskIsolation,
    containerInsights,
    execAudited,
    capacityProviders,
    circuitBreaker,
    ...ecsRolloutPolicies,
    internalServicesPrivateOnly,
];
