/** The errors an evaluation collects, as the tests and the plan print them: one line each, no repeats. */
import * as pulumi from "@pulumi/pulumi";

/** A ResourceError names its component (type and name); anything thrown becomes an Error. */
export function asError(e: unknown): Error {
    if (pulumi.ResourceError.isInstance(e) && e.resource !== undefined) {
        const component = e.resource as unknown as { __pulumiType?: string; __name?: string };
        return new Error(`${component.__pulumiType} (${component.__name}): ${e.message}`);
    }
    return e instanceof Error ? e : new Error(String(e));
}

/** The errors without repeats of the same message (a failed apply rejects every dependant). */
export function dedupe(errors: Error[]): Error[] {
    const seen = new Set<string>();
    return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}
