/**
 * The association lifecycle (seed capabilities 8–10, reference §3 and §4 transition 8), a console-only feature with
 * effects through the real API. Association types: China `1` referral (顾问销售) and `2` reseller model (代售);
 * international `1` referral and `3` resale (转售).
 *
 * Events are operation records (关联关系操作记录): `associate`, `switch_type` and `disassociate`, each with an initiator
 * (partner or customer), a status (pending → approved | rejected | cancelled), reasons and times.
 * - A partner asks to switch a customer's type; the customer consents or refuses.
 * - A partner applies to disassociate a customer; the customer accepts or refuses. A customer asks to end the
 *   association; the partner approves or rejects.
 * - A partner invites an unassociated account (for example a disassociated one); the account accepts or refuses.
 * - The initiator may cancel a pending request; a customer has at most one pending request at a time.
 * Preconditions from the console help (arrears, unpaid orders) are checked when a request is made and again when the
 * change takes effect.
 *
 * An approved switch or disassociation, in its mutation phase: the allocated balance comes back to the partner
 * (funds: `BEUNBIND`), partner coupons are reclaimed (coupons: record type 3 on disassociation, 8 on a switch),
 * pickup coupons go back to their quotas, a budget is removed (budgets: `DELETE` record) and a partner's or budget
 * freeze is lifted. Then the customer's type and association time change (switch), or the customer leaves the
 * partner (`partnerId` = ''): it disappears from ListSubCustomers and fund and coupon operations answer CBC.99000035.
 *
 * Customers created through CreateSubCustomer have an implicit `associate` record (pending until the asynchronous
 * association completes, then approved), derived when read; the first change writes it down. Reads never change
 * the state.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { deleteBudgetOnDisassociation } from '../budgets/index.js';
import { utcSeconds } from '../../kernel/clock.js';
import {
  checkGate,
  consoleOwner,
  consolePartner,
  passGate,
  returnCustomerPickupCoupons,
  type GatePass,
} from '../console/index.js';
import { reclaimCustomerCoupons } from '../coupons/index.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { unfreezeCustomer } from '../freeze/index.js';
import { reclaimOnUnbind } from '../funds/index.js';
import { formatYuan, parseAmount, toYuanNumber, type Cents } from '../../kernel/money.js';
import { assignCustomerPartner, type Customer, type Parties, type Partner, type Site } from '../../kernel/parties.js';
import type { BudgetsSlice } from '../budgets/index.js';
import type { CodesSlice } from '../codes/index.js';
import type { ConsoleSlice } from '../console/index.js';
import type { CouponsSlice } from '../coupons/index.js';
import type { FreezeSlice } from '../freeze/index.js';
import type { FundsSlice } from '../funds/index.js';
import type { QuotasSlice } from '../quotas/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface AssociationsSlice {
  /** Association operation records and the customers' standing. */
  associations: AssociationState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type AssociationsWorld = Parties &
  AssociationsSlice &
  BudgetsSlice &
  CodesSlice &
  ConsoleSlice &
  CouponsSlice &
  FreezeSlice &
  FundsSlice &
  QuotasSlice;

type C = ControlComponents['schemas'];

export type AssociationType = Customer['associationType'];
export type AssociationOperation = 'associate' | 'switch_type' | 'disassociate';
export type AssociationStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

/** What an approved switch or disassociation did. */
export interface AssociationEffects {
  unbindTransId?: string;
  reclaimed: Cents;
  coupons: { couponId: string; kind: 'partner_coupon' | 'pickup_coupon'; amount: Cents }[];
  budgetDeleted: boolean;
  unfrozen: boolean;
}

/** One association operation record. */
export interface AssociationEvent {
  id: string;
  /** The partner of the association (the inviting partner for an invitation). */
  partnerId: string;
  customerId: string;
  accountName: string;
  operation: AssociationOperation;
  initiator: 'partner' | 'customer';
  status: AssociationStatus;
  /** The type when the request was made (for `associate`: the type asked for). */
  type: AssociationType;
  /** `switch_type`: the type asked for. */
  targetType?: AssociationType;
  reason?: string;
  decisionReason?: string;
  createdAt: number;
  decidedAt?: number;
  effects?: AssociationEffects;
  /** Order of the written events; 0 for the association of a customer created through CreateSubCustomer. */
  seq: number;
}

/** What Huawei billing knows about a customer that matters for the preconditions. */
export interface CustomerStanding {
  arrears: Cents;
  unpaidOrders: number;
}

/** The association slice of the world. */
export interface AssociationState {
  events: AssociationEvent[];
  /** Customers whose current association has a written-down `associate` record. */
  explicit: Set<string>;
  standing: Map<string, CustomerStanding>;
  seq: number;
}

export function createAssociationState(): AssociationState {
  return { events: [], explicit: new Set(), standing: new Map(), seq: 0 };
}

/** The association types of each site. */
export const SITE_TYPES: Record<Site, readonly AssociationType[]> = { cn: ['1', '2'], intl: ['1', '3'] };
const DEFAULT_TYPE: Record<Site, AssociationType> = { cn: '2', intl: '3' };
const TYPE_NAME: Record<AssociationType, string> = {
  '1': 'referral (顾问销售)',
  '2': 'reseller model (代售)',
  '3': 'resale (转售)',
};

// ---- records ------------------------------------------------------------------------------------------------------

/** The id of a customer's implicit `associate` record. */
const implicitId = (customerId: string) => `AR${customerId.slice(0, 30)}`;

/** The implicit `associate` record of a customer created through CreateSubCustomer, as of `now`. */
function implicitRecord(c: Customer, now: number): AssociationEvent {
  const done = c.associatedAt <= now;
  return {
    id: implicitId(c.id),
    partnerId: c.partnerId,
    customerId: c.id,
    accountName: c.accountName,
    operation: 'associate',
    initiator: 'partner',
    status: done ? 'approved' : 'pending',
    type: c.associationType,
    createdAt: c.createdAt,
    ...(done ? { decidedAt: c.associatedAt } : {}),
    seq: 0,
  };
}

/** Every record as of now: the written ones and the implicit ones of untouched customers. */
function allRecords(world: AssociationsWorld): AssociationEvent[] {
  const now = world.clock.now();
  const implicit = [...world.customers.values()]
    .filter((c) => c.partnerId !== '' && !world.associations.explicit.has(c.id))
    .map((c) => implicitRecord(c, now));
  return [...world.associations.events, ...implicit];
}

function findRecord(world: AssociationsWorld, id: string): AssociationEvent | undefined {
  const written = world.associations.events.find((e) => e.id === id);
  if (written) return written;
  const c = [...world.customers.values()].find(
    (x) => x.partnerId !== '' && !world.associations.explicit.has(x.id) && implicitId(x.id) === id,
  );
  return c ? implicitRecord(c, world.clock.now()) : undefined;
}

/**
 * Writes down a customer's implicit `associate` record before its association changes. It keeps sequence 0, as it
 * happened before any written event of the customer.
 */
function makeExplicit(world: AssociationsWorld, c: Customer): void {
  if (world.associations.explicit.has(c.id) || c.partnerId === '') return;
  world.associations.events.push(implicitRecord(c, world.clock.now()));
  world.associations.explicit.add(c.id);
}

function newRecordId(world: AssociationsWorld): string {
  for (;;) {
    const id = `AR${world.random.hex(30)}`;
    if (
      !world.associations.events.some((e) => e.id === id) &&
      ![...world.customers.keys()].some((cid) => implicitId(cid) === id)
    )
      return id;
  }
}

function recordView(e: AssociationEvent): C['AssociationRecord'] {
  return {
    record_id: e.id,
    partner_id: e.partnerId,
    customer_id: e.customerId,
    account_name: e.accountName,
    operation_type: e.operation,
    initiator: e.initiator,
    status: e.status,
    association_type: e.type,
    ...(e.targetType !== undefined ? { target_association_type: e.targetType } : {}),
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    ...(e.decisionReason !== undefined ? { decision_reason: e.decisionReason } : {}),
    created_at: utcSeconds(e.createdAt),
    ...(e.decidedAt !== undefined ? { decided_at: utcSeconds(e.decidedAt) } : {}),
    ...(e.effects
      ? {
          effects: {
            ...(e.effects.unbindTransId !== undefined ? { unbind_trans_id: e.effects.unbindTransId } : {}),
            reclaimed_amount: toYuanNumber(e.effects.reclaimed),
            reclaimed_coupons: e.effects.coupons.map((k) => ({
              coupon_id: k.couponId,
              kind: k.kind,
              amount: toYuanNumber(k.amount),
            })),
            budget_deleted: e.effects.budgetDeleted,
            unfrozen: e.effects.unfrozen,
          },
        }
      : {}),
  };
}

type ListQuery = {
  partner_id: string;
  indirect_partner_id?: string;
  customer_id?: string;
  operation_type?: AssociationOperation;
  initiator?: 'partner' | 'customer';
  status?: AssociationStatus;
  created_begin?: string;
  created_end?: string;
  offset?: number;
  limit?: number;
};

/** ListAssociationRecords: the acting partner's records, filtered, newest first, one page. */
export function listRecords(world: AssociationsWorld, q: ListQuery): Result<C['AssociationRecords']> {
  const caller = consolePartner(world, q.partner_id);
  if (!caller.ok) return caller;
  const owner = consoleOwner(world, caller.value, q.indirect_partner_id);
  if (!owner.ok) return owner;
  const begin = q.created_begin ? Date.parse(q.created_begin) : undefined;
  const end = q.created_end ? Date.parse(q.created_end) : undefined;
  const matches = allRecords(world)
    .filter((e) => e.partnerId === owner.value.id)
    .filter((e) => q.customer_id === undefined || e.customerId === q.customer_id)
    .filter((e) => q.operation_type === undefined || e.operation === q.operation_type)
    .filter((e) => q.initiator === undefined || e.initiator === q.initiator)
    .filter((e) => q.status === undefined || e.status === q.status)
    .filter((e) => {
      const at = Math.floor(e.createdAt / 1000) * 1000;
      return (begin === undefined || at >= begin) && (end === undefined || at <= end);
    })
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq || (a.id < b.id ? -1 : 1));
  const offset = q.offset ?? 0;
  return ok({ total_count: matches.length, records: matches.slice(offset, offset + (q.limit ?? 10)).map(recordView) });
}

// ---- preconditions ------------------------------------------------------------------------------------------------

export function standingOf(world: AssociationsWorld, customerId: string): CustomerStanding {
  return world.associations.standing.get(customerId) ?? { arrears: 0, unpaidOrders: 0 };
}

/** The console-help preconditions of a disassociation or switch: no arrears, no unpaid orders. */
function preconditions(world: AssociationsWorld, c: Customer): Result<void> {
  const s = standingOf(world, c.id);
  // Arrears Huawei billing reports, and any debt on the customer's partner-allocation account.
  const arrears = Math.max(s.arrears, world.funds.allocations.get(c.id)?.debt ?? 0);
  if (arrears > 0)
    return fail(
      'CONSOLE.ARREARS',
      `Customer ${c.id} has arrears of ${formatYuan(arrears)}; they must be repaid before the association can change.`,
    );
  if (s.unpaidOrders > 0) {
    return fail(
      'CONSOLE.UNPAID_ORDERS',
      `Customer ${c.id} has ${s.unpaidOrders} unpaid order(s); they must be paid or cancelled before the association can change.`,
    );
  }
  return ok(undefined);
}

/** SetCustomerStanding: fields left out keep their value. */
export function setStanding(
  world: AssociationsWorld,
  input: C['SetCustomerStandingRequest'],
): Result<C['CustomerStanding']> {
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);
  const current = standingOf(world, c.id);
  let arrears = current.arrears;
  if (input.arrears_amount !== undefined) {
    const cents = parseAmount(input.arrears_amount);
    if (cents === undefined)
      return fail(
        'CBC.0100',
        `Invalid parameter: arrears_amount ${JSON.stringify(input.arrears_amount)} is not an amount.`,
      );
    arrears = cents;
  }
  const next = { arrears, unpaidOrders: input.unpaid_orders ?? current.unpaidOrders };
  world.associations.standing.set(c.id, next);
  return ok({ customer_id: c.id, arrears_amount: toYuanNumber(next.arrears), unpaid_orders: next.unpaidOrders });
}

// ---- requests -----------------------------------------------------------------------------------------------------

const notSubCustomer = (id: string, owner: Partner) =>
  fail('CBC.99000035', `Customer ${id} is not a sub-customer of partner ${owner.id}.`);

function pendingOf(world: AssociationsWorld, customerId: string): AssociationEvent | undefined {
  return world.associations.events.find((e) => e.customerId === customerId && e.status === 'pending');
}

/** The checks every request on an existing association shares. */
function changeable(world: AssociationsWorld, c: Customer): Result<void> {
  if (c.associatedAt > world.clock.now())
    return fail(
      'CONSOLE.ASSOCIATION_INCOMPLETE',
      `The association of customer ${c.id} completes at ${utcSeconds(c.associatedAt)}.`,
    );
  const pending = pendingOf(world, c.id);
  if (pending)
    return fail(
      'CONSOLE.REQUEST_PENDING',
      `Customer ${c.id} already has a pending ${pending.operation} request (${pending.id}).`,
    );
  return preconditions(world, c);
}

/** The partner's own sub-customer, with the console partner and the acting partner. */
function partnerSide(
  world: AssociationsWorld,
  partnerId: string,
  indirect: string | undefined,
  customerId: string,
): Result<{ caller: Partner; owner: Partner; customer: Customer }> {
  const caller = consolePartner(world, partnerId);
  if (!caller.ok) return caller;
  const owner = consoleOwner(world, caller.value, indirect);
  if (!owner.ok) return owner;
  const c = world.customers.get(customerId);
  if (!c || c.partnerId !== owner.value.id) return notSubCustomer(customerId, owner.value);
  return ok({ caller: caller.value, owner: owner.value, customer: c });
}

function push(
  world: AssociationsWorld,
  e: Omit<AssociationEvent, 'id' | 'seq' | 'createdAt' | 'accountName' | 'status'>,
  c: Customer,
): AssociationEvent {
  const event: AssociationEvent = {
    ...e,
    id: newRecordId(world),
    accountName: c.accountName,
    status: 'pending',
    createdAt: world.clock.now(),
    seq: ++world.associations.seq,
  };
  world.associations.events.push(event);
  return event;
}

/** RequestAssociationTypeSwitch: a pending switch the customer must consent to. */
export function requestSwitch(
  world: AssociationsWorld,
  input: C['SwitchAssociationTypeRequest'],
): Result<C['AssociationRecord']> {
  const side = partnerSide(world, input.partner_id, input.indirect_partner_id, input.customer_id);
  if (!side.ok) return side;
  const { caller, owner, customer: c } = side.value;
  if (!SITE_TYPES[c.site].includes(input.association_type)) {
    return fail(
      'CONSOLE.TYPE_NOT_ON_SITE',
      `Association type ${input.association_type} does not exist on the ${c.site === 'cn' ? 'China' : 'international'} site (types ${SITE_TYPES[c.site].join(', ')}).`,
    );
  }
  if (input.association_type === c.associationType)
    return fail('CONSOLE.SAME_TYPE', `Customer ${c.id} is already a ${TYPE_NAME[c.associationType]} customer.`);
  const ready = changeable(world, c);
  if (!ready.ok) return ready;
  const pass = checkGate(world, caller, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const e = push(
    world,
    {
      partnerId: owner.id,
      customerId: c.id,
      operation: 'switch_type',
      initiator: 'partner',
      type: c.associationType,
      targetType: input.association_type,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
    c,
  );
  return ok(recordView(e));
}

/** RequestDisassociation: the partner applies; the customer accepts or refuses. */
export function requestDisassociation(
  world: AssociationsWorld,
  input: C['PartnerDisassociationRequest'],
): Result<C['AssociationRecord']> {
  const side = partnerSide(world, input.partner_id, input.indirect_partner_id, input.customer_id);
  if (!side.ok) return side;
  const { caller, owner, customer: c } = side.value;
  const ready = changeable(world, c);
  if (!ready.ok) return ready;
  const pass = checkGate(world, caller, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const e = push(
    world,
    {
      partnerId: owner.id,
      customerId: c.id,
      operation: 'disassociate',
      initiator: 'partner',
      type: c.associationType,
      reason: input.reason,
    },
    c,
  );
  return ok(recordView(e));
}

/** RequestDisassociationAsCustomer: the customer asks; its partner approves or rejects. */
export function requestDisassociationAsCustomer(
  world: AssociationsWorld,
  input: C['CustomerDisassociationRequest'],
): Result<C['AssociationRecord']> {
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);
  if (c.partnerId === '') return fail('CONSOLE.NOT_ASSOCIATED', `Account ${c.id} is not associated with any partner.`);
  const ready = changeable(world, c);
  if (!ready.ok) return ready;
  const e = push(
    world,
    {
      partnerId: c.partnerId,
      customerId: c.id,
      operation: 'disassociate',
      initiator: 'customer',
      type: c.associationType,
      reason: input.reason,
    },
    c,
  );
  return ok(recordView(e));
}

/** InviteAssociation: a partner invites an account no partner is associated with. */
export function inviteAssociation(
  world: AssociationsWorld,
  input: C['InviteAssociationRequest'],
): Result<C['AssociationRecord']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const owner = consoleOwner(world, caller.value, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);
  if (c.partnerId !== '')
    return fail(
      'CONSOLE.ALREADY_ASSOCIATED',
      `Account ${c.id} is already associated with ${c.partnerId === owner.value.id ? 'you' : 'another partner'}.`,
    );
  if (c.site !== owner.value.site)
    return fail(
      'CONSOLE.SITE_NOT_SUPPORTED',
      `Account ${c.id} is on the ${c.site} site; partner ${owner.value.id} is on the ${owner.value.site} site.`,
    );
  const type = input.association_type ?? DEFAULT_TYPE[c.site];
  if (!SITE_TYPES[c.site].includes(type))
    return fail('CONSOLE.TYPE_NOT_ON_SITE', `Association type ${type} does not exist on the customer's site.`);
  const pending = pendingOf(world, c.id);
  if (pending)
    return fail(
      'CONSOLE.REQUEST_PENDING',
      `Account ${c.id} already has a pending ${pending.operation} request (${pending.id}).`,
    );
  const e = push(
    world,
    {
      partnerId: owner.value.id,
      customerId: c.id,
      operation: 'associate',
      initiator: 'partner',
      type,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
    c,
  );
  return ok(recordView(e));
}

// ---- decisions ----------------------------------------------------------------------------------------------------

/** The pending record a decision or cancellation is about. */
function pendingRecord(world: AssociationsWorld, id: string): Result<AssociationEvent> {
  const e = findRecord(world, id);
  if (!e) return fail('CONSOLE.RECORD_NOT_FOUND', `No association record ${id}.`);
  if (e.status !== 'pending') return fail('CONSOLE.RECORD_NOT_PENDING', `Record ${id} is already ${e.status}.`);
  if (!world.associations.events.includes(e))
    return fail(
      'CONSOLE.NOT_RESPONDENT',
      `Record ${id} is the asynchronous association of a new customer; it completes on its own.`,
    );
  return ok(e);
}

/** The checks of an approval, before anything changes. */
function approvable(world: AssociationsWorld, e: AssociationEvent): Result<Customer> {
  const c = world.customers.get(e.customerId)!;
  if (e.operation === 'associate') {
    if (c.partnerId !== '')
      return fail('CONSOLE.ALREADY_ASSOCIATED', `Account ${c.id} is already associated with a partner.`);
    if (!world.partners.has(e.partnerId)) return fail('CBC.0100', `Partner ${e.partnerId} no longer exists.`);
    return ok(c);
  }
  const checked = preconditions(world, c);
  return checked.ok ? ok(c) : checked;
}

/** Applies an approved request and its side effects (mutation phase: every check has passed). */
function apply(world: AssociationsWorld, e: AssociationEvent, c: Customer): void {
  const now = world.clock.now();
  if (e.operation === 'associate') {
    assignCustomerPartner(world, c, e.partnerId);
    c.associationType = e.type;
    c.associatedAt = now;
    world.associations.explicit.add(c.id);
    return;
  }
  makeExplicit(world, c);
  const effects: AssociationEffects = { reclaimed: 0, coupons: [], budgetDeleted: false, unfrozen: false };
  const unbind = reclaimOnUnbind(world, c.id);
  if (unbind.ok && unbind.value) {
    effects.unbindTransId = unbind.value.transId;
    effects.reclaimed = unbind.value.amount;
  }
  const couponType = e.operation === 'disassociate' ? '3' : '8';
  for (const k of reclaimCustomerCoupons(world, c.id, couponType))
    effects.coupons.push({ couponId: k.coupon_id, kind: 'partner_coupon', amount: k.amount });
  const pickupReason = e.operation === 'disassociate' ? 'disassociation' : 'type_switch';
  for (const k of returnCustomerPickupCoupons(world, c.id, pickupReason))
    effects.coupons.push({ couponId: k.coupon_id, kind: 'pickup_coupon', amount: k.amount });
  effects.budgetDeleted = deleteBudgetOnDisassociation(world, c.id);
  if (world.freezes.has(c.id) || c.isFrozen !== 0) {
    unfreezeCustomer(world, c.id);
    effects.unfrozen = true;
  }
  e.effects = effects;
  if (e.operation === 'switch_type') {
    c.associationType = e.targetType!;
    c.associatedAt = now;
  } else {
    assignCustomerPartner(world, c, '');
    world.associations.explicit.delete(c.id);
  }
}

function decide(
  world: AssociationsWorld,
  e: AssociationEvent,
  c: Customer | undefined,
  decision: 'approve' | 'reject',
  reason: string | undefined,
): C['AssociationRecord'] {
  if (decision === 'approve') apply(world, e, c!);
  e.status = decision === 'approve' ? 'approved' : 'rejected';
  e.decidedAt = world.clock.now();
  if (reason !== undefined) e.decisionReason = reason;
  return recordView(e);
}

/** DecideAssociationAsCustomer: the customer answers a partner's request. */
export function decideAsCustomer(
  world: AssociationsWorld,
  input: C['CustomerDecisionRequest'],
): Result<C['AssociationRecord']> {
  const rec = pendingRecord(world, input.record_id);
  if (!rec.ok) return rec;
  const e = rec.value;
  if (e.customerId !== input.customer_id || e.initiator !== 'partner') {
    return fail(
      'CONSOLE.NOT_RESPONDENT',
      `Record ${e.id} is answered by ${e.initiator === 'partner' ? `customer ${e.customerId}` : `partner ${e.partnerId}`}.`,
    );
  }
  let c: Customer | undefined;
  if (input.decision === 'approve') {
    const checked = approvable(world, e);
    if (!checked.ok) return checked;
    c = checked.value;
  }
  return ok(decide(world, e, c, input.decision, input.reason));
}

/** DecideAssociationAsPartner: the partner answers a customer's disassociation request. */
export function decideAsPartner(
  world: AssociationsWorld,
  input: C['PartnerDecisionRequest'],
): Result<C['AssociationRecord']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const owner = consoleOwner(world, caller.value, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const rec = pendingRecord(world, input.record_id);
  if (!rec.ok) return rec;
  const e = rec.value;
  if (e.partnerId !== owner.value.id || e.initiator !== 'customer') {
    return fail(
      'CONSOLE.NOT_RESPONDENT',
      `Record ${e.id} is answered by ${e.initiator === 'partner' ? `customer ${e.customerId}` : `partner ${e.partnerId}`}.`,
    );
  }
  let c: Customer | undefined;
  if (input.decision === 'approve') {
    const checked = approvable(world, e);
    if (!checked.ok) return checked;
    c = checked.value;
  }
  const pass: Result<GatePass> = checkGate(world, caller.value, input.verification_code);
  if (!pass.ok) return pass;
  passGate(pass.value);
  return ok(decide(world, e, c, input.decision, input.reason));
}

/** CancelAssociationRequest: only the initiator withdraws its pending request. */
export function cancelRequest(
  world: AssociationsWorld,
  input: C['CancelAssociationRequest'],
): Result<C['AssociationRecord']> {
  let owner: Partner | undefined;
  if (input.partner_id !== undefined) {
    const caller = consolePartner(world, input.partner_id);
    if (!caller.ok) return caller;
    const acting = consoleOwner(world, caller.value, input.indirect_partner_id);
    if (!acting.ok) return acting;
    owner = acting.value;
  }
  const rec = pendingRecord(world, input.record_id);
  if (!rec.ok) return rec;
  const e = rec.value;
  const isInitiator = e.initiator === 'partner' ? owner?.id === e.partnerId : input.customer_id === e.customerId;
  if (!isInitiator)
    return fail(
      'CONSOLE.NOT_INITIATOR',
      `Only the initiator (${e.initiator === 'partner' ? `partner ${e.partnerId}` : `customer ${e.customerId}`}) may cancel record ${e.id}.`,
    );
  e.status = 'cancelled';
  e.decidedAt = world.clock.now();
  if (input.reason !== undefined) e.decisionReason = input.reason;
  return ok(recordView(e));
}

// ---- invariants ---------------------------------------------------------------------------------------------------

/**
 * Association invariants: records name existing customers; a customer has at most one pending request; a customer
 * without a partner was disassociated by an approved record and holds nothing of a partner any more (no allocated
 * balance, no live partner or pickup coupon, no budget, no freeze); a customer's type exists on its site; the
 * explicit set matches the written `associate` records.
 */
export function associationInvariants(world: AssociationsWorld): string[] {
  const out: string[] = [];
  const a = world.associations;
  const pending = new Map<string, number>();
  const ids = new Set<string>();
  for (const e of a.events) {
    if (ids.has(e.id)) out.push(`associations: duplicate record id ${e.id}`);
    ids.add(e.id);
    if (!world.customers.has(e.customerId))
      out.push(`associations: record ${e.id} of unknown customer ${e.customerId}`);
    if (e.status === 'pending') pending.set(e.customerId, (pending.get(e.customerId) ?? 0) + 1);
    if ((e.status === 'pending') !== (e.decidedAt === undefined))
      out.push(`associations: record ${e.id} is ${e.status} with decidedAt ${e.decidedAt}`);
    if (e.effects && (e.status !== 'approved' || e.operation === 'associate'))
      out.push(`associations: record ${e.id} (${e.operation}, ${e.status}) has effects`);
    if (e.operation === 'switch_type' && e.targetType === undefined)
      out.push(`associations: switch ${e.id} has no target type`);
  }
  for (const [id, n] of pending) if (n > 1) out.push(`associations: customer ${id} has ${n} pending requests`);
  for (const id of a.standing.keys())
    if (!world.customers.has(id)) out.push(`associations: standing of unknown customer ${id}`);
  for (const c of world.customers.values()) {
    if (!SITE_TYPES[c.site].includes(c.associationType))
      out.push(`associations: customer ${c.id} on the ${c.site} site has type ${c.associationType}`);
    if (c.partnerId !== '') continue;
    if (a.explicit.has(c.id)) out.push(`associations: unassociated customer ${c.id} is marked explicit`);
    const last = a.events
      .filter((e) => e.customerId === c.id && e.status === 'approved' && e.operation !== 'switch_type')
      .sort((x, y) => x.seq - y.seq)
      .at(-1);
    if (last?.operation !== 'disassociate')
      out.push(`associations: customer ${c.id} has no partner but no approved disassociation`);
    if ((world.funds.allocations.get(c.id)?.balance ?? 0) !== 0)
      out.push(`associations: disassociated customer ${c.id} still holds an allocated balance`);
    for (const k of world.benefits.coupons.values())
      if (k.customerId === c.id && (k.status === 1 || k.status === 2))
        out.push(`associations: disassociated customer ${c.id} still holds partner coupon ${k.id}`);
    for (const k of world.console.pickupCoupons.values())
      if (k.customerId === c.id && k.status === 2)
        out.push(`associations: disassociated customer ${c.id} still holds pickup coupon ${k.id}`);
    if (world.budgets.budgets.has(c.id)) out.push(`associations: disassociated customer ${c.id} still has a budget`);
    if (c.isFrozen !== 0)
      out.push(`associations: disassociated customer ${c.id} is still frozen by its former partner`);
  }
  for (const id of a.explicit) {
    const c = world.customers.get(id);
    if (!c) out.push(`associations: explicit unknown customer ${id}`);
    else if (
      !a.events.some(
        (e) =>
          e.customerId === id && e.operation === 'associate' && e.status === 'approved' && e.partnerId === c.partnerId,
      )
    ) {
      out.push(
        `associations: customer ${id} is explicit without an approved associate record for partner ${c.partnerId}`,
      );
    }
  }
  return out;
}
