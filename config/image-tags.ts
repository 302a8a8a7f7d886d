/**
 * Which image tags are disposable. One home for the prefixes the repository lifecycle rules
 * expire (components/storage.ts) and the config refuses as `imageTag` (config/schema.ts), so a
 * tag a stack deploys can never match an expiring rule: a Spot replacement or a scale-out months
 * later still pulls the image the service runs.
 *
 * ECR lifecycle rules select tagged images by tag prefix (`tagPrefixList`) and act on the whole
 * image: an image is expired when any of its tags matches, taking its other tags with it
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html). So a release
 * must be pushed under its own tag, not by adding a release tag to a `ci-` image (docs/deployment.md).
 */

/** Tags CI pushes for branches and pull requests; never deployed. */
export const DISPOSABLE_TAG_PREFIXES = ["ci-", "pr-"] as const;

/** Days a disposable (CI) image survives after its push. */
export const DISPOSABLE_TAG_EXPIRY_DAYS = 14;

/** Days an untagged image (a layer left behind by a re-push or failed build) survives. */
export const UNTAGGED_EXPIRY_DAYS = 7;

/** The disposable prefix `tag` starts with, or undefined. */
export function disposablePrefixOf(tag: string): string | undefined {
    return DISPOSABLE_TAG_PREFIXES.find((p) => tag.startsWith(p));
}
