/**
 * Scale bench of the policy pack: the whole pack, through the same analyzer-faithful runner the
 * stack tests and the plan use (offline/analyze.ts `runPolicies`), over a synthetic stack made of
 * the evaluated dev graph replicated with unique URNs, names and ids, at N and 2N resources.
 * Prints microseconds per resource and the 2N/N time ratio (linear growth: ~2x). Budget: <= 300 us
 * per resource per full pack.
 *
 * Run alone: `node -r ts-node/register bench/scale.ts [--resources N]` (part of `npm run bench`).
 */
import { AnalyzedResource, readPolicyPackConfig, runPolicies } from "../offline/analyze";
import { evaluateStack } from "../offline/evaluate";
import { policies } from "../policy-pack/policies";

export const BUDGET_US_PER_RESOURCE = 300;

/** Every string in the graph that identifies a resource (URN, id, ARN, name), longest first. */
function identifiers(resources: readonly AnalyzedResource[]): string[] {
    const ids = new Set<string>();
    for (const r of resources) {
        ids.add(r.urn);
        for (const key of ["id", "arn", "name", "bucket", "family"]) {
            const v = r.outputs?.[key];
            if (typeof v === "string" && v.length >= 6) ids.add(v);
        }
    }
    return [...ids].sort((a, b) => b.length - a.length);
}

/** `copies` replicas of the graph; replica k's identifiers get the suffix `-k` everywhere they appear. */
export function replicate(base: readonly AnalyzedResource[], copies: number): AnalyzedResource[] {
    const ids = identifiers(base);
    const pattern = new RegExp(ids.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    const texts = base.map((r) => JSON.stringify(r));
    const out: AnalyzedResource[] = [];
    for (let k = 0; k < copies; k++) {
        for (const text of texts) {
            const copy = JSON.parse(text.replace(pattern, (m) => `${m}-${k}`)) as AnalyzedResource & { name: string };
            out.push({ ...copy, name: `${copy.name}-${k}` });
        }
    }
    return out;
}

export interface ScalePoint {
    readonly resources: number;
    readonly seconds: number;
    readonly usPerResource: number;
    readonly mandatory: number;
}

function measureOnce(
    resources: readonly AnalyzedResource[],
    config: ReturnType<typeof readPolicyPackConfig>["config"],
) {
    const start = process.hrtime.bigint();
    const result = runPolicies(policies, resources, config);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, mandatory: result.violations.filter((v) => v.enforcementLevel === "mandatory").length };
}

/** Best of `runs` full-pack runs over the replicated dev graph with at least `target` resources. */
export async function scaleBench(target: number, runs = 2): Promise<ScalePoint[]> {
    const dev = await evaluateStack({ stack: "dev" });
    const base: AnalyzedResource[] = dev.resources.filter((r) => r.custom);
    const config = readPolicyPackConfig("dev").config;
    const copies = Math.ceil(target / base.length);
    const points: ScalePoint[] = [];
    for (const n of [copies, 2 * copies]) {
        const resources = replicate(base, n);
        let best = Infinity;
        let mandatory = 0;
        for (let i = 0; i < runs; i++) {
            const m = measureOnce(resources, config);
            if (m.seconds < best) best = m.seconds;
            mandatory = m.mandatory;
        }
        points.push({
            resources: resources.length,
            seconds: best,
            usPerResource: (best * 1e6) / resources.length,
            mandatory,
        });
    }
    return points;
}

/** The bench's lines: one per size, then the growth ratio. */
export function formatScale(points: readonly ScalePoint[]): string[] {
    const lines = points.map(
        (p) =>
            `${`policy pack over ${p.resources} resources`.padEnd(34)} ${p.seconds.toFixed(2).padStart(7)} s  ` +
            `${`${p.usPerResource.toFixed(0)} us/res`.padStart(12)}   ${`<= ${BUDGET_US_PER_RESOURCE} us/resource`.padEnd(22)} ` +
            `${p.usPerResource <= BUDGET_US_PER_RESOURCE ? "within budget" : "OVER BUDGET"}` +
            (p.mandatory > 0 ? ` (${p.mandatory} mandatory violations: the replicas are not clean!)` : ""),
    );
    if (points.length === 2) {
        const ratio = points[1].seconds / points[0].seconds;
        lines.push(
            `${"  2N/N time ratio".padEnd(34)} ${ratio.toFixed(2).padStart(7)}x  ${"".padStart(12)}   ${"~2x (linear)".padEnd(22)} ` +
                `${ratio <= 2.6 ? "linear" : "SUPERLINEAR"}`,
        );
    }
    return lines;
}

if (require.main === module) {
    const args = process.argv.slice(2);
    const target = Number(args[args.indexOf("--resources") + 1]) || 20_000;
    scaleBench(target).then(
        (points) => {
            for (const l of formatScale(points)) console.log(l);
            process.exit(0);
        },
        (e: unknown) => {
            console.error(e);
            process.exit(1);
        },
    );
}
