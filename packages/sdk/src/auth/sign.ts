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
type OneShot = (algorithm: 'sha256', data: Uint8Array | string, encoding: 'hex' | 'buffer') => any;
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

/** A value now (node:crypto) or later (Web Crypto). */
export type Maybe<T> = T | Promise<T>;

/** Goes on with a value now, or when it comes: signing stays synchronous when every digest is. */
export const andThen = <T, U>(v: Maybe<T>, f: (v: T) => Maybe<U>): Maybe<U> =>
  typeof (v as Promise<T>).then === 'function' ? (v as Promise<T>).then(f) : f(v as T);

/** SHA-256 of bytes or UTF-8 text, hex-encoded or as bytes: node:crypto's one-shot hash, or Web Crypto's digest. */
function digest(data: Uint8Array | string, hex: boolean): Maybe<any> {
  const hash = nodeHash();
  if (hash) return hash('sha256', data, hex ? 'hex' : 'buffer');
  return crypto.subtle
    .digest('SHA-256', (typeof data === 'string' ? encoder.encode(data) : data) as BufferSource)
    .then((b) =>
      hex ? Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('') : new Uint8Array(b),
    );
}

// HMAC key blocks (key XOR ipad, then key XOR opad) by secret: computed once per secret, a handful of secrets at most.
const pads = new Map<string, Maybe<Uint8Array>>();

/**
 * HMAC-SHA256 (RFC 2104) over {@link digest}, hex-encoded: synchronous with node:crypto (the mock's verifier uses it
 * there), and with Web Crypto two digests rather than an imported key.
 */
export function hmacHex(key: string, data: string): Maybe<string> {
  let pad = pads.get(key);
  if (!pad) {
    const k = encoder.encode(key);
    // A key longer than the 64-byte block is replaced by its digest.
    pad = andThen(k.length > 64 ? digest(k, false) : k, (k: Uint8Array) => {
      const p = new Uint8Array(128);
      for (let i = 0; i < 128; i++) p[i] = (k[i % 64] ?? 0) ^ (i < 64 ? 0x36 : 0x5c);
      pads.set(key, p);
      return p;
    });
    if (pads.size >= 16) pads.clear();
    if (!pads.has(key)) pads.set(key, pad);
  }
  return andThen(pad, (p) => {
    const m = encoder.encode(data);
    const inner = new Uint8Array(64 + m.length);
    inner.set(p.subarray(0, 64));
    inner.set(m, 64);
    return andThen(digest(inner, false), (d: Uint8Array) => {
      const outer = new Uint8Array(96);
      outer.set(p.subarray(64));
      outer.set(d, 64);
      return digest(outer, true);
    });
  });
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
  const names = [...headerMap(headers).keys()].filter((n) => !n.startsWith('content-type') && !n.includes('_'));
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
  const payloadHash =
    headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD'
      ? 'UNSIGNED-PAYLOAD'
      : body.length
        ? digest(body, true)
        : EMPTY_SHA256;
  return andThen(payloadHash, (payload: string) => {
    const signed = names.join(';');
    const canonicalRequest = `${req.method.toUpperCase()}\n${uri}\n${query}\n${canonicalHeaders}\n${signed}\n${payload}`;
    return andThen(digest(canonicalRequest, true), (h: string) => {
      const stringToSign = `${ALGORITHM}\n${sdkDate}\n${h}`;
      return andThen(hmacHex(secretKey, stringToSign), (signature) => ({
        authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signed}, Signature=${signature}`,
        signedHeaders: names,
        canonicalRequest,
        stringToSign,
        signature,
      }));
    });
  });
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
