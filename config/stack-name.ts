/**
 * The stack name becomes part of resource names (`ecs-platform-<stack>/app` repositories, the
 * cluster, log groups, `/ecs-platform/<stack>/` parameters, the database's final snapshot), so it
 * must be valid in the strictest of them before anything is registered. Pulumi itself allows
 * `[A-Za-z0-9_.-]`, up to 100 characters.
 *
 * - ECR repository names are lower case, with `.`, `_` or `-` only between letters and digits
 *   (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html);
 * - RDS snapshot identifiers take letters, digits and single hyphens, start with a letter and do not
 *   end with a hyphen (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html).
 */

/** Lower-case letters and digits, single hyphens between them, starting with a letter. */
export const STACK_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Longest stack name: keeps `ecs-platform-<stack>-agentcore` style names well inside every limit (cluster 255, family 255). */
export const STACK_NAME_MAX_LENGTH = 40;

/** Why `stack` cannot name resources, or undefined when it can. */
export function stackNameProblem(stack: string): string | undefined {
    if (stack.length > STACK_NAME_MAX_LENGTH) {
        return `is ${stack.length} characters; allowed: at most ${STACK_NAME_MAX_LENGTH}`;
    }
    if (STACK_NAME.test(stack)) return undefined;
    const lower = stack
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    const hint = STACK_NAME.test(lower) ? `; e.g. "${lower}"` : "";
    return (
        "cannot be used in resource names (ECR repositories, the database's final snapshot); allowed: " +
        `lower-case letters, digits and single hyphens, starting with a letter${hint}`
    );
}
