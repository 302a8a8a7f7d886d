/**
 * After `pulumi up` in .github/workflows/deploy.yml: did the deploy really land? `aws ecs wait
 * services-stable` also succeeds after a completed rollback, so this checks, per service:
 *
 * - the PRIMARY deployment's rolloutState is COMPLETED and it is the only deployment left;
 * - it runs the task definition this `up` registered (a rollback leaves the previous one);
 * - the newest service deployment's status is SUCCESSFUL (not ROLLBACK_SUCCESSFUL, STOPPED, ...)
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentBrief.html);
 *
 * then that the public URL's health endpoint answers 2xx. On any failure it prints the service's
 * recent events and exits 1, so the job fails and the next stack is never deployed. A service in
 * bootstrap mode (0 desired tasks) has nothing to verify and is reported as skipped.
 *
 * Usage (env): CLUSTER, SERVICES='[{"label":"bff","arn":"...","taskDefinitionArn":"..."}]',
 * PUBLIC_URL, HEALTH_PATH (default /api/health).
 */
import { awsCli, AwsCli } from "./aws-cli";

export type { AwsCli };

export interface ServiceToVerify {
    readonly label: string;
    readonly arn: string;
    readonly taskDefinitionArn: string;
}

export interface VerifyInputs {
    readonly cluster: string;
    readonly services: readonly ServiceToVerify[];
    readonly publicUrl?: string;
    readonly healthPath: string;
}

/** GETs a URL and returns the HTTP status (0 when it could not connect). */
export type HttpGet = (url: string) => Promise<number>;

interface Deployment {
    status?: string;
    rolloutState?: string;
    rolloutStateReason?: string;
    taskDefinition?: string;
}
interface Service {
    desiredCount?: number;
    deployments?: Deployment[];
    events?: { createdAt?: string; message?: string }[];
}

export async function verifyRollout(
    inputs: VerifyInputs,
    aws: AwsCli,
    get: HttpGet,
    log: (line: string) => void,
    health = { attempts: 6, delayMs: 10_000 },
): Promise<string[]> {
    const failures: string[] = [];
    let serving = false;
    for (const svc of inputs.services) {
        const described = (await aws([
            "ecs",
            "describe-services",
            "--cluster",
            inputs.cluster,
            "--services",
            svc.arn,
        ])) as { services?: Service[] };
        const service = described.services?.[0];
        if (!service) {
            failures.push(`${svc.label}: the service was not found`);
            continue;
        }
        if ((service.desiredCount ?? 0) === 0) {
            log(`${svc.label}: bootstrap mode (0 desired tasks): nothing rolled out, skipped`);
            continue;
        }
        if (svc.label === "bff") serving = true;
        const mine: string[] = [];
        const deployments = service.deployments ?? [];
        const primary = deployments.find((d) => d.status === "PRIMARY");
        if (!primary) mine.push("no PRIMARY deployment");
        else {
            if (primary.rolloutState !== "COMPLETED") {
                mine.push(
                    `rollout state ${primary.rolloutState ?? "unknown"}${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : ""}`,
                );
            }
            if (primary.taskDefinition !== svc.taskDefinitionArn) {
                mine.push(
                    `runs ${primary.taskDefinition ?? "no task definition"}, not ${svc.taskDefinitionArn} that this up registered: the deployment was rolled back`,
                );
            }
        }
        if (deployments.length > 1) mine.push(`${deployments.length - 1} other deployment(s) still active`);
        const listed = (await aws([
            "ecs",
            "list-service-deployments",
            "--cluster",
            inputs.cluster,
            "--service",
            svc.arn,
            "--max-results",
            "1",
        ])) as { serviceDeployments?: { status?: string; statusReason?: string }[] };
        const latest = listed.serviceDeployments?.[0];
        if (latest && latest.status !== "SUCCESSFUL") {
            mine.push(
                `latest service deployment ${latest.status}${latest.statusReason ? `: ${latest.statusReason}` : ""}`,
            );
        }
        if (mine.length === 0) {
            log(`${svc.label}: rollout COMPLETED on ${svc.taskDefinitionArn}`);
            continue;
        }
        failures.push(...mine.map((m) => `${svc.label}: ${m}`));
        log(`${svc.label}: recent service events:`);
        for (const e of (service.events ?? []).slice(0, 15)) log(`  ${e.createdAt ?? ""} ${e.message ?? ""}`);
    }
    if (serving && inputs.publicUrl) {
        const url = `${inputs.publicUrl.replace(/\/$/, "")}${inputs.healthPath}`;
        let status = 0;
        for (let i = 0; i < health.attempts; i++) {
            status = await get(url);
            if (status >= 200 && status < 300) break;
            if (i + 1 < health.attempts) await new Promise((r) => setTimeout(r, health.delayMs));
        }
        if (status >= 200 && status < 300) log(`health: ${url} answered ${status}`);
        else failures.push(`health: ${url} answered ${status || "no connection"} after ${health.attempts} attempts`);
    }
    return failures;
}

/* c8 ignore start: the CLI wrapper around verifyRollout */
const httpGet: HttpGet = async (url) => {
    try {
        return (await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10_000) })).status;
    } catch {
        return 0;
    }
};

if (require.main === module) {
    const inputs: VerifyInputs = {
        cluster: process.env.CLUSTER ?? "",
        services: JSON.parse(process.env.SERVICES ?? "[]") as ServiceToVerify[],
        publicUrl: process.env.PUBLIC_URL || undefined,
        healthPath: process.env.HEALTH_PATH || "/api/health",
    };
    verifyRollout(inputs, awsCli, httpGet, (l) => console.log(l)).then(
        (failures) => {
            for (const f of failures) console.log(`::error::${f}`);
            process.exit(failures.length > 0 ? 1 : 0);
        },
        (e: unknown) => {
            console.log(`::error::${e instanceof Error ? e.message : String(e)}`);
            process.exit(1);
        },
    );
}
