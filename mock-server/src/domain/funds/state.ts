/**
 * Funds (reference §2.C) and tier-2 resellers (§2.D): partner balances, allocation (拨款) to reseller-model customers,
 * reclaim (回收), reseller funding and reclaim, adjust records and the income/expense ledgers of partners and
 * customers. This file holds the slice's state and its ledger primitives; the commands, queries, views and
 * invariants live beside it.
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
import { gmt8Date } from '../../kernel/clock.js';
import { addCents, type Cents } from '../../kernel/money.js';
import type { Partner, Parties } from '../../kernel/parties.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface FundsSlice {
  /** Partner and customer balances, adjust records and ledgers. */
  funds: FundsState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type FundsWorld = Parties & FundsSlice;

/** The account a partner ledger line is on: cash (`DEBIT`) or credit. */
export type BalanceType = 'BALANCE_TYPE_DEBIT' | 'BALANCE_TYPE_CREDIT';
/** An adjust record's operation: allocation, reclaim, or the automatic reclaim when a customer leaves. */
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
export const TRADES = {
  allocate: { tradeType: 'BEADJUST', detailType: 'SOURCE_OPERATION_BEADJUST', channel: '11' },
  reclaim: { tradeType: 'BERETRIEVE', detailType: 'SOURCE_OPERATION_BERETRIEVE', channel: '11' },
  unbind: { tradeType: 'BEUNBIND', detailType: 'SOURCE_OPERATION_BEUNBIND', channel: '10' },
  recharge: { tradeType: 'RECHARGE', detailType: 'SOURCE_OPERAIION_RECHARGE', channel: '2' },
  onlineRecharge: { tradeType: 'RECHARGE', detailType: 'SOURCE_OPERAIION_RECHARGE', channel: '4' },
  rebateRecharge: { tradeType: 'RECHARGE', detailType: 'SOURCE_OPERAIION_RECHARGE_REBATE', channel: '7' },
  writeOff: { tradeType: 'ADJUST', detailType: 'SOURCE_OPERAIION_ADJUST', channel: '11' },
  creditLine: { tradeType: 'ADJUST', detailType: 'SOURCE_OPERAIION_ADJUST_CREDIT', channel: '11' },
} as const;

/** One trade type of the ledgers (a value of {@link TRADES}). */
export type Trade = (typeof TRADES)[keyof typeof TRADES];

/** The ledger trade of each adjust record's operation type. */
export const ADJUST_TRADE: Record<AdjustOperation, Trade> = {
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

// ---- accounts ----------------------------------------------------------------------------------------------------

const ZERO: Readonly<PartnerAccounts> = Object.freeze({ cash: 0, designated: 0, creditLine: 0, credit: 0 });

/** The partner's accounts for reading (all zero for a partner the seed did not know); never changes the state. */
export function peekAccounts(world: FundsWorld, partnerId: string): Readonly<PartnerAccounts> {
  return world.funds.accounts.get(partnerId) ?? ZERO;
}

/** The partner's accounts for writing, opened (at zero) when missing. */
export function accountsOf(world: FundsWorld, partnerId: string): PartnerAccounts {
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
export const freeCash = (a: Readonly<PartnerAccounts>): Cents => Math.max(0, a.cash - a.designated);

/** The id of an owner's account of a type (1 cash, 2 credit, 8 allocatable), as the service forms it. */
export function accountIdOf(ownerId: string, type: number): string {
  return `${ownerId.slice(0, 30)}0${type}`;
}

// ---- ledger primitives -------------------------------------------------------------------------------------------

/** The next number of the slice's booking sequence. */
export function nextSeq(funds: FundsState): number {
  return ++funds.seq;
}

/** A ledger entry id: the GMT+8 date and the booking sequence (taking the next number). */
export function serial(funds: FundsState, at: number): string {
  return `${gmt8Date(at).replace(/-/g, '')}${String(nextSeq(funds)).padStart(12, '0')}`;
}

/** What a partner ledger line says beyond the amounts: its trade, its time and the other side. */
export interface Movement {
  trade: Trade;
  at: number;
  tradeId?: string;
  counterpartyId?: string;
  counterpartyName?: string;
}

/** Appends one line to a partner's ledger (and its index); the caller already changed the balance. */
export function pushPartnerEntry(
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

/** Appends an item to the list of its key in an index. */
export function pushBy<T>(index: Map<string, T[]>, key: string, item: T) {
  const list = index.get(key);
  if (list) list.push(item);
  else index.set(key, [item]);
}
