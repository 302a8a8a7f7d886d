/**
 * The cost estimate's database lines, bootstrap-mode services, the price table's age and the
 * wording users see (AWS pricing pages or "estimate", never internal notes).
 */
import * as assert from "assert";
import { costInputsOf, CostInputs, estimateCost } from "../../../tools/plan/cost";
import { PlanGraph } from "../../../tools/plan/graph";
import { PRICES } from "../../../tools/plan/prices";
import { getEvaluatedStack } from "../../support/evaluated-stacks";
import { evaluateVariant, servicesOverride } from "../../support/variants";
import { stackFileServices } from "../../support/architecture";

const NO_SERVICES: CostInputs = {
    services: [],
    loadBalancers: 0,
    interfaceEndpoints: [],
    natGateways: 0,
    cloudFrontDistributions: 0,
    edge: { webAcls: [], vpcOrigins: 0 },
};
const SERVICE = {
    name: "bff",
    vcpu: 0.5,
    memoryGb: 1,
    minTasks: 2,
    maxTasks: 4,
    strategy: [],
    discoverable: true,
};
const line = (inputs: CostInputs, item: string) => estimateCost(inputs).lines.find((l) => l.item === item);
const db = { name: "database-instance", instanceClass: "db.t4g.micro", storageGb: 20, storageType: "gp3" };

describe("plan: cost of the database, bootstrap mode and the price table", () => {
    it("prices a Single-AZ db.t4g.micro with 20 GB gp3 by hand: 0.016 × 730 and 20 × 0.115", () => {
        const inputs = { ...NO_SERVICES, databases: [{ ...db, multiAz: false }] };
        assert.strictEqual(line(inputs, "RDS instance")?.maxUsd, 11.68);
        assert.strictEqual(line(inputs, "RDS storage")?.maxUsd, 2.3);
        assert.match(line(inputs, "RDS instance")!.detail, /Single-AZ/);
    });

    it("doubles instance and storage for Multi-AZ (a standby in a second AZ)", () => {
        const inputs = { ...NO_SERVICES, databases: [{ ...db, multiAz: true }] };
        assert.strictEqual(line(inputs, "RDS instance")?.maxUsd, 23.36);
        assert.strictEqual(line(inputs, "RDS storage")?.maxUsd, 4.6);
        assert.match(line(inputs, "RDS instance")!.detail, /Multi-AZ/);
    });

    it("says so when a class or storage type has no price, instead of inventing one", () => {
        const inputs = {
            ...NO_SERVICES,
            databases: [{ ...db, instanceClass: "db.r7g.large", storageType: "io2", multiAz: false }],
        };
        const estimate = estimateCost(inputs);
        assert.strictEqual(line(inputs, "RDS instance")?.maxUsd, 0);
        assert.ok(estimate.notIncluded.some((n) => /db\.r7g\.large not in the table/.test(n)));
        assert.ok(estimate.notIncluded.some((n) => /io2 storage/.test(n)));
    });

    it("reads the database from the graph: dev Single-AZ, prod Multi-AZ", async () => {
        const dev = costInputsOf(new PlanGraph(await getEvaluatedStack("dev")));
        const prod = costInputsOf(new PlanGraph(await getEvaluatedStack("prod")));
        assert.deepStrictEqual(
            dev.databases?.map((d) => [d.instanceClass, d.storageGb, d.storageType, d.multiAz]),
            [["db.t4g.micro", 20, "gp3", false]],
        );
        assert.strictEqual(prod.databases?.[0].multiAz, true);
    });

    it("prices a bootstrap-mode service at 0 tasks and says what it costs once it runs", () => {
        const running = line({ ...NO_SERVICES, services: [{ ...SERVICE, countsFrom: "graph" }] }, "Fargate bff")!;
        const bootstrap = line({ ...NO_SERVICES, services: [{ ...SERVICE, countsFrom: "config" }] }, "Fargate bff")!;
        assert.ok(running.maxUsd > 0);
        assert.deepStrictEqual([bootstrap.minUsd, bootstrap.maxUsd], [0, 0]);
        assert.match(bootstrap.detail, /bootstrap mode: 0 tasks until an image tag is set/);
        assert.ok(bootstrap.detail.includes(`$${running.maxUsd.toFixed(2)}`), bootstrap.detail);
        const cloudMap = estimateCost({ ...NO_SERVICES, services: [{ ...SERVICE, countsFrom: "config" }] });
        assert.ok(!cloudMap.lines.some((l) => l.item === "Cloud Map" || /Logs/.test(l.item)));
    });

    it("the committed stacks run in bootstrap mode, so their services cost 0 today", async () => {
        const report = estimateCost(costInputsOf(new PlanGraph(await getEvaluatedStack("dev"))));
        const fargate = report.lines.filter((l) => l.item.startsWith("Fargate"));
        // One line per service of the stack file (the seed's bff and agentcore).
        const names = stackFileServices("dev").map((s) => `Fargate ${s.name}`);
        assert.ok(names.includes("Fargate bff") && names.includes("Fargate agentcore"), names.join());
        assert.deepStrictEqual(fargate.map((l) => l.item).sort(), names.sort());
        assert.ok(fargate.every((l) => l.maxUsd === 0 && /bootstrap mode/.test(l.detail)));
    });

    it("a bootstrap-mode service's counts are the config's, resolved by the config layer (set, and defaulted)", async () => {
        const stack = await evaluateVariant({
            stack: "dev",
            configOverrides: servicesOverride("dev", {
                bff: { minCount: 3, maxCount: 6, desiredCount: 3 },
                // No counts: the schema's defaults (T035/T036: 2 and 10) must be what the plan prices.
                agentcore: { desiredCount: undefined, minCount: undefined, maxCount: undefined },
            }),
        });
        const inputs = costInputsOf(new PlanGraph(stack));
        const counts = (name: string) => {
            const s = inputs.services.find((x) => x.name === name)!;
            return [s.minTasks, s.maxTasks, s.countsFrom];
        };
        assert.deepStrictEqual(counts("bff"), [3, 6, "config"]);
        assert.deepStrictEqual(counts("agentcore"), [2, 10, "config"]);
    });

    it("warns when the price table is more than a year old, not before", () => {
        const asOf = Date.parse(PRICES.asOf);
        const fresh = estimateCost(NO_SERVICES, undefined, PRICES, new Date(asOf + 364 * 86_400_000));
        const stale = estimateCost(NO_SERVICES, undefined, PRICES, new Date(asOf + 400 * 86_400_000));
        assert.deepStrictEqual(fresh.warnings, []);
        assert.strictEqual(stale.warnings.length, 1);
        assert.match(stale.warnings[0], /400 days old \(prices as of 2026-09-20\)/);
    });

    it("cites AWS pricing pages or says estimate, never internal notes or blogs", async () => {
        const internal =
            /research notes|harvest|blog|vantage|wring|cloudburn|api-evangelist|help-toolz|usage\.ai|infratally/i;
        const report = estimateCost(costInputsOf(new PlanGraph(await getEvaluatedStack("prod"))));
        const text = [
            ...report.lines.flatMap((l) => [l.item, l.detail]),
            ...report.assumptions,
            ...report.notIncluded,
            PRICES.rdsPostgresInstanceSource,
            ...Object.values(PRICES.prices).map((p) => `${p.unit} ${p.source}`),
        ];
        assert.deepStrictEqual(
            text.filter((t) => internal.test(t)),
            [],
        );
        for (const [key, price] of Object.entries(PRICES.prices)) {
            assert.match(price.source, /^https:\/\/(aws\.amazon\.com|docs\.aws\.amazon\.com)\//, key);
            if (!price.verified) assert.match(price.source, /estimate/, key);
        }
        // The look-alike: the checker does catch such a citation.
        assert.ok(internal.test("secondary sources (help-toolz blog): verify"));
    });
});
