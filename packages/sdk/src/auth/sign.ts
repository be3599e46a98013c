/**
 * AK/SK request signing, algorithm `SDK-HMAC-SHA256`, as Huawei Cloud's API gateway verifies it. Synchronous with
 * node:crypto's one-shot `hash` where the runtime has it (Node ≥ 20.12, Bun), Web Crypto elsewhere (browsers, edge
 * runtimes): the same bytes either way. The mock's verifier uses the same canonical forms.
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

// The last second formatted: a client signs many requests within the same second.
let lastSecond = Number.NaN;
let lastDate = '';

/** Formats a date as `X-Sdk-Date` wants it: `YYYYMMDDTHHMMSSZ` (UTC). */
export function formatSdkDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
    lastSecond = second;
  }
  return lastDate;
}

/** Parses an `X-Sdk-Date` value; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** node:crypto's one-shot `hash(algorithm, data, outputEncoding)`. */
export type OneShot = (algorithm: 'sha256', data: Uint8Array | string, encoding: 'hex' | 'buffer') => any;
let oneShot: OneShot | null | undefined;

/**
 * node:crypto's one-shot `hash`, looked up at run time through `process.getBuiltinModule` rather than imported, so
 * that bundlers for browsers and edge runtimes neither include nor choke on it; null where there is none. One-shot
 * hashes rather than createHash/createHmac: a Hash or Hmac object per request costs more than the hashing itself.
 */
function nodeHash(): OneShot | null {
  if (oneShot === undefined) oneShot = (globalThis as any).process?.getBuiltinModule?.('node:crypto')?.hash ?? null;
  return oneShot as OneShot | null;
}

/** Tests only: `false` forces the Web Crypto path (as on an edge runtime), `true` looks node:crypto up again. */
export function useNodeCrypto(on: boolean): void {
  oneShot = on ? undefined : null;
}

// HMAC key blocks (key XOR ipad, then key XOR opad) by secret: computed once per secret, a handful of secrets at most.
const pads = new Map<string, Uint8Array>();

/** HMAC-SHA256 (RFC 2104) over the one-shot hash, hex-encoded (the mock's verifier uses it too). */
export function hmacSync(hash: OneShot, key: string, data: string): string {
  let pad = pads.get(key);
  if (!pad) {
    let k: Uint8Array = encoder.encode(key);
    // A key longer than the 64-byte block is replaced by its digest.
    if (k.length > 64) k = hash('sha256', k, 'buffer');
    pad = new Uint8Array(128);
    for (let i = 0; i < 128; i++) pad[i] = (k[i % 64] ?? 0) ^ (i < 64 ? 0x36 : 0x5c);
    if (pads.size >= 16) pads.clear();
    pads.set(key, pad);
  }
  const m = encoder.encode(data);
  const inner = new Uint8Array(64 + m.length);
  inner.set(pad.subarray(0, 64));
  inner.set(m, 64);
  const outer = new Uint8Array(96);
  outer.set(pad.subarray(64));
  outer.set(hash('sha256', inner, 'buffer'), 64);
  return hash('sha256', outer, 'hex');
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
  // A Headers (its names already lower case); a record's values are strings, never functions.
  if (typeof headers.forEach === 'function')
    (headers as Headers).forEach((v, k) => {
      map.set(k, v);
    });
  else for (const k in headers) map.set(k.toLowerCase(), (headers as Record<string, string>)[k]!);
  return map;
}

/**
 * The headers the Go SDK signs by default: every header present, except `content-type*` and names with `_`,
 * plus `host`. A verifier must not use this: it signs exactly what `SignedHeaders` lists.
 */
export function defaultSignedHeaders(headers: Headers | Record<string, string>, includeHost = true): string[] {
  const names: string[] = [];
  for (const n of headerMap(headers).keys()) if (!n.startsWith('content-type') && !n.includes('_')) names.push(n);
  if (includeHost && !names.includes('host')) names.push('host');
  return names.sort();
}

/**
 * Host, canonical URI and canonical query by URL: a client sends to the same few URLs again and again, and parsing
 * and escaping them costs more than hashing. Bounded: cleared when full (queries with per-call values vary).
 */
const urls = new Map<string, [host: string, uri: string, query: string]>();
function urlParts(url: string | URL): [host: string, uri: string, query: string] {
  const key = String(url);
  let parts = urls.get(key);
  if (!parts) {
    const u = typeof url === 'string' ? new URL(url) : url;
    parts = [u.host, canonicalUri(u.pathname), canonicalQuery(u.searchParams)];
    if (urls.size >= 256) urls.clear();
    urls.set(key, parts);
  }
  return parts;
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
  const [host, uri, query] = urlParts(req.url);
  const headers = headerMap(req.headers);
  const sdkDate = headers.get('x-sdk-date');
  if (!sdkDate) throw new Error('X-Sdk-Date header is required for SDK-HMAC-SHA256 signing');
  const names = signedHeaders.map((n) => n.toLowerCase()).sort();
  let canonicalHeaders = '';
  for (const n of names) {
    const value = n === 'host' ? (headers.get('host') ?? host) : headers.get(n);
    if (value === undefined) throw new Error(`signed header ${n} is not present`);
    canonicalHeaders += `${n}:${value.trim()}\n`;
  }
  const body = req.body ?? '';
  const unsigned = headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD';
  const canonical = (payloadHash: string) =>
    `${req.method.toUpperCase()}\n${uri}\n${query}\n${canonicalHeaders}\n${names.join(';')}\n${payloadHash}`;
  const done = (canonicalRequest: string, stringToSign: string, signature: string): Signature => ({
    authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    signedHeaders: names,
    canonicalRequest,
    stringToSign,
    signature,
  });
  const head = `${ALGORITHM}\n${sdkDate}\n`;
  const hash = nodeHash();
  if (hash) {
    const payloadHash = unsigned ? 'UNSIGNED-PAYLOAD' : body.length ? hash('sha256', body, 'hex') : EMPTY_SHA256;
    const canonicalRequest = canonical(payloadHash);
    const stringToSign = head + hash('sha256', canonicalRequest, 'hex');
    return done(canonicalRequest, stringToSign, hmacSync(hash, secretKey, stringToSign));
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
