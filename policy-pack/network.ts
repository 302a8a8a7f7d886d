/** Policies of the "network" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const networkPolicies: PlatformPolicy[] = [];
