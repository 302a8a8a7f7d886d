/**
 * The environment the platform gives each service's container: one function decides the names
 * (for the config check that a stack file's `environment` does not override them) and the values
 * (index.ts passes the stack's runtime values in), so the two cannot drift apart.
 */
import { queueUrlVariable } from "./service-queue";
import type { ParsedServiceEntry } from "./service-entry";

/** `AGENTCORE_URL` for the service `agentcore`: how a caller finds an internal service it calls. */
export function urlVariable(callee: string): string {
    return `${callee.toUpperCase().replace(/-/g, "_")}_URL`;
}

/** What decides which variables a service gets: its kind, port, calls, database and grants. */
export interface EnvironmentShape {
    readonly kind: ParsedServiceEntry["kind"];
    readonly calls: readonly string[];
    readonly database: boolean;
    readonly grants: Pick<ParsedServiceEntry["grants"], "bedrock" | "s3Prefix" | "queues">;
    /** A worker with its own queue (QUEUE_URL). */
    readonly queue?: unknown;
    /** The stack's tracing is on: the OpenTelemetry SDK's variables point at the collector beside it. */
    readonly tracing?: boolean;
}

/** The stack's values the variables take (Pulumi inputs at run time, anything for the names). */
export interface EnvironmentValues<T> {
    readonly environment: T;
    readonly region: T;
    readonly dataBucketName: T;
    readonly bedrockModelArns: T;
    /** `http://<discoveryName>.<namespace>:<port>` of a callee. */
    readonly urlOf: (callee: string) => T;
    /** The queue URL of a worker with a queue. */
    readonly queueUrlOf: (worker: string) => T;
}

/**
 * The variables the platform sets for one service. PORT (set by the task definition from the
 * container port) and DATABASE_CONNECTION (a container secret) are the platform's too.
 */
export function platformEnvironment<T>(
    e: EnvironmentShape & { readonly name?: string },
    v: EnvironmentValues<T>,
): Record<string, T> {
    const env: Record<string, T> = { APP_ENV: v.environment };
    // A worker's own queue (its name is the service's, which the shape may not carry: "" then).
    if (e.kind === "worker" && e.queue !== undefined) env.QUEUE_URL = v.queueUrlOf(e.name ?? "");
    for (const callee of e.calls) env[urlVariable(callee)] = v.urlOf(callee);
    if (e.grants.bedrock || e.grants.s3Prefix !== undefined) env.AWS_REGION = v.region;
    if (e.grants.s3Prefix !== undefined) {
        env.AGENT_DATA_BUCKET = v.dataBucketName;
        env.AGENT_DATA_PREFIX = e.grants.s3Prefix as unknown as T;
    }
    if (e.grants.bedrock) env.BEDROCK_MODEL_ARNS = v.bedrockModelArns;
    for (const worker of e.grants.queues) env[queueUrlVariable(worker)] = v.queueUrlOf(worker);
    if (e.tracing) {
        // The collector in the same task listens for OTLP/gRPC on 4317; X-Ray's propagator keeps the
        // trace id across the ALB, which adds X-Amzn-Trace-Id.
        env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:4317" as unknown as T;
        env.OTEL_SERVICE_NAME = (e.name ?? "") as unknown as T;
        env.OTEL_PROPAGATORS = "tracecontext,baggage,xray" as unknown as T;
    }
    return env;
}

/** Every variable name the platform owns for one service. */
export function platformVariables(e: EnvironmentShape): string[] {
    const names = Object.keys(
        platformEnvironment(e, {
            environment: 0,
            region: 0,
            dataBucketName: 0,
            bedrockModelArns: 0,
            urlOf: () => 0,
            queueUrlOf: () => 0,
        }),
    );
    if (e.kind !== "worker") names.push("PORT");
    if (e.database) names.push("DATABASE_CONNECTION");
    return names;
}
