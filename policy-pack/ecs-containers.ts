/**
 * ECS policies that read the containers of a task definition. Task-level fields are read first;
 * `containerDefinitions` last, because it is the field most often unknown in preview (built from
 * an image URL or log group output).
 */
import { ReportViolation } from "@pulumi/policy";
import { Container, field, parseContainerDefinitions } from "./lib/container-definitions";
import { PlatformPolicy, resourcePolicy } from "./lib/define-policy";
import { asBoolean, asList, at, isUnknown, UNKNOWN, UnknownNeeds } from "./lib/known-values";
import { configPattern, quoteIdentifier, settle, withDefaults } from "./lib/policy-support";
import { AWS_TYPE } from "./lib/aws-types";
import { benignShape, secretShape } from "./lib/secret-values";

/**
 * Calls `check` for every container whose definition is known. A missing or malformed
 * containerDefinitions is itself a violation (the policy cannot vouch for what it cannot read).
 */
export function eachContainer(
    props: Record<string, unknown>,
    needs: UnknownNeeds,
    report: ReportViolation,
    check: (container: Container, definition: Record<string, unknown>) => void,
): void {
    const parsed = parseContainerDefinitions(at(props, "containerDefinitions"));
    switch (parsed.kind) {
        case "unknown":
            needs.note("containerDefinitions");
            return;
        case "missing":
            report("containerDefinitions is missing, so its containers cannot be checked.");
            return;
        case "invalid":
            report(`containerDefinitions ${parsed.reason}, so its containers cannot be checked.`);
            return;
    }
    for (const container of parsed.containers) {
        if (container.definition === UNKNOWN) needs.note(`containerDefinitions[${container.index}]`);
        else check(container, container.definition);
    }
}

/** Runs a container check over one task definition and settles its unknowns. */
function containerCheck(
    check: (c: Container, d: Record<string, unknown>, needs: UnknownNeeds, report: ReportViolation) => void,
): (props: Record<string, any>, args: unknown, report: ReportViolation) => void {
    return (props, _args, report) => {
        const needs = new UnknownNeeds();
        eachContainer(props, needs, report, (c, d) => check(c, d, needs, report));
        settle(needs);
    };
}

export const containerNotPrivileged = resourcePolicy(
    {
        name: "ecs-container-not-privileged",
        area: "ecs",
        description: "ECS containers must not run privileged.",
        why: "A privileged container has every Linux capability and the host's devices; a compromise of the app becomes a compromise of the host. Mandatory by default: nothing in this platform needs it.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            'Remove `privileged` (or set it to false) in the container definition. Remove the misspelt `privilege` key too: ECS ignores it, so it only hides intent. If one container truly needs it, add a waiver with a reason: `{"exclude": [{"pattern": "^<task-definition>$", "reason": "..."}]}`.',
        anchors: ["CKV_AWS_334", "AWS Config ECS_CONTAINERS_NONPRIVILEGED", "Security Hub ECS.4"],
    },
    [AWS_TYPE.ecs.TaskDefinition],
    containerCheck((c, d, needs, report) => {
        const privileged = field(d, "privileged");
        if (isUnknown(privileged)) needs.note(`containerDefinitions[${c.index}].privileged`);
        else if (asBoolean(privileged) === true) report(`${c.label} sets privileged: true.`);
        else if (privileged !== undefined && asBoolean(privileged) === undefined)
            report(`${c.label} sets privileged to something that is not a boolean.`);
        // Checkov's CKV_AWS_334 reads this misspelling; a template copied from it carries the intent.
        const misspelt = field(d, "privilege");
        if (isUnknown(misspelt)) needs.note(`containerDefinitions[${c.index}].privilege`);
        else if (asBoolean(misspelt) === true)
            report(`${c.label} sets "privilege: true" (misspelt; ECS ignores the key). Remove it.`);
    }),
);

/** Env var names that usually carry secrets (KICS d40210ea, AWS Config ECS_NO_ENVIRONMENT_SECRETS). */
export const DEFAULT_SECRET_NAME_PATTERN =
    "(pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|DATABASE_URL|ECS_ENGINE_AUTH_DATA)";

interface SecretsConfig {
    secretNamePattern: string;
    allowedNames: string[];
}

export const noPlaintextSecrets = resourcePolicy(
    {
        name: "ecs-no-plaintext-secrets",
        area: "ecs",
        description:
            "ECS container environment variables must not carry secrets, judged by name and by value; use `secrets` (SSM SecureString or Secrets Manager).",
        why: "Plain `environment` values are readable by anyone who can describe the task definition, and land in Pulumi state and CI logs. Mandatory by default: a leaked credential cannot be un-leaked.",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Move the value to an SSM SecureString parameter (or Secrets Manager) and reference it from the container's `secrets` list (`{ name, valueFrom: <parameter ARN> }`); grant the execution role ssm:GetParameters on that parameter. A variable that only names a secret (an ARN), or whose value is a number, a boolean, a URL without credentials or a UUID, is fine whatever its name; a known key shape, a URL with user:password or a high-entropy token (detect-secrets' limits) is flagged whatever its name. For a false positive, add the name to `allowedNames`.",
        anchors: [
            "AwsSolutions-ECS2",
            "KICS d40210ea-64b9-4cce-a4fb-e8604f3c062c",
            "tfsec aws-ecs-no-plaintext-secrets",
            "AWS Config ECS_NO_ENVIRONMENT_SECRETS",
            "detect-secrets Base64HighEntropyString/HexHighEntropyString",
        ],
        config: {
            secretNamePattern: {
                type: "string",
                default: DEFAULT_SECRET_NAME_PATTERN,
                description: "Case-insensitive regular expression over variable names that count as secrets.",
            },
            allowedNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Exact variable names known not to hold secrets: skipped by the name check and the entropy check (known key shapes are still flagged).",
            },
        },
    },
    [AWS_TYPE.ecs.TaskDefinition],
    (props, args, report) => {
        const cfg = withDefaults<SecretsConfig>(args, {
            secretNamePattern: DEFAULT_SECRET_NAME_PATTERN,
            allowedNames: [],
        });
        const namePattern = configPattern("ecs-no-plaintext-secrets", "secretNamePattern", cfg.secretNamePattern);
        const allowed = new Set(cfg.allowedNames);
        const needs = new UnknownNeeds();
        eachContainer(props, needs, report, (c, d) => {
            const environment = field(d, "environment");
            if (isUnknown(environment)) return needs.note(`containerDefinitions[${c.index}].environment`);
            asList(environment).forEach((entry, i) => {
                const path = `containerDefinitions[${c.index}].environment[${i}]`;
                const name = field(entry, "name");
                const value = field(entry, "value");
                if (isUnknown(name)) return needs.note(`${path}.name`);
                const label = quoteIdentifier(name) ?? `#${i + 1}`;
                if (isUnknown(value)) return needs.note(`${path}.value`);
                // A JSON number or boolean, or a string that is one (or a plain URL, a UUID), is
                // configuration however the variable is called: MAX_TOKENS=4096, TOKEN_URL=https://...
                if (typeof value !== "string") return;
                const secretName = typeof name === "string" && namePattern.test(name) && !allowed.has(name);
                if (secretName && !isReference(value) && benignShape(value) === undefined) {
                    return report(
                        `${c.label}: environment variable ${label} has a secret-like name; pass it through \`secrets\` instead.`,
                    );
                }
                const listed = typeof name === "string" && allowed.has(name);
                const shape = secretShape(value, typeof name === "string" ? name : "", { entropy: !listed });
                if (shape) report(`${c.label}: environment variable ${label} holds what looks like ${shape}.`);
            });
        });
        settle(needs);
    },
);

/** An empty value or an ARN/parameter path names a secret rather than holding it. */
function isReference(value: unknown): boolean {
    return value === undefined || value === null || value === "" || (typeof value === "string" && /^arn:/.test(value));
}

export const readonlyRootFilesystem = resourcePolicy(
    {
        name: "ecs-readonly-root-fs",
        area: "ecs",
        description: "Every ECS container sets readonlyRootFilesystem: true.",
        why: "A writable root filesystem lets an attacker drop tools or alter the app in a running task. Advisory: some images need a writable path, which a tmpfs/volume mount provides.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Set `readonlyRootFilesystem: true` on each container and mount a volume (or bind mount) for paths the app writes, e.g. /tmp.",
        anchors: ["CKV_AWS_336", "AWS Config ECS_CONTAINERS_READONLY_ACCESS"],
    },
    [AWS_TYPE.ecs.TaskDefinition],
    containerCheck((c, d, needs, report) => {
        const ro = field(d, "readonlyRootFilesystem");
        if (isUnknown(ro)) needs.note(`containerDefinitions[${c.index}].readonlyRootFilesystem`);
        else if (asBoolean(ro) !== true) report(`${c.label} does not set readonlyRootFilesystem: true.`);
    }),
);

const KNOWN_LOG_DRIVERS = ["awslogs", "awsfirelens", "splunk", "fluentd", "gelf", "json-file", "journald", "syslog"];

export const containerLogging = resourcePolicy(
    {
        name: "ecs-container-logging",
        area: "ecs",
        description: "Every ECS container logs through awslogs (with a log group) or FireLens (with a destination).",
        why: "Without a log configuration the container's output is lost when the task stops, and incidents cannot be investigated.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            'Give each container `logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": <group>, "awslogs-region": <region>, "awslogs-stream-prefix": <service> } }`, with the log group created by the stack (retention set), or an awsfirelens configuration whose options name the output plugin (`Name`) and, for CloudWatch, `log_group_name`.',
        anchors: ["AwsSolutions-ECS7", "Security Hub ECS.9"],
    },
    [AWS_TYPE.ecs.TaskDefinition],
    containerCheck((c, d, needs, report) => {
        const path = `containerDefinitions[${c.index}].logConfiguration`;
        const logConfiguration = field(d, "logConfiguration");
        if (isUnknown(logConfiguration)) return needs.note(path);
        if (logConfiguration === undefined || logConfiguration === null) {
            return report(`${c.label} has no logConfiguration.`);
        }
        const driver = field(logConfiguration, "logDriver");
        if (isUnknown(driver)) return needs.note(`${path}.logDriver`);
        const options = field(logConfiguration, "options");
        if (isUnknown(options)) return needs.note(`${path}.options`);
        const option = (key: string): unknown => at(options, key);
        if (driver === "awslogs") {
            const group = option("awslogs-group");
            if (isUnknown(group)) return;
            if (typeof group !== "string" || group === "") report(`${c.label} uses awslogs without "awslogs-group".`);
            return;
        }
        if (driver === "awsfirelens") {
            const plugin = option("Name");
            if (isUnknown(plugin)) return;
            if (typeof plugin !== "string" || plugin === "") {
                return report(`${c.label} uses awsfirelens without an output plugin ("Name" option).`);
            }
            if (/^cloudwatch(_logs)?$/i.test(plugin) && !isPresent(option("log_group_name"))) {
                report(`${c.label} sends FireLens output to CloudWatch without "log_group_name".`);
            }
            return;
        }
        const named = typeof driver === "string" && KNOWN_LOG_DRIVERS.includes(driver) ? ` (${driver})` : "";
        report(`${c.label} uses a log driver${named} other than awslogs or awsfirelens.`);
    }),
);

function isPresent(v: unknown): boolean {
    return isUnknown(v) || (typeof v === "string" && v !== "");
}

export const ecsContainerPolicies: PlatformPolicy[] = [
    containerNotPrivileged,
    noPlaintextSecrets,
    readonlyRootFilesystem,
    containerLogging,
];
