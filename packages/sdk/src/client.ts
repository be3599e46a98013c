import createFetchClient, { type Client } from 'openapi-fetch';
import { authenticate, type Credentials } from './auth/credentials.js';
import { endpoints, type Site } from './endpoints.js';
import { PartnerCenterError, RequestValidationError } from './errors.js';
import * as cn from './generated/cn/operations.js';
import type { operations as CnOperations, paths as CnPaths } from './generated/cn/schema.js';
import * as intl from './generated/intl/operations.js';
import type { operations as IntlOperations, paths as IntlPaths } from './generated/intl/schema.js';
import { checkValue } from './validation/issues.js';

/** The operation tables of both sites, keyed by operationId (generated from the spec). */
export const operationTables = { cn: cn.operations, intl: intl.operations } as const;

type OperationsOf<S extends Site> = S extends 'intl' ? IntlOperations : CnOperations;
type PathsOf<S extends Site> = S extends 'intl' ? IntlPaths : CnPaths;

type NonEmpty<T> = [T] extends [never] ? never : [T] extends [undefined] ? never : T;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonEmpty<Q> : never;
/** The input of an operation: its JSON body, else its query parameters, else nothing. */
export type InputOf<O> = [BodyOf<O>] extends [never] ? ([QueryOf<O>] extends [never] ? undefined : QueryOf<O>) : BodyOf<O>;
/** The successful result of an operation: the 200 JSON body, or void for 204. */
export type OutputOf<O> = O extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : void;

/** Per-call options. */
export interface CallOptions {
  /** Abort the call. */
  signal?: AbortSignal;
  /** Extra headers for this call (for example `X-Language`). */
  headers?: Record<string, string>;
  /** Override the client's `validateRequests` for this call. */
  validate?: boolean;
}

/** The parameters of an operation method: input (optional when nothing is required) and call options. */
export type ArgsOf<O> = undefined extends InputOf<O>
  ? [input?: InputOf<O>, options?: CallOptions]
  : {} extends InputOf<O>
    ? [input?: InputOf<O>, options?: CallOptions]
    : [input: InputOf<O>, options?: CallOptions];

/** One typed method per operation of an openapi-typescript `operations` interface, named after its operationId. */
export type MethodsOf<Ops> = {
  [K in keyof Ops & string as Uncapitalize<K>]: (...args: ArgsOf<Ops[K]>) => Promise<OutputOf<Ops[K]>>;
};

/** One typed method per operation of the site (`CreateSubCustomer` → `createSubCustomer`). */
export type OperationMethods<S extends Site> = MethodsOf<OperationsOf<S>>;

/** Options of {@link createPartnerClient}. */
export interface PartnerClientOptions<S extends Site = 'cn'> {
  /** `cn` (default) or `intl`: picks the operations, field rules and default endpoint. */
  site?: S;
  /** Override the endpoint, e.g. a mock at `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /** AK/SK (permanent or temporary) or an IAM token. */
  credentials: Credentials;
  /** Check each request against the spec's field rules before sending (default true). */
  validateRequests?: boolean;
  /** A fetch to use instead of `globalThis.fetch`. When absent, `globalThis.fetch` is looked up on every call. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** The clock used for `X-Sdk-Date` (tests). */
  now?: () => Date;
}

/** A client of one site: typed operation methods, plus the underlying openapi-fetch client as `raw`. */
export type PartnerClient<S extends Site = 'cn'> = OperationMethods<S> & {
  /** The site this client talks to. */
  readonly site: S;
  /** The openapi-fetch client (typed by path), sharing authentication; it neither validates nor throws. */
  readonly raw: Client<PathsOf<S>>;
};

/** Creates a client of the Partner Center API for one site. */
export function createPartnerClient<S extends Site = 'cn'>(options: PartnerClientOptions<S>): PartnerClient<S> {
  const site = (options.site ?? 'cn') as S;
  const table = operationTables[site] as Record<string, OperationEntry>;
  const names = (site === 'intl' ? intl.methodNames : cn.methodNames) as Record<string, string>;
  const validateByDefault = options.validateRequests ?? true;
  const now = options.now ?? (() => new Date());

  // Authentication sits in the transport, below openapi-fetch, so it signs the bytes actually sent.
  const transport = async (request: Request): Promise<Response> => {
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const headers = new Headers(request.headers);
    await authenticate(options.credentials, { method: request.method, url: request.url, headers, body }, now);
    const signed = new Request(request.url, { method: request.method, headers, body, signal: request.signal });
    return options.fetch ? options.fetch(signed) : globalThis.fetch(signed);
  };

  const raw = createFetchClient<PathsOf<S>>({
    baseUrl: options.baseUrl ?? endpoints[site],
    fetch: transport,
    headers: options.headers,
  });

  const call = async (operationId: string, input: unknown, callOptions: CallOptions = {}) => {
    const op = table[operationId]!;
    const validator = op.body ?? op.query;
    if (validator && (callOptions.validate ?? validateByDefault)) {
      const verdict = checkValue(validator, input ?? {});
      if (!verdict.ok) throw new RequestValidationError(operationId, verdict.issues);
    }
    const { data, error, response } = await (raw as unknown as Client<Record<string, never>>).request(
      op.method.toLowerCase() as never,
      op.path as never,
      {
        body: op.body ? (input ?? {}) : undefined,
        params: { query: op.query ? (input as Record<string, unknown>) : undefined },
        signal: callOptions.signal,
        headers: callOptions.headers,
      } as never,
    );
    if (!response.ok) throw toError(operationId, response, error);
    return data;
  };

  const client: Record<string, unknown> = { site, raw };
  for (const operationId of Object.keys(table)) {
    client[names[operationId]!] = (input?: unknown, callOptions?: CallOptions) => call(operationId, input, callOptions);
  }
  return client as PartnerClient<S>;
}

interface OperationEntry {
  method: string;
  path: string;
  body: Parameters<typeof checkValue>[0] | undefined;
  query: Parameters<typeof checkValue>[0] | undefined;
}

function toError(operationId: string, response: Response, body: unknown): PartnerCenterError {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const code = typeof b.error_code === 'string' ? b.error_code : typeof b.code === 'string' ? b.code : 'UNKNOWN';
  const msg =
    typeof b.error_msg === 'string' ? b.error_msg : typeof b.message === 'string' ? b.message : typeof body === 'string' && body ? body.slice(0, 500) : response.statusText;
  return new PartnerCenterError({
    status: response.status,
    code,
    errorMsg: msg,
    requestId: response.headers.get('X-Request-Id') ?? undefined,
    operationId,
  });
}
