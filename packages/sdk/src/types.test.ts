/**
 * What a user's editor and compiler see, through the TypeScript language service over a consumer's file importing
 * `@partner-center/sdk`: hover text of the generated methods (summary, notes, error codes, guide), `e.code` after
 * `instanceof` and after `isPartnerCenterError(e, method)` (a wrong code fails to compile), typed
 * `error_details[].error_code`, and options that accept `undefined` under `exactOptionalPropertyTypes`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsumerService, consumerService } from '../../../test/support/language-service.js';

const source = `
import { createPartnerClient, isPartnerCenterError, PartnerCenterError } from '@partner-center/sdk';
import { createPartnerClient as cnClient } from '@partner-center/sdk/cn';

const client = cnClient({ credentials: { accessKey: 'AK', secretKey: 'SK' }, baseUrl: process.env.MOCK_URL });
export async function f(signal: AbortSignal | undefined) {
  try {
    await client./*hover:create*/createSubCustomer({ xaccount_id: 'x', xaccount_type: 't' }, { signal });
    const r = await client.updateCouponQuotas({ quota_id: 'q', indirect_partner_ids: ['p'], quota_amount: 100 });
    for (const d of r.error_details ?? []) if (d.error_code === 'CBC.0100') return d.id;
    const page = await client.paginate.listSubCustomers({}).all();
    return page.map((c) => c.customer_id);
  } catch (e) {
    if (e instanceof PartnerCenterError) {
      const any: 'CBC.0100' extends typeof e.code ? (0 extends 1 & typeof e.code ? 'any' : 'union') : 'other' = 'union';
      if (e.code === 'CBC.0100') return any;
      if (e.code === /*wrong:global*/'CBC.9999') return 'never';
    }
    if (isPartnerCenterError(e, 'updateCustomerAccountAmount')) {
      switch (e.code) {
        case 'CBC.99000000':
        case 'UNDOCUMENTED':
          return 'ok';
        case /*wrong:op*/'CBC.99000029': // documented, but for createSubCustomer, not this method
          return 'never';
      }
    }
    throw e;
  }
}
export const both = createPartnerClient({ site: 'intl', credentials: { token: 'T' }, hooks: undefined });
`;

let consumer: ConsumerService;
const at = (marker: string) => consumer.at(marker);

beforeAll(() => {
  consumer = consumerService('packages/sdk/src/__consumer__.ts', source);
});

describe('types as a consumer sees them', () => {
  it('shows the spec on hover: summary, notes, documented codes, guide link', () => {
    const { docs, tags } = consumer.hover('hover:create');
    expect(docs).toContain('Create a customer account and associate it with the partner.');
    expect(docs).toContain('the association completes asynchronously');
    expect(docs).toContain('client.reconcile.createSubCustomer');
    expect(docs).toContain('`CBC.99000029` (HTTP 400)');
    expect(tags).toMatch(/@see .*docs\/guides\/customers\.md/);
  });

  it('compiles the right codes and refuses the wrong ones (exactOptionalPropertyTypes on)', () => {
    const diagnostics = consumer.diagnostics();
    // Exactly two errors, one on each wrong code's line: a code no operation documents (TS2367, after instanceof),
    // and a documented code the narrowed method does not answer (TS2678, in its switch). Anything else (an `any`
    // code, an option refusing `undefined`, an untyped error_details code) would add an error or remove one.
    const line = (pos: number) => source.slice(0, pos).split('\n').length;
    expect(diagnostics.map((d) => [d.code, line(d.at)])).toEqual([
      [2367, line(at('wrong:global'))],
      [2678, line(at('wrong:op'))],
    ]);
    expect(diagnostics[0]!.text).toContain('"CBC.9999"');
    expect(diagnostics[1]!.text).toContain('"CBC.99000029"');
  });
});
