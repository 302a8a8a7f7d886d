/**
 * Edits of a copy of an evaluated stack, for the plan's negative tests: add a rule the program
 * does not declare, drop a resource it does. The shared evaluation is never modified.
 */
import { EvaluatedResource, EvaluatedStack } from "../../../offline/evaluate";

export function copyStack(stack: EvaluatedStack): EvaluatedStack {
    return structuredClone(stack);
}

export function byName(stack: EvaluatedStack, name: string): EvaluatedResource {
    const r = stack.resources.find((x) => x.name === name);
    if (!r) throw new Error(`no resource named ${name} in ${stack.stack}`);
    return r;
}

/** A copy without the named resources. */
export function withoutResources(stack: EvaluatedStack, ...names: string[]): EvaluatedStack {
    for (const n of names) byName(stack, n);
    const copy = copyStack(stack);
    return { ...copy, resources: copy.resources.filter((r) => !names.includes(r.name)) };
}

/** A copy with one more custom resource whose inputs (and outputs) are `props`. */
export function withResource(
    stack: EvaluatedStack,
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, string[]> = {},
): EvaluatedStack {
    const copy = copyStack(stack);
    const urn = `urn:pulumi:${stack.stack}::${stack.project}::${type}::${name}`;
    copy.resources.push({
        urn,
        type,
        name,
        custom: true,
        inputs: props,
        outputs: props,
        id: `${name}-id`,
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
    });
    return copy;
}

/** A copy where the named resource's inputs and outputs get `patch` merged in. */
export function withPatched(stack: EvaluatedStack, name: string, patch: Record<string, unknown>): EvaluatedStack {
    const copy = copyStack(stack);
    const r = byName(copy, name) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    r.inputs = { ...r.inputs, ...patch };
    r.outputs = { ...r.outputs, ...patch };
    return copy;
}

/** The security group id of a named group (its mock id outside preview). */
export function groupId(stack: EvaluatedStack, name: string): string {
    const id = byName(stack, name).id;
    if (!id) throw new Error(`${name} has no id (preview?)`);
    return id;
}
