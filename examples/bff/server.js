"use strict";
/**
 * Reference BFF: the smallest service that meets the platform contract on port PORT (3000).
 *   GET  /api/health  200 while the process can serve (and write its temp directory); the ALB
 *                     target group and the container health check both call it
 *   POST /api/chat    {"message": "..."} -> AgentCore's POST /invoke through AGENTCORE_URL
 *   GET  /api/ready   one `SELECT 1` over TLS (not a health check: a database outage must not
 *                     make ECS replace every task)
 */
const crypto = require("node:crypto");
const { log, fail, requireEnv, probeTempDir, messageOf, contractServer, serve } = require("../lib/contract");
const { databaseSettings, describeSettings } = require("../lib/database");

/** The names the BFF's task definition declares: environment, then secrets (SSM parameters). */
const REQUIRED_ENV = ["PORT", "NODE_ENV", "APP_ENV", "AGENTCORE_URL", "SESSION_SECRET", "DATABASE_CONNECTION"];

function main() {
    const env = requireEnv(REQUIRED_ENV);
    let database;
    try {
        probeTempDir();
        database = databaseSettings(env.DATABASE_CONNECTION);
    } catch (error) {
        fail(error.message);
    }
    log("database", describeSettings(database));
    const agentcoreUrl = new URL("/invoke", env.AGENTCORE_URL);
    const server = contractServer({
        service: "bff",
        env,
        database,
        healthPath: "/api/health",
        readyPath: "/api/ready",
        exposeErrors: env.NODE_ENV !== "production",
        routes: {
            "POST /api/chat": async (req, res) => {
                const message = await messageOf(req);
                const upstream = await fetch(agentcoreUrl, {
                    method: "POST",
                    // The BFF's span goes on to AgentCore: one trace across both services.
                    headers: { "content-type": "application/json", traceparent: req.span.traceparent },
                    body: JSON.stringify({ message }),
                    signal: AbortSignal.timeout(60_000),
                });
                const body = await upstream.json();
                if (!upstream.ok) return [502, { error: "agentcore failed", status: upstream.status }];
                res.setHeader("set-cookie", sessionCookie(env.SESSION_SECRET));
                return [200, { reply: body.reply, modelId: body.modelId }];
            },
        },
    });
    serve(server, Number(env.PORT), "bff");
}

/** A session id signed with SESSION_SECRET (HMAC-SHA256), so a tampered cookie is detectable. */
function sessionCookie(secret) {
    const id = crypto.randomUUID();
    const signature = crypto.createHmac("sha256", secret).update(id).digest("base64url");
    return `session=${id}.${signature}; HttpOnly; Secure; SameSite=Lax; Path=/`;
}

module.exports = { REQUIRED_ENV, sessionCookie };
if (require.main === module) main();
