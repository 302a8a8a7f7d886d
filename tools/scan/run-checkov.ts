/**
 * Running the pinned Checkov on Terraform-plan files: one process for all files (its start-up is
 * most of its time), results split per file. The binary comes from CHECKOV_BIN (CI exports it
 * after `.ci/run` installed it) or from tools/scan/install-checkov.sh, which installs the pinned
 * version into a cached virtual environment on first use, so no caller ever skips for want of it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const INSTALL_SCRIPT = path.join(__dirname, "install-checkov.sh");
export const CHECKOV_VERSION = fs.readFileSync(path.join(__dirname, "checkov-version.txt"), "utf8").trim();

export interface CheckResult {
    readonly check_id: string;
    readonly check_name: string;
    /** `aws_ecs_service.bff-service`. */
    readonly resource: string;
    readonly file_path: string;
}

export interface FileReport {
    readonly passed: CheckResult[];
    readonly failed: CheckResult[];
    readonly skipped: CheckResult[];
}

export interface CheckovRun {
    readonly version: string;
    /** By the absolute path of each file scanned. */
    readonly files: Map<string, FileReport>;
    readonly parsingErrors: readonly string[];
}

/** The checkov binary: CHECKOV_BIN, else the cached install (installed now if missing). */
export function checkovBinary(env: NodeJS.ProcessEnv = process.env): string {
    if (env.CHECKOV_BIN) {
        if (!fs.existsSync(env.CHECKOV_BIN)) throw new Error(`CHECKOV_BIN=${env.CHECKOV_BIN}: no such file`);
        return env.CHECKOV_BIN;
    }
    const r = spawnSync("bash", [INSTALL_SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (r.status !== 0) throw new Error(`tools/scan/install-checkov.sh failed (exit ${r.status})`);
    return r.stdout.trim().split("\n").pop()!;
}

/** Checkov's terraform_plan framework on `files`, with no network (`--skip-download`) and no config file of the caller's. */
export function runCheckov(files: readonly string[], binary: string = checkovBinary()): CheckovRun {
    const absolute = files.map((f) => path.resolve(f));
    const args = ["--framework", "terraform_plan", "--skip-download", "--output", "json", "--soft-fail"];
    for (const f of absolute) args.push("--file", f);
    // A fixed working directory and no .checkov.yaml there: a developer's own config cannot change the verdict.
    const r = spawnSync(binary, args, {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        cwd: path.dirname(absolute[0]),
        env: { ...process.env, BC_SKIP_MAPPING: "TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "", LOG_LEVEL: "WARNING" },
    });
    if (r.status !== 0) throw new Error(`checkov exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const start = r.stdout.search(/^[[{]/m);
    const parsed = JSON.parse(r.stdout.slice(start)) as unknown;
    const reports = (Array.isArray(parsed) ? parsed : [parsed]) as {
        check_type?: string;
        results?: { passed_checks?: CheckResult[]; failed_checks?: CheckResult[]; skipped_checks?: CheckResult[] };
        summary?: { checkov_version?: string; parsing_errors?: number };
    }[];
    const filesOut = new Map<string, FileReport>(absolute.map((f) => [f, { passed: [], failed: [], skipped: [] }]));
    const byBase = new Map(absolute.map((f) => [path.basename(f), f]));
    const parsingErrors: string[] = [];
    let version = "";
    for (const report of reports) {
        version ||= report.summary?.checkov_version ?? "";
        const parsingErrorFiles = (report.results as { parsing_errors?: string[] } | undefined)?.parsing_errors ?? [];
        parsingErrors.push(...parsingErrorFiles);
        const put = (kind: keyof FileReport, list: CheckResult[] | undefined) => {
            for (const c of list ?? []) {
                const file = filesOut.has(c.file_path) ? c.file_path : byBase.get(path.basename(c.file_path));
                if (file) filesOut.get(file)![kind].push(c);
            }
        };
        put("passed", report.results?.passed_checks);
        put("failed", report.results?.failed_checks);
        put("skipped", report.results?.skipped_checks);
    }
    return { version, files: filesOut, parsingErrors };
}
