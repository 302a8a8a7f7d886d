/**
 * AWS facts about the edge (CloudFront VPC origins, AWS WAF, viewer TLS) that the config schema,
 * the components, the policies, the limits lint and the plan all need: one home, each with its
 * source. Research notes with quotes: ../shared/reference/edge-facts.md.
 */

/**
 * Regions that support CloudFront VPC origins, with the availability-zone IDs (not names: names map
 * differently per account) each excludes. VPC origins are not offered in the other Regions.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
 * ("Supported AWS Regions for VPC origins": "US East (N. Virginia) us-east-1 (except AZ use1-az3)", ...).
 */
export const VPC_ORIGIN_EXCLUDED_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
    "us-east-2": [],
    "us-east-1": ["use1-az3"],
    "us-west-1": ["usw1-az2"],
    "us-west-2": [],
    "af-south-1": [],
    "ap-east-1": [],
    "ap-east-2": [],
    "ap-south-1": [],
    "ap-south-2": [],
    "ap-southeast-1": [],
    "ap-southeast-2": [],
    "ap-southeast-3": [],
    "ap-southeast-4": [],
    "ap-southeast-5": [],
    "ap-southeast-7": [],
    "ap-northeast-1": ["apne1-az3"],
    "ap-northeast-2": [],
    "ap-northeast-3": [],
    "ca-central-1": ["cac1-az3"],
    "ca-west-1": [],
    "eu-central-1": [],
    "eu-central-2": [],
    "eu-west-1": [],
    "eu-west-2": [],
    "eu-west-3": [],
    "eu-south-1": [],
    "eu-south-2": [],
    "eu-north-1": [],
    "il-central-1": [],
    "me-south-1": [],
    "me-central-1": [],
    "sa-east-1": [],
    "mx-central-1": [],
};

/** The zone IDs a VPC origin cannot use in `region`, or undefined when the Region has no VPC origins. */
export function vpcOriginExcludedZoneIds(region: string): readonly string[] | undefined {
    return VPC_ORIGIN_EXCLUDED_ZONE_IDS[region];
}

/**
 * CLOUDFRONT-scope WAF resources (web ACL, its log group and logging configuration) and the viewer
 * certificate of a distribution live in us-east-1 whatever the stack's Region: "To work with
 * CloudFront, you must also specify the Region US East (N. Virginia)" (AWS WAF API reference,
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html) and "To use an ACM
 * certificate with Amazon CloudFront, you must request or import the certificate in the US East
 * (N. Virginia) region" (https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html).
 */
export const CLOUDFRONT_CONTROL_REGION = "us-east-1";

/** Route 53 hosted zone of every CloudFront alias target (https://docs.aws.amazon.com/general/latest/gr/cf_region.html). */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/**
 * WAF capacity units of the AWS managed rule groups this program uses
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html and
 * .../aws-managed-rule-groups-ip-rep.html: CommonRuleSet 700, KnownBadInputs 200, IpReputation 25,
 * AnonymousIpList 50).
 */
export const MANAGED_RULE_GROUP_WCU: Readonly<Record<string, number>> = {
    AWSManagedRulesCommonRuleSet: 700,
    AWSManagedRulesKnownBadInputsRuleSet: 200,
    AWSManagedRulesAmazonIpReputationList: 25,
    AWSManagedRulesAnonymousIpList: 50,
};

/** The managed rule groups the program's web ACL uses, in evaluation order after its rate rule. */
export const WAF_MANAGED_GROUPS = [
    // Known-bad source IPs first: the cheapest check (25 WCU) drops the most obvious traffic.
    "AWSManagedRulesAmazonIpReputationList",
    // Log4j/Spring4Shell-style payloads (200 WCU).
    "AWSManagedRulesKnownBadInputsRuleSet",
    // OWASP-style common rules (700 WCU).
    "AWSManagedRulesCommonRuleSet",
] as const;

/**
 * A rate-based statement costs 2 WCUs plus 30 per custom aggregation key
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html).
 */
export const RATE_BASED_WCU = 2;
export const RATE_BASED_CUSTOM_KEY_WCU = 30;

/**
 * A web ACL's capacity within the basic price: "The WCU limit for web ACLs is 1,500" (AWS WAF
 * developer guide, https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html);
 * more is billed extra and needs the higher setting.
 */
export const WEB_ACL_WCU_LIMIT = 1500;

/**
 * Names of WAFv2 web ACLs and rules: 1-128 of `[A-Za-z0-9_-]`; metric names 1-255 of
 * `[A-Za-z0-9_#:.\-/]` and not the reserved "All" or "Default_Action"
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html, Name / MetricName patterns).
 */
export const WAF_NAME_PATTERN = /^[\w-]{1,128}$/;
export const WAF_METRIC_NAME_PATTERN = /^[\w#:./-]{1,255}$/;
export const WAF_RESERVED_METRIC_NAMES: readonly string[] = ["All", "Default_Action"];

/**
 * The lowest rate-based rule limit a `pulumi up` gets through. AWS WAF itself accepts 10 since
 * August 2024 (API_RateBasedStatement.html: "Minimum value of 10"), but @pulumi/aws has been
 * reported to reject anything under 100 at preview ("expected rule.N.statement.0.rate_based_statement.0.limit
 * to be in the range (100 - 2000000000)", https://github.com/pulumi/pulumi-aws/issues/5841, open), as
 * CloudFormation's schema does (aws-cloudformation/cloudformation-coverage-roadmap#2160). 100 is the
 * floor every tool accepts.
 */
export const WAF_RATE_LIMIT_MIN = 100;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/**
 * AWS WAF logs go only to a log group whose name starts with this, in the web ACL's Region
 * (https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/**
 * The CommonRuleSet rule that blocks request bodies over 8 KB ("Inspects for request bodies that are
 * over 8 KB (8,192 bytes)", aws-managed-rule-groups-baseline.html): chat POSTs are bigger, so it counts.
 */
export const CRS_BODY_SIZE_RULE = "SizeRestrictions_BODY";

/**
 * CloudFront viewer security policies, oldest first
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html).
 * With the default `*.cloudfront.net` certificate CloudFront uses TLSv1 whatever is set.
 */
export const VIEWER_TLS_POLICIES: readonly string[] = [
    "SSLv3",
    "TLSv1",
    "TLSv1_2016",
    "TLSv1.1_2016",
    "TLSv1.2_2018",
    "TLSv1.2_2019",
    "TLSv1.2_2021",
    "TLSv1.2_2025",
    "TLSv1.3_2025",
];

/** Position of a viewer policy in VIEWER_TLS_POLICIES (-1 when unknown). */
export function viewerTlsRank(policy: string): number {
    return VIEWER_TLS_POLICIES.indexOf(policy);
}

/** True for a policy that negotiates nothing older than TLS 1.2. */
export function isTls12OrNewer(policy: string): boolean {
    return viewerTlsRank(policy) >= viewerTlsRank("TLSv1.2_2018");
}
