/**
 * The action pins this repository trusts, each checked against the action's own repository: the
 * tag named in the `# vX.Y.Z` comment resolves to exactly this commit (`git rev-parse
 * <tag>^{commit}` and `git tag --points-at <sha>` in a clone of the repository), and `inputs` are
 * the keys of that commit's action.yml. Checked 2026-11-27 (actions/cache: 2026-12-07) against
 * snapshots whose newest commits are listed per action; a newer release needs the same check
 * before its pin goes here.
 *
 * Two earlier pins did not survive the check: `actions/upload-artifact@043fb46d… # v7.0.1` (no such
 * commit or tag in actions/upload-artifact; its newest release is v7.0.0) and
 * `aws-actions/configure-aws-credentials@e1253824… # v6.3.0` (no such commit or tag; the newest
 * release, also on main's package.json, is v6.2.3).
 */

export interface VerifiedPin {
    readonly action: string;
    readonly sha: string;
    readonly version: string;
    /** Where the pin was checked, and how. */
    readonly source: string;
    /** The input names of that version's action.yml. */
    readonly inputs: readonly string[];
}

const checked = (repo: string, version: string, newest: string) =>
    `https://github.com/${repo}: tag ${version} -> this commit (git rev-parse ${version}^{commit}); snapshot up to ${newest}`;

export const VERIFIED_PINS: readonly VerifiedPin[] = [
    {
        action: "actions/checkout",
        sha: "df4cb1c069e1874edd31b4311f1884172cec0e10",
        version: "v6.0.3",
        source: checked("actions/checkout", "v6.0.3", "2026-07-22"),
        inputs: [
            "repository",
            "ref",
            "token",
            "ssh-key",
            "ssh-known-hosts",
            "ssh-strict",
            "ssh-user",
            "persist-credentials",
            "path",
            "clean",
            "filter",
            "sparse-checkout",
            "sparse-checkout-cone-mode",
            "fetch-depth",
            "fetch-tags",
            "show-progress",
            "lfs",
            "submodules",
            "set-safe-directory",
            "github-server-url",
        ],
    },
    {
        action: "actions/setup-node",
        sha: "48b55a011bda9f5d6aeb4c2d9c7362e8dae4041e",
        version: "v6.4.0",
        source: checked("actions/setup-node", "v6.4.0", "2026-08-18"),
        inputs: [
            "node-version",
            "node-version-file",
            "architecture",
            "check-latest",
            "registry-url",
            "scope",
            "token",
            "cache",
            "package-manager-cache",
            "cache-dependency-path",
            "mirror",
            "mirror-token",
        ],
    },
    {
        action: "actions/cache",
        sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae",
        version: "v5.0.5",
        source: checked("actions/cache", "v5.0.5", "2026-04-13"),
        inputs: [
            "path",
            "key",
            "restore-keys",
            "upload-chunk-size",
            "enableCrossOsArchive",
            "fail-on-cache-miss",
            "lookup-only",
            "save-always",
        ],
    },
    {
        action: "actions/upload-artifact",
        sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
        version: "v7.0.0",
        source: checked("actions/upload-artifact", "v7.0.0", "2026-03-01"),
        inputs: [
            "name",
            "path",
            "if-no-files-found",
            "retention-days",
            "compression-level",
            "overwrite",
            "include-hidden-files",
            "archive",
        ],
    },
    {
        action: "actions/download-artifact",
        sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
        version: "v8.0.1",
        source: checked("actions/download-artifact", "v8.0.1", "2026-05-04"),
        inputs: [
            "name",
            "artifact-ids",
            "path",
            "pattern",
            "merge-multiple",
            "github-token",
            "repository",
            "run-id",
            "skip-decompress",
            "digest-mismatch",
        ],
    },
    {
        action: "actions/github-script",
        sha: "ed597411d8f924073f98dfc5c65a23a2325f34cd",
        version: "v8.0.0",
        source: checked("actions/github-script", "v8.0.0", "2025-09-04"),
        inputs: [
            "script",
            "github-token",
            "debug",
            "user-agent",
            "previews",
            "result-encoding",
            "retries",
            "retry-exempt-status-codes",
            "base-url",
        ],
    },
    {
        action: "aws-actions/configure-aws-credentials",
        sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
        version: "v6.2.3",
        source: checked("aws-actions/configure-aws-credentials", "v6.2.3", "2026-08-18"),
        inputs: [
            "aws-region",
            "aws-profile",
            "overwrite-aws-profile",
            "role-to-assume",
            "aws-access-key-id",
            "aws-secret-access-key",
            "aws-session-token",
            "web-identity-token-file",
            "role-chaining",
            "audience",
            "http-proxy",
            "no-proxy",
            "mask-aws-account-id",
            "role-duration-seconds",
            "role-external-id",
            "role-session-name",
            "role-skip-session-tagging",
            "transitive-tag-keys",
            "inline-session-policy",
            "managed-session-policies",
            "output-credentials",
            "output-env-credentials",
            "unset-current-credentials",
            "disable-retry",
            "retry-max-attempts",
            "special-characters-workaround",
            "use-existing-credentials",
            "allowed-account-ids",
            "force-skip-oidc",
            "action-timeout-s",
            "custom-tags",
            "sts-endpoint",
        ],
    },
    {
        action: "pulumi/auth-actions",
        sha: "141415910c3beb54e03b48e9057c204c97b956f2",
        version: "v2.1.0",
        source: checked("pulumi/auth-actions", "v2.1.0", "2026-05-30"),
        inputs: [
            "organization",
            "requested-token-type",
            "scope",
            "token-expiration",
            "export-environment-variables",
            "cloud-url",
        ],
    },
    {
        action: "pulumi/actions",
        sha: "8e5e406f4007fca908480587cb9893c07090f58d",
        version: "v7.0.0",
        source: checked("pulumi/actions", "v7.0.0", "2026-07-02"),
        inputs: [
            "command",
            "stack-name",
            "pulumi-version",
            "pulumi-version-file",
            "work-dir",
            "comment-on-pr",
            "comment-on-pr-number",
            "comment-on-summary",
            "github-token",
            "cloud-url",
            "secrets-provider",
            "parallel",
            "message",
            "config-map",
            "expect-no-changes",
            "diff",
            "replace",
            "exclude",
            "exclude-dependents",
            "target",
            "target-dependents",
            "policyPacks",
            "policyPackConfigs",
            "refresh",
            "upsert",
            "remove",
            "edit-pr-comment",
            "color",
            "exclude-protected",
            "plan",
            "suppress-outputs",
            "suppress-progress",
            "always-include-summary",
            "continue-on-error",
            "log-verbosity",
            "log-flow",
            "debug",
        ],
    },
];

/**
 * Every `uses:` of a workflow text that is not one of the verified pins (action, SHA and version
 * comment together), and every `with:` key its pinned version does not declare.
 */
export function unverifiedPinViolations(
    text: string,
    steps: readonly { uses?: string; with?: Record<string, unknown> }[],
    pins: readonly VerifiedPin[] = VERIFIED_PINS,
): string[] {
    const violations: string[] = [];
    for (const line of text.split("\n")) {
        const m = /^\s*(?:-\s+)?uses:\s*["']?([^\s"'#@]+)@([^\s"'#]+)["']?\s*(?:#\s*(\S+))?/.exec(line);
        if (!m || m[1].startsWith("./")) continue;
        const [, action, ref, comment] = m;
        const pin = pins.find((p) => p.action === action && p.sha === ref);
        if (!pin) violations.push(`${action}@${ref}: not a verified pin`);
        else if (pin.version !== comment)
            violations.push(`${action}@${ref}: comment ${comment} but the commit is ${pin.version}`);
    }
    for (const step of steps) {
        const [action, ref] = (step.uses ?? "").split("@");
        const pin = pins.find((p) => p.action === action && p.sha === ref);
        if (!pin) continue;
        for (const key of Object.keys(step.with ?? {})) {
            if (!pin.inputs.includes(key)) violations.push(`${action} ${pin.version} has no input "${key}"`);
        }
    }
    return violations;
}
