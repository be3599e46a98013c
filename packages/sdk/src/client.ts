import type createFetchClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import { checkCredentials, type Credentials } from './auth/credentials.js';
import { endpoints, type Site } from './endpoints.js';
import { NetworkError, RequestValidationError, SdkError, toApiError } from './errors.js';
import type * as cn from './generated/cn/operations.js';
import type * as cnMethods from './generated/cn/methods.js';
import type * as intlMethods from './generated/intl/methods.js';
import type { operations as CnOperations, paths as CnPaths } from './generated/cn/schema.js';
import type * as intl from './generated/intl/operations.js';
import type { operations as IntlOperations, paths as IntlPaths } from './generated/intl/schema.js';
import { mergeOutputs, reconcileWith, type ReconcileSpec, type Reconciliation } from './reconcile.js';
import { resolveRetry, retryBudget, type RetryOptions } from './retry.js';
import { createTransport, notify, outgoing, type CallContext, type Hooks } from './transport.js';
import { checkValue } from './validation/issues.js';

type OperationsOf<S extends Site> = S extends 'intl' ? IntlOperations : CnOperations;
type PathsOf<S extends Site> = S extends 'intl' ? IntlPaths : CnPaths;
/** The generated operation table of a site (`operationTables[site]`); internal: it carries the zod validators' types. */
export type TableOf<S extends Site> = S extends 'intl' ? typeof intl.operations : typeof cn.operations;

import type { ArgsOf, CallOptions, InputOf, OutputOf } from './call-types.js';

export type { ArgsOf, CallOptions, InputOf, OutputOf };

/** One typed method per operation of an openapi-typescript `operations` interface, named after its operationId. */
export type MethodsOf<Ops> = {
  [K in keyof Ops & string as Uncapitalize<K>]: (...args: ArgsOf<Ops[K]>) => Promise<OutputOf<Ops[K]>>;
};

/**
 * One typed method per operation of the site (`CreateSubCustomer` → `createSubCustomer`), each documented from the
 * spec (summary, notes, error codes, guide): generated, so editors show it on hover.
 */
export type OperationMethods<S extends Site> = [S] extends [never]
  ? MethodsOf<OperationsOf<S>>
  : [S] extends ['cn']
    ? cnMethods.Methods
    : [S] extends ['intl']
      ? intlMethods.Methods
      : // A client of either site (`PartnerClient<Site>`): the methods both have, taking either site's input.
        MethodsOf<OperationsOf<S>>;

type PagedItemsOf<S extends Site> = S extends 'intl' ? intlMethods.PagedItems : cnMethods.PagedItems;
type PagedIds<S extends Site> = keyof PagedItemsOf<S> & keyof OperationsOf<S> & string;
/** The element type of the array field `F` of an operation's result. */
export type ItemOf<O, F extends string> =
  NonNullable<OutputOf<O>[F & keyof OutputOf<O>]> extends readonly (infer I)[] ? I : never;

/** Every item of every page, as an async iterator, or collected at once with `all()`. */
export interface PageIterator<T> extends AsyncIterableIterator<T> {
  /** Reads every remaining page and resolves with all their items (mind the memory on large listings). */
  all(): Promise<T[]>;
}

/** One async iterator per offset/limit operation: every item of every page (`limit`, if given, is the page size). */
export type Paginators<S extends Site> = {
  [K in PagedIds<S> as Uncapitalize<K>]: (
    ...args: ArgsOf<OperationsOf<S>[K]>
  ) => PageIterator<ItemOf<OperationsOf<S>[K], PagedItemsOf<S>[K] & string>>;
};

/** Options of a reconciliation: `since` is when the movement was first sent (records from 15 minutes before it are read). */
export type ReconcileOptions = CallOptions & { since: Date };

type ReconcilableIds<S extends Site> = (S extends 'intl' ? intlMethods.Reconcilable : cnMethods.Reconcilable) &
  keyof OperationsOf<S> &
  string;

/** One lookup per money movement the spec says how to reconcile (`x-reconcile`): was it applied, what remains to send? */
export type Reconcilers<S extends Site> = {
  [K in ReconcilableIds<S> as Uncapitalize<K>]: (
    input: InputOf<OperationsOf<S>[K]>,
    options: ReconcileOptions,
  ) => Promise<Reconciliation<OutputOf<OperationsOf<S>[K]>, InputOf<OperationsOf<S>[K]>>>;
};

/** Options of {@link createPartnerClient}. */
export interface PartnerClientOptions<S extends Site = 'cn'> {
  /** `cn` (default) or `intl`: picks the operations, field rules and default endpoint. */
  site?: S | undefined;
  /** Override the endpoint, e.g. a mock at `http://127.0.0.1:4010`. */
  baseUrl?: string | undefined;
  /** AK/SK (permanent, or temporary with a security token) or an IAM token (a string or a source such as `iamPasswordToken`). */
  credentials: Credentials;
  /** Check each request against the spec's field rules before sending (default true). */
  validateRequests?: boolean | undefined;
  /** A fetch to use instead of `globalThis.fetch`. When absent, `globalThis.fetch` is looked up on every call. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Headers added to every request. */
  headers?: Record<string, string> | undefined;
  /** The clock used for `X-Sdk-Date` and reconciliation windows (tests). */
  now?: (() => Date) | undefined;
  /** Timeout of each attempt, in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /** Retries on 429, 5xx and network failures (non-idempotent operations only when provably not sent), or `false`. */
  retry?: RetryOptions | false | undefined;
  /** Retries the client may spend in a burst; each answered call earns back a fifth of one (default 20; `false`: unbounded). */
  retryBudget?: number | false | undefined;
  /** Observers for logging and metrics (never shown a secret). */
  hooks?: Hooks | undefined;
  /** Default of `CallOptions.reconcile` (default false). */
  reconcile?: boolean | undefined;
}

/**
 * The openapi-fetch client of a site, typed by path. Named (not inferred) so that a consumer's declaration that
 * exports `client.raw` refers to `@partner-center/sdk` rather than to openapi-fetch's path inside node_modules.
 */
export interface RawClient<S extends Site = 'cn'> extends Client<PathsOf<S>> {}

/**
 * A client from a site's own entry point (`@partner-center/sdk/cn`, `/intl`): everything but `raw`, which would
 * bring openapi-fetch (about 2 KB min+gz) into the bundle of applications that do not use it.
 */
export type SiteClient<S extends Site = 'cn'> = Omit<PartnerClient<S>, 'raw'>;

/** A client of one site: typed operation methods, iterators, reconciliation, and the underlying openapi-fetch client. */
export type PartnerClient<S extends Site = 'cn'> = OperationMethods<S> & {
  /** The site this client talks to. */
  readonly site: S;
  /** The openapi-fetch client (typed by path), sharing authentication, retries and hooks; it neither validates nor throws. */
  readonly raw: RawClient<S>;
  /** Iterators over every item of the offset/limit operations (`client.paginate.listSubCustomers({...})`). */
  readonly paginate: Paginators<S>;
  /** Lookups of money movements whose outcome is unknown (`client.reconcile.updateCustomerAccountAmount(input, { since })`). */
  readonly reconcile: Reconcilers<S>;
};

interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  body: Parameters<typeof checkValue>[0] | undefined;
  query: Parameters<typeof checkValue>[0] | undefined;
  pagination?: { total?: string; items: string; pageSize: number } | undefined;
  idempotent?: boolean;
  reconcile?: ReconcileSpec | undefined;
}

type Rec = Record<string, any>;

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
const SKEW_MS = 15 * 60_000;

/**
 * Creates a client of one site from that site's operation table. The entry points pass the table, so an application
 * that imports one site's entry (`@partner-center/sdk/cn`) does not bundle the other site's tables and validators.
 */
export function createSiteClient<S extends Site>(
  site: S,
  operations: TableOf<S>,
  options: PartnerClientOptions<S>,
  createRaw?: typeof createFetchClient,
): PartnerClient<S> {
  if (options.site !== undefined && options.site !== site)
    throw new TypeError(`this entry point serves the ${site} site, not ${String(options.site)}`);
  const table: Record<string, OperationEntry> = {};
  for (const [operationId, op] of Object.entries(operations))
    table[operationId] = { ...(op as Omit<OperationEntry, 'operationId'>), operationId };
  checkCredentials(options.credentials);
  const validateByDefault = options.validateRequests ?? true;
  const now = options.now ?? (() => new Date());
  const hooks = options.hooks ?? {};
  const baseUrl = (options.baseUrl ?? endpoints[site]).replace(/\/+$/, '');
  const budget = options.retryBudget === false ? undefined : retryBudget(options.retryBudget ?? 20);
  const transport = createTransport({ credentials: options.credentials, now, fetch: options.fetch, hooks, budget });

  const context = (op: OperationEntry | undefined, o: CallOptions, fallbackId: string): CallContext => ({
    operationId: op?.operationId ?? fallbackId,
    idempotent: op?.idempotent !== false,
    retry: resolveRetry(options.retry, o.retry),
    timeoutMs: o.timeoutMs ?? options.timeoutMs ?? 30_000,
    signal: o.signal,
    attempts: 0,
  });

  // The raw client (main entry only) goes through the same transport; its calls are matched to an operation by
  // method and path.
  const byRoute = new Map(Object.values(table).map((op) => [`${op.method} ${op.path}`, op]));
  const raw = createRaw?.<PathsOf<S>>({
    baseUrl,
    headers: options.headers,
    fetch: async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      return transport(await outgoing(request), context(byRoute.get(key), { signal: request.signal }, key));
    },
  });
  // Middleware registered with `client.raw.use` applies to the typed methods too: while there is any, they go
  // through openapi-fetch (which builds the Request the middleware sees) instead of the faster direct path.
  let middlewares = 0;
  if (raw) {
    const { use, eject } = raw;
    raw.use = (...m) => {
      middlewares += m.length;
      use(...m);
    };
    raw.eject = (...m) => {
      middlewares -= m.length;
      eject(...m);
    };
  }

  /** One call of an operation: validate, send through the transport, turn failures into SDK errors. */
  const send = async (op: OperationEntry, input: unknown, o: CallOptions): Promise<unknown> => {
    const validator = op.body ?? op.query;
    if (validator && (o.validate ?? validateByDefault)) {
      const verdict = checkValue(validator, input ?? {});
      if (!verdict.ok) throw new RequestValidationError(op.operationId, verdict.issues);
    }
    // The final answer is read under the last attempt's timer, disarmed once it has.
    const ctx = { ...context(op, o, op.operationId), hold: true };
    try {
      let response: Response;
      let parsed: unknown;
      if (middlewares) {
        const r = await (raw! as unknown as Client<Record<string, never>>).request(
          op.method.toLowerCase() as never,
          op.path as never,
          {
            body: op.body ? (input ?? {}) : undefined,
            params: { query: op.query ? (input as Rec) : undefined },
            headers: o.headers,
            fetch: async (request: Request) => transport(await outgoing(request), ctx),
          } as never,
        );
        response = r.response;
        parsed = r.data ?? r.error;
      } else {
        // Built here rather than by openapi-fetch: the body is signed as the JSON text it is sent as, never read
        // back from a Request; headers, query and answers are handled as openapi-fetch handles them.
        const headers: Record<string, string> = {};
        let body: string | undefined;
        if (op.body) {
          body = JSON.stringify(input ?? {});
          headers['content-type'] = 'application/json';
        }
        for (const h of [options.headers, o.headers]) for (const k in h) headers[k.toLowerCase()] = h[k]!;
        const query = op.query && input ? toQuery(input as Rec) : '';
        response = await transport(
          { method: op.method, url: `${baseUrl}${op.path}${query ? `?${query}` : ''}`, headers, body },
          ctx,
        );
        const text = response.status === 204 ? '' : await response.text();
        parsed = text || undefined;
        if (text)
          try {
            parsed = JSON.parse(text);
          } catch (e) {
            if (response.ok) throw e;
          }
      }
      if (!response.ok) throw toApiError(op.operationId, response, parsed, ctx.attempts);
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

  const call = async (operationId: string, input: unknown, o: CallOptions = {}): Promise<unknown> => {
    const op = table[operationId]!;
    const startedAt = now();
    const r = (o.reconcile ?? options.reconcile) && !op.idempotent ? op.reconcile : undefined;
    let pending = input;
    let merged: unknown;
    let rounds = 0;
    try {
      for (;;) {
        try {
          return mergeOutputs(merged, await send(op, pending, o));
        } catch (e) {
          // Only an outcome the SDK cannot know is looked up; what the records lack is sent again, the sends staying
          // within maxAttempts.
          if (!r || !(e instanceof SdkError) || !e.uncertain) throw e;
          const found = await reconcileWith(r, pending as Rec, new Date(startedAt.getTime() - SKEW_MS), (id, q) =>
            iterate(id, q, o),
          ).catch(() => {
            throw e;
          });
          if (found.status === 'applied') return mergeOutputs(merged, found.output);
          if (++rounds >= resolveRetry(options.retry, o.retry).maxAttempts) throw e;
          if (found.status === 'partial') merged = mergeOutputs(merged, found.output);
          pending = found.remaining;
        }
      }
    } catch (e) {
      if (e instanceof SdkError) notify(hooks.onError, { operationId, error: e });
      throw e;
    }
  };

  /** Every item of every page, offset by the number of items received (robust to a server that caps `limit`). */
  async function* iterate(operationId: string, input: unknown, o: CallOptions = {}): AsyncGenerator<Rec> {
    const op = table[operationId];
    if (!op?.pagination) throw new TypeError(`${operationId} has no x-pagination`);
    const { items, total, pageSize } = op.pagination;
    const base = (input ?? {}) as Rec;
    const limit: number = base.limit ?? pageSize;
    let offset: number = base.offset ?? 0;
    for (;;) {
      const page = (await call(operationId, { ...base, offset, limit }, o)) as Rec | undefined;
      const list: Rec[] = page?.[items] ?? [];
      yield* list;
      offset += list.length;
      const count = total ? page?.[total] : undefined;
      if (list.length === 0 || (typeof count === 'number' ? offset >= count : list.length < limit)) return;
    }
  }

  const client: Rec = { site, raw, paginate: {}, reconcile: {} };
  for (const [operationId, op] of Object.entries(table)) {
    const name = operationId[0]!.toLowerCase() + operationId.slice(1);
    client[name] = (input?: unknown, o?: CallOptions) => call(operationId, input, o);
    if (op.pagination)
      client.paginate[name] = (input?: unknown, o?: CallOptions) => {
        const it = iterate(operationId, input, o);
        return Object.assign(it, {
          all: async () => {
            const items: Rec[] = [];
            for await (const item of it) items.push(item);
            return items;
          },
        });
      };
    const r = op.reconcile;
    if (r) {
      client.reconcile[name] = (input: Rec, o: ReconcileOptions) =>
        reconcileWith(r, input, new Date(o.since.getTime() - SKEW_MS), (id, q) => iterate(id, q, o));
    }
  }
  return client as PartnerClient<S>;
}
