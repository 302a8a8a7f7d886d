/**
 * Runs the real Pulumi engine on this program without AWS, a Pulumi Cloud account or the
 * Node.js language plugin: a file backend with the passphrase secrets provider in a throwaway
 * folder, the stub providers and the policy-pack host of tools/engine/bin on PATH, and the program
 * served by the Automation API's inline program (this process acts as the language host: the
 * `pulumi-language-nodejs` plugin is a Go module of its own with no published version).
 *
 * The project folder of a run is a copy of Pulumi.yaml and one stack file, never this checkout's:
 * `pulumi stack init` writes an encryption salt into the stack file, and an edit (a size change)
 * is a change to the copy. The program itself is this checkout's index.ts.
 */
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import type { ExportedResource } from "./compare";
import { componentTypeRenames } from "./offline-plan";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const ENGINE_BIN_DIR = path.join(__dirname, "bin");
const PROJECT = "ecs-platform";

/** The folder the CLI was built into (tools/engine/build-cli.sh prints `<root>/bin/pulumi`). */
export function cliRoot(pulumiBinary: string): string {
    return path.dirname(path.dirname(pulumiBinary));
}

export interface EngineStackOptions {
    readonly stack: string;
    /** The `pulumi` binary (tools/engine/build-cli.sh). */
    readonly pulumiBinary: string;
    /** Where state, PULUMI_HOME, the project copy and the stub call log live (default: a new temp folder). */
    readonly dir?: string;
    /** The committed stack file the new stack's file starts from (default: the stack's own). */
    readonly baseStack?: string;
    /** Stack-config values replacing the base file's (`ecs-platform:network: {...}`). */
    readonly config?: Record<string, unknown>;
}

/** What one engine operation left behind: its JSON events, and how long it took. */
export interface EngineRun {
    readonly events: EngineEvent[];
    readonly seconds: number;
    /** The operation's error (a mandatory policy violation fails a preview), if it failed. */
    readonly error?: Error;
}

/** One stack of this program on a throwaway file backend. */
export class EngineStack {
    readonly dir: string;
    readonly projectDir: string;
    readonly callLog: string;
    private constructor(
        readonly stackName: string,
        readonly stack: Stack,
        dir: string,
    ) {
        this.dir = dir;
        this.projectDir = path.join(dir, "project");
        this.callLog = path.join(dir, "stub-calls.jsonl");
    }

    static async create(options: EngineStackOptions): Promise<EngineStack> {
        const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `ecs-platform-engine-${options.stack}-`));
        const projectDir = path.join(dir, "project");
        for (const sub of ["project", "state", "home"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
        // `main` names this checkout's index.ts, which the copy does not have: the inline program runs it.
        const project = yaml.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<
            string,
            unknown
        >;
        delete project.main;
        fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), yaml.dump(project));
        // Two stacks may share a folder (one backend: a stack reference between them resolves).
        const stackFile = `Pulumi.${options.stack}.yaml`;
        fs.copyFileSync(
            path.join(REPO_ROOT, `Pulumi.${options.baseStack ?? options.stack}.yaml`),
            path.join(projectDir, stackFile),
        );
        const pulumiCommand = await PulumiCommand.get({ root: cliRoot(options.pulumiBinary) });
        const envVars: Record<string, string> = {
            PATH: `${ENGINE_BIN_DIR}${path.delimiter}${path.dirname(options.pulumiBinary)}${path.delimiter}${process.env.PATH ?? ""}`,
            PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
            PULUMI_HOME: path.join(dir, "home"),
            PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
            // Nothing is downloaded: a plugin the stubs do not provide is an error, not a fetch.
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            ENGINE_STUB_LOG: path.join(dir, "stub-calls.jsonl"),
            ENGINE_STUB_TYPE_RENAMES: JSON.stringify(componentTypeRenames()),
            TS_NODE_TRANSPILE_ONLY: "true",
        };
        // The program runs in this process; it resolves its modules from this checkout.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = async () => (require(path.join(REPO_ROOT, "index.ts")) as () => Promise<unknown>)();
        const stack = await LocalWorkspace.createOrSelectStack(
            {
                stackName: options.stack,
                projectName: PROJECT,
                program: program as () => Promise<Record<string, unknown>>,
            },
            { workDir: projectDir, pulumiCommand, envVars, secretsProvider: "passphrase" },
        );
        const engine = new EngineStack(options.stack, stack, dir);
        if (options.config) engine.editConfig(options.config);
        return engine;
    }

    /** The stack file of the project copy, for an edit. */
    get stackFile(): string {
        return path.join(this.projectDir, `Pulumi.${this.stackName}.yaml`);
    }

    /** Replaces stack-config values (`ecs-platform:key: value`) in the project copy's stack file. */
    editConfig(values: Record<string, unknown>): void {
        const doc = (yaml.load(fs.readFileSync(this.stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
        doc.config = { ...(doc.config ?? {}), ...values };
        fs.writeFileSync(this.stackFile, yaml.dump(doc, { lineWidth: 200 }));
    }

    private policyArgs(withPack: boolean) {
        if (!withPack) return {};
        const config = path.join(REPO_ROOT, "policy-pack", "config", `${this.stackName}.json`);
        return {
            policyPacks: [path.join(REPO_ROOT, "policy-pack")],
            ...(fs.existsSync(config) ? { policyPackConfigs: [config] } : {}),
        };
    }

    async preview(options: { policyPack?: boolean; refresh?: boolean; expectNoChanges?: boolean } = {}) {
        return this.timed((onEvent) =>
            this.stack.preview({
                onEvent,
                ...this.policyArgs(options.policyPack ?? true),
                ...(options.refresh ? { refresh: true } : {}),
                ...(options.expectNoChanges ? { expectNoChanges: true } : {}),
            }),
        );
    }

    async up(options: { policyPack?: boolean } = {}) {
        return this.timed((onEvent) => this.stack.up({ onEvent, ...this.policyArgs(options.policyPack ?? true) }));
    }

    async destroy() {
        return this.timed((onEvent) => this.stack.destroy({ onEvent }));
    }

    /** `pulumi stack export`: the deployment's resources as the engine keeps them (secrets as ciphertext). */
    async exportResources(): Promise<ExportedResource[]> {
        const deployment = await this.stack.exportStack();
        return (deployment.deployment?.resources ?? []) as ExportedResource[];
    }

    /** The stack's outputs, plain (`pulumi stack output --show-secrets`). */
    async outputValues(): Promise<Record<string, unknown>> {
        const outputs = await this.stack.outputs();
        return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    }

    private async timed(op: (onEvent: (e: EngineEvent) => void) => Promise<unknown>): Promise<EngineRun> {
        const events: EngineEvent[] = [];
        const start = Date.now();
        try {
            await op((e) => events.push(e));
            return { events, seconds: (Date.now() - start) / 1000 };
        } catch (e) {
            return { events, seconds: (Date.now() - start) / 1000, error: e as Error };
        }
    }

    /** Removes the stack's folder (state, home, project copy). */
    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
