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
