/**
 * When to try a request again, and how long to wait: exponential backoff with full jitter, `Retry-After`, a
 * bounded attempt count and a per-client retry budget. Pure functions and small state, no I/O.
 */

/** Retry settings, per client and per call (a call's settings override its client's; the budget is per client). */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 turns retries off). */
  maxAttempts?: number;
  /** Attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs·2^(n−1))) (default 200). */
  baseDelayMs?: number;
  /** The longest wait; a `Retry-After` longer than this ends the retries (default 20 000). */
  maxDelayMs?: number;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** How to wait; must reject with `signal.reason` when the signal aborts (default: a timer). */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Retry settings with every default filled in. */
export type ResolvedRetry = Required<RetryOptions>;

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Fills in the defaults; `false` means one attempt. */
export function resolveRetry(...layers: (RetryOptions | false | undefined)[]): ResolvedRetry {
  const r: ResolvedRetry = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 20_000, random: Math.random, sleep };
  for (const l of layers) {
    if (l === false) r.maxAttempts = 1;
    else if (l) for (const k of Object.keys(l) as (keyof RetryOptions)[]) if (l[k] !== undefined) (r as any)[k] = l[k];
  }
  return r;
}

/** The wait before attempt `attempt + 1` (attempt ≥ 1): full jitter over a capped exponential. */
export function backoff(r: ResolvedRetry, attempt: number): number {
  return Math.floor(r.random() * Math.min(r.maxDelayMs, r.baseDelayMs * 2 ** (attempt - 1)));
}

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A per-client bound on retries (see {@link retryBudget}). */
export interface RetryBudget {
  /** Spends a token; false when none is left. */
  take(): boolean;
  /** Earns back part of a token after a call the service answered. */
  earn(): void;
}

/**
 * A token bucket that bounds retries across a client: each retry spends one token, each answered call (not 429
 * nor 5xx) earns `refill` back, up to `capacity`. When it is empty, calls fail on their first error instead of
 * piling retries onto a struggling service.
 */
export function retryBudget(capacity: number, refill = 0.2): RetryBudget {
  let tokens = capacity;
  return {
    take: () => tokens >= 1 && tokens-- > 0,
    earn: () => {
      tokens = Math.min(capacity, tokens + refill);
    },
  };
}

// Connection-phase failures: the request never reached the server. Node (undici) puts the code in `cause.code`
// (or in `cause.errors[]` when several addresses were tried); Bun and Deno name them differently.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ConnectionRefused',
  'FailedToOpenSocket',
]);

/** True when a fetch failure provably happened before the request reached the server (connection refused, DNS…). */
export function failedBeforeSending(error: any): boolean {
  const c = error?.cause ?? error;
  const codes: unknown[] = [c?.code, ...(c?.errors ?? []).map((e: any) => e?.code)].filter((x) => x !== undefined);
  return codes.length > 0 && codes.every((x) => CONNECT_CODES.has(String(x)));
}
