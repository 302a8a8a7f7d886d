/**
 * The value types of the stack configuration, one home each: numbers, booleans, version strings,
 * percentages, CIDR blocks and ARNs. `schema.ts` assembles them into the keys of the namespace.
 *
 * Pulumi users write `cpu: 512` in YAML and `pulumi config set --path bff.cpu 512` on the command
 * line; the second stores the string "512". Both mean the number, at every nesting level, so every
 * number here also accepts a numeric string (and every boolean "true"/"false"). A version string
 * also accepts an integer (`engineVersion: 16`), but not `16.10`: YAML reads that as the number 16.1.
 */
import { Address4, Address6 } from "ip-address";
import { z } from "zod";
import { Cidr, parseCidr, unionCoversFamily } from "../policy-pack/lib/cidr";
import { DEFAULT_BROADNESS, judgeCidr } from "../policy-pack/lib/exposure";
import { PLAN_NARROWEST_PREFIX, PLAN_PREFIX_RANGE_TEXT, VPC_WIDEST_PREFIX } from "./subnet-plan";
import { DISPOSABLE_TAG_EXPIRY_DAYS, DISPOSABLE_TAG_PREFIXES, disposablePrefixOf } from "./image-tags";

/** Decimal notation only: "0x10", "", "1_000" or "Infinity" stay strings and fail as such. */
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A numeric string becomes its number; anything else passes through to the number check. */
export function numericString(v: unknown): unknown {
    return typeof v === "string" && NUMERIC.test(v.trim()) ? Number(v.trim()) : v;
}

/** A number key: the number itself or a numeric string. */
export const num = <T extends z.ZodType<number>>(schema: T) => z.preprocess(numericString, schema);

/** An integer key in [min, max]. */
export const int = (min: number, max: number) => num(z.number().int().min(min).max(max));

/** A boolean key: true/false or the strings "true"/"false" (`pulumi config set --path` stores strings). */
export const bool = () => z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

/**
 * A version string: also an integer (`16` -> "16"). A fractional number is refused with advice to
 * quote it, because YAML has already turned `16.10` into 16.1 and the intended version is lost.
 */
export const versionString = (pattern: RegExp, example: string) =>
    z.preprocess(
        (v) => (typeof v === "number" && Number.isInteger(v) ? String(v) : v),
        z.string().regex(pattern, { message: `is not a version (e.g. "${example}")` }),
    );

/**
 * A target-tracking percentage. Whole percent, 1-100: the AWS metrics (ECSServiceAverageCPUUtilization,
 * ...) are percentages, so 0.7 would aim at 0.7 % and scale out forever; it is refused as a fraction
 * with the value it most likely means.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/predefined-metrics.html
 */
export const percent = () =>
    num(
        z.number().superRefine((v, ctx) => {
            if (!(v > 0 && v <= 100)) {
                ctx.addIssue({ code: "custom", message: "is not a percentage; allowed: 1 to 100 (percent)" });
            } else if (v < 1) {
                const meant = Number((v * 100).toPrecision(12));
                ctx.addIssue({
                    code: "custom",
                    message: `looks like a fraction; this key takes whole percent: write ${meant} for ${meant} %`,
                });
            }
        }),
    );

/** The canonical text of a parsed block: its network address and prefix (`10.0.0.1/16` -> `10.0.0.0/16`). */
export function canonicalCidr(c: Cidr): string {
    const address = c.version === 4 ? Address4.fromBigInt(c.first) : Address6.fromBigInt(c.first);
    return `${address.correctForm()}/${c.prefix}`;
}

/**
 * Host bits set (`10.0.0.1/16`) or no prefix: EC2 and the AWS provider reject such a block at
 * `pulumi up` ("must contain a valid network CIDR",
 * https://github.com/hashicorp/terraform-provider-aws/issues/4641), so it is refused here with
 * the block it most likely means.
 */
function canonicalIssue(text: string, c: Cidr): string | undefined {
    const canonical = canonicalCidr(c);
    const hostBits = c.first !== addressOf(text, c);
    if (!hostBits && text.includes("/")) return undefined;
    return hostBits
        ? `has host bits set; the network address of that block is ${canonical}: write ${canonical}`
        : `has no prefix length; write ${canonical} for that one address`;
}

function addressOf(text: string, c: Cidr): bigint {
    const whole = parseCidr(text.trim().split("/")[0]);
    return whole === undefined ? c.first : whole.first;
}

/** A CIDR string checked by `rules` in order (each sees the parsed block); the first problem is reported. */
const cidrWith = (...rules: ((text: string, c: Cidr) => string | undefined)[]) =>
    z.string().superRefine((v, ctx) => {
        const c = parseCidr(v);
        const problem =
            c === undefined
                ? "is not a valid IPv4 or IPv6 CIDR block (e.g. 10.0.0.0/16 or 2001:db8::/32)"
                : rules.map((rule) => rule(v, c)).find((p) => p !== undefined);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    });

/**
 * A VPC's IPv4 block. AWS allows /16 to /28 (CreateVpc: "The smallest VPC you can create uses a
 * /28 netmask ..., and the largest uses a /16 netmask",
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html); a VPC this program
 * creates must also hold its /24 subnets up to index 32, so `created` narrows that to /16-/18.
 */
export const vpcCidr = (created: boolean) =>
    cidrWith(canonicalIssue, (_v, c) => {
        if (c.version !== 4) return "is not an IPv4 block; a VPC's primary CIDR is IPv4";
        const narrowest = created ? PLAN_NARROWEST_PREFIX : 28;
        if (c.prefix >= VPC_WIDEST_PREFIX && c.prefix <= narrowest) return undefined;
        return created
            ? `is a /${c.prefix}; allowed: ${PLAN_PREFIX_RANGE_TEXT}`
            : `is a /${c.prefix}; allowed: /${VPC_WIDEST_PREFIX} to /28 (what AWS allows for a VPC)`;
    });

/**
 * A block that may reach the load balancer directly. Never wider than what the policy pack's
 * `sg-no-world-ingress` rule counts as "the internet" (DEFAULT_BROADNESS, one home), so config
 * never accepts what the pack then blocks at preview. Judged before the canonical form, so
 * `10.1.2.3/0` is called world-open rather than corrected to 0.0.0.0/0.
 */
export const publicSourceCidr = cidrWith((v, c) => {
    const verdict = judgeCidr(v, DEFAULT_BROADNESS);
    if (verdict === "world")
        return "opens the load balancer to the whole internet; name the networks that may reach it";
    if (verdict !== "broad") return undefined;
    const max = c.version === 4 ? DEFAULT_BROADNESS.maxPrefixV4 : DEFAULT_BROADNESS.maxPrefixV6;
    return (
        `is a public block at least as wide as /${max}, which the policy pack (sg-no-world-ingress) ` +
        `treats as the internet; allowed: /${max + 1} or narrower`
    );
}, canonicalIssue);

/** The list of such blocks: together they must not add up to a whole address family either. */
export const publicSourceCidrs = z.array(publicSourceCidr).superRefine((list, ctx) => {
    for (const version of [4, 6] as const) {
        if (unionCoversFamily(list, version)) {
            ctx.addIssue({
                code: "custom",
                message: `together cover every IPv${version} address, which is the whole internet`,
            });
        }
    }
});

/** The fields of an ARN, or undefined when the text is not one. */
export interface ParsedArn {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

export function parseArn(text: string): ParsedArn | undefined {
    const m = /^arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(text);
    return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** An ARN of `service` whose resource part starts with one of `resourceTypes`. */
export const arn = (service: string, resourceTypes: readonly string[], example: string) =>
    z.string().refine(
        (v) => {
            const a = parseArn(v);
            return a !== undefined && a.service === service && resourceTypes.some((t) => a.resource.startsWith(t));
        },
        {
            message: `is not a ${service} ${resourceTypes.map((t) => t.replace(/\/$/, "")).join(" / ")} ARN (e.g. ${example})`,
        },
    );

/** An image tag a service may run: immutable by convention, never a disposable CI tag. */
export const imageTag = z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
        message: "is not a valid image tag (letters, digits, _ . -; at most 128; no leading . or -)",
    })
    .refine((v) => v !== "latest", {
        message: "is mutable by convention; the repositories use immutable tags: deploy a version or commit tag",
    })
    .superRefine((v, ctx) => {
        const prefix = disposablePrefixOf(v);
        if (prefix === undefined) return;
        ctx.addIssue({
            code: "custom",
            message:
                `starts with "${prefix}", a CI tag the repositories expire after ${DISPOSABLE_TAG_EXPIRY_DAYS} days ` +
                `(config/image-tags.ts); a running service could no longer pull it: deploy a release tag ` +
                `(allowed: any tag not starting with ${DISPOSABLE_TAG_PREFIXES.join(" or ")})`,
        });
    });
