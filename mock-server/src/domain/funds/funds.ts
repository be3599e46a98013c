/**
 * Funds (reference §2.C) and tier-2 resellers (§2.D): partner balances, allocation (拨款) to reseller-model customers,
 * reclaim (回收), reseller funding and reclaim, adjust records and the income/expense ledgers of partners and
 * customers.
 *
 * Money model. Each partner has a cash account (with an earmarked "designated" part that cannot be allocated) and a
 * credit account (a credit line and the credit still available). What can be allocated now (the virtual account
 * type 8) is cash − designated + available credit. Allocation draws on free cash first, then credit; money that
 * comes back (reclaims) first restores credit in use, then cash. Reseller funding lands in the reseller's cash.
 * A reseller-model (代售) customer gets a partner-allocation account on its first allocation.
 *
 * Bookkeeping. Every movement writes one adjust record (allocation BEADJUST, reclaim BERETRIEVE, unbind reclaim
 * BEUNBIND) and ledger entries on both sides, each with the balance after the change; console-only changes (set
 * through the control surface: recharge, write-off, credit line) write ledger entries only. Money enters or leaves
 * the system only through those control changes, which `injected` tracks, so conservation is checkable to the cent.
 *
 * Every command checks everything first and mutates last: a refused call changes nothing.
 */
import type { CnComponents, CnOperations, IntlOperations } from '@partner-center/sdk';
import { gmt8Date, utcSeconds } from '../../kernel/clock.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { addCents, formatYuan, parseAmount, positiveAmount, toYuanNumber, type Cents } from '../../kernel/money.js';
import { newestFirst, page } from '../../kernel/paging.js';
import {
  actingPartner,
  type Customer,
  isSubCustomerOf,
  notYourReseller,
  type Partner,
  type Parties,
} from '../../kernel/parties.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface FundsSlice {
  /** Partner and customer balances, adjust records and ledgers. */
  funds: FundsState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type FundsWorld = Parties & FundsSlice;

type S = CnComponents['schemas'];
type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type BalanceType = 'BALANCE_TYPE_DEBIT' | 'BALANCE_TYPE_CREDIT';
export type AdjustOperation = 'SOURCE_OPERATION_BEADJUST' | 'SOURCE_OPERATION_BERETRIEVE' | 'SOURCE_OPERATION_BEUNBIND';

/** A partner's accounts, in cents. */
export interface PartnerAccounts {
  /** Cash account (account type 1). */
  cash: Cents;
  /** Earmarked part of the cash (专款专用), not allocatable. */
  designated: Cents;
  /** Credit line (`credit_amount` of account type 2). */
  creditLine: Cents;
  /** Credit still available (`amount` of account type 2); the credit in use is `creditLine − credit`. */
  credit: Cents;
}

/** A customer's partner-allocation account (伙伴拨款账户), opened by its first allocation. */
export interface AllocationAccount {
  id: string;
  customerId: string;
  balance: Cents;
  debt: Cents;
  openedAt: number;
}

/** One allocation, reclaim or unbind reclaim, for a customer or a tier-2 reseller. */
export interface AdjustRecord {
  transId: string;
  /** The partner whose balance paid or received: the acting partner (a reseller when a distributor acted for it). */
  partnerId: string;
  /** The customer, or (reseller funding) the tier-2 reseller, on the other side. */
  counterparty: { kind: 'customer' | 'reseller'; id: string; name: string };
  operationType: AdjustOperation;
  amount: Cents;
  at: number;
  seq: number;
}

/** Trade types of the ledgers, with their detailed (wire) type. Upstream typos (`OPERAIION`) are deliberate. */
const TRADES = {
  allocate: { tradeType: 'BEADJUST', detailType: 'SOURCE_OPERATION_BEADJUST', channel: '11' },
  reclaim: { tradeType: 'BERETRIEVE', detailType: 'SOURCE_OPERATION_BERETRIEVE', channel: '11' },
  unbind: { tradeType: 'BEUNBIND', detailType: 'SOURCE_OPERATION_BEUNBIND', channel: '10' },
  recharge: { tradeType: 'RECHARGE', detailType: 'SOURCE_OPERAIION_RECHARGE', channel: '2' },
  onlineRecharge: { tradeType: 'RECHARGE', detailType: 'SOURCE_OPERAIION_RECHARGE', channel: '4' },
  rebateRecharge: { tradeType: 'RECHARGE', detailType: 'SOURCE_OPERAIION_RECHARGE_REBATE', channel: '7' },
  writeOff: { tradeType: 'ADJUST', detailType: 'SOURCE_OPERAIION_ADJUST', channel: '11' },
  creditLine: { tradeType: 'ADJUST', detailType: 'SOURCE_OPERAIION_ADJUST_CREDIT', channel: '11' },
} as const;
type Trade = (typeof TRADES)[keyof typeof TRADES];

const ADJUST_TRADE: Record<AdjustOperation, Trade> = {
  SOURCE_OPERATION_BEADJUST: TRADES.allocate,
  SOURCE_OPERATION_BERETRIEVE: TRADES.reclaim,
  SOURCE_OPERATION_BEUNBIND: TRADES.unbind,
};

interface LedgerEntryBase {
  id: string;
  tradeType: string;
  detailType: string;
  at: number;
  tradeId?: string;
  /** Always positive; `direction` gives the sign. */
  change: Cents;
  balanceAfter: Cents;
  direction: 'income' | 'expense';
  seq: number;
}

/** One line of a partner's ledger (收支明细). */
export interface PartnerLedgerEntry extends LedgerEntryBase {
  partnerId: string;
  balanceType: BalanceType;
  counterpartyId?: string;
  counterpartyName?: string;
}

/** One line of a customer's ledger (its allocation account; always the cash account). */
export interface CustomerLedgerEntry extends LedgerEntryBase {
  customerId: string;
  paymentChannelId: string;
  tradeId: string;
}

/** The funds slice of the world. */
export interface FundsState {
  accounts: Map<string, PartnerAccounts>;
  allocations: Map<string, AllocationAccount>;
  adjustRecords: AdjustRecord[];
  /** The same records by partner, so one partner's listing doesn't scan everyone's. */
  adjustRecordsByPartner: Map<string, AdjustRecord[]>;
  partnerLedger: PartnerLedgerEntry[];
  /** The same entries by partner. */
  partnerLedgerByPartner: Map<string, PartnerLedgerEntry[]>;
  customerLedger: CustomerLedgerEntry[];
  /** Net money put into the system from outside (seed and control changes), in cents. */
  injected: Cents;
  /** When the world was seeded: the association time of the seeded tier-2 resellers. */
  seededAt: number;
  seq: number;
  transIds: Set<string>;
}

/** Opening balances of a seeded partner, by site and role (yuan amounts as cents). */
export function defaultPartnerFunds(p: Partner): { cash: Cents; creditLine: Cents; designated: Cents } {
  if (p.site !== 'cn') return { cash: 0, creditLine: 0, designated: 0 };
  switch (p.role) {
    case 'solution_provider':
      return { cash: 100_000_00, creditLine: 0, designated: 0 };
    case 'distributor':
      return { cash: 500_000_00, creditLine: 200_000_00, designated: 0 };
    case 'reseller':
      return { cash: 0, creditLine: 0, designated: 0 };
  }
}

/** The funds slice of a new world: each partner opens with its default balances, booked as a recharge. */
export function createFundsState(partners: Partner[], now: number): FundsState {
  const funds: FundsState = {
    accounts: new Map(),
    allocations: new Map(),
    adjustRecords: [],
    adjustRecordsByPartner: new Map(),
    partnerLedger: [],
    partnerLedgerByPartner: new Map(),
    customerLedger: [],
    injected: 0,
    seededAt: now,
    seq: 0,
    transIds: new Set(),
  };
  for (const p of partners) {
    const seed = defaultPartnerFunds(p);
    const a: PartnerAccounts = { cash: 0, designated: 0, creditLine: 0, credit: 0 };
    funds.accounts.set(p.id, a);
    if (seed.cash > 0) {
      a.cash = seed.cash;
      pushPartnerEntry(funds, p.id, 'BALANCE_TYPE_DEBIT', 'income', seed.cash, a.cash, {
        trade: TRADES.recharge,
        at: now,
      });
    }
    if (seed.creditLine > 0) {
      a.creditLine = seed.creditLine;
      a.credit = seed.creditLine;
      pushPartnerEntry(funds, p.id, 'BALANCE_TYPE_CREDIT', 'income', seed.creditLine, a.credit, {
        trade: TRADES.creditLine,
        at: now,
      });
    }
    a.designated = seed.designated;
    funds.injected = addCents(funds.injected, a.cash, a.credit);
  }
  return funds;
}

// ---- helpers ---------------------------------------------------------------------------------------------------

const ZERO: Readonly<PartnerAccounts> = Object.freeze({ cash: 0, designated: 0, creditLine: 0, credit: 0 });

/** The partner's accounts for reading (all zero for a partner the seed did not know); never changes the state. */
export function peekAccounts(world: FundsWorld, partnerId: string): Readonly<PartnerAccounts> {
  return world.funds.accounts.get(partnerId) ?? ZERO;
}

/** The partner's accounts for writing, opened (at zero) when missing. */
function accountsOf(world: FundsWorld, partnerId: string): PartnerAccounts {
  let a = world.funds.accounts.get(partnerId);
  if (!a) {
    a = { cash: 0, designated: 0, creditLine: 0, credit: 0 };
    world.funds.accounts.set(partnerId, a);
  }
  return a;
}

/** What can be allocated now (account type 8). */
export const allocatable = (a: Readonly<PartnerAccounts>): Cents => Math.max(0, a.cash - a.designated) + a.credit;

/** Cash beyond the designated amount. */
const freeCash = (a: Readonly<PartnerAccounts>): Cents => Math.max(0, a.cash - a.designated);

/** `YYYY-MM-DD` of an instant in GMT+8, as the ledgers' date filters count days. */

/** The same calendar day one year earlier (string order is date order, so Feb 29 needs no correction). */
const yearBefore = (date: string): string => `${String(Number(date.slice(0, 4)) - 1).padStart(4, '0')}${date.slice(4)}`;

function accountIdOf(ownerId: string, type: number): string {
  return `${ownerId.slice(0, 30)}0${type}`;
}

function nextSeq(funds: FundsState): number {
  return ++funds.seq;
}

function serial(funds: FundsState, at: number): string {
  return `${gmt8Date(at).replace(/-/g, '')}${String(nextSeq(funds)).padStart(12, '0')}`;
}

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

interface Movement {
  trade: Trade;
  at: number;
  tradeId?: string;
  counterpartyId?: string;
  counterpartyName?: string;
}

function pushPartnerEntry(
  funds: FundsState,
  partnerId: string,
  balanceType: BalanceType,
  direction: 'income' | 'expense',
  change: Cents,
  balanceAfter: Cents,
  m: Movement,
) {
  const entry: PartnerLedgerEntry = {
    id: serial(funds, m.at),
    partnerId,
    balanceType,
    tradeType: m.trade.tradeType,
    detailType: m.trade.detailType,
    at: m.at,
    ...(m.tradeId ? { tradeId: m.tradeId } : {}),
    change,
    balanceAfter,
    direction,
    ...(m.counterpartyId ? { counterpartyId: m.counterpartyId } : {}),
    ...(m.counterpartyName ? { counterpartyName: m.counterpartyName } : {}),
    seq: funds.seq,
  };
  funds.partnerLedger.push(entry);
  pushBy(funds.partnerLedgerByPartner, partnerId, entry);
}

/** Takes money from a partner: free cash first, then credit (unless `cashOnly`). The caller checked the amount. */
function takeFromPartner(world: FundsWorld, partnerId: string, amount: Cents, m: Movement, cashOnly = false) {
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
function giveToPartner(world: FundsWorld, partnerId: string, amount: Cents, m: Movement, cashOnly = false) {
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
function moveCustomer(world: FundsWorld, customer: Customer, signed: Cents, trade: Trade, tradeId: string, at: number) {
  let acc = world.funds.allocations.get(customer.id);
  if (!acc) {
    acc = { id: accountIdOf(customer.id, 1), customerId: customer.id, balance: 0, debt: 0, openedAt: at };
    world.funds.allocations.set(customer.id, acc);
  }
  acc.balance = addCents(acc.balance, signed);
  world.funds.customerLedger.push({
    id: serial(world.funds, at),
    customerId: customer.id,
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

function pushBy<T>(index: Map<string, T[]>, key: string, item: T) {
  const list = index.get(key);
  if (list) list.push(item);
  else index.set(key, [item]);
}

/** The acting partner's reseller-model customer, or the documented refusal. */
function fundableCustomer(world: FundsWorld, owner: Partner, customerId: string): Result<Customer> {
  const c = world.customers.get(customerId);
  if (!isSubCustomerOf(world, c, owner))
    return fail('CBC.99000035', `Customer ${customerId} is not a sub-customer of partner ${owner.id}.`);
  if (c.associationType !== '2') {
    return fail(
      'CBC.5021',
      `Customer ${customerId} is associated in the ${c.associationType === '1' ? 'referral (顾问销售)' : 'resale (转售)'} model; funds can only be allocated to or reclaimed from reseller-model (代售) customers.`,
    );
  }
  return ok(c);
}

// ---- C1 ListPartnerBalances ------------------------------------------------------------------------------------

function balancesView(owner: Partner, a: Readonly<PartnerAccounts>): S['AccountBalanceV2'][] {
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

/** ListPartnerBalances: the acting partner's cash, credit and allocatable accounts. */
export function listPartnerBalances(
  world: FundsWorld,
  caller: Partner,
  q: Query<CnOperations['ListPartnerBalances']>,
): Result<S['ListPartnerBalancesResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  return ok({ account_balances: balancesView(owner, peekAccounts(world, owner.id)) });
}

// ---- C2 ListCustomersBalancesDetail --------------------------------------------------------------------------

/** ListCustomersBalancesDetail: balances of the acting partner's reseller-model customers among the ids. */
export function listCustomerBalances(
  world: FundsWorld,
  caller: Partner,
  body: S['ListCustomersBalancesDetailRequest'],
): Result<S['ListCustomersBalancesDetailResponse']> {
  const owner = actingPartner(world, caller, body.indirect_partner_id);
  if (!owner) return notYourReseller(body.indirect_partner_id);
  const ids = [...new Set(body.customer_infos.map((i) => i.customer_id))];
  const customers: Customer[] = [];
  for (const id of ids) {
    const c = world.customers.get(id);
    if (!isSubCustomerOf(world, c, owner))
      return fail('CBC.99000035', `Customer ${id} is not a sub-customer of partner ${owner.id}.`);
    customers.push(c);
  }
  return ok({
    customer_balances: customers
      .filter((c) => c.associationType === '2')
      .map((c) => {
        const acc = world.funds.allocations.get(c.id);
        return {
          customer_id: c.id,
          amount: toYuanNumber(acc?.balance ?? 0),
          debt_amount: toYuanNumber(acc?.debt ?? 0),
          currency: 'CNY',
          measure_id: 1 as const,
        };
      }),
  });
}

// ---- C3 UpdateCustomerAccountAmount / C4 ReclaimToPartnerAccount ---------------------------------------------

/** The checks allocation and reclaim share: a non-sandbox caller, the acting partner, its 代售 customer, the amount. */
function movementRequest(
  world: FundsWorld,
  caller: Partner,
  body: { customer_id: string; amount: number | string; indirect_partner_id?: string | null },
): Result<{ owner: Partner; customer: Customer; amount: Cents }> {
  if (caller.sandbox) return fail('CBC.99005035', 'Sandbox partner accounts cannot use this API.');
  const owner = actingPartner(world, caller, body.indirect_partner_id);
  if (!owner) return notYourReseller(body.indirect_partner_id);
  const customer = fundableCustomer(world, owner, body.customer_id);
  if (!customer.ok) return customer;
  const amount = positiveAmount(body.amount);
  if (!amount.ok) return amount;
  return ok({ owner, customer: customer.value, amount: amount.value });
}

/** UpdateCustomerAccountAmount: allocate from the acting partner's allocatable balance to a 代售 customer. */
export function allocateToCustomer(
  world: FundsWorld,
  caller: Partner,
  body: S['AdjustAccountRequest'],
): Result<S['AdjustAccountResponse']> {
  const req = movementRequest(world, caller, body);
  if (!req.ok) return req;
  const { owner, customer: c, amount } = req.value;
  const a = peekAccounts(world, owner.id);
  if (amount > allocatable(a)) {
    const who = owner === caller ? 'your' : `tier-2 reseller ${owner.id}'s`;
    return fail(
      'CBC.99005003',
      `Insufficient balance: ${formatYuan(amount)} exceeds ${who} allocatable amount ${formatYuan(allocatable(a))}.`,
    );
  }

  const at = world.clock.now();
  const transId = newTransId(world, 'AD', at);
  takeFromPartner(world, owner.id, amount, {
    trade: TRADES.allocate,
    at,
    tradeId: transId,
    counterpartyId: c.id,
    counterpartyName: c.accountName,
  });
  moveCustomer(world, c, amount, TRADES.allocate, transId, at);
  record(world, {
    transId,
    partnerId: owner.id,
    counterparty: { kind: 'customer', id: c.id, name: c.accountName },
    operationType: 'SOURCE_OPERATION_BEADJUST',
    amount,
    at,
  });
  return ok({ transfer_id: transId });
}

/** ReclaimToPartnerAccount: take part (or all) of a 代售 customer's allocated balance back to the acting partner. */
export function reclaimFromCustomer(
  world: FundsWorld,
  caller: Partner,
  body: S['ReclaimToPartnerAccountRequest'],
): Result<S['ReclaimToPartnerAccountResponse']> {
  const req = movementRequest(world, caller, body);
  if (!req.ok) return req;
  const { owner, customer: c, amount } = req.value;
  const acc = world.funds.allocations.get(body.customer_id);
  if (!acc)
    return fail(
      'CBC.99000047',
      `Customer ${body.customer_id} has no partner-allocation account yet: nothing was ever allocated to it.`,
    );
  if (amount > acc.balance) {
    return fail(
      'CBC.99005003',
      `Insufficient balance: ${formatYuan(amount)} exceeds the customer's reclaimable balance ${formatYuan(acc.balance)}.`,
    );
  }

  const at = world.clock.now();
  const transId = newTransId(world, 'RE', at);
  moveCustomer(world, c, -amount, TRADES.reclaim, transId, at);
  giveToPartner(world, owner.id, amount, {
    trade: TRADES.reclaim,
    at,
    tradeId: transId,
    counterpartyId: c.id,
    counterpartyName: c.accountName,
  });
  record(world, {
    transId,
    partnerId: owner.id,
    counterparty: { kind: 'customer', id: c.id, name: c.accountName },
    operationType: 'SOURCE_OPERATION_BERETRIEVE',
    amount,
    at,
  });
  return ok({ trans_id: transId });
}

/**
 * The automatic reclaim when a customer is disassociated or switches association type (no API of its own): the
 * whole allocated balance returns to the partner the customer is associated with (its reseller, for a reseller's
 * customer), as a `SOURCE_OPERATION_BEUNBIND` adjust record. Call it before changing the association. Nothing is
 * recorded when there is nothing to reclaim (no allocation account, or a zero balance).
 */
export function reclaimOnUnbind(
  world: FundsWorld,
  customerId: string,
): Result<{ transId: string; amount: Cents } | undefined> {
  const c = world.customers.get(customerId);
  if (!c) return fail('CBC.5002', `Customer ${customerId} does not exist.`);
  if (!world.partners.has(c.partnerId))
    return fail('CBC.0999', `Customer ${customerId} is associated with unknown partner ${c.partnerId}.`);
  const acc = world.funds.allocations.get(customerId);
  if (!acc || acc.balance === 0) return ok(undefined);

  const amount = acc.balance;
  const at = world.clock.now();
  const transId = newTransId(world, 'UB', at);
  moveCustomer(world, c, -amount, TRADES.unbind, transId, at);
  giveToPartner(world, c.partnerId, amount, {
    trade: TRADES.unbind,
    at,
    tradeId: transId,
    counterpartyId: c.id,
    counterpartyName: c.accountName,
  });
  record(world, {
    transId,
    partnerId: c.partnerId,
    counterparty: { kind: 'customer', id: c.id, name: c.accountName },
    operationType: 'SOURCE_OPERATION_BEUNBIND',
    amount,
    at,
  });
  return ok({ transId, amount });
}

// ---- C5 ListPartnerAdjustRecords -------------------------------------------------------------------------------

/** ListPartnerAdjustRecords: the acting partner's allocation/reclaim records, newest first, filtered, one page. */
export function listAdjustRecords(
  world: FundsWorld,
  caller: Partner,
  q: Query<CnOperations['ListPartnerAdjustRecords']>,
): Result<S['ListPartnerAdjustRecordsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const begin = q.operation_time_begin ? Date.parse(q.operation_time_begin) : undefined;
  const end = q.operation_time_end ? Date.parse(q.operation_time_end) : undefined;
  const matches = (world.funds.adjustRecordsByPartner.get(owner.id) ?? [])
    .filter((r) => !q.customer_id || r.counterparty.id === q.customer_id)
    .filter((r) => !q.operation_type || r.operationType === q.operation_type)
    .filter((r) => !q.trans_id || r.transId === q.trans_id)
    .filter((r) => {
      // Compared at second precision, as the times are shown.
      const at = Math.floor(r.at / 1000) * 1000;
      return (begin === undefined || at >= begin) && (end === undefined || at <= end);
    })
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    records: page(matches, q.offset, q.limit).map((r) => ({
      customer_id: r.counterparty.id,
      customer_name: r.counterparty.name,
      operation_type: r.operationType,
      amount: formatYuan(r.amount),
      currency: 'CNY',
      operation_time: utcSeconds(r.at),
      measure_id: 1 as const,
      trans_id: r.transId,
    })),
  });
}

// ---- C6 ListPartnerAccountChangeRecords ------------------------------------------------------------------------

function dayRange(world: FundsWorld, begin: string | undefined, end: string | undefined) {
  const today = gmt8Date(world.clock.now());
  return { from: begin || yearBefore(today), to: end || today };
}

/** ListPartnerAccountChangeRecords: the acting partner's ledger of one account, newest first, one page. */
export function listPartnerLedger(
  world: FundsWorld,
  caller: Partner,
  q: Query<CnOperations['ListPartnerAccountChangeRecords']>,
): Result<S['ListPartnerAccountChangeRecordsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const { from, to } = dayRange(world, q.trade_time_begin, q.trade_time_end);
  const matches = (world.funds.partnerLedgerByPartner.get(owner.id) ?? [])
    .filter((e) => e.balanceType === q.balance_type)
    .filter((e) => !q.trade_type || e.tradeType === q.trade_type)
    .filter((e) => {
      const day = gmt8Date(e.at);
      return day >= from && day <= to;
    })
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    currency: 'CNY',
    records: page(matches, q.offset, q.limit).map((e) => ({
      account_change_id: e.id,
      trade_detail_type: e.detailType,
      trade_time: utcSeconds(e.at),
      ...(e.tradeId ? { trade_id: e.tradeId } : {}),
      change_amount: formatYuan(e.change),
      balance_after_change: formatYuan(e.balanceAfter),
      type: e.direction === 'income' ? ('1' as const) : ('2' as const),
      ...(e.counterpartyId ? { customer_id: e.counterpartyId } : {}),
      ...(e.counterpartyName ? { account_name: e.counterpartyName } : {}),
    })),
  });
}

// ---- C7 customer side --------------------------------------------------------------------------------------------

/** ShowCustomerAccountBalances (customer token): the customer's cash account (its allocation balance). */
export function showCustomerBalances(
  world: FundsWorld,
  customer: Customer,
): Result<S['ShowCustomerAccountBalancesResponse']> {
  if (customer.associationType === '3')
    return fail('CBC.99000049', `Customer ${customer.id} is a resale (转售) sub-customer and has no account balance.`);
  const currency = customer.site === 'intl' ? 'USD' : 'CNY';
  const acc = world.funds.allocations.get(customer.id);
  return ok({
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
  });
}

/** ListCustomerAccountChangeRecords (customer token): the customer's ledger, newest first, one page. */
export function listCustomerLedger(
  world: FundsWorld,
  customer: Customer,
  q: Query<CnOperations['ListCustomerAccountChangeRecords']>,
): Result<S['ListCustomerAccountChangeRecordsResponse']> {
  if (world.settings.refusePartnerCustomerLedger && customer.associationType !== '1') {
    return fail(
      'CBC.99000084',
      `This operation is not supported for partners' reseller-model customers such as ${customer.id}.`,
    );
  }
  const { from, to } = dayRange(world, q.trade_time_begin, q.trade_time_end);
  const channels = q.payment_channel_id ? new Set(q.payment_channel_id.split(',')) : undefined;
  const matches = world.funds.customerLedger
    .filter((e) => e.customerId === customer.id && q.balance_type === 'BALANCE_TYPE_DEBIT')
    .filter(
      (e) => !q.revenue_expense_type || (e.direction === 'income' ? 'REVENUE' : 'EXPENSE') === q.revenue_expense_type,
    )
    .filter((e) => !q.trade_type || e.tradeType === q.trade_type)
    .filter((e) => !q.trade_id || e.tradeId === q.trade_id)
    .filter((e) => !channels || channels.has(e.paymentChannelId))
    .filter((e) => !q.payment_channel_no || e.tradeId === q.payment_channel_no)
    .filter((e) => {
      const day = gmt8Date(e.at);
      return day >= from && day <= to;
    })
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    currency: customer.site === 'intl' ? 'USD' : 'CNY',
    records: page(matches, q.offset, q.limit).map((e) => ({
      account_change_id: e.id,
      trade_detail_type: e.detailType,
      trade_time: utcSeconds(e.at),
      trade_id: e.tradeId,
      change_amount: formatYuan(e.change),
      balance_after_change: formatYuan(e.balanceAfter),
      revenue_expense_type: e.direction === 'income' ? ('REVENUE' as const) : ('EXPENSE' as const),
      bill_cycle: gmt8Date(e.at).slice(0, 7),
      payment_channel_id: e.paymentChannelId,
      payment_channel_no: e.tradeId,
      account_name: customer.accountName,
    })),
  });
}

// ---- D1 ListIndirectPartners --------------------------------------------------------------------------------------

const distributorOnly = (caller: Partner, operation: string) =>
  fail(
    'CBC.0151',
    `Access denied: ${operation} is for tier-1 distributors only; partner ${caller.id} is a ${caller.role.replace('_', ' ')}.`,
  );

type ListIndirectPartnersBody =
  | S['ListIndirectPartnersRequest']
  | NonNullable<IntlOperations['ListIndirectPartners']['requestBody']>['content']['application/json'];

/** ListIndirectPartners: the calling distributor's tier-2 resellers, filtered, one page. */
export function listIndirectPartners(
  world: FundsWorld,
  caller: Partner,
  body: ListIndirectPartnersBody,
): Result<S['ListIndirectPartnersResponse']> {
  if (caller.role !== 'distributor') return distributorOnly(caller, 'ListIndirectPartners');
  const begin = body.associated_on_begin ? Date.parse(body.associated_on_begin) : undefined;
  const end = body.associated_on_end ? Date.parse(body.associated_on_end) : undefined;
  const associatedAt = Math.floor(world.funds.seededAt / 1000) * 1000;
  const matches = [...world.partners.values()]
    .filter((p) => p.role === 'reseller' && p.parentId === caller.id)
    .filter((p) => !body.indirect_partner_id || p.id === body.indirect_partner_id)
    .filter((p) => !body.account_name || p.iamDomain === body.account_name)
    .filter(() => (begin === undefined || associatedAt >= begin) && (end === undefined || associatedAt <= end))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return ok({
    count: matches.length,
    indirect_partners: page(matches, body.offset, body.limit).map((p) => ({
      indirect_partner_id: p.id,
      account_name: p.iamDomain,
      name: p.name,
      associated_on: utcSeconds(associatedAt),
    })),
  });
}

// ---- D2 UpdateIndirectPartnerAccount / D3 ReclaimIndirectPartnerAccount -----------------------------------------

function resellerOf(world: FundsWorld, caller: Partner, id: string): Result<Partner> {
  const reseller = actingPartner(world, caller, id);
  if (!reseller || reseller === caller) return notYourReseller(id);
  return ok(reseller);
}

/** UpdateIndirectPartnerAccount: fund a tier-2 reseller's cash account from the distributor's allocatable balance. */
export function fundReseller(
  world: FundsWorld,
  caller: Partner,
  body: S['AdjustToIndirectPartnerRequest'],
): Result<S['AdjustToIndirectPartnerResponse']> {
  if (caller.role !== 'distributor') return distributorOnly(caller, 'UpdateIndirectPartnerAccount');
  if (caller.sandbox) return fail('CBC.99005035', 'Sandbox partner accounts cannot use this API.');
  const reseller = resellerOf(world, caller, body.indirect_partner_id);
  if (!reseller.ok) return reseller;
  const amount = positiveAmount(body.amount);
  if (!amount.ok) return amount;
  const a = peekAccounts(world, caller.id);
  if (amount.value > allocatable(a)) {
    return fail(
      'CBC.99005003',
      `Insufficient balance: ${formatYuan(amount.value)} exceeds your allocatable amount ${formatYuan(allocatable(a))}.`,
    );
  }

  const r = reseller.value;
  const at = world.clock.now();
  const transId = newTransId(world, 'AD', at);
  const m = { trade: TRADES.allocate, at, tradeId: transId, counterpartyId: r.id, counterpartyName: r.iamDomain };
  takeFromPartner(world, caller.id, amount.value, m);
  giveToPartner(world, r.id, amount.value, m, true);
  record(world, {
    transId,
    partnerId: caller.id,
    counterparty: { kind: 'reseller', id: r.id, name: r.iamDomain },
    operationType: 'SOURCE_OPERATION_BEADJUST',
    amount: amount.value,
    at,
  });
  return ok({ transfer_id: transId });
}

/** ReclaimIndirectPartnerAccount: take part of a tier-2 reseller's free cash back to the distributor. */
export function reclaimFromReseller(
  world: FundsWorld,
  caller: Partner,
  body: S['ReclaimIndirectPartnerAccountRequest'],
): Result<S['ReclaimIndirectPartnerAccountResponse']> {
  if (caller.role !== 'distributor') return distributorOnly(caller, 'ReclaimIndirectPartnerAccount');
  if (caller.sandbox) return fail('CBC.99005035', 'Sandbox partner accounts cannot use this API.');
  const reseller = resellerOf(world, caller, body.indirect_partner_id);
  if (!reseller.ok) return reseller;
  const amount = positiveAmount(body.amount);
  if (!amount.ok) return amount;
  const r = reseller.value;
  const ra = peekAccounts(world, r.id);
  if (amount.value > freeCash(ra)) {
    return fail(
      'CBC.99005003',
      `Insufficient balance: ${formatYuan(amount.value)} exceeds tier-2 reseller ${r.id}'s reclaimable balance ${formatYuan(freeCash(ra))}.`,
    );
  }

  const at = world.clock.now();
  const transId = newTransId(world, 'RE', at);
  const m = { trade: TRADES.reclaim, at, tradeId: transId, counterpartyId: r.id, counterpartyName: r.iamDomain };
  takeFromPartner(world, r.id, amount.value, m, true);
  giveToPartner(world, caller.id, amount.value, m);
  record(world, {
    transId,
    partnerId: caller.id,
    counterparty: { kind: 'reseller', id: r.id, name: r.iamDomain },
    operationType: 'SOURCE_OPERATION_BERETRIEVE',
    amount: amount.value,
    at,
  });
  return ok({ trans_id: transId });
}

// ---- control: console-only balance changes ----------------------------------------------------------------------

/** What the control surface may set on a partner's accounts (yuan; numbers or numeric strings, ≥ 0). */
export interface PartnerFundsChange {
  partner_id: string;
  cash_amount?: number | string;
  credit_amount?: number | string;
  designated_amount?: number | string;
}

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

/** A partner's accounts as the control surface shows them (yuan). */
export interface PartnerFundsView {
  partner_id: string;
  cash_amount: number;
  designated_amount: number;
  credit_amount: number;
  credit_available: number;
  allocatable_amount: number;
}

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

/**
 * Sets a partner's cash balance, credit line and/or designated amount, as recharges, write-offs and credit changes
 * in the console would (a later issue models recharge itself). Cash changes are booked as `RECHARGE` (up) or
 * `ADJUST` (down) on the cash ledger, credit-line changes as `ADJUST` / `SOURCE_OPERAIION_ADJUST_CREDIT` on the
 * credit ledger; the credit in use is kept, so the line cannot go below it.
 */
export function setPartnerFunds(world: FundsWorld, change: PartnerFundsChange): Result<PartnerFundsView> {
  const partner = world.partners.get(change.partner_id);
  if (!partner) return fail('CBC.0100', `Unknown partner ${change.partner_id}.`);
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

  const current = peekAccounts(world, partner.id);
  const newCash = cash.value ?? current.cash;
  const newLine = line.value ?? current.creditLine;
  const used = current.creditLine - current.credit;
  if (newLine < used)
    return fail('CBC.0100', `The credit line cannot go below the credit in use (${formatYuan(used)}).`);
  const newDesignated = designated.value ?? current.designated;
  if (newDesignated > newCash)
    return fail(
      'CBC.0100',
      `The designated amount ${formatYuan(newDesignated)} exceeds the cash balance ${formatYuan(newCash)}.`,
    );

  const a = accountsOf(world, partner.id);
  const at = world.clock.now();
  const cashDelta = newCash - a.cash;
  const creditDelta = newLine - used - a.credit;
  if (cashDelta !== 0) {
    a.cash = newCash;
    pushPartnerEntry(
      world.funds,
      partner.id,
      'BALANCE_TYPE_DEBIT',
      cashDelta > 0 ? 'income' : 'expense',
      Math.abs(cashDelta),
      a.cash,
      { trade: cashDelta > 0 ? TRADES.recharge : TRADES.writeOff, at },
    );
  }
  a.creditLine = newLine;
  if (creditDelta !== 0) {
    a.credit = newLine - used;
    pushPartnerEntry(
      world.funds,
      partner.id,
      'BALANCE_TYPE_CREDIT',
      creditDelta > 0 ? 'income' : 'expense',
      Math.abs(creditDelta),
      a.credit,
      { trade: TRADES.creditLine, at },
    );
  }
  a.designated = newDesignated;
  world.funds.injected = addCents(world.funds.injected, cashDelta, creditDelta);
  return ok(partnerFundsView(world, partner.id));
}

// ---- invariants ---------------------------------------------------------------------------------------------------

/**
 * Invariants of the funds slice: no negative balance; money conserved to the cent (partners + customers = what was
 * put in from outside); each ledger's `balance_after_change` is its running balance and ends at the account's
 * balance; every allocation/reclaim has its adjust record and the ledger lines on both sides, and vice versa.
 */
export function fundsInvariants(world: FundsWorld): string[] {
  const out: string[] = [];
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

  // Running balances, per (partner, account) and per customer, in booking order.
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
  const customerRunning = new Map<string, Cents>();
  for (const e of [...f.customerLedger].sort((x, y) => x.seq - y.seq)) {
    const before = customerRunning.get(e.customerId) ?? 0;
    const after = e.direction === 'income' ? before + e.change : before - e.change;
    if (e.balanceAfter !== after)
      out.push(
        `funds: customer ledger entry ${e.id} shows ${e.balanceAfter} after the change, the running balance is ${after}`,
      );
    customerRunning.set(e.customerId, after);
  }
  for (const [id, acc] of f.allocations) {
    if ((customerRunning.get(id) ?? 0) !== acc.balance)
      out.push(`funds: customer ${id} balance ${acc.balance} ≠ ledger ${customerRunning.get(id) ?? 0}`);
  }

  // Every adjust record has its lines on both sides, and every adjust line its record.
  const signedByTrade = new Map<string, Map<string, Cents>>();
  const add = (tradeId: string, party: string, signed: Cents) => {
    const m = signedByTrade.get(tradeId) ?? new Map<string, Cents>();
    m.set(party, (m.get(party) ?? 0) + signed);
    signedByTrade.set(tradeId, m);
  };
  const adjustTrades = new Set(['BEADJUST', 'BERETRIEVE', 'BEUNBIND']);
  const tradeTypes = new Map<string, Set<string>>();
  for (const e of [...f.partnerLedger, ...f.customerLedger]) {
    if (!e.tradeId || !adjustTrades.has(e.tradeType)) continue;
    add(
      e.tradeId,
      'partnerId' in e ? `partner:${e.partnerId}` : `customer:${e.customerId}`,
      e.direction === 'income' ? e.change : -e.change,
    );
    tradeTypes.set(e.tradeId, (tradeTypes.get(e.tradeId) ?? new Set()).add(e.tradeType));
  }
  const recorded = new Set<string>();
  for (const r of f.adjustRecords) {
    recorded.add(r.transId);
    const lines = signedByTrade.get(r.transId) ?? new Map<string, Cents>();
    const payerSign = r.operationType === 'SOURCE_OPERATION_BEADJUST' ? -1 : 1;
    const other = `${r.counterparty.kind === 'customer' ? 'customer' : 'partner'}:${r.counterparty.id}`;
    if ((lines.get(`partner:${r.partnerId}`) ?? 0) !== payerSign * r.amount)
      out.push(
        `funds: ${r.transId} moves ${r.amount} but the ledger of partner ${r.partnerId} shows ${lines.get(`partner:${r.partnerId}`) ?? 0}`,
      );
    if ((lines.get(other) ?? 0) !== -payerSign * r.amount)
      out.push(`funds: ${r.transId} moves ${r.amount} but the ledger of ${other} shows ${lines.get(other) ?? 0}`);
    if (lines.size !== 2) out.push(`funds: ${r.transId} has ledger lines for ${[...lines.keys()].join(', ')}`);
    const types = [...(tradeTypes.get(r.transId) ?? [])];
    if (types.some((t) => t !== ADJUST_TRADE[r.operationType].tradeType))
      out.push(`funds: ${r.transId} is ${r.operationType} but its ledger lines are ${types.join(', ')}`);
  }
  for (const tradeId of signedByTrade.keys())
    if (!recorded.has(tradeId)) out.push(`funds: ledger lines of ${tradeId} have no adjust record`);
  return out;
}
