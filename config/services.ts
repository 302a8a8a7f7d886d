/**
 * The contract between the platform and its two applications that no stack changes: the port each
 * listens on, the path that answers health checks, the name AgentCore is found under and the key
 * prefix of its data. index.ts hands these to the components once; the task definition owns
 * port and health path from then on, and the service and security groups take them from it.
 */
import { PORTS } from "../policy-pack/lib/architecture";

export const SERVICE_CONTRACT = {
    bff: {
        port: PORTS.bff,
        /** The target group's and the container's health check (seed T031). */
        healthCheckPath: "/api/health",
    },
    agentcore: {
        port: PORTS.agentcore,
        healthCheckPath: "/health",
        /** Cloud Map service name: the BFF calls `agentcore.<namespace>` (seed T034: agentcore.local). */
        discoveryName: "agentcore",
        /** S3 key prefix AgentCore reads and writes in the agent data bucket (seed T042). */
        dataPrefix: "agent-data/",
    },
} as const;

/**
 * How the images reach PostgreSQL with TLS. The parameter group sets `rds.force_ssl`, so a plaintext
 * connection is refused; the connection parameter (`DATABASE_CONNECTION`) therefore names the TLS
 * mode and where the image keeps the RDS CA bundle, in libpq's own terms (`sslmode`, `sslrootcert`).
 * The tasks have no internet route, so the bundle is baked into the image at build time from
 * `caBundleUrl` (the bundle for every commercial Region, with all RDS CAs:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html#UsingWithRDS.SSL.CertificatesAllRegions).
 * verify-full checks the chain and that the certificate names the endpoint, which RDS puts in it:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
 */
export const DATABASE_TLS = {
    sslmode: "verify-full",
    sslrootcert: "/etc/ssl/certs/rds-global-bundle.pem",
    caBundleUrl: "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
} as const;
