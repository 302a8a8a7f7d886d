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

/**
 * Why `vpcCidr` cannot hold the plan, or undefined when it can: the block must be IPv4, no wider
 * than AWS allows for a VPC (/16) and no narrower than the plan needs (the highest index is 32, so /18).
 */
export function vpcCidrProblem(vpcCidr: string): string | undefined {
    const block = parseCidr(vpcCidr);
    if (block === undefined || block.version !== 4) return `${JSON.stringify(vpcCidr)} is not an IPv4 CIDR block`;
    if (block.prefix < 16 || block.prefix > 18) {
        return (
            `${vpcCidr} must be between /16 (the widest AWS allows for a VPC) and /18 ` +
            `(the narrowest that holds the /24 subnets up to index 32)`
        );
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
