/** Policies of the "alb" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const albPolicies: PlatformPolicy[] = [];
