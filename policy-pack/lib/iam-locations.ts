/**
 * Where IAM policy documents live in `@pulumi/aws` 7 resources, and what kind each is:
 * identity policies (role/user/group inline, managed policies), trust policies (a role's
 * `assumeRolePolicy`) and resource policies (bucket, repository, key, topic, endpoint).
 */
import { isUnknown, read, UNKNOWN } from "./known-values";
import { AWS_TYPE } from "./aws-types";

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

const SINGLE_DOCUMENT: Readonly<Record<string, DocumentKind>> = {
    [AWS_TYPE.iam.RolePolicy]: "identity",
    [AWS_TYPE.iam.Policy]: "identity",
    [AWS_TYPE.iam.UserPolicy]: "identity",
    [AWS_TYPE.iam.GroupPolicy]: "identity",
    [AWS_TYPE.s3.BucketPolicy]: "resource",
    [AWS_TYPE.ecr.RepositoryPolicy]: "resource",
    [AWS_TYPE.kms.Key]: "resource",
    [AWS_TYPE.kms.KeyPolicy]: "resource",
    [AWS_TYPE.sns.TopicPolicy]: "resource",
    [AWS_TYPE.ec2.VpcEndpoint]: "resource",
};

/** Every type token that can hold a policy document. */
export const DOCUMENT_TYPES: readonly string[] = [AWS_TYPE.iam.Role, ...Object.keys(SINGLE_DOCUMENT)];

/** The documents a resource's props hold (absent optional documents are skipped). */
export function documentLocations(type: string, props: unknown): DocumentLocation[] {
    if (type === AWS_TYPE.iam.Role) return roleDocuments(props);
    const kind = SINGLE_DOCUMENT[type];
    if (!kind) return [];
    const doc = read(props, "policy");
    if (doc === undefined || doc === null || doc === "") return [];
    return [{ path: "policy", label: kind === "identity" ? "the policy" : "the resource policy", kind, doc }];
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
