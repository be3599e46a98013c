import { computeSignature, defaultSignedHeaders, formatSdkDate } from './sign.js';

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
 * Adds authentication headers to a request about to be sent. AK/SK signing happens here, per attempt, with a fresh
 * `X-Sdk-Date`, over the exact body bytes.
 */
export async function authenticate(
  credentials: Credentials,
  req: { method: string; url: string; headers: Headers; body: Uint8Array | undefined },
  now: () => Date = () => new Date(),
): Promise<void> {
  if ('token' in credentials) {
    const token = typeof credentials.token === 'function' ? await credentials.token() : credentials.token;
    req.headers.set('X-Auth-Token', token);
    return;
  }
  req.headers.set('X-Sdk-Date', formatSdkDate(now()));
  if (credentials.securityToken) req.headers.set('X-Security-Token', credentials.securityToken);
  req.headers.delete('Authorization');
  const sig = await computeSignature(
    req,
    credentials.accessKey,
    credentials.secretKey,
    defaultSignedHeaders(req.headers),
  );
  req.headers.set('Authorization', sig.authorization);
}
