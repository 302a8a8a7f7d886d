/**
 * Starts the pack as a separate process and talks to it over gRPC, as the Pulumi engine does.
 *
 * The CLI's Node.js language host runs `node <@pulumi/pulumi>/cmd/run-policy-pack <engine> <pack-dir>`
 * with the pack directory as working directory: it registers ts-node, requires the folder
 * (package.json `main` = index.ts), and the PolicyPack constructor reads the version from
 * `./package.json`, starts the analyzer server on 127.0.0.1:0 and prints the port on stdout. Here
 * the pack is started the same way except for the TypeScript loader: `node -r ts-node/register
 * index.ts` (transpile-only) instead of run-policy-pack's type-checking ts-node, which takes ~25 s;
 * type errors are `npm run typecheck`'s job, and packaging.spec.ts checks the toolchain
 * run-policy-pack would pick for the published pack. The engine then calls GetAnalyzerInfo,
 * Configure, Analyze (per resource, inputs) and AnalyzeStack (the graph, outputs); so does this spec.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { policies, PACK_NAME } from "../../policy-pack/policies";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

/* eslint-disable @typescript-eslint/no-require-imports */
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [PULUMI_DIR] }));
const grpc = fromPulumi("@grpc/grpc-js");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const PACK_DIR = path.resolve(__dirname, "../../policy-pack");
const PACK_VERSION: string = require(path.join(PACK_DIR, "package.json")).version; // eslint-disable-line @typescript-eslint/no-require-imports
const { MANDATORY, ADVISORY } = analyzerPb.EnforcementLevel;
const LEVEL_CODES: Record<string, number> = { advisory: ADVISORY, mandatory: MANDATORY };
const SEVERITY_CODES: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };
const urnOf = (type: string, name: string) => `urn:pulumi:grpc::ecs-platform::${type}::${name}`;

interface Analyzer {
    readonly child: ChildProcess;
    readonly port: number;
    readonly stderr: () => string;
}

/** Starts the pack as the CLI does and resolves with the port it prints. */
function startAnalyzer(): Promise<Analyzer> {
    // cwd = the pack, as the CLI sets it: PolicyPack reads ./package.json for the version.
    const child = spawn(process.execPath, ["-r", "ts-node/register", "index.ts"], {
        cwd: PACK_DIR,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NODE_OPTIONS: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => {
            stdout += d.toString();
            const line = stdout.split("\n")[0];
            if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
                resolve({ child, port: Number(line.trim()), stderr: () => stderr });
            }
        });
        child.once("exit", (code) =>
            reject(new Error(`the pack exited (${code}) before printing its port:\n${stdout}\n${stderr}`)),
        );
    });
}

function call<Req, Res>(client: any, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res))),
    );
}

function options(): any {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(false);
    return o;
}

function analyzeRequest(type: string, name: string, props: Record<string, unknown>): any {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(urnOf(type, name));
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(options());
    return req;
}

function stackResource(type: string, name: string, props: Record<string, unknown>, dependencies: string[] = []): any {
    const r = new analyzerPb.AnalyzerResource();
    r.setType(type);
    r.setName(name);
    r.setUrn(urnOf(type, name));
    r.setProperties(Struct.fromJavaScript(props));
    r.setOptions(options());
    r.setDependenciesList(dependencies);
    return r;
}

interface Diagnostic {
    policy: string;
    level: number;
    message: string;
    urn: string;
    packName: string;
    packVersion: string;
}

function diagnostics(res: any): Diagnostic[] {
    return res.getDiagnosticsList().map((d: any) => ({
        policy: d.getPolicyname(),
        level: d.getEnforcementlevel(),
        message: d.getMessage(),
        urn: d.getUrn(),
        packName: d.getPolicypackname(),
        packVersion: d.getPolicypackversion(),
    }));
}

const worldOpenSsh = {
    securityGroupId: "sg-0123456789abcdef0",
    ipProtocol: "tcp",
    fromPort: 22,
    toPort: 22,
    cidrIpv4: "0.0.0.0/0",
    description: "SSH from anywhere",
};
const bffFromAlb = {
    securityGroupId: "sg-0123456789abcdef0",
    ipProtocol: "tcp",
    fromPort: 3000,
    toPort: 3000,
    referencedSecurityGroupId: "sg-0fedcba9876543210",
    description: "BFF port from the load balancer",
};

describe("analyzer over gRPC, started like the Pulumi CLI starts it", function () {
    this.timeout(60_000);
    let analyzer: Analyzer | undefined;
    let client: any;

    before(async () => {
        analyzer = await startAnalyzer();
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${analyzer.port}`, grpc.credentials.createInsecure());
    });

    after(async () => {
        client?.close();
        const child = analyzer?.child;
        if (child && child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            await exited;
        }
        child?.stdout?.destroy();
        child?.stderr?.destroy();
    });

    it("GetAnalyzerInfo serves every policy of the registry with its level, severity and waiver schema", async () => {
        const info: any = await call(client, "getAnalyzerInfo", new Empty());
        assert.strictEqual(info.getName(), PACK_NAME);
        assert.strictEqual(info.getVersion(), PACK_VERSION, "version comes from policy-pack/package.json");
        assert.strictEqual(info.getSupportsconfig(), true);
        const served = info.getPoliciesList();
        assert.deepStrictEqual(
            served.map((p: any) => p.getName()),
            policies.map((p) => p.name),
        );
        process.stdout.write(`      served ${served.length} policies\n`);
        for (const [i, p] of served.entries()) {
            const registered = policies[i];
            assert.strictEqual(p.getEnforcementlevel(), LEVEL_CODES[registered.enforcementLevel!], registered.name);
            assert.strictEqual(p.getSeverity(), SEVERITY_CODES[registered.severity!], registered.name);
            assert.strictEqual(p.getDescription(), registered.description, registered.name);
            assert.strictEqual(p.getRemediationSteps(), registered.remediationSteps, registered.name);
            const kind = "validateStack" in registered ? "POLICY_TYPE_STACK" : "POLICY_TYPE_RESOURCE";
            assert.strictEqual(p.getPolicyType(), analyzerPb.PolicyType[kind], registered.name);
            const schema = p.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, any>;
            assert.strictEqual(schema?.exclude?.type, "array", `${registered.name}: no exclude in the served schema`);
        }
    });

    it("Analyze: a world-open ingress rule is a MANDATORY violation; a rule from a security group gives no diagnostics", async () => {
        const bad = diagnostics(
            await call(
                client,
                "analyze",
                analyzeRequest(AWS_TYPE.vpc.SecurityGroupIngressRule, "ssh-world", worldOpenSsh),
            ),
        );
        const world = bad.filter((d) => d.policy === "sg-no-world-ingress");
        assert.strictEqual(world.length, 1, JSON.stringify(bad, null, 2));
        assert.strictEqual(world[0].level, MANDATORY);
        assert.strictEqual(world[0].packName, PACK_NAME);
        assert.strictEqual(world[0].packVersion, PACK_VERSION);
        const description = policies.find((p) => p.name === "sg-no-world-ingress")!.description;
        assert.ok(world[0].message.startsWith(`${description}\n`), world[0].message);

        const clean = diagnostics(
            await call(
                client,
                "analyze",
                analyzeRequest(AWS_TYPE.vpc.SecurityGroupIngressRule, "bff-from-alb", bffFromAlb),
            ),
        );
        assert.deepStrictEqual(clean, []);
    });

    it("AnalyzeStack: 512 narrow rules that add up to the internet are a MANDATORY violation; a tiered graph is clean", async () => {
        const sg = stackResource(AWS_TYPE.ec2.SecurityGroup, "bff-sg", {
            id: "sg-0123456789abcdef0",
            name: "bff-sg-1234567",
            description: "BFF tasks",
            vpcId: "vpc-0123456789abcdef0",
        });
        // Each /9 is narrower than the default "broad" threshold (/8), so only the union is world-open.
        const slices = Array.from({ length: 512 }, (_, i) =>
            stackResource(
                AWS_TYPE.vpc.SecurityGroupIngressRule,
                `slice-${i}`,
                { ...worldOpenSsh, cidrIpv4: `${i >> 1}.${(i & 1) * 128}.0.0/9`, id: `sgr-slice-${i}` },
                [sg.getUrn()],
            ),
        );
        const open = new analyzerPb.AnalyzeStackRequest();
        open.setResourcesList([sg, ...slices]);
        const openDiagnostics = diagnostics(await call(client, "analyzeStack", open));
        const combined = openDiagnostics.filter((d) => d.policy === "sg-no-world-ingress-combined");
        assert.strictEqual(combined.length, 1, JSON.stringify(openDiagnostics.slice(0, 3), null, 2));
        assert.strictEqual(combined[0].level, MANDATORY);
        assert.strictEqual(combined[0].urn, sg.getUrn());

        const tiered = new analyzerPb.AnalyzeStackRequest();
        const albSg = stackResource(AWS_TYPE.ec2.SecurityGroup, "alb-sg", {
            id: bffFromAlb.referencedSecurityGroupId,
            name: "alb-sg-7654321",
            description: "Public load balancer",
            vpcId: "vpc-0123456789abcdef0",
        });
        tiered.setResourcesList([
            albSg,
            sg,
            stackResource(AWS_TYPE.vpc.SecurityGroupIngressRule, "bff-from-alb", { ...bffFromAlb, id: "sgr-1" }, [
                sg.getUrn(),
                albSg.getUrn(),
            ]),
        ]);
        const tieredDiagnostics = diagnostics(await call(client, "analyzeStack", tiered));
        assert.deepStrictEqual(tieredDiagnostics, []);
    });

    it("Configure: a waiver with a reason silences the violation for that resource only", async () => {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const config = new analyzerPb.PolicyConfig();
        config.setEnforcementlevel(MANDATORY);
        config.setProperties(
            Struct.fromJavaScript({
                exclude: [{ pattern: "^ssh-waived$", reason: "Bastion replaced next sprint; ticket OPS-1." }],
            }),
        );
        req.getPolicyconfigMap().set("sg-no-world-ingress", config);
        await call(client, "configure", req);

        const waived = diagnostics(
            await call(
                client,
                "analyze",
                analyzeRequest(AWS_TYPE.vpc.SecurityGroupIngressRule, "ssh-waived", worldOpenSsh),
            ),
        );
        assert.deepStrictEqual(
            waived.filter((d) => d.policy === "sg-no-world-ingress"),
            [],
        );
        const other = diagnostics(
            await call(
                client,
                "analyze",
                analyzeRequest(AWS_TYPE.vpc.SecurityGroupIngressRule, "ssh-other", worldOpenSsh),
            ),
        );
        assert.strictEqual(other.filter((d) => d.policy === "sg-no-world-ingress" && d.level === MANDATORY).length, 1);
    });

    it("the analyzer process logged no error", () => {
        assert.strictEqual(analyzer!.stderr().trim(), "");
    });
});
