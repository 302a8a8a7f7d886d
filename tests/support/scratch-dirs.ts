/**
 * Temporary folders a suite creates and removes: call `scratchDirs(prefix)` in a `describe` body;
 * each `make()` is a fresh folder under the run's temporary directory, and the suite's `after`
 * hook removes every one, passed or failed (tests/support/run-hygiene.ts fails the run on any
 * folder left behind).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function scratchDirs(prefix: string): { make(): string } {
    const made: string[] = [];
    after(() => {
        for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });
    return {
        make() {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
            made.push(dir);
            return dir;
        },
    };
}
