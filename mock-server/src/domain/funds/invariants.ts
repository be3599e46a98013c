/**
 * Invariants of the funds slice, each check a function that appends what it finds wrong (domain/invariants.ts runs
 * them all after every command in the tests).
 */
import type { Cents } from '../../kernel/money.js';
import { ADJUST_TRADE, type FundsState, type FundsWorld } from './state.js';

/**
 * Invariants of the funds slice: no negative balance; money conserved to the cent (partners + customers = what was
 * put in from outside); each ledger's `balance_after_change` is its running balance and ends at the account's
 * balance; every allocation/reclaim has its adjust record and the ledger lines on both sides, and vice versa.
 */
export function fundsInvariants(world: FundsWorld): string[] {
  const out: string[] = [];
  balanceInvariants(world, out);
  indexInvariants(world.funds, out);
  partnerLedgerInvariants(world.funds, out);
  customerLedgerInvariants(world.funds, out);
  adjustRecordInvariants(world.funds, out);
  return out;
}

/** Balances are safe non-negative integers of known owners, and they add up to what was put in. */
function balanceInvariants(world: FundsWorld, out: string[]): void {
  const f = world.funds;
  let total = 0;
  for (const [id, a] of f.accounts) {
    if (!world.partners.has(id)) out.push(`funds: accounts of unknown partner ${id}`);
    for (const [k, v] of Object.entries(a))
      if (!Number.isSafeInteger(v) || v < 0) out.push(`funds: partner ${id} ${k} is ${v}`);
    if (a.credit > a.creditLine)
      out.push(`funds: partner ${id} has ${a.credit} credit available over a line of ${a.creditLine}`);
    if (a.designated > a.cash) out.push(`funds: partner ${id} designates ${a.designated} of ${a.cash} cash`);
    total += a.cash + a.credit;
  }
  for (const [id, acc] of f.allocations) {
    if (!world.customers.has(id)) out.push(`funds: allocation account of unknown customer ${id}`);
    if (!Number.isSafeInteger(acc.balance) || acc.balance < 0)
      out.push(`funds: customer ${id} allocation balance is ${acc.balance}`);
    if (acc.debt < 0) out.push(`funds: customer ${id} debt is ${acc.debt}`);
    total += acc.balance;
  }
  if (total !== f.injected) out.push(`funds: money not conserved: ${total} cents held, ${f.injected} put in`);
}

/** The by-partner indexes hold each record and ledger entry once, under its own partner. */
function indexInvariants(f: FundsState, out: string[]): void {
  const indexed = (index: Map<string, { partnerId: string }[]>, all: unknown[], what: string) => {
    let n = 0;
    for (const [id, list] of index) {
      n += list.length;
      for (const r of list) if (r.partnerId !== id) out.push(`funds: ${what} of ${r.partnerId} indexed under ${id}`);
    }
    if (n !== all.length) out.push(`funds: ${n} ${what} indexed by partner, ${all.length} in all`);
  };
  indexed(f.adjustRecordsByPartner, f.adjustRecords, 'adjust records');
  indexed(f.partnerLedgerByPartner, f.partnerLedger, 'partner ledger entries');
}

/** Running balances per (partner, account), in booking order, match each line and end at the accounts. */
function partnerLedgerInvariants(f: FundsState, out: string[]): void {
  const running = new Map<string, Cents>();
  for (const e of [...f.partnerLedger].sort((x, y) => x.seq - y.seq)) {
    const key = `${e.partnerId}/${e.balanceType}`;
    const before = running.get(key) ?? 0;
    const after = e.direction === 'income' ? before + e.change : before - e.change;
    if (!(e.change > 0)) out.push(`funds: ledger entry ${e.id} changes by ${e.change}`);
    if (e.balanceAfter !== after)
      out.push(
        `funds: ledger entry ${e.id} of ${key} shows ${e.balanceAfter} after the change, the running balance is ${after}`,
      );
    running.set(key, after);
  }
  for (const [id, a] of f.accounts) {
    if ((running.get(`${id}/BALANCE_TYPE_DEBIT`) ?? 0) !== a.cash)
      out.push(`funds: partner ${id} cash ${a.cash} ≠ ledger ${running.get(`${id}/BALANCE_TYPE_DEBIT`) ?? 0}`);
    if ((running.get(`${id}/BALANCE_TYPE_CREDIT`) ?? 0) !== a.credit)
      out.push(`funds: partner ${id} credit ${a.credit} ≠ ledger ${running.get(`${id}/BALANCE_TYPE_CREDIT`) ?? 0}`);
  }
}

/** Running balances per customer, in booking order, match each line and end at the allocation accounts. */
function customerLedgerInvariants(f: FundsState, out: string[]): void {
  const running = new Map<string, Cents>();
  for (const e of [...f.customerLedger].sort((x, y) => x.seq - y.seq)) {
    const before = running.get(e.customerId) ?? 0;
    const after = e.direction === 'income' ? before + e.change : before - e.change;
    if (e.balanceAfter !== after)
      out.push(
        `funds: customer ledger entry ${e.id} shows ${e.balanceAfter} after the change, the running balance is ${after}`,
      );
    running.set(e.customerId, after);
  }
  for (const [id, acc] of f.allocations) {
    if ((running.get(id) ?? 0) !== acc.balance)
      out.push(`funds: customer ${id} balance ${acc.balance} ≠ ledger ${running.get(id) ?? 0}`);
  }
}

const ADJUST_TRADE_TYPES = new Set<string>(Object.values(ADJUST_TRADE).map((t) => t.tradeType));

/** Every adjust record has its lines on both sides, and every adjust line its record. */
function adjustRecordInvariants(f: FundsState, out: string[]): void {
  const signedByTrade = new Map<string, Map<string, Cents>>();
  const tradeTypes = new Map<string, Set<string>>();
  for (const e of [...f.partnerLedger, ...f.customerLedger]) {
    if (!e.tradeId || !ADJUST_TRADE_TYPES.has(e.tradeType)) continue;
    const party = 'partnerId' in e ? `partner:${e.partnerId}` : `customer:${e.customerId}`;
    const lines = signedByTrade.get(e.tradeId) ?? new Map<string, Cents>();
    lines.set(party, (lines.get(party) ?? 0) + (e.direction === 'income' ? e.change : -e.change));
    signedByTrade.set(e.tradeId, lines);
    tradeTypes.set(e.tradeId, (tradeTypes.get(e.tradeId) ?? new Set()).add(e.tradeType));
  }
  const recorded = new Set<string>();
  for (const r of f.adjustRecords) {
    recorded.add(r.transId);
    const lines = signedByTrade.get(r.transId) ?? new Map<string, Cents>();
    const partnerSign = r.operationType === 'SOURCE_OPERATION_BEADJUST' ? -1 : 1;
    const partnerSide = `partner:${r.partnerId}`;
    const other = `${r.counterparty.kind === 'customer' ? 'customer' : 'partner'}:${r.counterparty.id}`;
    if ((lines.get(partnerSide) ?? 0) !== partnerSign * r.amount)
      out.push(
        `funds: ${r.transId} moves ${r.amount} but the ledger of partner ${r.partnerId} shows ${lines.get(partnerSide) ?? 0}`,
      );
    if ((lines.get(other) ?? 0) !== -partnerSign * r.amount)
      out.push(`funds: ${r.transId} moves ${r.amount} but the ledger of ${other} shows ${lines.get(other) ?? 0}`);
    if (lines.size !== 2) out.push(`funds: ${r.transId} has ledger lines for ${[...lines.keys()].join(', ')}`);
    const types = [...(tradeTypes.get(r.transId) ?? [])];
    if (types.some((t) => t !== ADJUST_TRADE[r.operationType].tradeType))
      out.push(`funds: ${r.transId} is ${r.operationType} but its ledger lines are ${types.join(', ')}`);
  }
  for (const tradeId of signedByTrade.keys())
    if (!recorded.has(tradeId)) out.push(`funds: ledger lines of ${tradeId} have no adjust record`);
}
