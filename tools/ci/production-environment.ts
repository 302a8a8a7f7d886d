/**
 * Before the prod job of .github/workflows/deploy.yml enters the `production` environment: GitHub
 * creates a missing environment on first use with no protection at all, so the approval gate the
 * workflow relies on would silently vanish. This reads the environment as the REST API returns it
 * (GET /repos/{owner}/{repo}/environments/production, https://docs.github.com/rest/deployments/environments#get-an-environment;
 * needs `actions: read`) on stdin and fails loudly unless it exists with at least one required
 * reviewer and deployments limited to protected branches or a branch policy.
 *
 * Usage: gh api repos/$GITHUB_REPOSITORY/environments/production | node -r ts-node/register tools/ci/production-environment.ts
 */
import * as fs from "fs";

interface ProtectionRule {
    type?: string;
    reviewers?: unknown[];
}
interface Environment {
    name?: string;
    protection_rules?: ProtectionRule[];
    deployment_branch_policy?: { protected_branches?: boolean; custom_branch_policies?: boolean } | null;
}

/** What is missing from the environment's protection; empty when it is protected. */
export function environmentProblems(text: string): string[] {
    let env: Environment;
    try {
        env = JSON.parse(text) as Environment;
    } catch {
        return ["the environment `production` does not exist or could not be read (the API answer is not JSON)"];
    }
    if (env === null || typeof env !== "object" || env.name !== "production") {
        return ["the environment `production` does not exist (GitHub would create it unprotected)"];
    }
    const problems: string[] = [];
    const reviewers = (env.protection_rules ?? [])
        .filter((r) => r.type === "required_reviewers")
        .reduce((n, r) => n + (r.reviewers?.length ?? 0), 0);
    if (reviewers === 0) problems.push("`production` has no required reviewers: nobody approves a prod deploy");
    const branches = env.deployment_branch_policy;
    if (!branches || (!branches.protected_branches && !branches.custom_branch_policies)) {
        problems.push("`production` accepts deployments from any branch: limit it to main");
    }
    return problems;
}

if (require.main === module) {
    const problems = environmentProblems(fs.readFileSync(0, "utf8"));
    for (const p of problems) console.log(`::error::${p}; see docs/deployment.md#the-production-environment`);
    if (problems.length === 0) console.log("production: required reviewers and a branch policy are configured");
    process.exit(problems.length > 0 ? 1 : 0);
}
