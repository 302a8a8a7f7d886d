/**
 * Trust statements for web identities (sts:AssumeRoleWithWebIdentity): who, among everyone the
 * identity provider issues tokens to, may assume the role.
 *
 * - An IAM OIDC provider (`Federated: arn:aws:iam::<account>:oidc-provider/<host>`) issues tokens to
 *   every workload of its issuer: every GitHub repository for token.actions.githubusercontent.com.
 *   The audience (`<host>:aud`, "sts.amazonaws.com" for GitHub) is the same for all of them, so only
 *   a subject condition (`<host>:sub`) keeps other people's workflows out. AWS and GitHub both say
 *   so: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html,
 *   https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * - Amazon Cognito identity pools (`Federated: cognito-identity.amazonaws.com`) put the identity
 *   pool id in `aud`; `amr` only says authenticated or not. So for Cognito the pool is pinned by a
 *   `cognito-identity.amazonaws.com:aud` condition, and without it users of any identity pool can
 *   assume the role: https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html,
 *   https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools-security-best-practices.html
 *
 * Only positive operators pin anything: StringEquals/StringLike (IgnoreCase, ForAnyValue:). The
 * `...IfExists` and `ForAllValues:` forms are true when the claim is absent, so they are not counted
 * (https://github.com/aws-actions/configure-aws-credentials#claims-and-scoping-permissions).
 * Wildcards mean something only under StringLike; under StringEquals "*" is a literal.
 */
import { NormalisedStatement, statementGrants } from "./iam-document";
import type { Findings } from "./iam-checks";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
const OIDC_PROVIDER = /^arn:[^:]*:iam::[^:]*:oidc-provider\/(.+)$/i;
const COGNITO = /^cognito-identity(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/i;
const COGNITO_AUD = /^cognito-identity[a-z0-9.-]*:aud$/i;
const GITHUB_ISSUER = /^token\.actions\.githubusercontent\.com(\/|:|$)/i;
const PINNING_OPERATOR = /^(ForAnyValue:)?String(Equals|Like)(IgnoreCase)?$/i;

/** Whether a condition value leaves the claim open: everything, or a claim name followed by only wildcards. */
function isOpen(value: string, like: boolean, github: boolean): boolean {
    if (!like) return false;
    const cut = value.search(/[*?]/);
    if (cut < 0) return false;
    const literal = value.slice(0, cut);
    // "*", "repo:*", "system:*": nothing after the claim name is pinned.
    if (/^[^:]*:?$/.test(literal)) return true;
    // GitHub's default subject is repo:<owner>/<repo>:<context>; an owner that is not pinned in full
    // (repo:acme* also matches repo:acme-evil/...) lets other accounts' repositories in.
    return github && /^repo:/i.test(literal) && !/^repo:[^/]+\//i.test(literal);
}

/** True when some positive condition on a key `keyMatches` accepts has values, none of them open. */
function pinned(s: NormalisedStatement, keyMatches: (key: string) => boolean): boolean {
    return Object.entries(s.conditions).some(
        ([operator, block]) =>
            PINNING_OPERATOR.test(operator) &&
            Object.entries(block).some(
                ([key, values]) =>
                    keyMatches(key) &&
                    values.length > 0 &&
                    values.every((v) => !isOpen(v, /Like/i.test(operator), GITHUB_ISSUER.test(key))),
            ),
    );
}

/** IAM-07c: web-identity trust pins the subject (OIDC) or the identity pool (Cognito). */
export function federatedTrustFindings(s: NormalisedStatement): Findings {
    const f: Findings = { violations: [], pending: [] };
    if (s.effect !== "Allow") return f;
    const federated = s.principals.filter((p) => p.kind === "Federated").map((p) => p.value);
    const principalUnknown = s.unknown.includes("Principal");
    if (federated.length === 0 && !principalUnknown) return f;
    const grants = statementGrants(s, WEB_IDENTITY);
    if (grants === "unknown") f.pending.push(s.present.includes("NotAction") ? "NotAction" : "Action");
    if (grants !== true) return f;
    const problems: string[] = [];
    for (const value of federated) {
        const oidc = OIDC_PROVIDER.exec(value);
        if (oidc) {
            const host = oidc[1].toLowerCase();
            const github = GITHUB_ISSUER.test(host);
            if (!pinned(s, (k) => k.toLowerCase() === `${host}:sub`)) {
                problems.push(
                    `trusts ${github ? "the GitHub Actions OIDC provider" : "an OIDC provider"} without a ` +
                        "sub condition that pins the subject (an audience condition alone admits every token of the issuer)",
                );
            }
        } else if (COGNITO.test(value) && !pinned(s, (k) => COGNITO_AUD.test(k))) {
            problems.push(
                "trusts Amazon Cognito identity pools without a cognito-identity.amazonaws.com:aud condition " +
                    "naming the identity pool",
            );
        }
    }
    // A provider ARN not known yet (an output of this stack): some subject or pool must be pinned.
    if (federated.length === 0 && principalUnknown) {
        const anySub = pinned(s, (k) => /:sub$/i.test(k));
        if (!anySub && !pinned(s, (k) => COGNITO_AUD.test(k))) {
            problems.push("trusts a web identity provider without a sub (or Cognito aud) condition");
        }
    }
    if (problems.length > 0 && s.unknown.includes("Condition")) f.pending.push("Condition");
    else f.violations.push(...problems);
    return f;
}
