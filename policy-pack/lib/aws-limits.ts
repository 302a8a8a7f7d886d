/**
 * Values AWS accepts at deploy time, kept in one place so the program's config validation, the
 * policy pack and the offline plan's limits lint all judge against the same table. This file is
 * the public entry; the table lives in ./limits/, one file per resource family. Sources: the AWS
 * API reference or guide page named beside each value in ./limits/, for example
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html and
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html; the name rules
 * are the documented constraints of each Create* API.
 */
export type { LimitEvaluation, LimitFinding, LimitSeverity } from "./limits/context";
export { CAPACITY_PROVIDER_BASE_MAX, CAPACITY_PROVIDER_WEIGHT_MAX, CONTAINER_INSIGHTS_VALUES } from "./limits/ecs";
export { ECS_DEPLOYMENT_LIMITS, ECS_DEPLOYMENT_STRATEGIES, isTenth } from "./limits/ecs-deployment";
export type { EcsDeploymentStrategy } from "./limits/ecs-deployment";
export { checkResourceLimits, evaluateResourceLimits, LIMIT_CHECKED_TYPES } from "./limits/evaluate";
export {
    FARGATE_CPU_MEMORY,
    FARGATE_CPU_VALUES,
    FARGATE_MAX_STOP_TIMEOUT_SECONDS,
    FARGATE_SPOT_NOTICE_SECONDS,
    isValidFargateSize,
    parseTaskCpu,
    parseTaskMemory,
} from "./limits/fargate";
export { TARGET_GROUP_LIMITS } from "./limits/load-balancing";
export { LOG_RETENTION_DAYS } from "./limits/logs";
export { AUTONAME_SUFFIX_LENGTH, NAME_PREFIX_SUFFIX_LENGTH, NAME_RULES } from "./limits/names";
export type { NameRule } from "./limits/names";
export { SECURITY_GROUP_TEXT } from "./limits/security-groups";
export { CONTAINER_HEALTH_CHECK } from "./limits/task-definition";
