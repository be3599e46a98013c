/**
 * Money between a partner and its reseller-model (代售) customers (reference §2.C): allocation
 * (UpdateCustomerAccountAmount), reclaim (ReclaimToPartnerAccount) and the automatic reclaim when a customer leaves.
 */
import type { CnComponents } from '@partner-center/sdk';
import { type Cents, positiveAmount } from '../../kernel/money.js';
import {
  actingPartner,
  type Customer,
  isSubCustomerOf,
  notYourReseller,
  type Partner,
  sandboxRefusal,
} from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { insufficientBalance, transfer } from './bookkeeping.js';
import { allocatable, type FundsWorld, peekAccounts } from './state.js';

type S = CnComponents['schemas'];

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

/** The checks allocation and reclaim share: a non-sandbox caller, the acting partner, its 代售 customer, the amount. */
function movementRequest(
  world: FundsWorld,
  caller: Partner,
  body: { customer_id: string; amount: number | string; indirect_partner_id?: string | null },
): Result<{ owner: Partner; customer: Customer; amount: Cents }> {
  if (caller.sandbox) return sandboxRefusal();
  const owner = actingPartner(world, caller, body.indirect_partner_id);
  if (!owner) return notYourReseller(body.indirect_partner_id);
  const customer = fundableCustomer(world, owner, body.customer_id);
  if (!customer.ok) return customer;
  const amount = positiveAmount(body.amount);
  if (!amount.ok) return amount;
  return ok({ owner, customer: customer.value, amount: amount.value });
}

/** The customer on the other side of an adjust record. */
const customerSide = (c: Customer) => ({ kind: 'customer' as const, id: c.id, name: c.accountName });

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
    return insufficientBalance(amount, `${who} allocatable amount`, allocatable(a));
  }
  const transId = transfer(world, {
    partnerId: owner.id,
    counterparty: customerSide(c),
    operationType: 'SOURCE_OPERATION_BEADJUST',
    amount,
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
  if (amount > acc.balance) return insufficientBalance(amount, "the customer's reclaimable balance", acc.balance);
  const transId = transfer(world, {
    partnerId: owner.id,
    counterparty: customerSide(c),
    operationType: 'SOURCE_OPERATION_BERETRIEVE',
    amount,
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
  const transId = transfer(world, {
    partnerId: c.partnerId,
    counterparty: customerSide(c),
    operationType: 'SOURCE_OPERATION_BEUNBIND',
    amount,
  });
  return ok({ transId, amount });
}
