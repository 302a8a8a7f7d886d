/** Policies of the "iam" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const iamPolicies: PlatformPolicy[] = [];
