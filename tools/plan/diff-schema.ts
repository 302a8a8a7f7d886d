/**
 * The `diff` section of a stack report (`npm run plan -- --diff <ref>`): what changes between the
 * stack at a base git ref and the working tree. Part of the report contract (report.ts);
 * docs/plan-schema.md describes every field.
 */
import { z } from "zod";

const resourceRef = z.object({ urn: z.string(), type: z.string(), name: z.string() }).strict();

const propertyChange = z
    .object({
        /** `inputs` path, e.g. `containerDefinitions[0].cpu` (JSON strings are diffed inside). */
        path: z.string(),
        /** Absent when the property is added; secrets as `[secret]`. */
        old: z.unknown().optional(),
        /** Absent when the property is removed. */
        new: z.unknown().optional(),
        /** The provider replaces the resource for this change (force-new or physical name). */
        replaces: z.boolean(),
    })
    .strict();

const changedResource = z
    .object({
        urn: z.string(),
        type: z.string(),
        name: z.string(),
        /** The base URN when the resource was renamed through an alias (an in-place rename). */
        oldUrn: z.string().optional(),
        replacement: z.boolean(),
        /** Why it is replaced: `physical name (name)`, `force-new (cidrBlock)`, ... */
        replaceReasons: z.array(z.string()),
        changes: z.array(propertyChange),
    })
    .strict();

const finding = z
    .object({
        policyName: z.string(),
        level: z.string(),
        severity: z.string().optional(),
        resource: z.string().optional(),
        message: z.string(),
    })
    .strict();

const connection = z.object({ from: z.string(), to: z.string(), protocol: z.string(), ports: z.string() }).strict();

const pathChange = z
    .object({
        from: z.string(),
        to: z.string(),
        port: z.number().int(),
        why: z.string(),
        before: z.string(),
        after: z.string(),
    })
    .strict();

const roleChange = z
    .object({
        role: z.string(),
        urn: z.string(),
        /** `added`, `removed` or `changed`. */
        status: z.enum(["added", "removed", "changed"]),
        gained: z.array(z.string()),
        lost: z.array(z.string()),
    })
    .strict();

const serviceRef = z.object({ name: z.string(), kind: z.string(), resources: z.number().int() }).strict();

const costLine = z
    .object({
        item: z.string(),
        beforeMinUsd: z.number(),
        beforeMaxUsd: z.number(),
        afterMinUsd: z.number(),
        afterMaxUsd: z.number(),
        deltaMinUsd: z.number(),
        deltaMaxUsd: z.number(),
    })
    .strict();

export const diffSection = z
    .object({
        base: z
            .object({
                ref: z.string(),
                commit: z.string().optional(),
                /** `ok`; `failed` (the base did not evaluate: bad config, program error, no plan tool); `no-stack` (no stack file at the base). */
                status: z.enum(["ok", "failed", "no-stack"]),
                exitCode: z.number().int().optional(),
                error: z.string().optional(),
            })
            .strict(),
        /** Everything below is present only when the base evaluated. */
        resources: z
            .object({
                added: z.array(resourceRef),
                removed: z.array(resourceRef.extend({ protect: z.boolean() }).strict()),
                changed: z.array(changedResource),
                unchanged: z.number().int(),
            })
            .strict()
            .optional(),
        policies: z
            .object({ new: z.array(finding), resolved: z.array(finding) })
            .strict()
            .optional(),
        reachability: z
            .object({
                added: z.array(connection),
                removed: z.array(connection),
                broken: z.array(pathChange),
                fixed: z.array(pathChange),
            })
            .strict()
            .optional(),
        /** Services (by the program's service tags) that appear, disappear or change kind. */
        services: z
            .object({
                added: z.array(serviceRef),
                removed: z.array(serviceRef),
                kindChanged: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() }).strict()),
            })
            .strict()
            .optional(),
        iam: z.array(roleChange).optional(),
        cost: z
            .object({
                lines: z.array(costLine),
                total: costLine.omit({ item: true }).strict(),
            })
            .strict()
            .optional(),
    })
    .strict();

export type DiffSection = z.infer<typeof diffSection>;
export type ChangedResource = z.infer<typeof changedResource>;
export type PropertyChange = z.infer<typeof propertyChange>;
export type CostLineDelta = z.infer<typeof costLine>;
