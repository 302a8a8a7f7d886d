/** Entry point the Pulumi CLI runs: constructs the pack (which starts the analyzer server). */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, {
    description: "ecs-platform guard rails: no world-open ingress, no over-broad IAM, ECS/ALB/data hardening.",
    policies: [...policies],
});
