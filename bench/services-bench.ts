/**
 * `npm run bench` figures for many services: the dev stack with a generated services map of 5,
 * 10, 20 and 40 services (http, internal and worker in turn; the first the catch-all BFF, each
 * http service on its own path, calls to the next internal service), evaluated offline and
 * analysed as `npm run plan` does (policies with the derived policy config, reachability, lint,
 * diagram, cost, rollout). Prints per size the resources, the seconds (best of N) and the monthly
 * cost, and the cost per added service, which is constant when cost grows linearly.
 * Budget: the 20-service plan <= 3 s.
 *
 * Run alone: `node -r ts-node/register bench/services-bench.ts [--runs N]` (part of `npm run bench`).
 */
import { parsePlatformConfig } from "../config/load";
import { evaluateStack } from "../offline/evaluate";
import { packConfigFor } from "../policy-pack/lib/service-policy-config";
import { buildStackPlan } from "../tools/plan/analysis";
import { packServicesOf } from "../tools/plan/services";

export const SERVICES_BUDGET_SECONDS = 3;
const KINDS = ["http", "internal", "worker"] as const;

/** A valid map of `n` services; every one runs an image (a bootstrap service costs nothing). */
export function generatedServices(n: number): Record<string, Record<string, unknown>> {
    const names = Array.from({ length: n }, (_, i) => (i === 0 ? "bff" : `svc${i}`));
    const kindOf = (i: number) => (i === 0 ? "http" : KINDS[i % 3]);
    const map: Record<string, Record<string, unknown>> = {};
    names.forEach((name, i) => {
        const kind = kindOf(i);
        const callee = names.findIndex((_, j) => j > i && kindOf(j) === "internal");
        map[name] = {
            kind,
            cpu: 256,
            memory: 512,
            imageTag: "1.0.0",
            ...(kind === "worker" ? {} : { port: 8000 + i, healthCheckPath: "/health" }),
            ...(kind === "http" && i > 0 ? { pathPatterns: [`/${name}/*`] } : {}),
            calls: callee > 0 ? [names[callee]] : [],
            database: i % 2 === 0,
            grants: { s3Prefix: `${name}/`, parameters: true },
        };
    });
    return map;
}

export interface ServicesPoint {
    readonly services: number;
    readonly resources: number;
    readonly seconds: number;
    readonly minUsd: number;
    readonly maxUsd: number;
}

async function planOnce(n: number): Promise<Omit<ServicesPoint, "services">> {
    const start = process.hrtime.bigint();
    const stack = await evaluateStack({
        stack: "dev",
        configOverrides: { "ecs-platform:services": generatedServices(n) },
    });
    const cfg = parsePlatformConfig(stack.config, "dev");
    const plan = buildStackPlan(stack, {
        policyConfig: { config: packConfigFor(packServicesOf(cfg.services)) as never },
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const report = plan.report;
    if (report.exitCode !== 0) throw new Error(`${n} services: plan exit ${report.exitCode}`);
    return {
        resources: stack.resources.length,
        seconds,
        minUsd: report.cost!.totalMinUsd,
        maxUsd: report.cost!.totalMaxUsd,
    };
}

export async function servicesBench(sizes: readonly number[], runs: number): Promise<ServicesPoint[]> {
    await planOnce(2); // warm the modules and the SDK, as every later stack of `npm run plan` is
    const points: ServicesPoint[] = [];
    for (const n of sizes) {
        let best: Omit<ServicesPoint, "services"> | undefined;
        for (let i = 0; i < runs; i++) {
            const p = await planOnce(n);
            if (!best || p.seconds < best.seconds) best = p;
        }
        points.push({ services: n, ...best! });
    }
    return points;
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const runs = Number(args[args.indexOf("--runs") + 1]) || 2;
    const points = await servicesBench([5, 10, 20, 40], runs);
    console.log("  services  resources  plan s   cost min/max (USD/month)  per added service min/max");
    points.forEach((p, i) => {
        const prev = points[i - 1];
        const per = prev
            ? `${((p.minUsd - prev.minUsd) / (p.services - prev.services)).toFixed(2)} / ${((p.maxUsd - prev.maxUsd) / (p.services - prev.services)).toFixed(2)}`
            : "";
        console.log(
            `  ${String(p.services).padStart(8)}  ${String(p.resources).padStart(9)}  ${p.seconds.toFixed(2).padStart(6)}   ${`${p.minUsd.toFixed(2)} / ${p.maxUsd.toFixed(2)}`.padStart(24)}  ${per}`,
        );
    });
    const twenty = points.find((p) => p.services === 20)!;
    console.log(
        `  20-service plan: ${twenty.seconds.toFixed(2)} s (budget <= ${SERVICES_BUDGET_SECONDS} s) ${twenty.seconds <= SERVICES_BUDGET_SECONDS ? "ok" : "OVER"}`,
    );
}

if (require.main === module) void main();
