import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { checkIdentity, createCustomer, customerInfo, LISTED_FIELDS, listCustomers, sendCode } from './index.js';
import { checkInvariants } from '../invariants.js';
import { isSubCustomerOf, type Partner, type Settings } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

function setup(settings: Partial<Settings> = {}, tweak: (p: Partner[]) => void = () => {}) {
  const partners = demoPartners();
  tweak(partners);
  const world = createWorld(partners, settings, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
  const byRole = (role: Partner['role']) => partners.find((p) => p.role === role && p.site === 'cn')!;
  return { world, sp: byRole('solution_provider'), dist: byRole('distributor'), res: byRole('reseller') };
}

function code(world: World, receiver: string) {
  return world.codes.findLast((c) => c.receiver === receiver)!.code;
}

/** A deep copy of everything a refused call must leave untouched. */
function snapshot(world: World) {
  return structuredClone({
    customers: world.customers,
    loginNames: world.loginNames,
    xaccounts: world.xaccounts,
    emails: world.emails,
    mobileAccounts: world.mobileAccounts,
    sendLog: world.sendLog,
    seq: world.seq,
  });
}

describe('customer registration domain', () => {
  it('caps accounts per mobile across partners (CBC.99000030) with a configurable cap', () => {
    const { world, sp, res } = setup({ maxAccountsPerMobile: 2 }, (ps) =>
      ps.push({ ...ps[0]!, id: 'ffff', accessKey: 'OTHER', name: 'Other SP' }),
    );
    const other = world.partners.get('ffff')!;
    let i = 0;
    for (const partner of [sp, res]) {
      sendCode(world, { receiver_type: 1, mobile_phone: '13900000000' });
      const r = createCustomer(world, partner, {
        xaccount_id: `x${i++}`,
        xaccount_type: 't',
        mobile_phone: '13900000000',
        verification_code: code(world, '13900000000'),
      });
      expect(r.ok).toBe(true);
    }
    expect(checkIdentity(world, { search_type: 'mobile', search_value: '0086-13900000000' })).toEqual({
      ok: true,
      value: { check_result: 'used_by_user', mobile_remain_available_num: 0 },
    });
    sendCode(world, { receiver_type: 1, mobile_phone: '13900000000' });
    const before = snapshot(world);
    const r = createCustomer(world, other, {
      xaccount_id: 'x9',
      xaccount_type: 't',
      mobile_phone: '13900000000',
      verification_code: code(world, '13900000000'),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CBC.99000030' } });
    expect(snapshot(world)).toEqual(before);
    // The refused call did not consume the code.
    expect(world.codes.at(-1)!.state).toBe('active');
  });

  it('refuses sandbox, restricted and orphaned callers with their documented codes', () => {
    const cases: [(ps: Partner[]) => void, Partner['role'], string][] = [
      [(ps) => (ps[0]!.sandbox = true), 'solution_provider', 'CBC.99005035'],
      [(ps) => (ps[0]!.restricted = true), 'solution_provider', 'CBC.50010085'],
      [(ps) => (ps[2]!.distributorExited = true), 'reseller', 'CBC.50010065'],
      [(ps) => (ps[1]!.restricted = true), 'reseller', 'CBC.50010086'],
    ];
    for (const [tweak, role, expected] of cases) {
      const env = setup({}, tweak);
      const caller = role === 'reseller' ? env.res : env.sp;
      expect(createCustomer(env.world, caller, { xaccount_id: 'x', xaccount_type: 't' })).toMatchObject({
        ok: false,
        error: { code: expected },
      });
      expect(env.world.customers.size).toBe(0);
    }
  });

  it('keeps every invariant and refuses without side effects over random registration sequences', () => {
    const names = ['alpha-one', 'beta-two', 'Alpha-One', 'gamma-3', undefined];
    const mobiles = ['13900000001', '13900000002', undefined];
    const command = fc.record({
      who: fc.constantFrom('sp', 'res', 'dist'),
      name: fc.constantFrom(...names),
      xid: fc.constantFrom('x1', 'x2', 'x3', 'x4'),
      mobile: fc.constantFrom(...mobiles),
      codeKind: fc.constantFrom('right', 'wrong', 'none'),
      send: fc.boolean(),
      advance: fc.integer({ min: 0, max: 900 }),
    });
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (cmds) => {
        const { world, sp, res, dist } = setup({ maxAccountsPerMobile: 3 });
        const partner = { sp, res, dist };
        for (const c of cmds) {
          world.clock.advance(c.advance * 1000);
          if (c.send && c.mobile) sendCode(world, { receiver_type: 1, mobile_phone: c.mobile });
          const latest = c.mobile ? world.codes.findLast((k) => k.receiver === c.mobile) : undefined;
          const verification =
            c.codeKind === 'none' ? undefined : c.codeKind === 'right' ? (latest?.code ?? '123456') : '000000';
          const before = snapshot(world);
          const r = createCustomer(world, partner[c.who as keyof typeof partner], {
            xaccount_id: c.xid,
            xaccount_type: 't',
            ...(c.name ? { domain_name: c.name } : {}),
            ...(c.mobile ? { mobile_phone: c.mobile, verification_code: verification } : {}),
            ...(c.who === 'dist' ? { indirect_partner_id: res.id } : {}),
          });
          if (!r.ok) expect(snapshot(world)).toEqual(before);
          expect(checkInvariants(world)).toEqual([]);
        }
        const listed = listCustomers(world, sp, { offset: 0, limit: 100 });
        expect(listed.ok && listed.value.count).toBe(
          [...world.customers.values()].filter((c) => isSubCustomerOf(world, c, sp)).length,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('customer listing entries', () => {
  it('read only the fields LISTED_FIELDS names, so a kept entry is checked against all it shows', () => {
    const { world, sp } = setup();
    sendCode(world, { receiver_type: 1, mobile_phone: '13900000001' });
    const made = createCustomer(world, sp, {
      xaccount_id: 'x-read',
      xaccount_type: 't',
      mobile_phone: '13900000001',
      verification_code: code(world, '13900000001'),
      include_association_result: true,
    });
    expect(made.ok).toBe(true);
    const c = world.customers.get((made.ok ? made.value.domain_id : '')!)!;
    Object.assign(c, { realName: 'Real', label: 'vip', email: 'a@example.com' });
    const read = new Set<PropertyKey>();
    customerInfo(new Proxy(c, { get: (t, k) => (read.add(k), Reflect.get(t, k)) }));
    expect([...read].sort()).toEqual([...LISTED_FIELDS].sort());
  });

  it('are reused while the customer is unchanged and rebuilt after any change to a listed field', () => {
    const { world, sp } = setup();
    for (let i = 0; i < 3; i++)
      createCustomer(world, sp, { xaccount_id: `x-${i}`, xaccount_type: 't', include_association_result: true });
    const list = () => {
      const r = listCustomers(world, sp, { limit: 100 });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.customer_infos;
    };
    const fresh = () => [...world.customers.values()].reverse().map(customerInfo);
    const first = list();
    expect(list()).toEqual(first);
    expect(list()![0]).toBe(first![0]);
    expect(Object.isFrozen(first![0])).toBe(true);
    const changes: Record<(typeof LISTED_FIELDS)[number], unknown> = {
      id: 'f'.repeat(32),
      accountName: 'renamed',
      realName: 'Real Name',
      associatedAt: Date.UTC(2023, 5, 1),
      associationType: '1',
      label: 'vip',
      mobile: '13900000009',
      countryCode: '0086',
      verifiedStatus: '1',
      customerType: 1,
      isFrozen: 1,
      xaccountId: 'x-other',
      xaccountType: 'other',
      customerLevel: 'V2',
      email: 'c@example.com',
    };
    const target = [...world.customers.values()][1]!;
    expect(Object.keys(changes).sort()).toEqual([...LISTED_FIELDS].sort());
    for (const [field, value] of Object.entries(changes)) {
      Object.assign(target, { [field]: value });
      expect(list(), field).toEqual(fresh());
    }
    // Set back: listed as before the changes, from a new entry.
    Object.assign(target, {
      realName: undefined,
      label: undefined,
      mobile: undefined,
      countryCode: undefined,
      email: undefined,
    });
    expect(list()).toEqual(fresh());
  });
});
