// Types for the TypeScript contract tests; the code is server.js.
export const REQUIRED_ENV: readonly string[];
