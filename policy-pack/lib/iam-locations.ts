/**
 * Where IAM policy documents live in `@pulumi/aws` 7 resources, and what kind each is:
 * identity policies (role/user/group inline, managed policies), trust policies (a role's
 * `assumeRolePolicy`) and resource policies: every resource input the generator
 * (tools/gen/resource-policy-inputs.ts) derived from the provider's declarations, so a resource
 * type the provider adds is covered by regenerating the data, without a code change here.
 */
import { isUnknown, read, snapshot, UNKNOWN } from "./known-values";
import { AWS_TYPE } from "./aws-types";
import { RESOURCE_POLICY_INPUTS, ResourcePolicyInput } from "./resource-policy-inputs";

export type DocumentKind = "identity" | "trust" | "resource";

export interface DocumentLocation {
    /** Property path, e.g. `inlinePolicies[1].policy`. */
    readonly path: string;
    /** Value-free label for messages, e.g. `inline policy 2`. */
    readonly label: string;
    readonly kind: DocumentKind;
    /** The document as found (string, object, possibly proxied) or `UNKNOWN`. */
    readonly doc: unknown;
}

/** The `iam` module's own documents, all in its `policy` input (the generator leaves `iam` out). */
const IDENTITY_DOCUMENT_TYPES: readonly string[] = [
    AWS_TYPE.iam.RolePolicy,
    AWS_TYPE.iam.Policy,
    AWS_TYPE.iam.UserPolicy,
    AWS_TYPE.iam.GroupPolicy,
];

/**
 * Derived resource-policy inputs by type token; `inputs` are the input names. Tokens and data
 * default to the generated module; tests pass a module generated from a synthetic provider.
 */
export function resourcePolicyInputsByType(
    data: readonly ResourcePolicyInput[] = RESOURCE_POLICY_INPUTS,
): ReadonlyMap<string, readonly ResourcePolicyInput[]> {
    const out = new Map<string, ResourcePolicyInput[]>();
    for (const entry of data) out.set(entry.token, [...(out.get(entry.token) ?? []), entry]);
    return out;
}

const RESOURCE_INPUTS = resourcePolicyInputsByType();

/** Every type token that can hold a policy document. */
export const DOCUMENT_TYPES: readonly string[] = [
    AWS_TYPE.iam.Role,
    ...IDENTITY_DOCUMENT_TYPES,
    ...RESOURCE_INPUTS.keys(),
];

/** Every type token that holds a resource-based policy (a document with a Principal). */
export const RESOURCE_POLICY_TYPES: readonly string[] = [...RESOURCE_INPUTS.keys()];

/** KMS key policies (`kms.Key`, `kms.KeyPolicy`, replica and external keys): the default root statement applies. */
export const KMS_KEY_POLICY_TYPES: readonly string[] = RESOURCE_POLICY_INPUTS.filter((e) =>
    e.sdk.startsWith("kms."),
).map((e) => e.token);

/** The documents a resource's props hold (absent optional documents are skipped). */
export function documentLocations(
    type: string,
    props: unknown,
    resourceInputs: ReadonlyMap<string, readonly ResourcePolicyInput[]> = RESOURCE_INPUTS,
): DocumentLocation[] {
    if (type === AWS_TYPE.iam.Role) return roleDocuments(props);
    if (IDENTITY_DOCUMENT_TYPES.includes(type)) {
        const doc = read(props, "policy");
        if (doc === undefined || doc === null || doc === "") return [];
        return [{ path: "policy", label: "the policy", kind: "identity", doc }];
    }
    const out: DocumentLocation[] = [];
    for (const { input } of resourceInputs.get(type) ?? []) {
        const doc = read(props, input);
        if (doc === undefined || doc === null || doc === "" || isEmptyDocument(doc)) continue;
        const label = input === "policy" ? "the resource policy" : `the resource policy (${input})`;
        out.push({ path: input, label, kind: "resource", doc });
    }
    return out;
}

/**
 * An empty JSON object means "no policy" for inputs that also accept a separate policy resource
 * (Secrets Manager documents `policy = "{}"` as the way to delete the secret's policy:
 * https://www.pulumi.com/registry/packages/aws/api-docs/secretsmanager/secret/#policy_nodejs).
 */
function isEmptyDocument(doc: unknown): boolean {
    const value = snapshot(doc);
    if (typeof value === "string") return value.trim().replace(/\s+/g, "") === "{}";
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

function roleDocuments(props: unknown): DocumentLocation[] {
    const out: DocumentLocation[] = [];
    const trust = read(props, "assumeRolePolicy");
    if (trust !== undefined && trust !== null) {
        out.push({ path: "assumeRolePolicy", label: "the trust policy", kind: "trust", doc: trust });
    }
    const inline = read(props, "inlinePolicies");
    if (isUnknown(inline)) {
        out.push({ path: "inlinePolicies", label: "the inline policies", kind: "identity", doc: UNKNOWN });
    } else if (Array.isArray(inline)) {
        const length = read(inline, "length") as number;
        for (let i = 0; i < length; i++) {
            const entry = read(inline, i);
            const doc = isUnknown(entry) ? UNKNOWN : read(entry, "policy");
            // The provider reads back an empty `{}` entry for roles without inline policies.
            if (doc === undefined || doc === null || doc === "") continue;
            out.push({ path: `inlinePolicies[${i}].policy`, label: `inline policy ${i + 1}`, kind: "identity", doc });
        }
    }
    return out;
}
