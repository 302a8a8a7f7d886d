/**
 * A worker's work queue (`services.<name>.queue`, kind worker only): an SQS standard queue the
 * platform creates with a dead-letter queue, SQS-managed encryption and a TLS-only queue policy;
 * the worker consumes it and scales on its backlog per task, and services that list the worker
 * in `grants.queues` may send to it. Ranges are SQS's own
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html):
 * visibility 0-43,200 s, retention 60 s-14 days, maxReceiveCount 1-1,000.
 */
import { z } from "zod";
import { int } from "./fields";
import { nearest } from "./describe";
import type { KeyedIssue } from "./describe";

export const queueSchema = z
    .object({
        /** Seconds a received message stays hidden from other consumers. Default 30 (SQS's default). */
        visibilityTimeoutSeconds: int(0, 43_200).default(30),
        /** Receives before a message moves to the dead-letter queue. Default 5. */
        maxReceiveCount: int(1, 1000).default(5),
        /** Days a message is kept. Default 4 (SQS's default); the dead-letter queue keeps 14. */
        retentionDays: int(1, 14).default(4),
        /** Backlog per running task the queue-depth scaling holds (visible messages / tasks). Default 100. */
        messagesPerTask: int(1, 1_000_000).default(100),
    })
    .strict();

export type QueueSettings = z.output<typeof queueSchema>;

/** Days the dead-letter queue keeps a message: SQS's maximum, to leave time to look. */
export const DEAD_LETTER_RETENTION_DAYS = 14;

/** `REPORTS_QUEUE_URL` for a producer of the worker `reports`. */
export function queueUrlVariable(worker: string): string {
    return `${worker.toUpperCase().replace(/-/g, "_")}_QUEUE_URL`;
}

/** `grants.queues` entries that name no worker with a queue (or the service itself). */
export function queueGrantIssues(
    services: Readonly<Record<string, { kind: string; queue?: QueueSettings; grants: { queues: readonly string[] } }>>,
): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    const queued = Object.entries(services)
        .filter(([, e]) => e.kind === "worker" && e.queue !== undefined)
        .map(([n]) => n);
    for (const [name, e] of Object.entries(services)) {
        e.grants.queues.forEach((target, i) => {
            const path = ["services", name, "grants", "queues", i];
            const other = services[target];
            if (target === name) {
                issues.push({
                    path,
                    message: "is the service itself; a worker reads its own queue without a grant: remove it",
                });
            } else if (other === undefined || other.kind !== "worker" || other.queue === undefined) {
                const guess = nearest(target, queued);
                issues.push({
                    path,
                    message: `names no worker with a queue;${guess ? ` did you mean ${guess}?` : ""} allowed: ${queued.join(", ") || "none (give a worker a queue: services.<name>.queue: {})"}`,
                });
            } else if (e.grants.queues.indexOf(target) < i) {
                issues.push({ path, message: `repeats ${target} (already at [${e.grants.queues.indexOf(target)}])` });
            }
        });
    }
    return issues;
}
