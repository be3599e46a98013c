/** Wire views of the console's recharges and incentive-rebate withdrawals (control schema). */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import { toYuanNumber } from '../../kernel/money.js';
import { newestCreatedFirst } from '../../kernel/paging.js';
import type { RebateWithdrawalEntry, RechargeEntry, RechargesSlice } from './recharge-state.js';

type C = ControlComponents['schemas'];

/** One recharge as ListRecharges and RechargePartnerAccount show it. */
export function rechargeView(r: RechargeEntry): C['Recharge'] {
  return {
    recharge_id: r.id,
    partner_id: r.partnerId,
    method: r.method,
    amount: toYuanNumber(r.amount),
    status: r.status,
    contracting_entity: r.entity,
    ...(r.channel ? { payment_channel: r.channel } : {}),
    ...(r.remitter ? { remitter_account: r.remitter } : {}),
    created_at: utcSeconds(r.createdAt),
    ...(r.completedAt !== undefined ? { completed_at: utcSeconds(r.completedAt) } : {}),
  };
}

/** Bank accounts are shown by their last four digits. */
const maskAccount = (account: string) => `****${account.slice(-4)}`;

/** One rebate withdrawal; a bank account is masked. */
export function withdrawalView(w: RebateWithdrawalEntry): C['RebateWithdrawal'] {
  return {
    withdrawal_id: w.id,
    partner_id: w.partnerId,
    amount: toYuanNumber(w.amount),
    destination: w.destination,
    ...(w.bankName !== undefined ? { bank_name: w.bankName } : {}),
    ...(w.bankAccountName !== undefined ? { bank_account_name: w.bankAccountName } : {}),
    ...(w.bankAccount !== undefined ? { bank_account: maskAccount(w.bankAccount) } : {}),
    status: 'completed',
    created_at: utcSeconds(w.createdAt),
  };
}

/** A partner's rebate account: what it may withdraw and its withdrawals, newest first. */
export function rebateView(world: RechargesSlice, partnerId: string): C['RebateAccount'] {
  const mine = world.rebates.withdrawals.filter((w) => w.partnerId === partnerId).sort(newestCreatedFirst);
  return {
    partner_id: partnerId,
    withdrawable_amount: toYuanNumber(world.rebates.balances.get(partnerId) ?? 0),
    withdrawals: mine.map(withdrawalView),
  };
}
