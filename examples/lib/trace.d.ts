/** Types of examples/lib/trace.js for the TypeScript tests. */
export function parseTraceparent(header: unknown): { traceId: string; spanId: string; flags: string } | undefined;
export function startSpan(
    name: string,
    incomingHeader: unknown,
    log: (event: string, fields: Record<string, unknown>) => void,
): { traceId: string; spanId: string; parentSpanId?: string; traceparent: string; end(status: number): void };
