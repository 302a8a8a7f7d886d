/**
 * Generates docs/policies.md from the policy registry (policy-pack/policies.ts): one table row per
 * policy from its metadata, plus the hand-written sections (run, publish, enable, configure,
 * advisory findings per stack), which live here as templates so regeneration is idempotent and
 * the registry test can compare the file with a fresh rendering.
 *
 *   npm run docs:policies            write docs/policies.md
 *   npm run docs:policies -- --check exit 1 when docs/policies.md is stale
 */
import * as fs from "fs";
import * as path from "path";
import { POLICY_AREAS, type PlatformPolicy, type PolicyArea } from "../../policy-pack/lib/define-policy";

export const DOCS_PATH = path.resolve(__dirname, "../../docs/policies.md");
export const REGENERATE_COMMAND = "npm run docs:policies";

const AREA_TITLES: Readonly<Record<PolicyArea, string>> = {
    network: "security groups, network ACLs and network exposure",
    iam: "IAM documents, roles and attachments",
    ecs: "ECS services, task definitions, containers, cluster",
    alb: "load balancer and public entry",
    edge: "CloudFront distributions, VPC origins, WAF and viewer TLS",
    logs: "CloudWatch log groups",
    ecr: "ECR repositories and images",
    ssm: "SSM parameters",
    data: "RDS-family data stores and S3",
    limits: "AWS deploy-time limits",
};

/**
 * Advisory findings the pack reports on the stacks as they are, each accepted with a reason.
 * tests/policy-pack/stacks.spec.ts asserts that the pack reports exactly these (stack, policy,
 * resource) triples: a new advisory finding, or one that disappears, fails it until this list
 * (and so docs/policies.md) is updated. `resource` is the logical name, or "(stack)".
 */
export interface AcceptedAdvisoryFinding {
    readonly stack: "dev" | "test" | "prod";
    readonly policy: string;
    readonly resource: string;
    readonly reason: string;
}

const HTTP_WITHOUT_CERTIFICATE =
    "No `edge.certificateArn` is configured, so viewers get TLS from CloudFront and the internal ALB listens on HTTP 80 " +
    "only, reached through the CloudFront VPC origin inside AWS's network (origin-facing prefix list, origin-verify " +
    "header); its default action is a 404, the BFF rule forwards. Set a certificate and the listener becomes HTTPS 443 " +
    "with an HTTP redirect.";
const DEFAULT_CLOUDFRONT_CERTIFICATE =
    "No `edge.domain` is configured, so viewers use the *.cloudfront.net name, whose certificate CloudFront pins to the " +
    "TLSv1 policy (nothing can raise it). Configure a domain for a TLSv1.2_2021 minimum (docs/edge.md).";
const LOG_GROUPS_WITHOUT_CMK =
    "CloudWatch Logs encrypts every log group at rest with a service key; a customer managed key adds a key policy " +
    "for the logs service and a per-request KMS cost. Advisory by design (severity low).";
const NO_DELETION_PROTECTION_OUTSIDE_PROD =
    "dev and test databases are disposable and must be destroyable by `pulumi destroy`; prod sets deletionProtection " +
    "(environment == prod).";

export const ACCEPTED_ADVISORY_FINDINGS: readonly AcceptedAdvisoryFinding[] = (
    ["dev", "test", "prod"] as const
).flatMap((stack) => [
    { stack, policy: "alb-listener-https", resource: "edge-http", reason: HTTP_WITHOUT_CERTIFICATE },
    { stack, policy: "log-group-kms", resource: "bff-logs", reason: LOG_GROUPS_WITHOUT_CMK },
    { stack, policy: "log-group-kms", resource: "agentcore-logs", reason: LOG_GROUPS_WITHOUT_CMK },
    { stack, policy: "log-group-kms", resource: "edge-waf-logs", reason: LOG_GROUPS_WITHOUT_CMK },
    {
        stack,
        policy: "cloudfront-default-certificate-tls",
        resource: "edge-cdn",
        reason: DEFAULT_CLOUDFRONT_CERTIFICATE,
    },
    ...(stack === "prod"
        ? []
        : [
              {
                  stack,
                  policy: "rds-hygiene",
                  resource: "database-instance",
                  reason: NO_DELETION_PROTECTION_OUTSIDE_PROD,
              },
          ]),
]);

/** Markdown-safe single-line cell. */
function cell(text: string): string {
    return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").trim();
}

function kindOf(p: PlatformPolicy): string {
    return "validateStack" in p ? "stack" : "resource";
}

function policyTable(policies: readonly PlatformPolicy[]): string {
    const rows = policies.map((p) => {
        const m = p.metadata;
        return `| \`${m.name}\` | ${m.area} | ${kindOf(p)} | ${m.severity} | ${m.enforcementLevel} | ${cell(
            m.description,
        )} | ${cell(m.why)} | ${cell(m.anchors.join(", "))} |`;
    });
    return [
        "| Policy | Area | Kind | Severity | Default level | What it checks | Why | Equivalent scanner rules |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
    ].join("\n");
}

function summary(policies: readonly PlatformPolicy[]): string {
    const lines = POLICY_AREAS.map((area) => {
        const inArea = policies.filter((p) => p.metadata.area === area);
        const mandatory = inArea.filter((p) => p.metadata.enforcementLevel === "mandatory").length;
        return `| ${area} | ${AREA_TITLES[area]} | ${inArea.length} | ${mandatory} |`;
    });
    const mandatory = policies.filter((p) => p.metadata.enforcementLevel === "mandatory").length;
    return [
        `${policies.length} policies, ${mandatory} of them mandatory by default.`,
        "",
        "| Area | Covers | Policies | Mandatory |",
        "| --- | --- | --- | --- |",
        ...lines,
    ].join("\n");
}

function remediation(policies: readonly PlatformPolicy[]): string {
    return policies
        .map((p) => {
            const m = p.metadata;
            const options = Object.keys(m.config ?? {});
            const optionText = options.length > 0 ? ` Options: ${options.map((o) => `\`${o}\``).join(", ")}.` : "";
            // The anchor the plan's PR comment links each finding to (tools/plan/markdown.ts policyAnchor).
            return `- <a id="policy-${m.name}"></a>**\`${m.name}\`**: ${cell(m.remediationSteps)}${optionText}`;
        })
        .join("\n");
}

function advisoryTable(findings: readonly AcceptedAdvisoryFinding[]): string {
    if (findings.length === 0) return "None: the pack reports no advisory finding on any stack.";
    return [
        "| Stack | Policy | Resource | Reason it is accepted |",
        "| --- | --- | --- | --- |",
        ...findings.map((f) => `| ${f.stack} | \`${f.policy}\` | \`${f.resource}\` | ${cell(f.reason)} |`),
    ].join("\n");
}

const HOW_TO_RUN = `## Running it locally

The pack runs with any backend (including the self-managed one), no Pulumi Cloud account needed:

\`\`\`sh
npm ci                       # installs the program and the pack (an npm workspace)
pulumi preview --policy-pack policy-pack --policy-pack-config policy-pack/config/<stack>.json
pulumi up      --policy-pack policy-pack --policy-pack-config policy-pack/config/<stack>.json
\`\`\`

A \`mandatory\` violation fails the preview or update; an \`advisory\` one is printed and the update
goes on. Offline, without the CLI or an AWS account, \`npm run plan -- --stack <stack>\` evaluates the
stack and prints the pack's verdict (the pack runs in-process, as the analyzer would run it).`;

const HOW_TO_PUBLISH = `## Publishing to Pulumi Cloud

\`\`\`sh
cd policy-pack
pulumi policy publish <org>
\`\`\`

The version comes from \`policy-pack/package.json\`; publishing the same version twice fails, so bump it
with every change. The CLI starts the pack to read its metadata (names, levels, config schemas) and
uploads the folder; everything the pack imports lives inside \`policy-pack/\`.`;

const HOW_TO_ENABLE = `## Enabling it for a policy group

\`\`\`sh
pulumi policy enable <org>/ecs-platform-policies <version> --policy-group <group> --config policy-pack/config/<stack>.json
pulumi policy validate-config <org>/ecs-platform-policies <version> --config policy-pack/config/<stack>.json
pulumi policy disable <org>/ecs-platform-policies --policy-group <group>
\`\`\`

Without \`--policy-group\` the organisation's default group is used. Put each stack in a group whose
config matches it (for example \`ecs-platform-prod\` enabled with \`config/prod.json\`). A preventative
group blocks \`pulumi up\` on a mandatory violation; an audit group only reports.`;

const HOW_TO_CONFIGURE = `## Configuring levels and waivers per stack

\`policy-pack/config/<stack>.json\` sets, per policy, the enforcement level and the policy's options.
Every policy accepts \`exclude\`: waivers, each a regular expression over the resource's logical name
or URN plus a reason (at least 10 characters; the schema rejects a waiver without one):

\`\`\`json
{
    "<policy>": {
        "enforcementLevel": "mandatory",
        "exclude": [{ "pattern": "^legacy-sg$", "reason": "Removed in the next release; ticket OPS-123." }]
    },
    "<other-policy>": "advisory"
}
\`\`\`

Levels are \`advisory\`, \`mandatory\`, \`remediate\` (reported as mandatory) and \`disabled\`. The
non-negotiables (no world-open ingress, no wildcard or over-broad IAM, no privilege escalation, no
admin policies, no public IP, no privileged containers, no plaintext secrets) are mandatory by
default; do not lower them in a stack config: waive the one resource, with a reason, instead.
Waivers are config, never code edits, and they show up in review.`;

const PREVIEW_NOTE = `## Preview and unknown values

During a first \`pulumi preview\`, computed values (ids, ARNs) are unknown. A policy that needs one
cannot decide and the analyzer prints an advisory "can't run policy ... during preview" notice, even for
a mandatory policy; the policy then runs for real on \`pulumi up\`. The network and IAM policies are
written to decide from what is known during preview (ports, CIDRs, actions, principals), and
\`tests/policy-pack/preview-not-blind.spec.ts\` proves none of them is skipped on any stack.`;

const SCOPE_NOTE = `## What three policies see, and what they do not

- **\`nacl-no-world-ingress\`** judges the inline \`ingress\` entries of one \`aws.ec2.NetworkAcl\` or
  \`aws.ec2.DefaultNetworkAcl\` together, in rule-number order (first match wins): an allow from a /0
  or broad public block is fine when lower-numbered denies of the same traffic cover its whole
  block. A standalone \`aws.ec2.NetworkAclRule\` is judged alone: a deny in another resource is not
  seen. Sensitive ports are FTP/SSH/Telnet/RDP and the default ports of common data stores
  (config \`sensitivePorts\`); an entry starting at 1024 or above and spanning at least 16,384
  ports is read as the return-traffic allowance a stateless NACL needs, not as opening the ports
  inside it. Every VPC's default NACL allows all inbound traffic
  (https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html); the pack sees it
  only when the program adopts it with \`aws.ec2.DefaultNetworkAcl\`.
- **\`rds-not-public\`** reads \`publiclyAccessible\` on every RDS-family type whose provider
  inputs have it (aws 7.48.0): \`aws.rds.Instance\`, \`aws.rds.ClusterInstance\`,
  \`aws.rds.ShardGroup\`, \`aws.neptune.ClusterInstance\`, \`aws.redshift.Cluster\`,
  \`aws.redshiftserverless.Workgroup\`. \`aws.rds.Cluster\` has no such input (a Multi-AZ DB
  cluster's public access cannot be set through this provider), \`aws.docdb.ClusterInstance\` has
  it only as an output, and a DMS replication instance is not a data store.
- **\`ecs-no-plaintext-secrets\`** judges values as well as names. Under a secret-looking name, a
  number of up to 10 digits, a boolean word, a URL without user:password and a UUID are
  configuration (MAX_TOKENS=4096, TOKEN_URL=https://...): not reported. Under any name, an AWS
  access key id, a PEM private key, a URL with user:password, a base64 token of 20+ characters
  above 4.5 bits/char or a hex token of 32+ characters above 3.0 bits/char (detect-secrets'
  Base64HighEntropyString / HexHighEntropyString limits) is a mandatory violation. Hex is not
  judged by value when the name says revision or digest (GIT_SHA, COMMIT, DIGEST, ...): a git SHA
  is high-entropy hex by construction. UUIDs are never judged by value (ids, not keys). A short
  numeric PIN under a PIN/PASSWORD name now passes: the price of MAX_TOKENS=4096 passing.`;

const EXEMPTIONS_NOTE = `## Exempt by design, and why

- **The S3 server access log bucket** (tag \`BucketPurpose=s3-access-logs\`, \`<component>-access-logs\`)
  is exempt from \`s3-server-access-logging\`. Logging a bucket into itself is an endless loop: every
  delivered log object is a request that is logged in turn, and AWS warns against it
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html). Logging it into a second
  bucket only moves the question on (that bucket would need a third). The log bucket is locked down
  instead: public access blocked, bucket-owner-enforced (no ACLs), SSE-S3 (log delivery does not
  support SSE-KMS default encryption), TLS-only, a lifecycle that expires logs after 90 days, and a
  bucket policy whose only grant is \`s3:PutObject\` for \`logging.s3.amazonaws.com\` on each source's
  prefix, pinned with \`aws:SourceArn\` (the source bucket) and \`aws:SourceAccount\`
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html). Every other
  bucket (the agent data bucket, the ALB access-log bucket, and any bucket without the tag) must log.`;

/** docs/policies.md for the given registry. */
export function renderPolicyDocs(
    policies: readonly PlatformPolicy[],
    advisory: readonly AcceptedAdvisoryFinding[] = ACCEPTED_ADVISORY_FINDINGS,
): string {
    return `${[
        "# Policies of `ecs-platform-policies`",
        `<!-- Generated from policy-pack/policies.ts by \`${REGENERATE_COMMAND}\` (tools/docs/generate-policy-docs.ts). Do not edit by hand: edit the policy metadata or the templates in the generator, then regenerate. -->`,
        "The CrossGuard policy pack of the ecs-platform stacks (`policy-pack/`). Each policy declares its " +
            "severity, default enforcement level, remediation and the equivalent rules of other scanners " +
            "(Checkov, cdk-nag, KICS, ...).",
        "## Summary",
        summary(policies),
        "## Policies",
        policyTable(policies),
        "## Remediation and options",
        "Every policy also accepts `exclude` (waivers, see below).",
        remediation(policies),
        HOW_TO_RUN,
        HOW_TO_PUBLISH,
        HOW_TO_ENABLE,
        HOW_TO_CONFIGURE,
        PREVIEW_NOTE,
        SCOPE_NOTE,
        EXEMPTIONS_NOTE,
        "## Advisory findings per stack",
        "What the pack reports as advisory on each stack as configured in this repository, and why each is " +
            "accepted. `tests/policy-pack/stacks.spec.ts` fails when the pack reports anything else (and on any " +
            "mandatory violation); the list lives in `tools/docs/generate-policy-docs.ts`.",
        advisoryTable(advisory),
    ].join("\n\n")}\n`;
}

/** The accepted advisory findings as written in a docs/policies.md (the section's table). */
export function parseAdvisoryFindings(markdown: string): AcceptedAdvisoryFinding[] {
    const start = markdown.indexOf("## Advisory findings per stack");
    if (start < 0) throw new Error('no "## Advisory findings per stack" section');
    const rest = markdown.slice(start).split("\n").slice(1);
    const end = rest.findIndex((l) => l.startsWith("## "));
    const rows = (end < 0 ? rest : rest.slice(0, end)).filter((l) => /^\| (dev|test|prod) \|/.test(l));
    return rows.map((row) => {
        const cells = row
            .slice(1, -1)
            .split(/(?<!\\)\|/)
            .map((c) => c.trim().replace(/^`|`$/g, ""));
        const [stack, policy, resource, reason] = cells;
        return { stack: stack as AcceptedAdvisoryFinding["stack"], policy, resource, reason };
    });
}

function main(argv: readonly string[]): number {
    // Loaded here, not at the top: importing the generator (tests) must not need the whole pack twice.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policies } = require("../../policy-pack/policies") as { policies: readonly PlatformPolicy[] };
    const rendered = renderPolicyDocs(policies);
    const current = fs.existsSync(DOCS_PATH) ? fs.readFileSync(DOCS_PATH, "utf8") : "";
    if (argv.includes("--check")) {
        if (current === rendered) return 0;
        process.stderr.write(`${path.relative(process.cwd(), DOCS_PATH)} is stale; run \`${REGENERATE_COMMAND}\`\n`);
        return 1;
    }
    fs.mkdirSync(path.dirname(DOCS_PATH), { recursive: true });
    fs.writeFileSync(DOCS_PATH, rendered);
    process.stdout.write(`wrote ${path.relative(process.cwd(), DOCS_PATH)} (${policies.length} policies)\n`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
