import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { createCustomer, listCustomers } from '../customers/index.js';
import { freezeCustomers, unfreezeCustomers } from './freeze.js';
import { checkInvariants } from '../invariants.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

function setup() {
  const partners = demoPartners();
  const world = createWorld(partners, {}, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
  const intl = (role: Partner['role']) => partners.find((p) => p.role === role && p.site === 'intl')!;
  let n = 0;
  const customer = (owner: Partner, indirect?: string) => {
    const r = createCustomer(world, owner, {
      xaccount_id: `x${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      domain_area: 'MX',
      ...(indirect ? { indirect_partner_id: indirect } : {}),
    } as never);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.domain_id!;
  };
  return { world, sp: intl('solution_provider'), dist: intl('distributor'), res: intl('reseller'), customer };
}

const frozen = (world: World, id: string) => world.customers.get(id)!.isFrozen;

describe('freeze domain', () => {
  it('freezes the account (is_frozen 1) by default, or account and resources (2), visible in ListSubCustomers', () => {
    const { world, sp, customer } = setup();
    const [a, b] = [customer(sp), customer(sp)];
    expect(freezeCustomers(world, sp, { customer_ids: [a], reason: 'Arrears' })).toEqual({ ok: true, value: {} });
    expect(
      freezeCustomers(world, sp, { customer_ids: [b], reason: 'Arrears', freeze_type: 'ACCOUNT_AND_RESOURCE' }),
    ).toEqual({ ok: true, value: {} });
    const list = listCustomers(world, sp, {});
    expect(list.ok && Object.fromEntries(list.value.customer_infos!.map((c) => [c.customer_id, c.is_frozen]))).toEqual({
      [a]: 1,
      [b]: 2,
    });
    expect(world.freezes.get(a)).toEqual({
      type: 'ACCOUNT',
      reason: 'Arrears',
      since: Date.UTC(2024, 0, 1),
      source: 'partner',
    });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('reports refused customers in error_details and processes the others (partial success)', () => {
    const { world, sp, dist, res, customer } = setup();
    const mine = customer(sp);
    const theirs = customer(dist, res.id);
    const referral = customer(sp);
    world.customers.get(referral)!.associationType = '1';
    const r = freezeCustomers(world, sp, { customer_ids: [theirs, mine, referral, 'missing', mine], reason: 'x' });
    expect(r).toEqual({
      ok: true,
      value: {
        error_details: [
          { error_code: 'CBC.99000035', error_msg: expect.any(String), id: theirs },
          { error_code: 'CBC.99005024', error_msg: expect.any(String), id: referral },
          { error_code: 'CBC.99000035', error_msg: expect.any(String), id: 'missing' },
        ],
      },
    });
    expect([frozen(world, mine), frozen(world, theirs), frozen(world, referral)]).toEqual([1, 0, 0]);
    // Every customer refused: a top-level error (the first customer's code), no error_details, nothing changes.
    const before = structuredClone({ c: world.customers, f: world.freezes });
    expect(unfreezeCustomers(world, sp, { customer_ids: [theirs, referral], reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(structuredClone({ c: world.customers, f: world.freezes })).toEqual(before);
  });

  it('acts for a reseller only when the caller is its distributor (CBC.99000037), without any change', () => {
    const { world, sp, dist, res, customer } = setup();
    const id = customer(dist, res.id);
    expect(freezeCustomers(world, sp, { customer_ids: [id], reason: 'x', indirect_partner_id: res.id })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000037' },
    });
    expect(freezeCustomers(world, dist, { customer_ids: [id], reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(frozen(world, id)).toBe(0);
    expect(freezeCustomers(world, dist, { customer_ids: [id], reason: 'x', indirect_partner_id: res.id })).toEqual({
      ok: true,
      value: {},
    });
    expect(frozen(world, id)).toBe(1);
    expect(
      freezeCustomers(world, res, { customer_ids: [id], reason: 'x', freeze_type: 'ACCOUNT_AND_RESOURCE' }),
    ).toEqual({ ok: true, value: {} });
    expect(frozen(world, id)).toBe(2);
  });

  it('unfreezes entirely with either type, and unfreezing a customer that is not frozen succeeds', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(unfreezeCustomers(world, sp, { customer_ids: [id], reason: 'x' })).toEqual({ ok: true, value: {} });
    freezeCustomers(world, sp, { customer_ids: [id], reason: 'x', freeze_type: 'ACCOUNT_AND_RESOURCE' });
    expect(unfreezeCustomers(world, sp, { customer_ids: [id], reason: 'Paid', unfreeze_type: 'ACCOUNT' })).toEqual({
      ok: true,
      value: {},
    });
    expect(frozen(world, id)).toBe(0);
    expect(world.freezes.has(id)).toBe(false);
  });

  it('property: is_frozen always equals the effect of the last freeze or unfreeze, and the invariants hold', () => {
    const op = fc.record({
      kind: fc.constantFrom('freeze', 'unfreeze'),
      targets: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }),
      type: fc.constantFrom('ACCOUNT', 'ACCOUNT_AND_RESOURCE', null),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), (ops) => {
        const { world, sp, customer } = setup();
        const ids = [customer(sp), customer(sp), customer(sp), customer(sp)];
        // Index 4 is a customer of nobody: always refused, never changes anything.
        const all = [...ids, 'not-a-customer'];
        const model = new Map(ids.map((id) => [id, 0]));
        for (const o of ops) {
          const customer_ids = o.targets.map((i) => all[i]!);
          const r =
            o.kind === 'freeze'
              ? freezeCustomers(world, sp, { customer_ids, reason: 'r', freeze_type: o.type as 'ACCOUNT' | null })
              : unfreezeCustomers(world, sp, { customer_ids, reason: 'r', unfreeze_type: o.type as 'ACCOUNT' | null });
          const allRefused = customer_ids.length > 0 && customer_ids.every((id) => id === 'not-a-customer');
          expect(r.ok).toBe(!allRefused);
          if (!r.ok) continue;
          const refused = 'error_details' in r.value ? r.value.error_details!.map((e) => e.id) : [];
          expect(refused).toEqual(customer_ids.includes('not-a-customer') ? ['not-a-customer'] : []);
          for (const id of customer_ids)
            if (model.has(id)) model.set(id, o.kind === 'unfreeze' ? 0 : o.type === 'ACCOUNT_AND_RESOURCE' ? 2 : 1);
        }
        for (const id of ids) expect(frozen(world, id)).toBe(model.get(id));
        expect(checkInvariants(world)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
