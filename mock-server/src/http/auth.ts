/**
 * Authentication as the gateway does it: an IAM token the mock issued, or an `SDK-HMAC-SHA256` signature recomputed
 * over the raw body bytes and exactly the headers named in `SignedHeaders`.
 */
import { hash } from 'node:crypto';
import { canonicalQuery, canonicalUri, hmacHex, parseAuthorization, parseSdkDate } from '@partner-center/sdk/internal';
import { fail, ok, type Result } from '../kernel/result.js';
import type { World } from '../domain/world.js';
import { callerForToken, type Caller } from '../domain/tokens/index.js';

// The gateway's exact codes for signature failures are not in the reference; the mock answers with the documented
// authentication code CBC.0154 and says what was wrong in error_msg.
const AUTH_CODE = 'CBC.0154';

/** What authentication reads of a request URL (a WHATWG `URL` has it all). */
export interface UrlParts {
  host: string;
  pathname: string;
  search: string;
  searchParams: URLSearchParams;
}

/** What authentication reads of a request. */
export interface AuthRequest {
  method: string;
  /** The absolute URL (parsed once by the caller, or a string). */
  url: UrlParts | string;
  headers: { get(name: string): string | null; has(name: string): boolean };
}

export function authenticate(world: World, request: AuthRequest, body: Uint8Array): Result<Caller> {
  const token = request.headers.get('x-auth-token');
  if (token) return callerForToken(world, token);

  const header = request.headers.get('authorization');
  if (!header)
    return fail(AUTH_CODE, 'Missing credentials: send X-Auth-Token or an SDK-HMAC-SHA256 Authorization header.');
  const auth = parseAuthorization(header);
  if (!auth) return fail(AUTH_CODE, 'The Authorization header is not a valid SDK-HMAC-SHA256 header.');
  if (!auth.signedHeaders.includes('x-sdk-date')) return fail(AUTH_CODE, 'x-sdk-date must be among SignedHeaders.');
  const partner = world.partnersByAccessKey.get(auth.accessKey);
  if (!partner) return fail(AUTH_CODE, `Unknown access key ${auth.accessKey}.`);
  const dateValue = request.headers.get('x-sdk-date') ?? '';
  const date = parseSdkDate(dateValue);
  if (!date) return fail(AUTH_CODE, `X-Sdk-Date "${dateValue}" is not in YYYYMMDDTHHMMSSZ form.`);
  // Against real time, not the virtual clock: clients sign with their wall clock, and a test that jumps the
  // virtual clock ahead must not invalidate every signature.
  const skew = Math.abs(Date.now() - date.getTime());
  if (skew > world.settings.signatureSkewMs) {
    return fail(
      AUTH_CODE,
      `X-Sdk-Date ${dateValue} is ${Math.round(skew / 1000)} s away from the server time; the limit is ${world.settings.signatureSkewMs / 1000} s.`,
    );
  }
  for (const name of auth.signedHeaders) {
    if (name !== 'host' && !request.headers.has(name))
      return fail(AUTH_CODE, `Signed header ${name} is not in the request.`);
  }
  const expected = signatureOf(request, body, partner.secretKey, auth.signedHeaders);
  if (!timingSafeEqual(expected, auth.signature)) {
    return fail(
      AUTH_CODE,
      'The request signature does not match: the signature is computed over the raw body bytes and the headers named in SignedHeaders.',
    );
  }
  return ok({ partner });
}

/** Canonical URIs by path: only routed paths reach the verifier, so the cache stays as small as the route table. */
const canonicalUris = new Map<string, string>();
function cachedCanonicalUri(pathname: string): string {
  let uri = canonicalUris.get(pathname);
  if (uri === undefined) {
    uri = canonicalUri(pathname);
    if (canonicalUris.size < 10_000) canonicalUris.set(pathname, uri);
  }
  return uri;
}

/** SignedHeaders lists, lower-cased and sorted, by their text: clients send the same few lists again and again. */
const signedLists = new Map<string, { list: string[]; joined: string }>();
function sortedNames(signedHeaders: string[]): { list: string[]; joined: string } {
  const key = signedHeaders.join(';');
  let names = signedLists.get(key);
  if (names === undefined) {
    const list = signedHeaders.map((n) => n.toLowerCase()).sort();
    names = { list, joined: list.join(';') };
    if (signedLists.size < 1_000) signedLists.set(key, names);
  }
  return names;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * The SDK-HMAC-SHA256 signature of a request, as the SDK's `computeSignature` computes it (same canonical request,
 * built from the SDK's own canonicalUri/canonicalQuery, HMAC by the SDK's hmacHex), but with node:crypto's synchronous
 * hashes always: Web Crypto's promise round trips cost the server most of its time per request. A test checks both
 * agree.
 */
export function signatureOf(
  request: AuthRequest,
  body: Uint8Array,
  secretKey: string,
  signedHeaders: string[],
): string {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const names = sortedNames(signedHeaders);
  let canonicalHeaders = '';
  for (const n of names.list)
    canonicalHeaders += `${n}:${(n === 'host' ? (request.headers.get('host') ?? url.host) : (request.headers.get(n) ?? '')).trim()}\n`;
  const payloadHash =
    request.headers.get('x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD'
      ? 'UNSIGNED-PAYLOAD'
      : body.byteLength === 0
        ? EMPTY_SHA256
        : hash('sha256', body, 'hex');
  const query = url.search === '' ? '' : canonicalQuery(url.searchParams);
  const canonicalRequest = `${request.method.toUpperCase()}\n${cachedCanonicalUri(url.pathname)}\n${query}\n${canonicalHeaders}\n${names.joined}\n${payloadHash}`;
  const stringToSign = `SDK-HMAC-SHA256\n${request.headers.get('x-sdk-date')}\n${hash('sha256', canonicalRequest, 'hex')}`;
  // Synchronous here: the mock runs on Node, where the SDK hashes with node:crypto.
  return hmacHex(secretKey, stringToSign) as string;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
