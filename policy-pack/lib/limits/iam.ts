/** IAM roles (CreateRole MaxSessionDuration); IAM name rules live with the other names. */
import { TypeChecks } from "./context";

export const IAM_CHECKS: TypeChecks = {
    "aws:iam/role:Role": [(ctx) => void ctx.range("maxSessionDuration", 3600, 43200)],
};
