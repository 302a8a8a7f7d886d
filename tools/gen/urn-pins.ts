/**
 * Writes the URN set of each committed stack (tests/fixtures/urns/<stack>.txt, one URN a line,
 * sorted): what a deployed stack holds. A change to a file is a change to live stacks, so the
 * review sees it as lines: an added line is a resource `pulumi up` creates, a removed one a
 * resource it deletes (or replaces under a new URN, unless an alias keeps it). The pin test
 * (tests/unit/urn-pins.spec.ts) fails until the file is regenerated on purpose.
 *
 *   npm run gen:urns            write every stack's file
 *   npm run gen:urns -- --check exit 1 when a committed file is stale
 */
import * as fs from "fs";
import * as path from "path";
import { evaluateStack } from "../../offline/evaluate";
import type { EvaluatedStack } from "../../offline/evaluate";
import { discoverStacks } from "../plan/args";

const ROOT = path.resolve(__dirname, "..", "..");

export function urnPinPath(stack: string): string {
    return path.join(ROOT, "tests", "fixtures", "urns", `${stack}.txt`);
}

/** The pin file's text for an evaluated stack. */
export function urnPinText(stack: EvaluatedStack): string {
    return `${[...new Set(stack.resources.map((r) => r.urn))].sort().join("\n")}\n`;
}

async function main(): Promise<number> {
    const check = process.argv.includes("--check");
    let stale = 0;
    for (const name of discoverStacks()) {
        const file = urnPinPath(name);
        const wanted = urnPinText(await evaluateStack({ stack: name }));
        if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === wanted) continue;
        stale++;
        if (check) process.stderr.write(`${path.relative(ROOT, file)} is stale: npm run gen:urns\n`);
        else fs.writeFileSync(file, wanted);
    }
    if (!check) process.stdout.write(`URN pins written for ${discoverStacks().join(", ")}\n`);
    return check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
            process.exit(2);
        },
    );
}
