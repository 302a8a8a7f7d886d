/**
 * The token table is the pack's one spelling of every type it matches: each entry must be the token
 * the provider SDK itself registers (a typo would silently exempt that type from every policy).
 */
import * as assert from "assert";
// Loaded at run time only: a type import of the package root would put all ~700,000 lines of its
// declarations into the type-check of \`npm test\` (components/aws.ts imports module by module).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aws = require("@pulumi/aws") as Record<string, any>;
import { AWS_INVOKE, AWS_TYPE } from "../../policy-pack/lib/aws-types";

type Sdk = Record<string, Record<string, unknown>>;
const sdk = aws as unknown as Sdk;
const index = aws as unknown as Record<string, unknown>;

describe("policy-pack/lib/aws-types: the token table matches the provider SDK", () => {
    for (const [module, types] of Object.entries(AWS_TYPE)) {
        for (const [name, token] of Object.entries(types)) {
            it(`AWS_TYPE.${module}.${name} is aws.${module}.${name}'s type token`, () => {
                const cls = sdk[module]?.[name] as { __pulumiType?: string } | undefined;
                assert.ok(cls, `aws.${module}.${name} does not exist in @pulumi/aws`);
                assert.strictEqual(token, cls.__pulumiType);
            });
        }
    }
    for (const [module, fns] of Object.entries(AWS_INVOKE)) {
        for (const [name, token] of Object.entries(fns)) {
            it(`AWS_INVOKE.${module}.${name} is the token aws.${module === "index" ? "" : `${module}.`}${name} invokes`, () => {
                const fn = module === "index" ? index[name] : sdk[module]?.[name];
                assert.strictEqual(typeof fn, "function", `no function ${name} in aws.${module}`);
                assert.ok(String(fn).includes(`"${token}"`), `${name} does not invoke ${token}`);
            });
        }
    }
});
