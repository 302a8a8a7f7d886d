/**
 * Turns the network/storage/parameters/database config into the typed foundation the compute layer
 * consumes. Each part is created here ("create"), read from another stack's outputs of the same
 * names as the interface fields ("stackReference"), or assembled from ids in config ("existing").
 */
import { vpcOriginExcludedZoneIds } from "../policy-pack/lib/edge-facts";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config/schema";
import { Database } from "./database";
import { DATABASE_OUTPUTS, NETWORK_OUTPUTS, PARAMETERS_OUTPUTS, STORAGE_OUTPUTS } from "./foundation-outputs";
import {
    DatabaseFoundation,
    NetworkFoundation,
    ParametersFoundation,
    repositoryNamespace,
    StorageFoundation,
} from "./foundation-types";
import { Network } from "./network";
import {
    ParameterLocation,
    Parameters,
    parameterArnPattern,
    parameterPathPrefix,
    serviceSecretArns,
} from "./parameters";
import { repositoryArn, repositoryUrl, Storage } from "./storage";
import { verifyExistingNetwork } from "./vpc-origin-network";

export interface FoundationContext {
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
}

export interface ResolvedFoundation {
    readonly network: NetworkFoundation;
    readonly storage: StorageFoundation;
    readonly parameters: ParametersFoundation;
    readonly database: DatabaseFoundation;
    /** The components this stack created (unset for parts taken from elsewhere). */
    readonly created: { network?: Network; storage?: Storage; parameters?: Parameters; database?: Database };
}

// seed T049: the compute layer takes network, storage, parameters and database from here, created or referenced.
export function resolveFoundation(
    cfg: PlatformConfig,
    ctx: FoundationContext,
    opts?: pulumi.ComponentResourceOptions,
): ResolvedFoundation {
    const references = new StackReferences(opts);
    const location: ParameterLocation = { region: cfg.region, accountId: ctx.accountId, partition: ctx.partition };
    const created: ResolvedFoundation["created"] = {};

    let network: NetworkFoundation;
    switch (cfg.network.mode) {
        case "create":
            network = created.network = new Network(
                "network",
                {
                    cidr: cfg.network.vpcCidr,
                    availabilityZones: cfg.network.availabilityZones,
                    region: cfg.region,
                    serviceConnectEndpoints: cfg.deployment.discovery === "serviceConnect",
                    execEndpoints: cfg.services.some((s) => s.exec),
                    queueEndpoint: cfg.services.some((s) => s.kind === "worker" && s.queue !== undefined),
                    xrayEndpoint: cfg.tracing.enabled,
                    // The internal ALB lives in the app subnets; a VPC origin cannot use some zone IDs.
                    excludedZoneIds:
                        cfg.edge.mode === "vpcOrigin" ? [...(vpcOriginExcludedZoneIds(cfg.region) ?? [])] : undefined,
                },
                opts,
            );
            break;
        case "stackReference":
            network = references.read<NetworkFoundation>(cfg.network.stackReference, NETWORK_OUTPUTS);
            break;
        case "existing": {
            const { mode: _mode, ...ids } = cfg.network;
            network = ids;
            break;
        }
    }
    if (cfg.edge.mode === "vpcOrigin" && cfg.network.mode !== "create") {
        const source =
            cfg.network.mode === "existing" ? "network.vpcId" : `network.stackReference ${cfg.network.stackReference}`;
        const check = { vpcId: network.vpcId, albSubnetIds: network.appSubnetIds, region: cfg.region, source };
        network = { ...network, vpcOrigin: verifyExistingNetwork(undefined, check) };
    }

    let storage: StorageFoundation;
    switch (cfg.storage.mode) {
        case "create":
            storage = created.storage = new Storage(
                "storage",
                {
                    protect: cfg.protect,
                    repositoryNamespace: repositoryNamespace(cfg.stack),
                    repositoryKeys: cfg.services.map((s) => s.repository),
                    location,
                },
                opts,
            );
            break;
        case "stackReference":
            storage = references.read<StorageFoundation>(cfg.storage.stackReference, STORAGE_OUTPUTS);
            break;
        case "existing": {
            const names = Object.entries(cfg.storage.repositoryNames);
            storage = {
                repositoryUrls: Object.fromEntries(names.map(([key, n]) => [key, repositoryUrl(location, n)])),
                repositoryArns: Object.fromEntries(names.map(([key, n]) => [key, repositoryArn(location, n)])),
                agentDataBucketName: cfg.storage.agentDataBucketName,
                agentDataBucketArn: pulumi.interpolate`arn:${ctx.partition}:s3:::${cfg.storage.agentDataBucketName}`,
            };
            break;
        }
    }

    const secrets = cfg.services.map((s) => ({ service: s.name, displayName: s.displayName, secrets: s.secrets }));
    let parameters: ParametersFoundation;
    switch (cfg.parameters.mode) {
        case "create":
            parameters = created.parameters = new Parameters(
                "parameters",
                {
                    stack: cfg.stack,
                    region: cfg.region,
                    accountId: ctx.accountId,
                    partition: ctx.partition,
                    protect: cfg.protect,
                    services: secrets,
                },
                opts,
            );
            break;
        case "stackReference": {
            const [reference, stackName] = references.get(cfg.parameters.stackReference);
            const read: Record<string, pulumi.Output<any>> = {};
            for (const key of PARAMETERS_OUTPUTS) read[key] = reference.requireOutput(key);
            parameters = {
                ...(read as Pick<ParametersFoundation, (typeof PARAMETERS_OUTPUTS)[number]>),
                // Plain strings in the interface: the referenced stack's path, derived from its name,
                // and the secrets under it, by the names this stack's services declare.
                pathPrefix: parameterPathPrefix(stackName),
                serviceSecrets: serviceSecretArns(location, stackName, secrets),
            };
            break;
        }
        case "existing":
            parameters = {
                pathPrefix: parameterPathPrefix(cfg.stack),
                parameterArnPattern: parameterArnPattern(location, cfg.stack),
                kmsKeyArn: cfg.parameters.kmsKeyArn,
                serviceSecrets: serviceSecretArns(location, cfg.stack, secrets),
            };
            break;
    }

    let database: DatabaseFoundation;
    switch (cfg.database.mode) {
        case "create": {
            const { mode: _mode, ...settings } = cfg.database;
            database = created.database = new Database(
                "database",
                {
                    vpcId: network.vpcId,
                    dataSubnetIds: network.dataSubnetIds,
                    settings,
                    environment: cfg.environment,
                    protect: cfg.protect,
                    stack: cfg.stack,
                    location,
                },
                opts,
            );
            break;
        }
        case "stackReference": {
            const [reference] = references.get(cfg.database.stackReference);
            const read: Record<string, pulumi.Output<any>> = {};
            for (const [output, field] of Object.entries(DATABASE_OUTPUTS))
                read[field] = reference.requireOutput(output);
            database = read as unknown as DatabaseFoundation;
            break;
        }
        case "existing":
            database = { securityGroupId: cfg.database.securityGroupId };
            break;
    }

    return { network, storage, parameters, database, created };
}

/** One `pulumi.StackReference` per distinct `<org>/<project>/<stack>`, however many parts use it. */
class StackReferences {
    private readonly byName = new Map<string, pulumi.StackReference>();

    constructor(private readonly opts?: pulumi.ComponentResourceOptions) {}

    /** The reference and the referenced stack's name (the last segment). */
    get(fullName: string): [pulumi.StackReference, string] {
        let reference = this.byName.get(fullName);
        if (reference === undefined) {
            reference = new pulumi.StackReference(fullName, { name: fullName }, this.customOptions());
            this.byName.set(fullName, reference);
        }
        return [reference, fullName.split("/").pop() ?? fullName];
    }

    /** Reads each key as a required output of the same name. */
    read<T>(fullName: string, keys: readonly (keyof T & string)[]): T {
        const [reference] = this.get(fullName);
        const out: Record<string, pulumi.Output<any>> = {};
        for (const key of keys) out[key] = reference.requireOutput(key);
        return out as T;
    }

    /** StackReference is a custom resource: pass on only the options that apply to it. */
    private customOptions(): pulumi.CustomResourceOptions | undefined {
        if (this.opts === undefined) return undefined;
        const { providers: _providers, ...rest } = this.opts as pulumi.ComponentResourceOptions & {
            providers?: unknown;
        };
        return rest as pulumi.CustomResourceOptions;
    }
}
