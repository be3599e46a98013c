/**
 * Freeze and unfreeze scenarios (international site: FreezeSubCustomers, UnfreezeSubCustomers, with `is_frozen` read
 * back through ListSubCustomers), run in-process (MSW) and over real HTTP.
 */
import { RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Intl = PartnerClient<'intl'>;

export function freezeScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`freezing customers (${name})`, () => {
    let { env, sp, dist, resId } = {} as Scenario<'intl'>;
    let n = 0;

    beforeEach(
      async () => ({ env, sp, dist, resId } = await freshScenario(env ?? (await makeEnv()), { site: 'intl' })),
    );
    afterAll(async () => env?.close());

    async function newCustomer(client: Intl, extra: Record<string, unknown> = {}) {
      return (
        await client.createSubCustomer({
          xaccount_id: `f-${(n++).toString(36)}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          domain_area: 'MX',
          ...extra,
        })
      ).domain_id!;
    }

    async function frozen(client: Intl, indirect_partner_id?: string) {
      const { customer_infos } = await client.listSubCustomers({
        limit: 100,
        ...(indirect_partner_id ? { indirect_partner_id } : {}),
      });
      return Object.fromEntries(customer_infos!.map((c) => [c.customer_id, c.is_frozen]));
    }

    it('freezes the account (1) or the account and resources (2), visible in ListSubCustomers, and unfreezes', async () => {
      const [a, b, c] = [await newCustomer(sp), await newCustomer(sp), await newCustomer(sp)];
      expect(await sp.freezeSubCustomers({ customer_ids: [a], reason: 'Arrears' })).toEqual({});
      expect(
        await sp.freezeSubCustomers({ customer_ids: [b], reason: 'Arrears', freeze_type: 'ACCOUNT_AND_RESOURCE' }),
      ).toEqual({});
      expect(await frozen(sp)).toEqual({ [a]: 1, [b]: 2, [c]: 0 });
      expect(
        await sp.unfreezeSubCustomers({ customer_ids: [a, b, c], reason: 'Paid', unfreeze_type: 'ACCOUNT' }),
      ).toEqual({});
      expect(await frozen(sp)).toEqual({ [a]: 0, [b]: 0, [c]: 0 });
    });

    it('answers 200 with error_details for the customers it cannot freeze and freezes the others', async () => {
      const mine = await newCustomer(sp);
      const theirs = await newCustomer(dist, { indirect_partner_id: resId });
      const unknown = 'f'.repeat(32);
      const r = await sp.freezeSubCustomers({ customer_ids: [theirs, mine, unknown], reason: 'Arrears' });
      expect(r.error_details).toEqual([
        { error_code: 'CBC.99000035', error_msg: expect.stringContaining(theirs!), id: theirs },
        { error_code: 'CBC.99000035', error_msg: expect.stringContaining(unknown), id: unknown },
      ]);
      expect((await frozen(sp))[mine]).toBe(1);
      expect((await frozen(dist, resId))[theirs]).toBe(0);
      // When every customer is refused the answer is a top-level error (reference A6), not error_details.
      await expectError(sp.unfreezeSubCustomers({ customer_ids: [theirs], reason: 'x' }), 400, 'CBC.99000035');
      await expectError(sp.freezeSubCustomers({ customer_ids: [theirs, unknown], reason: 'x' }), 400, 'CBC.99000035');
      expect((await frozen(sp))[mine]).toBe(1);
      expect((await frozen(dist, resId))[theirs]).toBe(0);
    });

    it('refuses a reseller the caller may not act for (CBC.99000037) and changes nothing', async () => {
      const mine = await newCustomer(sp);
      await expectError(
        sp.freezeSubCustomers({ customer_ids: [mine], reason: 'x', indirect_partner_id: resId }),
        400,
        'CBC.99000037',
      );
      await expectError(
        sp.unfreezeSubCustomers({ customer_ids: [mine], reason: 'x', indirect_partner_id: resId }),
        400,
        'CBC.99000037',
      );
      expect((await frozen(sp))[mine]).toBe(0);
    });

    it("lets a distributor freeze a tier-2 reseller's customers with indirect_partner_id", async () => {
      const theirs = await newCustomer(dist, { indirect_partner_id: resId });
      await expectError(dist.freezeSubCustomers({ customer_ids: [theirs], reason: 'x' }), 400, 'CBC.99000035');
      expect(
        await dist.freezeSubCustomers({
          customer_ids: [theirs],
          reason: 'x',
          indirect_partner_id: resId,
          freeze_type: 'ACCOUNT_AND_RESOURCE',
        }),
      ).toEqual({});
      expect((await frozen(dist, resId))[theirs]).toBe(2);
      expect(
        await dist.unfreezeSubCustomers({ customer_ids: [theirs], reason: 'x', indirect_partner_id: resId }),
      ).toEqual({});
      expect((await frozen(dist, resId))[theirs]).toBe(0);
    });

    it('enforces the documented limits (10 ids, reason 1–256, enum types) in the SDK and in the mock', async () => {
      const id = await newCustomer(sp);
      const eleven = Array.from({ length: 11 }, () => id);
      for (const bad of [
        { customer_ids: eleven, reason: 'x' },
        { customer_ids: [], reason: 'x' },
        { customer_ids: [id], reason: '' },
        { customer_ids: [id], reason: 'r'.repeat(257) },
        { customer_ids: [id], reason: 'x', freeze_type: 'RESOURCE' },
        { customer_ids: [id] },
      ]) {
        await expect(sp.freezeSubCustomers(bad as never)).rejects.toBeInstanceOf(RequestValidationError);
        await expectError(sp.freezeSubCustomers(bad as never, { validate: false }), 400, 'CBC.0100');
      }
      await expectError(
        sp.unfreezeSubCustomers({ customer_ids: eleven, reason: 'x' }, { validate: false }),
        400,
        'CBC.0100',
      );
      expect((await frozen(sp))[id]).toBe(0);
      expect(await sp.freezeSubCustomers({ customer_ids: [id], reason: 'r'.repeat(256), freeze_type: null })).toEqual(
        {},
      );
    });

    it('does not exist on the China site (404 APIGW.0101)', async () => {
      const cn = env.partner({ role: 'solution_provider', site: 'cn' });
      const e = await expectError(
        env.client({ id: cn.id, site: 'intl' }).freezeSubCustomers({ customer_ids: ['x'], reason: 'x' }),
        404,
        'UNDOCUMENTED',
      );
      expect(e.rawCode).toBe('APIGW.0101');
    });
  });
}
