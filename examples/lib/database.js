"use strict";
/**
 * DATABASE_CONNECTION (the SSM parameter `/ecs-platform/<stack>/database/connection`) to a `pg`
 * client configuration that only ever speaks TLS. The database rejects plaintext (`rds.force_ssl`),
 * and verify-full also checks that the certificate is signed by an RDS CA and names the endpoint:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
 *
 * Shape: { host, port, database, credentialsSecretArn, sslmode, sslrootcert }. Parameters written
 * before `sslmode`/`sslrootcert` existed lack them; they then mean verify-full with the bundle at
 * the path below, never plaintext.
 */
const fs = require("node:fs");

const DEFAULT_SSLROOTCERT = "/etc/ssl/certs/rds-global-bundle.pem";
const CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/** libpq modes that encrypt; `disable`, `allow` and `prefer` can fall back to plaintext. */
const TLS_MODES = ["require", "verify-ca", "verify-full"];

function databaseSettings(raw, { readFile = fs.readFileSync } = {}) {
    let value;
    try {
        value = JSON.parse(raw);
    } catch {
        throw new Error("DATABASE_CONNECTION is not JSON");
    }
    for (const [key, type] of [
        ["host", "string"],
        ["port", "number"],
        ["database", "string"],
        ["credentialsSecretArn", "string"],
    ]) {
        if (typeof value[key] !== type || value[key] === "") {
            throw new Error(`DATABASE_CONNECTION.${key}: expected a ${type}, got ${JSON.stringify(value[key])}`);
        }
    }
    const sslmode = value.sslmode ?? "verify-full";
    if (!TLS_MODES.includes(sslmode)) {
        throw new Error(
            `DATABASE_CONNECTION.sslmode "${sslmode}" allows plaintext; the database refuses it (rds.force_ssl): use verify-full`,
        );
    }
    const sslrootcert = value.sslrootcert ?? DEFAULT_SSLROOTCERT;
    let ca;
    try {
        ca = String(readFile(sslrootcert, "utf8"));
    } catch (error) {
        throw new Error(
            `RDS CA bundle ${sslrootcert} is not readable (${error.code ?? error.message}); ` +
                `bake ${CA_BUNDLE_URL} into the image at that path`,
        );
    }
    const certificates = (ca.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
    if (certificates === 0) throw new Error(`RDS CA bundle ${sslrootcert} holds no PEM certificate`);

    // Node's TLS: rejectUnauthorized checks the chain against `ca`; its default checkServerIdentity
    // checks the host name (verify-full). verify-ca skips only the name; require checks nothing.
    const ssl =
        sslmode === "require"
            ? { rejectUnauthorized: false }
            : sslmode === "verify-ca"
              ? { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined }
              : { rejectUnauthorized: true, ca };
    return {
        host: value.host,
        port: value.port,
        database: value.database,
        credentialsSecretArn: value.credentialsSecretArn,
        sslmode,
        sslrootcert,
        certificates,
        ssl,
    };
}

/** What may be logged: no certificate bodies, no login. */
function describeSettings(settings) {
    return {
        host: settings.host,
        port: settings.port,
        database: settings.database,
        sslmode: settings.sslmode,
        sslrootcert: settings.sslrootcert,
        certificates: settings.certificates,
        rejectUnauthorized: settings.ssl.rejectUnauthorized,
        checksHostName: settings.sslmode === "verify-full",
    };
}

/**
 * A pool whose login comes from the RDS-managed secret, read again for every new connection
 * (RDS rotates the password; a cached one stops working after a rotation).
 */
async function createPool(settings, { secrets, Pool } = {}) {
    const client = secrets ?? new (require("@aws-sdk/client-secrets-manager").SecretsManagerClient)({});
    const { GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
    const login = async () => {
        const out = await client.send(new GetSecretValueCommand({ SecretId: settings.credentialsSecretArn }));
        return JSON.parse(out.SecretString);
    };
    const { username } = await login();
    const PoolClass = Pool ?? require("pg").Pool;
    return new PoolClass({
        host: settings.host,
        port: settings.port,
        database: settings.database,
        user: username,
        password: async () => (await login()).password,
        ssl: settings.ssl,
        max: 5,
        connectionTimeoutMillis: 5_000,
    });
}

module.exports = { databaseSettings, describeSettings, createPool, DEFAULT_SSLROOTCERT, CA_BUNDLE_URL, TLS_MODES };
