/**
 * Answers to association requests: the respondent approves or rejects (the customer answers a partner's request, the
 * partner a customer's); the initiator may cancel. An approval re-checks the preconditions, then applies the change;
 * a switch or disassociation first settles what the customer holds of its partner (settle.ts). The customer's type
 * and association time change (switch), or the customer leaves the partner (`partnerId` = ''): it disappears from
 * ListSubCustomers and fund and coupon operations answer CBC.99000035.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { assignCustomerPartner, type Customer, type Partner } from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkGate, passGate } from '../codes/index.js';
import { consoleActors } from '../partners/index.js';
import { settleAssociationChange } from './settle.js';
import { preconditions } from './standing.js';
import { type AssociationEvent, type AssociationsWorld, findRecord, makeExplicit } from './state.js';
import { recordView } from './views.js';

type C = ControlComponents['schemas'];

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
  e.effects = settleAssociationChange(world, c, e.operation);
  if (e.operation === 'switch_type') {
    c.associationType = e.targetType!;
    c.associatedAt = now;
  } else {
    assignCustomerPartner(world, c, '');
    world.associations.explicit.delete(c.id);
  }
}

/** The record answered by the respondent it names, or the refusal to anyone else. */
function respondent(e: AssociationEvent, isRespondent: boolean): Result<AssociationEvent> {
  if (isRespondent) return ok(e);
  return fail(
    'CONSOLE.NOT_RESPONDENT',
    `Record ${e.id} is answered by ${e.initiator === 'partner' ? `customer ${e.customerId}` : `partner ${e.partnerId}`}.`,
  );
}

/** The customer an approval applies to (checked), or none for a rejection. */
function decisionTarget(
  world: AssociationsWorld,
  e: AssociationEvent,
  decision: 'approve' | 'reject',
): Result<Customer | undefined> {
  return decision === 'approve' ? approvable(world, e) : ok(undefined);
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
  const e = respondent(rec.value, rec.value.customerId === input.customer_id && rec.value.initiator === 'partner');
  if (!e.ok) return e;
  const c = decisionTarget(world, e.value, input.decision);
  if (!c.ok) return c;
  return ok(decide(world, e.value, c.value, input.decision, input.reason));
}

/** DecideAssociationAsPartner: the partner answers a customer's disassociation request. */
export function decideAsPartner(
  world: AssociationsWorld,
  input: C['PartnerDecisionRequest'],
): Result<C['AssociationRecord']> {
  const actors = consoleActors(world, input.partner_id, input.indirect_partner_id);
  if (!actors.ok) return actors;
  const { caller, owner } = actors.value;
  const rec = pendingRecord(world, input.record_id);
  if (!rec.ok) return rec;
  const e = respondent(rec.value, rec.value.partnerId === owner.id && rec.value.initiator === 'customer');
  if (!e.ok) return e;
  const c = decisionTarget(world, e.value, input.decision);
  if (!c.ok) return c;
  const pass = checkGate(world, caller, input.verification_code);
  if (!pass.ok) return pass;
  passGate(pass.value);
  return ok(decide(world, e.value, c.value, input.decision, input.reason));
}

/** CancelAssociationRequest: only the initiator withdraws its pending request. */
export function cancelRequest(
  world: AssociationsWorld,
  input: C['CancelAssociationRequest'],
): Result<C['AssociationRecord']> {
  let owner: Partner | undefined;
  if (input.partner_id !== undefined) {
    const actors = consoleActors(world, input.partner_id, input.indirect_partner_id);
    if (!actors.ok) return actors;
    owner = actors.value.owner;
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
