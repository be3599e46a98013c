/** Both sites' generated operation tables, for the entry point that serves either site. */
import { withRaw } from './raw.js';
import type { PartnerClient, PartnerClientOptions } from './client.js';
import { createSiteClient } from './client.js';
import type { Site } from './endpoints.js';
import { operations as cn } from './generated/cn/operations.js';
import { operations as intl } from './generated/intl/operations.js';

/** The operation tables of both sites, keyed by operationId (generated from the spec). */
export const operationTables = { cn, intl } as const;

/**
 * Creates a client of the Partner Center API for one site (`site`: `cn`, the default, or `intl`), with `raw`, the
 * openapi-fetch client sharing its authentication, retries and hooks.
 */
export function createPartnerClient<S extends Site = 'cn'>(options: PartnerClientOptions<S>): PartnerClient<S> {
  const site = (options.site ?? 'cn') as S;
  return createSiteClient(site, operationTables[site] as never, options, withRaw);
}
