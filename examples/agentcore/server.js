"use strict";
/**
 * Reference AgentCore: answers the BFF through Amazon Bedrock, on port PORT (8080).
 *   GET  /health   200 while the process can serve (and write its temp directory)
 *   POST /invoke   {"message": "..."} -> Bedrock Converse with the first of BEDROCK_MODEL_ARNS
 *   GET  /ready    one `SELECT 1` over TLS
 * The Bedrock client takes its region from AWS_REGION and its credentials from the task role
 * (the SDK's container credential provider); it reaches Bedrock through the VPC endpoint.
 */
const { log, fail, requireEnv, probeTempDir, messageOf, contractServer, serve } = require("../lib/contract");
const { databaseSettings, describeSettings } = require("../lib/database");

/** The names the AgentCore task definition declares and this example uses. */
const REQUIRED_ENV = ["PORT", "APP_ENV", "AWS_REGION", "BEDROCK_MODEL_ARNS", "AGENT_API_KEY", "DATABASE_CONNECTION"];

/** Model (foundation model or inference profile ARN) and region the Bedrock calls use. */
function bedrockSettings(env) {
    const modelIds = env.BEDROCK_MODEL_ARNS.split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    if (modelIds.length === 0) throw new Error("BEDROCK_MODEL_ARNS names no model");
    return { region: env.AWS_REGION, modelId: modelIds[0] };
}

function main() {
    const env = requireEnv(REQUIRED_ENV);
    let database;
    let bedrock;
    try {
        probeTempDir();
        database = databaseSettings(env.DATABASE_CONNECTION);
        bedrock = bedrockSettings(env);
    } catch (error) {
        fail(error.message);
    }
    log("database", describeSettings(database));
    log("bedrock", bedrock);
    // Loaded after the checks above, so a misconfigured task fails fast.
    const { BedrockRuntimeClient, ConverseCommand } = require("@aws-sdk/client-bedrock-runtime");
    const client = new BedrockRuntimeClient({ region: bedrock.region });
    const server = contractServer({
        service: "agentcore",
        env,
        database,
        healthPath: "/health",
        readyPath: "/ready",
        routes: {
            "POST /invoke": async (req) => {
                const message = await messageOf(req);
                const out = await client.send(
                    new ConverseCommand({
                        modelId: bedrock.modelId,
                        messages: [{ role: "user", content: [{ text: message }] }],
                        inferenceConfig: { maxTokens: 512 },
                    }),
                );
                const reply = (out.output?.message?.content ?? []).map((c) => c.text ?? "").join("");
                return [200, { reply, modelId: bedrock.modelId, stopReason: out.stopReason }];
            },
        },
    });
    serve(server, Number(env.PORT), "agentcore");
}

module.exports = { REQUIRED_ENV, bedrockSettings };
if (require.main === module) main();
