import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { createCustomer } from '../customers/index.js';
import { freezeCustomers, unfreezeCustomers } from '../freeze/index.js';
import { checkInvariants } from '../invariants.js';
import { listResources, seedResources, type ResourceSeed } from './resources.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners } from '../world.js';

function setup() {
  const partners = demoPartners();
  const world = createWorld(partners, {}, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
  const by = (role: Partner['role'], site: Partner['site']) =>
    partners.find((p) => p.role === role && p.site === site)!;
  let n = 0;
  const customer = (owner: Partner, extra: Record<string, unknown> = {}) => {
    const body = owner.site === 'intl' ? { domain_area: 'MX' } : {};
    const r = createCustomer(world, owner, {
      xaccount_id: `x${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      ...body,
      ...extra,
    } as never);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.domain_id!;
  };
  return {
    world,
    sp: by('solution_provider', 'cn'),
    dist: by('distributor', 'cn'),
    res: by('reseller', 'cn'),
    intl: by('solution_provider', 'intl'),
    customer,
  };
}

const vm = (extra: Partial<ResourceSeed> = {}): ResourceSeed => ({
  region_code: 'cn-north-1',
  service_type_code: 'hws.service.type.ec2',
  resource_type_code: 'hws.resource.type.vm',
  ...extra,
});

describe('on-demand resources domain', () => {
  it('seeds resources (ids generated, effective now, status 1) and lists them newest first with all fields', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    const seeded = seedResources(world, id, [
      vm({
        resource_id: 'vm-1',
        resource_name: 'web',
        availability_zone_code: 'cn-north-1a',
        expire_time: '2025-01-01T00:00:00Z',
        resource_info: '{"specSize":40.0}',
        resource_spec_code: 's2.small.1.linux',
        service_type_name: 'ECS',
        resource_type_name: 'VM',
        product_spec_desc: 'General|s2.small.1|1vCPUs|1GB|linux',
      }),
      vm({ effective_time: '2024-02-01T00:00:00Z' }),
    ]);
    expect(seeded.ok).toBe(true);
    const generated = seeded.ok ? seeded.value[1]!.resource_id : '';
    expect(generated).toMatch(/^[0-9a-f]{32}$/);
    const r = listResources(world, sp, { customer_id: id });
    expect(r).toEqual({
      ok: true,
      value: {
        total_count: 2,
        resources: [
          {
            customer_id: id,
            region_code: 'cn-north-1',
            service_type_code: 'hws.service.type.ec2',
            resource_type_code: 'hws.resource.type.vm',
            resource_id: generated,
            effective_time: '2024-02-01T00:00:00Z',
            status: 1,
          },
          {
            customer_id: id,
            region_code: 'cn-north-1',
            availability_zone_code: 'cn-north-1a',
            service_type_code: 'hws.service.type.ec2',
            resource_type_code: 'hws.resource.type.vm',
            service_type_name: 'ECS',
            resource_type_name: 'VM',
            resource_id: 'vm-1',
            resource_name: 'web',
            effective_time: '2024-01-01T00:00:00Z',
            expire_time: '2025-01-01T00:00:00Z',
            status: 1,
            resource_spec_code: 's2.small.1.linux',
            resource_info: '{"specSize":40.0}',
            product_spec_desc: 'General|s2.small.1|1vCPUs|1GB|linux',
          },
        ],
      },
    });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('refuses a seed with a taken id or a bad time range as a whole', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    seedResources(world, id, [vm({ resource_id: 'taken' })]);
    const before = structuredClone(world.resources);
    expect(seedResources(world, id, [vm({ resource_id: 'new' }), vm({ resource_id: 'taken' })])).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(seedResources(world, id, [vm({ resource_id: 'a' }), vm({ resource_id: 'a' })])).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(
      seedResources(world, id, [vm({ effective_time: '2024-02-01T00:00:00Z', expire_time: '2024-01-01T00:00:00Z' })]),
    ).toMatchObject({ ok: false });
    expect(seedResources(world, 'missing', [vm()])).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(world.resources).toEqual(before);
  });

  it('filters by region, service type, ids, effective time and status, and pages', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    const seeds: ResourceSeed[] = [];
    for (let i = 0; i < 15; i++) {
      seeds.push(
        vm({
          resource_id: `r${i}`,
          region_code: i % 2 ? 'cn-north-1' : 'cn-east-3',
          service_type_code: i % 3 ? 'hws.service.type.ec2' : 'hws.service.type.obs',
          effective_time: `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
          status: i === 4 ? 6 : 1,
        }),
      );
    }
    seedResources(world, id, seeds);
    const ids = (q: object) => {
      const r = listResources(world, sp, { customer_id: id, limit: 100, ...q });
      if (!r.ok) throw new Error(r.error.code);
      return r.value.resources!.map((x) => x.resource_id);
    };
    expect(ids({ limit: 10 })).toEqual(['r14', 'r13', 'r12', 'r11', 'r10', 'r9', 'r8', 'r7', 'r6', 'r5']);
    expect(ids({ offset: 10, limit: 10 })).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
    expect(ids({ region_code: 'cn-east-3', service_type_code: 'hws.service.type.obs' })).toEqual(['r12', 'r6', 'r0']);
    expect(ids({ resource_ids: ['r3', 'r7', 'nope'] })).toEqual(['r7', 'r3']);
    expect(ids({ effective_time_begin: '2024-01-03T00:00:00Z', effective_time_end: '2024-01-05T00:00:00Z' })).toEqual([
      'r4',
      'r3',
      'r2',
    ]);
    expect(ids({ status: 6 })).toEqual(['r4']);
    expect(ids({ region_code: '', resource_ids: [], status: null, effective_time_begin: null })).toHaveLength(15);
    const r = listResources(world, sp, { customer_id: id, offset: 14, limit: 10 });
    expect(r.ok && [r.value.total_count, r.value.resources!.length]).toEqual([15, 1]);
  });

  it('shows normal and grace-period resources as frozen while the customer is frozen with its resources', () => {
    const { world, intl, customer } = setup();
    const id = customer(intl);
    seedResources(world, id, [
      vm({ resource_id: 'ok', status: 1 }),
      vm({ resource_id: 'grace', status: 2 }),
      vm({ resource_id: 'closed', status: 6 }),
    ]);
    const statuses = () => {
      const r = listResources(world, intl, { customer_id: id });
      return r.ok ? Object.fromEntries(r.value.resources!.map((x) => [x.resource_id, x.status])) : {};
    };
    freezeCustomers(world, intl, { customer_ids: [id], reason: 'x', freeze_type: 'ACCOUNT' });
    expect(statuses()).toEqual({ ok: 1, grace: 2, closed: 6 });
    freezeCustomers(world, intl, { customer_ids: [id], reason: 'x', freeze_type: 'ACCOUNT_AND_RESOURCE' });
    expect(statuses()).toEqual({ ok: 3, grace: 3, closed: 6 });
    const frozenOnly = listResources(world, intl, { customer_id: id, status: 3 });
    expect(frozenOnly.ok && frozenOnly.value.total_count).toBe(2);
    unfreezeCustomers(world, intl, { customer_ids: [id], reason: 'x' });
    expect(statuses()).toEqual({ ok: 1, grace: 2, closed: 6 });
  });

  it("refuses referral customers and other partners' customers (CBC.99000035) and foreign resellers (CBC.99000037)", () => {
    const { world, sp, dist, res, customer } = setup();
    const referral = customer(sp, { cooperation_type: '1' });
    const theirs = customer(dist, { indirect_partner_id: res.id });
    seedResources(world, theirs, [vm()]);
    expect(listResources(world, sp, { customer_id: referral })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(listResources(world, sp, { customer_id: theirs })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(listResources(world, sp, { customer_id: theirs, indirect_partner_id: res.id })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000037' },
    });
    expect(listResources(world, dist, { customer_id: theirs, indirect_partner_id: res.id })).toMatchObject({
      ok: true,
      value: { total_count: 1 },
    });
  });
});
