"use strict";
/**
 * What both reference services share: the platform contract as code. Environment names are
 * checked before anything else loads (a task missing one stops at once, with the name in its log),
 * the temp directory is probed because the root filesystem is read-only and only /tmp is writable,
 * and logs are one JSON object per line on stdout (awslogs ships stdout to CloudWatch Logs).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const http = require("node:http");
const { createPool } = require("./database");
const { startSpan } = require("./trace");

/** Logs one event as a JSON line. */
function log(event, fields = {}) {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
}

/** Fails (exit 1) listing every missing name, so one deploy shows all of them. */
function requireEnv(names) {
    const missing = names.filter((name) => !process.env[name]);
    if (missing.length > 0) {
        fail(`missing environment: ${missing.join(", ")} (the task definition declares them)`);
    }
    return Object.fromEntries(names.map((name) => [name, process.env[name]]));
}

function fail(message) {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), event: "fatal", message })}\n`);
    process.exit(1);
}

/**
 * Writes, reads back and removes a file in the temp directory (os.tmpdir(): TMPDIR, else /tmp).
 * On Fargate /tmp is a bind mount that starts root-owned 0755 unless the image declares
 * `VOLUME /tmp` on a directory the task user owns; this names that requirement when it is not met.
 */
function probeTempDir() {
    const base = os.tmpdir();
    try {
        const dir = fs.mkdtempSync(path.join(base, "probe-"));
        const file = path.join(dir, "probe");
        fs.writeFileSync(file, "ok");
        const back = fs.readFileSync(file, "utf8");
        fs.rmSync(dir, { recursive: true, force: true });
        if (back !== "ok") throw new Error("read back a different content");
        return base;
    } catch (error) {
        throw new Error(
            `temp directory ${base} is not writable by uid ${process.getuid?.()}: ${error.message}; ` +
                "the image must own /tmp (chown 1000:1000 /tmp) and declare VOLUME /tmp",
        );
    }
}

function sendJson(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
}

/** The request body as JSON; at most `limit` bytes. */
function readJson(req, limit = 64 * 1024) {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks = [];
        req.on("data", (chunk) => {
            size += chunk.length;
            if (size > limit) {
                reject(Object.assign(new Error("request body too large"), { status: 413 }));
                req.destroy();
            } else chunks.push(chunk);
        });
        req.on("end", () => {
            try {
                resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {});
            } catch {
                reject(Object.assign(new Error("body is not JSON"), { status: 400 }));
            }
        });
        req.on("error", reject);
    });
}

/**
 * Listens on PORT on every interface (awsvpc gives the task its own ENI; the ALB and Cloud Map
 * reach it there). HOST exists for local runs only. SIGTERM (forwarded by the init process the
 * task definition enables) stops accepting, lets requests finish, then exits.
 */
function serve(server, port, service) {
    const host = process.env.HOST || "0.0.0.0";
    server.listen(port, host, () => log("listening", { service, host, port: server.address().port }));
    const stop = () => {
        log("stopping", { service });
        server.close(() => process.exit(0));
        setTimeout(() => process.exit(0), 10_000).unref();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

/** The `message` of a JSON request body: a non-empty string, else a 400. */
async function messageOf(req) {
    const { message } = await readJson(req);
    if (typeof message !== "string" || message.length === 0) {
        throw Object.assign(new Error("message: a non-empty string"), { status: 400 });
    }
    return message;
}

/**
 * The HTTP server every example runs: the health route (probes the temp directory), the readiness
 * route (one `SELECT 1` over TLS, with a pool opened on first use), the service's own `routes`
 * ("METHOD /path" -> handler returning [status, body]), a 404 for the rest, and errors as JSON
 * (their message only where `exposeErrors`, never in production).
 */
function contractServer({ service, env, database, healthPath, readyPath, routes, exposeErrors = false }) {
    let pool;
    return http.createServer(async (req, res) => {
        try {
            const route = `${req.method} ${req.url}`;
            if (route === `GET ${healthPath}`) {
                probeTempDir();
                return sendJson(res, 200, { status: "ok", service, environment: env.APP_ENV });
            }
            if (route === `GET ${readyPath}`) {
                pool ??= await createPool(database);
                await pool.query("SELECT 1");
                return sendJson(res, 200, { status: "ready" });
            }
            const handler = routes[route];
            if (handler === undefined) return sendJson(res, 404, { error: "not found" });
            // One span per routed request, a child of the caller's traceparent (examples/lib/trace.js).
            req.span = startSpan(`${service} ${route}`, req.headers.traceparent, log);
            let status = 500;
            try {
                let body;
                [status, body] = await handler(req, res);
                return sendJson(res, status, body);
            } finally {
                req.span.end(status);
            }
        } catch (error) {
            if (error.status === 400) return sendJson(res, 400, { error: error.message });
            log("error", { path: req.url, message: error.message });
            return sendJson(res, error.status ?? 503, { error: exposeErrors ? error.message : "unavailable" });
        }
    });
}

module.exports = { log, fail, requireEnv, probeTempDir, sendJson, readJson, messageOf, contractServer, serve };
