// Types for the TypeScript contract tests (tests/contract/app-contract.spec.ts); the code is database.js.
import type { ConnectionOptions } from "node:tls";

export interface DatabaseSettings {
    host: string;
    port: number;
    database: string;
    credentialsSecretArn: string;
    sslmode: "require" | "verify-ca" | "verify-full";
    sslrootcert: string;
    certificates: number;
    ssl: ConnectionOptions;
}
export function databaseSettings(
    raw: string,
    options?: { readFile?: (path: string, encoding: "utf8") => string },
): DatabaseSettings;
export function describeSettings(settings: DatabaseSettings): Record<string, unknown>;
export const DEFAULT_SSLROOTCERT: string;
export const CA_BUNDLE_URL: string;
export const TLS_MODES: readonly string[];
