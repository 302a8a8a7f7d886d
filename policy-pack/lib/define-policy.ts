/**
 * One way to declare a policy of this pack. Every policy gets the same metadata (severity,
 * enforcement level, remediation, anchors to other scanners' rule ids), the same waiver config
 * (`exclude: [{ pattern, reason }]`, a reason is mandatory) and a stated area. Waivers are
 * config, never code edits. Violation messages must not contain property values: secrets reach
 * policies in plaintext.
 */
import {
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** The pack's service areas, in the order the docs list them (one policy file or more per area). */
export const POLICY_AREAS = ["network", "iam", "ecs", "alb", "edge", "logs", "ecr", "ssm", "data", "limits"] as const;
export type PolicyArea = (typeof POLICY_AREAS)[number];

/** Metadata every policy of this pack declares; the docs generator reads it. */
export interface PolicyMetadata {
    /** kebab-case policy name (unique in the pack). */
    readonly name: string;
    readonly area: PolicyArea;
    /** What the policy checks, one sentence. */
    readonly description: string;
    /** Why it matters, one or two sentences (docs/policies.md). */
    readonly why: string;
    readonly severity: Severity;
    /** Default level; stacks may override it in policy config (except where the user said mandatory). */
    readonly enforcementLevel: EnforcementLevel;
    readonly remediationSteps: string;
    /** Equivalent rules of other scanners: Checkov CKV_AWS_24, cdk-nag AwsSolutions-IAM5, KICS ids, ... */
    readonly anchors: readonly string[];
    /** Extra config properties beyond `exclude`. */
    readonly config?: Record<string, PolicyConfigJSONSchema>;
}

/** A waiver: resources whose name or URN matches `pattern` (a regular expression) are skipped. */
export interface Waiver {
    readonly pattern: string;
    readonly reason: string;
}

export interface WaiverConfig {
    readonly exclude?: readonly Waiver[];
}

const waiverSchema: PolicyConfigJSONSchema = {
    type: "array",
    description: "Resources this policy skips: a regular expression over the resource name or URN, and why.",
    items: {
        type: "object",
        properties: {
            pattern: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 10 },
        },
        required: ["pattern", "reason"],
        additionalProperties: false,
    },
};

export type PlatformResourcePolicy = ResourceValidationPolicy & { readonly metadata: PolicyMetadata };
export type PlatformStackPolicy = StackValidationPolicy & { readonly metadata: PolicyMetadata };
export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;

/** Where a resource policy's validate function carries its types, for runners that skip before deserialising. */
export const APPLIES_TO = "__platformAppliesTo";

/**
 * Declares a resource policy. `validate` is called only for resources whose type token is in
 * `types` (the analyzer's fast path skips others when there is exactly one type).
 */
export function resourcePolicy(
    metadata: PolicyMetadata,
    types: readonly string[],
    validate: (props: Record<string, any>, args: ResourceValidationArgs, report: ReportViolation) => void,
): PlatformResourcePolicy {
    const fn = (args: ResourceValidationArgs, report: ReportViolation): void => {
        if (!types.includes(args.type)) {
            args.notApplicable(`applies to ${types.join(", ")}`);
        }
        if (isWaived(args.getConfig<WaiverConfig>(), args.name, args.urn)) return;
        validate(args.props, args, report);
    };
    if (types.length === 1) {
        // The analyzer server skips the call when this differs from the resource's type.
        (fn as unknown as { __pulumiType: string }).__pulumiType = types[0];
    }
    // The offline runner's equivalent for several types (the server calls fn, which says notApplicable).
    (fn as unknown as { [APPLIES_TO]: readonly string[] })[APPLIES_TO] = types;
    return { ...policyFields(metadata), metadata, validateResource: fn };
}

/** Declares a stack policy; violations on waived URNs are dropped. */
export function stackPolicy(
    metadata: PolicyMetadata,
    validate: (args: StackValidationArgs, report: ReportViolation) => void,
): PlatformStackPolicy {
    return {
        ...policyFields(metadata),
        metadata,
        validateStack: (args, report) => {
            const config = args.getConfig<WaiverConfig>();
            const byUrn = new Map(args.resources.map((r) => [r.urn, r.name]));
            validate(args, (message, urn) => {
                if (urn !== undefined && isWaived(config, byUrn.get(urn) ?? "", urn)) return;
                report(message, urn);
            });
        },
    };
}

function policyFields(m: PolicyMetadata) {
    return {
        name: m.name,
        description: m.description,
        enforcementLevel: m.enforcementLevel,
        severity: m.severity,
        remediationSteps: m.remediationSteps,
        tags: [m.area, ...m.anchors],
        configSchema: { properties: { exclude: waiverSchema, ...(m.config ?? {}) } },
    };
}

/** True when a configured waiver matches the resource's name or URN. */
export function isWaived(config: WaiverConfig | undefined, name: string, urn: string): boolean {
    for (const w of config?.exclude ?? []) {
        const re = new RegExp(w.pattern);
        if (re.test(name) || re.test(urn)) return true;
    }
    return false;
}
