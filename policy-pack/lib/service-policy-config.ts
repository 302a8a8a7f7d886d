/**
 * The pack's per-stack allowlists, derived from the stack's services as the program declares them
 * (`ecs-platform:services`): the security-group tier map (who may open a connection to whom, on
 * which port) and each task role's allowed actions (from its `grants`). `npm run gen:policy-config`
 * writes them to policy-pack/config/<stack>.json, the file `--policy-pack-config` and Pulumi
 * Cloud's policy group take; a test fails when a committed file differs from what its stack file
 * derives, and the plan says when it is stale.
 *
 * Tiers and roles are matched by the tags the program sets (lib/service-tags.ts), never by names.
 */
import { PORTS } from "./architecture";
import type { Flow, TierMap, TierSpec } from "./sg-tiers";
import { ROLE_TAG, SERVICE_TAG, ServiceKindValue } from "./service-tags";

/** What the pack needs to know of one service. */
export interface PackService {
    readonly name: string;
    readonly kind: ServiceKindValue;
    /** Container port (http, internal). */
    readonly port?: number;
    readonly calls: readonly string[];
    readonly database: boolean;
    /** ECS Exec into its tasks. Default false. */
    readonly exec?: boolean;
    /** A worker with its own queue. Default false. */
    readonly queue?: boolean;
    /** The stack's tracing collector runs beside it. Default false. */
    readonly tracing?: boolean;
    readonly grants: {
        readonly bedrock: boolean;
        readonly s3Prefix?: string;
        readonly parameters: boolean;
        readonly secrets: readonly string[];
        /** Workers whose queues it sends to. Default none. */
        readonly queues?: readonly string[];
    };
}

/** One `iam-task-role-allowlist` entry: the roles it applies to (by tag, else by name) and their actions. */
export interface RoleAllowlist {
    /** Role-name regex, for roles without the program's tags. */
    readonly pattern?: string;
    /** Applies to the task role tagged `ecs-platform:service` with this name. */
    readonly service?: string;
    /** Applies to the role tagged `ecs-platform:role` with this value (`execution`). */
    readonly role?: string;
    readonly actions: readonly string[];
    readonly managedPolicies?: readonly string[];
}

export const LOGS_WRITE = ["logs:CreateLogStream", "logs:PutLogEvents"];
/** The apps read the database login (the RDS-managed secret) at run time; ECS itself never does. */
export const READ_DATABASE_LOGIN = "secretsmanager:GetSecretValue";

/** The actions each grant of the vocabulary allows: what the program's TaskRoles writes for it. */
export const GRANT_ACTIONS = {
    parameters: ["ssm:GetParameter*", "kms:Decrypt"],
    bedrock: ["bedrock:InvokeModel*", "bedrock:InvokeAgent"],
    s3Prefix: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
    secrets: ["secretsmanager:GetSecretValue"],
} as const;

/**
 * What an ECS Exec service's task role adds: the SSM agent's session channels, the check of the
 * session log group's encryption, and the session key (components/task-roles.ts execStatements).
 */
export const EXEC_ACTIONS = {
    channels: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
    ],
    describeLogGroups: ["logs:DescribeLogGroups"],
    sessionKey: ["kms:Decrypt", "kms:GenerateDataKey"],
} as const;

/** A queue worker's own queue, and a producer's `grants.queues` (components/task-roles.ts queueStatements). */
export const QUEUE_ACTIONS = {
    consume: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
    send: ["sqs:SendMessage"],
} as const;

/** The tracing collector's X-Ray calls (task role), and the execution role's pull through the ECR Public cache. */
export const TRACING_ACTIONS = {
    xray: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
    ],
    // A pull-through cache creates the cache repository and imports the image on the first pull
    // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html).
    cachePull: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
} as const;

/** The execution role ECS uses for every service: image pull, logs, container secrets. */
export const EXECUTION_ROLE_ALLOWLIST: RoleAllowlist = {
    role: "execution",
    actions: [
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        ...LOGS_WRITE,
        "ssm:GetParameters",
        "kms:Decrypt",
    ],
    managedPolicies: ["AmazonECSTaskExecutionRolePolicy"],
};

/** The allowlist of one service's task role: its own logs plus exactly its grants. */
export function roleAllowlistOf(s: PackService): RoleAllowlist {
    const g = s.grants;
    const actions = [
        ...LOGS_WRITE,
        ...(g.parameters ? GRANT_ACTIONS.parameters : []),
        ...(g.bedrock ? GRANT_ACTIONS.bedrock : []),
        ...(g.s3Prefix !== undefined ? GRANT_ACTIONS.s3Prefix : []),
        ...(g.secrets.length > 0 ? GRANT_ACTIONS.secrets : []),
        ...(s.database ? [READ_DATABASE_LOGIN] : []),
        ...(s.exec ? [...EXEC_ACTIONS.channels, ...EXEC_ACTIONS.describeLogGroups, ...EXEC_ACTIONS.sessionKey] : []),
        ...(s.queue ? QUEUE_ACTIONS.consume : []),
        ...(s.tracing ? TRACING_ACTIONS.xray : []),
        ...(g.queues && g.queues.length > 0 ? QUEUE_ACTIONS.send : []),
    ];
    return { service: s.name, actions: [...new Set(actions)] };
}

/** The tier map of a stack: the fixed tiers (ALB, database, endpoints) and one tier per service. */
export function tierMapFor(services: readonly PackService[]): TierMap {
    const byName = new Map(services.map((s) => [s.name, s]));
    const tiers: Record<string, TierSpec> = {
        alb: {
            match: "alb|load-?balancer",
            ingress: [{ ports: [PORTS.https, PORTS.http], peers: ["cidr", "prefixList"] }],
        },
    };
    for (const s of services) {
        const callers = services.filter((c) => c.calls.includes(s.name)).map((c) => c.name);
        const ingress: Flow[] =
            s.port === undefined
                ? []
                : s.kind === "http"
                  ? [{ ports: [s.port], peers: ["alb"] }]
                  : callers.length > 0
                    ? [{ ports: [s.port], peers: callers }]
                    : [];
        const egress: Flow[] = [
            { ports: [PORTS.https], peers: ["endpoint", "prefixList"] },
            ...(s.database ? [{ ports: [PORTS.database], peers: ["database"] }] : []),
            ...s.calls.flatMap((c) => {
                const port = byName.get(c)?.port;
                return port === undefined ? [] : [{ ports: [port], peers: [c] }];
            }),
        ];
        tiers[s.name] = { ingress, egress };
    }
    tiers.database = {
        match: "database|rds|postgres|(^|[-_.])db([-_.]|$)",
        ingress: [{ ports: [PORTS.database], peers: services.filter((s) => s.database).map((s) => s.name) }],
    };
    tiers.endpoint = {
        match: "endpoints?([-_.]|$)|vpce",
        ingress: [{ ports: [PORTS.https], peers: services.map((s) => s.name) }],
    };
    return tiers;
}

/** Policy name -> config, as policy-pack/config/<stack>.json holds it. */
export function packConfigFor(services: readonly PackService[]): Record<string, Record<string, unknown>> {
    const tiers = tierMapFor(services);
    return {
        "sg-tier-ingress-allowlist": { tiers },
        "sg-task-egress-scoped": { tiers },
        "iam-task-role-allowlist": {
            roles: [
                services.some((s) => s.tracing)
                    ? {
                          ...EXECUTION_ROLE_ALLOWLIST,
                          actions: [...EXECUTION_ROLE_ALLOWLIST.actions, ...TRACING_ACTIONS.cachePull],
                      }
                    : EXECUTION_ROLE_ALLOWLIST,
                ...services.map(roleAllowlistOf),
            ],
        },
    };
}

/** The tag keys the allowlists match on (for the docs and the pack's config descriptions). */
export const MATCHED_BY = { service: SERVICE_TAG, role: ROLE_TAG } as const;
