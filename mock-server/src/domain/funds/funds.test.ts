/**
 * Funds at the domain level: the money model (cash before credit, credit restored first, designated amounts), the
 * bookkeeping (adjust records, ledgers with running balances), refusals that change nothing, the BEUNBIND reclaim
 * used by the association work, the invariant checker itself, and a property test over random command sequences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock, gmt8Date } from '../../kernel/clock.js';
import { createCustomer } from '../customers/index.js';
import type { Result } from '../../kernel/result.js';
import {
  allocatable,
  allocateToCustomer,
  fundReseller,
  fundsInvariants,
  listAdjustRecords,
  listPartnerLedger,
  peekAccounts,
  reclaimFromCustomer,
  reclaimFromReseller,
  reclaimOnUnbind,
  setPartnerFunds,
} from './index.js';
import type { Partner, PartnerRole } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

const START = Date.UTC(2024, 0, 1);

function setup() {
  const world = createWorld(demoPartners(), {}, createClock({ start: START, frozen: true }));
  const by = (role: PartnerRole) => [...world.partners.values()].find((p) => p.role === role && p.site === 'cn')!;
  return { world, sp: by('solution_provider'), dist: by('distributor'), res: by('reseller') };
}

let n = 0;
function customer(world: World, caller: Partner, extra: Record<string, unknown> = {}): string {
  const r = createCustomer(world, caller, {
    xaccount_id: `x-${n++}`,
    xaccount_type: 'acme_IDP',
    include_association_result: true,
    ...extra,
  } as never);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.domain_id!;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const cents = (world: World, id: string) => {
  const a = peekAccounts(world, id);
  return { cash: a.cash, credit: a.credit, line: a.creditLine, designated: a.designated, allocatable: allocatable(a) };
};
const balanceOf = (world: World, customerId: string) => world.funds.allocations.get(customerId)?.balance;
const held = (world: World) =>
  [...world.funds.accounts.values()].reduce((s, a) => s + a.cash + a.credit, 0) +
  [...world.funds.allocations.values()].reduce((s, a) => s + a.balance, 0);

describe('funds: seed', () => {
  it('opens the demo partners with their default balances, booked as recharges and a credit line', () => {
    const { world, sp, dist, res } = setup();
    expect(cents(world, sp.id)).toEqual({
      cash: 100_000_00,
      credit: 0,
      line: 0,
      designated: 0,
      allocatable: 100_000_00,
    });
    expect(cents(world, dist.id)).toEqual({
      cash: 500_000_00,
      credit: 200_000_00,
      line: 200_000_00,
      designated: 0,
      allocatable: 700_000_00,
    });
    expect(cents(world, res.id)).toEqual({ cash: 0, credit: 0, line: 0, designated: 0, allocatable: 0 });
    const spLedger = value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT' }));
    expect(spLedger.records).toEqual([
      expect.objectContaining({
        trade_detail_type: 'SOURCE_OPERAIION_RECHARGE',
        change_amount: '100000.00',
        balance_after_change: '100000.00',
        type: '1',
      }),
    ]);
    const credit = value(listPartnerLedger(world, dist, { balance_type: 'BALANCE_TYPE_CREDIT' }));
    expect(credit.records![0]).toMatchObject({
      trade_detail_type: 'SOURCE_OPERAIION_ADJUST_CREDIT',
      balance_after_change: '200000.00',
    });
    expect(world.funds.injected).toBe(held(world));
    expect(fundsInvariants(world)).toEqual([]);
  });
});

describe('funds: allocation and reclaim', () => {
  it('allocates from free cash first, then credit, and books both ledgers with the balance after each change', () => {
    const { world, dist, res } = setup();
    value(setPartnerFunds(world, { partner_id: dist.id, designated_amount: '100000' }));
    const c = customer(world, dist, { indirect_partner_id: res.id });
    value(fundReseller(world, dist, { indirect_partner_id: res.id, amount: 450_000 }));
    // 400 000 free cash went first, 50 000 came from credit.
    expect(cents(world, dist.id)).toMatchObject({
      cash: 100_000_00,
      credit: 150_000_00,
      designated: 100_000_00,
      allocatable: 150_000_00,
    });
    expect(cents(world, res.id)).toMatchObject({ cash: 450_000_00, credit: 0 });
    const id = value(
      allocateToCustomer(world, dist, { customer_id: c, amount: '1234.56', indirect_partner_id: res.id }),
    ).transfer_id;
    expect(id).toMatch(/^AD2401010000[0-9a-f]{8}$/);
    expect(balanceOf(world, c)).toBe(1234_56);
    expect(cents(world, res.id).cash).toBe(450_000_00 - 1234_56);
    expect(fundsInvariants(world)).toEqual([]);
  });

  it('returns reclaimed money to credit in use first, then cash', () => {
    const { world, sp } = setup();
    value(setPartnerFunds(world, { partner_id: sp.id, credit_amount: 1000 }));
    const c = customer(world, sp);
    value(allocateToCustomer(world, sp, { customer_id: c, amount: 100_500 }));
    expect(cents(world, sp.id)).toMatchObject({ cash: 0, credit: 500_00 });
    value(reclaimFromCustomer(world, sp, { customer_id: c, amount: 700 }));
    expect(cents(world, sp.id)).toMatchObject({ cash: 200_00, credit: 1000_00 });
    expect(balanceOf(world, c)).toBe(99_800_00);
    const debit = value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT' })).records;
    const credit = value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_CREDIT' })).records;
    expect(debit!.map((r) => [r.trade_detail_type, r.type, r.change_amount, r.balance_after_change])).toEqual([
      ['SOURCE_OPERATION_BERETRIEVE', '1', '200.00', '200.00'],
      ['SOURCE_OPERATION_BEADJUST', '2', '100000.00', '0.00'],
      ['SOURCE_OPERAIION_RECHARGE', '1', '100000.00', '100000.00'],
    ]);
    expect(credit!.map((r) => [r.trade_detail_type, r.type, r.change_amount, r.balance_after_change])).toEqual([
      ['SOURCE_OPERATION_BERETRIEVE', '1', '500.00', '1000.00'],
      ['SOURCE_OPERATION_BEADJUST', '2', '500.00', '500.00'],
      ['SOURCE_OPERAIION_ADJUST_CREDIT', '1', '1000.00', '1000.00'],
    ]);
    expect(fundsInvariants(world)).toEqual([]);
  });

  it('refuses with the documented codes and changes nothing', () => {
    const { world, sp, dist, res } = setup();
    const own = customer(world, sp);
    const referral = customer(world, sp, { cooperation_type: '1' });
    const foreign = customer(world, dist, { indirect_partner_id: res.id });
    const before = structuredClone(world.funds);
    const cases: [Result<unknown>, string][] = [
      [allocateToCustomer(world, sp, { customer_id: referral, amount: 1 }), 'CBC.5021'],
      [allocateToCustomer(world, sp, { customer_id: foreign, amount: 1 }), 'CBC.99000035'],
      [allocateToCustomer(world, sp, { customer_id: 'f'.repeat(32), amount: 1 }), 'CBC.99000035'],
      [allocateToCustomer(world, sp, { customer_id: own, amount: 100_000.01 }), 'CBC.99005003'],
      [allocateToCustomer(world, sp, { customer_id: own, amount: 1, indirect_partner_id: res.id }), 'CBC.99000037'],
      [allocateToCustomer(world, dist, { customer_id: foreign, amount: 1 }), 'CBC.99000035'],
      [
        allocateToCustomer(world, dist, { customer_id: foreign, amount: 1, indirect_partner_id: res.id }),
        'CBC.99005003',
      ],
      [reclaimFromCustomer(world, sp, { customer_id: own, amount: 1 }), 'CBC.99000047'],
      [reclaimFromCustomer(world, sp, { customer_id: referral, amount: 1 }), 'CBC.5021'],
      [fundReseller(world, sp, { indirect_partner_id: res.id, amount: 1 }), 'CBC.0151'],
      [fundReseller(world, dist, { indirect_partner_id: sp.id, amount: 1 }), 'CBC.99000037'],
      [fundReseller(world, dist, { indirect_partner_id: res.id, amount: 700_000.01 }), 'CBC.99005003'],
      [reclaimFromReseller(world, dist, { indirect_partner_id: res.id, amount: 0.01 }), 'CBC.99005003'],
      [reclaimFromReseller(world, res, { indirect_partner_id: res.id, amount: 0.01 }), 'CBC.0151'],
      [setPartnerFunds(world, { partner_id: sp.id, cash_amount: 10, designated_amount: 11 }), 'CBC.0100'],
    ];
    expect(cases.map(([r]) => (r.ok ? 'ok' : r.error.code))).toEqual(cases.map(([, code]) => code));
    expect(world.funds).toEqual(before);

    value(allocateToCustomer(world, sp, { customer_id: own, amount: 10 }));
    const after = structuredClone(world.funds);
    expect(reclaimFromCustomer(world, sp, { customer_id: own, amount: 10.01 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99005003' },
    });
    expect(world.funds).toEqual(after);
  });

  it('refuses sandbox partners on the money-moving operations', () => {
    const { world, sp, dist, res } = setup();
    const c = customer(world, sp);
    sp.sandbox = true;
    dist.sandbox = true;
    expect(allocateToCustomer(world, sp, { customer_id: c, amount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99005035' },
    });
    expect(reclaimFromCustomer(world, sp, { customer_id: c, amount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99005035' },
    });
    expect(fundReseller(world, dist, { indirect_partner_id: res.id, amount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99005035' },
    });
    expect(reclaimFromReseller(world, dist, { indirect_partner_id: res.id, amount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99005035' },
    });
  });

  it('keeps the designated amount out of allocation and of reseller reclaim', () => {
    const { world, dist, res } = setup();
    value(fundReseller(world, dist, { indirect_partner_id: res.id, amount: 1000 }));
    value(setPartnerFunds(world, { partner_id: res.id, designated_amount: 400 }));
    expect(reclaimFromReseller(world, dist, { indirect_partner_id: res.id, amount: 600.01 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99005003' },
    });
    const id = value(reclaimFromReseller(world, dist, { indirect_partner_id: res.id, amount: '600' })).trans_id;
    expect(id).toMatch(/^RE/);
    expect(cents(world, res.id)).toMatchObject({ cash: 400_00, designated: 400_00, allocatable: 0 });
    expect(cents(world, dist.id)).toMatchObject({ cash: 499_600_00, credit: 200_000_00 });
    expect(fundsInvariants(world)).toEqual([]);
  });
});

describe('funds: reclaim on unbind (BEUNBIND)', () => {
  it("returns a customer's whole allocated balance to its partner as a BEUNBIND record", () => {
    const { world, dist, res } = setup();
    const c = customer(world, dist, { indirect_partner_id: res.id });
    value(fundReseller(world, dist, { indirect_partner_id: res.id, amount: 500 }));
    value(allocateToCustomer(world, dist, { customer_id: c, amount: 321.09, indirect_partner_id: res.id }));
    world.clock.advance(60_000);
    const r = value(reclaimOnUnbind(world, c));
    expect(r).toEqual({ transId: expect.stringMatching(/^UB2401010001[0-9a-f]{8}$/), amount: 321_09 });
    expect(balanceOf(world, c)).toBe(0);
    expect(cents(world, res.id).cash).toBe(500_00);
    const records = value(
      listAdjustRecords(world, dist, { indirect_partner_id: res.id, operation_type: 'SOURCE_OPERATION_BEUNBIND' }),
    );
    expect(records).toEqual({
      total_count: 1,
      records: [
        {
          customer_id: c,
          customer_name: expect.any(String),
          operation_type: 'SOURCE_OPERATION_BEUNBIND',
          amount: '321.09',
          currency: 'CNY',
          operation_time: '2024-01-01T00:01:00Z',
          measure_id: 1,
          trans_id: r!.transId,
        },
      ],
    });
    const ledger = value(
      listPartnerLedger(world, dist, {
        balance_type: 'BALANCE_TYPE_DEBIT',
        indirect_partner_id: res.id,
        trade_type: 'BEUNBIND',
      }),
    );
    expect(ledger.records).toEqual([
      expect.objectContaining({
        trade_detail_type: 'SOURCE_OPERATION_BEUNBIND',
        trade_id: r!.transId,
        customer_id: c,
        type: '1',
        balance_after_change: '500.00',
      }),
    ]);
    expect(world.funds.customerLedger.at(-1)).toMatchObject({
      tradeType: 'BEUNBIND',
      direction: 'expense',
      balanceAfter: 0,
      paymentChannelId: '10',
    });
    expect(fundsInvariants(world)).toEqual([]);
  });

  it('records nothing when there is nothing to reclaim, and refuses an unknown customer', () => {
    const { world, sp } = setup();
    const c = customer(world, sp);
    const before = structuredClone(world.funds);
    expect(reclaimOnUnbind(world, c)).toEqual({ ok: true, value: undefined });
    expect(world.funds).toEqual(before);
    value(allocateToCustomer(world, sp, { customer_id: c, amount: 5 }));
    value(reclaimFromCustomer(world, sp, { customer_id: c, amount: 5 }));
    const emptied = structuredClone(world.funds);
    expect(reclaimOnUnbind(world, c)).toEqual({ ok: true, value: undefined });
    expect(world.funds).toEqual(emptied);
    expect(reclaimOnUnbind(world, 'f'.repeat(32))).toMatchObject({ ok: false, error: { code: 'CBC.5002' } });
  });
});

describe('funds: control changes', () => {
  it('books cash and credit-line changes in the ledgers and keeps the credit in use', () => {
    const { world, sp } = setup();
    value(setPartnerFunds(world, { partner_id: sp.id, credit_amount: 300 }));
    const c = customer(world, sp);
    value(allocateToCustomer(world, sp, { customer_id: c, amount: 100_200 }));
    expect(setPartnerFunds(world, { partner_id: sp.id, credit_amount: 199.99 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(value(setPartnerFunds(world, { partner_id: sp.id, credit_amount: '250', cash_amount: 50 }))).toEqual({
      partner_id: sp.id,
      cash_amount: 50,
      designated_amount: 0,
      credit_amount: 250,
      credit_available: 50,
      allocatable_amount: 100,
    });
    value(setPartnerFunds(world, { partner_id: sp.id, cash_amount: 20 }));
    const debit = value(
      listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'ADJUST' }),
    ).records;
    expect(debit).toEqual([
      expect.objectContaining({
        trade_detail_type: 'SOURCE_OPERAIION_ADJUST',
        type: '2',
        change_amount: '30.00',
        balance_after_change: '20.00',
      }),
    ]);
    expect(
      value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'RECHARGE' })).total_count,
    ).toBe(2);
    expect(setPartnerFunds(world, { partner_id: 'nobody' })).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(world.funds.injected).toBe(held(world));
    expect(fundsInvariants(world)).toEqual([]);
  });
});

describe('funds: ledger dates are GMT+8 days', () => {
  it('files a movement at 16:30 UTC under the next day, and defaults to the last year', () => {
    const { world, sp } = setup();
    const c = customer(world, sp);
    world.clock.set(Date.UTC(2024, 0, 1, 16, 30), true);
    expect(gmt8Date(world.clock.now())).toBe('2024-01-02');
    value(allocateToCustomer(world, sp, { customer_id: c, amount: 1 }));
    const on = (begin: string, end: string) =>
      value(
        listPartnerLedger(world, sp, {
          balance_type: 'BALANCE_TYPE_DEBIT',
          trade_time_begin: begin,
          trade_time_end: end,
          trade_type: 'BEADJUST',
        }),
      ).total_count;
    expect(on('2024-01-02', '2024-01-02')).toBe(1);
    expect(on('2024-01-01', '2024-01-01')).toBe(0);
    world.clock.set(Date.UTC(2025, 0, 1, 16, 0), true); // 2025-01-02 GMT+8: one year later to the day
    expect(
      value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'BEADJUST' })).total_count,
    ).toBe(1);
    world.clock.set(Date.UTC(2025, 0, 2, 16, 0), true); // 2025-01-03 GMT+8: out of the default year
    expect(
      value(listPartnerLedger(world, sp, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'BEADJUST' })).total_count,
    ).toBe(0);
  });
});

describe('funds: the invariant checker', () => {
  function funded() {
    const { world, sp } = setup();
    const c = customer(world, sp);
    value(allocateToCustomer(world, sp, { customer_id: c, amount: 10 }));
    return { world, sp, c };
  }

  it('reports money that appears from nowhere', () => {
    const { world, sp } = funded();
    world.funds.accounts.get(sp.id)!.cash += 1;
    expect(fundsInvariants(world).join('\n')).toMatch(/not conserved/);
  });

  it('reports a ledger line whose balance after the change is not the running balance', () => {
    const { world } = funded();
    world.funds.partnerLedger.at(-1)!.balanceAfter += 1;
    expect(fundsInvariants(world).join('\n')).toMatch(/running balance/);
  });

  it('reports a by-partner index that lost a record, and a customer ledger line off its running balance', () => {
    const { world, sp } = funded();
    world.funds.adjustRecordsByPartner.get(sp.id)!.pop();
    expect(fundsInvariants(world).join('\n')).toMatch(/0 adjust records indexed by partner, 1 in all/);
    const { world: other } = funded();
    other.funds.customerLedger.at(-1)!.balanceAfter += 1;
    expect(fundsInvariants(other).join('\n')).toMatch(/customer ledger entry .* the running balance is/);
  });

  it('reports an adjust record missing the ledger line of one side', () => {
    const { world, c } = funded();
    world.funds.customerLedger.pop();
    expect(fundsInvariants(world).join('\n')).toMatch(new RegExp(`the ledger of customer:${c} shows 0`));
  });

  it('reports a movement without its adjust record, and a negative balance', () => {
    const { world, c } = funded();
    world.funds.adjustRecords.pop();
    expect(fundsInvariants(world).join('\n')).toMatch(/have no adjust record/);
    world.funds.allocations.get(c)!.balance = -1;
    expect(fundsInvariants(world).join('\n')).toMatch(/allocation balance is -1/);
  });
});

describe('funds: property', () => {
  /** An amount as a percentage of what the command could move at most (over 100 → refused), as number or string. */
  type Share = { percent: number; asString: boolean };
  type Cmd =
    | { k: 'allocate'; who: number; share: Share; viaDist: boolean }
    | { k: 'reclaim'; who: number; share: Share; viaDist: boolean }
    | { k: 'fundReseller'; share: Share }
    | { k: 'reclaimReseller'; share: Share }
    | { k: 'unbind'; who: number }
    | { k: 'set'; target: 0 | 1 | 2; cash?: number; credit?: number; designated?: number }
    | { k: 'tick'; seconds: number };

  const money = fc.integer({ min: 0, max: 80_000_000 }).map((c) => c / 100);
  const share: fc.Arbitrary<Share> = fc.record({ percent: fc.integer({ min: 1, max: 110 }), asString: fc.boolean() });
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    fc.record({ k: fc.constant('allocate' as const), who: fc.nat(3), share, viaDist: fc.boolean() }),
    fc.record({ k: fc.constant('reclaim' as const), who: fc.nat(3), share, viaDist: fc.boolean() }),
    fc.record({ k: fc.constant('fundReseller' as const), share }),
    fc.record({ k: fc.constant('reclaimReseller' as const), share }),
    fc.record({ k: fc.constant('unbind' as const), who: fc.nat(3) }),
    fc.record(
      {
        k: fc.constant('set' as const),
        target: fc.constantFrom(0 as const, 1 as const, 2 as const),
        cash: money,
        credit: money,
        designated: money,
      },
      { requiredKeys: ['k', 'target'] },
    ),
    fc.record({ k: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 90_000 }) }),
  );
  /** `percent` of `max` cents (at least one cent), as a yuan number or string. */
  const amountOf = (s: Share, max: number): number | string => {
    const c = Math.max(1, Math.floor((max * s.percent) / 100));
    return s.asString ? (c / 100).toFixed(2) : c / 100;
  };

  it('conserves money to the cent, keeps every balance ≥ 0 and every ledger consistent, and refusals change nothing', () => {
    // How often each command went through, to show the runs moved money rather than only being refused.
    const succeeded = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 5, maxLength: 40, size: 'large' }), (cmds) => {
        const { world, sp, dist, res } = setup();
        // Customers: two of the solution provider, one of the reseller, one referral.
        const customers = [
          customer(world, sp),
          customer(world, sp),
          customer(world, dist, { indirect_partner_id: res.id }),
          customer(world, sp, { cooperation_type: '1' }),
        ];
        const partners = [sp, dist, res];
        for (const c of cmds) {
          const before = structuredClone(world.funds);
          let r: Result<unknown>;
          switch (c.k) {
            case 'allocate':
            case 'reclaim': {
              const id = customers[c.who]!;
              const viaDist = c.viaDist && c.who === 2;
              const caller = viaDist ? dist : c.who === 2 ? res : sp;
              const owner = c.who === 2 ? res : sp;
              const max =
                c.k === 'allocate'
                  ? allocatable(peekAccounts(world, owner.id))
                  : (world.funds.allocations.get(id)?.balance ?? 100);
              const body = {
                customer_id: id,
                amount: amountOf(c.share, max),
                ...(viaDist ? { indirect_partner_id: res.id } : {}),
              };
              r =
                c.k === 'allocate' ? allocateToCustomer(world, caller, body) : reclaimFromCustomer(world, caller, body);
              break;
            }
            case 'fundReseller':
              r = fundReseller(world, dist, {
                indirect_partner_id: res.id,
                amount: amountOf(c.share, allocatable(peekAccounts(world, dist.id))),
              });
              break;
            case 'reclaimReseller': {
              const a = peekAccounts(world, res.id);
              r = reclaimFromReseller(world, dist, {
                indirect_partner_id: res.id,
                amount: amountOf(c.share, a.cash - a.designated),
              });
              break;
            }
            case 'unbind':
              r = reclaimOnUnbind(world, customers[c.who]!);
              break;
            case 'set':
              r = setPartnerFunds(world, {
                partner_id: partners[c.target]!.id,
                cash_amount: c.cash,
                credit_amount: c.credit,
                designated_amount: c.designated,
              });
              break;
            case 'tick':
              world.clock.advance(c.seconds * 1000);
              r = { ok: true, value: undefined };
              break;
          }
          if (!r.ok) expect(world.funds).toEqual(before);
          else if (c.k !== 'unbind' || r.value !== undefined) succeeded.set(c.k, (succeeded.get(c.k) ?? 0) + 1);
          expect(fundsInvariants(world)).toEqual([]);
          expect(held(world)).toBe(world.funds.injected);
        }
        // The referral customer never has an allocation account.
        expect(world.funds.allocations.has(customers[3]!)).toBe(false);
      }),
      { numRuns: 150 },
    );
    for (const k of ['allocate', 'reclaim', 'fundReseller', 'reclaimReseller', 'unbind', 'set'])
      expect(succeeded.get(k) ?? 0, k).toBeGreaterThan(20);
  });
});
