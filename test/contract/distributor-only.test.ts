/**
 * `x-distributor-only` in the spec and the mock agree: every operation the spec marks distributor-only refuses a
 * solution provider and a tier-2 reseller with 403 CBC.0151 before anything else, on both sites, and lets the
 * distributor through to the operation's own checks.
 */
import { PartnerCenterError, type Site } from '@partner-center/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../mock-server/src/operations/catalog.js';
import { mswEnv } from '../support/env.js';

/** A well-formed input per distributor-only operation (naming ids that do not exist is fine: the role comes first). */
const inputs: Record<string, unknown> = {
  ListIndirectPartners: {},
  UpdateIndirectPartnerAccount: { indirect_partner_id: 'no-such-reseller', amount: 1 },
  ReclaimIndirectPartnerAccount: { indirect_partner_id: 'no-such-reseller', amount: 1 },
  UpdateCouponQuotas: { quota_id: 'no-such-quota', indirect_partner_ids: ['no-such-reseller'], quota_amount: 1 },
  ReclaimCouponQuotas: { quota_ids: ['no-such-quota'] },
  ListIssuedCouponQuotas: {},
  ListCouponQuotasRecords: {},
};

const env = mswEnv();
afterAll(() => env.close());

const flagged = (site: Site) =>
  Object.values(apiOperations[site])
    .filter((op) => op.distributorOnly)
    .map((op) => op.operationId);

const call = (site: Site, role: 'solution_provider' | 'distributor' | 'reseller', operationId: string) => {
  const client = env.client({ role, site }) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  return client[operationId[0]!.toLowerCase() + operationId.slice(1)]!(inputs[operationId]).then(
    () => undefined,
    (e: unknown) => e,
  );
};

it('has an input for every operation the spec marks distributor-only', () => {
  expect(Object.keys(inputs).sort()).toEqual([...new Set([...flagged('cn'), ...flagged('intl')])].sort());
});

describe.each(['cn', 'intl'] as const)('%s site', (site) => {
  it.each(flagged(site))(
    '%s refuses other roles with 403 CBC.0151 and lets the distributor through',
    async (operationId) => {
      for (const role of ['solution_provider', 'reseller'] as const) {
        const e = await call(site, role, operationId);
        expect(e, `${role} calling ${operationId}`).toBeInstanceOf(PartnerCenterError);
        expect({ status: (e as PartnerCenterError).status, code: (e as PartnerCenterError).code }).toEqual({
          status: 403,
          code: 'CBC.0151',
        });
      }
      const asDistributor = await call(site, 'distributor', operationId);
      if (asDistributor !== undefined) expect((asDistributor as PartnerCenterError).code).not.toBe('CBC.0151');
    },
  );
});
