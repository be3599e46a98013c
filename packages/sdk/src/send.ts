/**
 * One call of an operation, below the typed methods: validate the input, send it through the transport (directly, or
 * through openapi-fetch while `client.raw` has middleware), read the answer, turn failures into SDK errors.
 */
import type { CallOptions } from './call-types.js';
import { NetworkError, RequestValidationError, SdkError, toApiError } from './errors.js';
import type { ReconcileSpec } from './reconcile.js';
import type { Client } from 'openapi-fetch';
import type { CallContext, OutgoingRequest } from './transport.js';
import { checkValue } from './validation/issues.js';

/** One row of a site's operation table, with its operationId. */
export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  body: Parameters<typeof checkValue>[0] | undefined;
  query: Parameters<typeof checkValue>[0] | undefined;
  pagination?: { total?: string; items: string; pageSize: number } | undefined;
  idempotent?: boolean;
  reconcile?: ReconcileSpec | undefined;
}

export type Rec = Record<string, any>;
/** The client's transport: signing, retries, timeouts, hooks. */
export type Transport = (request: OutgoingRequest, ctx: CallContext) => Promise<Response>;
/** The main entry's raw client (raw.ts), and the send path the typed methods take while it has middleware. */
export interface RawClient {
  raw: Client<Record<string, never>>;
  /** Middleware registered now with `client.raw.use`: while there is any, the typed methods go through it too. */
  middlewares: () => number;
  /** Sends through openapi-fetch, so that the middleware sees the Request. */
  send(op: OperationEntry, input: unknown, o: CallOptions, ctx: CallContext): Promise<[Response, unknown]>;
}

/** The call context of an operation (or, for a raw call matching none, of `fallbackId`). */
export type ContextOf = (op: OperationEntry | undefined, o: CallOptions, fallbackId: string) => CallContext;

/**
 * A query string as openapi-fetch writes one by default (`form`, exploded arrays; null and undefined left out),
 * for the operations whose parameters are scalars or arrays of scalars (the generator refuses any other kind).
 */
function toQuery(input: Rec): string {
  const q = new URLSearchParams();
  for (const k in input)
    for (const v of ([] as unknown[]).concat(input[k])) if (v != null) q.append(k, String(v as string));
  return q.toString().replace(/\+/g, '%20');
}

/**
 * Built here rather than by openapi-fetch: the body is signed as the JSON text it is sent as, never read back from a
 * Request; headers, query and answers are handled as openapi-fetch handles them.
 */
async function sendDirect(
  transport: Transport,
  baseUrl: string,
  defaultHeaders: Record<string, string> | undefined,
  op: OperationEntry,
  input: unknown,
  o: CallOptions,
  ctx: CallContext,
): Promise<[Response, unknown]> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (op.body) {
    body = JSON.stringify(input ?? {});
    headers['content-type'] = 'application/json';
  }
  for (const h of [defaultHeaders, o.headers]) for (const k in h) headers[k.toLowerCase()] = h[k]!;
  const query = op.query && input ? toQuery(input as Rec) : '';
  const response = await transport(
    { method: op.method, url: `${baseUrl}${op.path}${query ? `?${query}` : ''}`, headers, body },
    ctx,
  );
  const text = response.status === 204 ? '' : await response.text();
  let parsed: unknown = text || undefined;
  if (text)
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      if (response.ok) throw e;
    }
  return [response, parsed];
}

/** The client options sending reads. */
export interface SendOptions {
  headers?: Record<string, string> | undefined;
  validateRequests?: boolean | undefined;
}

/** A body carrying a top-level `error_code` (a batch's per-item failures are in `error_details`, not here). */
const isErrorBody = (data: unknown): boolean =>
  typeof (data as Rec | undefined)?.error_code === 'string' && (data as Rec).error_code !== '';

/**
 * Builds the function that makes one call of an operation: validate, send through the transport, turn failures into
 * SDK errors. `raw` is the main entry's raw client: while it has middleware, calls go through it. (Positional rather than an
 * object of dependencies: the names of its fields would ship in every application's bundle.)
 */
export function createSend(
  options: SendOptions,
  baseUrl: string,
  transport: Transport,
  context: ContextOf,
  raw: RawClient | undefined,
): (op: OperationEntry, input: unknown, o: CallOptions) => Promise<unknown> {
  return async (op, input, o) => {
    const validator = op.body ?? op.query;
    if (validator && (o.validate ?? options.validateRequests ?? true)) {
      const verdict = checkValue(validator, input ?? {});
      if (!verdict.ok) throw new RequestValidationError(op.operationId, verdict.issues);
    }
    // The final answer is read under the last attempt's timer, disarmed once it has.
    const ctx = { ...context(op, o, op.operationId), hold: true };
    try {
      const [response, parsed] = raw?.middlewares()
        ? await raw.send(op, input, o, ctx)
        : await sendDirect(transport, baseUrl, options.headers, op, input, o, ctx);
      // Some refusals come with HTTP 200 and the error body (reference §1.5: CBC.99000048 of ReclaimPartnerCoupons,
      // CBC.5001 of ListPartnerBalances…): a top-level error_code is an error whatever the status.
      if (!response.ok || isErrorBody(parsed)) throw toApiError(op.operationId, response, parsed, ctx.attempts);
      return parsed;
    } catch (e) {
      // Failing to read an answer that came: the call may have been applied.
      if (!ctx.release || e instanceof SdkError) throw e;
      if (o.signal?.aborted) throw o.signal.reason;
      throw new NetworkError({
        operationId: op.operationId,
        method: op.method,
        url: baseUrl + op.path,
        attempts: ctx.attempts,
        uncertain: true,
        timedOut: ctx.timedOut,
        cause: e,
      });
    } finally {
      ctx.release?.();
    }
  };
}
