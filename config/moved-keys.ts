/**
 * Keys an earlier layout of the stack file used, and where each went: a stack file written before
 * the services map gets a line that says what to write instead, not only "unknown key".
 */
const MOVED: Readonly<Record<string, string>> = {
    bff: "services.bff (the service entries moved into the ecs-platform:services map; docs/services.md#migrating)",
    agentcore:
        "services.agentcore (the service entries moved into the ecs-platform:services map; docs/services.md#migrating)",
};

/** Nested keys that moved: the old dotted key -> the new one. */
export const MOVED_NESTED: Readonly<Record<string, string>> = {
    "deployment.bff": "services.bff.deployment",
    "deployment.agentcore": "services.agentcore.deployment",
    "deployment.alarms.bff5xxRatePercent": "deployment.alarms.http5xxRatePercent",
    "deployment.alarms.bffMinimumRequests": "deployment.alarms.httpMinimumRequests",
    "deployment.alarms.bffP99ResponseTimeSeconds": "deployment.alarms.httpP99ResponseTimeSeconds",
    "deployment.alarms.bffUnhealthyTargets": "deployment.alarms.httpUnhealthyTargets",
    "deployment.alarms.agentcoreCpuPercent": "deployment.alarms.cpuPercent",
    "deployment.alarms.agentcoreMemoryPercent": "deployment.alarms.memoryPercent",
    "storage.appRepositoryName": "storage.repositoryNames.app",
    "storage.agentRepositoryName": "storage.repositoryNames.agent",
};

/** The line for a top-level key that moved, or undefined. */
export function movedKeyMessage(fullKey: string, key: string): string | undefined {
    const to = MOVED[key];
    return to === undefined ? undefined : `${fullKey}: moved; write it as ecs-platform:${to}`;
}
