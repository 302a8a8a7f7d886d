/**
 * The pack as it is published and installed elsewhere: `npm pack` of policy-pack/, unpacked into a
 * temporary folder whose node_modules holds only what `npm install` of the pack's own package.json
 * would install (the Pulumi CLI runs exactly that for a pack enabled in Pulumi Cloud). The unpacked
 * copy must load and behave like the repository's, import nothing outside policy-pack/, and find a
 * TypeScript able to compile it. Plus the licence check of everything the program and the pack
 * ship at run time.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { AnalyzedResource, runPolicies } from "../../offline/analyze";
import type { PlatformPolicy } from "../../policy-pack/lib/define-policy";
import { policies } from "../../policy-pack/policies";
import { getEvaluatedStack } from "../support/evaluated-stacks";

const REPO = path.resolve(__dirname, "../..");
const PACK_DIR = path.join(REPO, "policy-pack");
const PACK_LOCK_KEY = "policy-pack";

interface LockEntry {
    version?: string;
    license?: string;
    dev?: boolean;
    devOptional?: boolean;
    link?: boolean;
    resolved?: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
};

/** Where Node would find `name` required from the package at lock key `from` (nested first, then up). */
function resolveInLock(from: string, name: string): string | undefined {
    let dir = from;
    for (;;) {
        const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
        if (lock.packages[key]) return lock.packages[key].link ? lock.packages[key].resolved : key;
        if (!dir) return undefined;
        const i = dir.lastIndexOf("/node_modules/");
        dir = i < 0 ? "" : dir.slice(0, i);
    }
}

/** Lock keys of every package installed for `root` (its dependencies, transitively; dev ones only if asked). */
function installClosure(root: string, withDevDependencies: boolean): Set<string> {
    const seen = new Set<string>();
    const stack = [root];
    while (stack.length > 0) {
        const key = stack.pop()!;
        const p = lock.packages[key];
        const names = new Set([
            ...Object.keys(p.dependencies ?? {}),
            ...Object.keys(p.optionalDependencies ?? {}),
            ...Object.keys(key === root && withDevDependencies ? (p.devDependencies ?? {}) : {}),
            ...Object.keys(p.peerDependencies ?? {}).filter((n) => !p.peerDependenciesMeta?.[n]?.optional),
        ]);
        for (const name of names) {
            const found = resolveInLock(key, name);
            if (found === undefined) {
                assert.ok(name in (p.optionalDependencies ?? {}), `${key} needs ${name}, absent from the lock`);
                continue;
            }
            if (!seen.has(found)) {
                seen.add(found);
                stack.push(found);
            }
        }
    }
    return seen;
}

const packageName = (lockKey: string) => lockKey.slice(lockKey.lastIndexOf("node_modules/") + "node_modules/".length);

function packFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.name === "node_modules") return [];
        const full = path.join(dir, e.name);
        return e.isDirectory() ? packFiles(full) : [full];
    });
}

describe("policy pack packaging", function () {
    this.timeout(120_000);
    let tmp: string;
    let unpacked: string;
    let packedFiles: string[];

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
        const out = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], {
            cwd: PACK_DIR,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
        packedFiles = packed.files.map((f) => f.path);
        execFileSync("tar", ["-xzf", path.join(tmp, packed.filename), "-C", tmp]);
        unpacked = fs.realpathSync(path.join(tmp, "package"));
        // What `npm install` in the installed pack provides: its dependencies and devDependencies,
        // hoisted. Symlinks to the repository's copies; nested node_modules come along inside them.
        for (const key of installClosure(PACK_LOCK_KEY, true)) {
            if (key.split("node_modules/").length !== 2) continue;
            const link = path.join(unpacked, key);
            fs.mkdirSync(path.dirname(link), { recursive: true });
            fs.symlinkSync(path.join(REPO, key), link, "dir");
        }
    });

    after(() => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("the tarball holds the entry point, the registry, every area file, lib/, the stack configs and PulumiPolicy.yaml", () => {
        const sources = packFiles(PACK_DIR).map((f) => path.relative(PACK_DIR, f));
        for (const f of sources) assert.ok(packedFiles.includes(f), `${f} is not in the published tarball`);
        for (const f of ["PulumiPolicy.yaml", "package.json", "index.ts", "policies.ts", "config/prod.json"]) {
            assert.ok(packedFiles.includes(f), `${f} missing from the tarball`);
        }
        assert.ok(
            packedFiles.every((f) => !f.startsWith("..") && !f.includes("node_modules/")),
            packedFiles.join(", "),
        );
    });

    it("no file of policy-pack/ imports a path outside it, or a package it does not declare", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
        const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
        const problems: string[] = [];
        for (const file of packFiles(PACK_DIR).filter((f) => /\.(ts|js)$/.test(f))) {
            const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
            for (const { fileName: spec } of info.importedFiles) {
                const at = `${path.relative(REPO, file)} imports "${spec}"`;
                if (spec.startsWith(".")) {
                    const target = path.resolve(path.dirname(file), spec);
                    if (path.relative(PACK_DIR, target).startsWith("..")) problems.push(`${at}: outside policy-pack/`);
                    continue;
                }
                const bare = spec.replace(/^node:/, "");
                if (builtinModules.includes(bare.split("/")[0])) continue;
                const pkg = bare.startsWith("@") ? bare.split("/").slice(0, 2).join("/") : bare.split("/")[0];
                if (!declared.has(pkg)) problems.push(`${at}: ${pkg} is not in policy-pack/package.json`);
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("the unpacked copy loads with only its own dependencies and imports nothing from the repository", () => {
        const before = new Set(Object.keys(require.cache));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require(path.join(unpacked, "policies.ts")) as { policies: readonly PlatformPolicy[] };
        assert.deepStrictEqual(
            loaded.policies.map((p) => p.name),
            policies.map((p) => p.name),
        );
        const repoNodeModules = path.join(REPO, "node_modules") + path.sep;
        const outside = Object.keys(require.cache)
            .filter((f) => !before.has(f))
            .filter((f) => !f.startsWith(unpacked + path.sep) && !f.startsWith(repoNodeModules));
        assert.deepStrictEqual(outside, [], "the unpacked pack loaded files from the repository");
    });

    it("the unpacked copy gives the same verdict as the repository's on the dev stack", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require(path.join(unpacked, "policies.ts")) as { policies: readonly PlatformPolicy[] };
        const stack = await getEvaluatedStack("dev");
        const resources: AnalyzedResource[] = stack.resources;
        const summarise = (r: ReturnType<typeof runPolicies>) => ({
            violations: r.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn} ${v.message}`).sort(),
            unknown: r.unknown.length,
            notApplicable: r.notApplicable.length,
        });
        const fromRepo = summarise(runPolicies(policies, resources));
        const fromTarball = summarise(runPolicies(loaded.policies, resources));
        assert.deepStrictEqual(fromTarball, fromRepo);
        assert.ok(fromRepo.notApplicable > 0, "the policies did not run");
    });

    it("installed as published, the CLI's runner finds a TypeScript that compiles the pack", () => {
        // run-policy-pack requires `typescript` from @pulumi/pulumi's folder and falls back to its
        // vendored TypeScript 3.8.3 (and ts-node 7.0.1) when the install has none.
        const closure = installClosure(PACK_LOCK_KEY, true);
        const pulumiKey = resolveInLock(PACK_LOCK_KEY, "@pulumi/pulumi")!;
        const tsKey = resolveInLock(pulumiKey, "typescript");
        const installed = tsKey !== undefined && closure.has(tsKey);
        const compilerPath = installed
            ? path.join(REPO, tsKey, "lib", "typescript.js")
            : path.join(REPO, pulumiKey, "vendor", "typescript@3.8.3", "typescript.js");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const compiler = require(compilerPath) as typeof ts;
        const errors: string[] = [];
        for (const file of packFiles(unpacked).filter((f) => f.endsWith(".ts"))) {
            const out = compiler.transpileModule(fs.readFileSync(file, "utf8"), {
                fileName: file,
                reportDiagnostics: true,
                compilerOptions: { target: compiler.ScriptTarget.ES2020, module: compiler.ModuleKind.CommonJS },
            });
            for (const d of out.diagnostics ?? []) {
                const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
                errors.push(
                    `${path.relative(unpacked, file)}:${line + 1} TS${d.code} ${compiler.flattenDiagnosticMessageText(d.messageText, " ")}`,
                );
            }
        }
        const which = installed
            ? `typescript ${compiler.version} (installed)`
            : `vendored TypeScript ${compiler.version}`;
        assert.deepStrictEqual(
            errors,
            [],
            `the published pack would be compiled by ${which}, which rejects it; declare "typescript" ` +
                `(and "ts-node") in policy-pack/package.json so \`npm install\` of the pack provides them`,
        );
    });

    describe("licences", () => {
        const PERMISSIVE = new Set([
            "MIT",
            "MIT-0",
            "Apache-2.0",
            "BSD-2-Clause",
            "BSD-3-Clause",
            "ISC",
            "0BSD",
            "BlueOak-1.0.0",
            "Unlicense",
            "CC0-1.0",
            // argparse (js-yaml): the PSF licence, permissive (no copyleft clause).
            "Python-2.0",
            // spdx-exceptions: a data file of licence-exception ids; attribution only.
            "CC-BY-3.0",
        ]);

        /** True when an SPDX expression is satisfiable with permissive licences only. */
        function permissive(expression: string): boolean {
            const tokens = expression
                .replace(/[()]/g, (p) => ` ${p} `)
                .split(/\s+/)
                .filter(Boolean);
            let i = 0;
            const primary = (): boolean => {
                const t = tokens[i++];
                if (t === "(") {
                    const v = or();
                    i++; // ")"
                    return v;
                }
                if (tokens[i] === "WITH") i += 2; // an exception only relaxes the licence
                return PERMISSIVE.has(t);
            };
            const and = (): boolean => {
                let v = primary();
                while (tokens[i] === "AND") {
                    i++;
                    v = primary() && v;
                }
                return v;
            };
            const or = (): boolean => {
                let v = and();
                while (tokens[i] === "OR") {
                    i++;
                    v = and() || v;
                }
                return v;
            };
            return or();
        }

        /** The SPDX licence of an installed package; "SEE LICENSE IN <file>" is read and recognised. */
        function licenceOf(key: string): string {
            const declared = lock.packages[key].license ?? "UNKNOWN";
            const file = /^SEE LICENSE IN (.+)$/.exec(declared)?.[1];
            if (!file) return declared;
            const text = fs.readFileSync(path.join(REPO, key, file), "utf8");
            if (/^\s*(The )?MIT License/i.test(text) && /Permission is hereby granted, free of charge/.test(text)) {
                return "MIT";
            }
            return declared;
        }

        for (const [label, root] of [
            ["the program", ""],
            ["the policy pack", PACK_LOCK_KEY],
        ] as const) {
            it(`every runtime dependency of ${label} (transitively) has a permissive licence`, () => {
                const closure = installClosure(root, false);
                const rejected: string[] = [];
                const counts = new Map<string, number>();
                for (const key of closure) {
                    const licence = licenceOf(key);
                    counts.set(licence, (counts.get(licence) ?? 0) + 1);
                    if (!permissive(licence))
                        rejected.push(`${packageName(key)}@${lock.packages[key].version}: ${licence}`);
                    assert.ok(!lock.packages[key].dev, `${key} is a runtime dependency but the lock marks it dev`);
                }
                const summary = [...counts].map(([l, n]) => `${l} ${n}`).join(", ");
                process.stdout.write(`      ${label}: ${closure.size} packages (${summary})\n`);
                assert.deepStrictEqual(rejected, [], "copyleft or unknown licences at run time");
            });
        }

        it("the licence check rejects copyleft and unknown licences", () => {
            for (const bad of [
                "GPL-3.0-only",
                "AGPL-3.0-or-later",
                "LGPL-2.1",
                "SSPL-1.0",
                "UNKNOWN",
                "MIT AND GPL-2.0",
            ]) {
                assert.strictEqual(permissive(bad), false, bad);
            }
            for (const good of [
                "MIT",
                "(BSD-3-Clause AND Apache-2.0)",
                "MIT OR GPL-3.0",
                "Apache-2.0 WITH LLVM-exception",
            ]) {
                assert.strictEqual(permissive(good), true, good);
            }
        });

        it("@cloud-copilot/iam-simulate (AGPL) and @action-validator/* (GPL) are dev-only, outside every runtime closure", () => {
            const runtime = new Set([...installClosure("", false), ...installClosure(PACK_LOCK_KEY, true)]);
            const devOnly = Object.keys(lock.packages).filter((k) =>
                /node_modules\/(@cloud-copilot\/iam-simulate|@action-validator\/[^/]+)$/.test(k),
            );
            assert.ok(devOnly.length >= 3, `expected iam-simulate and @action-validator/{cli,core}, got ${devOnly}`);
            for (const key of devOnly) {
                assert.ok(lock.packages[key].dev, `${key} is not dev-only in the lock`);
                assert.ok(!runtime.has(key), `${key} is reachable at run time`);
                assert.ok(!permissive(licenceOf(key)), `${key} is expected to be copyleft (${licenceOf(key)})`);
            }
            const rootManifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
            for (const name of ["@cloud-copilot/iam-simulate", "@action-validator/cli", "@action-validator/core"]) {
                assert.ok(name in rootManifest.devDependencies, `${name} not a devDependency`);
                assert.ok(!(name in (rootManifest.dependencies ?? {})), `${name} is a runtime dependency`);
            }
        });
    });
});
