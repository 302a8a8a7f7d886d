/**
 * The application contract, executed: the evaluated task definitions of `dev` say what the images
 * get (port, environment and secret names, uid, a writable /tmp, the health command, TLS to
 * PostgreSQL, AGENTCORE_URL, Bedrock); the reference services in examples/ are started as local
 * processes on 127.0.0.1 with exactly those names (fake secret values) and must honour all of it.
 *
 * Harness-only additions, none of them a name the task definitions declare: HOST (bind loopback),
 * TMPDIR (a fresh directory standing in for the /tmp volume), fake AWS credentials (the task role
 * on Fargate) and AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the SDK's standard endpoint override, pointing
 * the real Bedrock client at a loopback fake so no test ever calls AWS.
 */
import * as assert from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http2 from "http2";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { Client } from "pg";
import { EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { DATABASE_TLS, SERVICE_CONTRACT } from "../../config/services";
import { getEvaluatedStack } from "../support/evaluated-stacks";
import { containersOf, input, ofType } from "../support/graph";
import { SERVICE_KEYS, ServiceKey, serviceParts } from "../support/architecture";
import * as exampleDatabase from "../../examples/lib/database";
import { parseTraceparent, startSpan } from "../../examples/lib/trace";
import * as bffExample from "../../examples/bff/server";
import * as agentcoreExample from "../../examples/agentcore/server";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLES = { bff: bffExample, agentcore: agentcoreExample } as const;
const HARNESS_NAMES = [
    "HOST",
    "TMPDIR",
    "PATH",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
];
const START_TIMEOUT_MS = 8_000;

interface Declared {
    readonly environment: Record<string, string>;
    readonly secretNames: string[];
    readonly container: Record<string, any>;
}

interface Running {
    readonly child: ChildProcess;
    readonly port: number;
    readonly stdout: string[];
    readonly stderr: string[];
}

function declaredContract(stack: EvaluatedStack, key: ServiceKey): Declared {
    const [container] = containersOf(serviceParts(stack, key).taskDefinition);
    const environment = Object.fromEntries(
        (container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
    );
    const secretNames = (container.secrets as { name: string }[]).map((s) => s.name);
    return { environment, secretNames, container };
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

const children: ChildProcess[] = [];

/** Starts an example; resolves once it logs "listening", rejects if it exits or times out first. */
function start(key: ServiceKey, env: Record<string, string>): Promise<Running> {
    const child = spawn(process.execPath, [path.join(ROOT, "examples", key, "server.js")], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const stdout: string[] = [];
    const stderr: string[] = [];
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${key} did not start: ${stderr.join("")}`)), START_TIMEOUT_MS);
        child.stderr!.on("data", (d) => stderr.push(String(d)));
        child.stdout!.on("data", (d) => {
            stdout.push(String(d));
            if (stdout.join("").includes('"event":"listening"')) {
                clearTimeout(timer);
                resolve({ child, port: Number(env.PORT), stdout, stderr });
            }
        });
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(Object.assign(new Error(`${key} exited ${code}: ${stderr.join("")}`), { code, stderr }));
        });
    });
}

/** Runs an example that must refuse to start; resolves with its exit code and stderr. */
async function refusal(key: ServiceKey, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
    try {
        const running = await start(key, env);
        running.child.kill("SIGKILL");
        assert.fail(`${key} started although it should have refused`);
    } catch (error: any) {
        if (error instanceof assert.AssertionError) throw error;
        // The example's last words: a JSON line {"event":"fatal","message":...} on stderr.
        const lines = (error.stderr ?? []).join("").split("\n").filter(Boolean);
        const fatal = lines.map((l: string) => JSON.parse(l)).find((e: any) => e.event === "fatal");
        return { code: error.code, stderr: String(fatal?.message ?? lines.join("\n")) };
    }
}

function events(running: Running, event: string): Record<string, any>[] {
    return running.stdout
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((e) => e.event === event);
}

/** A throwaway CA and a server certificate it signs for `san` (openssl; keys live in `dir`). */
function makeCertificates(dir: string, name: string, san: string, ca?: { pem: string; key: string }) {
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    let caFiles = ca;
    if (!caFiles) {
        run(
            "req",
            "-x509",
            ...ec,
            "-keyout",
            `${name}-ca.key`,
            "-out",
            `${name}-ca.pem`,
            "-days",
            "2",
            "-subj",
            `/CN=${name} test CA`,
        );
        caFiles = { pem: path.join(dir, `${name}-ca.pem`), key: path.join(dir, `${name}-ca.key`) };
    }
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    run("req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    run(
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        caFiles.pem,
        "-CAkey",
        caFiles.key,
        "-CAcreateserial",
        "-out",
        `${name}.pem`,
        "-days",
        "2",
        "-extfile",
        `${name}.ext`,
    );
    return {
        ca: caFiles,
        cert: fs.readFileSync(path.join(dir, `${name}.pem`), "utf8"),
        key: fs.readFileSync(path.join(dir, `${name}.key`), "utf8"),
    };
}

describe("application contract: the reference services against the evaluated task definitions (dev)", function () {
    this.timeout(30_000);
    let stack: EvaluatedStack;
    let declared: Record<ServiceKey, Declared>;
    let connection: Record<string, unknown>;
    let work: string;
    let caPath: string;
    let bedrock: http2.Http2Server;
    const bedrockRequests: { path: string; authorization: string; body: any }[] = [];

    before(async () => {
        stack = await getEvaluatedStack("dev");
        declared = { bff: declaredContract(stack, "bff"), agentcore: declaredContract(stack, "agentcore") };
        const [parameter] = ofType(stack, AWS_TYPE.ssm.Parameter).filter((p) =>
            String(input(p, "name")).endsWith("/database/connection"),
        );
        connection = JSON.parse(input(parameter, "value"));
        work = fs.mkdtempSync(path.join(os.tmpdir(), "app-contract-"));
        caPath = makeCertificates(work, "db", "IP:127.0.0.1").ca.pem;
        bedrock = http2.createServer((req, res) => {
            let body = "";
            req.on("data", (c) => (body += c));
            req.on("end", () => {
                bedrockRequests.push({
                    path: String(req.headers[":path"]),
                    authorization: String(req.headers.authorization),
                    body: JSON.parse(body),
                });
                res.setHeader("content-type", "application/json");
                res.end(
                    JSON.stringify({
                        output: { message: { role: "assistant", content: [{ text: "fake answer" }] } },
                        stopReason: "end_turn",
                        usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
                        metrics: { latencyMs: 1 },
                    }),
                );
            });
        });
        await new Promise<void>((resolve) => bedrock.listen(0, "127.0.0.1", resolve));
    });

    after(() => {
        for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
        bedrock?.close();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    /** The task definition's names with harness values; `overrides` replace or (undefined) remove. */
    async function envFor(key: ServiceKey, overrides: Record<string, string | undefined> = {}) {
        const d = declared[key];
        const tmp = fs.mkdtempSync(path.join(work, `${key}-tmp-`));
        const secrets: Record<string, string> = {};
        for (const name of d.secretNames) {
            secrets[name] =
                name === "DATABASE_CONNECTION"
                    ? JSON.stringify({ ...connection, sslrootcert: caPath })
                    : `fake-${name.toLowerCase()}-${crypto.randomBytes(8).toString("hex")}`;
        }
        const env: Record<string, string | undefined> = {
            ...d.environment,
            ...secrets,
            PORT: String(await freePort()),
            HOST: "127.0.0.1",
            TMPDIR: tmp,
            PATH: process.env.PATH,
            AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
            AWS_SECRET_ACCESS_KEY: "fake",
            AWS_ENDPOINT_URL_BEDROCK_RUNTIME: `http://127.0.0.1:${(bedrock.address() as net.AddressInfo).port}`,
            ...overrides,
        };
        return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
    }

    it("the harness adds no name the task definitions declare, and each example needs only declared names", () => {
        for (const key of SERVICE_KEYS) {
            const names = [...Object.keys(declared[key].environment), ...declared[key].secretNames];
            assert.deepStrictEqual(
                HARNESS_NAMES.filter((n) => names.includes(n)),
                [],
                key,
            );
            const undeclared = EXAMPLES[key].REQUIRED_ENV.filter((n) => !names.includes(n));
            assert.deepStrictEqual(undeclared, [], `${key} needs names its task definition does not give`);
            assert.ok(declared[key].secretNames.includes("DATABASE_CONNECTION"), key);
        }
        assert.ok(declared.bff.environment.AGENTCORE_URL.startsWith("http://agentcore."));
    });

    for (const key of SERVICE_KEYS) {
        it(`${key}: the health check the task definition runs answers 200, and temp writes succeed`, async () => {
            const env = await envFor(key);
            const running = await start(key, env);
            const { container } = declared[key];
            const [kind, command] = container.healthCheck.command as string[];
            assert.strictEqual(kind, "CMD-SHELL");
            const declaredUrl = `http://127.0.0.1:${container.portMappings[0].containerPort}${SERVICE_CONTRACT[key].healthCheckPath}`;
            assert.ok(command.includes(declaredUrl), command);
            // The declared command, verbatim but for the port: curl (or wget) must get a 2xx.
            execFileSync(
                "/bin/sh",
                [
                    "-c",
                    command
                        .split(declaredUrl)
                        .join(`http://127.0.0.1:${running.port}${SERVICE_CONTRACT[key].healthCheckPath}`),
                ],
                {
                    timeout: 5_000,
                },
            );
            const res = await fetch(`http://127.0.0.1:${running.port}${SERVICE_CONTRACT[key].healthCheckPath}`);
            assert.strictEqual(res.status, 200);
            assert.deepStrictEqual(await res.json(), { status: "ok", service: key, environment: "dev" });
            // The probe wrote under TMPDIR and cleaned up after itself.
            assert.deepStrictEqual(fs.readdirSync(env.TMPDIR), []);
            const wrong = await fetch(`http://127.0.0.1:${running.port}/nope`);
            assert.strictEqual(wrong.status, 404);
            running.child.kill("SIGTERM");
        });

        it(`${key}: refuses to start when the temp directory is not writable, naming the image requirement`, async () => {
            const file = path.join(work, `${key}-not-a-dir`);
            fs.writeFileSync(file, "");
            // A path below a regular file: not writable even for root, which ignores mode bits.
            const { code, stderr } = await refusal(key, await envFor(key, { TMPDIR: path.join(file, "tmp") }));
            assert.strictEqual(code, 1);
            assert.match(stderr, /not writable.*VOLUME \/tmp/);
        });

        it(`${key}: DATABASE_CONNECTION parses to a TLS-only client that verifies the CA and host name`, async () => {
            const running = await start(key, await envFor(key));
            const [settings] = events(running, "database");
            assert.deepStrictEqual(settings, {
                ...settings,
                host: connection.host,
                port: 5432,
                database: "app",
                sslmode: "verify-full",
                sslrootcert: caPath,
                certificates: 1,
                rejectUnauthorized: true,
                checksHostName: true,
            });
            running.child.kill("SIGTERM");
        });

        it(`${key}: refuses plaintext modes and a missing CA bundle`, async () => {
            const disable = await refusal(
                key,
                await envFor(key, { DATABASE_CONNECTION: JSON.stringify({ ...connection, sslmode: "prefer" }) }),
            );
            assert.match(disable.stderr, /sslmode "prefer" allows plaintext/);
            const missing = await refusal(
                key,
                await envFor(key, {
                    DATABASE_CONNECTION: JSON.stringify({ ...connection, sslrootcert: path.join(work, "absent.pem") }),
                }),
            );
            assert.match(missing.stderr, /RDS CA bundle .*absent\.pem is not readable.*global-bundle\.pem/);
        });

        it(`${key}: refuses to start without each name it needs, naming it`, async () => {
            for (const name of EXAMPLES[key].REQUIRED_ENV) {
                const { code, stderr } = await refusal(key, await envFor(key, { [name]: undefined }));
                assert.strictEqual(code, 1, name);
                assert.match(stderr, new RegExp(`missing environment: ${name}`), name);
            }
        });
    }

    it("trace context: a malformed or all-zero traceparent starts a new trace; a valid one is continued", () => {
        const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert.deepStrictEqual(parseTraceparent(parent), {
            traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
            spanId: "00f067aa0ba902b7",
            flags: "01",
        });
        for (const bad of [
            undefined,
            "",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
            "00-XYZ-00f067aa0ba902b7-01",
        ]) {
            assert.strictEqual(parseTraceparent(bad), undefined, String(bad));
        }
        const logged: Record<string, unknown>[] = [];
        const fresh = startSpan("x", "garbage", (_e, f) => logged.push(f));
        assert.match(fresh.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
        assert.strictEqual(fresh.parentSpanId, undefined);
        const child = startSpan("y", parent, (_e, f) => logged.push(f));
        assert.strictEqual(child.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert.strictEqual(child.parentSpanId, "00f067aa0ba902b7");
        child.end(200);
        assert.deepStrictEqual(
            [logged[0].name, logged[0].parentSpanId, logged[0].status],
            ["y", "00f067aa0ba902b7", 200],
        );
    });

    it("one trace across BFF -> AgentCore: each logs its span, AgentCore's a child of the BFF's, under the caller's trace", async () => {
        const agentcore = await start("agentcore", await envFor("agentcore"));
        const bff = await start("bff", await envFor("bff", { AGENTCORE_URL: `http://127.0.0.1:${agentcore.port}` }));
        const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const res = await fetch(`http://127.0.0.1:${bff.port}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json", traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
            body: JSON.stringify({ message: "trace me" }),
        });
        assert.strictEqual(res.status, 200);
        const spansOf = async (running: Running) => {
            for (let i = 0; i < 50; i++) {
                const spans = running.stdout
                    .join("")
                    .split("\n")
                    .filter((l) => l.includes('"event":"span"'))
                    .map((l) => JSON.parse(l));
                if (spans.length > 0) return spans;
                await new Promise((r) => setTimeout(r, 20));
            }
            return [];
        };
        const [outer] = await spansOf(bff);
        const [inner] = await spansOf(agentcore);
        assert.deepStrictEqual(
            [outer.name, outer.traceId, outer.parentSpanId, outer.status],
            ["bff POST /api/chat", traceId, "00f067aa0ba902b7", 200],
        );
        assert.deepStrictEqual(
            [inner.name, inner.traceId, inner.parentSpanId, inner.status],
            ["agentcore POST /invoke", traceId, outer.spanId, 200],
        );
        assert.match(outer.spanId, /^[0-9a-f]{16}$/);
        assert.notStrictEqual(inner.spanId, outer.spanId);
        assert.ok(outer.durationMs >= inner.durationMs, "the BFF's span encloses AgentCore's");
    });

    it("BFF -> AgentCore through AGENTCORE_URL -> Bedrock Converse with the configured model and region", async () => {
        const agentcore = await start("agentcore", await envFor("agentcore"));
        const bffEnv = await envFor("bff", { AGENTCORE_URL: `http://127.0.0.1:${agentcore.port}` });
        const bff = await start("bff", bffEnv);
        const before = bedrockRequests.length;
        const res = await fetch(`http://127.0.0.1:${bff.port}/api/chat`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ message: "hello agent" }),
        });
        assert.strictEqual(res.status, 200);
        const modelId = declared.agentcore.environment.BEDROCK_MODEL_ARNS.split(",")[0];
        assert.deepStrictEqual(await res.json(), { reply: "fake answer", modelId });
        // The session cookie is signed with the SESSION_SECRET the task receives.
        const [id, signature] = String(res.headers.get("set-cookie")).split(";")[0].replace("session=", "").split(".");
        assert.strictEqual(
            signature,
            crypto.createHmac("sha256", bffEnv.SESSION_SECRET).update(id).digest("base64url"),
        );
        const calls = bedrockRequests.slice(before);
        assert.strictEqual(calls.length, 1);
        assert.strictEqual(calls[0].path, `/model/${encodeURIComponent(modelId)}/converse`);
        const region = declared.agentcore.environment.AWS_REGION;
        assert.match(
            calls[0].authorization,
            new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKEFAKE/\\d{8}/${region}/bedrock/aws4_request`),
        );
        assert.deepStrictEqual(calls[0].body.messages, [{ role: "user", content: [{ text: "hello agent" }] }]);

        // AgentCore down: the BFF answers 502/503, never hangs.
        agentcore.child.kill("SIGKILL");
        await new Promise((r) => agentcore.child.once("exit", r));
        const down = await fetch(`http://127.0.0.1:${bff.port}/api/chat`, {
            method: "POST",
            body: JSON.stringify({ message: "again" }),
        });
        assert.ok([502, 503].includes(down.status), String(down.status));
        bff.child.kill("SIGTERM");
    });

    /**
     * A loopback stand-in for RDS that speaks only the start of the PostgreSQL protocol: it reads
     * the client's first message, answers the SSLRequest with "S" (or "N"), does the TLS handshake
     * with `cert`, and records whether the startup message then arrived inside TLS.
     */
    async function handshake(settings: exampleDatabase.DatabaseSettings, server: { cert?: string; key?: string }) {
        const seen: string[] = [];
        const fake = net.createServer((socket) => {
            socket.once("data", (first) => {
                const sslRequest =
                    first.length === 8 && first.readInt32BE(0) === 8 && first.readInt32BE(4) === 80877103;
                seen.push(sslRequest ? "ssl-request" : "plaintext-startup");
                if (!sslRequest || !server.cert) {
                    socket.end(sslRequest ? "N" : "");
                    return;
                }
                socket.write("S");
                const secure = new tls.TLSSocket(socket, { isServer: true, cert: server.cert, key: server.key });
                secure.on("secure", () => seen.push("tls"));
                secure.on("error", () => seen.push("tls-refused"));
                secure.once("data", () => {
                    seen.push("startup-over-tls");
                    secure.destroy();
                });
            });
        });
        await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
        const client = new Client({
            host: "127.0.0.1",
            port: (fake.address() as net.AddressInfo).port,
            user: "app",
            password: "fake",
            database: settings.database,
            ssl: settings.ssl,
            connectionTimeoutMillis: 3_000,
        });
        client.on("error", () => undefined);
        const error = await client.connect().then(
            () => undefined,
            (e: Error) => e.message,
        );
        await client.end().catch(() => undefined);
        await new Promise((resolve) => fake.close(resolve));
        return { seen, error };
    }

    it("the parsed settings speak TLS only: startup goes inside TLS to a server the RDS CA signed for that host", async () => {
        const good = makeCertificates(work, "good", "IP:127.0.0.1", {
            pem: caPath,
            key: caPath.replace(/\.pem$/, ".key"),
        });
        const wrongName = makeCertificates(work, "wrong-name", "DNS:other.example", {
            pem: caPath,
            key: caPath.replace(/\.pem$/, ".key"),
        });
        const otherCa = makeCertificates(work, "other", "IP:127.0.0.1");
        const settings = exampleDatabase.databaseSettings(JSON.stringify({ ...connection, sslrootcert: caPath }));

        const ok = await handshake(settings, good);
        assert.deepStrictEqual(ok.seen, ["ssl-request", "tls", "startup-over-tls"], String(ok.error));
        // The server refuses TLS: the client gives up instead of falling back to plaintext.
        const refused = await handshake(settings, {});
        assert.deepStrictEqual(refused.seen, ["ssl-request"]);
        assert.match(String(refused.error), /does not support SSL/);
        // Look-alikes that must fail: a certificate for another name, one from another CA.
        for (const [label, server, pattern] of [
            ["another host name", wrongName, /does not match|altnames/i],
            ["another CA", otherCa, /self[- ]signed|unable to verify|unable to get/i],
        ] as const) {
            const result = await handshake(settings, server);
            assert.ok(!result.seen.includes("startup-over-tls"), `${label}: ${result.seen}`);
            assert.match(String(result.error), pattern, label);
        }
        // sslmode require (encrypts, verifies nothing) accepts the other CA: verify-full is what refuses it.
        const lax = exampleDatabase.databaseSettings(
            JSON.stringify({ ...connection, sslmode: "require", sslrootcert: caPath }),
        );
        assert.deepStrictEqual((await handshake(lax, otherCa)).seen, ["ssl-request", "tls", "startup-over-tls"]);
    });

    it("a parameter written before the TLS keys existed still means verify-full with the baked bundle", () => {
        const { sslmode, sslrootcert, ...legacy } = connection;
        assert.ok(sslmode && sslrootcert);
        const read: string[] = [];
        const settings = exampleDatabase.databaseSettings(JSON.stringify(legacy), {
            readFile: (file) => (read.push(file), fs.readFileSync(caPath, "utf8")),
        });
        assert.deepStrictEqual(read, [DATABASE_TLS.sslrootcert]);
        assert.strictEqual(settings.sslmode, "verify-full");
        assert.strictEqual(settings.ssl.rejectUnauthorized, true);
    });

    it("the examples and the platform agree on the CA bundle path and URL", () => {
        assert.strictEqual(connection.sslmode, DATABASE_TLS.sslmode);
        assert.strictEqual(connection.sslrootcert, DATABASE_TLS.sslrootcert);
        assert.strictEqual(exampleDatabase.DEFAULT_SSLROOTCERT, DATABASE_TLS.sslrootcert);
        assert.strictEqual(exampleDatabase.CA_BUNDLE_URL, DATABASE_TLS.caBundleUrl);
    });
});

describe("application contract: the example Dockerfiles and dependencies", () => {
    let stack: EvaluatedStack;
    before(async () => {
        stack = await getEvaluatedStack("dev");
    });

    /** Instructions of the last stage (the image that runs), continuation lines joined. */
    function finalStage(key: ServiceKey): { from: string; instructions: [string, string][] } {
        const text = fs.readFileSync(path.join(ROOT, "examples", key, "Dockerfile"), "utf8");
        const lines = text
            .replace(/\\\n/g, " ")
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith("#"));
        const stages = lines.reduce<string[][]>(
            (acc, l) => (l.startsWith("FROM ") ? [...acc, [l]] : (acc.at(-1)!.push(l), acc)),
            [],
        );
        const [from, ...rest] = stages.at(-1)!;
        return {
            from: from.slice(5).trim(),
            instructions: rest.map((l) => [l.split(/\s+/, 1)[0], l.slice(l.indexOf(" ") + 1).trim()]),
        };
    }

    for (const key of SERVICE_KEYS) {
        it(`${key}: runs as the task definition's user, owns /tmp and declares it a VOLUME, exposes its port`, () => {
            const [container] = containersOf(serviceParts(stack, key).taskDefinition);
            const { instructions } = finalStage(key);
            const of = (op: string) => instructions.filter(([o]) => o === op).map(([, arg]) => arg);
            assert.deepStrictEqual(of("USER"), [container.user]);
            const volume = container.mountPoints.map((m: { containerPath: string }) => m.containerPath);
            assert.deepStrictEqual(volume, ["/tmp"]);
            assert.deepStrictEqual(of("VOLUME"), ['["/tmp"]']);
            const order = instructions.map(([o, arg]) => `${o} ${arg}`);
            const chown = order.findIndex((l) => /^RUN .*chown 1000:1000 \/tmp\b/.test(l));
            assert.ok(chown >= 0 && chown < order.findIndex((l) => l.startsWith("VOLUME")), "chown /tmp before VOLUME");
            assert.ok(`${container.user}` === "1000:1000");
            assert.deepStrictEqual(of("EXPOSE"), [String(container.portMappings[0].containerPort)]);
            assert.deepStrictEqual(of("CMD"), [`["node", "${key}/server.js"]`]);
        });

        it(`${key}: bakes the RDS CA bundle where DATABASE_CONNECTION points, and has a health-check binary`, () => {
            const { from, instructions } = finalStage(key);
            const adds = instructions.filter(([o]) => o === "ADD").map(([, arg]) => arg);
            assert.deepStrictEqual(adds, [`${DATABASE_TLS.caBundleUrl} ${DATABASE_TLS.sslrootcert}`]);
            const [container] = containersOf(serviceParts(stack, key).taskDefinition);
            const command = String(container.healthCheck.command[1]);
            assert.match(command, /\bcurl\b.*\|\|.*\bwget\b/);
            // Alpine images carry busybox wget; any other base must install curl or wget.
            const installs = instructions.some(
                ([o, arg]) => o === "RUN" && /\b(apk|apt-get) .*\b(curl|wget)\b/.test(arg),
            );
            assert.ok(/^node:\d+-alpine\b/.test(from) || installs, `${key}: ${from} has no curl or wget`);
        });

        it(`${key}: the image installs the versions the contract tests run (root devDependencies)`, () => {
            const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
            const example = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", key, "package.json"), "utf8"));
            const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", key, "package-lock.json"), "utf8"));
            for (const [name, version] of Object.entries(example.dependencies as Record<string, string>)) {
                assert.strictEqual(root.devDependencies[name], version, name);
                assert.strictEqual(lock.packages[`node_modules/${name}`]?.version, version, `${name} in the lockfile`);
            }
        });
    }
});
