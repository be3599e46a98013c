/**
 * The association lifecycle's state (seed capabilities 8–10, reference §3 and §4 transition 8). Association types:
 * China `1` referral (顾问销售) and `2` reseller model (代售); international `1` referral and `3` resale (转售).
 *
 * Events are operation records (关联关系操作记录): `associate`, `switch_type` and `disassociate`, each with an initiator
 * (partner or customer), a status (pending → approved | rejected | cancelled), reasons and times. Customers created
 * through CreateSubCustomer have an implicit `associate` record (pending until the asynchronous association
 * completes, then approved), derived when read; the first change writes it down. Reads never change the state.
 */
import type { Cents } from '../../kernel/money.js';
import type { Customer, Parties, Site } from '../../kernel/parties.js';
import type { GateWorld } from '../codes/index.js';
import type { AssociationEffects, SettleWorld } from './settle.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface AssociationsSlice {
  /** Association operation records and the customers' standing. */
  associations: AssociationState;
}

/** The part of a tenant's World this aggregate reads and writes (settling reaches into the aggregates below). */
export type AssociationsWorld = Parties & AssociationsSlice & GateWorld & SettleWorld;

export type AssociationType = Customer['associationType'];
export type AssociationOperation = 'associate' | 'switch_type' | 'disassociate';
export type AssociationStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

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
/** The type of an invitation that names none. */
export const DEFAULT_TYPE: Record<Site, AssociationType> = { cn: '2', intl: '3' };
/** The types' names, for messages. */
export const TYPE_NAME: Record<AssociationType, string> = {
  '1': 'referral (顾问销售)',
  '2': 'reseller model (代售)',
  '3': 'resale (转售)',
};

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
export function allRecords(world: Parties & AssociationsSlice): AssociationEvent[] {
  const now = world.clock.now();
  const implicit = [...world.customers.values()]
    .filter((c) => c.partnerId !== '' && !world.associations.explicit.has(c.id))
    .map((c) => implicitRecord(c, now));
  return [...world.associations.events, ...implicit];
}

/** A record by id, written or implicit. */
export function findRecord(world: Parties & AssociationsSlice, id: string): AssociationEvent | undefined {
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
export function makeExplicit(world: Parties & AssociationsSlice, c: Customer): void {
  if (world.associations.explicit.has(c.id) || c.partnerId === '') return;
  world.associations.events.push(implicitRecord(c, world.clock.now()));
  world.associations.explicit.add(c.id);
}

function newRecordId(world: Parties & AssociationsSlice): string {
  for (;;) {
    const id = `AR${world.random.hex(30)}`;
    if (
      !world.associations.events.some((e) => e.id === id) &&
      ![...world.customers.keys()].some((cid) => implicitId(cid) === id)
    )
      return id;
  }
}

/** Writes down a new pending request of customer `c`. */
export function pushRequest(
  world: Parties & AssociationsSlice,
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

/** The customer's pending request, if any (at most one). */
export function pendingOf(world: AssociationsSlice, customerId: string): AssociationEvent | undefined {
  return world.associations.events.find((e) => e.customerId === customerId && e.status === 'pending');
}
