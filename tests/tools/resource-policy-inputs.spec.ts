/**
 * The generator that derives every resource-policy input from the provider's declarations: the
 * committed data module matches the installed @pulumi/aws, each entry names a real SDK class, the
 * named types are in and the look-alike inputs out, and a resource type the provider adds
 * (a synthetic .d.ts) is covered by the pack after regeneration alone.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
// Loaded at run time only: a type import of the package root would put all ~700,000 lines of its
// declarations into the type-check of \`npm test\` (components/aws.ts imports module by module).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aws = require("@pulumi/aws") as Record<string, any>;
import {
    OUTPUT_PATH,
    PolicyInput,
    PROVIDER_ROOT,
    providerVersion,
    render,
    scanProvider,
} from "../../tools/gen/resource-policy-inputs";
import { RESOURCE_POLICY_INPUTS } from "../../policy-pack/lib/resource-policy-inputs";
import { noPublicAccess, noPublicResourcePolicy } from "../../policy-pack/resource-policies";
import { expectClean, expectViolations, res, run } from "../policy-pack/policy-test-kit";

type Sdk = Record<string, Record<string, { __pulumiType?: string } | undefined>>;

describe("tools/gen/resource-policy-inputs: resource-policy inputs derived from @pulumi/aws", function () {
    this.timeout(60_000);
    let scanned: PolicyInput[] = [];
    before(() => {
        scanned = scanProvider(PROVIDER_ROOT);
    });
    const has = (list: readonly { token: string; input: string }[], sdk: string, input: string) => {
        const [module, name] = sdk.split(".");
        const token = (aws as unknown as Sdk)[module]?.[name]?.__pulumiType;
        assert.ok(token, `aws.${sdk} does not exist`);
        return list.some((e) => e.token === token && e.input === input);
    };

    it("the committed data module is what the generator writes for the installed provider", async () => {
        const fresh = await render(scanned, providerVersion(PROVIDER_ROOT));
        assert.ok(
            fresh === fs.readFileSync(OUTPUT_PATH, "utf8"),
            "policy-pack/lib/resource-policy-inputs.ts is stale: run npm run gen:resource-policies",
        );
    });

    it("every entry is a class of the SDK with that type token", () => {
        assert.ok(RESOURCE_POLICY_INPUTS.length >= 60, `only ${RESOURCE_POLICY_INPUTS.length} inputs`);
        for (const e of RESOURCE_POLICY_INPUTS) {
            const [module, name] = e.sdk.split(".");
            assert.strictEqual((aws as unknown as Sdk)[module]?.[name]?.__pulumiType, e.token, e.sdk);
        }
    });

    it("finds the named resource policies, typed or plain-string", () => {
        for (const [sdk, input] of [
            ["s3.BucketPolicy", "policy"],
            ["s3.Bucket", "policy"],
            ["s3.BucketV2", "policy"],
            ["sqs.QueuePolicy", "policy"],
            ["sqs.Queue", "policy"],
            ["sns.TopicPolicy", "policy"],
            ["sns.Topic", "policy"],
            ["secretsmanager.SecretPolicy", "policy"],
            ["secretsmanager.Secret", "policy"],
            ["kms.Key", "policy"],
            ["kms.KeyPolicy", "policy"],
            ["kms.ReplicaKey", "policy"],
            ["ecr.RepositoryPolicy", "policy"],
            ["ecrpublic.RepositoryPolicy", "policy"],
            ["lambda.ResourcePolicy", "policy"],
            ["opensearch.DomainPolicy", "accessPolicies"],
            ["elasticsearch.Domain", "accessPolicies"],
            ["cloudwatch.LogResourcePolicy", "policyDocument"],
            ["efs.FileSystemPolicy", "policy"],
            ["glacier.Vault", "accessPolicy"],
        ]) {
            assert.ok(has(scanned, sdk, input), `${sdk}.${input} missing`);
        }
    });

    it("leaves out trust, identity, lifecycle, redrive, delivery and data-protection documents", () => {
        for (const [sdk, input] of [
            ["iam.Role", "assumeRolePolicy"], // a trust policy: iam-locations reads it as kind "trust"
            ["iam.RolePolicy", "policy"],
            ["ecr.LifecyclePolicy", "policy"],
            ["sns.DataProtectionPolicy", "policy"],
            ["sqs.Queue", "redrivePolicy"],
            ["sqs.Queue", "redriveAllowPolicy"],
            ["sns.Topic", "deliveryPolicy"],
            ["sns.TopicSubscription", "filterPolicy"],
            ["transfer.User", "policy"], // a session policy: no Principal
            ["opensearch.ServerlessSecurityPolicy", "policy"],
        ]) {
            assert.ok(!has(scanned, sdk, input), `${sdk}.${input} should not be a resource policy`);
        }
    });

    it("marks endpoint policies, and only those", () => {
        const endpoints = RESOURCE_POLICY_INPUTS.filter((e) => e.endpoint).map((e) => e.sdk);
        assert.deepStrictEqual(endpoints, ["ec2.VpcEndpoint", "ec2.VpcEndpointPolicy"]);
    });

    describe("a resource type the provider adds is covered with no code change", () => {
        let dir = "";
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-aws-"));
            const write = (file: string, text: string) => {
                fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
                fs.writeFileSync(path.join(dir, file), text);
            };
            write("package.json", JSON.stringify({ version: "99.0.0" }));
            write(
                "widgets/widgetPolicy.d.ts",
                resourceDts("WidgetPolicy", "policy", "string | inputs.widgets.PolicyDocument", "The policy."),
            );
            write(
                "widgets/gizmo.d.ts",
                resourceDts("Gizmo", "accessPolicy", "string | undefined", "A resource-based policy document in JSON."),
            );
            write(
                "widgets/gizmoRetention.d.ts",
                resourceDts("GizmoRetention", "retentionPolicy", "string", "A resource policy of rules.", [
                    'const r = new aws.widgets.GizmoRetention("r", {',
                    "    retentionPolicy: JSON.stringify({rules: [{rulePriority: 1}]}),",
                    "});",
                ]),
            );
            write(
                "iam/role.d.ts",
                resourceDts("Role", "assumeRolePolicy", "string | inputs.iam.PolicyDocument", "Trust."),
            );
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("the generator finds the typed and the documented input, not the vetoed one or iam", async () => {
            const found = scanProvider(dir);
            assert.deepStrictEqual(
                found.map((e) => `${e.module}.${e.className}.${e.input}:${e.evidence.join("+")}`),
                ["widgets.Gizmo.accessPolicy:documented", "widgets.WidgetPolicy.policy:typed"],
            );
            const text = await render(found, providerVersion(dir));
            assert.ok(text.includes("@pulumi/aws 99.0.0") && text.includes('sdk: "widgets.WidgetPolicy"'));
        });

        it("the pack built from the regenerated data flags a public grant on the new types", () => {
            const data = scanProvider(dir).map((e) => ({
                sdk: `${e.module}.${e.className}`,
                token: e.token,
                input: e.input,
                evidence: e.evidence,
            }));
            const policy = noPublicResourcePolicy(data);
            const open = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "w:Get" }] };
            const pinned = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: "123456789012" }, Action: "w:Get" }],
            };
            for (const e of data) {
                const resource = (doc: unknown) => res(e.token, "new", { [e.input]: doc });
                expectViolations(run(policy, resource(open)), 1);
                expectClean(run(policy, resource(JSON.stringify(pinned))));
                // The committed data knows nothing of these types: coverage comes from the data alone.
                assert.strictEqual(run(noPublicAccess, resource(open)).violations.length, 0);
            }
        });
    });
});

/** A minimal declaration file in the provider's layout: a CustomResource and its Args interface. */
function resourceDts(name: string, input: string, type: string, doc: string, example: string[] = []): string {
    const exampleDoc = example.length ? [" * ```typescript", ...example.map((l) => ` * ${l}`), " * ```"] : [];
    return [
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as inputs from "../types/input";',
        "/**",
        ` * A ${name}.`,
        ...exampleDoc,
        " */",
        `export declare class ${name} extends pulumi.CustomResource {`,
        `    readonly ${input}: pulumi.Output<string>;`,
        "}",
        `export interface ${name}Args {`,
        `    /**`,
        `     * ${doc}`,
        `     */`,
        `    ${input}: pulumi.Input<${type}>;`,
        "}",
        "",
    ].join("\n");
}
