/**
 * Physical-name rules by resource type: what each Create* API (or Pulumi's autonaming) accepts as
 * a name, a name prefix, or the autoname built from the resource's logical name.
 */
import { UNKNOWN } from "../known-values";
import { LimitContext } from "./context";
import { SECURITY_GROUP_TEXT, SECURITY_GROUP_TEXT_RULE } from "./security-groups";
import { AWS_TYPE } from "../aws-types";

/** Pulumi autonaming appends "-" and 7 random hex characters to the resource's logical name. */
export const AUTONAME_SUFFIX_LENGTH = 8;
/** A `namePrefix`/`bucketPrefix` gets a 26-character unique id appended by the provider. */
export const NAME_PREFIX_SUFFIX_LENGTH = 26;

/** How a resource type's physical name is constrained. */
export interface NameRule {
    /** The input holding the name. */
    readonly property: string;
    /** The input holding a name prefix the provider completes, if the type has one. */
    readonly prefixProperty?: string;
    readonly min: number;
    readonly max: number;
    /** Whole-name character set, and how to say it. */
    readonly charset: RegExp;
    readonly charsetText: string;
    /** Further rules: each returns a message when broken. */
    readonly extra?: readonly ((name: string) => string | undefined)[];
    /** Whether Pulumi autonames the property when it is absent (false: the input is required). */
    readonly autonamed: boolean;
    /** pulumi-aws lowercases these autonames (S3 buckets). */
    readonly lowercaseAutoname?: boolean;
}

const noEdgeHyphen = (n: string) => (/^-|-$/.test(n) ? "must not begin or end with a hyphen" : undefined);
const ELB_NAME_CHARS = { charset: /^[A-Za-z0-9-]+$/, charsetText: "letters, digits and hyphens" };
const IAM_NAME_CHARS = { charset: /^[\w+=,.@-]+$/, charsetText: "letters, digits and +=,.@_-" };
const ECS_NAME_CHARS = { charset: /^[A-Za-z0-9_-]+$/, charsetText: "letters, digits, hyphens and underscores" };

const S3_RESERVED: readonly [RegExp, string][] = [
    [/^xn--/, 'must not begin with "xn--"'],
    [/^sthree-/, 'must not begin with "sthree-"'],
    [/^amzn-s3-demo-/, 'must not begin with "amzn-s3-demo-"'],
    [/-s3alias$/, 'must not end with "-s3alias"'],
    [/--ol-s3$/, 'must not end with "--ol-s3"'],
    [/\.mrap$/, 'must not end with ".mrap"'],
    [/--x-s3$/, 'must not end with "--x-s3"'],
    [/--table-s3$/, 'must not end with "--table-s3"'],
];

const LB_RULE: NameRule = {
    property: "name",
    prefixProperty: "namePrefix",
    min: 1,
    max: 32,
    ...ELB_NAME_CHARS,
    extra: [noEdgeHyphen, (n) => (/^internal-/.test(n) ? 'must not begin with "internal-"' : undefined)],
    autonamed: true,
};
/** ELB's limit on a target group's name (CreateTargetGroup `Name`). */
export const TARGET_GROUP_NAME_MAX = 32;
const TARGET_GROUP_RULE: NameRule = {
    property: "name",
    prefixProperty: "namePrefix",
    min: 1,
    max: TARGET_GROUP_NAME_MAX,
    ...ELB_NAME_CHARS,
    extra: [noEdgeHyphen],
    autonamed: true,
};
const BUCKET_RULE: NameRule = {
    property: "bucket",
    prefixProperty: "bucketPrefix",
    min: 3,
    max: 63,
    charset: /^[a-z0-9.-]+$/,
    charsetText: "lowercase letters, digits, dots and hyphens",
    extra: [
        (n) => (/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(n) ? undefined : "must begin and end with a letter or digit"),
        (n) => (n.includes("..") ? "must not contain two adjacent dots" : undefined),
        (n) => (/^\d{1,3}(\.\d{1,3}){3}$/.test(n) ? "must not look like an IP address" : undefined),
        ...S3_RESERVED.map(
            ([re, text]) =>
                (n: string) =>
                    re.test(n) ? text : undefined,
        ),
    ],
    autonamed: true,
    lowercaseAutoname: true,
};

/** Managed and inline IAM policies share CreatePolicy's and PutRolePolicy's name limits. */
const IAM_POLICY_RULE: NameRule = {
    property: "name",
    prefixProperty: "namePrefix",
    min: 1,
    max: 128,
    ...IAM_NAME_CHARS,
    autonamed: true,
};

/** Name rules by type token. */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
    [AWS_TYPE.lb.LoadBalancer]: LB_RULE,
    [AWS_TYPE.alb.LoadBalancer]: LB_RULE,
    [AWS_TYPE.lb.TargetGroup]: TARGET_GROUP_RULE,
    [AWS_TYPE.alb.TargetGroup]: TARGET_GROUP_RULE,
    [AWS_TYPE.iam.Role]: {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 64,
        ...IAM_NAME_CHARS,
        autonamed: true,
    },
    [AWS_TYPE.iam.Policy]: IAM_POLICY_RULE,
    [AWS_TYPE.iam.RolePolicy]: IAM_POLICY_RULE,
    [AWS_TYPE.ecs.Cluster]: { property: "name", min: 1, max: 255, ...ECS_NAME_CHARS, autonamed: true },
    [AWS_TYPE.ecs.Service]: { property: "name", min: 1, max: 255, ...ECS_NAME_CHARS, autonamed: true },
    [AWS_TYPE.ecs.TaskDefinition]: {
        property: "family",
        min: 1,
        max: 255,
        ...ECS_NAME_CHARS,
        autonamed: false,
    },
    // WAFv2 Name: 1-128 of [\w-] (https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html).
    [AWS_TYPE.wafv2.WebAcl]: {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 128,
        charset: /^[\w-]+$/,
        charsetText: "letters, digits, hyphens and underscores",
        autonamed: true,
    },
    [AWS_TYPE.cloudwatch.LogGroup]: {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 512,
        charset: /^[.\-_/#A-Za-z0-9]+$/,
        charsetText: "letters, digits and ._-/#",
        extra: [(n) => (/^aws\//.test(n) ? 'must not begin with "aws/" (reserved for AWS)' : undefined)],
        autonamed: true,
    },
    [AWS_TYPE.ec2.SecurityGroup]: {
        property: "name",
        prefixProperty: "namePrefix",
        min: 1,
        max: 255,
        charset: SECURITY_GROUP_TEXT,
        charsetText: SECURITY_GROUP_TEXT_RULE,
        extra: [(n) => (/^sg-/.test(n) ? 'must not begin with "sg-"' : undefined)],
        autonamed: true,
    },
    [AWS_TYPE.s3.Bucket]: BUCKET_RULE,
    [AWS_TYPE.s3.BucketV2]: BUCKET_RULE,
    [AWS_TYPE.ecr.Repository]: {
        property: "name",
        min: 2,
        max: 256,
        charset: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
        charsetText: "lowercase path segments of letters and digits separated by single . _ or -",
        autonamed: true,
    },
};

/** Reports what is wrong with the name (given, prefixed or autonamed) of a type with a name rule. */
export function checkName(ctx: LimitContext, rule: NameRule): void {
    const given = ctx.value(rule.property);
    if (given === UNKNOWN) return;
    if (given !== undefined && given !== null) {
        if (typeof given !== "string") return ctx.error(rule.property, "is not a string.");
        return judgeName(ctx, rule, given, "");
    }
    const prefix = rule.prefixProperty ? ctx.value(rule.prefixProperty) : undefined;
    if (prefix === UNKNOWN) return;
    if (typeof prefix === "string" && rule.prefixProperty) {
        const total = prefix.length + NAME_PREFIX_SUFFIX_LENGTH;
        if (total > rule.max) {
            ctx.error(
                rule.prefixProperty,
                `is ${prefix.length} characters; with the ${NAME_PREFIX_SUFFIX_LENGTH}-character id the provider appends the name would be ${total}, over the maximum of ${rule.max}.`,
            );
        }
        if (!rule.charset.test(prefix)) ctx.error(rule.prefixProperty, `may contain only ${rule.charsetText}.`);
        return;
    }
    if (!rule.autonamed) return ctx.error(rule.property, "is required.");
    // Worst case of Pulumi's autoname: logical name + "-" + 7 random hex characters.
    const base = rule.lowercaseAutoname ? ctx.name.toLowerCase() : ctx.name;
    judgeName(
        ctx,
        rule,
        `${base}-0a1b2c3`,
        ` (autonamed from the resource name plus "-" and 7 random characters; set \`${rule.property}\` or shorten the resource name)`,
    );
}

function judgeName(ctx: LimitContext, rule: NameRule, name: string, how: string): void {
    const p = rule.property;
    if (name.length > rule.max)
        ctx.error(p, `would be ${name.length} characters, over the maximum of ${rule.max}${how}.`);
    else if (name.length < rule.min)
        ctx.error(p, `is ${name.length} characters, under the minimum of ${rule.min}${how}.`);
    if (!rule.charset.test(name)) ctx.error(p, `may contain only ${rule.charsetText}${how}.`);
    for (const extra of rule.extra ?? []) {
        const broken = extra(name);
        if (broken) ctx.error(p, `${broken}${how}.`);
    }
}
