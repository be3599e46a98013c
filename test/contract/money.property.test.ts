/**
 * Money is conserved to the cent through the SDK, under random sequences of every money movement of the real API
 * (allocation, reclaim, reseller funding and reclaim, child quotas, partner coupons, and the disassociation and
 * type-switch reclaims) interleaved with faults and clock moves, against a ledger the test keeps itself
 * (test/support/money-model.ts). The mock's own invariant checker runs after every call too (`checkInvariants`), and
 * refused calls must leave every balance as it was. A failure prints the seed and path that replay it:
 * `MONEY_SEED=<seed> MONEY_PATH=<path> npx vitest run test/contract/money.property.test.ts`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mswEnv } from '../support/env.js';
import { type Applied, moneyCheck, moneyReport, prologue, runMoney } from '../support/money-model.js';

const env = mswEnv();
afterAll(() => env.close());

describe('money through the SDK against an independent ledger', () => {
  it('every movement and every fault, once each: balances are the opening ones plus what was acknowledged', async () => {
    const applied: Applied = new Map();
    await runMoney(env, prologue, applied);
    // Every movement was acknowledged, and every fault that can leave one applied was reconciled, at least once.
    for (const kind of [
      'create',
      'grant',
      'allocate',
      'reclaim',
      'fundReseller',
      'reclaimReseller',
      'issueQuota',
      'reclaimQuota',
      'coupons',
      'reclaimCoupon',
      'allocate:fail_after_commit',
      'allocate:timeout',
      'reclaim:fail_after_commit',
      'fundReseller:fail_after_commit',
      'issueQuota:fail_after_commit',
      'reclaimQuota:fail_after_commit',
      'coupons:fail_after_commit',
      'reclaimCoupon:fail_after_commit',
      'switch:approved',
      'disassociate:approved',
      'advance',
      'expire',
    ])
      expect(applied.get(kind) ?? 0, `${kind} applied at least once`).toBeGreaterThan(0);
  });

  it('random sequences with faults and clock moves: every balance is the opening one plus what was acknowledged', async () => {
    const details = await moneyCheck(env);
    expect(details.failed, moneyReport(details)).toBe(false);
    // A failing run shrinks for longer than the default 20 s; the seed is printed first in any case.
  }, 300_000);

  // A disassociated customer signs in through its former partner's gateway (Customer.formerPartnerId): its token used
  // to make every real-API call answer 500, as the partner behind it was gone.
  it('a disassociated customer reads its own balance: nothing left after the unbind reclaim', async () => {
    await runMoney(
      env,
      [
        { kind: 'create', role: 'sp', immediate: true },
        { kind: 'allocate', role: 'sp', customer: 0, amount: { cents: 10_00, asString: false }, fault: 'none' },
        { kind: 'disassociate', customer: 0, accept: true },
      ],
      new Map(),
      { disassociatedReadOwnBalance: true },
    );
  });
});
