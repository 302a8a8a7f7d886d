/**
 * Shared by the engine specs (npm run test:engine, never npm test): the CLI the script built, the
 * edit both sides apply, and the record of each run in .engine/<stack>.json for inspection.
 */
import * as fs from "fs";
import * as path from "path";
import { readStackConfig } from "../../offline/stack-config";
import { REPO_ROOT } from "../../tools/engine/harness";
import { patchServices, ServicePatches } from "../support/service-patches";

export const STACKS = ["dev", "test", "prod"] as const;

/** The `pulumi` binary tools/engine/test-engine.sh built (or found cached) for this run. */
export function pulumiBinary(): string {
    const bin = process.env.ENGINE_PULUMI_BIN;
    if (!bin || !fs.existsSync(bin)) {
        throw new Error("ENGINE_PULUMI_BIN is not a pulumi binary: run the engine specs with `npm run test:engine`");
    }
    return bin;
}

/** The committed stack file's services map with `patches` merged (a stack-config value for both sides). */
export function servicesEdit(stack: string, patches: ServicePatches): Record<string, unknown> {
    const text = readStackConfig(REPO_ROOT, stack).config["ecs-platform:services"];
    if (text === undefined) throw new Error(`Pulumi.${stack}.yaml has no ecs-platform:services`);
    return { "ecs-platform:services": patchServices(JSON.parse(text) as Record<string, unknown>, patches) };
}

/** The edit of the issue on `stack`: the BFF at twice its cpu and memory (a Fargate pair again) and an image tag. */
export function sizeAndImage(stack: string): ServicePatches {
    const services = JSON.parse(readStackConfig(REPO_ROOT, stack).config["ecs-platform:services"] ?? "{}") as Record<
        string,
        { cpu?: number; memory?: number }
    >;
    const bff = services.bff ?? {};
    if (bff.cpu === undefined || bff.memory === undefined)
        throw new Error(`Pulumi.${stack}.yaml: bff has no cpu/memory`);
    return { bff: { cpu: bff.cpu * 2, memory: bff.memory * 2, imageTag: "1.4.2" } };
}

const OUT_DIR = path.join(REPO_ROOT, ".engine");

/** Merges `entry` into .engine/<stack>.json (gitignored): what the engine did, next to the plan. */
export function record(stack: string, entry: Record<string, unknown>): void {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const file = path.join(OUT_DIR, `${stack}.json`);
    const before = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
    fs.writeFileSync(file, `${JSON.stringify({ ...before, stack, ...entry }, null, 2)}\n`);
}

/** Warnings and errors the engine printed (program warnings, plugin notices), for a failure message. */
export function diagnostics(events: readonly { diagnosticEvent?: { severity: string; message: string } }[]): string[] {
    return events
        .map((e) => e.diagnosticEvent)
        .filter((d): d is { severity: string; message: string } => d !== undefined)
        .filter((d) => d.severity === "warning" || d.severity === "error")
        .map((d) => `${d.severity}: ${d.message.trim()}`);
}
