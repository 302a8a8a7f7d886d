/**
 * `@pulumi/pulumi` loads npm's Arborist (with pacote, sigstore, the registry client: ~0.4 s) at
 * start-up, only for `computeCodePaths`, which serialises functions for callbacks and dynamic
 * providers. The offline evaluator never calls it, so in the evaluating process Arborist is
 * replaced by a stand-in that loads the real one on first use. Import this before `@pulumi/pulumi`;
 * where the SDK is already loaded it does nothing. Pulumi CLI runs are not affected.
 */
import Module from "module";
import * as path from "path";

function deferArborist(): void {
    let pulumiDir: string;
    try {
        pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    } catch {
        return;
    }
    const arboristPath = require.resolve("@npmcli/arborist", { paths: [pulumiDir] });
    if (require.cache[arboristPath]) return;
    let real: { Arborist: new (...args: unknown[]) => unknown } | undefined;
    const load = () => {
        if (!real) {
            delete require.cache[arboristPath];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            real = require(arboristPath);
        }
        return real!;
    };
    class LazyArborist {
        constructor(...args: unknown[]) {
            return new (load().Arborist)(...args) as LazyArborist;
        }
    }
    const stub = new Module(arboristPath);
    stub.filename = arboristPath;
    stub.loaded = true;
    stub.exports = { Arborist: LazyArborist };
    require.cache[arboristPath] = stub;
}

deferArborist();
