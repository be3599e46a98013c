/**
 * Console-only balance changes, driven through the control surface: money paid in from outside (recharge, rebate)
 * and the cash, credit line and designated amount Huawei's staff set. These are the only ways money enters or
 * leaves the system, so each one moves `injected` by what it changed.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { addCents, type Cents, formatYuan, parseAmount } from '../../kernel/money.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { accountsOf, type FundsWorld, peekAccounts, pushPartnerEntry, TRADES } from './state.js';
import { type PartnerFundsView, partnerFundsView } from './views.js';

type C = ControlComponents['schemas'];

/** What the control surface may set on a partner's accounts (yuan; numbers or numeric strings, ≥ 0). */
export type PartnerFundsChange = C['SetPartnerFundsRequest'];

/**
 * Money paid into a partner's cash account from outside (console recharge, incentive rebate), booked as a `RECHARGE`
 * ledger row with the detail type and payment channel of its source: remittance (channel 2 bank transfer), online
 * payment (4), or rebate (`SOURCE_OPERAIION_RECHARGE_REBATE`, channel 7 incentive rebate).
 */
export function rechargePartnerCash(
  world: FundsWorld,
  partnerId: string,
  amount: Cents,
  source: 'remittance' | 'online' | 'rebate',
): void {
  if (!(amount > 0) || !Number.isSafeInteger(amount))
    throw new RangeError(`recharge amount ${amount} must be positive cents`);
  const a = accountsOf(world, partnerId);
  a.cash = addCents(a.cash, amount);
  const trade =
    source === 'rebate' ? TRADES.rebateRecharge : source === 'online' ? TRADES.onlineRecharge : TRADES.recharge;
  pushPartnerEntry(world.funds, partnerId, 'BALANCE_TYPE_DEBIT', 'income', amount, a.cash, {
    trade,
    at: world.clock.now(),
  });
  world.funds.injected = addCents(world.funds.injected, amount);
}

/** The new cash, credit line and designated amount a change asks for, each field absent keeping its value. */
interface FundsTarget {
  cash: Cents;
  creditLine: Cents;
  designated: Cents;
}

/** Parses and checks a change against the partner's accounts: amounts ≥ 0, line ≥ credit in use, designated ≤ cash. */
function fundsTarget(world: FundsWorld, partnerId: string, change: PartnerFundsChange): Result<FundsTarget> {
  const parse = (field: keyof PartnerFundsChange): Result<Cents | undefined> => {
    const v = change[field];
    if (v === undefined) return ok(undefined);
    const cents = parseAmount(v);
    return cents === undefined
      ? fail('CBC.0100', `${field} ${JSON.stringify(v)} must be an amount ≥ 0 with at most 2 decimals.`)
      : ok(cents);
  };
  const cash = parse('cash_amount');
  if (!cash.ok) return cash;
  const line = parse('credit_amount');
  if (!line.ok) return line;
  const designated = parse('designated_amount');
  if (!designated.ok) return designated;

  const current = peekAccounts(world, partnerId);
  const target = {
    cash: cash.value ?? current.cash,
    creditLine: line.value ?? current.creditLine,
    designated: designated.value ?? current.designated,
  };
  const used = current.creditLine - current.credit;
  if (target.creditLine < used)
    return fail('CBC.0100', `The credit line cannot go below the credit in use (${formatYuan(used)}).`);
  if (target.designated > target.cash)
    return fail(
      'CBC.0100',
      `The designated amount ${formatYuan(target.designated)} exceeds the cash balance ${formatYuan(target.cash)}.`,
    );
  return ok(target);
}

/**
 * Sets a partner's cash balance, credit line and/or designated amount, as recharges, write-offs and credit changes
 * in the console would (a later issue models recharge itself). Cash changes are booked as `RECHARGE` (up) or
 * `ADJUST` (down) on the cash ledger, credit-line changes as `ADJUST` / `SOURCE_OPERAIION_ADJUST_CREDIT` on the
 * credit ledger; the credit in use is kept, so the line cannot go below it.
 */
export function setPartnerFunds(world: FundsWorld, change: PartnerFundsChange): Result<PartnerFundsView> {
  const partner = world.partners.get(change.partner_id);
  if (!partner) return fail('CBC.0100', `Unknown partner ${change.partner_id}.`);
  const target = fundsTarget(world, partner.id, change);
  if (!target.ok) return target;

  const { cash: newCash, creditLine: newLine, designated: newDesignated } = target.value;
  const a = accountsOf(world, partner.id);
  const at = world.clock.now();
  const used = a.creditLine - a.credit;
  const cashDelta = newCash - a.cash;
  const creditDelta = newLine - used - a.credit;
  if (cashDelta !== 0) {
    a.cash = newCash;
    const direction = cashDelta > 0 ? 'income' : 'expense';
    const trade = cashDelta > 0 ? TRADES.recharge : TRADES.writeOff;
    pushPartnerEntry(world.funds, partner.id, 'BALANCE_TYPE_DEBIT', direction, Math.abs(cashDelta), a.cash, {
      trade,
      at,
    });
  }
  a.creditLine = newLine;
  if (creditDelta !== 0) {
    a.credit = newLine - used;
    const direction = creditDelta > 0 ? 'income' : 'expense';
    pushPartnerEntry(world.funds, partner.id, 'BALANCE_TYPE_CREDIT', direction, Math.abs(creditDelta), a.credit, {
      trade: TRADES.creditLine,
      at,
    });
  }
  a.designated = newDesignated;
  world.funds.injected = addCents(world.funds.injected, cashDelta, creditDelta);
  return ok(partnerFundsView(world, partner.id));
}
