/**
 * AK/SK request signing, algorithm `SDK-HMAC-SHA256`, as Huawei Cloud's API gateway verifies it. Synchronous with
 * node:crypto where the runtime has it (Node, Bun, Deno), Web Crypto elsewhere (browsers, edge runtimes): the same
 * bytes either way. The mock's verifier uses the same code.
 */

const ALGORITHM = 'SDK-HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const encoder = new TextEncoder();

/** What is signed: the request exactly as it goes on the wire. */
export interface SignableRequest {
  method: string;
  url: string | URL;
  /** Headers as sent. `host` is taken from the URL when absent (fetch sets it itself). */
  headers: Headers | Record<string, string>;
  /** The exact body bytes sent (a string is UTF-8 encoded). Re-serialising would break the signature. */
  body?: Uint8Array | string | null;
}

/** The parts of a signature, exposed so that failures can be diagnosed against a server's answer. */
export interface Signature {
  authorization: string;
  signedHeaders: string[];
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** Formats a date as `X-Sdk-Date` wants it: `YYYYMMDDTHHMMSSZ` (UTC). */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses an `X-Sdk-Date` value; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Synchronous SHA-256 and HMAC-SHA256, hex-encoded. */
interface SyncHashes {
  sha256(data: Uint8Array | string): string;
  hmac(key: string, data: string): string;
}
let syncHashes: SyncHashes | null | undefined;

/**
 * node:crypto, looked up at run time through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno) rather than
 * imported, so that bundlers for browsers and edge runtimes neither include nor choke on it; null elsewhere.
 */
function nodeHashes(): SyncHashes | null {
  if (syncHashes === undefined) {
    const c = (globalThis as any).process?.getBuiltinModule?.('node:crypto');
    syncHashes = c?.createHmac
      ? {
          sha256: (d) => c.createHash('sha256').update(d).digest('hex'),
          hmac: (k, d) => c.createHmac('sha256', k).update(d).digest('hex'),
        }
      : null;
  }
  return syncHashes;
}

/** Tests only: `false` forces the Web Crypto path (as on an edge runtime), `true` looks node:crypto up again. */
export function useNodeCrypto(on: boolean): void {
  syncHashes = on ? undefined : null;
}

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  if (data.length === 0) return EMPTY_SHA256;
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

// Imported HMAC keys (non-extractable), by secret: importing costs as much as signing. A handful of secrets at most.
const keys = new Map<string, Promise<CryptoKey>>();

async function hmacHex(key: string, data: string): Promise<string> {
  let k = keys.get(key);
  if (!k) {
    if (keys.size >= 16) keys.clear();
    k = crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(key, k);
  }
  return toHex(await crypto.subtle.sign('HMAC', await k, encoder.encode(data)));
}

/** RFC 3986 escaping with the unreserved set `A–Z a–z 0–9 - _ . ~` kept, upper-case hex. */
function rfc3986Escape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path with each segment escaped and a trailing `/` appended (the request itself is sent without it). */
export function canonicalUri(pathname: string): string {
  const path = pathname
    .split('/')
    .map((seg) => rfc3986Escape(safeDecode(seg)))
    .join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Sorted `k=v` pairs, repeated keys kept, values sorted within a key. */
export function canonicalQuery(search: string | URLSearchParams): string {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const pairs: [string, string][] = [];
  params.forEach((v, k) => {
    pairs.push([rfc3986Escape(k), rfc3986Escape(v)]);
  });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerMap(headers: Headers | Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [k, v] of entries) map.set(k.toLowerCase(), v);
  return map;
}

/**
 * The headers the Go SDK signs by default: every header present, except `content-type*` and names with `_`,
 * plus `host`. A verifier must not use this: it signs exactly what `SignedHeaders` lists.
 */
export function defaultSignedHeaders(headers: Headers | Record<string, string>, includeHost = true): string[] {
  const names = [...headerMap(headers).keys()].filter((n) => !n.startsWith('content-type') && !n.includes('_'));
  if (includeHost && !names.includes('host')) names.push('host');
  return [...new Set(names)].sort();
}

/**
 * Computes the signature of a request over the given signed-header list (lower-case names).
 * `x-sdk-date` must be among the headers; `host` falls back to the URL's host[:port].
 */
export async function computeSignature(
  req: SignableRequest,
  accessKey: string,
  secretKey: string,
  signedHeaders: string[],
): Promise<Signature> {
  return signRequest(req, accessKey, secretKey, signedHeaders);
}

/** {@link computeSignature}, synchronous when node:crypto is available (no promise to await on the hot path). */
export function signRequest(
  req: SignableRequest,
  accessKey: string,
  secretKey: string,
  signedHeaders: string[],
): Signature | Promise<Signature> {
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  const headers = headerMap(req.headers);
  const sdkDate = headers.get('x-sdk-date');
  if (!sdkDate) throw new Error('X-Sdk-Date header is required for SDK-HMAC-SHA256 signing');
  const names = [...signedHeaders].map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names
    .map((n) => {
      const value = n === 'host' ? (headers.get('host') ?? url.host) : headers.get(n);
      if (value === undefined) throw new Error(`signed header ${n} is not present`);
      return `${n}:${value.trim()}\n`;
    })
    .join('');
  const body = req.body ?? '';
  const unsigned = headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD';
  const canonical = (payloadHash: string) =>
    [
      req.method.toUpperCase(),
      canonicalUri(url.pathname),
      canonicalQuery(url.searchParams),
      canonicalHeaders,
      names.join(';'),
      payloadHash,
    ].join('\n');
  const done = (canonicalRequest: string, stringToSign: string, signature: string): Signature => ({
    authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    signedHeaders: names,
    canonicalRequest,
    stringToSign,
    signature,
  });
  const head = `${ALGORITHM}\n${sdkDate}\n`;
  const h = nodeHashes();
  if (h) {
    const canonicalRequest = canonical(unsigned ? 'UNSIGNED-PAYLOAD' : body.length ? h.sha256(body) : EMPTY_SHA256);
    const stringToSign = head + h.sha256(canonicalRequest);
    return done(canonicalRequest, stringToSign, h.hmac(secretKey, stringToSign));
  }
  return (async () => {
    const canonicalRequest = canonical(unsigned ? 'UNSIGNED-PAYLOAD' : await sha256Hex(body));
    const stringToSign = head + (await sha256Hex(canonicalRequest));
    return done(canonicalRequest, stringToSign, await hmacHex(secretKey, stringToSign));
  })();
}

/** A parsed `Authorization: SDK-HMAC-SHA256 …` header. */
export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses an `SDK-HMAC-SHA256` Authorization header; undefined when it is not one. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  return { accessKey: m[1]!, signedHeaders: m[2]!.toLowerCase().split(';'), signature: m[3]!.toLowerCase() };
}
