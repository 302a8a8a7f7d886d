/** IAM roles (CreateRole MaxSessionDuration); IAM name rules live with the other names. */
import { TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";

export const IAM_CHECKS: TypeChecks = {
    [AWS_TYPE.iam.Role]: [(ctx) => void ctx.range("maxSessionDuration", 3600, 43200)],
};
