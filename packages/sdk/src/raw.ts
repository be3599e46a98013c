/**
 * `client.raw`, the openapi-fetch client of the main entry, over the client's own transport (signing, retries,
 * hooks). Apart from the client so that the site entries (`/cn`, `/intl`), which have no `raw`, bundle none of it.
 */
import createFetchClient from 'openapi-fetch';
import type { ContextOf, OperationEntry, RawClient, Rec, Transport } from './send.js';
import { outgoing } from './transport.js';

/** What a client hands its raw-client factory. */
export type RawFactory = (
  baseUrl: string,
  headers: Record<string, string> | undefined,
  table: Record<string, OperationEntry>,
  transport: Transport,
  context: ContextOf,
) => RawClient;

/** The main entry's raw-client factory. Calls of the raw client are matched to an operation by method and path. */
export const withRaw: RawFactory = (baseUrl, headers, table, transport, context) => {
  const byRoute = new Map(Object.values(table).map((op) => [`${op.method} ${op.path}`, op]));
  const raw = createFetchClient<Record<string, never>>({
    baseUrl,
    headers,
    fetch: async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      return transport(await outgoing(request), context(byRoute.get(key), { signal: request.signal }, key));
    },
  });
  let middlewares = 0;
  const { use, eject } = raw;
  raw.use = (...m) => {
    middlewares += m.length;
    use(...m);
  };
  raw.eject = (...m) => {
    middlewares -= m.length;
    eject(...m);
  };
  return {
    raw,
    middlewares: () => middlewares,
    async send(op, input, o, ctx) {
      const r = await raw.request(
        op.method.toLowerCase() as never,
        op.path as never,
        {
          body: op.body ? (input ?? {}) : undefined,
          params: { query: op.query ? (input as Rec) : undefined },
          headers: o.headers,
          fetch: async (request: Request) => transport(await outgoing(request), ctx),
        } as never,
      );
      return [r.response, r.data ?? r.error];
    },
  };
};
