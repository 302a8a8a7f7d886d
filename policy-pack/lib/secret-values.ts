/**
 * Judging a plaintext value as a secret by what it is, not only by the variable's name.
 *
 * - Values that cannot be credentials: short numbers, booleans, URLs without userinfo, canonical
 *   UUIDs. A secret-looking name holding one (MAX_TOKENS=4096, SECRET_ROTATION_ENABLED=true,
 *   TOKEN_URL=https://auth.example.com/token) is configuration, not a leak.
 * - Values that are credentials whatever the name: known key shapes (AWS access key id, PEM
 *   private key), a URL with user:password, and high-entropy tokens, after detect-secrets'
 *   Base64HighEntropyString (limit 4.5) and HexHighEntropyString (limit 3.0) plugins
 *   (https://github.com/Yelp/detect-secrets/blob/master/detect_secrets/plugins/high_entropy_strings.py).
 *
 * Hex tokens are judged by value only when the name does not say they are a revision or digest:
 * a 40-character git SHA (GIT_SHA, COMMIT, IMAGE_DIGEST, ...) is high-entropy hex by construction
 * and an everyday non-secret in a task definition. UUIDs are never judged by value: request,
 * tenant and resource ids are UUIDs, and their fixed 8-4-4-4-12 shape stays below the Base64 limit
 * anyway. Messages name the shape, never the value.
 */

/** Known secret shapes. */
const SECRET_SHAPES: readonly { what: string; pattern: RegExp }[] = [
    { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
    { what: "a PEM private key", pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
    { what: "a URL with embedded credentials", pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:[^\s@/]+@/i },
];

const BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=";
const HEX_CHARS = "0123456789abcdefABCDEF";
/** detect-secrets' default limits (bits per character). */
export const BASE64_ENTROPY_LIMIT = 4.5;
export const HEX_ENTROPY_LIMIT = 3.0;
/**
 * Shortest token judged by entropy. detect-secrets judges any length; a short token cannot reach
 * 4.5 bits per character anyway (log2(20) < 4.33), and 20 keeps words and short ids out.
 */
export const MIN_TOKEN_LENGTH = 20;
/** Hex below this length (a 16-character id, a short SHA) is too common a non-secret to judge. */
export const MIN_HEX_LENGTH = 32;

const BASE64_TOKEN = /[A-Za-z0-9+/\-_=]+/g;
const HEX_ONLY = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names that say a hex value is a revision or digest, not a key. */
const DIGEST_NAME = /(sha|commit|revision|rev|digest|hash|checksum|etag|build|version|tag)/i;

/** Shannon entropy in bits per character, over the characters of `charset` (as detect-secrets). */
export function shannonEntropy(data: string, charset: string): number {
    if (data.length === 0) return 0;
    const counts = new Map<string, number>();
    for (const ch of data) if (charset.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let entropy = 0;
    for (const n of counts.values()) {
        const p = n / data.length;
        entropy -= p * Math.log2(p);
    }
    return entropy;
}

/** Hex entropy with detect-secrets' penalty for all-digit strings (numbers are rarely secrets). */
function hexEntropy(token: string): number {
    const e = shannonEntropy(token, HEX_CHARS);
    return /^\d+$/.test(token) && token.length > 1 ? e - 1.2 / Math.log2(token.length) : e;
}

/** What a value that cannot be a credential is, or undefined. */
export function benignShape(value: string): "number" | "boolean" | "url" | "uuid" | undefined {
    const v = value.trim();
    // Counts, sizes, ports, durations; 10 digits or fewer (a long digit string may be a PIN or key).
    if (/^[-+]?\d{1,10}(\.\d+)?$/.test(v)) return "number";
    if (/^(true|false|yes|no|on|off|enabled|disabled)$/i.test(v)) return "boolean";
    if (UUID.test(v)) return "uuid";
    if (isPlainUrl(v)) return "url";
    return undefined;
}

/**
 * A URL with a scheme and host, no userinfo, and no high-entropy token in any of its parts. The
 * parts are judged one by one (host labels, path segments, query values): joined, a plain
 * address like https://sqs.us-east-1.amazonaws.com/123456789012/orders reads as one long token
 * of mixed characters, which is what a key looks like, while a token hidden in one part still
 * counts.
 */
function isPlainUrl(v: string): boolean {
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v)) return false;
    let u: URL;
    try {
        u = new URL(v);
    } catch {
        return false;
    }
    if (u.username !== "" || u.password !== "") return false;
    const parts = [
        ...u.hostname.split("."),
        ...u.pathname.split("/"),
        ...[...u.searchParams].flatMap(([k, value]) => [k, value]),
        u.hash.slice(1),
    ].filter((p) => p !== "");
    return parts.every((p) => highEntropyToken(decodeURIComponent(p), "") === undefined);
}

/** The first token of `value` that is high-entropy base64 or hex, described; undefined if none. */
function highEntropyToken(value: string, name: string): string | undefined {
    for (const token of value.match(BASE64_TOKEN) ?? []) {
        if (token.length < MIN_TOKEN_LENGTH || UUID.test(token)) continue;
        if (HEX_ONLY.test(token)) {
            if (token.length < MIN_HEX_LENGTH || DIGEST_NAME.test(name)) continue;
            if (hexEntropy(token) > HEX_ENTROPY_LIMIT) return "a high-entropy hex string";
            continue;
        }
        if (shannonEntropy(token, BASE64_CHARS) > BASE64_ENTROPY_LIMIT) return "a high-entropy base64 string";
    }
    return undefined;
}

/**
 * What secret `value` looks like whatever its variable is called (a shape, never the value).
 * `entropy: false` keeps only the known shapes (for names a stack lists as not secret).
 */
export function secretShape(value: string, name = "", options = { entropy: true }): string | undefined {
    const known = SECRET_SHAPES.find((s) => s.pattern.test(value));
    if (known) return known.what;
    if (!options.entropy || benignShape(value) !== undefined) return undefined;
    return highEntropyToken(value, name);
}
