/**
 * @partner-center/sdk/intl: the international site alone. Its `createPartnerClient` is the main entry's, fixed to
 * the international site, so an application that talks to one site does not bundle the China site's operation tables
 * and field validators. Everything else (errors, credentials, signing, types) comes from `@partner-center/sdk`.
 * @packageDocumentation
 */
import { createSiteClient, type PartnerClient, type PartnerClientOptions } from './client.js';
import { operations } from './generated/intl/operations.js';

/** Creates a client of the international site (`site`, if given, must be `'intl'`). */
export function createPartnerClient(options: PartnerClientOptions<'intl'>): PartnerClient<'intl'> {
  return createSiteClient('intl', operations, options);
}
