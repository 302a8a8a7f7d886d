/**
 * The installed provider SDKs' type declarations, read with the TypeScript compiler API (parsed
 * only, no type checker: the generated files are regular enough, and a checker over
 * `@pulumi/aws/types/input.d.ts` costs gigabytes). A resource's inputs are the properties of its
 * `<Class>Args` interface in `<module>/<resource>.d.ts`; a nested block is the
 * `inputs.<module>.<Name>` interface its property names, in `types/input.d.ts`. The export spec
 * checks the project's name table against these, so the table cannot name a property the pinned
 * SDK does not have.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export interface PropertyDeclaration {
    /** The declared type as written: `pulumi.Input<pulumi.Input<inputs.ecs.ServiceLoadBalancer>[] | undefined>`. */
    readonly type: string;
    /** An array type: Terraform's repeated block or list. */
    readonly list: boolean;
    /** The nested block's interface (`ecs.ServiceLoadBalancer`), when the property is one. */
    readonly nested?: string;
}

type Properties = ReadonlyMap<string, PropertyDeclaration>;

const MODULES = path.resolve(__dirname, "../../node_modules");
const NESTED = /\binputs\.([A-Za-z0-9_.]+)\b/;

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
}

function propertiesOf(node: ts.InterfaceDeclaration, sf: ts.SourceFile): Properties {
    const out = new Map<string, PropertyDeclaration>();
    for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const type = member.type.getText(sf);
        const nested = NESTED.exec(type)?.[1];
        out.set(member.name.getText(sf), { type, list: /\[\]/.test(type), ...(nested ? { nested } : {}) });
    }
    return out;
}

/** Every interface of a declaration file, by its dotted namespace path (`ecs.ServiceLoadBalancer`). */
function interfaces(sf: ts.SourceFile): Map<string, Properties> {
    const out = new Map<string, Properties>();
    const walk = (statements: ts.NodeArray<ts.Statement>, prefix: string): void => {
        for (const s of statements) {
            if (ts.isInterfaceDeclaration(s)) out.set(prefix + s.name.text, propertiesOf(s, sf));
            else if (ts.isModuleDeclaration(s) && s.body && ts.isModuleBlock(s.body)) {
                walk(s.body.statements, `${prefix}${s.name.getText(sf)}.`);
            }
        }
    };
    walk(sf.statements, "");
    return out;
}

const nestedByPackage = new Map<string, Map<string, Properties>>();
const argsByToken = new Map<string, Properties | undefined>();

/** `aws:ecs/service:Service` -> node_modules/@pulumi/aws/ecs/service.d.ts; `random:index/x:X` -> @pulumi/random/x.d.ts. */
function declarationFile(token: string): string {
    const [pkg, moduleAndFile] = token.split(":");
    const [mod, file] = moduleAndFile.split("/");
    return path.join(MODULES, "@pulumi", pkg, ...(mod === "index" ? [] : [mod]), `${file}.d.ts`);
}

/** The `<Class>Args` properties of a resource token; undefined when the SDK has no such resource. */
export function resourceArgs(token: string): Properties | undefined {
    if (!argsByToken.has(token)) {
        const file = declarationFile(token);
        const className = token.split(":")[2];
        argsByToken.set(token, fs.existsSync(file) ? interfaces(parse(file)).get(`${className}Args`) : undefined);
    }
    return argsByToken.get(token);
}

/** A nested block's properties (`ecs.ServiceLoadBalancer` of the token's package). */
export function nestedProperties(token: string, name: string): Properties | undefined {
    const pkg = token.split(":")[0];
    let table = nestedByPackage.get(pkg);
    if (!table) {
        const file = path.join(MODULES, "@pulumi", pkg, "types", "input.d.ts");
        table = fs.existsSync(file) ? interfaces(parse(file)) : new Map<string, Properties>();
        nestedByPackage.set(pkg, table);
    }
    return table.get(name);
}

/** The declaration of a dotted property path (`serviceConnectConfiguration.services`, list levels left out). */
export function propertyAt(token: string, dotted: string): PropertyDeclaration | undefined {
    let props = resourceArgs(token);
    let found: PropertyDeclaration | undefined;
    for (const segment of dotted.split(".")) {
        found = props?.get(segment);
        if (!found) return undefined;
        props = found.nested ? nestedProperties(token, found.nested) : undefined;
    }
    return found;
}
