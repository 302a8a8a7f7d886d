/**
 * `pulumi config set --path <block>.<key> <value>` is the documented way to set one nested key.
 * On a stack file without that block it writes a partial one (no `mode`, no sibling keys): every
 * block of the namespace must take it, meaning its defaults for the rest, or refuse it naming the
 * command that fixes it. Each case goes through YAML and the offline reader, as `npm run plan`
 * and `pulumi preview` would see the file.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigValidationError, parsePlatformConfig } from "../../config/load";
import { PLATFORM_CONFIG_KEYS, PlatformConfig } from "../../config/schema";
import { REPO_ROOT } from "../../offline/evaluate";
import { readStackConfig } from "../../offline/stack-config";
import { serviceOf } from "./config-test-kit";
import { configSetPath, parsePath, SetPathOptions } from "./config-set-path";

type Command = readonly [path: string, text: string, opts?: SetPathOptions];

interface Case {
    /** The commands, run in order on the dev stack file with the block removed (required blocks kept). */
    readonly commands: readonly Command[];
    /** What the last command's key reads as in the validated config. */
    readonly read: (cfg: PlatformConfig) => unknown;
    readonly expected: unknown;
}

const DEV_FILE = path.join(REPO_ROOT, "Pulumi.dev.yaml");
const devConfig = () => (yaml.load(fs.readFileSync(DEV_FILE, "utf8")) as { config: Record<string, unknown> }).config;
const REQUIRED = new Set(["environment", "services"]);
const createDb = (cfg: PlatformConfig) => (cfg.database.mode === "create" ? cfg.database : undefined);

/** One accepted round trip per block of the namespace (a spec below fails when a block has none). */
const ACCEPTED: Readonly<Record<string, Case>> = {
    environment: { commands: [["environment", "test"]], read: (c) => c.environment, expected: "test" },
    services: {
        commands: [["services.bff.desiredCount", "3"]],
        read: (c) => serviceOf(c, "bff").desiredCount,
        expected: 3,
    },
    scaling: {
        commands: [["scaling.scaleInCooldownSeconds", "600"]],
        read: (c) => [c.scaling.scaleInCooldownSeconds, c.scaling.cpuTargetPercent],
        expected: [600, 70],
    },
    capacity: {
        commands: [["capacity.fargateBase", "2"]],
        read: (c) => [c.capacity.fargateBase, c.capacity.fargateWeight],
        expected: [2, 70],
    },
    tracing: {
        commands: [["tracing.collectorCpu", "512"]],
        read: (c) => [c.tracing.enabled, c.tracing.collectorCpu, c.tracing.collectorMemoryMiB],
        expected: [false, 512, 512],
    },
    exec: {
        commands: [["exec.enabled", "true"]],
        read: (c) => [c.exec.enabled, c.exec.allowInProd, serviceOf(c, "bff").exec],
        expected: [true, false, true],
    },
    runtime: {
        commands: [["runtime.cpuArchitecture", "ARM64"]],
        read: (c) => [c.runtime.cpuArchitecture, serviceOf(c, "bff").cpuArchitecture],
        expected: ["ARM64", "ARM64"],
    },
    logRetentionDays: { commands: [["logRetentionDays", "14"]], read: (c) => c.logRetentionDays, expected: 14 },
    network: {
        commands: [["network.vpcCidr", "10.20.0.0/16"]],
        read: (c) => [c.network.mode, c.network.mode === "create" ? c.network.vpcCidr : undefined],
        expected: ["create", "10.20.0.0/16"],
    },
    edge: {
        commands: [["edge.waf.rateLimit", "2000"]],
        read: (c) => [c.edge.mode, c.edge.waf.rateLimit, c.edge.waf.enabled],
        expected: ["vpcOrigin", 2000, true],
    },
    storage: {
        commands: [
            ["storage.mode", "existing"],
            ["storage.agentDataBucketName", "team-agent-data"],
            ["storage.repositoryNames.app", "team/app"],
            ["storage.repositoryNames.agent", "team/agent"],
        ],
        read: (c) => (c.storage.mode === "existing" ? c.storage.agentDataBucketName : c.storage.mode),
        expected: "team-agent-data",
    },
    parameters: {
        commands: [
            ["parameters.mode", "existing"],
            ["parameters.kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/abcd"],
        ],
        read: (c) => (c.parameters.mode === "existing" ? c.parameters.kmsKeyArn : c.parameters.mode),
        expected: "arn:aws:kms:us-east-1:123456789012:key/abcd",
    },
    database: {
        commands: [["database.instanceClass", "db.t4g.small"]],
        read: (c) => [c.database.mode, createDb(c)?.instanceClass, createDb(c)?.allocatedStorage],
        expected: ["create", "db.t4g.small", 20],
    },
    bedrock: {
        commands: [["bedrock.inferenceProfileIds[0]", "us.anthropic.claude-sonnet-4-6"]],
        read: (c) => c.bedrock.inferenceProfileIds,
        expected: ["us.anthropic.claude-sonnet-4-6"],
    },
    alarmEmail: {
        commands: [["alarmEmail", "ops@example.com"]],
        read: (c) => c.alarmEmail,
        expected: "ops@example.com",
    },
    protectStatefulResources: {
        commands: [["protectStatefulResources", "true"]],
        read: (c) => c.protect,
        expected: true,
    },
    deployment: {
        commands: [["deployment.alarms.evaluationMinutes", "5"]],
        read: (c) => [c.deployment.alarms.evaluationMinutes, c.deployment.discovery],
        expected: [5, "cloudMap"],
    },
};

/** The dev stack file after the commands, with the block they touch removed first. */
function afterCommands(commands: readonly Command[]): Record<string, string> {
    const top = String(parsePath(commands[0][0])[0]);
    let config = devConfig();
    if (!REQUIRED.has(top)) delete config[`ecs-platform:${top}`];
    for (const [p, text, opts] of commands) config = configSetPath(config, p, text, opts);
    const key = `ecs-platform:${top}`;
    return readStackConfig(REPO_ROOT, "dev", { [key]: config[key] }).config;
}

function rejected(commands: readonly Command[]): readonly string[] {
    try {
        parsePlatformConfig(afterCommands(commands), "dev");
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, String(e));
        return e.issues;
    }
    return assert.fail("accepted");
}

describe("config: `pulumi config set --path` on a partial block", () => {
    it("every block of the namespace has a round trip here", () => {
        assert.deepStrictEqual(Object.keys(ACCEPTED).sort(), [...PLATFORM_CONFIG_KEYS].sort());
    });
    for (const [block, c] of Object.entries(ACCEPTED)) {
        for (const strings of [false, true]) {
            it(`${block}: ${c.commands.map(([p, t]) => `${p} ${t}`).join("; ")}${strings ? " (stored as strings)" : ""}`, () => {
                const commands = c.commands.map(([p, t, o]) => [p, t, { ...o, strings }] as const);
                const cfg = parsePlatformConfig(afterCommands(commands), "dev");
                assert.deepStrictEqual(c.read(cfg), c.expected);
            });
        }
    }
    it("a block whose keys belong to another mode names the command that sets it", () => {
        const cases: [Command, string][] = [
            [["database.securityGroupId", "sg-0123456789abcdef0"], "database.mode existing"],
            [["storage.agentDataBucketName", "team-agent-data"], "storage.mode existing"],
            [["parameters.kmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/abcd"], "parameters.mode existing"],
            [["network.vpcId", "vpc-0123456789abcdef0"], "network.mode existing"],
            [["network.stackReference", "org/platform/dev"], "network.mode stackReference"],
        ];
        for (const [command, fix] of cases) {
            const issues = rejected([command]);
            const block = command[0].split(".")[0];
            const hit = issues.find((i) => i.startsWith(`ecs-platform:${block}.mode: missing`));
            assert.ok(hit, issues.join("\n"));
            assert.ok(hit.includes(`\`pulumi config set --path ${fix}\``), hit);
            assert.ok(hit.includes(`the keys ${command[0].split(".")[1]} belong to mode`), hit);
        }
    });
    it("a list set item by item: one zone names the command for the next, two are accepted", () => {
        const one: Command = ["network.availabilityZones[0]", "us-east-1a"];
        const issues = rejected([one]);
        assert.deepStrictEqual(issues, [
            "ecs-platform:network.availabilityZones: has 1 items; exactly 2; add one with " +
                "`pulumi config set --path 'network.availabilityZones[1]' <value>`",
        ]);
        const cfg = parsePlatformConfig(afterCommands([one, ["network.availabilityZones[1]", "us-east-1b"]]), "dev");
        assert.deepStrictEqual(cfg.network.mode === "create" && cfg.network.availabilityZones, [
            "us-east-1a",
            "us-east-1b",
        ]);
    });
    it("a new service without kind names the command for each kind", () => {
        const issues = rejected([
            ["services.jobs.cpu", "256"],
            ["services.jobs.memory", "512"],
        ]);
        const hit = issues.find((i) => i.startsWith("ecs-platform:services.jobs.kind: missing"));
        assert.ok(hit, issues.join("\n"));
        for (const kind of ["http", "internal", "worker"]) {
            assert.ok(hit.includes(`\`pulumi config set --path services.jobs.kind ${kind}\``), hit);
        }
    });
    it("a nested --secret value is named at its own key, never printed, with the command without --secret", () => {
        const issues = rejected([["database.instanceClass", "db.t4g.small", { secret: true }]]);
        assert.strictEqual(issues.length, 1, issues.join("\n"));
        assert.match(issues[0], /^ecs-platform:database\.instanceClass: is a secret \(secure:\)/);
        assert.ok(issues[0].includes("`pulumi config set --path database.instanceClass <value>`"), issues[0]);
        assert.doesNotMatch(issues[0], /v1:|secure":/);
    });
    it("a block the CLI marks secret as a whole (a nested secure: key) gets the --path fix", () => {
        const raw = afterCommands([["database.instanceClass", "db.t4g.small"]]);
        try {
            parsePlatformConfig(raw, "dev", ["ecs-platform:database"]);
            assert.fail("accepted");
        } catch (e) {
            assert.ok(e instanceof ConfigValidationError, String(e));
            const hit = e.issues.find((i) => i.startsWith("ecs-platform:database: holds a secret (secure:) value"));
            assert.ok(hit, e.issues.join("\n"));
            assert.ok(hit.includes("`pulumi config set --path database.<key> <value>`"), hit);
            assert.ok(!hit.includes("db.t4g.small"), hit);
        }
    });
});
