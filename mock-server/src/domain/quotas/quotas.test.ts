import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { createCoupons } from '../coupons/index.js';
import { createCustomer } from '../customers/index.js';
import { checkInvariants } from '../invariants.js';
import {
  grantQuota,
  issueQuotas,
  listIssuedQuotas,
  listQuotaRecords,
  listQuotas,
  quotaStatus,
  reclaimQuotas,
  setQuotaStatus,
  type Quota,
} from './index.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 24 * 3_600_000;

function setup() {
  const partners = demoPartners();
  // A second reseller of the demo distributor, and one of nobody's.
  partners.push({
    ...partners[2]!,
    id: 'r2r2r2r2r2r2r2r2r2r2r2r2r2r2r2r2',
    accessKey: 'RES2',
    name: 'Second Reseller',
    iamDomain: 'res2-domain',
  });
  partners.push({
    ...partners[2]!,
    id: 'r3r3r3r3r3r3r3r3r3r3r3r3r3r3r3r3',
    accessKey: 'RES3',
    name: 'Foreign Reseller',
    parentId: 'nobody',
  });
  const world = createWorld(partners, {}, createClock({ start: T0, frozen: true }));
  const byId = (id: string) => world.partners.get(id)!;
  const sp = partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
  const dist = partners.find((p) => p.role === 'distributor')!;
  const res = byId(partners[2]!.id);
  const res2 = byId('r2r2r2r2r2r2r2r2r2r2r2r2r2r2r2r2');
  const res3 = byId('r3r3r3r3r3r3r3r3r3r3r3r3r3r3r3r3');
  return { world, sp, dist, res, res2, res3 };
}

function grant(world: World, partner: Partner, extra: Partial<Parameters<typeof grantQuota>[1]> = {}): Quota {
  const r = grantQuota(world, { partner_id: partner.id, quota_value: 1000, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

let n = 0;
function customerOf(world: World, caller: Partner, indirect?: string): string {
  const r = createCustomer(world, caller, {
    xaccount_id: `q-${n++}`,
    xaccount_type: 't',
    include_association_result: true,
    ...(indirect ? { indirect_partner_id: indirect } : {}),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.domain_id!;
}

/** Everything a refused call must leave untouched. */
const snapshot = (world: World) => structuredClone({ benefits: world.benefits, seq: world.seq });

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('coupon quotas: granting and listing (E1)', () => {
  it('lists voucher quotas by default, cash-coupon quotas on request, with filters and paging', () => {
    const { world, sp } = setup();
    const v1 = grant(world, sp, { quota_value: 100 });
    world.clock.advance(1000);
    const v2 = grant(world, sp, { quota_value: '200.50', quota_status: 5 });
    world.clock.advance(1000);
    const cash = grant(world, sp, { quota_value: 300, quota_type: 1 });

    const all = ok(listQuotas(world, sp, { offset: 0, limit: 10 }));
    expect(all.total_count).toBe(2);
    expect(all.quotas!.map((q) => q.quota_id)).toEqual([v2.id, v1.id]);
    expect(all.quotas![0]).toMatchObject({
      quota_type: 0,
      quota_value: 200.5,
      balance: 200.5,
      quota_status: 5,
      measure_id: 1,
      currency: 'CNY',
      effective_time: '2024-01-01T00:00:01Z',
      expire_time: '2024-12-31T00:00:01Z',
    });
    expect(ok(listQuotas(world, sp, { quota_type: '', offset: 0, limit: 10 })).total_count).toBe(2);
    expect(ok(listQuotas(world, sp, { quota_type: null, offset: 0, limit: 10 })).total_count).toBe(2);
    expect(ok(listQuotas(world, sp, { quota_type: 1, offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id)).toEqual([
      cash.id,
    ]);

    const page2 = ok(listQuotas(world, sp, { offset: 1, limit: 1 }));
    expect(page2).toMatchObject({ total_count: 2, quotas: [{ quota_id: v1.id }] });
    expect(
      ok(listQuotas(world, sp, { quota_status_list: [0], offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id),
    ).toEqual([v1.id]);
    expect(
      ok(listQuotas(world, sp, { quota_ids: [v2.id, cash.id], offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id),
    ).toEqual([v2.id]);
    expect(
      ok(listQuotas(world, sp, { create_time_begin: '2024-01-01T00:00:01Z', offset: 0, limit: 10 })).quotas!.map(
        (q) => q.quota_id,
      ),
    ).toEqual([v2.id]);
    expect(
      ok(listQuotas(world, sp, { create_time_end: '2024-01-01T00:00:00Z', offset: 0, limit: 10 })).quotas!.map(
        (q) => q.quota_id,
      ),
    ).toEqual([v1.id]);
    expect(
      ok(listQuotas(world, sp, { expire_time_begin: '2025-01-01T00:00:00Z', offset: 0, limit: 10 })).total_count,
    ).toBe(0);
    expect(
      ok(
        listQuotas(world, sp, {
          effective_time_begin: '2024-01-01T00:00:00Z',
          effective_time_end: '2024-01-01T00:00:00Z',
          offset: 0,
          limit: 10,
        }),
      ).total_count,
    ).toBe(1);
  });

  it('shows a reseller its child quotas, and a distributor a reseller quotas only for its own resellers', () => {
    const { world, dist, res, res3 } = setup();
    const parent = grant(world, dist);
    const issued = ok(
      issueQuotas(world, dist, { quota_id: parent.id, indirect_partner_ids: [res.id], quota_amount: 10 }),
    );
    const child = issued.simple_quota_infos![0]!.quota_id;
    expect(ok(listQuotas(world, res, { offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id)).toEqual([child]);
    expect(
      ok(listQuotas(world, dist, { indirect_partner_id: res.id, offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id),
    ).toEqual([child]);
    expect(ok(listQuotas(world, dist, { offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id)).toEqual([parent.id]);
    expect(listQuotas(world, dist, { indirect_partner_id: res3.id, offset: 0, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000037' },
    });
  });

  it('lets quotas expire on the virtual clock (status 3) and the control surface set a status', () => {
    const { world, sp } = setup();
    const q = grant(world, sp, { expire_time: '2024-02-01T00:00:00Z' });
    expect(ok(setQuotaStatus(world, { quota_id: q.id, quota_status: 4 })).status).toBe(4);
    world.clock.advance(31 * DAY);
    expect(quotaStatus(q, world.clock.now())).toBe(3);
    // Derived from the clock: nothing stored changed (a read must not mutate the state).
    expect(q.status).toBe(4);
    expect(ok(listQuotas(world, sp, { quota_status_list: [3], offset: 0, limit: 10 })).quotas![0]).toMatchObject({
      quota_id: q.id,
      last_update_time: '2024-02-01T00:00:00Z',
    });
    expect(setQuotaStatus(world, { quota_id: q.id, quota_status: 0 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(grantQuota(world, { partner_id: 'nobody', quota_value: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(
      grantQuota(world, {
        partner_id: q.ownerId,
        quota_value: 1,
        effective_time: '2024-03-01T00:00:00Z',
        expire_time: '2024-03-01T00:00:00Z',
      }),
    ).toMatchObject({ ok: false });
  });
});

describe('coupon quotas: issue to resellers (E2)', () => {
  it('carves child quotas with the parent validity and limits, and records each', () => {
    const { world, dist, res, res2 } = setup();
    const parent = grant(world, dist, {
      quota_value: 100,
      limit_infos: [{ limit_key: 'cloudServiceType', limit_values: [{ value1: 'hws.service.type.ecs' }] }],
    });
    world.clock.advance(5000);
    const r = ok(
      issueQuotas(world, dist, { quota_id: parent.id, indirect_partner_ids: [res.id, res2.id], quota_amount: '30.25' }),
    );
    expect(r.error_details).toEqual([]);
    expect(r.simple_quota_infos!.map((i) => i.id)).toEqual([res.id, res2.id]);
    expect(parent.balance).toBe(10000 - 2 * 3025);
    const child = world.benefits.quotas.get(r.simple_quota_infos![0]!.quota_id)!;
    expect(child).toMatchObject({
      ownerId: res.id,
      value: 3025,
      balance: 3025,
      status: 0,
      parentId: parent.id,
      effectiveAt: parent.effectiveAt,
      expiresAt: parent.expiresAt,
    });
    expect(child.limits).toEqual(parent.limits);
    expect(child.id).toMatch(/^20240101000005\d{2}$/);
    const records = ok(listQuotaRecords(world, dist, { offset: 0, limit: 10 }));
    expect(records.total_count).toBe(2);
    expect(records.records![1]).toMatchObject({
      operation_type: '10',
      operator: dist.iamUser,
      quota_id: child.id,
      parent_quota_id: parent.id,
      amount: 30.25,
      result: '0',
      indirect_partner_id: res.id,
      indirect_partner_name: res.name,
      indirect_partner_account_name: res.iamDomain,
      operation_time: '2024-01-01T00:00:05Z',
    });
    expect(records.records![1]!.remark).toBeUndefined();
    expect(checkInvariants(world)).toEqual([]);
  });

  it('reports unknown resellers, designated-customer conflicts and an exhausted balance per reseller', () => {
    const { world, dist, res, res2, res3 } = setup();
    const own = customerOf(world, dist, res.id);
    const bound = grant(world, dist, { quota_value: 100, designated_customer_ids: [own] });
    const r = ok(
      issueQuotas(world, dist, {
        quota_id: bound.id,
        indirect_partner_ids: [res3.id, res2.id, res.id, 'no-such', res.id, res.id],
        quota_amount: 40,
      }),
    );
    expect(r.error_details!.map((e) => [e.id, e.error_code])).toEqual([
      [res3.id, 'CBC.99000037'],
      [res2.id, 'CBC.50000021'],
      ['no-such', 'CBC.99000037'],
      [res.id, 'CBC.99000013'],
    ]);
    expect(r.simple_quota_infos!.map((i) => i.id)).toEqual([res.id, res.id]);
    expect(bound.balance).toBe(2000);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('refuses the whole call for a quota that is missing, foreign, a cash quota, unusable or out of its window, changing nothing', () => {
    const { world, sp, dist, res } = setup();
    const spQuota = grant(world, sp);
    const cash = grant(world, dist, { quota_type: 1 });
    const adjusting = grant(world, dist, { quota_status: 4 });
    const future = grant(world, dist, { effective_time: '2024-06-01T00:00:00Z', expire_time: '2024-12-01T00:00:00Z' });
    const old = grant(world, dist, { effective_time: '2023-01-01T00:00:00Z', expire_time: '2023-12-01T00:00:00Z' });
    const good = grant(world, dist);
    const child = ok(issueQuotas(world, dist, { quota_id: good.id, indirect_partner_ids: [res.id], quota_amount: 1 }))
      .simple_quota_infos![0]!.quota_id;
    const before = snapshot(world);
    const cases: [string, string][] = [
      ['nope', 'CBC.99000012'],
      [spQuota.id, 'CBC.99000012'],
      [cash.id, 'CBC.99000012'],
      [adjusting.id, 'CBC.99000012'],
      [child, 'CBC.99000012'],
      [future.id, 'CBC.99000017'],
      [old.id, 'CBC.99000017'],
    ];
    for (const [id, code] of cases) {
      expect(
        issueQuotas(world, dist, { quota_id: id, indirect_partner_ids: [res.id], quota_amount: 1 }),
        id,
      ).toMatchObject({ ok: false, error: { code } });
    }
    for (const caller of [sp, res]) {
      expect(
        issueQuotas(world, caller, { quota_id: good.id, indirect_partner_ids: [res.id], quota_amount: 1 }),
      ).toMatchObject({ ok: false, error: { code: 'CBC.0151' } });
    }
    expect(snapshot(world)).toEqual(before);
  });
});

describe('coupon quotas: reclaim (E3) and the issued list (E4)', () => {
  it('returns the whole remaining child balance to the parent, marks it reclaimed and keeps it listed', () => {
    const { world, dist, res } = setup();
    const parent = grant(world, dist, { quota_value: 100 });
    const ids = ok(
      issueQuotas(world, dist, { quota_id: parent.id, indirect_partner_ids: [res.id, res.id], quota_amount: 40 }),
    ).simple_quota_infos!.map((i) => i.quota_id);
    // The reseller spends 15 of the first child on a coupon for its customer.
    const cust = customerOf(world, res);
    ok(createCoupons(world, res, { quota_id: ids[0]!, customer_ids: [cust], face_value: 15 }));
    world.clock.advance(60_000);

    const r = ok(reclaimQuotas(world, dist, { quota_ids: [ids[0]!, ids[0]!, 'nope'], remark: '' }));
    expect(r.simple_quota_infos).toEqual([{ quota_id: ids[0], quota_balance: 0 }]);
    expect(r.error_details!.map((e) => [e.id, e.error_code])).toEqual([
      [ids[0], 'CBC.99000012'],
      ['nope', 'CBC.99000012'],
    ]);
    expect(parent.balance).toBe(2000 + 2500);
    const child = world.benefits.quotas.get(ids[0]!)!;
    expect(child).toMatchObject({ status: 6, balance: 0 });

    // Still listed by E4 (status 6), no longer by the reseller's E1.
    const issued = ok(listIssuedQuotas(world, dist, { offset: 0, limit: 10 }));
    expect(issued.total_count).toBe(2);
    expect(issued.quotas!.find((q) => q.quota_id === ids[0])).toMatchObject({
      quota_status: 6,
      balance: 0,
      quota_value: 40,
      parent_quota_id: parent.id,
      indirect_partner_id: res.id,
      indirect_partner_name: res.name,
    });
    expect(ok(listQuotas(world, res, { offset: 0, limit: 10 })).quotas!.map((q) => q.quota_id)).toEqual([ids[1]]);

    const records = ok(listQuotaRecords(world, dist, { operation_type: '11', offset: 0, limit: 10 }));
    expect(records.records).toEqual([
      expect.objectContaining({
        operation_type: '11',
        quota_id: ids[0],
        amount: 25,
        remark: '',
        operation_time: '2024-01-01T00:01:00Z',
      }),
    ]);
    ok(reclaimQuotas(world, dist, { quota_ids: [ids[1]!], remark: null }));
    const second = ok(listQuotaRecords(world, dist, { quota_id: ids[1]!, operation_type: '11', offset: 0, limit: 10 }))
      .records![0]!;
    expect(second).not.toHaveProperty('remark');
    expect(checkInvariants(world)).toEqual([]);
  });

  it('refuses quotas that are not the caller children or not in status 0, and non-distributors', () => {
    const { world, sp, dist, res } = setup();
    const other = { ...dist, id: 'd2d2', accessKey: 'D2' };
    world.partners.set(other.id, other);
    const parent = grant(world, dist);
    const [a, b] = ok(
      issueQuotas(world, dist, { quota_id: parent.id, indirect_partner_ids: [res.id, res.id], quota_amount: 1 }),
    ).simple_quota_infos!.map((i) => i.quota_id);
    ok(setQuotaStatus(world, { quota_id: b!, quota_status: 5 }));
    const before = snapshot(world);
    const r = ok(reclaimQuotas(world, dist, { quota_ids: [b!, parent.id] }));
    expect(r.error_details!.map((e) => e.error_code)).toEqual(['CBC.99000012', 'CBC.99000012']);
    expect(ok(reclaimQuotas(world, other, { quota_ids: [a!] })).error_details![0]!.error_code).toBe('CBC.99000012');
    expect(reclaimQuotas(world, sp, { quota_ids: [a!] })).toMatchObject({ ok: false, error: { code: 'CBC.0151' } });
    expect(snapshot(world)).toEqual(before);
  });

  it('filters the issued list and the records as documented', () => {
    const { world, dist, res, res2, res3 } = setup();
    const p1 = grant(world, dist);
    const p2 = grant(world, dist);
    ok(issueQuotas(world, dist, { quota_id: p1.id, indirect_partner_ids: [res.id, res2.id], quota_amount: 1 }));
    world.clock.advance(DAY);
    ok(issueQuotas(world, dist, { quota_id: p2.id, indirect_partner_ids: [res.id], quota_amount: 2 }));
    const list = (q: Parameters<typeof listIssuedQuotas>[2]) =>
      ok(listIssuedQuotas(world, dist, { offset: 0, limit: 10, ...q }));
    expect(list({}).total_count).toBe(3);
    expect(list({ indirect_partner_id: res.id }).total_count).toBe(2);
    expect(list({ indirect_partner_id: '' }).total_count).toBe(3);
    expect(list({ parent_quota_id: p2.id }).quotas!.map((q) => q.quota_value)).toEqual([2]);
    // Absent → no filter; "" is a filter that matches nothing.
    expect(list({ parent_quota_id: '' }).total_count).toBe(0);
    expect(list({ quota_id: list({ parent_quota_id: p2.id }).quotas![0]!.quota_id }).total_count).toBe(1);
    expect(list({ limit: 2, offset: 2 })).toMatchObject({ total_count: 3, quotas: [expect.anything()] });
    expect(listIssuedQuotas(world, dist, { indirect_partner_id: res3.id })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000037' },
    });
    expect(listIssuedQuotas(world, res, {})).toMatchObject({ ok: false, error: { code: 'CBC.0151' } });

    const recs = (q: Parameters<typeof listQuotaRecords>[2]) =>
      ok(listQuotaRecords(world, dist, { offset: 0, limit: 10, ...q }));
    expect(recs({}).total_count).toBe(3);
    expect(recs({ operation_type: '99' }).total_count).toBe(3);
    expect(recs({ operation_type: '11' }).total_count).toBe(0);
    expect(recs({ indirect_partner_id: res2.id }).total_count).toBe(1);
    expect(recs({ parent_quota_id: '' }).total_count).toBe(0);
    expect(recs({ operation_time_begin: '2024-01-02T00:00:00Z' }).records!.map((r) => r.amount)).toEqual([2]);
    expect(recs({ operation_time_end: '2024-01-01T23:59:59Z' }).total_count).toBe(2);
    expect(listQuotaRecords(world, res, {})).toMatchObject({ ok: false, error: { code: 'CBC.0151' } });
  });

  it('keeps value conserved across any sequence of issues and reclaims (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('issue' as const),
              amount: fc.integer({ min: 1, max: 40_000 }),
              who: fc.array(fc.nat(2), { minLength: 1, maxLength: 4 }),
            }),
            fc.record({
              kind: fc.constant('reclaim' as const),
              pick: fc.array(fc.nat(20), { minLength: 1, maxLength: 3 }),
            }),
          ),
          { maxLength: 25 },
        ),
        (ops) => {
          const { world, dist, res, res2, res3 } = setup();
          const parent = grant(world, dist, { quota_value: 1000 });
          const resellers = [res, res2, res3];
          for (const op of ops) {
            if (op.kind === 'issue') {
              issueQuotas(world, dist, {
                quota_id: parent.id,
                indirect_partner_ids: op.who.map((i) => resellers[i]!.id),
                quota_amount: op.amount / 100,
              });
            } else {
              const children = [...world.benefits.quotas.values()].filter((q) => q.parentId);
              if (children.length)
                reclaimQuotas(world, dist, { quota_ids: op.pick.map((i) => children[i % children.length]!.id) });
            }
            const total = [...world.benefits.quotas.values()].reduce((s, q) => s + q.balance, 0);
            expect(total).toBe(100_000);
            expect(parent.balance).toBeGreaterThanOrEqual(0);
            expect(checkInvariants(world)).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
