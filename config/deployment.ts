/**
 * The `deployment` section of the stack configuration: how each service rolls out a new version
 * (strategy, bake times, traffic steps) and the thresholds of the alarms that roll it back. The
 * defaults live here (they depend on `environment`, so they are resolved after parsing by
 * `resolveRollout`); the ranges come from the ECS API table in
 * policy-pack/lib/limits/ecs-deployment.ts, which the plan's limits lint also uses.
 *
 * Why the defaults (docs/deployment.md#rollouts has the long form):
 * - dev rolls (fast feedback, one wave); test and prod canary the BFF (10 % for 5 min, then all,
 *   then a 10-minute bake with both versions up) so a bad version meets a tenth of the traffic and
 *   the alarms before it meets all of it; test rehearses prod's path.
 * - AgentCore rolls everywhere: with Cloud Map DNS (the default discovery) there is no load balancer
 *   or Service Connect to shift traffic (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html);
 *   the circuit breaker and the alarms guard it. With `discovery: serviceConnect` it may canary too.
 */
import { z } from "zod";
import { ECS_DEPLOYMENT_LIMITS, isTenth } from "../policy-pack/lib/aws-limits";
import type { KeyedIssue } from "./describe";
import { int, num, percent } from "./fields";

export const STRATEGIES = ["rolling", "canary", "linear", "blueGreen"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const DISCOVERY_MODES = ["cloudMap", "serviceConnect"] as const;
export type DiscoveryMode = (typeof DISCOVERY_MODES)[number];

const L = ECS_DEPLOYMENT_LIMITS;
const bakeMinutes = () => int(L.bakeTimeMinutes.min, L.bakeTimeMinutes.max);
const tenthPercent = (limit: { min: number; max: number }) =>
    num(
        z.number().refine((v) => v >= limit.min && v <= limit.max && isTenth(v), {
            message: `is not allowed; allowed: ${limit.min} to ${limit.max} in steps of 0.1 (percent of traffic)`,
        }),
    );

/** One service's rollout. Unset keys take the environment's default (resolveRollout). */
const serviceDeploymentSchema = z
    .object({
        /** rolling | canary | linear | blueGreen. Default: dev rolling; test/prod canary for the BFF, rolling for AgentCore. */
        strategy: z.enum(STRATEGIES).optional(),
        /** Minutes both versions run after all traffic moved (canary/linear/blueGreen). Default 10. */
        bakeTimeMinutes: bakeMinutes().optional(),
        /** canary: share of traffic the first shift moves. Default 10. */
        canaryPercent: tenthPercent(L.canaryPercent).optional(),
        /** canary: minutes at that share before the rest moves. Default 5. */
        canaryBakeTimeMinutes: bakeMinutes().optional(),
        /** linear: share moved per step. Default 25 (four steps). */
        linearStepPercent: tenthPercent(L.linearStepPercent).optional(),
        /** linear: minutes between steps. Default 3. */
        linearStepBakeTimeMinutes: bakeMinutes().optional(),
        /** rolling: floor of running tasks, percent of desired. Default 50 (dev, test), 100 (prod: no capacity dip). */
        minimumHealthyPercent: int(L.minimumHealthyPercent.min, L.minimumHealthyPercent.max).optional(),
        /** rolling: ceiling of running tasks, percent of desired; 100-400 (above 200 only adds cost). Default 200. */
        maximumPercent: int(L.maximumPercent.min, 400).optional(),
    })
    .strict();

const alarmsSchema = z
    .object({
        /** One-minute periods an alarm looks at. Default 3. */
        evaluationMinutes: int(1, 30).default(3),
        /** Breaching minutes among them that trip it. Default 2 (one bad minute is noise). */
        datapointsToAlarm: int(1, 30).default(2),
        /** BFF: target 5xx responses, percent of requests. Default 5. */
        bff5xxRatePercent: percent().default(5),
        /** BFF: below this many requests a minute the 5xx rate counts as 0 (1 failure in 2 is not 50 %). Default 10. */
        bffMinimumRequests: int(1, 1_000_000).default(10),
        /** BFF: p99 TargetResponseTime, seconds; requests wait on Bedrock, so tens of seconds are normal. Default 30. */
        bffP99ResponseTimeSeconds: num(z.number().min(0.1).max(4000)).default(30),
        /** BFF: unhealthy targets (Minimum over the minute) that trip the alarm. Default 1. */
        bffUnhealthyTargets: int(1, 1000).default(1),
        /** AgentCore: average CPU of the service, percent (autoscaling holds 70). Default 90. */
        agentcoreCpuPercent: percent().default(90),
        /** AgentCore: average memory of the service, percent (autoscaling holds 80). Default 90. */
        agentcoreMemoryPercent: percent().default(90),
    })
    .strict()
    .superRefine((a, ctx) => {
        if (a.datapointsToAlarm > a.evaluationMinutes) {
            ctx.addIssue({
                code: "custom",
                path: ["datapointsToAlarm"],
                message: `is greater than evaluationMinutes (${a.evaluationMinutes}); CloudWatch requires datapoints <= periods`,
            });
        }
    });

export const deploymentSchema = z
    .object({
        /**
         * How the BFF finds AgentCore at `agentcore.local:8080`. Default cloudMap: Cloud Map private DNS
         * (A records). serviceConnect (opt-in): ECS Service Connect in the same namespace (AgentCore
         * client-server, the BFF a client), a proxy in every task (256 CPU units and 64 MiB of the
         * task's size, config/service-connect.ts checks the room), the `ecs`, `ecs-agent` and
         * `ecs-telemetry` interface endpoints, and AgentCore may use a traffic-shifting strategy.
         * UNVERIFIED: what the Service Connect agent must reach in a VPC without NAT; it polls an
         * `ecs-sc` endpoint for which no PrivateLink service is documented. Prove it in a dev account
         * first (docs/deployment.md#service-connect); that is why cloudMap stays the default.
         */
        discovery: z.enum(DISCOVERY_MODES).default("cloudMap"),
        bff: serviceDeploymentSchema.prefault({}),
        agentcore: serviceDeploymentSchema.prefault({}),
        alarms: alarmsSchema.prefault({}),
    })
    .strict();

export type DeploymentConfig = z.output<typeof deploymentSchema>;
type ServiceDeploymentInput = z.output<typeof serviceDeploymentSchema>;
export type AlarmThresholds = z.output<typeof alarmsSchema>;

/** One service's resolved rollout: every parameter its strategy uses, none it does not. */
export type ServiceRollout =
    | { readonly strategy: "rolling"; readonly minimumHealthyPercent: number; readonly maximumPercent: number }
    | { readonly strategy: "blueGreen"; readonly bakeTimeMinutes: number }
    | {
          readonly strategy: "canary";
          readonly bakeTimeMinutes: number;
          readonly canaryPercent: number;
          readonly canaryBakeTimeMinutes: number;
      }
    | {
          readonly strategy: "linear";
          readonly bakeTimeMinutes: number;
          readonly linearStepPercent: number;
          readonly linearStepBakeTimeMinutes: number;
      };

export interface RolloutConfig {
    readonly discovery: DiscoveryMode;
    readonly bff: ServiceRollout;
    readonly agentcore: ServiceRollout;
    readonly alarms: AlarmThresholds;
}

type Environment = "dev" | "test" | "prod";
type ServiceKey = "bff" | "agentcore";

/** The defaults (see the file comment for why). */
export const ROLLOUT_DEFAULTS = {
    strategy: (env: Environment, service: ServiceKey): Strategy =>
        env !== "dev" && service === "bff" ? "canary" : "rolling",
    bakeTimeMinutes: 10,
    canaryPercent: 10,
    canaryBakeTimeMinutes: 5,
    linearStepPercent: 25,
    linearStepBakeTimeMinutes: 3,
    // seed T033, T034: rolling at 50 % minimum healthy, 200 % maximum; prod keeps full capacity (100 %).
    minimumHealthyPercent: (env: Environment): number => (env === "prod" ? 100 : 50),
    maximumPercent: 200,
} as const;

/** Keys each strategy uses (a key of another strategy is refused, not silently ignored). */
const STRATEGY_KEYS: Record<Strategy, readonly (keyof ServiceDeploymentInput)[]> = {
    rolling: ["minimumHealthyPercent", "maximumPercent"],
    blueGreen: ["bakeTimeMinutes"],
    canary: ["bakeTimeMinutes", "canaryPercent", "canaryBakeTimeMinutes"],
    linear: ["bakeTimeMinutes", "linearStepPercent", "linearStepBakeTimeMinutes"],
};

/** Services with a load balancer (traffic-shifting strategies need ELB or Service Connect; AgentCore gets Service Connect with discovery serviceConnect). */
const LOAD_BALANCED: Record<ServiceKey, boolean> = { bff: true, agentcore: false };

/** Rules across keys of the section, and against the environment's defaults. */
export function deploymentIssues(env: Environment, d: DeploymentConfig): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    for (const service of ["bff", "agentcore"] as const) {
        const s = d[service];
        const strategy = s.strategy ?? ROLLOUT_DEFAULTS.strategy(env, service);
        const origin = s.strategy === undefined ? `the ${env} default` : "deployment." + service + ".strategy";
        for (const key of Object.keys(s) as (keyof ServiceDeploymentInput)[]) {
            if (key === "strategy" || s[key] === undefined || STRATEGY_KEYS[strategy].includes(key)) continue;
            const users = STRATEGIES.filter((t) => STRATEGY_KEYS[t].includes(key)).join(" or ");
            issues.push({
                path: ["deployment", service, key],
                message: `applies only to strategy ${users}, but the strategy is ${strategy} (${origin}); remove it or set strategy`,
            });
        }
        if (strategy === "rolling") {
            const min = s.minimumHealthyPercent ?? ROLLOUT_DEFAULTS.minimumHealthyPercent(env);
            const max = s.maximumPercent ?? ROLLOUT_DEFAULTS.maximumPercent;
            if (max <= min) {
                issues.push({
                    path: ["deployment", service, "maximumPercent"],
                    message: `leaves no room above minimumHealthyPercent (${min}): ECS could neither start a new task nor stop an old one; allowed: above ${min}`,
                });
            }
        }
        if (strategy !== "rolling" && !LOAD_BALANCED[service] && d.discovery !== "serviceConnect") {
            issues.push({
                path: ["deployment", service, "strategy"],
                message:
                    `is ${strategy}, which shifts traffic through a load balancer or Service Connect; ${service} has ` +
                    `neither with discovery ${d.discovery}; allowed: rolling, or set deployment.discovery to serviceConnect`,
            });
        }
    }
    return issues;
}

/** Every parameter of each service's strategy, defaults applied. */
export function resolveRollout(env: Environment, d: DeploymentConfig): RolloutConfig {
    const one = (service: ServiceKey): ServiceRollout => {
        const s = d[service];
        const D = ROLLOUT_DEFAULTS;
        const strategy = s.strategy ?? D.strategy(env, service);
        const bakeTimeMinutes = s.bakeTimeMinutes ?? D.bakeTimeMinutes;
        switch (strategy) {
            case "rolling":
                return {
                    strategy,
                    minimumHealthyPercent: s.minimumHealthyPercent ?? D.minimumHealthyPercent(env),
                    maximumPercent: s.maximumPercent ?? D.maximumPercent,
                };
            case "blueGreen":
                return { strategy, bakeTimeMinutes };
            case "canary":
                return {
                    strategy,
                    bakeTimeMinutes,
                    canaryPercent: s.canaryPercent ?? D.canaryPercent,
                    canaryBakeTimeMinutes: s.canaryBakeTimeMinutes ?? D.canaryBakeTimeMinutes,
                };
            case "linear":
                return {
                    strategy,
                    bakeTimeMinutes,
                    linearStepPercent: s.linearStepPercent ?? D.linearStepPercent,
                    linearStepBakeTimeMinutes: s.linearStepBakeTimeMinutes ?? D.linearStepBakeTimeMinutes,
                };
        }
    };
    return { discovery: d.discovery, bff: one("bff"), agentcore: one("agentcore"), alarms: d.alarms };
}
