/**
 * DOT -> SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm, Apache-2.0), offline, in a
 * worker thread: decoding and compiling the WebAssembly and laying out the graphs then happen on
 * the second core while the main thread evaluates the next stack. The worker is plain JavaScript
 * (no ts-node) and loads nothing but Graphviz.
 */
import { Worker } from "worker_threads";

export interface SvgRenderer {
    render(dot: string): Promise<string>;
    close(): Promise<void>;
}

type Reply = { id: number; svg?: string; error?: string };

const WORKER_SOURCE = (modulePath: string) => `
const { parentPort } = require("worker_threads");
const ready = require(${JSON.stringify(modulePath)}).Graphviz.load();
ready.catch(() => undefined);
parentPort.on("message", ({ id, dot }) => {
    ready.then(
        (gv) => parentPort.postMessage({ id, svg: gv.dot(dot, "svg") }),
        (e) => parentPort.postMessage({ id, error: String(e && e.message || e) }),
    ).catch((e) => parentPort.postMessage({ id, error: String(e && e.message || e) }));
});
`;

/** Starts Graphviz in a worker now; renders queue until it is ready. */
export function startSvgRenderer(): SvgRenderer {
    // The package's `graphviz` subpath needs a sibling package; its index lazily imports the bundled build.
    const worker = new Worker(WORKER_SOURCE(require.resolve("@hpcc-js/wasm")), { eval: true, execArgv: [] });
    const waiting = new Map<number, { resolve: (svg: string) => void; reject: (e: Error) => void }>();
    let next = 0;
    const failAll = (e: Error) => {
        for (const w of waiting.values()) w.reject(e);
        waiting.clear();
    };
    worker.on("message", (m: Reply) => {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.svg !== undefined) w?.resolve(m.svg);
        else w?.reject(new Error(`Graphviz: ${m.error}`));
    });
    worker.on("error", failAll);
    worker.on("exit", () => failAll(new Error("Graphviz worker exited")));
    return {
        render(dot) {
            const id = next++;
            return new Promise<string>((resolve, reject) => {
                waiting.set(id, { resolve, reject });
                worker.postMessage({ id, dot });
            });
        },
        async close() {
            worker.removeAllListeners("exit");
            await worker.terminate();
        },
    };
}
