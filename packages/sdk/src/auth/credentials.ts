import { andThen, defaultSignedHeaders, formatSdkDate, signRequest } from './sign.js';

/** Permanent or temporary AK/SK. Temporary keys come with a security token (sent and signed as `X-Security-Token`). */
export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

/** A function returning the current IAM token; with `invalidate`, a 401 makes the SDK fetch a new one and resend once. */
export type TokenSource = (() => string | Promise<string>) & { invalidate?: () => void };

/** An IAM token, or a function returning one (called per attempt, so it can refresh; see `iamPasswordToken`). */
export interface TokenCredentials {
  token: string | TokenSource;
}

/** How requests are authenticated. */
export type Credentials = AkSkCredentials | TokenCredentials;

/**
 * Refuses credentials that cannot work, when the client is created rather than on the first call (an empty secret
 * would otherwise fail inside Web Crypto as "Zero-length key").
 */
export function checkCredentials(credentials: Credentials | undefined): void {
  const c = credentials as any;
  const missing = !c
    ? ['']
    : (c.token !== undefined ? ['token'] : ['accessKey', 'secretKey']).filter(
        (k) => typeof c[k] !== 'function' && !c[k]?.trim?.(),
      );
  if (missing.length)
    throw new TypeError(
      `credentials${missing.map((k) => k && `.${k}`).join(' and credentials')} missing or empty: pass { accessKey, secretKey } (an IAM user's AK/SK) or { token }`,
    );
}

/**
 * Adds authentication headers to a request about to be sent. AK/SK signing happens here, per attempt, with a fresh
 * `X-Sdk-Date`, over the exact body bytes; synchronously when the runtime has node:crypto (no promise is returned).
 */
export function authenticate(
  credentials: Credentials,
  req: { method: string; url: string; headers: Record<string, string>; body: Uint8Array | string | undefined },
  now: () => Date = () => new Date(),
): void | Promise<void> {
  if ('token' in credentials) {
    const token = typeof credentials.token === 'function' ? credentials.token() : credentials.token;
    return andThen(token, (t) => {
      req.headers['x-auth-token'] = t;
    });
  }
  // Header names are lower case here (the transport's records), as fetch sends them.
  req.headers['x-sdk-date'] = formatSdkDate(now());
  if (credentials.securityToken) req.headers['x-security-token'] = credentials.securityToken;
  delete req.headers.authorization;
  const sig = signRequest(req, credentials.accessKey, credentials.secretKey, defaultSignedHeaders(req.headers));
  return andThen(sig, (s) => {
    req.headers.authorization = s.authorization;
  });
}
