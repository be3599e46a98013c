/**
 * How money moves between accounts: the partner side (free cash first, then credit; or back to credit in use first),
 * the customer's allocation account, and `transfer`, the one booking every allocation and reclaim goes through (an
 * adjust record and the ledger lines on both sides). The commands check first and call these last.
 */
import { addCents, type Cents, formatYuan } from '../../kernel/money.js';
import { fail } from '../../kernel/result.js';
import {
  ADJUST_TRADE,
  type AdjustOperation,
  type AdjustRecord,
  accountIdOf,
  accountsOf,
  freeCash,
  type FundsWorld,
  type Movement,
  nextSeq,
  pushBy,
  pushPartnerEntry,
  serial,
  type Trade,
} from './state.js';

/** The refusal of a transfer larger than what the paying side has (`what`: whose balance, e.g. "your allocatable amount"). */
export const insufficientBalance = (amount: Cents, what: string, available: Cents) =>
  fail('CBC.99005003', `Insufficient balance: ${formatYuan(amount)} exceeds ${what} ${formatYuan(available)}.`);

/** A transaction id like the service's (`AD…` allocation, `RE…` reclaim, `UB…` unbind): prefix, time, 8 hex. */
function newTransId(world: FundsWorld, prefix: 'AD' | 'RE' | 'UB', at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(2, 12);
  for (;;) {
    const id = `${prefix}${stamp}${world.random.hex(8)}`;
    if (!world.funds.transIds.has(id)) {
      world.funds.transIds.add(id);
      return id;
    }
  }
}

/** Takes money from a partner: free cash first, then credit (unless `cashOnly`). The caller checked the amount. */
export function takeFromPartner(world: FundsWorld, partnerId: string, amount: Cents, m: Movement, cashOnly = false) {
  const a = accountsOf(world, partnerId);
  const fromCash = cashOnly ? amount : Math.min(amount, freeCash(a));
  const fromCredit = amount - fromCash;
  if (fromCash > 0) {
    a.cash -= fromCash;
    pushPartnerEntry(world.funds, partnerId, 'BALANCE_TYPE_DEBIT', 'expense', fromCash, a.cash, m);
  }
  if (fromCredit > 0) {
    a.credit -= fromCredit;
    pushPartnerEntry(world.funds, partnerId, 'BALANCE_TYPE_CREDIT', 'expense', fromCredit, a.credit, m);
  }
}

/** Gives money to a partner: restores credit in use first, then cash (or straight to cash with `cashOnly`). */
export function giveToPartner(world: FundsWorld, partnerId: string, amount: Cents, m: Movement, cashOnly = false) {
  const a = accountsOf(world, partnerId);
  const toCredit = cashOnly ? 0 : Math.min(amount, a.creditLine - a.credit);
  const toCash = amount - toCredit;
  if (toCredit > 0) {
    a.credit += toCredit;
    pushPartnerEntry(world.funds, partnerId, 'BALANCE_TYPE_CREDIT', 'income', toCredit, a.credit, m);
  }
  if (toCash > 0) {
    a.cash += toCash;
    pushPartnerEntry(world.funds, partnerId, 'BALANCE_TYPE_DEBIT', 'income', toCash, a.cash, m);
  }
}

/** Moves money in or out of a customer's allocation account (opened on first use) and writes its ledger line. */
function moveCustomer(world: FundsWorld, customerId: string, signed: Cents, trade: Trade, tradeId: string, at: number) {
  let acc = world.funds.allocations.get(customerId);
  if (!acc) {
    acc = { id: accountIdOf(customerId, 1), customerId, balance: 0, debt: 0, openedAt: at };
    world.funds.allocations.set(customerId, acc);
  }
  acc.balance = addCents(acc.balance, signed);
  world.funds.customerLedger.push({
    id: serial(world.funds, at),
    customerId,
    tradeType: trade.tradeType,
    detailType: trade.detailType,
    at,
    tradeId,
    change: Math.abs(signed),
    balanceAfter: acc.balance,
    direction: signed > 0 ? 'income' : 'expense',
    paymentChannelId: trade.channel,
    seq: world.funds.seq,
  });
}

function record(world: FundsWorld, r: Omit<AdjustRecord, 'seq'>) {
  const entry = { ...r, seq: nextSeq(world.funds) };
  world.funds.adjustRecords.push(entry);
  pushBy(world.funds.adjustRecordsByPartner, entry.partnerId, entry);
}

const PREFIX: Record<AdjustOperation, 'AD' | 'RE' | 'UB'> = {
  SOURCE_OPERATION_BEADJUST: 'AD',
  SOURCE_OPERATION_BERETRIEVE: 'RE',
  SOURCE_OPERATION_BEUNBIND: 'UB',
};

/** One allocation or reclaim between a partner and a customer or tier-2 reseller, as its adjust record says it. */
export type Transfer = Pick<AdjustRecord, 'partnerId' | 'counterparty' | 'operationType' | 'amount'>;

/**
 * Books a transfer the caller has checked: an allocation (`BEADJUST`) takes from the partner (free cash, then
 * credit) and gives to the other side; a reclaim (`BERETRIEVE`, `BEUNBIND`) takes from the other side and gives back
 * to the partner (credit in use first, then cash). A tier-2 reseller on the other side pays and receives cash only.
 * The payer's ledger lines come first, then the payee's, then the adjust record. Returns the transaction id.
 */
export function transfer(world: FundsWorld, t: Transfer): string {
  const at = world.clock.now();
  const transId = newTransId(world, PREFIX[t.operationType], at);
  const trade = ADJUST_TRADE[t.operationType];
  const { counterparty: other, amount } = t;
  const m: Movement = { trade, at, tradeId: transId, counterpartyId: other.id, counterpartyName: other.name };
  const partnerPays = t.operationType === 'SOURCE_OPERATION_BEADJUST';
  const otherSide = () => {
    if (other.kind === 'customer') moveCustomer(world, other.id, partnerPays ? amount : -amount, trade, transId, at);
    else if (partnerPays) giveToPartner(world, other.id, amount, m, true);
    else takeFromPartner(world, other.id, amount, m, true);
  };
  if (partnerPays) {
    takeFromPartner(world, t.partnerId, amount, m);
    otherSide();
  } else {
    otherSide();
    giveToPartner(world, t.partnerId, amount, m);
  }
  record(world, { transId, partnerId: t.partnerId, counterparty: other, operationType: t.operationType, amount, at });
  return transId;
}
