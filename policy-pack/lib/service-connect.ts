/**
 * Facts about ECS Service Connect that the program, its config validation, the tests and the
 * offline plan share (one home). Service Connect is an opt-in (`deployment.discovery:
 * serviceConnect`); docs/deployment.md#service-connect says what is and is not established.
 */

/**
 * What AWS recommends reserving per task for the Service Connect proxy container: "We recommend
 * adding an additional 256 CPU units and at least 64 MiB of memory to your task CPU and memory for
 * the Service Connect proxy container" (512 CPU units above 500 requests per second at peak),
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html
 * ("Proxy resources"). The proxy is not in the task definition: ECS adds it, and it shares the
 * task's cpu and memory with the application.
 */
export const SERVICE_CONNECT_PROXY = { cpu: 256, memoryMiB: 64 } as const;

/**
 * What the application must keep after the proxy's share: the smallest Fargate task (256 CPU units,
 * 512 MiB), so that opting in never leaves the app less than the smallest size Fargate would run
 * it with on its own. Our rule, not AWS's.
 */
export const SERVICE_CONNECT_APP_MINIMUM = { cpu: 256, memoryMiB: 512 } as const;

/**
 * Interface endpoints added in Service Connect mode (`com.amazonaws.<region>.<suffix>`). The ECS
 * endpoint page names these three ("You must have the following Region-specific VPC endpoints",
 * for Regions introduced after 2023-12-23) and says Fargate tasks do not need them otherwise:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html. Whether the
 * Service Connect agent on Fargate needs them, or reaches its configuration through the separate
 * `ecs-sc` poll endpoint (DiscoverPollEndpoint's `serviceConnectEndpoint`, e.g.
 * https://ecs-sc.us-west-2.api.aws) for which no PrivateLink service is documented, is UNVERIFIED:
 * these are a cheap hedge, not a proof.
 */
export const SERVICE_CONNECT_ENDPOINT_SERVICES = ["ecs", "ecs-agent", "ecs-telemetry"] as const;

/**
 * Proxy timeouts for BFF -> AgentCore. `perRequestTimeoutSeconds` is "the amount of time waiting
 * for the upstream to respond with a complete response per request"; AWS's API page gives no
 * default, and 15 s is what users observe when it is unset (https://zenn.dev/moozaru/articles/3072f571f7d48f),
 * which would cut agent answers: a Bedrock inference call can take up to 60 minutes ("The timeout
 * period for inference calls to Amazon Nova is 60 minutes",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-nova.html; AWS advises
 * read timeouts of 3600 s for large models, https://repost.aws/knowledge-center/bedrock-large-model-read-timeouts).
 * A streamed answer counts as one request until complete, so streaming does not help. The idle
 * timeout (HTTP default 5 minutes) must not be shorter, or it closes the connection first ("If
 * idleTimeout is set to a time that is less than perRequestTimeout, the connection will close when
 * the idleTimeout is reached", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TimeoutConfiguration.html).
 * Viewer requests still end earlier at CloudFront (60 s without bytes) and the ALB (idle 120 s):
 * these bound only the BFF's own call.
 */
export const SERVICE_CONNECT_TIMEOUTS = { perRequestTimeoutSeconds: 3600, idleTimeoutSeconds: 3600 } as const;

/** Name of the task definitions' port mapping that Service Connect refers to (`portName`). */
export function serviceConnectPortName(service: string): string {
    return `${service}-http`;
}
