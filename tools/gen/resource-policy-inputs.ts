/**
 * Derives, from the installed @pulumi/aws declarations, every resource input that holds a
 * resource-based policy (a document with a Principal), and writes them to
 * policy-pack/lib/resource-policy-inputs.ts, which the pack reads at run time (the pack is
 * published alone and never loads @pulumi/aws).
 *
 *   npm run gen:resource-policies            write the data module
 *   npm run gen:resource-policies -- --check exit 1 when the committed module is stale
 *
 * What counts, for an input `p` of a resource's `<Class>Args` interface (outside the `iam` module)
 * whose name ends in policy/policies/policyDocument and whose type is a string or a document:
 *   typed       its type is `string | inputs.<module>.PolicyDocument`: the provider's own IAM
 *               policy-grammar type (Version, Statement, Principal, Condition);
 *   example     the resource's documented example sets `p` to a document naming a Principal and an
 *               Effect or Action (a JSON.stringify/object literal, a JSON string, or an
 *               aws.iam.getPolicyDocument with `principals`);
 *   documented  `p`'s description calls it a resource-based/resource/bucket/key policy or an IAM
 *               policy document (most of the provider types such inputs as a plain string);
 *   sibling     `p`'s description begins with the same sentence as an input already found under
 *               the same name in the same module (sns.Topic.policy and sns.TopicPolicy.policy).
 * An example that sets `p` to something else (a data-protection policy without Effect or Action,
 * a lifecycle document) vetoes every untyped evidence: the example is the provider's ground truth.
 * `endpoint` marks endpoint policies (their description says so): `Principal: "*"` is the norm
 * there, as only callers inside the network reach the endpoint.
 *
 * Left out on purpose: the `iam` module. Its documents are identity policies (no Principal) and
 * the role's `assumeRolePolicy`, a trust policy that policy-pack/lib/iam-locations.ts reads with its
 * own kind and iam-trust-no-public-principal judges; listing it here would report it twice.
 * Nested inputs (a policy inside a block of another input) are not scanned.
 */
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import * as ts from "typescript";

export const OUTPUT_PATH = path.resolve(__dirname, "../../policy-pack/lib/resource-policy-inputs.ts");
export const PROVIDER_ROOT = path.dirname(require.resolve("@pulumi/aws/package.json"));
export const REGENERATE_COMMAND = "npm run gen:resource-policies";

export type Evidence = "typed" | "example" | "documented" | "sibling";

export interface PolicyInput {
    /** The SDK spelling: `aws.<module>.<className>`. */
    readonly module: string;
    readonly className: string;
    /** The Pulumi type token, `aws:<module>/<file>:<Class>`. */
    readonly token: string;
    readonly input: string;
    readonly evidence: readonly Evidence[];
    /** An endpoint policy (VPC endpoint, network endpoints): a public principal is the norm there. */
    readonly endpoint: boolean;
}

const NAME_SHAPE = /(polic(y|ies)|policydocument)$/i;
const STRING_TYPE = /^pulumi\.Input<string( \| undefined)?>$/;
const TYPED = /^pulumi\.Input<string \| inputs\.\w+\.PolicyDocument( \| undefined)?>$/;
const DOCUMENTED = /resource[- ]based polic|\bresource polic|\bbucket polic|\bkey polic|\bIAM polic(y|ies) document/i;
const ENDPOINT = /\bendpoint polic|\bto the endpoint\b/i;

/** Scans `<root>/<module>/<file>.d.ts` (the provider's layout) and returns the policy inputs, sorted. */
export function scanProvider(root: string): PolicyInput[] {
    const candidates: (PolicyInput & { firstSentence: string; veto: boolean })[] = [];
    for (const module of fs.readdirSync(root).sort()) {
        const dir = path.join(root, module);
        if (module === "types" || module === "iam" || !fs.statSync(dir).isDirectory()) continue;
        for (const file of fs.readdirSync(dir).sort()) {
            if (!file.endsWith(".d.ts") || file === "index.d.ts" || file.startsWith("get")) continue;
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            candidates.push(...scanFile(module, file.slice(0, -".d.ts".length), text));
        }
    }
    const found = candidates.filter((c) => c.evidence.length > 0);
    for (const c of candidates) {
        if (c.evidence.length > 0 || c.veto || c.firstSentence === "") continue;
        const twin = found.find(
            (f) => f.module === c.module && f.input === c.input && firstSentenceOf(f) === c.firstSentence,
        );
        if (twin) found.push({ ...c, evidence: ["sibling"] });
    }
    return found
        .map(({ module, className, token, input, evidence, endpoint }) => ({
            module,
            className,
            token,
            input,
            evidence,
            endpoint,
        }))
        .sort((a, b) => (a.token === b.token ? a.input.localeCompare(b.input) : a.token.localeCompare(b.token)));

    function firstSentenceOf(f: PolicyInput): string {
        return candidates.find((c) => c.token === f.token && c.input === f.input)?.firstSentence ?? "";
    }
}

function scanFile(module: string, file: string, text: string) {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const out: (PolicyInput & { firstSentence: string; veto: boolean })[] = [];
    const classes = sf.statements.filter(ts.isClassDeclaration).filter((c) => c.name && isCustomResource(c));
    for (const cls of classes) {
        const className = cls.name!.text;
        const args = sf.statements.find(
            (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `${className}Args`,
        );
        if (!args) continue;
        const examples = exampleSources(docOf(cls));
        for (const member of args.members) {
            if (!ts.isPropertySignature(member) || !member.type) continue;
            const input = member.name.getText(sf);
            const type = member.type.getText(sf).replace(/\s+/g, " ");
            if (!NAME_SHAPE.test(input) || !(STRING_TYPE.test(type) || TYPED.test(type))) continue;
            const description = docOf(member);
            const shown = exampleEvidence(examples, module, className, input);
            const evidence: Evidence[] = [];
            if (TYPED.test(type)) evidence.push("typed");
            const veto = shown === "other" && evidence.length === 0;
            if (!veto) {
                if (shown === "principal") evidence.push("example");
                if (DOCUMENTED.test(description)) evidence.push("documented");
            }
            out.push({
                module,
                className,
                token: `aws:${module}/${file}:${className}`,
                input,
                evidence,
                endpoint: ENDPOINT.test(description),
                firstSentence: description.split(/(?<=\.)\s/)[0].trim(),
                veto,
            });
        }
    }
    return out;
}

function isCustomResource(c: ts.ClassDeclaration): boolean {
    return (c.heritageClauses ?? []).some((h) =>
        h.types.some((t) => t.expression.getText() === "pulumi.CustomResource"),
    );
}

function docOf(node: ts.Node): string {
    return ts
        .getJSDocCommentsAndTags(node)
        .map((j) => (typeof j.comment === "string" ? j.comment : ""))
        .join("\n");
}

/** The ```typescript blocks of a resource's documentation, parsed. */
function exampleSources(doc: string): ts.SourceFile[] {
    const blocks = [...doc.matchAll(/```typescript\n([\s\S]*?)```/g)].map((m) => m[1]);
    return blocks.map((code, i) => ts.createSourceFile(`example${i}.ts`, code, ts.ScriptTarget.Latest, true));
}

type Shown = "principal" | "other" | "absent";

const EMPTY_DOCUMENT_KEYS = new Set(["version", "id", "statement", "statements", "sid"]);

/** What the documented examples set `input` of `new aws.<module>.<className>(...)` to. */
function exampleEvidence(examples: ts.SourceFile[], module: string, className: string, input: string): Shown {
    let result: Shown = "absent";
    for (const sf of examples) {
        const declarations = new Map<string, ts.Expression>();
        const values: ts.Expression[] = [];
        const visit = (node: ts.Node): void => {
            if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
                declarations.set(node.name.text, node.initializer);
            }
            if (ts.isNewExpression(node) && node.expression.getText(sf) === `aws.${module}.${className}`) {
                const props = node.arguments?.[1];
                if (props && ts.isObjectLiteralExpression(props)) {
                    for (const p of props.properties) {
                        if (ts.isPropertyAssignment(p) && p.name.getText(sf) === input) values.push(p.initializer);
                    }
                }
            }
            ts.forEachChild(node, visit);
        };
        visit(sf);
        for (const value of values) {
            const keys = new Set<string>();
            collectKeys(value, sf, declarations, keys, new Set());
            // Nothing resolvable (a variable from elsewhere) or an empty placeholder says nothing.
            if ([...keys].every((k) => EMPTY_DOCUMENT_KEYS.has(k))) continue;
            const principal = keys.has("principal") || keys.has("principals") || keys.has("notprincipal");
            const grammar = ["effect", "action", "actions"].some((k) => keys.has(k));
            if (principal && grammar) return "principal";
            result = "other";
        }
    }
    return result;
}

/** Lower-cased keys of every object literal (and JSON text) a value is built from. */
function collectKeys(
    node: ts.Node,
    sf: ts.SourceFile,
    declarations: Map<string, ts.Expression>,
    keys: Set<string>,
    seen: Set<string>,
): void {
    if (ts.isIdentifier(node)) {
        const init = declarations.get(node.text);
        if (init && !seen.has(node.text)) {
            seen.add(node.text);
            collectKeys(init, sf, declarations, keys, seen);
        }
        return;
    }
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        keys.add(
            node.name
                .getText(sf)
                .replace(/^["']|["']$/g, "")
                .toLowerCase(),
        );
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        // JSON inside a template literal is often escaped (\"Principal\":).
        for (const m of node.getText(sf).matchAll(/\\*"(\w+)\\*"\s*:/g)) keys.add(m[1].toLowerCase());
        return;
    }
    if (ts.isPropertyAccessExpression(node)) return collectKeys(node.expression, sf, declarations, keys, seen);
    ts.forEachChild(node, (child) => collectKeys(child, sf, declarations, keys, seen));
}

/** The data module's text, formatted as the repository's prettier config wants it. */
export async function render(inputs: readonly PolicyInput[], providerVersion: string): Promise<string> {
    const rows = inputs.map(
        (i) =>
            `    { sdk: "${i.module}.${i.className}", token: "${i.token}", input: "${i.input}", ` +
            `evidence: [${i.evidence.map((e) => `"${e}"`).join(", ")}]${i.endpoint ? ", endpoint: true" : ""} },`,
    );
    const text = [
        "/**",
        ` * GENERATED by tools/gen/resource-policy-inputs.ts from @pulumi/aws ${providerVersion}; do not edit.`,
        ` * Regenerate with \`${REGENERATE_COMMAND}\` after upgrading the provider (a test checks it is in sync).`,
        " * Every resource input that holds a resource-based policy document, with the evidence the",
        " * generator found in the provider's declarations (see the generator for what each one means).",
        " */",
        "",
        'export type Evidence = "typed" | "example" | "documented" | "sibling";',
        "",
        "export interface ResourcePolicyInput {",
        "    /** `aws.<sdk>` in the provider SDK. */",
        "    readonly sdk: string;",
        "    readonly token: string;",
        "    readonly input: string;",
        "    readonly evidence: readonly Evidence[];",
        '    /** An endpoint policy: callers already come through the endpoint, so `Principal: "*"` is the norm. */',
        "    readonly endpoint?: boolean;",
        "}",
        "",
        `export const PROVIDER_VERSION = "${providerVersion}";`,
        "",
        "export const RESOURCE_POLICY_INPUTS: readonly ResourcePolicyInput[] = [",
        ...rows,
        "];",
        "",
    ].join("\n");
    const options = (await prettier.resolveConfig(OUTPUT_PATH)) ?? {};
    return prettier.format(text, { ...options, filepath: OUTPUT_PATH });
}

export function providerVersion(root: string): string {
    return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
}

async function main(): Promise<void> {
    const text = await render(scanProvider(PROVIDER_ROOT), providerVersion(PROVIDER_ROOT));
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(OUTPUT_PATH) ? fs.readFileSync(OUTPUT_PATH, "utf8") : "";
        if (current !== text) {
            console.error(`${path.relative(process.cwd(), OUTPUT_PATH)} is stale: run ${REGENERATE_COMMAND}`);
            process.exit(1);
        }
    } else {
        fs.writeFileSync(OUTPUT_PATH, text);
        console.log(`wrote ${path.relative(process.cwd(), OUTPUT_PATH)}`);
    }
}

if (require.main === module) void main();
