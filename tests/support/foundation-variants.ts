/**
 * A foundation the program did not create, described twice: as ids in config (`existing`) and as
 * other stacks' outputs (`stackReference`). Shared by the foundation-mode specs and the plan's
 * reachability spec, so dev on an existing foundation is evaluated once per run.
 */
import type { EvaluatedStack } from "../../offline/evaluate";
import { ACCOUNT, REGION } from "./architecture";
import { evaluateVariant } from "./variants";

export const NETWORK = {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    vpcCidr: "10.0.0.0/16",
    publicSubnetIds: ["subnet-0aaa000000000001a", "subnet-0aaa000000000002a"],
    appSubnetIds: ["subnet-0bbb000000000011b", "subnet-0bbb000000000012b"],
    agentSubnetIds: ["subnet-0ccc000000000021c", "subnet-0ccc000000000022c"],
    dataSubnetIds: ["subnet-0ddd000000000031d", "subnet-0ddd000000000032d"],
    endpointSecurityGroupId: "sg-0eee00000000000e1",
    s3PrefixListId: "pl-63a5400a",
};
export const DATABASE_SG = "sg-0fff00000000000f1";
export const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export const BUCKET = "acme-agent-data";
const repository = (name: string) => ({
    url: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}`,
    arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`,
});
export const APP_REPO = repository("acme/app");
export const AGENT_REPO = repository("acme/agent");
export const ssm = (path: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/ecs-platform/dev/${path}`;

export const EXISTING = {
    "ecs-platform:network": { mode: "existing", ...NETWORK },
    "ecs-platform:storage": {
        mode: "existing",
        repositoryNames: { app: "acme/app", agent: "acme/agent" },
        agentDataBucketName: BUCKET,
    },
    "ecs-platform:parameters": { mode: "existing", kmsKeyArn: KMS_KEY },
    "ecs-platform:database": { mode: "existing", securityGroupId: DATABASE_SG },
};

export const FOUNDATION_STACK = "acme/foundation/shared";
export const PARAMETERS_STACK = "acme/parameters/dev";
export const STACK_REFERENCE = {
    configOverrides: {
        "ecs-platform:network": { mode: "stackReference", stackReference: FOUNDATION_STACK },
        "ecs-platform:storage": { mode: "stackReference", stackReference: FOUNDATION_STACK },
        "ecs-platform:parameters": { mode: "stackReference", stackReference: PARAMETERS_STACK },
        "ecs-platform:database": { mode: "stackReference", stackReference: FOUNDATION_STACK },
    },
    stackReferences: {
        [FOUNDATION_STACK]: {
            ...NETWORK,
            repositoryUrls: { app: APP_REPO.url, agent: AGENT_REPO.url },
            repositoryArns: { app: APP_REPO.arn, agent: AGENT_REPO.arn },
            agentDataBucketName: BUCKET,
            agentDataBucketArn: `arn:aws:s3:::${BUCKET}`,
            databaseSecurityGroupId: DATABASE_SG,
        },
        [PARAMETERS_STACK]: {
            parameterArnPattern: ssm("*"),
            kmsKeyArn: KMS_KEY,
        },
    },
};

let existing: Promise<EvaluatedStack> | undefined;

/** dev on the `existing` foundation above (every part from ids in config), evaluated once per run. */
export function getExistingFoundationDev(): Promise<EvaluatedStack> {
    existing ??= evaluateVariant({ stack: "dev", configOverrides: EXISTING });
    return existing;
}
