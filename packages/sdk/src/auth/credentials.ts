import { defaultSignedHeaders, formatSdkDate, signRequest, type Signature } from './sign.js';

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
  const c = credentials as Partial<AkSkCredentials & TokenCredentials> | undefined;
  const empty = (v: unknown) => typeof v !== 'string' || v.trim() === '';
  if (!c || typeof c !== 'object')
    throw new TypeError('credentials are required: { accessKey, secretKey } or { token }');
  if ('token' in c) {
    if (typeof c.token !== 'function' && empty(c.token))
      throw new TypeError('credentials.token is empty: pass an IAM token or a function returning one');
    return;
  }
  const missing = (['accessKey', 'secretKey'] as const).filter((k) => empty(c[k]));
  if (missing.length)
    throw new TypeError(
      `credentials.${missing.join(' and credentials.')} ${missing.length > 1 ? 'are' : 'is'} empty: pass the AK/SK of an IAM user (for example from HUAWEICLOUD_AK and HUAWEICLOUD_SK)`,
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
    if (typeof token === 'string') req.headers['x-auth-token'] = token;
    else
      return token.then((t) => {
        req.headers['x-auth-token'] = t;
      });
    return;
  }
  // Header names are lower case here (the transport's records), as fetch sends them.
  req.headers['x-sdk-date'] = formatSdkDate(now());
  if (credentials.securityToken) req.headers['x-security-token'] = credentials.securityToken;
  delete req.headers.authorization;
  const set = (sig: Signature) => {
    req.headers.authorization = sig.authorization;
  };
  const sig = signRequest(req, credentials.accessKey, credentials.secretKey, defaultSignedHeaders(req.headers));
  if ('then' in sig) return sig.then(set);
  set(sig);
}
