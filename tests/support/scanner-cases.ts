/**
 * Small generated stacks for the scanner specs: each case is one Pulumi program registered twice,
 * once with a safe setting and once with one known-bad setting, and the Checkov checks that bad
 * setting must (and alone may) trip. Evaluated offline like the real program, exported by the
 * same tfplan exporter, so a mapping mistake shows up as a check that no longer fires.
 */
import * as aws from "@pulumi/aws";

export interface ScannerCase {
    readonly name: string;
    /** The checks the bad variant fails and the good one passes: exactly these, no other. */
    readonly checks: readonly string[];
    /** Why Checkov does not flag this bad setting (a check that reads another field); absent when it does. */
    readonly checkovGap?: string;
    readonly program: (bad: boolean) => void;
}

const assumeEcsTasks = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export const SCANNER_CASES: readonly ScannerCase[] = [
    {
        name: "an ingress rule from 0.0.0.0/0 (SSH)",
        checks: ["CKV_AWS_24"],
        program: (bad) => {
            const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
            const sg = new aws.ec2.SecurityGroup("sg", { vpcId: vpc.id, description: "case" });
            new aws.vpc.SecurityGroupIngressRule("ssh", {
                securityGroupId: sg.id,
                description: "ssh",
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                cidrIpv4: bad ? "0.0.0.0/0" : "10.0.0.0/16",
            });
        },
    },
    {
        name: "a bucket without server-side encryption by KMS",
        checks: ["CKV_AWS_145"],
        program: (bad) => {
            const key = new aws.kms.Key("key", { enableKeyRotation: true, description: "case" });
            const bucket = new aws.s3.Bucket("bucket", {});
            if (!bad) {
                new aws.s3.BucketServerSideEncryptionConfiguration("sse", {
                    bucket: bucket.id,
                    rules: [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } },
                    ],
                });
            }
        },
    },
    {
        name: "a publicly accessible RDS instance",
        checks: ["CKV_AWS_17"],
        program: (bad) => {
            new aws.rds.Instance("db", {
                engine: "postgres",
                engineVersion: "16",
                instanceClass: "db.t4g.micro",
                allocatedStorage: 20,
                storageEncrypted: true,
                username: "dbadmin",
                manageMasterUserPassword: true,
                publiclyAccessible: bad,
                skipFinalSnapshot: true,
            });
        },
    },
    {
        name: "an IAM policy allowing * on *",
        // Every check Checkov has on `*` actions and resources of an identity policy.
        checks: [
            "CKV_AWS_62",
            "CKV_AWS_63",
            "CKV_AWS_286",
            "CKV_AWS_287",
            "CKV_AWS_288",
            "CKV_AWS_289",
            "CKV_AWS_290",
            "CKV_AWS_355",
            "CKV2_AWS_40",
        ],
        program: (bad) => {
            const role = new aws.iam.Role("role", { assumeRolePolicy: assumeEcsTasks });
            new aws.iam.RolePolicy("policy", {
                role: role.id,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        bad
                            ? { Effect: "Allow", Action: "*", Resource: "*" }
                            : { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::bucket/*"] },
                    ],
                },
            });
        },
    },
    {
        name: "a task definition with a privileged container",
        checks: [],
        checkovGap:
            "CKV_AWS_334 (ECSContainerPrivilege.py in Checkov 3.3.30) reads `privilege`, not the ECS field " +
            "`privileged`, so it passes a privileged container; the next case proves it reads our export. " +
            "The pack's own ecs-containers policies catch privileged containers.",
        program: (bad) => taskDefinition({ privileged: bad }),
    },
    {
        name: "a task definition with the field CKV_AWS_334 reads (`privilege`)",
        checks: ["CKV_AWS_334"],
        program: (bad) => taskDefinition(bad ? { privilege: true } : {}),
    },
    {
        name: "a task definition with a writable root file system",
        checks: ["CKV_AWS_336"],
        program: (bad) => taskDefinition({ readonlyRootFilesystem: !bad }),
    },
];

function taskDefinition(container: Record<string, unknown>): void {
    new aws.ecs.TaskDefinition("task", {
        family: "case",
        cpu: "256",
        memory: "512",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        containerDefinitions: JSON.stringify([
            {
                name: "app",
                image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.0",
                essential: true,
                readonlyRootFilesystem: true,
                user: "1000:1000",
                ...container,
            },
        ]),
    });
}
