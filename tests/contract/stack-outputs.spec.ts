/**
 * The stack outputs every stack exports (index.ts): exactly the documented keys, every value a
 * plain, known string with no "undefined" baked in, all naming this account and region.
 */
import * as assert from "assert";
import { EvaluatedStack } from "../../offline/evaluate";
import { getEvaluatedStack, STACKS } from "../support/evaluated-stacks";
import { ACCOUNT, REGION, servicesOf } from "../support/architecture";
import {
    DATABASE_OUTPUTS,
    NETWORK_OUTPUTS,
    PARAMETERS_OUTPUTS,
    STORAGE_OUTPUTS,
} from "../../components/foundation-outputs";

/** The foundation a stack exports for another stack's `stackReference` mode (lists and maps of strings among them). */
export const FOUNDATION_OUTPUT_KEYS: readonly string[] = [
    ...NETWORK_OUTPUTS,
    ...STORAGE_OUTPUTS,
    ...PARAMETERS_OUTPUTS,
    ...Object.keys(DATABASE_OUTPUTS),
];

/**
 * The documented outputs: the seed's (T015, T024, T037, T038) plus what operators use to deploy;
 * per-service ones are maps by service name (PER_SERVICE_OUTPUTS).
 */
export const OUTPUT_KEYS: readonly string[] = [
    "alarmTopicArn",
    "albDnsName",
    "clusterArn",
    "clusterName",
    "dashboardUrl",
    "dnsNames",
    "executionRoleArn",
    "publicUrl",
    "serviceArns",
    "serviceDiscoveryNamespaceId",
    "taskDefinitionArns",
    "taskRoleArns",
    ...FOUNDATION_OUTPUT_KEYS,
].sort();

/** The outputs keyed by service name. */
export const PER_SERVICE_OUTPUTS = ["taskDefinitionArns", "taskRoleArns", "serviceArns", "dnsNames"] as const;

for (const stackName of STACKS) {
    describe(`stack outputs (${stackName})`, () => {
        let stack: EvaluatedStack;
        before(async () => {
            stack = await getEvaluatedStack(stackName);
        });

        it("T015 T024 T037 T038 exports exactly the documented outputs", () => {
            assert.deepStrictEqual(Object.keys(stack.outputs).sort(), OUTPUT_KEYS);
        });

        it("T024 T037 T038 the per-service maps name every service of the map (dnsNames: the internal ones)", () => {
            const services = servicesOf(stack);
            for (const key of PER_SERVICE_OUTPUTS) {
                const expected = services.filter((s) => key !== "dnsNames" || s.kind === "internal").map((s) => s.name);
                assert.deepStrictEqual(Object.keys(stack.outputs[key] as object).sort(), expected.sort(), key);
            }
        });

        it("T016 T025 T039 every output is a non-empty string (or a list/map of them) without 'undefined' or '[object'", () => {
            for (const [key, value] of Object.entries(stack.outputs)) {
                const strings: unknown[] = Array.isArray(value)
                    ? value
                    : typeof value === "object" && value !== null
                      ? Object.values(value)
                      : [value];
                assert.ok(strings.length > 0, `${key} is empty`);
                for (const s of strings) {
                    assert.strictEqual(typeof s, "string", `${key} holds ${typeof s}`);
                    assert.ok((s as string).length > 0, `${key} is empty`);
                    assert.ok(!/undefined|\[object|Calling \[toString\]/.test(s as string), `${key}: ${s}`);
                }
            }
        });

        it("T016 T025 T039 every ARN names this partition, region (or none, for IAM) and account", () => {
            let checked = 0;
            for (const [key, value] of Object.entries(stack.outputs)) {
                if (key === "agentDataBucketArn") continue; // S3 ARNs name neither
                // An ARN, or a map of them by service name / repository key (`taskRoleArns`, `repositoryArns`).
                const arns = key.endsWith("Arn")
                    ? { [key]: value }
                    : key.endsWith("Arns")
                      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [`${key}.${k}`, v]))
                      : {};
                for (const [where, arn] of Object.entries(arns)) {
                    const [prefix, partition, service, region, account] = String(arn).split(":");
                    assert.strictEqual(prefix, "arn", where);
                    assert.strictEqual(partition, "aws", where);
                    assert.strictEqual(region, service === "iam" ? "" : REGION, where);
                    assert.strictEqual(account, ACCOUNT, where);
                    checked++;
                }
            }
            // kmsKeyArn, clusterArn, executionRoleArn, alarmTopicArn; and four maps of two: task definitions,
            // task roles, services (the seed's two services) and repositories (app, agent).
            assert.strictEqual(checked, 4 + 4 * 2, "every ARN output was checked");
        });
    });
}

/** Every string the engine would receive, for every resource of every stack, in both modes. */
function strings(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
    else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
    return out;
}

for (const stackName of STACKS) {
    for (const preview of [false, true]) {
        describe(`the evaluated graph (${stackName}${preview ? ", preview" : ""})`, () => {
            it("no input or output string contains 'undefined', '[object' or an Output's toString", async () => {
                const stack = await getEvaluatedStack(stackName, preview);
                const bad: string[] = [];
                for (const r of stack.resources) {
                    for (const s of strings([r.inputs, r.outputs])) {
                        if (/undefined|\[object |Calling \[toString\]/.test(s))
                            bad.push(`${r.name}: ${s.slice(0, 120)}`);
                    }
                }
                assert.deepStrictEqual(bad, []);
                assert.ok(stack.resources.length > 100, "the whole graph was checked");
            });
        });
    }
}
