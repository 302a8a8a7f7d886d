/**
 * The seed's subnet plan (T054: PrivateApp 10.0.11.0/24 + 10.0.12.0/24, PrivateAgent 10.0.21.0/24 +
 * 10.0.22.0/24; public and data tiers beside them), as /24 indexes inside any VPC block that can
 * hold it. The config schema checks a configured VPC CIDR against it; the Network component carves
 * its subnets from it.
 */
import { parseCidr } from "../policy-pack/lib/cidr";

export type SubnetTier = "public" | "app" | "agent" | "data";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "app", "agent", "data"];

/**
 * Index of each subnet's /24 inside the VPC block, per tier and AZ. With 10.0.0.0/16 this gives the
 * seed's plan: public 10.0.1-2, app 10.0.11-12, agent 10.0.21-22, data 10.0.31-32.
 */
const SUBNET_INDEXES: Record<SubnetTier, readonly [number, number]> = {
    public: [1, 2],
    app: [11, 12],
    agent: [21, 22],
    data: [31, 32],
};

/** The widest block AWS allows for a VPC (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html). */
export const VPC_WIDEST_PREFIX = 16;
const HIGHEST_INDEX = Math.max(...Object.values(SUBNET_INDEXES).flat());
/** The narrowest block that holds every /24 of the plan (index 32 needs 33 of them: a /18). */
export const PLAN_NARROWEST_PREFIX = 24 - Math.ceil(Math.log2(HIGHEST_INDEX + 1));
/** Why the range is what it is, for messages. */
export const PLAN_PREFIX_RANGE_TEXT =
    `/${VPC_WIDEST_PREFIX} (the widest AWS allows for a VPC) to /${PLAN_NARROWEST_PREFIX} ` +
    `(the narrowest that holds the plan's /24 subnets up to index ${HIGHEST_INDEX})`;

/** Why `vpcCidr` cannot hold the plan, or undefined when it can (IPv4, within the range above). */
export function vpcCidrProblem(vpcCidr: string): string | undefined {
    const block = parseCidr(vpcCidr);
    if (block === undefined || block.version !== 4) return `${JSON.stringify(vpcCidr)} is not an IPv4 CIDR block`;
    if (block.prefix < VPC_WIDEST_PREFIX || block.prefix > PLAN_NARROWEST_PREFIX) {
        return `${vpcCidr} is outside the allowed range: ${PLAN_PREFIX_RANGE_TEXT}`;
    }
    return undefined;
}

/** The /24 subnets of each tier carved from `vpcCidr`; throws what vpcCidrProblem says when it cannot. */
export function planSubnets(vpcCidr: string): Record<SubnetTier, [string, string]> {
    const problem = vpcCidrProblem(vpcCidr);
    const block = parseCidr(vpcCidr);
    if (problem !== undefined || block === undefined) throw new Error(`vpc cidr ${problem}`);
    const subnet = (index: number): string => `${ipv4ToString(block.first + BigInt(index) * 256n)}/24`;
    const plan = {} as Record<SubnetTier, [string, string]>;
    for (const tier of SUBNET_TIERS) {
        const [a, b] = SUBNET_INDEXES[tier];
        plan[tier] = [subnet(a), subnet(b)];
    }
    return plan;
}

function ipv4ToString(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join(".");
}
