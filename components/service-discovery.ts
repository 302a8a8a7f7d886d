/**
 * A service's Cloud Map registration (kind internal): an A record `<name>.<namespace>` per task,
 * answered only while ECS reports the task healthy. Created as a child of the FargateService it
 * serves (the `parent` given), so its URN is the one it always had.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/** Registers the tasks in a Cloud Map private DNS namespace. */
export interface ServiceDiscovery {
    /** Namespace id. Required. */
    readonly namespaceId: pulumi.Input<string>;
    /** Namespace DNS name, for the dnsName output. Required. */
    readonly namespaceName: string;
    /** Cloud Map service name. Default: the container name. */
    readonly name?: string;
    /** A record TTL in seconds; short, because clients cache answers across task replacements. Default 10. */
    readonly ttlSeconds?: number;
}

/** The Cloud Map service `<service>-discovery` under `parent`: its ARN for the ECS service, the DNS name callers use. */
export function cloudMapRegistration(
    service: string,
    sd: ServiceDiscovery,
    containerName: string,
    parent: pulumi.Resource,
): { registryArn: pulumi.Output<string>; dnsName: string } {
    const discoveryName = sd.name ?? containerName;
    const discoveryService = new aws.servicediscovery.Service(
        `${service}-discovery`,
        {
            name: discoveryName,
            description: `Tasks of the ${containerName} service`,
            dnsConfig: {
                namespaceId: sd.namespaceId,
                dnsRecords: [{ type: "A", ttl: sd.ttlSeconds ?? 10 }],
                routingPolicy: "MULTIVALUE",
            },
            // ECS reports task health to Cloud Map. failureThreshold is deprecated (always 1)
            // but an empty block is dropped by the provider and never created.
            healthCheckCustomConfig: { failureThreshold: 1 },
            // Deletes the instances still registered: Cloud Map refuses to delete a service
            // that has any ("ResourceInUse", DeleteService,
            // https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteService.html), which
            // would dead-end a replacement or a destroy racing ECS's own deregistration.
            forceDestroy: true,
        },
        // A service name is unique in its namespace ("ServiceAlreadyExists", CreateService,
        // https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html): a
        // replacement (new name, namespace or health-check mode) must delete the old one first.
        { parent, deleteBeforeReplace: true },
    );
    return { registryArn: discoveryService.arn, dnsName: `${discoveryName}.${sd.namespaceName}` };
}
