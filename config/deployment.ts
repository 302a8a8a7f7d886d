/**
 * The `deployment` section of the stack configuration: how each service rolls out a new version
 * (strategy, bake times, traffic steps) and the thresholds of the alarms that roll it back. The
 * defaults live here (they depend on `environment`, so they are resolved after parsing by
 * `resolveRollout`); the ranges come from the ECS API table in
 * policy-pack/lib/limits/ecs-deployment.ts, which the plan's limits lint also uses.
 *
 * Why the defaults (docs/deployment.md#rollouts has the long form):
 * - dev rolls (fast feedback, one wave); test and prod canary every http service (10 % for 5 min, then all,
 *   then a 10-minute bake with both versions up) so a bad version meets a tenth of the traffic and
 *   the alarms before it meets all of it; test rehearses prod's path.
 * - internal and worker services roll everywhere: with Cloud Map DNS (the default discovery) there is no load balancer
 *   or Service Connect to shift traffic (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html);
 *   the circuit breaker and the alarms guard it. With `discovery: serviceConnect` an internal one may canary too.
 */
import { z } from "zod";
import { ECS_DEPLOYMENT_LIMITS, isTenth } from "../policy-pack/lib/aws-limits";
import { alarmsSchema } from "./alarm-thresholds";
import type { KeyedIssue } from "./describe";
import { int, num } from "./fields";

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

/** One service's rollout (`services.<name>.deployment`). Unset keys take the environment's default (resolveRollout). */
export const serviceDeploymentSchema = z
    .object({
        /** rolling | canary | linear | blueGreen. Default: dev rolling; test/prod canary for kind http, rolling for the others. */
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

export const deploymentSchema = z
    .object({
        /**
         * How callers find internal services at `<name>.local:<port>`. Default cloudMap: Cloud Map private DNS
         * (A records). serviceConnect (opt-in): ECS Service Connect in the same namespace (internal
         * services client-server, the others clients), a proxy in every task (256 CPU units and 64 MiB of the
         * task's size, config/service-connect.ts checks the room), the `ecs`, `ecs-agent` and
         * `ecs-telemetry` interface endpoints, and internal services may use a traffic-shifting strategy.
         * UNVERIFIED: what the Service Connect agent must reach in a VPC without NAT; it polls an
         * `ecs-sc` endpoint for which no PrivateLink service is documented. Prove it in a dev account
         * first (docs/deployment.md#service-connect); that is why cloudMap stays the default.
         */
        discovery: z.enum(DISCOVERY_MODES).default("cloudMap"),
        alarms: alarmsSchema.prefault({}),
    })
    .strict();

export type DeploymentConfig = z.output<typeof deploymentSchema>;
export type ServiceDeploymentInput = z.output<typeof serviceDeploymentSchema>;
export type { AlarmThresholds } from "./alarm-thresholds";

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

type Environment = "dev" | "test" | "prod";
/** Whether a service sits behind the ALB (kind http): traffic-shifting strategies need a load balancer or Service Connect. */
type Reach = { readonly loadBalanced: boolean };

/** The defaults (see the file comment for why). */
export const ROLLOUT_DEFAULTS = {
    strategy: (env: Environment, service: Reach): Strategy =>
        env !== "dev" && service.loadBalanced ? "canary" : "rolling",
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

/** Rules across the keys of one service's `deployment`, and against the environment's defaults. */
export function deploymentIssues(
    env: Environment,
    discovery: DiscoveryMode,
    path: readonly (string | number)[],
    s: ServiceDeploymentInput,
    reach: Reach,
): KeyedIssue[] {
    const issues: KeyedIssue[] = [];
    const strategy = s.strategy ?? ROLLOUT_DEFAULTS.strategy(env, reach);
    const origin = s.strategy === undefined ? `the ${env} default` : [...path, "strategy"].join(".");
    for (const key of Object.keys(s) as (keyof ServiceDeploymentInput)[]) {
        if (key === "strategy" || s[key] === undefined || STRATEGY_KEYS[strategy].includes(key)) continue;
        const users = STRATEGIES.filter((t) => STRATEGY_KEYS[t].includes(key)).join(" or ");
        issues.push({
            path: [...path, key],
            message: `applies only to strategy ${users}, but the strategy is ${strategy} (${origin}); remove it or set strategy`,
        });
    }
    if (strategy === "rolling") {
        const min = s.minimumHealthyPercent ?? ROLLOUT_DEFAULTS.minimumHealthyPercent(env);
        const max = s.maximumPercent ?? ROLLOUT_DEFAULTS.maximumPercent;
        if (max <= min) {
            issues.push({
                path: [...path, "maximumPercent"],
                message: `leaves no room above minimumHealthyPercent (${min}): ECS could neither start a new task nor stop an old one; allowed: above ${min}`,
            });
        }
    }
    if (strategy !== "rolling" && !reach.loadBalanced && discovery !== "serviceConnect") {
        issues.push({
            path: [...path, "strategy"],
            message:
                `is ${strategy}, which shifts traffic through a load balancer or Service Connect; this service has ` +
                `neither (not kind http, discovery ${discovery}); allowed: rolling, or set deployment.discovery to serviceConnect`,
        });
    }
    return issues;
}

/** Every parameter of one service's strategy, defaults applied. */
export function resolveRollout(env: Environment, s: ServiceDeploymentInput, reach: Reach): ServiceRollout {
    const D = ROLLOUT_DEFAULTS;
    const strategy = s.strategy ?? D.strategy(env, reach);
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
}
