/**
 * Pay-per-use resource scenarios (ListCustomerOnDemandResources on both sites, with the SeedOnDemandResources control
 * operation), run in-process (MSW) and over real HTTP.
 */
import { RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { MockControlError } from '@partner-center/mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Cn = PartnerClient<'cn'>;

export function resourceScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`customers' pay-per-use resources (${name})`, () => {
    let { env, sp, dist, resId } = {} as Scenario;
    let n = 0;

    beforeEach(async () => ({ env, sp, dist, resId } = await freshScenario(env ?? (await makeEnv()))));
    afterAll(async () => env?.close());

    async function newCustomer(client: Cn, extra: Record<string, unknown> = {}) {
      return (
        await client.createSubCustomer({
          xaccount_id: `r-${(n++).toString(36)}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          ...extra,
        })
      ).domain_id!;
    }

    const vm = (i: number, extra: Record<string, unknown> = {}) => ({
      resource_id: `vm-${i}`,
      region_code: i % 2 ? 'cn-north-1' : 'cn-east-3',
      service_type_code: i % 3 ? 'hws.service.type.ec2' : 'hws.service.type.evs',
      resource_type_code: i % 3 ? 'hws.resource.type.vm' : 'hws.resource.type.volume',
      effective_time: `2023-12-${String(i + 1).padStart(2, '0')}T08:00:00Z`,
      ...extra,
    });

    it('lists the seeded resources of a reseller-model customer with every field, newest first', async () => {
      const id = await newCustomer(sp);
      const seeded = await env.control.seedOnDemandResources({
        customer_id: id!,
        resources: [
          vm(0, {
            availability_zone_code: 'cn-east-3a',
            service_type_name: '云硬盘',
            resource_type_name: '云硬盘',
            resource_name: 'data-disk',
            expire_time: '2024-12-31T00:00:00Z',
            resource_spec_code: 'SATA',
            resource_info: '{"specSize":40.0}',
            product_spec_desc: '云硬盘_SATA|40.0GB',
          }),
          {
            region_code: 'cn-north-1',
            service_type_code: 'hws.service.type.obs',
            resource_type_code: 'hws.resource.type.obs',
            status: 2,
          },
        ],
      });
      const generated = seeded.resources[1]!.resource_id;
      expect(generated).toMatch(/^[0-9a-f]{32}$/);
      const list = await sp.listCustomerOnDemandResources({ customer_id: id! }, { headers: { 'X-Language': 'en_US' } });
      expect(list).toEqual({
        total_count: 2,
        resources: [
          {
            customer_id: id,
            region_code: 'cn-north-1',
            service_type_code: 'hws.service.type.obs',
            resource_type_code: 'hws.resource.type.obs',
            resource_id: generated,
            effective_time: '2024-01-01T00:00:00Z',
            status: 2,
          },
          {
            customer_id: id,
            region_code: 'cn-east-3',
            availability_zone_code: 'cn-east-3a',
            service_type_code: 'hws.service.type.evs',
            resource_type_code: 'hws.resource.type.volume',
            service_type_name: '云硬盘',
            resource_type_name: '云硬盘',
            resource_id: 'vm-0',
            resource_name: 'data-disk',
            effective_time: '2023-12-01T08:00:00Z',
            expire_time: '2024-12-31T00:00:00Z',
            status: 1,
            resource_spec_code: 'SATA',
            resource_info: '{"specSize":40.0}',
            product_spec_desc: '云硬盘_SATA|40.0GB',
          },
        ],
      });
      expect(seeded.resources[0]).toEqual(list.resources![1]);
    });

    it('filters by region, service type, ids, effective time and status, and pages with offset/limit', async () => {
      const id = await newCustomer(sp);
      await env.control.seedOnDemandResources({
        customer_id: id!,
        resources: Array.from({ length: 12 }, (_, i) => vm(i, i === 7 ? { status: 6 } : {})),
      });
      const ids = async (q: Record<string, unknown>) =>
        (await sp.listCustomerOnDemandResources({ customer_id: id!, ...q })).resources!.map((r) => r.resource_id);
      expect(await ids({})).toEqual(['vm-11', 'vm-10', 'vm-9', 'vm-8', 'vm-7', 'vm-6', 'vm-5', 'vm-4', 'vm-3', 'vm-2']);
      expect(await ids({ offset: 10 })).toEqual(['vm-1', 'vm-0']);
      expect(await ids({ offset: 2, limit: 3 })).toEqual(['vm-9', 'vm-8', 'vm-7']);
      expect(await ids({ region_code: 'cn-north-1', service_type_code: 'hws.service.type.ec2', limit: 100 })).toEqual([
        'vm-11',
        'vm-7',
        'vm-5',
        'vm-1',
      ]);
      expect(await ids({ resource_ids: ['vm-2', 'vm-4', 'other'] })).toEqual(['vm-4', 'vm-2']);
      expect(
        await ids({ effective_time_begin: '2023-12-03T08:00:00Z', effective_time_end: '2023-12-05T08:00:00Z' }),
      ).toEqual(['vm-4', 'vm-3', 'vm-2']);
      expect(await ids({ status: 6 })).toEqual(['vm-7']);
      expect((await sp.listCustomerOnDemandResources({ customer_id: id!, status: 1, limit: 1 })).total_count).toBe(11);
      expect(
        await ids({ region_code: null, service_type_code: '', resource_ids: [], status: null, limit: 100 }),
      ).toHaveLength(12);
    });

    it("refuses referral customers and other partners' customers (CBC.99000035) and foreign resellers (CBC.99000037)", async () => {
      const referral = await newCustomer(sp, { cooperation_type: '1' });
      const theirs = await newCustomer(dist, { indirect_partner_id: resId });
      await env.control.seedOnDemandResources({ customer_id: theirs!, resources: [vm(1)] });
      await expectError(sp.listCustomerOnDemandResources({ customer_id: referral! }), 400, 'CBC.99000035');
      await expectError(sp.listCustomerOnDemandResources({ customer_id: theirs! }), 400, 'CBC.99000035');
      await expectError(
        sp.listCustomerOnDemandResources({ customer_id: theirs!, indirect_partner_id: resId }),
        400,
        'CBC.99000037',
      );
      expect(
        (await dist.listCustomerOnDemandResources({ customer_id: theirs!, indirect_partner_id: resId })).total_count,
      ).toBe(1);
    });

    it('enforces the documented limits in the SDK and in the mock', async () => {
      const id = await newCustomer(sp);
      for (const bad of [
        { customer_id: id, resource_ids: Array.from({ length: 51 }, (_, i) => `r${i}`) },
        { customer_id: id, status: 7 },
        { customer_id: id, effective_time_begin: '2024-01-01 00:00:00' },
        { customer_id: id, limit: 0 },
        { customer_id: '' },
      ]) {
        await expect(sp.listCustomerOnDemandResources(bad as never)).rejects.toBeInstanceOf(RequestValidationError);
        await expectError(sp.listCustomerOnDemandResources(bad as never, { validate: false }), 400, 'CBC.0100');
      }
    });

    it("shows an international customer's resources as frozen while it is frozen with its resources", async () => {
      const intl = env.client({ role: 'solution_provider', site: 'intl' });
      const id = (
        await intl.createSubCustomer({
          xaccount_id: 'intl-r',
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          domain_area: 'MX',
        })
      ).domain_id!;
      await env.control.seedOnDemandResources({
        customer_id: id!,
        resources: [vm(1, { region_code: 'ap-southeast-1' }), vm(2, { status: 5 })],
      });
      const statuses = async () =>
        (await intl.listCustomerOnDemandResources({ customer_id: id! })).resources!.map((r) => [
          r.resource_id,
          r.status,
        ]);
      expect(await statuses()).toEqual([
        ['vm-2', 5],
        ['vm-1', 1],
      ]);
      await intl.freezeSubCustomers({ customer_ids: [id], reason: 'Arrears', freeze_type: 'ACCOUNT_AND_RESOURCE' });
      expect(await statuses()).toEqual([
        ['vm-2', 5],
        ['vm-1', 3],
      ]);
      await intl.unfreezeSubCustomers({ customer_ids: [id], reason: 'Paid' });
      expect(await statuses()).toEqual([
        ['vm-2', 5],
        ['vm-1', 1],
      ]);
    });

    it('the control operation refuses unknown customers and taken ids as a whole (400)', async () => {
      const id = await newCustomer(sp);
      await env.control.seedOnDemandResources({ customer_id: id!, resources: [vm(1)] });
      for (const input of [
        { customer_id: 'f'.repeat(32), resources: [vm(2)] },
        { customer_id: id, resources: [vm(3), vm(1)] },
      ]) {
        const err = await env.control.seedOnDemandResources(input).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MockControlError);
        expect((err as MockControlError).status).toBe(400);
      }
      expect(
        (await sp.listCustomerOnDemandResources({ customer_id: id! })).resources!.map((r) => r.resource_id),
      ).toEqual(['vm-1']);
    });
  });
}
