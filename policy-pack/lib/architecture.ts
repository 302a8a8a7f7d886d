/**
 * The platform's fixed ports, in one place: the program opens them (security groups, target group,
 * container port mappings), the pack's tier map and entry policy expect them, and the offline plan
 * falls back to them when a graph does not say. Seed task ids name where each number comes from.
 */
export const PORTS = {
    /** The BFF container, behind the ALB (T006, T022). */
    bff: 3000,
    /** The AgentCore container, reached from the BFF only (T007, T023). */
    agentcore: 8080,
    /** PostgreSQL, reached from both task tiers (T009). */
    database: 5432,
    /** VPC interface endpoints and the S3 prefix list (T008). */
    https: 443,
    /** Plain HTTP on the ALB (CloudFront's origin protocol without a certificate, or the redirect). */
    http: 80,
} as const;

/**
 * The seed's two services as the pack sees them (lib/service-policy-config.ts): its allowlists
 * when a stack gives no per-stack config. The committed stack files declare the same two.
 */
export const SEED_SERVICES = [
    {
        name: "bff",
        kind: "http",
        port: PORTS.bff,
        calls: ["agentcore"],
        database: true,
        grants: { bedrock: false, parameters: true, secrets: [] },
    },
    {
        name: "agentcore",
        kind: "internal",
        port: PORTS.agentcore,
        calls: [],
        database: true,
        grants: { bedrock: true, s3Prefix: "agent-data/", parameters: true, secrets: [] },
    },
] as const satisfies readonly import("./service-policy-config").PackService[];
