/**
 * Tracing, opt-in per stack (`ecs-platform:tracing`): an AWS Distro for OpenTelemetry collector
 * beside every service's container, sending to X-Ray through the `xray` interface endpoint. The
 * tasks have no NAT, so the image comes through an ECR pull-through cache of ECR Public
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html), pinned by
 * digest: no default digest is shipped, because none could be tied to a release here; read it
 * with `docker buildx imagetools inspect public.ecr.aws/aws-observability/aws-otel-collector:<version>`.
 */
import { z } from "zod";
import { bool, int } from "./fields";
import type { KeyedIssue } from "./describe";

export const ADOT_COLLECTOR_REPOSITORY = "public.ecr.aws/aws-observability/aws-otel-collector";
const PINNED = /^public\.ecr\.aws\/aws-observability\/aws-otel-collector@sha256:[0-9a-f]{64}$/;

export const tracingSchema = z
    .object({
        /** An ADOT collector in every task, traces to X-Ray. Default false. */
        enabled: bool().default(false),
        /** `public.ecr.aws/aws-observability/aws-otel-collector@sha256:<digest>`. Required when enabled. */
        collectorImage: z
            .string()
            .regex(PINNED, {
                message: `is not the ADOT collector pinned by digest (${ADOT_COLLECTOR_REPOSITORY}@sha256:<64 hex>)`,
            })
            .optional(),
        /** CPU units of the collector, out of each task's size. Default 256. */
        collectorCpu: int(64, 1024).default(256),
        /** MiB of the collector (its hard limit), out of each task's size. Default 512. */
        collectorMemoryMiB: int(128, 2048).default(512),
    })
    .strict();

export type TracingConfig = z.output<typeof tracingSchema>;

/** What a service keeps at least once the collector has its share: the smallest Fargate task. */
export const APP_MINIMUM_BESIDE_COLLECTOR = { cpu: 256, memoryMiB: 512 } as const;

export function tracingIssues(
    tracing: TracingConfig,
    services: Readonly<Record<string, { readonly cpu: number; readonly memory: number }>>,
): KeyedIssue[] {
    if (!tracing.enabled) return [];
    const issues: KeyedIssue[] = [];
    if (tracing.collectorImage === undefined) {
        issues.push({
            path: ["tracing", "collectorImage"],
            message: `is required with tracing.enabled: set ${ADOT_COLLECTOR_REPOSITORY}@sha256:<digest> (docker buildx imagetools inspect ${ADOT_COLLECTOR_REPOSITORY}:<version> prints it)`,
        });
    }
    const A = APP_MINIMUM_BESIDE_COLLECTOR;
    for (const [name, s] of Object.entries(services)) {
        if (s.cpu - tracing.collectorCpu < A.cpu) {
            issues.push({
                path: ["services", name, "cpu"],
                message: `leaves ${s.cpu - tracing.collectorCpu} CPU units beside the tracing collector (${tracing.collectorCpu}); allowed: at least ${A.cpu} for the service: raise cpu or lower tracing.collectorCpu`,
            });
        }
        if (s.memory - tracing.collectorMemoryMiB < A.memoryMiB) {
            issues.push({
                path: ["services", name, "memory"],
                message: `leaves ${s.memory - tracing.collectorMemoryMiB} MiB beside the tracing collector (${tracing.collectorMemoryMiB}); allowed: at least ${A.memoryMiB} for the service: raise memory or lower tracing.collectorMemoryMiB`,
            });
        }
    }
    return issues;
}

/** The collector image through the account's pull-through cache of ECR Public (prefix `ecr-public`). */
export function cachedCollectorImage(accountId: string, region: string, image: string): string {
    return `${accountId}.dkr.ecr.${region}.amazonaws.com/ecr-public/${image.slice("public.ecr.aws/".length)}`;
}
