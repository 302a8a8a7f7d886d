/**
 * AWS WAF on the CloudFront distribution: a CLOUDFRONT-scope web ACL with AWS managed rule groups and
 * a per-IP rate rule, logging to a CloudWatch log group. CLOUDFRONT-scope WAF lives in us-east-1
 * whatever the stack's Region ("To work with CloudFront, you must also specify the Region US East
 * (N. Virginia)", https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html), and its
 * log group must be in the web ACL's Region and named `aws-waf-logs-...`
 * (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html): @pulumi/aws 7 places
 * each of them there with the per-resource `region` input.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import type { EdgeSettings } from "../config/schema";
import {
    CLOUDFRONT_CONTROL_REGION,
    CRS_BODY_SIZE_RULE,
    WAF_LOG_GROUP_PREFIX,
    WAF_MANAGED_GROUPS,
} from "../policy-pack/lib/edge-facts";

type WafSettings = EdgeSettings["waf"];
type Rule = aws.types.input.wafv2.WebAclRule;

/** Metric names must be 1-255 of [\w#:.\-/]; a stack-scoped prefix keeps CloudWatch metrics apart. */
const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    metricName,
    sampledRequestsEnabled: true,
});

/**
 * The rules of the web ACL for these settings: a rate rule and the managed groups. In count mode every
 * rule only counts (and logs); in block mode the groups keep their own actions and the rate rule blocks.
 */
export function webAclRules(waf: WafSettings, metricPrefix: string): Rule[] {
    const block = waf.action === "block";
    const rules: Rule[] = [
        {
            name: "rate-limit-per-ip",
            priority: 0,
            action: block ? { block: {} } : { count: {} },
            statement: {
                // WAF on CloudFront sees the viewer's address, so IP is the right key (no forwarded-IP header).
                rateBasedStatement: {
                    limit: waf.rateLimit,
                    aggregateKeyType: "IP",
                    evaluationWindowSec: waf.rateWindowSeconds,
                },
            },
            visibilityConfig: visibility(`${metricPrefix}-rate-limit-per-ip`),
        },
    ];
    WAF_MANAGED_GROUPS.forEach((group, i) => {
        const counted = waf.excludedRules.filter((r) => r.startsWith(`${group}/`)).map((r) => r.split("/")[1]);
        // Chat POSTs exceed the 8 KB this rule blocks: it always counts.
        if (group === "AWSManagedRulesCommonRuleSet") counted.unshift(CRS_BODY_SIZE_RULE);
        rules.push({
            name: group,
            priority: i + 1,
            overrideAction: block ? { none: {} } : { count: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: "AWS",
                    name: group,
                    ...(counted.length > 0
                        ? {
                              ruleActionOverrides: [...new Set(counted)].map((name) => ({
                                  name,
                                  actionToUse: { count: {} },
                              })),
                          }
                        : {}),
                },
            },
            visibilityConfig: visibility(`${metricPrefix}-${group}`),
        });
    });
    return rules;
}

export interface EdgeWafArgs {
    /** `ecs-platform-<stack>`: names the web ACL, its metrics and its log group. */
    readonly namePrefix: string;
    readonly waf: WafSettings;
    /** Days the WAF log group keeps logs (the stack's logRetentionDays). */
    readonly logRetentionDays: number;
    readonly protect: boolean;
}

/** The web ACL (its ARN goes to the distribution's webAclId), its log group and logging configuration. */
export function edgeWaf(parent: pulumi.Resource, name: string, args: EdgeWafArgs): aws.wafv2.WebAcl {
    // Config validation rejects this; a direct caller gets the same answer before anything is created.
    const unknownGroup = args.waf.excludedRules.find(
        (r) => !(WAF_MANAGED_GROUPS as readonly string[]).includes(r.split("/")[0]),
    );
    if (unknownGroup !== undefined) {
        throw new pulumi.ResourceError(
            `waf.excludedRules names a group the web ACL does not use (${unknownGroup}); allowed groups: ${WAF_MANAGED_GROUPS.join(", ")}`,
            parent,
        );
    }
    const region = CLOUDFRONT_CONTROL_REGION;
    const webAcl = new aws.wafv2.WebAcl(
        `${name}-waf`,
        {
            name: `${args.namePrefix}-edge`,
            // AWS's EntityDescription pattern allows letters, digits, spaces and +=:#@/-,. only (no parentheses):
            // limits/text-fields.ts checks it, the provider checks only the length.
            description: `${args.namePrefix}: CloudFront entry, ${args.waf.action} mode`,
            scope: "CLOUDFRONT",
            region,
            defaultAction: { allow: {} },
            rules: webAclRules(args.waf, args.namePrefix),
            visibilityConfig: visibility(`${args.namePrefix}-edge`),
        },
        { parent },
    );
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-waf-logs`,
        {
            name: `${WAF_LOG_GROUP_PREFIX}${args.namePrefix}`,
            region,
            retentionInDays: args.logRetentionDays,
            deletionProtectionEnabled: args.protect ? true : undefined,
        },
        { parent, protect: args.protect },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
        `${name}-waf-logging`,
        {
            resourceArn: webAcl.arn,
            region,
            logDestinationConfigs: [logGroup.arn],
            // Session tokens must not land in the logs.
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        },
        { parent },
    );
    return webAcl;
}
