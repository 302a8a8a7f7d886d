/**
 * One request by a task's role session through the IAM simulator (@cloud-copilot/iam-simulate,
 * AGPL, test-only), over the role's identity policy as evaluated and, where AWS applies one, the
 * resource's own policy (a KMS key policy always applies). Account 123456789012, over TLS.
 */
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import { ACCOUNT } from "./architecture";

export interface SimulatedRequest {
    /** The role's name: the session is `assumed-role/<role>/<session>`. */
    readonly role: string;
    readonly action: string;
    readonly resource: string;
    /** The role's identity policy document (parsed). */
    readonly policy: unknown;
    /** The resource's policy, when AWS evaluates one for it. Default none. */
    readonly resourcePolicy?: unknown;
}

/** "Allowed", "ExplicitlyDenied" or "ImplicitlyDenied". */
export async function simulatedDecision(r: SimulatedRequest): Promise<string> {
    const simulation: Simulation = {
        request: {
            principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${r.role}/0f1e2d3c4b5a6978`,
            action: r.action,
            resource: { resource: r.resource, accountId: ACCOUNT },
            contextVariables: { "aws:SecureTransport": "true" },
        },
        identityPolicies: [{ name: "identity", policy: r.policy as Simulation["identityPolicies"][number]["policy"] }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(r.resourcePolicy === undefined
            ? {}
            : { resourcePolicy: r.resourcePolicy as NonNullable<Simulation["resourcePolicy"]> }),
    };
    const result = await runSimulation(simulation, {});
    assert.notStrictEqual(result.resultType, "error", JSON.stringify(result));
    return (result as { overallResult: string }).overallResult;
}
