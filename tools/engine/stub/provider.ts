/**
 * A test provider for the real Pulumi engine: answers Check, Diff, Create, Read, Update, Delete
 * and Invoke for the `aws` and `random` packages from the data the offline evaluator's mocks use
 * (offline/mock-values.ts state and ids, offline/invoke-answers.ts look-ups), so an engine run and
 * the offline plan see the same values. Its Diff is the plan diff's own resource comparison
 * (tools/plan/diff.ts `compareResource`: physical-name changes and the force-new table of
 * tools/plan/force-new.ts), so where the engine replaces and where the plan says it would can
 * only differ through the engine's own logic (replaceOnChanges, dependencies, aliases, protect).
 * No call opens a connection anywhere: every answer is computed here.
 */
import type * as provider from "@pulumi/pulumi/provider";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { answerInvoke } from "../../../offline/invoke-answers";
import { autoname, autonameProperty, MockContext, mockState, OFFLINE_ACCOUNT } from "../../../offline/mock-values";
import { urnBeforeRenames } from "../../../offline/registration";
import { compareResource } from "../../plan/diff";
import { recordCall, StubCall } from "./call-log";
import { parseUrn, plainProperties } from "./wire";

type Props = Record<string, unknown>;

/**
 * The region the stacks deploy to. The SDK's provider server drops the provider config Configure
 * carries (provider/server.js), so it comes from ENGINE_STUB_REGION, else from the stack files in
 * the working directory (the engine starts providers in the program's directory) when they agree.
 */
export function stubRegion(dir: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
    if (env.ENGINE_STUB_REGION) return env.ENGINE_STUB_REGION;
    const regions = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((n) => /^Pulumi\..+\.yaml$/.test(n))) {
        const doc = yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as { config?: Props } | undefined;
        const region = doc?.config?.["aws:region"];
        if (typeof region === "string") regions.add(region);
    }
    if (regions.size !== 1) {
        throw new Error(
            `stub provider: set ENGINE_STUB_REGION (the stack files in ${dir} name ${regions.size === 0 ? "no" : "several"} aws:region)`,
        );
    }
    return [...regions][0];
}

export interface StubOptions {
    /** `aws` or `random`: the package whose tokens this provider answers. */
    readonly pkg: string;
    readonly version: string;
    readonly region?: string;
    /**
     * Component types the program renamed (new type -> old, from their type aliases). The evaluator
     * derives a resource's autoname and ids from the URN it had before the rename, as a deployed
     * stack keeps them (offline/registration.ts urnBeforeRenames); the provider never sees aliases,
     * so it is told.
     */
    readonly typeRenames?: ReadonlyMap<string, string>;
    readonly record?: (call: StubCall) => void;
}

/** The stub provider for one package. */
export function stubProvider(options: StubOptions): provider.Provider {
    const record = options.record ?? recordCall;
    let ctx: MockContext | undefined;
    const context = (): MockContext => (ctx ??= { ...OFFLINE_ACCOUNT, region: options.region ?? stubRegion() });
    const owned = (urn: string) => {
        const parts = parseUrn(urn);
        if (!parts.type.startsWith(`${options.pkg}:`)) {
            throw new Error(`stub ${options.pkg} provider asked for ${parts.type} (${urn})`);
        }
        return parts;
    };
    const seed = (urn: string) => urnBeforeRenames(urn, options.typeRenames ?? new Map());
    /** The state Create would produce for these inputs: the mocks' state and id. */
    const stateOf = (urn: string, inputs: Props) => {
        const { type, name } = owned(urn);
        return mockState(type, name, seed(urn), inputs, context(), false);
    };
    const logged = async <T>(call: StubCall, run: () => T | Promise<T>, extra?: (r: T) => Partial<StubCall>) => {
        try {
            const result = await run();
            record({ ...call, ...(extra ? extra(result) : {}) });
            return result;
        } catch (e) {
            record({ ...call, error: (e as Error).message });
            throw e;
        }
    };
    const me = options.pkg;

    return {
        version: options.version,
        // The provider autonames here, as the real one does: an existing name is kept (an update, or a
        // resource renamed through an alias), a new resource gets the mocks' `<name>-<7 hex>`.
        check: (urn, olds, news) =>
            logged({ provider: me, method: "Check", urn }, () => {
                const { type, name } = owned(urn);
                const inputs = plainProperties(news);
                const prop = autonameProperty(type);
                if (prop && inputs[prop] === undefined) {
                    const old = plainProperties(olds)[prop];
                    inputs[prop] = typeof old === "string" ? old : autoname(type, name, seed(urn));
                }
                return { inputs, failures: [] };
            }),
        diff: (id, urn, olds, news) =>
            logged(
                { provider: me, method: "Diff", urn, id },
                () => {
                    const { type, name } = owned(urn);
                    const before = { urn, type, name, custom: true, inputs: plainProperties(olds) };
                    const after = { urn, type, name, custom: true, inputs: stateOf(urn, plainProperties(news)).state };
                    const changed = compareResource(before, after);
                    const replaces = [
                        ...new Set(
                            (changed?.changes ?? []).filter((c) => c.replaces).map((c) => c.path.split(/[.[]/)[0]),
                        ),
                    ];
                    return { changes: changed !== undefined, replaces };
                },
                (r) => ({ changes: r.changes, replaces: r.replaces }),
            ),
        create: (urn, inputs) =>
            logged(
                { provider: me, method: "Create", urn },
                () => {
                    const { id, state } = stateOf(urn, plainProperties(inputs));
                    return { id: id ?? "", outs: state };
                },
                (r) => ({ id: r.id }),
            ),
        // A refresh reads back what Create wrote: nothing drifts behind the engine's back here.
        read: (id, urn, props) =>
            logged({ provider: me, method: "Read", urn, id }, () => ({ id, props: plainProperties(props) })),
        update: (id, urn, _olds, news) =>
            logged({ provider: me, method: "Update", urn, id }, () => ({
                outs: stateOf(urn, plainProperties(news)).state,
            })),
        delete: (id, urn) => logged({ provider: me, method: "Delete", urn, id }, () => undefined),
        invoke: (token, inputs) =>
            logged({ provider: me, method: "Invoke", token }, () => ({
                outputs: answerInvoke(token, plainProperties(inputs), context()),
                failures: [],
            })),
    };
}
