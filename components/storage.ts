/**
 * Image repositories for the services (one per repository key of the services map: the seed's
 * `app` and `agent`, a new service its own name) and the data bucket. All are stateful: with `protect` set, Pulumi refuses to delete them; without it (dev, test) they are
 * force-deletable, so `pulumi destroy` completes with images and objects still inside.
 */
import * as aws from "./aws";
import { privateBucket } from "./private-bucket";
import { serverAccessLogs } from "./server-access-logs";
import { BUCKET_PURPOSE } from "../policy-pack/lib/bucket-purpose";
import * as pulumi from "@pulumi/pulumi";
import { StorageFoundation } from "./foundation-types";
import { ParameterLocation } from "./parameters";
import { DISPOSABLE_TAG_EXPIRY_DAYS, DISPOSABLE_TAG_PREFIXES, UNTAGGED_EXPIRY_DAYS } from "../config/image-tags";

/** Days an untagged image (a re-pushed or failed build layer) survives. */
export const ECR_UNTAGGED_EXPIRY_DAYS = UNTAGGED_EXPIRY_DAYS;

export interface StorageArgs {
    /** Protect the repositories and the bucket from deletion (Pulumi `protect`). Required. */
    readonly protect: boolean;
    /**
     * Repository names are `<repositoryNamespace>/<key>`. Explicit (not autonamed) so image URLs are
     * known at the first `pulumi preview` and policies can read the container definitions then.
     * Required, e.g. `ecs-platform-dev`.
     */
    readonly repositoryNamespace: string;
    /** One repository per key (`app`, `agent`, ...), in this order; resource `<name>-<key>`. Required. */
    readonly repositoryKeys: readonly string[];
    /** Account, region and partition the repository URLs are built from. Required. */
    readonly location: ParameterLocation;
    /** Days a non-current version of an agent-data object is kept. Default 90. */
    readonly noncurrentVersionExpiryDays?: number;
}

export class Storage extends pulumi.ComponentResource implements StorageFoundation {
    /** The Pulumi type token this component registers under (part of every child's URN). */
    public static readonly typeToken = "ecs-platform:foundation:Storage";

    /** The repositories by key. */
    public readonly repositories: Readonly<Record<string, aws.ecr.Repository>>;
    public readonly agentDataBucket: aws.s3.Bucket;
    public readonly repositoryUrls: Readonly<Record<string, pulumi.Output<string>>>;
    public readonly repositoryArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** Dedicated target of the agent-data bucket's server access logs (prefix `agent-data/`). */
    public readonly accessLogBucket: aws.s3.Bucket;
    public readonly agentDataBucketName: pulumi.Output<string>;
    public readonly agentDataBucketArn: pulumi.Output<string>;

    constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Storage.typeToken, name, {}, opts);
        const protect = args.protect;
        const noncurrentVersionExpiryDays = args.noncurrentVersionExpiryDays ?? 90;

        if (args.repositoryKeys.length === 0) {
            throw new pulumi.ResourceError("repositoryKeys is empty; every service needs a repository", this);
        }
        const repositories: Record<string, aws.ecr.Repository> = {};
        for (const key of new Set(args.repositoryKeys)) {
            repositories[key] = this.repository(`${name}-${key}`, `${args.repositoryNamespace}/${key}`, protect);
        }
        this.repositories = repositories;
        this.agentDataBucket = this.bucket(`${name}-agent-data`, protect, noncurrentVersionExpiryDays);
        this.accessLogBucket = serverAccessLogs(this, name, {
            protect,
            accountId: args.location.accountId,
            sources: [{ bucket: this.agentDataBucket, prefix: "agent-data/" }],
        }).bucket;

        const byKey = (f: (r: aws.ecr.Repository) => pulumi.Output<string>) =>
            Object.fromEntries(Object.entries(repositories).map(([k, r]) => [k, f(r)]));
        this.repositoryUrls = byKey((r) => repositoryUrl(args.location, r.name));
        this.repositoryArns = byKey((r) => r.arn);
        this.agentDataBucketName = this.agentDataBucket.bucket;
        this.agentDataBucketArn = this.agentDataBucket.arn;

        this.registerOutputs({
            repositoryUrls: this.repositoryUrls,
            repositoryArns: this.repositoryArns,
            agentDataBucketName: this.agentDataBucketName,
            agentDataBucketArn: this.agentDataBucketArn,
        });
    }

    /** A private repository: immutable tags (a deployed tag always means the same image), scan on push. */
    private repository(resourceName: string, repositoryName: string, protect: boolean): aws.ecr.Repository {
        const repository = new aws.ecr.Repository(
            resourceName,
            {
                name: repositoryName,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "AES256" }],
                // ECR refuses to delete a repository that holds images ("RepositoryNotEmptyException",
                // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html):
                // force it where nothing is protected, so dev/test tear down; never in a protected stack.
                forceDelete: !protect,
            },
            { parent: this, protect },
        );
        new aws.ecr.LifecyclePolicy(
            `${resourceName}-lifecycle`,
            { repository: repository.name, policy: { rules: lifecycleRules() } },
            { parent: this },
        );
        return repository;
    }

    /** Private, encrypted with the AWS managed key (same-account roles need no key grant), versioned, TLS-only. */
    private bucket(resourceName: string, protect: boolean, noncurrentVersionExpiryDays: number): aws.s3.Bucket {
        return privateBucket(this, resourceName, {
            protect,
            purpose: BUCKET_PURPOSE.data,
            sseAlgorithm: "aws:kms",
            versioned: true,
            lifecycleRules: [
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: noncurrentVersionExpiryDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        }).bucket;
    }
}

/**
 * What the repositories expire: untagged images, and images under a disposable (CI) tag prefix.
 * Never a tag a stack deploys: config refuses those prefixes as `imageTag`, and there is no
 * "any"/count rule, which would expire the image a service runs once enough newer ones exist.
 * One rule per prefix: a rule's `tagPrefixList` selects only images carrying every prefix listed
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html).
 */
export function lifecycleRules(): aws.types.input.ecr.LifecyclePolicyRule[] {
    return [
        {
            rulePriority: 1,
            description: `Expire untagged images after ${UNTAGGED_EXPIRY_DAYS} days`,
            selection: {
                tagStatus: "untagged",
                countType: "sinceImagePushed",
                countUnit: "days",
                countNumber: UNTAGGED_EXPIRY_DAYS,
            },
            action: { type: "expire" },
        },
        ...DISPOSABLE_TAG_PREFIXES.map((prefix, i) => ({
            rulePriority: 2 + i,
            description: `Expire CI images tagged ${prefix}* after ${DISPOSABLE_TAG_EXPIRY_DAYS} days`,
            selection: {
                tagStatus: "tagged",
                tagPrefixList: [prefix],
                countType: "sinceImagePushed",
                countUnit: "days",
                countNumber: DISPOSABLE_TAG_EXPIRY_DAYS,
            },
            action: { type: "expire" },
        })),
    ];
}

function ecrDomain(partition: string): string {
    return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** `<account>.dkr.ecr.<region>.<domain>/<name>`: what `repositoryUrl` will be, known before creation. */
export function repositoryUrl(
    location: ParameterLocation,
    repositoryName: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi
        .all([location.accountId, location.region, location.partition, repositoryName])
        .apply(
            ([accountId, region, partition, name]) => `${accountId}.dkr.ecr.${region}.${ecrDomain(partition)}/${name}`,
        );
}

export function repositoryArn(
    location: ParameterLocation,
    repositoryName: pulumi.Input<string>,
): pulumi.Output<string> {
    return pulumi.interpolate`arn:${location.partition}:ecr:${location.region}:${location.accountId}:repository/${repositoryName}`;
}
