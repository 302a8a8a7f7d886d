/**
 * Which resource types hold state that a replacement loses: data (a database, a bucket's objects,
 * a repository's images, a log group's events), key material (a KMS key: what it encrypted cannot
 * be decrypted by the new one) or a generated value (a parameter's or a random password's value).
 * A task definition, a security group rule or an alarm is re-created from its inputs alone, so
 * replacing it loses nothing; the diff warns about data loss only for the types here.
 */
import { AWS_TYPE } from "../../policy-pack/lib/aws-types";

export const STATE_HOLDING_TYPES: ReadonlySet<string> = new Set([
    AWS_TYPE.rds.Instance,
    AWS_TYPE.rds.Cluster,
    AWS_TYPE.rds.ClusterInstance,
    AWS_TYPE.neptune.ClusterInstance,
    AWS_TYPE.redshift.Cluster,
    AWS_TYPE.s3.Bucket,
    AWS_TYPE.ecr.Repository,
    AWS_TYPE.cloudwatch.LogGroup,
    AWS_TYPE.kms.Key,
    AWS_TYPE.secretsmanager.Secret,
    AWS_TYPE.ssm.Parameter,
    "aws:dynamodb/table:Table",
    "aws:efs/fileSystem:FileSystem",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:docdb/cluster:Cluster",
    "random:index/randomPassword:RandomPassword",
    "random:index/randomId:RandomId",
    "random:index/randomString:RandomString",
]);

export function holdsState(type: string): boolean {
    return STATE_HOLDING_TYPES.has(type);
}
