/** The AWS CLI as the deploy workflow's scripts call it: `aws <args> --output json`, parsed. */
import { execFile } from "child_process";

/** Runs `aws <args> --output json` and returns the parsed answer. */
export type AwsCli = (args: readonly string[]) => Promise<unknown>;

/* c8 ignore start: the process wrapper; the scripts are tested with recorded answers */
export const awsCli: AwsCli = (args) =>
    new Promise((resolve, reject) =>
        execFile("aws", [...args, "--output", "json"], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
            err
                ? reject(new Error(`aws ${args.slice(0, 2).join(" ")}: ${stderr || err.message}`))
                : resolve(JSON.parse(stdout)),
        ),
    );
/* c8 ignore stop */
