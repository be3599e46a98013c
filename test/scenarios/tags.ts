/**
 * New-customer tag scenarios (China site: ListSubCustomerNewTag, with the SetNewCustomerTag control operation and the
 * real-name flow that makes a customer eligible), run in-process (MSW) and over real HTTP.
 */
import { RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { MockControlError } from '@partner-center/mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Cn = PartnerClient<'cn'>;

export function tagScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`new-customer tags (${name})`, () => {
    let { env, sp, dist, resId } = {} as Scenario;
    let n = 0;

    beforeEach(
      async () =>
        ({ env, sp, dist, resId } = await freshScenario(env ?? (await makeEnv()), { now: '2024-01-15T00:00:00Z' })),
    );
    afterAll(async () => env?.close());

    async function newCustomer(client: Cn, extra: Record<string, unknown> = {}) {
      await env.control.advanceClock({ seconds: 1 });
      return (
        await client.createSubCustomer({
          xaccount_id: `t-${(n++).toString(36)}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          ...extra,
        })
      ).domain_id!;
    }

    /** Real-name verification as a partner gets it: a passport application, approved by Huawei's reviewer. */
    async function verify(client: Cn, customer_id: string) {
      await client.createPersonalRealnameAuth({
        customer_id,
        identify_type: 0,
        verified_type: 3,
        verified_file_url: ['p1.jpg', 'p2.jpg', 'p3.jpg'],
        name: 'Wang Wu',
        verified_number: 'E7654321',
        xaccount_type: 'acme_IDP',
      });
      await env.control.reviewRealnameApplication({ customer_id, result: 'approved' });
    }

    it('no tag before real-name verification, UNDETERMINED after, then the tag Huawei set until it expires', async () => {
      const id = await newCustomer(sp);
      expect(await sp.listSubCustomerNewTag({ customer_ids: [id] })).toEqual({
        new_customer_tags: [{ customer_id: id, customer_tag_type: 'SMB' }],
      });
      await verify(sp, id!);
      expect(await sp.listSubCustomerNewTag({ customer_ids: [id] })).toEqual({
        new_customer_tags: [{ customer_id: id, customer_tag_type: 'SMB', new_customer_tag: 'UNDETERMINED' }],
      });
      await env.control.setNewCustomerTag({
        customer_id: id!,
        new_customer_tag: 'Y',
        effective_time: '2024-01',
        expire_time: '2024-03',
      });
      expect((await sp.listSubCustomerNewTag({})).new_customer_tags).toEqual([
        {
          customer_id: id,
          customer_tag_type: 'SMB',
          new_customer_tag: 'Y',
          effective_time: '2024-01',
          expire_time: '2024-03',
        },
      ]);
      await env.control.setClock({ now: '2024-04-01T00:00:00Z', frozen: true });
      expect((await sp.listSubCustomerNewTag({})).new_customer_tags![0]!.new_customer_tag).toBe('N');
    });

    it("filters out ids that are not the partner's sub-customers silently, and pages", async () => {
      const mine = [await newCustomer(sp), await newCustomer(sp), await newCustomer(sp)];
      const theirs = await newCustomer(dist, { indirect_partner_id: resId });
      const ids = async (q: Record<string, unknown>) =>
        ((await sp.listSubCustomerNewTag(q)).new_customer_tags ?? []).map((t) => t.customer_id);
      expect(await ids({ customer_ids: [mine[1], theirs, 'f'.repeat(32), mine[0]] })).toEqual([mine[1], mine[0]]);
      expect(await ids({})).toEqual([mine[2], mine[1], mine[0]]);
      expect(await ids({ offset: 1, limit: 1 })).toEqual([mine[1]]);
      expect(await ids({ customer_ids: null, offset: 3 })).toEqual([]);
      expect(
        (await dist.listSubCustomerNewTag({ indirect_partner_id: resId })).new_customer_tags!.map((t) => t.customer_id),
      ).toEqual([theirs]);
      await expectError(sp.listSubCustomerNewTag({ indirect_partner_id: resId }), 400, 'CBC.99000037');
    });

    it('enforces the field rules in the SDK and in the mock', async () => {
      for (const bad of [
        { limit: 101 },
        { offset: -1 },
        { customer_ids: ['x'.repeat(65)] },
        { customer_ids: Array.from({ length: 101 }, (_, i) => `c${i}`) },
      ]) {
        await expect(sp.listSubCustomerNewTag(bad as never)).rejects.toBeInstanceOf(RequestValidationError);
        await expectError(sp.listSubCustomerNewTag(bad as never, { validate: false }), 400, 'CBC.0100');
      }
    });

    it('the control operation needs both months for a Y tag (400)', async () => {
      const id = await newCustomer(sp);
      const err = await env.control
        .setNewCustomerTag({ customer_id: id!, new_customer_tag: 'Y', effective_time: '2024-01' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MockControlError);
      expect((err as MockControlError).status).toBe(400);
      await verify(sp, id!);
      expect((await sp.listSubCustomerNewTag({})).new_customer_tags![0]!.new_customer_tag).toBe('UNDETERMINED');
    });

    it('does not exist on the international site (404 APIGW.0101)', async () => {
      const intl = env.partner({ role: 'solution_provider', site: 'intl' });
      const e = await expectError(
        env.client({ id: intl.id, site: 'cn' }).listSubCustomerNewTag({}),
        404,
        'UNDOCUMENTED',
      );
      expect(e.rawCode).toBe('APIGW.0101');
    });
  });
}
