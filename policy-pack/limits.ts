/** Policies of the "limits" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const limitsPolicies: PlatformPolicy[] = [];
