/**
 * What a stub provider needs from the engine's wire values: the type and logical name a URN
 * carries, and plain property values where the engine sends structured ones.
 *
 * The SDK's provider server tells the engine it accepts outputs, secrets and resource references
 * (provider/server.js `configure`), so inputs can arrive as output-value objects (a value plus its
 * dependencies) or resource references. The offline evaluator's mocks see plain values there
 * (`rpc.deserializeProperties`), so those are unwrapped before the mocks compute state from them;
 * secrets stay wrapped so the state the engine keeps still marks them secret.
 */
import { specialOutputValueSig, specialResourceSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

export interface UrnParts {
    readonly stack: string;
    readonly project: string;
    /** The resource's own type token (the last of the `parent$child` chain). */
    readonly type: string;
    readonly name: string;
}

/** `urn:pulumi:<stack>::<project>::<parentType$type>::<name>` taken apart. */
export function parseUrn(urn: string): UrnParts {
    const parts = urn.split("::");
    const head = parts[0] ?? "";
    if (parts.length < 4 || !head.startsWith("urn:pulumi:")) throw new Error(`not a resource URN: ${urn}`);
    const chain = parts[2].split("$");
    return {
        stack: head.slice("urn:pulumi:".length),
        project: parts[1],
        type: chain[chain.length - 1],
        // A logical name may itself contain "::"; everything after the type is the name.
        name: parts.slice(3).join("::"),
    };
}

/** `value` with output values replaced by what they hold (unknown: the unknown sentinel) and references by ids. */
export function plainWireValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plainWireValue);
    if (typeof value !== "object" || value === null) return value;
    const o = value as Record<string, unknown>;
    const sig = o[specialSigKey];
    if (sig === specialOutputValueSig) return "value" in o ? plainWireValue(o.value) : unknownValue;
    // The engine's view of a referenced custom resource is its id; a component has only its URN.
    if (sig === specialResourceSig) return typeof o.id === "string" && o.id !== "" ? o.id : o.urn;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plainWireValue(v)]));
}

/** A property bag from the wire (toJavaScript of a Struct) as plain values. */
export function plainProperties(props: unknown): Record<string, unknown> {
    const v = plainWireValue(props ?? {});
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
