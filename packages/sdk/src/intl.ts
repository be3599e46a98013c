/**
 * @partner-center/sdk/intl: the international site alone. Its `createPartnerClient` is the main entry's, fixed to
 * the international site, so an application that talks to one site does not bundle the China site's operation tables
 * and field validators. Everything else (errors, credentials, signing, types) comes from `@partner-center/sdk`.
 * @packageDocumentation
 */
import { createSiteClient, type PartnerClientOptions, type SiteClient } from './client.js';
import { operations } from './generated/intl/operations.js';

/**
 * Creates a client of the international site (`site`, if given, must be `'intl'`). It has no `raw` (openapi-fetch)
 * client: take `createPartnerClient` from `@partner-center/sdk` for that.
 */
export function createPartnerClient(options: PartnerClientOptions<'intl'>): SiteClient<'intl'> {
  return createSiteClient('intl', operations, options);
}
