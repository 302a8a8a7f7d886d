/**
 * Tracing's image source: an ECR pull-through cache rule for ECR Public under the prefix
 * `ecr-public`, so tasks without NAT pull the ADOT collector from the account's own registry
 * (through the ECR endpoints they already use); ECR fetches it upstream on the first pull
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html). Created only
 * with `tracing.enabled`.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export const ECR_PUBLIC_CACHE_PREFIX = "ecr-public";

export interface TracingCacheArgs {
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
}

export class TracingCache extends pulumi.ComponentResource {
    public static readonly typeToken = "ecs-platform:compute:TracingCache";

    /** `arn:...:ecr:<region>:<account>:repository/ecr-public/*`: the cache's repositories (execution role). */
    public readonly repositoryArnPattern: pulumi.Output<string>;

    constructor(name: string, args: TracingCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TracingCache.typeToken, name, {}, opts);
        new aws.ecr.PullThroughCacheRule(
            `${name}-ecr-public`,
            { ecrRepositoryPrefix: ECR_PUBLIC_CACHE_PREFIX, upstreamRegistryUrl: "public.ecr.aws" },
            { parent: this },
        );
        this.repositoryArnPattern = pulumi.interpolate`arn:${args.partition}:ecr:${args.region}:${args.accountId}:repository/${ECR_PUBLIC_CACHE_PREFIX}/*`;
        this.registerOutputs({ repositoryArnPattern: this.repositoryArnPattern });
    }
}
