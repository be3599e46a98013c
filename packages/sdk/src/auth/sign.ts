/**
 * AK/SK request signing, algorithm `SDK-HMAC-SHA256`, as Huawei Cloud's API gateway verifies it.
 * Web Crypto only, so it runs on Node, Bun, Deno and edge runtimes. The mock's verifier uses the same code.
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

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  if (data.byteLength === 0) return EMPTY_SHA256;
  return toHex(await crypto.subtle.digest('SHA-256', data as BufferSource));
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
  const body = req.body == null ? new Uint8Array() : typeof req.body === 'string' ? encoder.encode(req.body) : req.body;
  const unsigned = headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD';
  const payloadHash = unsigned ? 'UNSIGNED-PAYLOAD' : await sha256Hex(body);
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    names.join(';'),
    payloadHash,
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${sdkDate}\n${await sha256Hex(encoder.encode(canonicalRequest))}`;
  const signature = await hmacHex(secretKey, stringToSign);
  return {
    authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    signedHeaders: names,
    canonicalRequest,
    stringToSign,
    signature,
  };
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
