/**
 * Each stack is evaluated at most once per mocha run (per mode): the evaluation is the slow part,
 * and its result is immutable data, so every spec shares it. The program itself is a function of
 * config, so no module cache is shared between stacks.
 */
import { EvaluatedStack, evaluateStack } from "../../offline/evaluate";

export const STACKS = ["dev", "test", "prod"] as const;
export type StackName = (typeof STACKS)[number];

const cache = new Map<string, Promise<EvaluatedStack>>();
let queue: Promise<unknown> = Promise.resolve();

/** The evaluated stack; evaluations run one after another (the SDK runtime is global). */
export function getEvaluatedStack(stack: StackName, preview = false): Promise<EvaluatedStack> {
    const key = `${stack}:${preview}`;
    let result = cache.get(key);
    if (!result) {
        result = queue.then(() => evaluateStack({ stack, preview }));
        queue = result.catch(() => undefined);
        cache.set(key, result);
    }
    return result;
}
