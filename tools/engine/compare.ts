/**
 * The engine's answer next to the offline plan's, in one vocabulary, so a test can say exactly
 * where the two disagree: policy findings (level, policy, resource), the step per resource
 * (create, update, replace, delete) and the resource set (URN for URN).
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { compareResource } from "../plan/diff";
import type { PlanReport } from "./offline-plan";

export type Level = "mandatory" | "advisory";

/** One policy finding, keyed the way both sides can name it. */
export interface Finding {
    readonly level: Level;
    readonly policyName: string;
    /** Absent for a stack policy's finding. */
    readonly urn?: string;
    readonly message: string;
}

export const findingKey = (f: Finding) => `${f.level} ${f.policyName} ${f.urn ?? "(stack)"}`;

/** True for the URN of the root Stack resource. */
const isRootStack = (urn: string) => urn.split("::")[2] === "pulumi:pulumi:Stack";

/**
 * The policy events of an engine run (`--json` `policyEvent`). The engine files a stack policy's
 * finding without a resource under the root Stack's URN; the plan files it under none.
 */
export function engineFindings(events: readonly EngineEvent[]): Finding[] {
    return events.flatMap((e) => {
        const p = e.policyEvent;
        if (!p) return [];
        return [
            {
                level: p.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
                policyName: p.policyName,
                ...(p.resourceUrn && !isRootStack(p.resourceUrn) ? { urn: p.resourceUrn } : {}),
                message: p.message,
            } satisfies Finding,
        ];
    });
}

/** The plan report's `policies` (offline-plan.ts holds the report's shape). */
type PlanPolicies = NonNullable<PlanReport["policies"]>;

/**
 * The plan report's findings (`policies` of plan/<stack>.json). A check that touched a value
 * unknown during preview is an advisory "can't run" report in the analyzer (@pulumi/policy
 * server.js), which the plan lists apart in `unknown`: both count as advisory findings here.
 */
export function planFindings(policies: PlanPolicies | undefined): Finding[] {
    const violations = (policies?.violations ?? []).map(
        (v): Finding => ({
            level: v.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
            policyName: v.policyName,
            ...(v.urn && !isRootStack(v.urn) ? { urn: v.urn } : {}),
            message: v.message,
        }),
    );
    const unknown = (policies?.unknown ?? []).map(
        (u): Finding => ({
            level: "advisory",
            policyName: u.policyName,
            ...(u.urn && !isRootStack(u.urn) ? { urn: u.urn } : {}),
            message: u.reason,
        }),
    );
    return [...violations, ...unknown];
}

/** What is in one list and not the other, by key, counting duplicates. */
export function multisetDelta<T>(
    a: readonly T[],
    b: readonly T[],
    key: (t: T) => string,
): { onlyA: string[]; onlyB: string[] } {
    const count = new Map<string, number>();
    for (const t of a) count.set(key(t), (count.get(key(t)) ?? 0) + 1);
    for (const t of b) count.set(key(t), (count.get(key(t)) ?? 0) - 1);
    const onlyA: string[] = [];
    const onlyB: string[] = [];
    for (const [k, n] of [...count.entries()].sort(([x], [y]) => x.localeCompare(y))) {
        for (let i = 0; i < n; i++) onlyA.push(k);
        for (let i = 0; i < -n; i++) onlyB.push(k);
    }
    return { onlyA, onlyB };
}

export type Step = "create" | "update" | "replace" | "delete";

/** Resources the plan has no counterpart for: the engine's provider resources (one per package). */
export const engineOnly = (urn: string) => urn.split("::")[2]?.startsWith("pulumi:providers:") ?? false;

/**
 * The step the engine took (or, in preview, would take) per resource, from its resource events;
 * a replacement is one step whatever its parts (create-replacement, replace, delete-replaced).
 */
export function engineSteps(events: readonly EngineEvent[]): Map<string, Step> {
    const out = new Map<string, Step>();
    for (const e of events) {
        const m = e.resourcePreEvent?.metadata;
        if (!m || engineOnly(m.urn)) continue;
        const step = stepOf(m.op);
        if (step === undefined) continue;
        // A replacement outranks the update or create events the same URN may also show.
        if (out.get(m.urn) !== "replace") out.set(m.urn, step);
    }
    return out;
}

function stepOf(op: string): Step | undefined {
    switch (op) {
        case "create":
            return "create";
        case "update":
            return "update";
        case "delete":
            return "delete";
        case "replace":
        case "create-replacement":
        case "delete-replaced":
            return "replace";
        default:
            return undefined;
    }
}

interface PlanDiff {
    readonly resources?: {
        readonly added: readonly { urn: string }[];
        readonly removed: readonly { urn: string }[];
        readonly changed: readonly {
            urn: string;
            oldUrn?: string;
            replacement: boolean;
            changes: readonly unknown[];
        }[];
    };
}

/** The plan diff's step per resource (`diff.resources` of `npm run plan -- --diff`). */
export function planSteps(diff: PlanDiff | undefined): Map<string, Step> {
    const out = new Map<string, Step>();
    for (const r of diff?.resources?.added ?? []) out.set(r.urn, "create");
    for (const r of diff?.resources?.removed ?? []) out.set(r.urn, "delete");
    for (const r of diff?.resources?.changed ?? []) {
        // A rename alone (through an alias, no input changed) is no step in the engine.
        if (r.changes.length === 0) continue;
        out.set(r.urn, r.replacement ? "replace" : "update");
    }
    return out;
}

/** `urn step` lines where the two maps disagree (a missing step reads "same"). */
export function stepDelta(engine: ReadonlyMap<string, Step>, plan: ReadonlyMap<string, Step>): string[] {
    const urns = [...new Set([...engine.keys(), ...plan.keys()])].sort();
    return urns
        .filter((u) => engine.get(u) !== plan.get(u))
        .map((u) => `${u}: engine ${engine.get(u) ?? "same"}, plan ${plan.get(u) ?? "same"}`);
}

/** A resource of `pulumi stack export` (the parts compared). */
export interface ExportedResource {
    readonly urn: string;
    readonly type: string;
    readonly custom?: boolean;
    readonly protect?: boolean;
    readonly inputs?: Record<string, unknown>;
}

/**
 * Input by input, where the engine's deployed resources differ from the evaluator's graph (both
 * redacted as the plan diff redacts: secrets are ciphertext in an export). Resources only one side
 * has are the resource-set comparison's business, not this one's.
 */
export function inputDelta(
    exported: readonly ExportedResource[],
    evaluated: readonly { urn: string; type: string; name: string; custom: boolean; inputs: Record<string, unknown> }[],
): string[] {
    const byUrn = new Map(exported.map((r) => [r.urn, r]));
    const out: string[] = [];
    for (const r of evaluated) {
        const e = byUrn.get(r.urn);
        if (!e || !r.custom) continue;
        const changed = compareResource(
            { urn: r.urn, type: r.type, name: r.name, custom: true, inputs: r.inputs },
            { urn: r.urn, type: r.type, name: r.name, custom: true, inputs: e.inputs ?? {} },
        );
        for (const c of changed?.changes ?? []) {
            out.push(`${r.urn} ${c.path}: evaluator ${JSON.stringify(c.old)}, engine ${JSON.stringify(c.new)}`);
        }
    }
    return out;
}
