/** Policies of the "ecr" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const ecrPolicies: PlatformPolicy[] = [];
