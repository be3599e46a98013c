/**
 * Incentive rebates (reference §3): Huawei grants a partner a withdrawable rebate (SetRebateBalance); the partner
 * withdraws it to a bank account or, on the China site, into its cash account (a recharge), behind its
 * verification-code gate.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { formatYuan, parseAmount, positiveAmount } from '../../kernel/money.js';
import type { Parties } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkGate, type GateWorld, passGate } from '../codes/index.js';
import { consolePartner } from '../partners/index.js';
import { rechargePartnerCash } from './control.js';
import { type FundsWorld, peekAccounts } from './state.js';
import { MAX_CASH, type RebateWithdrawalEntry, type RechargesSlice } from './recharge-state.js';
import { rebateView, withdrawalView } from './recharge-views.js';

type C = ControlComponents['schemas'];

/** ShowRebateAccount. */
export function showRebates(world: Parties & RechargesSlice, q: { partner_id: string }): Result<C['RebateAccount']> {
  const p = consolePartner(world, q.partner_id);
  return p.ok ? ok(rebateView(world, p.value.id)) : p;
}

/** SetRebateBalance: what Huawei grants as withdrawable incentive rebate. */
export function setRebate(
  world: Parties & RechargesSlice,
  input: C['SetRebateBalanceRequest'],
): Result<C['RebateAccount']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const cents = parseAmount(input.withdrawable_amount);
  if (cents === undefined)
    return fail(
      'CBC.0100',
      `Invalid parameter: withdrawable_amount ${JSON.stringify(input.withdrawable_amount)} is not an amount.`,
    );
  world.rebates.balances.set(p.value.id, cents);
  return ok(rebateView(world, p.value.id));
}

/** WithdrawRebate: at most the withdrawable rebate, to a bank account or into the cash account (a recharge). */
export function withdrawRebate(
  world: FundsWorld & GateWorld & RechargesSlice,
  input: C['WithdrawRebateRequest'],
): Result<C['RebateWithdrawal']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const destination = input.destination ?? 'bank';
  const amount = positiveAmount(input.amount, 'amount');
  if (!amount.ok) return amount;
  const available = world.rebates.balances.get(caller.value.id) ?? 0;
  if (amount.value > available) {
    return fail(
      'CONSOLE.REBATE_INSUFFICIENT',
      `The amount ${formatYuan(amount.value)} exceeds the withdrawable incentive rebate ${formatYuan(available)}.`,
    );
  }
  if (destination === 'account') {
    if (caller.value.site !== 'cn')
      return fail(
        'CONSOLE.SITE_NOT_SUPPORTED',
        'Withdrawing rebate into the cash account exists on the China site only.',
      );
    if (peekAccounts(world, caller.value.id).cash + amount.value > MAX_CASH)
      return fail('CBC.0100', 'Invalid parameter: the cash balance would exceed 2147483647.');
  }
  const pass = checkGate(world, caller.value, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  world.rebates.balances.set(caller.value.id, available - amount.value);
  if (destination === 'account') rechargePartnerCash(world, caller.value.id, amount.value, 'rebate');
  const entry: RebateWithdrawalEntry = {
    id: `RW${world.random.digits(16)}`,
    partnerId: caller.value.id,
    amount: amount.value,
    destination,
    ...(destination === 'bank'
      ? { bankName: input.bank_name!, bankAccountName: input.bank_account_name!, bankAccount: input.bank_account! }
      : {}),
    createdAt: world.clock.now(),
    seq: ++world.rebates.seq,
  };
  world.rebates.withdrawals.push(entry);
  return ok(withdrawalView(entry));
}

/** Rebate invariants: every rebate names a known partner and is a whole, non-negative number of cents. */
export function rebateInvariants(world: Parties & RechargesSlice): string[] {
  const out: string[] = [];
  for (const [id, v] of world.rebates.balances) {
    if (!world.partners.has(id)) out.push(`console: settings of unknown partner ${id}`);
    if (!Number.isSafeInteger(v) || v < 0) out.push(`console: partner ${id} rebate is ${v}`);
  }
  return out;
}
