// `npm run check`: the format check (prettier, in a child process alongside), then the type-check
// (`tsc --noEmit`) and ESLint in one process over ONE TypeScript
// program. Pulumi's lint rules are type-aware, so run separately each tool would build its own
// program over @pulumi/aws's 460,000 lines of declarations; sharing it saves ~10 s and ~400 MB.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { ESLint } from "eslint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The format check (prettier, one core) runs beside the type-check and lint (the other core): on
// the 2-core machines this is ~8 s of `npm test` that no longer waits its turn.
const formatCheck = new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/prettier/bin/prettier.cjs"), "--check", "."], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
});
const configFile = path.join(root, "tsconfig.json");
const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
    },
);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
    process.stdout.write(
        ts.formatDiagnosticsWithColorAndContext(diagnostics, {
            getCanonicalFileName: (f) => f,
            getCurrentDirectory: () => root,
            getNewLine: () => "\n",
        }),
    );
}
process.stdout.write(`type-check: ${parsed.fileNames.length} files, ${diagnostics.length} errors\n`);

const eslint = new ESLint({
    cwd: root,
    // The type-aware rules get the program built above instead of building their own.
    overrideConfig: [
        { languageOptions: { parserOptions: { project: false, projectService: false, programs: [program] } } },
    ],
});
const results = await eslint.lintFiles(["."]);
const formatter = await eslint.loadFormatter("stylish");
const output = await formatter.format(results);
if (output) process.stdout.write(output);
const lintErrors = results.reduce((n, r) => n + r.errorCount, 0);
process.stdout.write(`lint: ${results.length} files, ${lintErrors} errors\n`);
const format = await formatCheck;
process.stdout.write(format.code === 0 ? "format: prettier --check clean\n" : format.out);
process.exitCode = diagnostics.length > 0 || lintErrors > 0 || format.code !== 0 ? 1 : 0;
