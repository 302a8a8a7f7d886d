/**
 * Entry of the stub provider plugins (tools/engine/bin/pulumi-resource-{aws,random}): serves the
 * stub for the package named by the first argument over the SDK's provider server, which prints
 * the port the engine connects to. The version is the installed SDK's, the one the program asks
 * the engine for, so the engine takes the stub for the plugin it would otherwise download.
 */
import { main } from "@pulumi/pulumi/provider";
import { stubProvider } from "./provider";

const [pkg, ...engineArgs] = process.argv.slice(2);
const SDKS: Record<string, string> = { aws: "@pulumi/aws", random: "@pulumi/random" };
const sdk = pkg === undefined ? undefined : SDKS[pkg];
if (sdk === undefined) {
    process.stderr.write(`usage: serve.ts aws|random <engine address>\n`);
    process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const version: string = require(`${sdk}/package.json`).version;
// The harness (tools/engine/harness.ts) passes the program's component renames.
const typeRenames = new Map(
    Object.entries(JSON.parse(process.env.ENGINE_STUB_TYPE_RENAMES ?? "{}") as Record<string, string>),
);
main(stubProvider({ pkg, version, typeRenames }), engineArgs).catch((e: unknown) => {
    process.stderr.write(`stub ${pkg} provider: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
});
