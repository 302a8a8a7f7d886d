/** Policies of the "ecs" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const ecsPolicies: PlatformPolicy[] = [];
