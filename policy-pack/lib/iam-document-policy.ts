/**
 * The shape most IAM policies share: run a statement check on every statement of every document
 * of the given kinds, wherever the document lives (lib/iam-locations.ts). Documents are parsed once
 * into a normal form (lib/iam-document.ts); unknown ARNs during preview do not hide the actions,
 * effects and principals. Messages name documents by position and statements by index/Sid.
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import { PlatformPolicy, PolicyMetadata, resourcePolicy } from "./define-policy";
import type { Findings } from "./iam-checks";
import { describeStatement, NormalisedStatement, parsePolicyDocument } from "./iam-document";
import { DocumentKind, DocumentLocation, documentLocations, DOCUMENT_TYPES } from "./iam-locations";
import type { ResourcePolicyInput } from "./resource-policy-inputs";
import { cannotDecide } from "./policy-support";

export const ALL_KINDS: readonly DocumentKind[] = ["identity", "trust", "resource"];

/** Which documents a document policy reads beyond its kinds and types. */
export interface DocumentScope {
    /** Resource-policy inputs by type token; default the pack's generated data. */
    readonly resourceInputs?: ReadonlyMap<string, readonly ResourcePolicyInput[]>;
    /** Documents to leave alone (e.g. endpoint policies, which only callers inside the network reach). */
    readonly skip?: (location: DocumentLocation, args: ResourceValidationArgs) => boolean;
}

/**
 * Declares a policy that runs `check` on every statement of every document of the given kinds.
 * Findings on a statement whose Effect is unknown, and documents that are wholly unknown, become
 * a "can't decide" notice instead of a violation.
 */
export function documentPolicy(
    metadata: PolicyMetadata,
    kinds: readonly DocumentKind[],
    check: (s: NormalisedStatement, location: DocumentLocation, args: ResourceValidationArgs) => Findings,
    types: readonly string[] = DOCUMENT_TYPES,
    where: DocumentScope = {},
): PlatformPolicy {
    return resourcePolicy(metadata, types, (props, args, report) => {
        const pending: string[] = [];
        for (const location of documentLocations(args.type, props, where.resourceInputs)) {
            if (!kinds.includes(location.kind) || where.skip?.(location, args) === true) continue;
            const parsed = parsePolicyDocument(location.doc);
            if ("unknown" in parsed) {
                pending.push(location.path);
                continue;
            }
            if ("error" in parsed) continue; // iam-document-valid reports it
            for (const s of parsed.statements) {
                const at = `${location.path}.Statement[${s.index}]`;
                const findings = check(s, location, args);
                const effectUnknown = s.unknown.includes("Effect") || s.unknown.includes("Statement");
                for (const v of findings.violations) {
                    if (effectUnknown) pending.push(`${at}.Effect`);
                    else report(`${location.label}, ${describeStatement(s)}: ${v}.`);
                }
                if (s.unknown.includes("Statement")) pending.push(at);
                pending.push(...findings.pending.map((f) => `${at}.${f}`));
            }
        }
        if (pending.length > 0) cannotDecide(pending[0]);
    });
}
