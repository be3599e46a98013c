/**
 * An IAM token provider, password method: `POST {endpoint}/v3/auth/tokens` with a domain scope, token read from
 * `X-Subject-Token`, cached, and fetched again shortly before it expires.
 */
import { NetworkError, toApiError } from '../errors.js';
import { abortable } from '../abort.js';

/** Options of {@link iamPasswordToken}. */
export interface IamPasswordTokenOptions {
  /** IAM user name. */
  user: string;
  /** IAM user password (never logged, never put in an error). */
  password: string;
  /** Account (domain) name the user belongs to. */
  domain: string;
  /** IAM endpoint (default `https://iam.myhuaweicloud.com`). */
  endpoint?: string;
  /** Fetch a new token this long before the current one expires (default 10 minutes). */
  refreshBeforeMs?: number;
  /** A fetch to use instead of `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Local clock in epoch ms (tests). */
  now?: () => number;
  /** Give up on IAM after this long, in ms (default 30 000). */
  timeoutMs?: number;
}

const OPERATION = 'KeystoneCreateUserTokenByPassword';

/**
 * Creates a cached IAM token source for `credentials: { token: iamPasswordToken({...}) }`. Concurrent callers share
 * one request; if a refresh fails while the cached token is still valid, the cached token is used.
 */
export function iamPasswordToken(options: IamPasswordTokenOptions): (() => Promise<string>) & { invalidate(): void } {
  const now = options.now ?? Date.now;
  const margin = options.refreshBeforeMs ?? 10 * 60_000;
  const url = `${(options.endpoint ?? 'https://iam.myhuaweicloud.com').replace(/\/+$/, '')}/v3/auth/tokens`;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: options.user, password: options.password, domain: { name: options.domain } } },
        },
        scope: { domain: { name: options.domain } },
      },
    });
    const sentAt = now();
    // A timer and controller of our own, not AbortSignal.timeout(): a Request follows its signal only through a weak
    // reference, so an otherwise unreferenced timeout signal can be garbage-collected and never fire (a hang seen under
    // load); the timer holds the controller until the answer has been read or the time is up.
    const [signal, abort, until] = abortable();
    const timeoutMs = options.timeoutMs ?? 30_000;
    // Timers fire at once beyond 2^31 - 1 ms: a longer timeout (`Infinity`) arms none.
    const timer =
      timeoutMs < 2 ** 31
        ? setTimeout(() => abort(new DOMException('IAM did not answer in time', 'TimeoutError')), timeoutMs)
        : undefined;
    let res: Response;
    let json: any;
    try {
      try {
        const request = new Request(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal,
        });
        res = await until(() => (options.fetch ?? globalThis.fetch)(request));
      } catch (cause) {
        throw new NetworkError({ operationId: OPERATION, method: 'POST', url, cause });
      }
      json = await res.json().catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
    const token = res.headers.get('X-Subject-Token');
    if (!res.ok || !token) throw toApiError(OPERATION, res, json, 1);
    // Lifetime from IAM's own issued/expires pair, applied to the local clock: immune to clock skew.
    const issued = Date.parse(json?.token?.issued_at);
    const expires = Date.parse(json?.token?.expires_at);
    const ttl = Number.isNaN(issued) || Number.isNaN(expires) ? 3_600_000 : expires - issued;
    cached = { token, expiresAt: sentAt + ttl };
    return token;
  };

  const source = async (): Promise<string> => {
    const t = now();
    if (cached && t < cached.expiresAt - margin) return cached.token;
    pending ??= fetchToken().finally(() => (pending = undefined));
    try {
      return await pending;
    } catch (e) {
      if (cached && now() < cached.expiresAt) return cached.token;
      throw e;
    }
  };
  source.invalidate = () => {
    cached = undefined;
  };
  return source;
}
