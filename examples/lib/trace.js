"use strict";
/**
 * W3C trace context (https://www.w3.org/TR/trace-context/), by hand: each request the reference
 * services handle is one span, a child of the caller's `traceparent` (a new trace when there is
 * none), logged as a JSON line; the BFF passes its span on to AgentCore in `traceparent`, so one
 * trace id runs across both. An app with the OpenTelemetry SDK exports the same spans to the
 * collector at OTEL_EXPORTER_OTLP_ENDPOINT (ecs-platform:tracing); these stay dependency-free.
 */
const crypto = require("node:crypto");

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a `traceparent` header; undefined for a missing or malformed one (then a new trace starts). */
function parseTraceparent(header) {
    const m = TRACEPARENT.exec(String(header ?? "").trim());
    if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
    return { traceId: m[1], spanId: m[2], flags: m[3] };
}

/** Starts the span of one request; `end` logs it through `log` (the services' JSON lines). */
function startSpan(name, incomingHeader, log) {
    const parent = parseTraceparent(incomingHeader);
    const traceId = parent?.traceId ?? crypto.randomBytes(16).toString("hex");
    const spanId = crypto.randomBytes(8).toString("hex");
    const started = process.hrtime.bigint();
    return {
        traceId,
        spanId,
        parentSpanId: parent?.spanId,
        /** The header a call made inside this span carries. */
        traceparent: `00-${traceId}-${spanId}-${parent?.flags ?? "01"}`,
        end(status) {
            const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
            log("span", { name, traceId, spanId, parentSpanId: parent?.spanId, status, durationMs });
        },
    };
}

module.exports = { parseTraceparent, startSpan };
