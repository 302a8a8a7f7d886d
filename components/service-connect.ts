/**
 * The Service Connect part of an ECS service (opt-in, `deployment.discovery: serviceConnect`):
 * AgentCore is client-server under the alias clients already use (`agentcore.local:8080`, so the
 * BFF's AGENTCORE_URL does not change), the BFF a client. Both join the cluster's Cloud Map
 * namespace: the private DNS namespace that Cloud Map DNS uses, since Service Connect takes any
 * namespace type ("If you enter an existing namespace name or ARN, then that namespace will be used.
 * Any namespace type is supported", ECS API ClusterServiceConnectDefaultsRequest,
 * https://docs.rs/aws-sdk-ecs/0.24.0/aws_sdk_ecs/model/cluster_service_connect_defaults_request/struct.Builder.html;
 * "Amazon ECS Service Connect doesn't use or create DNS hosted zones in Amazon Route 53",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html). Each service
 * names the namespace itself, so the cluster needs no `serviceConnectDefaults`.
 *
 * Provider names (@pulumi/aws 7.48.0, types/input.d.ts `ServiceServiceConnectConfiguration`):
 * `enabled`, `namespace`, `logConfiguration`, `services[].{portName, discoveryName, clientAlias[],
 * timeout.{perRequestTimeoutSeconds, idleTimeoutSeconds}}`; `clientAlias` is a list holding
 * exactly one entry.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_CONNECT_TIMEOUTS } from "../policy-pack/lib/service-connect";
import type { ServiceTask } from "./fargate-task-definition";

/** A service's place in the Service Connect namespace. */
export interface ServiceConnectBinding {
    /** ARN of the Cloud Map namespace (the cluster's). Required. */
    readonly namespaceArn: pulumi.Input<string>;
    /**
     * Client-server: the name and port clients call (`agentcore.local`, the task's container port)
     * and the Cloud Map service ECS creates for it. Unset: a client only (the BFF).
     */
    readonly server?: {
        readonly dnsName: string;
        /**
         * Cloud Map service ECS creates; unique in the namespace, not resolvable by clients
         * (`agentcore-sc`: distinct from the DNS-mode service `agentcore`, so switching modes in one
         * `up` never asks Cloud Map for a name that is still taken).
         */
        readonly discoveryName: string;
    };
    /** The proxy's logs: the service's own log group, under its own stream prefix. Required. */
    readonly log: { readonly groupName: pulumi.Input<string>; readonly region: string };
}

/** The Service Connect argument of FargateService (which extends this). */
export interface ServiceConnectArgs {
    /** ECS Service Connect, client or client-server. Default none (no `serviceConnectConfiguration`). */
    readonly serviceConnect?: ServiceConnectBinding;
}

/** The `serviceConnectConfiguration` input of an `aws.ecs.Service`; undefined without a binding. */
export function serviceConnectConfiguration(
    binding: ServiceConnectBinding | undefined,
    task: ServiceTask,
    owner: pulumi.Resource,
): aws.types.input.ecs.ServiceServiceConnectConfiguration | undefined {
    if (binding === undefined) return undefined;
    const services: aws.types.input.ecs.ServiceServiceConnectConfigurationService[] = [];
    if (binding.server !== undefined) {
        // Service Connect refers to a named port mapping of the task definition.
        if (task.portName === undefined || task.containerPort === undefined) {
            throw new pulumi.ResourceError(
                `Service Connect client-server ${binding.server.dnsName} needs a named port mapping; the task definition of ${task.containerName} has none (portName)`,
                owner,
            );
        }
        services.push({
            portName: task.portName,
            discoveryName: binding.server.discoveryName,
            clientAlias: [{ dnsName: binding.server.dnsName, port: task.containerPort }],
            timeout: { ...SERVICE_CONNECT_TIMEOUTS },
        });
    }
    return {
        enabled: true,
        namespace: binding.namespaceArn,
        services: services.length > 0 ? services : undefined,
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": binding.log.groupName,
                "awslogs-region": binding.log.region,
                "awslogs-stream-prefix": `${task.containerName}-service-connect`,
            },
        },
    };
}
