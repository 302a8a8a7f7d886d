/**
 * Runs `fn` (sync or async) with stack-trace capture off, then restores it. The Pulumi SDK and
 * @pulumi/policy's proxy create an Error per promise / unknown check only to keep a stack; with
 * ts-node's source maps formatting those was two thirds of an evaluation. Errors keep their
 * messages, which is all the offline tools report.
 */
export function withoutStackTraces<T>(fn: () => T): T {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    const restore = () => {
        Error.stackTraceLimit = limit;
        if (prepare) Error.prepareStackTrace = prepare;
    };
    Error.stackTraceLimit = 0;
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    let result: T;
    try {
        result = fn();
    } catch (e) {
        restore();
        throw e;
    }
    if (result instanceof Promise) return result.finally(restore) as T;
    restore();
    return result;
}
