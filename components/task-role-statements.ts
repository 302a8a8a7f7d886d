/**
 * The task-role statements of the optional per-service features, one function each: ECS Exec, a
 * worker's queue and its producers, and the tracing collector. components/task-roles.ts adds
 * them to each service's own policy; the pack's allowlist is derived from the same action lists
 * (policy-pack/lib/service-policy-config.ts).
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { EXEC_ACTIONS, LOGS_WRITE, QUEUE_ACTIONS, TRACING_ACTIONS } from "../policy-pack/lib/service-policy-config";
import type { TaskRoleService } from "./task-roles";

type Statement = aws.iam.PolicyStatement;

/**
 * ECS Exec from the task: the SSM agent in the container opens the session channels (the four
 * ssmmessages actions support no resource-level permission: Resource "*", as the ECS Developer
 * Guide's ECS Exec IAM policy has it,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions),
 * writes the session log to the one encrypted log group, and uses the session key.
 */
export function execStatements(service: TaskRoleService): Statement[] {
    if (!service.exec) return [];
    return [
        {
            Sid: "EcsExecSessionChannels",
            Effect: "Allow",
            Action: [...EXEC_ACTIONS.channels],
            Resource: "*",
        },
        {
            // The agent checks the group's encryption before it logs (DescribeLogGroups has no resource form).
            Sid: "EcsExecDescribeLogGroups",
            Effect: "Allow",
            Action: [...EXEC_ACTIONS.describeLogGroups],
            Resource: "*",
        },
        {
            Sid: "EcsExecSessionLog",
            Effect: "Allow",
            Action: [...LOGS_WRITE],
            Resource: pulumi.interpolate`${service.exec.logGroupArn}:*`,
        },
        {
            Sid: "EcsExecSessionKey",
            Effect: "Allow",
            Action: [...EXEC_ACTIONS.sessionKey],
            Resource: service.exec.kmsKeyArn,
        },
    ];
}

/** A worker consumes its own queue; a producer sends to the queues its grants name (nothing else of SQS). */
export function queueStatements(service: TaskRoleService): Statement[] {
    const out: Statement[] = [];
    if (service.consumeQueueArn !== undefined) {
        out.push({
            Sid: "ConsumeOwnQueue",
            Effect: "Allow",
            Action: [...QUEUE_ACTIONS.consume],
            Resource: service.consumeQueueArn,
        });
    }
    if (service.sendQueueArns && service.sendQueueArns.length > 0) {
        out.push({
            Sid: "SendToGrantedQueues",
            Effect: "Allow",
            Action: [...QUEUE_ACTIONS.send],
            Resource: [...service.sendQueueArns],
        });
    }
    return out;
}

/** The collector's X-Ray calls, which take no resource-level permission (Resource "*"). */
export function tracingStatements(service: TaskRoleService): Statement[] {
    if (!service.tracing) return [];
    return [{ Sid: "SendTracesToXRay", Effect: "Allow", Action: [...TRACING_ACTIONS.xray], Resource: "*" }];
}
