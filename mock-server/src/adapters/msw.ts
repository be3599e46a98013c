/**
 * MSW adapter: one handler that hands requests for the mock's origins to the engine and lets every other request
 * fall through. One handler routed by the engine's table, rather than one per operation, because MSW matches
 * handlers one by one; its predicate is a plain origin check (a `'*'` path would run MSW's path matcher on every
 * request, which costs more than the engine's whole answer). msw is a peer dependency (2.x or 3.x): `http` and the
 * `HttpHandler` type are the application's own msw, so `setupServer(...handlers)` typechecks and runs with either.
 */
import { endpoints } from '@partner-center/sdk';
import { http, type HttpHandler } from 'msw';
import type { RequestHandler } from '../http/pipeline.js';

/** Origins the handler answers for by default: both real sites and IAM. */
export const defaultMockOrigins = [endpoints.cn, endpoints.intl, 'https://iam.myhuaweicloud.com'];

/** `scheme://host[:port]` of an absolute URL, without parsing the rest. */
function originOf(url: string): string {
  const slash = url.indexOf('/', url.indexOf('://') + 3);
  return (slash < 0 ? url : url.slice(0, slash)).toLowerCase();
}

/** MSW handlers serving the engine, for `setupServer(...handlers)` or `server.use(...)`. */
export function createMswHandlers(engine: RequestHandler, origins: string[] = defaultMockOrigins): HttpHandler[] {
  const owned = new Set(origins.map((o) => new URL(o).origin));
  return [
    http.all(
      ({ request }) => owned.has(originOf(request.url)),
      ({ request }) => engine.handle(request),
    ),
  ];
}
