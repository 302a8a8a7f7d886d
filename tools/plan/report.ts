/**
 * The machine-readable plan: `plan/<stack>.json` (one stack) and the `--json` document (every
 * stack). The zod schema here is the contract; docs/plan-schema.md describes it field by field
 * and the tests validate every report against it. Bump SCHEMA_VERSION on any breaking change.
 */
import { z } from "zod";
import { diffSection } from "./diff-schema";

export const SCHEMA_VERSION = 2;

const portRange = z.object({ protocol: z.string(), from: z.number(), to: z.number() }).strict();

const resource = z
    .object({
        urn: z.string(),
        type: z.string(),
        name: z.string(),
        custom: z.boolean(),
        parent: z.string().optional(),
        protect: z.boolean(),
        retainOnDelete: z.boolean(),
        dependencies: z.array(z.string()),
        keyProperties: z.array(z.string()),
        inputs: z.record(z.string(), z.unknown()),
        /** opts.replaceOnChanges: input paths whose change replaces the resource (`*`: any). */
        replaceOnChanges: z.array(z.string()).optional(),
        /** Earlier identities (opts.aliases): an old URN, or the old type and/or name. */
        aliases: z
            .array(
                z
                    .object({ urn: z.string().optional(), type: z.string().optional(), name: z.string().optional() })
                    .strict(),
            )
            .optional(),
    })
    .strict();

const violation = z
    .object({
        policyName: z.string(),
        enforcementLevel: z.enum(["advisory", "mandatory", "remediate", "disabled"]),
        severity: z.string().optional(),
        message: z.string(),
        urn: z.string().optional(),
        resourceName: z.string().optional(),
    })
    .strict();

const policiesSection = z
    .object({
        policyCount: z.number().int(),
        config: z.string().optional(),
        violations: z.array(violation),
        mandatory: z.number().int(),
        advisory: z.number().int(),
        bySeverity: z.record(z.string(), z.number().int()),
        unknown: z.array(z.object({ policyName: z.string(), urn: z.string().optional(), reason: z.string() }).strict()),
        notApplicable: z.number().int(),
    })
    .strict();

const reachNode = z
    .object({
        id: z.string(),
        label: z.string(),
        kind: z.enum(["securityGroup", "external"]),
        securityGroups: z.array(z.string()),
        outsideStack: z.boolean(),
        cidrs: z.array(z.string()),
        members: z.array(z.string()),
    })
    .strict();

const reachEdge = z
    .object({
        from: z.string(),
        to: z.string(),
        ports: z.array(portRange),
        text: z.string(),
        rules: z.array(z.string()),
        assumed: z.boolean(),
        note: z.string().optional(),
    })
    .strict();

const reachabilitySection = z
    .object({
        nodes: z.array(reachNode),
        edges: z.array(reachEdge),
        matrix: z.record(z.string(), z.record(z.string(), z.string())),
        required: z.array(
            z
                .object({
                    from: z.string(),
                    to: z.string(),
                    protocol: z.literal("tcp"),
                    port: z.number().int(),
                    why: z.string(),
                    status: z.enum(["ok", "missing", "assumed", "refused"]),
                    detail: z.string().optional(),
                })
                .strict(),
        ),
        endpoints: z.array(
            z
                .object({
                    service: z.string(),
                    type: z.enum(["Interface", "Gateway"]),
                    status: z.enum(["present", "missing", "assumed (existing network)"]),
                    resource: z.string().optional(),
                    detail: z.string().optional(),
                })
                .strict(),
        ),
        findings: z.array(
            z
                .object({ severity: z.enum(["blocking", "error", "warning"]), code: z.string(), message: z.string() })
                .strict(),
        ),
        entry: z.array(z.string()),
        verdict: z.enum(["ok", "warnings", "exposed", "blocked"]),
    })
    .strict();

const lintSection = z
    .object({
        findings: z.array(
            z
                .object({
                    resourceUrn: z.string().optional(),
                    resourceName: z.string(),
                    type: z.string(),
                    property: z.string(),
                    message: z.string(),
                    severity: z.enum(["error", "warning"]),
                })
                .strict(),
        ),
        errors: z.number().int(),
        warnings: z.number().int(),
        skipped: z.array(z.string()),
    })
    .strict();

const costSection = z
    .object({
        currency: z.literal("USD"),
        region: z.string(),
        pricesAsOf: z.string(),
        lines: z.array(
            z.object({ item: z.string(), detail: z.string(), minUsd: z.number(), maxUsd: z.number() }).strict(),
        ),
        totalMinUsd: z.number(),
        totalMaxUsd: z.number(),
        assumptions: z.array(z.string()),
        notIncluded: z.array(z.string()),
        /** Reasons to distrust the figures, e.g. a price table over a year old. */
        warnings: z.array(z.string()).optional(),
    })
    .strict();

const rolloutSection = z.array(
    z
        .object({
            service: z.string(),
            strategy: z.enum(["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"]),
            steps: z.array(z.object({ trafficPercent: z.number(), bakeMinutes: z.number() }).strict()),
            circuitBreakerRollback: z.boolean(),
            alarmRollback: z.boolean(),
            desiredCount: z.number().int(),
            peakTasks: z.number().int(),
            extraCostPerDeployUsd: z.number(),
            completeMinutes: z.number(),
            rollbackMinutes: z.number(),
            timeout: z.string().optional(),
            waitsForSteadyState: z.boolean(),
            /** ECS Exec on: the `aws ecs execute-command` line that opens a session (a task id filled in). */
            execCommand: z.string().optional(),
            alarms: z.array(z.object({ name: z.string(), watches: z.string(), exists: z.boolean() }).strict()),
        })
        .strict(),
);

const errorSection = z
    .object({
        stack: z.string(),
        kind: z.enum(["config", "program"]),
        message: z.string(),
        /** One entry per problem; `key` is the config key when the problem is one (`ecs-platform:bff.cpu`). */
        causes: z.array(z.object({ key: z.string().optional(), message: z.string() }).strict()),
    })
    .strict();

export const stackReportSchema = z
    .object({
        schemaVersion: z.literal(SCHEMA_VERSION),
        project: z.string(),
        stack: z.string(),
        preview: z.boolean(),
        /** 0 clean, 1 a mandatory violation / deploy-blocking finding / limit error, 2 the stack did not evaluate. */
        exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
        /** Why the exit code is not 0, one line each. */
        reasons: z.array(z.string()),
        error: errorSection.optional(),
        graph: z
            .object({
                resourceCount: z.number().int(),
                countsByType: z.array(z.object({ type: z.string(), count: z.number().int() }).strict()),
                resources: z.array(resource),
                outputs: z.record(z.string(), z.unknown()),
                warnings: z.array(z.string()),
            })
            .strict()
            .optional(),
        policies: policiesSection.optional(),
        reachability: reachabilitySection.optional(),
        lint: lintSection.optional(),
        cost: costSection.optional(),
        /** Per ECS service: how a deploy rolls out and back (schema version 2). */
        rollout: rolloutSection.optional(),
        /** With `--diff <ref>`: what changes against the stack at that ref. */
        diff: diffSection.optional(),
    })
    .strict();

export const planDocumentSchema = z
    .object({
        schemaVersion: z.literal(SCHEMA_VERSION),
        exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
        stacks: z.array(stackReportSchema),
        costTotals: z.array(z.object({ stack: z.string(), minUsd: z.number(), maxUsd: z.number() }).strict()),
    })
    .strict();

export type StackReport = z.infer<typeof stackReportSchema>;
export type PlanDocument = z.infer<typeof planDocumentSchema>;
export type StackError = z.infer<typeof errorSection>;
