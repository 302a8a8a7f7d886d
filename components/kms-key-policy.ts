/** The statement every customer managed key of the platform starts its policy with. */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The account root administers the key, which lets IAM policies (a role's kms:Decrypt) grant its
 * use; no wildcard principal (the KMS default key policy).
 */
export function accountAdministersKey(
    partition: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
): aws.iam.PolicyStatement {
    return {
        Sid: "EnableIamPoliciesOfTheAccount",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}
