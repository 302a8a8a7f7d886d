/** Security group descriptions and rule descriptions (EC2-VPC CreateSecurityGroup). */
import { asList, UNKNOWN } from "../known-values";
import { Check, LimitContext, TypeChecks } from "./context";
import { AWS_TYPE } from "../aws-types";

/** EC2-VPC security group names, descriptions and rule descriptions (CreateSecurityGroup). */
export const SECURITY_GROUP_TEXT = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
export const SECURITY_GROUP_TEXT_RULE = "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*";

function checkSecurityGroupText(ctx: LimitContext, path: string, from: unknown = ctx.props, label = path): void {
    const text = ctx.value(path, from, label);
    if (typeof text !== "string") return;
    if (text.length > 255) ctx.error(label, `is ${text.length} characters; the maximum is 255.`);
    if (!SECURITY_GROUP_TEXT.test(text)) ctx.error(label, `may contain only ${SECURITY_GROUP_TEXT_RULE}.`);
}

const securityGroupChecks: Check[] = [
    (ctx) => {
        checkSecurityGroupText(ctx, "description");
        for (const direction of ["ingress", "egress"]) {
            const rules = ctx.value(direction);
            if (rules === UNKNOWN) continue;
            asList(rules).forEach((r, i) =>
                checkSecurityGroupText(ctx, "description", r, `${direction}[${i}].description`),
            );
        }
    },
];

export const SECURITY_GROUP_CHECKS: TypeChecks = { [AWS_TYPE.ec2.SecurityGroup]: securityGroupChecks };
