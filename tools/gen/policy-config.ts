/**
 * Writes each stack's policy config (policy-pack/config/<stack>.json, what `pulumi preview
 * --policy-pack-config` and a Pulumi Cloud policy group take) from its stack file's services map:
 * the security-group tier map and the task-role allowlists (policy-pack/lib/service-policy-config.ts).
 * Keys of other policies in the file are kept.
 *
 *   npm run gen:policy-config            write every stack's file
 *   npm run gen:policy-config -- --check exit 1 when a committed file is stale
 */
import * as fs from "fs";
import * as path from "path";
import { parsePlatformConfig } from "../../config/load";
import { packConfigFor } from "../../policy-pack/lib/service-policy-config";
import { readStackConfig } from "../../offline/stack-config";
import { discoverStacks } from "../plan/args";
import { packServicesOf } from "../plan/services";

const ROOT = path.resolve(__dirname, "..", "..");

/** The file's text a stack's config derives, keeping other policies' keys of `current`. */
export function derivedPolicyConfig(stack: string, current: Record<string, unknown> = {}): string {
    const { config } = readStackConfig(ROOT, stack);
    const cfg = parsePlatformConfig(config, stack);
    return `${JSON.stringify({ ...current, ...packConfigFor(packServicesOf(cfg.services)) }, null, 4)}\n`;
}

export function policyConfigPath(stack: string): string {
    return path.join(ROOT, "policy-pack", "config", `${stack}.json`);
}

function main(): number {
    const check = process.argv.includes("--check");
    let stale = 0;
    for (const stack of discoverStacks()) {
        const file = policyConfigPath(stack);
        const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "{}";
        const wanted = derivedPolicyConfig(stack, JSON.parse(text) as Record<string, unknown>);
        if (wanted === text) continue;
        stale++;
        if (check) process.stderr.write(`${path.relative(ROOT, file)} is stale: npm run gen:policy-config\n`);
        else fs.writeFileSync(file, wanted);
    }
    if (!check) process.stdout.write(`policy config written for ${discoverStacks().join(", ")}\n`);
    return check && stale > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main());
