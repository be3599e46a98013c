/**
 * The wire forms of the funds slice: balances, adjust records, ledger lines and tier-2 resellers as the operations
 * answer them (typed by the generated schemas), and a partner's accounts as the control surface shows them.
 */
import type { CnComponents } from '@partner-center/sdk';
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { billCycle, utcSeconds } from '../../kernel/clock.js';
import { formatYuan, toYuanNumber } from '../../kernel/money.js';
import type { Customer, Partner } from '../../kernel/parties.js';
import {
  accountIdOf,
  type AdjustRecord,
  type AllocationAccount,
  allocatable,
  type CustomerLedgerEntry,
  type FundsWorld,
  type PartnerAccounts,
  type PartnerLedgerEntry,
  peekAccounts,
} from './state.js';

type S = CnComponents['schemas'];
type C = ControlComponents['schemas'];

/** A partner's cash, credit and allocatable accounts (ListPartnerBalances). */
export function balancesView(owner: Partner, a: Readonly<PartnerAccounts>): S['AccountBalanceV2'][] {
  return [
    {
      account_id: accountIdOf(owner.id, 1),
      account_type: 1,
      amount: toYuanNumber(a.cash),
      currency: 'CNY',
      designated_amount: toYuanNumber(a.designated),
      measure_id: 1,
    },
    {
      account_id: accountIdOf(owner.id, 2),
      account_type: 2,
      amount: toYuanNumber(a.credit),
      currency: 'CNY',
      designated_amount: 0,
      credit_amount: toYuanNumber(a.creditLine),
      measure_id: 1,
    },
    {
      account_id: accountIdOf(owner.id, 8),
      account_type: 8,
      amount: toYuanNumber(allocatable(a)),
      currency: 'CNY',
      measure_id: 1,
    },
  ];
}

/** A reseller-model customer's allocation balance as its partner sees it (ListCustomersBalancesDetail). */
export function customerBalanceView(c: Customer, acc: AllocationAccount | undefined): S['CustomerBalancesV2'] {
  return {
    customer_id: c.id,
    amount: toYuanNumber(acc?.balance ?? 0),
    debt_amount: toYuanNumber(acc?.debt ?? 0),
    currency: 'CNY',
    measure_id: 1,
  };
}

/** A customer's own cash account, its allocation balance (ShowCustomerAccountBalances). */
export function ownBalancesView(
  customer: Customer,
  acc: AllocationAccount | undefined,
): S['ShowCustomerAccountBalancesResponse'] {
  const currency = customer.site === 'intl' ? 'USD' : 'CNY';
  return {
    account_balances: [
      {
        account_id: acc?.id ?? accountIdOf(customer.id, 1),
        account_type: 1,
        amount: toYuanNumber(acc?.balance ?? 0),
        currency,
        designated_amount: 0,
        measure_id: 1,
      },
    ],
    debt_amount: toYuanNumber(acc?.debt ?? 0),
    measure_id: 1,
    currency,
  };
}

/** An allocation or reclaim record (ListPartnerAdjustRecords). */
export function adjustRecordView(r: AdjustRecord): S['AdjustRecordV3'] {
  return {
    customer_id: r.counterparty.id,
    customer_name: r.counterparty.name,
    operation_type: r.operationType,
    amount: formatYuan(r.amount),
    currency: 'CNY',
    operation_time: utcSeconds(r.at),
    measure_id: 1,
    trans_id: r.transId,
  };
}

/** A line of a partner's ledger (ListPartnerAccountChangeRecords). */
export function partnerLedgerView(e: PartnerLedgerEntry): S['AccountChangeRecord'] {
  return {
    account_change_id: e.id,
    trade_detail_type: e.detailType,
    trade_time: utcSeconds(e.at),
    ...(e.tradeId ? { trade_id: e.tradeId } : {}),
    change_amount: formatYuan(e.change),
    balance_after_change: formatYuan(e.balanceAfter),
    type: e.direction === 'income' ? '1' : '2',
    ...(e.counterpartyId ? { customer_id: e.counterpartyId } : {}),
    ...(e.counterpartyName ? { account_name: e.counterpartyName } : {}),
  };
}

/** A line of a customer's own ledger (ListCustomerAccountChangeRecords). */
export function customerLedgerView(customer: Customer, e: CustomerLedgerEntry): S['CustomerAccountChangeRecord'] {
  return {
    account_change_id: e.id,
    trade_detail_type: e.detailType,
    trade_time: utcSeconds(e.at),
    trade_id: e.tradeId,
    change_amount: formatYuan(e.change),
    balance_after_change: formatYuan(e.balanceAfter),
    revenue_expense_type: e.direction === 'income' ? 'REVENUE' : 'EXPENSE',
    bill_cycle: billCycle(e.at),
    payment_channel_id: e.paymentChannelId,
    payment_channel_no: e.tradeId,
    account_name: customer.accountName,
  };
}

/** A tier-2 reseller of the calling distributor (ListIndirectPartners). */
export function indirectPartnerView(p: Partner, associatedAt: number): S['IndirectPartnerInfo'] {
  return {
    indirect_partner_id: p.id,
    account_name: p.iamDomain,
    name: p.name,
    associated_on: utcSeconds(associatedAt),
  };
}

/** A partner's accounts as the control surface shows them (yuan). */
export type PartnerFundsView = C['PartnerFunds'];

/** A partner's accounts as the control surface shows them (SetPartnerFunds answers it). */
export function partnerFundsView(world: FundsWorld, partnerId: string): PartnerFundsView {
  const a = peekAccounts(world, partnerId);
  return {
    partner_id: partnerId,
    cash_amount: toYuanNumber(a.cash),
    designated_amount: toYuanNumber(a.designated),
    credit_amount: toYuanNumber(a.creditLine),
    credit_available: toYuanNumber(a.credit),
    allocatable_amount: toYuanNumber(allocatable(a)),
  };
}
