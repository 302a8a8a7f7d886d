import { readPolicyPackConfig, runPolicies } from "../offline/analyze";
import { evaluateStack } from "../offline/evaluate";
import { policies } from "../policy-pack/policies";
import { replicate } from "./scale";
(async () => {
    const dev = await evaluateStack({ stack: "dev" });
    const base = dev.resources.filter((r) => r.custom);
    const config = readPolicyPackConfig("dev").config;
    const copies = Number(process.argv[2]);
    const rs = replicate(base, copies);
    runPolicies(policies, replicate(base, 2), config);
    const res: [string, number][] = [];
    for (const p of policies) {
        const s = process.hrtime.bigint();
        runPolicies([p], rs, config);
        res.push([p.name, Number(process.hrtime.bigint() - s) / 1e6]);
    }
    res.sort((a, b) => b[1] - a[1]);
    console.log(JSON.stringify(Object.fromEntries(res)));
})();
