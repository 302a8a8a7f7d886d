/**
 * Free-text and name fields against AWS's own constraints: the `pattern`, `min` and `max` of the
 * field's shape in the service's API model (botocore `botocore/data/<service>/<version>/service-2.json`,
 * the JSON AWS publishes for its SDKs; shape names below), or, where a model has none, the rule the
 * API reference states (URL given). Providers often check only the length: the WAF web ACL's
 * `(`/`)` passed every preview and failed CreateWebACL. Names with autonaming live in names.ts;
 * security group texts in security-groups.ts; WAF rule and metric names in waf.ts. FIELD_COVERAGE
 * below lists what every stack sends and where each field is judged (tests/policy-pack/limits-text.spec.ts
 * fails on a field that is in no list).
 */
import { at, isUnknown } from "../known-values";
import { Check, LimitContext, TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";
import { SECURITY_GROUP_TEXT, SECURITY_GROUP_TEXT_RULE } from "./security-groups";

export interface TextRule {
    /** Input path: dots, `[]` for every element of a list, `*` for every value of a map. */
    readonly path: string;
    /** Where the constraint comes from (model file and shape, or an API reference page). */
    readonly source: string;
    readonly pattern?: RegExp;
    /** The pattern in words, for messages (messages never quote the value). */
    readonly allowed?: string;
    readonly min?: number;
    readonly max?: number;
    /** Further rules the reference states; each returns what is wrong, or undefined. */
    readonly extra?: readonly ((text: string) => string | undefined)[];
}

const WAFV2 = "wafv2/2019-07-29";
const CLOUDWATCH = "cloudwatch/2010-08-01";
const IAM = "iam/2010-05-08";
const KMS = "kms/2014-11-01";
const CLOUD_MAP = "servicediscovery/2017-03-14";
const SSM = "ssm/2014-11-06";
const APP_AUTOSCALING = "application-autoscaling/2016-02-06";
const model = (service: string, shape: string) => `botocore ${service} shape ${shape}`;

/** WAFv2 EntityDescription: no parentheses, no leading/trailing space, 1-256. */
export const WAF_DESCRIPTION: TextRule = {
    path: "description",
    source: model(WAFV2, "EntityDescription"),
    pattern: /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/,
    allowed: "letters, digits, spaces and +=:#@/-,. (no space at either end)",
    min: 1,
    max: 256,
};

/** IAM policy element Sid: "supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)". */
const SID_SOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html";
const SID_PATTERN = /^[A-Za-z0-9]*$/;

/** Tag keys and values as most services' models bound them (e.g. CloudWatch TagKey 1-128, TagValue 0-256). */
const TAG_VALUES: TextRule = { path: "tags.*", source: model(CLOUDWATCH, "TagValue"), max: 256 };

const DB_PARAMETER_GROUP_NAME: TextRule = {
    path: "name",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html",
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    allowed: "a letter first, then letters, digits and hyphens",
    min: 1,
    max: 255,
    extra: [(n) => (/-$|--/.test(n) ? "must not end with a hyphen or contain two consecutive hyphens" : undefined)],
};

/** Text rules by type token. */
export const TEXT_RULES: Readonly<Record<string, readonly TextRule[]>> = {
    [AWS_TYPE.wafv2.WebAcl]: [WAF_DESCRIPTION, TAG_VALUES],
    [AWS_TYPE.wafv2.WebAclLoggingConfiguration]: [
        {
            path: "redactedFields[].singleHeader.name",
            source: model(WAFV2, "FieldToMatchData"),
            pattern: /\S/,
            allowed: "some non-space character",
            min: 1,
            max: 64,
        },
    ],
    [AWS_TYPE.appautoscaling.ScheduledAction]: [
        {
            path: "name",
            source: "botocore application-autoscaling/2016-02-06 shape ScheduledActionName",
            // No leading or trailing space, no control characters, none of : / |.
            pattern: /^(?! )[^\u0000-\u001f\u007f-\u009f:/|]*[^ \u0000-\u001f\u007f-\u009f:/|]$/,
            allowed: "no : / | or control characters, no leading or trailing space",
            min: 1,
            max: 256,
        },
    ],
    [AWS_TYPE.sqs.Queue]: [
        {
            path: "name",
            // "Up to 80 characters ... alphanumeric characters, hyphens (-), and underscores (_)".
            source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (QueueName)",
            pattern: /^[A-Za-z0-9_-]+$/,
            allowed: "letters, digits, - and _",
            min: 1,
            max: 80,
        },
    ],
    [AWS_TYPE.cloudwatch.Dashboard]: [
        {
            path: "dashboardName",
            // "The name ... can contain only alphanumerics, dash (-), and underscore (_)", at most 255.
            source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html (DashboardName)",
            pattern: /^[A-Za-z0-9_-]+$/,
            allowed: "letters, digits, - and _",
            min: 1,
            max: 255,
        },
    ],
    [AWS_TYPE.cloudwatch.MetricAlarm]: [
        { path: "name", source: model(CLOUDWATCH, "AlarmName"), min: 1, max: 255 },
        { path: "alarmDescription", source: model(CLOUDWATCH, "AlarmDescription"), min: 0, max: 1024 },
        { path: "metricName", source: model(CLOUDWATCH, "MetricName"), min: 1, max: 255 },
        ...["namespace", "metricQueries[].metric.namespace"].map((path) => ({
            path,
            source: model(CLOUDWATCH, "Namespace"),
            pattern: /^[^:]/,
            allowed: 'text not starting with ":"',
            min: 1,
            max: 255,
        })),
        { path: "metricQueries[].metric.metricName", source: model(CLOUDWATCH, "MetricName"), min: 1, max: 255 },
        { path: "metricQueries[].id", source: model(CLOUDWATCH, "MetricId"), min: 1, max: 255 },
        ...["dimensions.*", "metricQueries[].metric.dimensions.*"].map((path) => ({
            path,
            source: model(CLOUDWATCH, "DimensionValue"),
            min: 1,
            max: 1024,
        })),
        TAG_VALUES,
    ],
    [AWS_TYPE.iam.Role]: [
        {
            path: "description",
            source: model(IAM, "roleDescriptionType"),
            pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/,
            allowed: "printable ASCII and Latin-1 characters, tabs and line breaks",
            max: 1000,
        },
        {
            path: "path",
            source: model(IAM, "pathType"),
            pattern: /^(\/|\/[\u0021-\u007E]+\/)$/,
            allowed: '"/" or a path that starts and ends with "/"',
            min: 1,
            max: 512,
        },
        TAG_VALUES,
    ],
    [AWS_TYPE.kms.Key]: [{ path: "description", source: model(KMS, "DescriptionType"), min: 0, max: 8192 }],
    [AWS_TYPE.kms.Alias]: [
        {
            path: "name",
            source: model(KMS, "AliasNameType"),
            pattern: /^[a-zA-Z0-9:/_-]+$/,
            allowed: "letters, digits and :/_-",
            min: 1,
            max: 256,
            // API_CreateAlias.html: "must begin with alias/ ... cannot begin with alias/aws/".
            extra: [
                (n) => (n.startsWith("alias/") ? undefined : 'must begin with "alias/"'),
                (n) => (n.startsWith("alias/aws/") ? 'must not begin with "alias/aws/" (reserved for AWS)' : undefined),
            ],
        },
    ],
    [AWS_TYPE.servicediscovery.PrivateDnsNamespace]: [
        {
            path: "name",
            source: model(CLOUD_MAP, "NamespaceNamePrivate"),
            pattern: /^(?!arn:)[!-~]{1,253}$/,
            allowed: "1-253 printable ASCII characters without spaces, not an ARN",
            max: 253,
        },
        { path: "description", source: model(CLOUD_MAP, "ResourceDescription"), max: 1024 },
    ],
    [AWS_TYPE.servicediscovery.Service]: [
        {
            path: "name",
            source: model(CLOUD_MAP, "ServiceName"),
            pattern:
                /((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$)|(^\.$)/,
            allowed: "DNS labels of letters, digits, _ and - (no hyphen at either end), 1-127 in all",
        },
        { path: "description", source: model(CLOUD_MAP, "ResourceDescription"), max: 1024 },
    ],
    [AWS_TYPE.ssm.Parameter]: [
        { path: "name", source: model(SSM, "PSParameterName"), min: 1, max: 2048 },
        { path: "description", source: model(SSM, "ParameterDescription"), min: 0, max: 1024 },
    ],
    [AWS_TYPE.appautoscaling.Policy]: [
        {
            path: "name",
            source: model(APP_AUTOSCALING, "PolicyName"),
            pattern: /^[^\p{Cc}]+$/u,
            allowed: "printable characters",
            min: 1,
            max: 256,
        },
    ],
    [AWS_TYPE.rds.ParameterGroup]: [DB_PARAMETER_GROUP_NAME],
    [AWS_TYPE.rds.SubnetGroup]: [
        {
            path: "name",
            source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html",
            pattern: /^[A-Za-z0-9._ -]+$/,
            allowed: "letters, digits, periods, underscores, spaces and hyphens",
            max: 255,
            extra: [(n) => (n.toLowerCase() === "default" ? 'must not be "default"' : undefined)],
        },
    ],
    [AWS_TYPE.sns.Topic]: [
        {
            path: "name",
            source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
            pattern: /^[A-Za-z0-9_-]+$/,
            allowed: "letters, digits, underscores and hyphens",
            min: 1,
            max: 256,
        },
    ],
    ...Object.fromEntries(
        [AWS_TYPE.vpc.SecurityGroupIngressRule, AWS_TYPE.vpc.SecurityGroupEgressRule].map((type) => [
            type,
            [
                {
                    path: "description",
                    source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html",
                    pattern: SECURITY_GROUP_TEXT,
                    allowed: SECURITY_GROUP_TEXT_RULE,
                    max: 255,
                },
            ],
        ]),
    ),
};

/** Types whose policy document's statement ids are judged against the IAM grammar. */
export const SID_DOCUMENT_TYPES: readonly string[] = [
    AWS_TYPE.iam.RolePolicy,
    AWS_TYPE.iam.Policy,
    AWS_TYPE.s3.BucketPolicy,
    AWS_TYPE.sns.TopicPolicy,
    AWS_TYPE.kms.Key,
    AWS_TYPE.ecr.RepositoryPolicy,
];

/** Every value at `path` with its concrete path (`rules[2].name`); unknown containers are reported. */
export function valuesAt(ctx: LimitContext, path: string): { at: string; value: unknown }[] {
    let found: { at: string; value: unknown }[] = [{ at: "", value: ctx.props }];
    for (const raw of path.split(".")) {
        const list = raw.endsWith("[]");
        const key = list ? raw.slice(0, -2) : raw;
        const next: { at: string; value: unknown }[] = [];
        for (const { at: where, value } of found) {
            const join = (k: string) => (where === "" ? k : `${where}.${k}`);
            if (key === "*") {
                if (isUnknown(value)) continue;
                if (value && typeof value === "object" && !Array.isArray(value))
                    for (const [k, v] of Object.entries(value)) next.push({ at: join(k), value: v });
                continue;
            }
            const v = at(value, key);
            if (isUnknown(v)) continue; // an output of another resource (judgeText)
            if (!list) next.push({ at: join(key), value: v });
            else if (Array.isArray(v)) v.forEach((x, i) => next.push({ at: `${join(key)}[${i}]`, value: x }));
        }
        found = next;
    }
    return found.filter((f) => f.value !== undefined && f.value !== null);
}

/**
 * Reports what `text` at `where` breaks of `rule` (never quoting it). A value unknown in preview is
 * another resource's output (an ARN suffix, a generated name), judged where it is made; the policy
 * runs again on `pulumi up` with it known, so it is skipped here rather than left undecided.
 */
export function judgeText(ctx: LimitContext, rule: TextRule, where: string, value: unknown): void {
    if (isUnknown(value)) return;
    if (typeof value !== "string") return ctx.error(where, "is not a string.");
    const text = value;
    const len = [...text].length;
    const bound = `(AWS: ${rule.source})`;
    if (rule.max !== undefined && len > rule.max) {
        ctx.error(where, `is ${len} characters; the maximum is ${rule.max} ${bound}.`);
    }
    if (rule.min !== undefined && len < rule.min) {
        ctx.error(where, `is ${len} characters; the minimum is ${rule.min} ${bound}.`);
    }
    if (rule.pattern && len > 0 && !rule.pattern.test(text)) {
        ctx.error(where, `may contain only ${rule.allowed ?? "what AWS's pattern allows"} ${bound}.`);
    }
    for (const extra of rule.extra ?? []) {
        const broken = extra(text);
        if (broken) ctx.error(where, `${broken} ${bound}.`);
    }
}

function textChecks(rules: readonly TextRule[]): Check[] {
    return [
        (ctx) => {
            for (const rule of rules) {
                for (const { at: where, value } of valuesAt(ctx, rule.path)) judgeText(ctx, rule, where, value);
            }
        },
    ];
}

/** Statement ids of a policy document (object or JSON string). */
const sidCheck: Check = (ctx) => {
    let doc = ctx.value("policy");
    if (isUnknown(doc) || doc === undefined || doc === null) return;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            return; // iam-document-valid reports unreadable documents
        }
    }
    const statements = at(doc, "Statement");
    (Array.isArray(statements) ? statements : [statements]).forEach((s, i) => {
        const sid = at(s, "Sid");
        if (sid === undefined || sid === null || isUnknown(sid)) return;
        if (typeof sid !== "string" || !SID_PATTERN.test(sid)) {
            ctx.error(`policy.Statement[${i}].Sid`, `may contain only ASCII letters and digits (AWS: ${SID_SOURCE}).`);
        }
    });
};

export const TEXT_FIELD_CHECKS: TypeChecks = Object.fromEntries(
    [...new Set([...Object.keys(TEXT_RULES), ...SID_DOCUMENT_TYPES])].map((type) => [
        type,
        [
            ...(TEXT_RULES[type] ? textChecks(TEXT_RULES[type]) : []),
            ...(SID_DOCUMENT_TYPES.includes(type) ? [sidCheck] : []),
        ],
    ]),
);
