/** Policies of the "logs" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const logsPolicies: PlatformPolicy[] = [];
