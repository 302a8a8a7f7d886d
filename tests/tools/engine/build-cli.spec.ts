/**
 * tools/engine/build-cli.sh builds the Pulumi CLI at the pinned SDK's version. What can be checked
 * without Go or the module proxy runs here: the wrapper module's pins, the refusal of a drifted pin,
 * and the cache hit that must not build.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..", "..");
const SCRIPT = path.join(REPO, "tools", "engine", "build-cli.sh");
const GO_MOD = path.join(REPO, "tools", "engine", "cli", "go.mod");
const sdkPin = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as Record<string, any>)
    .dependencies["@pulumi/pulumi"] as string;

/** A copy of the script and the wrapper module under a fake repository whose package.json pins `pin`. */
function fakeRepo(pin: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "build-cli-"));
    fs.mkdirSync(path.join(root, "tools", "engine", "cli"), { recursive: true });
    fs.copyFileSync(SCRIPT, path.join(root, "tools", "engine", "build-cli.sh"));
    fs.copyFileSync(GO_MOD, path.join(root, "tools", "engine", "cli", "go.mod"));
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ dependencies: { "@pulumi/pulumi": pin } }));
    return root;
}

const run = (root: string, cache: string) =>
    spawnSync("bash", [path.join(root, "tools", "engine", "build-cli.sh")], {
        env: { ...process.env, ECS_PLATFORM_TOOLS_CACHE: cache, ENGINE_GO: "/bin/true" },
        encoding: "utf8",
    });

describe("tools/engine/build-cli.sh", () => {
    it("the wrapper module requires pkg/v3 and sdk/v3 at the @pulumi/pulumi version and builds cmd/pulumi", () => {
        const mod = fs.readFileSync(GO_MOD, "utf8");
        assert.match(mod, new RegExp(`\\bgithub\\.com/pulumi/pulumi/pkg/v3 v${sdkPin.replace(/\./g, "\\.")}\\b`));
        assert.match(mod, new RegExp(`\\bgithub\\.com/pulumi/pulumi/sdk/v3 v${sdkPin.replace(/\./g, "\\.")}\\b`));
        assert.match(mod, /^tool github\.com\/pulumi\/pulumi\/pkg\/v3\/cmd\/pulumi$/m);
        assert.ok(fs.existsSync(path.join(path.dirname(GO_MOD), "go.sum")), "go.sum is committed");
    });

    it("refuses to build when package.json pins another SDK (the check can fail)", () => {
        const root = fakeRepo("3.247.0");
        try {
            const r = run(root, path.join(root, "cache"));
            assert.strictEqual(r.status, 2, r.stderr);
            assert.match(
                r.stderr,
                new RegExp(`pins pkg v${sdkPin} / sdk v${sdkPin}, package\\.json pins @pulumi/pulumi v3\\.247\\.0`),
            );
            assert.strictEqual(r.stdout, "");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("prints the cached binary without building when the marker is there, and rebuilds without it", () => {
        const root = fakeRepo(sdkPin);
        const cache = path.join(root, "cache");
        const bin = path.join(cache, `pulumi-${sdkPin}`, "bin", "pulumi");
        try {
            fs.mkdirSync(path.dirname(bin), { recursive: true });
            fs.writeFileSync(bin, "#!/bin/sh\necho cached\n", { mode: 0o755 });
            fs.writeFileSync(path.join(cache, `pulumi-${sdkPin}`, ".complete"), "");
            const hit = run(root, cache);
            assert.strictEqual(hit.status, 0, hit.stderr);
            assert.strictEqual(hit.stdout, `${bin}\n`);
            assert.strictEqual(hit.stderr, "", "a cache hit builds nothing and says nothing");
            // Without the marker the binary is a half-finished build: the script starts over (and
            // here fails, ENGINE_GO being /bin/true, which builds nothing).
            fs.rmSync(path.join(cache, `pulumi-${sdkPin}`, ".complete"));
            const miss = run(root, cache);
            assert.notStrictEqual(miss.status, 0);
            assert.match(miss.stderr, /building pulumi/);
            assert.ok(!fs.existsSync(bin), "the half-finished build was removed");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
