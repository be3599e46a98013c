/**
 * MSW adapter: one catch-all handler that hands requests for the mock's origins to the engine and lets every other
 * request fall through. One handler routed by the engine's table, rather than one per operation, because MSW matches
 * handlers one by one.
 */
import { endpoints } from '@partner-center/sdk';
import { http, type HttpHandler } from 'msw';
import type { Engine } from '../engine.js';

/** Origins the handler answers for by default: both real sites and IAM. */
export const defaultMockOrigins = [endpoints.cn, endpoints.intl, 'https://iam.myhuaweicloud.com'];

/** MSW handlers serving the engine, for `setupServer(...handlers)` or `server.use(...)`. */
export function createMswHandlers(engine: Engine, origins: string[] = defaultMockOrigins): HttpHandler[] {
  const owned = new Set(origins.map((o) => new URL(o).origin));
  return [
    http.all('*', ({ request }) => {
      if (!owned.has(new URL(request.url).origin)) return undefined;
      return engine.handle(request);
    }),
  ];
}
