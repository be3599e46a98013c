import type { Client } from 'openapi-fetch';
import { checkCredentials, type Credentials } from './auth/credentials.js';
import { endpoints, type Site } from './endpoints.js';
import type * as cn from './generated/cn/operations.js';
import type * as cnMethods from './generated/cn/methods.js';
import type * as intlMethods from './generated/intl/methods.js';
import type { operations as CnOperations, paths as CnPaths } from './generated/cn/schema.js';
import type * as intl from './generated/intl/operations.js';
import type { operations as IntlOperations, paths as IntlPaths } from './generated/intl/schema.js';
import { reconcileWith, type Reconciliation } from './reconcile.js';
import { createCalls, SKEW_MS } from './call.js';
import { createSend, type OperationEntry, type Rec } from './send.js';
import { resolveRetry, retryBudget, type RetryOptions } from './retry.js';
import type { RawFactory } from './raw.js';
import { createTransport, type CallContext, type Hooks } from './transport.js';

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
 * spec (summary, notes, error codes, guide): generated, so editors show it on hover. The methods of a China-site
 * client are listed in {@link CnMethods}, those of an international one in {@link IntlMethods}.
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

/**
 * Options of a reconciliation: `since` is when the movement was first sent (records from 15 minutes before it are
 * read, for clock skew); `exclude` lists the keys of records known to belong to other movements (for example those
 * the lookup showed before the movement was sent), which are never taken for this one.
 */
export type ReconcileOptions = CallOptions & { since: Date; exclude?: Iterable<string> };

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
  /** Timeout of each attempt, in ms (default 30 000; `Infinity`: none). */
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

/**
 * A client of one site: typed operation methods ({@link CnMethods}, {@link IntlMethods}), iterators, reconciliation,
 * and the underlying openapi-fetch client.
 */
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

/**
 * Creates a client of one site from that site's operation table. The entry points pass the table, so an application
 * that imports one site's entry (`@partner-center/sdk/cn`) does not bundle the other site's tables and validators.
 */
export function createSiteClient<S extends Site>(
  site: S,
  operations: TableOf<S>,
  options: PartnerClientOptions<S>,
  createRaw?: RawFactory,
): PartnerClient<S> {
  if (options.site !== undefined && options.site !== site)
    throw new TypeError(`this entry point serves the ${site} site, not ${String(options.site)}`);
  const table: Record<string, OperationEntry> = {};
  for (const [operationId, op] of Object.entries(operations))
    table[operationId] = { ...(op as Omit<OperationEntry, 'operationId'>), operationId };
  checkCredentials(options.credentials);
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

  // The raw client (main entry only) goes through the same transport; while it has middleware (`client.raw.use`),
  // the typed methods go through it too (openapi-fetch builds the Request the middleware sees).
  const raw = createRaw?.(baseUrl, options.headers, table, transport, context);
  const send = createSend(options, baseUrl, transport, context, raw);
  const { call, iterate } = createCalls(table, send, now, hooks, options);
  return buildClient(site, raw?.raw, table, call, iterate) as PartnerClient<S>;
}

/** The client object: one method per operation, plus its iterators and reconcilers. */
function buildClient(
  site: Site,
  raw: unknown,
  table: Record<string, OperationEntry>,
  call: (operationId: string, input: unknown, o?: CallOptions) => Promise<unknown>,
  iterate: (operationId: string, input: unknown, o?: CallOptions) => AsyncGenerator<Rec>,
): Rec {
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
      client.reconcile[name] = async (input: Rec, o: ReconcileOptions) => {
        const since = new Date(o.since.getTime() - SKEW_MS);
        const { claimed: _keys, ...found } = await reconcileWith(
          r,
          input,
          since,
          (id, q) => iterate(id, q, o),
          new Set(o.exclude ?? []),
        );
        return found;
      };
    }
  }
  return client;
}
