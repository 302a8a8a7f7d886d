/**
 * The offline evaluator: runs the Pulumi program for one stack without the CLI or a cloud
 * account, under the real SDK's runtime mocks inside a root Stack, and returns the whole
 * resource graph as the engine would have seen it (type, name, URN, parent, inputs, outputs,
 * protect/retain, dependencies) plus the stack outputs, after everything settled.
 *
 * It records registrations at the mock monitor (the same request the engine receives), so what
 * the tests, the policy pack and the plan tool see is exactly what `pulumi preview` would send.
 * Errors thrown inside `apply`, failed registrations and `pulumi.log.error` fail the evaluation.
 * With `preview: true`, computed outputs stay unknown, as on a first `pulumi preview`.
 */
import "./defer-arborist"; // before @pulumi/pulumi: see the file
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { autonameProperty, MockContext, mockState, OFFLINE_ACCOUNT } from "./mock-values";
import { readStackConfig, StackConfig } from "./stack-config";
import { withoutStackTraces } from "./without-stack-traces";
import { answerInvoke } from "./invoke-answers";
import { customTimeoutsOf, readAliases, urnBeforeRenames, useEngineUrns } from "./registration";
import { asError, dedupe } from "./evaluation-errors";
import { PULUMI_TYPE } from "../policy-pack/lib/aws-types";
export { answerInvoke };

/* eslint-disable @typescript-eslint/no-require-imports */
const rpc = require("@pulumi/pulumi/runtime/rpc");
const settings = require("@pulumi/pulumi/runtime/settings");
const runtimeState = require("@pulumi/pulumi/runtime/state");
const pulumiLog = require("@pulumi/pulumi/log");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const resproto = require("@pulumi/pulumi/proto/resource_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/** One registered resource, as the engine received it. Values are engine JSON (unknowns as sentinels). */
export interface EvaluatedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** False for component resources (and the root Stack). */
    readonly custom: boolean;
    readonly parent?: string;
    /** Inputs after the provider's autonaming (what resource policies see). */
    readonly inputs: Record<string, unknown>;
    /** Inputs plus computed outputs (what stack policies see); computed ones unknown in preview. */
    readonly outputs: Record<string, unknown>;
    readonly id?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly ignoreChanges: string[];
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    /** opts.deleteBeforeReplace; absent when the program did not set it. */
    readonly deleteBeforeReplace?: boolean;
    /** opts.replaceOnChanges; absent when none. */
    readonly replaceOnChanges?: readonly string[];
    /** Earlier identities the engine maps to this resource (opts.aliases); absent when none. */
    readonly aliases?: readonly ResourceAlias[];
    /** opts.customTimeouts as the engine receives them ("45m"); absent when none is set. */
    readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
}

/** One alias as the engine receives it: an old URN, or the parts of the old identity that differ. */
export interface ResourceAlias {
    readonly urn?: string;
    readonly type?: string;
    readonly name?: string;
}

export interface EvaluatedStack {
    readonly project: string;
    readonly stack: string;
    readonly preview: boolean;
    /** The config the program received (secure values replaced by placeholders). */
    readonly config: Record<string, string>;
    /** Every registered resource in registration order, root Stack first. */
    readonly resources: EvaluatedResource[];
    /** The stack outputs (plain values; unknown ones are `undefined` in preview). */
    readonly outputs: Record<string, unknown>;
    /** Warnings the program logged. */
    readonly warnings: string[];
}

export interface EvaluateOptions {
    readonly stack: string;
    /** Folder with Pulumi.yaml, the stack files and index.ts. Default: this repository. */
    readonly projectDir?: string;
    /** Leave computed outputs unknown, as a first `pulumi preview`. Default false. */
    readonly preview?: boolean;
    /** Stack-file values (`ecs-platform:key: value`) that replace the file's; `undefined` removes a key. */
    readonly configOverrides?: Record<string, unknown>;
    /** Outputs of referenced stacks, by stack name (`org/project/stack`). */
    readonly stackReferences?: Record<string, Record<string, unknown>>;
    /** The program; default: the `index.ts` of projectDir. */
    readonly program?: () => unknown;
    /**
     * Look-up answers that replace the evaluator's own, by invoke token (tests: what a region where
     * a service lacks a zone returns). Return undefined to fall back to the evaluator's answer.
     */
    readonly invokeAnswers?: Readonly<
        Record<string, (inputs: Record<string, unknown>) => Record<string, unknown> | undefined>
    >;
}

/** The evaluation failed: bad config, a program exception, a failed apply or a logged error. */
export class EvaluationError extends Error {
    constructor(
        readonly stack: string,
        readonly causes: readonly Error[],
        /** What had been registered before the failure (nothing for invalid config). */
        readonly resources: readonly EvaluatedResource[],
    ) {
        super(`stack "${stack}": ${causes.map((c) => c.message).join("\n")}`);
        this.name = "EvaluationError";
    }
}

export const REPO_ROOT = path.resolve(__dirname, "..");

/** Evaluates one stack. Stacks must be evaluated one after another (the SDK's runtime is global). */
export async function evaluateStack(options: EvaluateOptions): Promise<EvaluatedStack> {
    const projectDir = options.projectDir ?? REPO_ROOT;
    const preview = options.preview ?? false;
    const stackConfig: StackConfig = readStackConfig(projectDir, options.stack, options.configOverrides);
    const ctx: MockContext = { ...OFFLINE_ACCOUNT, region: stackConfig.config["aws:region"] ?? "us-east-1" };
    const resources: EvaluatedResource[] = [];
    const errors: Error[] = [];
    const warnings: string[] = [];
    // A failed registration can leave others waiting forever on its URN (dependsOn, inputs): the
    // first error ends the wait, as the engine ends a failing update.
    let signalFailure: () => void = () => undefined;
    const failed = new Promise<"failed">((resolve) => (signalFailure = () => resolve("failed")));
    const fail = (e: Error) => {
        errors.push(e);
        signalFailure();
    };

    pulumi.runtime.setAllConfig(stackConfig.config, stackConfig.secretKeys);
    const recorder: RecorderOptions = {
        ctx,
        preview,
        stackReferences: options.stackReferences ?? {},
        record: (r) => resources.push(r),
        fail,
    };
    await pulumi.runtime.setMocks(
        {
            // Registrations go through the recording monitor; this serves reads (StackReference).
            newResource: (args) => stateFor(args.type, args.name, `${args.type}::${args.name}`, args.inputs, recorder),
            call: (args) => {
                try {
                    return (
                        options.invokeAnswers?.[args.token]?.(args.inputs) ?? answerInvoke(args.token, args.inputs, ctx)
                    );
                } catch (e) {
                    recorder.fail(asError(e));
                    throw e;
                }
            },
        },
        stackConfig.project,
        options.stack,
        preview,
    );
    installRecordingMonitor(settings.getMonitor(), recorder);

    const onRejection = (reason: unknown) => fail(asError(reason));
    const originalError = pulumiLog.error;
    const originalWarn = pulumiLog.warn;
    pulumiLog.error = (msg: string) => {
        errors.push(new Error(`pulumi.log.error: ${msg}`));
        return Promise.resolve();
    };
    pulumiLog.warn = (msg: string) => {
        warnings.push(msg);
        return Promise.resolve();
    };
    process.on("unhandledRejection", onRejection);
    evaluating = true;
    let outputs: Record<string, unknown> = {};
    // After a failure the SDK settles the registrations it can a few ticks later (and rejects
    // their promises): keep listening until then, but never wait on one blocked for good.
    const settleAfterFailure = () =>
        Promise.race([settings.waitForRPCs().catch(() => undefined), delay(SETTLE_AFTER_FAILURE_MS)]);
    try {
        const program = options.program ?? loadProgram(projectDir);
        // The SDK captures a stack trace for every promise (runtime/debuggable.js) only to print leaks.
        outputs = await withoutStackTraces(async () => {
            const run = (async () => {
                const exported = await pulumi.runtime.runInPulumiStack(
                    program as () => Promise<Record<string, unknown>>,
                );
                await settings.waitForRPCs();
                await new Promise((resolve) => setImmediate(resolve));
                return exported ?? {};
            })();
            run.catch((e: unknown) => fail(asError(e)));
            // After the first error, the run gets a bounded time to finish (it normally does);
            // one blocked on a failed registration's URN is abandoned.
            const settled = await Promise.race([
                run,
                failed.then(() => Promise.race([run.catch(() => undefined), delay(SETTLE_AFTER_FAILURE_MS)])),
            ]);
            return settled ?? {};
        });
    } catch (e) {
        errors.unshift(asError(e));
        // After a failure the SDK still settles in-flight registrations and rejects their
        // promises a tick later: keep listening until they are done, or they would crash Node.
        await settleAfterFailure();
    } finally {
        if (errors.length > 0) await settleAfterFailure();
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
        evaluating = false;
        // What the abandoned registrations reject later belongs to this finished evaluation.
        if (errors.length > 0) {
            ignoreLateRejections();
            // The SDK reports promises still pending at exit as leaks and fails the process; the
            // registrations a failed evaluation abandoned are not leaks of the host's.
            runtimeState.getStore().leakCandidates = new Set();
        }
        pulumiLog.error = originalError;
        pulumiLog.warn = originalWarn;
    }
    if (errors.length > 0) throw new EvaluationError(options.stack, dedupe(errors), resources);
    return {
        project: stackConfig.project,
        stack: options.stack,
        preview,
        config: stackConfig.config,
        resources,
        outputs,
        warnings,
    };
}

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

/** How long a failed evaluation waits for the runtime's in-flight registrations to settle. */
const SETTLE_AFTER_FAILURE_MS = 250;

let ignoringLateRejections = false;
/** True while an evaluation is between its setMocks and its return. */
let evaluating = false;

/** Late rejections of a failed evaluation's abandoned registrations must not end the process. */
function ignoreLateRejections(): void {
    if (ignoringLateRejections) return;
    ignoringLateRejections = true;
    process.on("unhandledRejection", (reason: unknown) => {
        // A running evaluation records its own rejections; between evaluations only the Pulumi
        // runtime's leftovers are dropped. Anything else stays fatal where nobody else listens.
        if (evaluating) return;
        const text = reason instanceof Error ? `${reason.message}\n${reason.stack ?? ""}` : String(reason);
        const leftover = /@pulumi|pulumi\/|error serializing|Resource monitor|failed to read resource/.test(text);
        if (!leftover && process.listenerCount("unhandledRejection") === 1) throw reason;
    });
}

function loadProgram(projectDir: string): () => unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(projectDir, "index.ts"));
    const program = typeof mod === "function" ? mod : mod?.default;
    if (typeof program !== "function") throw new Error(`${projectDir}/index.ts does not export a program function`);
    return program;
}

interface RecorderOptions {
    readonly ctx: MockContext;
    readonly preview: boolean;
    readonly stackReferences: Record<string, Record<string, unknown>>;
    readonly record: (r: EvaluatedResource) => void;
    readonly fail: (e: Error) => void;
}

/**
 * Replaces the mock monitor's registerResource with one that records the full request (parent,
 * options, dependencies) and answers with realistic state, like MockMonitor does otherwise.
 */
function installRecordingMonitor(monitor: any, o: RecorderOptions): void {
    const renamedTypes = new Map<string, string>();
    useEngineUrns(monitor, settings);
    // Reads (a StackReference) are in the engine's snapshot too, with the state they read: record
    // them after the SDK's own mock answered, so the plan sees what a referenced stack exported.
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req: any, callback: (err: unknown, resp?: any) => void) =>
        read(req, (err: unknown, resp?: any) => {
            if (!err && resp) {
                const state: Record<string, unknown> = resp.getProperties()?.toJavaScript() ?? {};
                o.record({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: true,
                    parent: req.getParent() || undefined,
                    inputs: req.getProperties()?.toJavaScript() ?? {},
                    outputs: state,
                    id: req.getId() || undefined,
                    protect: false,
                    retainOnDelete: false,
                    ignoreChanges: [],
                    dependencies: req.getDependenciesList?.() ?? [],
                    propertyDependencies: {},
                });
            }
            callback(err, resp);
        });
    monitor.registerResource = async (req: any, callback: (err: unknown, resp?: unknown) => void) => {
        try {
            const type: string = req.getType();
            const name: string = req.getName();
            const parent: string = req.getParent();
            const custom: boolean = req.getCustom();
            const urn: string = monitor.newUrn(parent, type, name);
            const wireInputs: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {};
            const plainInputs: Record<string, unknown> = rpc.deserializeProperties(req.getObject());
            const aliases = readAliases(req, type, name);
            // Our components' renames; the provider's own legacy tokens name no parent of ours.
            for (const alias of aliases) {
                if (!custom && alias.type !== undefined && alias.name === undefined) renamedTypes.set(type, alias.type);
            }
            // A deployed stack keeps the state of an aliased resource (and of its children, whose
            // aliases the engine derives from the parent's): answer with the state the old URN had.
            const { id, state } = custom
                ? stateFor(type, name, urnBeforeRenames(urn, renamedTypes), plainInputs, o)
                : { id: undefined, state: {} as Record<string, unknown> };
            const wireState: Record<string, unknown> = await rpc.serializeProperties("", state);
            // The provider's autoname is an input by the time the engine calls analyzers.
            const inputs = { ...wireInputs };
            const autonamed = autonameProperty(type);
            if (custom && autonamed && wireInputs[autonamed] === undefined && typeof state[autonamed] === "string") {
                inputs[autonamed] = state[autonamed];
            }
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((v: any, k: string) => {
                propertyDependencies[k] = v.getUrnsList();
            });
            o.record({
                urn,
                type,
                name,
                custom,
                parent: parent || undefined,
                inputs,
                outputs: custom ? { ...wireState } : {},
                id,
                protect: !!req.getProtect(),
                retainOnDelete: !!req.getRetainondelete(),
                ignoreChanges: req.getIgnorechangesList(),
                dependencies: req.getDependenciesList(),
                propertyDependencies,
                ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: !!req.getDeletebeforereplace() } : {}),
                ...(req.getReplaceonchangesList().length > 0
                    ? { replaceOnChanges: req.getReplaceonchangesList() }
                    : {}),
                ...(aliases.length > 0 ? { aliases } : {}),
                ...customTimeoutsOf(req),
            });
            monitor.resources.set(urn, { urn, id: id ?? null, state: wireState });
            const response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(id ?? "");
            response.setObject(structproto.Struct.fromJavaScript(wireState));
            callback(null, response);
        } catch (e) {
            const err = asError(e);
            o.fail(err);
            callback(err, undefined);
        }
    };
}

function stateFor(
    type: string,
    name: string,
    urn: string,
    inputs: Record<string, unknown>,
    o: RecorderOptions,
): { id: string | undefined; state: Record<string, unknown> } {
    if (type === PULUMI_TYPE.StackReference) {
        const ref = String(inputs.name ?? name);
        const outputs = o.stackReferences[ref];
        if (!outputs)
            throw new Error(
                `stack reference "${ref}" has no outputs offline: give the plan that stack's exports ` +
                    `(npm run plan -- --foundation-exports <file>)`,
            );
        return { id: ref, state: { name: ref, outputs, secretOutputNames: [] } };
    }
    return mockState(type, name, urn, inputs, o.ctx, o.preview);
}

/** An Error; a component's ResourceError names the component the way the CLI does: `type (name): message`. */
