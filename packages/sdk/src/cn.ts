/**
 * @partner-center/sdk/cn: the China site alone. Its `createPartnerClient` is the main entry's, fixed to the China
 * site, so an application that talks to one site does not bundle the international site's operation tables and field
 * validators. Everything else (errors, credentials, signing, types) comes from `@partner-center/sdk`.
 * @packageDocumentation
 */
import { createSiteClient, type PartnerClientOptions, type SiteClient } from './client.js';
import { operations } from './generated/cn/operations.js';

/**
 * Creates a client of the China site (`site`, if given, must be `'cn'`). It has no `raw` (openapi-fetch)
 * client: take `createPartnerClient` from `@partner-center/sdk` for that.
 */
export function createPartnerClient(options: PartnerClientOptions<'cn'>): SiteClient<'cn'> {
  return createSiteClient('cn', operations, options);
}
