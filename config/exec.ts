/**
 * ECS Exec (`aws ecs execute-command`): a shell in a running task. Off by default, and audited when
 * on: every session is logged to a KMS-encrypted log group the cluster names
 * (`executeCommandConfiguration`, logging OVERRIDE), and production refuses it unless the stack
 * says so in so many words (`exec.allowInProd`). docs/services.md#ecs-exec has what it needs and costs.
 */
import { z } from "zod";
import { bool } from "./fields";
import type { KeyedIssue } from "./describe";

export const execSchema = z
    .object({
        /** Exec for every service that does not set `services.<name>.exec`. Default false. */
        enabled: bool().default(false),
        /** Allow Exec in a prod stack (a shell in production tasks). Default false: prod refuses it. */
        allowInProd: bool().default(false),
    })
    .strict();

export type ExecConfig = z.output<typeof execSchema>;

/** A service with Exec on in prod without `exec.allowInProd`: refused at the key that turned it on. */
export function execIssues(
    environment: "dev" | "test" | "prod",
    exec: ExecConfig,
    services: readonly { name: string; own?: boolean; exec: boolean }[],
): KeyedIssue[] {
    if (environment !== "prod" || exec.allowInProd) return [];
    const message =
        "turns on ECS Exec (a shell in running tasks) in prod; allowed only with ecs-platform:exec.allowInProd: true, after review: set that, or turn Exec off";
    const issues: KeyedIssue[] = services
        .filter((s) => s.exec && s.own)
        .map((s) => ({ path: ["services", s.name, "exec"], message }));
    if (exec.enabled && services.some((s) => s.exec && !s.own)) issues.push({ path: ["exec", "enabled"], message });
    return issues;
}
