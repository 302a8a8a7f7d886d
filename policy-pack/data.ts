/** Policies of the "data" area. */
import { PlatformPolicy } from "./lib/define-policy";

export const dataPolicies: PlatformPolicy[] = [];
