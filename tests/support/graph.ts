/**
 * Reading an evaluated stack the way the program's tests ask about it: resources by type, by
 * logical name and by owning component; references followed through `propertyDependencies`
 * (which name the resource an input came from, so they work in preview, where ids are unknown);
 * engine values decoded (secrets unwrapped, unknowns kept as the engine's sentinel).
 *
 * Security-group rules and IAM documents are read through the policy pack's normalisers, the
 * project's single model of both, so a test and a policy can never disagree on what a rule means.
 * What the architecture should look like is in ./architecture.ts; stack variants in ./variants.ts.
 */
import * as assert from "assert";
import { specialSecretSig as SECRET_VALUE_SIG, specialSigKey as SECRET_SIG } from "@pulumi/pulumi/runtime/rpc";
import { EvaluatedResource, EvaluatedStack } from "../../offline/evaluate";
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";
import { parseContainerDefinitions } from "../../policy-pack/lib/container-definitions";
import { NormalisedStatement, parsePolicyDocument } from "../../policy-pack/lib/iam-document";
import { NormalisedRule, normaliseSecurityGroupRules, SECURITY_GROUP_RULE_TYPES } from "../../policy-pack/lib/sg-rules";

// The engine's wire form of a secret: `{ [SECRET_SIG]: SECRET_VALUE_SIG, value }` (the SDK's constants).

/** True for an engine secret wrapper. */
export function isSecret(value: unknown): value is { value: unknown } {
    return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE_SIG
    );
}

/** Deep copy with every secret wrapper replaced by its value; unknowns stay the engine sentinel. */
export function decode(value: unknown): unknown {
    if (isSecret(value)) return decode(value.value);
    if (Array.isArray(value)) return value.map(decode);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
    }
    return value;
}

/** The decoded input at `path` (e.g. `input(service, "networkConfiguration", "subnets")`). */
export function input(resource: EvaluatedResource, ...path: (string | number)[]): any {
    let v: unknown = decode(resource.inputs);
    for (const key of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string | number, unknown>)[key];
    }
    return v;
}

/** The decoded output (inputs plus computed values) at `path`. */
export function output(resource: EvaluatedResource, ...path: (string | number)[]): any {
    let v: unknown = decode(resource.outputs);
    for (const key of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string | number, unknown>)[key];
    }
    return v;
}

export function ofType(stack: EvaluatedStack, type: string): EvaluatedResource[] {
    return stack.resources.filter((r) => r.type === type);
}

/** Each resource of `type` as its name and decoded inputs (what most assertions read). */
export function inputsOfType(stack: EvaluatedStack, type: string): { name: string; props: any }[] {
    return ofType(stack, type).map((r) => ({ name: r.name, props: input(r) }));
}

/** The one resource of `type` named `name`; fails the test otherwise. */
export function named(stack: EvaluatedStack, type: string, name: string): EvaluatedResource {
    const found = stack.resources.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

/** The only resource of `type`; fails the test when there are none or several. */
export function single(stack: EvaluatedStack, type: string): EvaluatedResource {
    const found = ofType(stack, type);
    assert.strictEqual(found.length, 1, `expected exactly one ${type}, found ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

export function byUrn(stack: EvaluatedStack, urn: string): EvaluatedResource {
    const r = stack.resources.find((x) => x.urn === urn);
    assert.ok(r, `no resource with URN ${urn}`);
    return r;
}

/** The component `name` of `componentType` (e.g. the FargateService "bff"). */
export function component(stack: EvaluatedStack, componentType: string, name: string): EvaluatedResource {
    return named(stack, componentType, name);
}

/** Direct children of a component, optionally of one type. */
export function childrenOf(stack: EvaluatedStack, parent: EvaluatedResource, type?: string): EvaluatedResource[] {
    return stack.resources.filter((r) => r.parent === parent.urn && (type === undefined || r.type === type));
}

/** The one child of `type` of a component. */
export function childOf(stack: EvaluatedStack, parent: EvaluatedResource, type: string): EvaluatedResource {
    const found = childrenOf(stack, parent, type);
    assert.strictEqual(found.length, 1, `expected one ${type} in ${parent.name}, found ${found.length}`);
    return found[0];
}

/**
 * The registered resources an input property was computed from (its propertyDependencies), optionally
 * of one type. Read resources (a StackReference) appear in dependencies but are never registered.
 */
export function referenced(
    stack: EvaluatedStack,
    resource: EvaluatedResource,
    property: string,
    type?: string,
): EvaluatedResource[] {
    const urns = new Set(resource.propertyDependencies[property] ?? []);
    return stack.resources.filter((r) => urns.has(r.urn) && (type === undefined || r.type === type));
}

/** The single resource of `type` an input property was computed from. */
export function referencedOne(
    stack: EvaluatedStack,
    resource: EvaluatedResource,
    property: string,
    type: string,
): EvaluatedResource {
    const found = referenced(stack, resource, property, type);
    assert.strictEqual(
        found.length,
        1,
        `${resource.name}.${property}: expected to come from one ${type}, came from ${found.map((r) => r.name).join(", ") || "none"}`,
    );
    return found[0];
}

/** True when `resource` waits for `other` (explicit dependsOn or any input dependency). */
export function dependsOn(resource: EvaluatedResource, other: EvaluatedResource): boolean {
    return (
        resource.dependencies.includes(other.urn) ||
        Object.values(resource.propertyDependencies).some((urns) => urns.includes(other.urn))
    );
}

/** The container definitions of a task definition (full evaluations: the JSON is known). */
export function containersOf(taskDefinition: EvaluatedResource): Record<string, any>[] {
    const parsed = parseContainerDefinitions(input(taskDefinition, "containerDefinitions"));
    assert.strictEqual(parsed.kind, "containers", `${taskDefinition.name}: containerDefinitions is ${parsed.kind}`);
    return parsed.kind === "containers"
        ? parsed.containers.map((c) => {
              assert.notStrictEqual(typeof c.definition, "symbol", `${taskDefinition.name}: a container is unknown`);
              return c.definition as Record<string, any>;
          })
        : [];
}

/** The log group a task definition's container writes to; the definition must be created after it. */
export function logGroupOf(stack: EvaluatedStack, taskDefinition: EvaluatedResource): EvaluatedResource {
    const [container] = containersOf(taskDefinition);
    const name = container.logConfiguration?.options?.["awslogs-group"];
    const groups = ofType(stack, AWS_TYPE.cloudwatch.LogGroup).filter((g) => input(g, "name") === name);
    assert.strictEqual(groups.length, 1, `${taskDefinition.name}: log group ${name} is not created by this stack`);
    assert.ok(dependsOn(taskDefinition, groups[0]), `${taskDefinition.name} does not wait for ${groups[0].name}`);
    return groups[0];
}

/** A security-group rule with the groups it joins resolved to resources (where they are in this stack). */
export interface ResolvedRule {
    readonly rule: NormalisedRule;
    readonly resource: EvaluatedResource;
    /** The group the rule belongs to (inline rules: the group itself); undefined when given as a literal id. */
    readonly group?: EvaluatedResource;
    /** The security group a rule's peer came from, when the peer is a group created in this stack. */
    readonly peerGroup?: EvaluatedResource;
    /** The resource a prefix-list peer came from (e.g. the S3 gateway endpoint). */
    readonly peerSource?: EvaluatedResource;
}

/** Every security-group rule of the stack, in any shape the normaliser knows. */
export function securityGroupRules(stack: EvaluatedStack): ResolvedRule[] {
    const out: ResolvedRule[] = [];
    for (const resource of stack.resources) {
        if (!SECURITY_GROUP_RULE_TYPES.includes(resource.type)) continue;
        const rules = normaliseSecurityGroupRules(resource.type, decode(resource.inputs) as Record<string, unknown>, {
            urn: resource.urn,
            name: resource.name,
        });
        for (const rule of rules) {
            if (rule.shape === "inline") {
                out.push({ rule, resource, group: resource });
                continue;
            }
            const [group] = referenced(stack, resource, "securityGroupId", AWS_TYPE.ec2.SecurityGroup);
            const peerField = rule.shape === "vpc-rule" ? "referencedSecurityGroupId" : "sourceSecurityGroupId";
            const [peerGroup] = referenced(stack, resource, peerField, AWS_TYPE.ec2.SecurityGroup);
            const prefixField = rule.shape === "vpc-rule" ? "prefixListId" : "prefixListIds";
            const [peerSource] = referenced(stack, resource, prefixField);
            out.push({ rule, resource, group, peerGroup, peerSource });
        }
    }
    return out;
}

/** The statements of an IAM policy document input (role policy, trust policy, bucket or topic policy). */
export function statementsOf(resource: EvaluatedResource, property: string): readonly NormalisedStatement[] {
    const parsed = parsePolicyDocument(input(resource, property));
    assert.ok("statements" in parsed, `${resource.name}.${property}: ${JSON.stringify(parsed)}`);
    for (const s of parsed.statements) {
        assert.deepStrictEqual(s.problems, [], `${resource.name}.${property} statement ${s.index + 1}`);
    }
    return parsed.statements;
}

/** The inline policies attached to a role (RolePolicy resources whose `role` input came from it). */
export function inlinePoliciesOf(stack: EvaluatedStack, role: EvaluatedResource): EvaluatedResource[] {
    return ofType(stack, AWS_TYPE.iam.RolePolicy).filter((p) => (p.propertyDependencies.role ?? []).includes(role.urn));
}

/** True when IAM resource pattern `pattern` (`*`, `?`) covers the concrete ARN `arn`. */
export function resourcePatternCovers(pattern: string, arn: string): boolean {
    const re = new RegExp(
        `^${pattern
            .split("")
            .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
            .join("")}$`,
    );
    return re.test(arn);
}
