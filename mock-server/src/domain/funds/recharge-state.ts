/**
 * What the console's money-in operations keep: recharges (online payment or offline remittance) and the incentive
 * rebate each partner may withdraw, with its withdrawals. The cash itself moves through the partner's accounts
 * (funds.ts: `rechargePartnerCash`), so the ledger shows every recharge.
 */
import type { Cents } from '../../kernel/money.js';
import type { ContractingEntity, RechargeMethod } from '../partners/index.js';

export interface RechargeEntry {
  id: string;
  partnerId: string;
  method: RechargeMethod;
  amount: Cents;
  status: 'pending' | 'completed';
  entity: ContractingEntity;
  channel?: string;
  remitter?: string;
  createdAt: number;
  completedAt?: number;
  seq: number;
}

export interface RebateWithdrawalEntry {
  id: string;
  partnerId: string;
  amount: Cents;
  destination: 'bank' | 'account';
  bankName?: string;
  bankAccountName?: string;
  bankAccount?: string;
  createdAt: number;
  seq: number;
}

/** What recharges and rebates keep in a tenant's World (domain/world.ts assembles them all). */
export interface RechargesSlice {
  /** Recharges, oldest first. */
  recharges: { entries: RechargeEntry[]; seq: number };
  /** Withdrawable incentive rebate per partner, and the withdrawals, oldest first. */
  rebates: { balances: Map<string, Cents>; withdrawals: RebateWithdrawalEntry[]; seq: number };
}

export function createRecharges(): RechargesSlice {
  return { recharges: { entries: [], seq: 0 }, rebates: { balances: new Map(), withdrawals: [], seq: 0 } };
}

/** The largest cash balance the control surface can express (yuan 2147483647). */
export const MAX_CASH: Cents = 2_147_483_647_00;
