/**
 * The offline evaluator for the engine specs, in a process of its own (the SDK runtime is global
 * and the engine's inline program runs in the spec's process): reads
 * `{ stack, projectDir, stackReferences? }` as JSON from stdin, evaluates this checkout's program on
 * that project folder's stack file, and prints `{ resources }` as JSON.
 */
import "../../offline/defer-arborist"; // before @pulumi/pulumi: see the file
import * as fs from "fs";
import * as path from "path";
import { evaluateStack, REPO_ROOT } from "../../offline/evaluate";

interface Request {
    readonly stack: string;
    readonly projectDir: string;
    readonly stackReferences?: Record<string, Record<string, unknown>>;
}

async function main(): Promise<void> {
    const request = JSON.parse(fs.readFileSync(0, "utf8")) as Request;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(REPO_ROOT, "index.ts")) as () => unknown;
    const evaluated = await evaluateStack({ ...request, program });
    process.stdout.write(JSON.stringify({ resources: evaluated.resources }));
}

main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
});
