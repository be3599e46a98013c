/**
 * The transport below openapi-fetch: per attempt it signs the request (fresh `X-Sdk-Date`, or the current IAM token),
 * arms its own timeout, calls fetch, reads the answer, tells the hooks, and decides whether to try again. Only
 * fetch, Web Crypto, AbortController and timers: it runs on Node, Bun, Deno and edge runtimes.
 */
import { authenticate, type Credentials } from './auth/credentials.js';
import { NetworkError, type SdkError } from './errors.js';
import { backoff, failedBeforeSending, retryAfterMs, type ResolvedRetry, type RetryBudget } from './retry.js';
import { abortable } from './abort.js';

/** What a hook learns about an attempt about to be sent; secret headers read `[redacted]`. */
export interface RequestEvent {
  operationId: string;
  /** 1 for the first attempt. */
  attempt: number;
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** What a hook learns about an answer. */
export interface ResponseEvent {
  operationId: string;
  attempt: number;
  method: string;
  url: string;
  status: number;
  /** `X-Request-Id` of the answer. */
  requestId: string | undefined;
  /** From sending to the end of the body. */
  durationMs: number;
}

/** What a hook learns before the SDK waits and tries again. */
export interface RetryEvent {
  operationId: string;
  /** The attempt that failed. */
  attempt: number;
  /** The wait before the next attempt. */
  delayMs: number;
  /** `HTTP 503`, `network`, `timeout`, `token refresh`… */
  reason: string;
}

/** Observers for logging and metrics. They never see secrets; one that throws is ignored (a log must not fail a call). */
export interface Hooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  /** The final failure of a call, after its retries. */
  onError?(event: { operationId: string; error: SdkError }): void;
}

/** One call as the transport runs it. `attempts` is filled in as it goes. */
export interface CallContext {
  operationId: string;
  idempotent: boolean;
  retry: ResolvedRetry;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  attempts: number;
  /** Set by a caller that reads the final answer itself: it is then returned unread, its attempt's timer armed. */
  hold?: boolean;
  /** With `hold`: disarms the final attempt's timer, to call once the answer is read. */
  release?: () => void;
  /** True once an attempt's timer fired. */
  timedOut?: boolean;
}

/**
 * A request as the transport sends it: headers as a plain record with lower-case names (cheaper to copy and sign
 * than a Headers object), the body as the exact bytes (or UTF-8 text) that are signed and sent.
 */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
}

/** Reads a Request (from openapi-fetch's raw client) into an {@link OutgoingRequest}. */
export async function outgoing(request: Request): Promise<OutgoingRequest> {
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return { method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body };
}

/**
 * An in-process server's own way in, offered under {@link IN_PROCESS} by the fetch it hands out
 * (`@partner-center/mock`'s `mock.fetch`): the request as the plain values the transport holds, with nothing to build
 * into a Request and read back (that costs an in-process call more than the server's answer).
 */
export type InProcess = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Uint8Array | string | undefined,
) => Promise<Response>;

/** Where a fetch offers its {@link InProcess} entry; any other fetch is given a Request. */
export const IN_PROCESS = Symbol.for('partner-center.in-process');

/** What the transport needs from its client. */
export interface TransportDeps {
  credentials: Credentials;
  now: () => Date;
  fetch: ((request: Request) => Promise<Response>) | undefined;
  hooks: Hooks;
  budget: RetryBudget | undefined;
}

const SECRET_HEADER = /^(authorization|x-auth-token|x-security-token|x-subject-token)$/i;

/** Headers as a plain record with credentials replaced by `[redacted]`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) out[k] = SECRET_HEADER.test(k) ? '[redacted]' : headers[k]!;
  return out;
}

/** Calls a hook, ignoring whatever it throws or rejects with. */
export function notify<E>(hook: ((e: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    const r = hook(event) as unknown;
    if (r && typeof (r as Promise<void>).then === 'function') (r as Promise<void>).then(undefined, () => {});
  } catch {
    /* a hook must not change the outcome of a call */
  }
}

/** One attempt's abort ({@link abortable}), fired by its timer or by the caller's signal. */
type Attempt = ReturnType<typeof abortable>;

/**
 * Arms one attempt's abort: its timer, and a listener on the caller's signal when there is one. Returns the abort and
 * `done`, which disarms both.
 */
function armAttempt(ctx: CallContext): [attempt: Attempt, done: () => void] {
  const attempt = abortable();
  const abort = attempt[1];
  const onAbort = () => abort(ctx.signal!.reason);
  ctx.signal?.addEventListener('abort', onAbort);
  // Timers take at most 2^31 - 1 ms and fire at once beyond it: a longer timeout (`Infinity`) arms none.
  const timer =
    ctx.timeoutMs < 2 ** 31
      ? setTimeout(() => {
          ctx.timedOut = true;
          abort(new DOMException('timeout', 'TimeoutError'));
        }, ctx.timeoutMs)
      : undefined;
  ctx.timedOut = false;
  return [
    attempt,
    () => {
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
    },
  ];
}

/**
 * Signs and sends one attempt, telling the hooks. Returns whether fetch was called, and the answer or the failure
 * (returned, not thrown; its timer disarmed).
 */
async function sendAttempt(
  deps: TransportDeps,
  request: OutgoingRequest,
  about: { operationId: string; attempt: number; method: string; url: string },
  [signal, , until]: Attempt,
  done: () => void,
): Promise<[sent: boolean, response?: Response, failure?: unknown]> {
  const { hooks } = deps;
  const { method, url, body } = request;
  let sent = false;
  try {
    const headers = { ...request.headers };
    const signing = authenticate(deps.credentials, { method, url, headers, body }, deps.now);
    if (signing) await signing;
    if (hooks.onRequest) notify(hooks.onRequest, { ...about, headers: redactHeaders(headers) });
    const started = Date.now();
    sent = true;
    const fetch = deps.fetch as (TransportDeps['fetch'] & { [IN_PROCESS]?: InProcess }) | undefined;
    const inProcess = fetch?.[IN_PROCESS];
    const response = await until(() =>
      inProcess
        ? inProcess(method, url, headers, body)
        : (fetch ?? globalThis.fetch)(
            new Request(url, { method, headers, body: body as BodyInit | undefined, signal }),
          ),
    );
    if (hooks.onResponse)
      notify(hooks.onResponse, {
        ...about,
        status: response.status,
        requestId: response.headers.get('X-Request-Id') ?? undefined,
        durationMs: Date.now() - started,
      });
    return [sent, response];
  } catch (e) {
    done();
    return [sent, undefined, e];
  }
}

/**
 * Whether an answer other than a token refusal is worth sending again. 429: the gateway throttled the request before
 * it reached the service, so any operation may be sent again. 5xx: the service may have acted, so only idempotent
 * operations are.
 */
function retryable(ctx: CallContext, status: number, after: number | undefined, budget: RetryBudget | undefined) {
  return (
    (status === 429 || (status >= 500 && ctx.idempotent)) &&
    !(after !== undefined && after > ctx.retry.maxDelayMs) &&
    (!budget || budget.take())
  );
}

/** The final answer: read under its attempt's timer, by the caller (which disarms it, `hold`) or here. */
async function finalAnswer(response: Response, ctx: CallContext, done: () => void): Promise<Response> {
  if (ctx.hold) {
    ctx.release = done;
    return response;
  }
  try {
    const bytes = await response.arrayBuffer();
    return new Response(bytes.byteLength ? bytes : null, response);
  } finally {
    done();
  }
}

/** Builds the transport of a client. */
export function createTransport(
  deps: TransportDeps,
): (request: OutgoingRequest, ctx: CallContext) => Promise<Response> {
  const { credentials, hooks, budget } = deps;
  const tokenSource = 'token' in credentials && typeof credentials.token === 'function' ? credentials.token : undefined;

  return async (request, ctx) => {
    const { method, url } = request;
    let refreshed = false;
    const wait = async (attempt: number, delayMs: number, reason: string) => {
      notify(hooks.onRetry, { operationId: ctx.operationId, attempt, delayMs, reason });
      await ctx.retry.sleep(delayMs, ctx.signal);
    };

    for (;;) {
      const attempt = ++ctx.attempts;
      const about = { operationId: ctx.operationId, attempt, method, url };
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      const [armed, done] = armAttempt(ctx);
      const [sent, response, failed] = await sendAttempt(deps, request, about, armed, done);
      let failure = failed;
      const last = attempt >= ctx.retry.maxAttempts;
      if (response) {
        const status = response.status;
        const after = retryAfterMs(response.headers.get('Retry-After'));
        // A rejected token was refused before anything was done: refresh it once and send again, for any operation.
        const refresh = status === 401 && tokenSource?.invalidate && !refreshed;
        if (last || !(refresh || retryable(ctx, status, after, budget))) {
          if (status < 500 && status !== 429) budget?.earn();
          try {
            return await finalAnswer(response, ctx, done);
          } catch (e) {
            failure = e;
          }
        } else {
          done();
          response.body?.cancel().catch(() => {});
          if (refresh) {
            refreshed = true;
            tokenSource.invalidate!();
            await wait(attempt, 0, 'token refresh');
          } else await wait(attempt, after ?? backoff(ctx.retry, attempt), `HTTP ${status}`);
          continue;
        }
      }

      if (ctx.signal?.aborted) throw ctx.signal.reason;
      // Failures before fetch was called: a token fetch that got no answer can be retried; anything else (wrong
      // IAM password, a signing bug) is final and rethrown as is.
      if (!sent && !(failure instanceof NetworkError)) throw failure;
      const timedOut = ctx.timedOut;
      const notSent = !sent || (!timedOut && !response && failedBeforeSending(failure));
      if ((notSent || ctx.idempotent) && !last && (!budget || budget.take())) {
        await wait(attempt, backoff(ctx.retry, attempt), timedOut ? 'timeout' : 'network');
        continue;
      }
      throw new NetworkError({
        operationId: ctx.operationId,
        method,
        url,
        status: response?.status,
        attempts: attempt,
        uncertain: !notSent,
        timedOut,
        cause: failure,
      });
    }
  };
}
