/** Policies of the "ssm" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const ssmPolicies: PlatformPolicy[] = [];
