/**
 * Money between a tier-1 distributor and its tier-2 resellers (reference §2.D): funding (UpdateIndirectPartnerAccount)
 * lands in the reseller's cash; reclaim (ReclaimIndirectPartnerAccount) takes the reseller's free cash back.
 */
import type { CnComponents } from '@partner-center/sdk';
import { type Cents, positiveAmount } from '../../kernel/money.js';
import { distributorsOnly, notYourReseller, type Partner, resellerOf, sandboxRefusal } from '../../kernel/parties.js';
import { ok, type Result } from '../../kernel/result.js';
import { insufficientBalance, transfer } from './bookkeeping.js';
import { allocatable, freeCash, type FundsWorld, peekAccounts } from './state.js';

type S = CnComponents['schemas'];

/** The checks funding and reclaim share: a non-sandbox distributor, its reseller, the amount. */
function resellerRequest(
  world: FundsWorld,
  caller: Partner,
  operation: string,
  body: { indirect_partner_id: string; amount: number | string },
): Result<{ reseller: Partner; amount: Cents }> {
  if (caller.role !== 'distributor') return distributorsOnly(caller, operation);
  if (caller.sandbox) return sandboxRefusal();
  const reseller = resellerOf(world, caller, body.indirect_partner_id);
  if (!reseller) return notYourReseller(body.indirect_partner_id);
  const amount = positiveAmount(body.amount);
  if (!amount.ok) return amount;
  return ok({ reseller, amount: amount.value });
}

/** The tier-2 reseller on the other side of an adjust record. */
const resellerSide = (r: Partner) => ({ kind: 'reseller' as const, id: r.id, name: r.iamDomain });

/** UpdateIndirectPartnerAccount: fund a tier-2 reseller's cash account from the distributor's allocatable balance. */
export function fundReseller(
  world: FundsWorld,
  caller: Partner,
  body: S['AdjustToIndirectPartnerRequest'],
): Result<S['AdjustToIndirectPartnerResponse']> {
  const req = resellerRequest(world, caller, 'UpdateIndirectPartnerAccount', body);
  if (!req.ok) return req;
  const { reseller, amount } = req.value;
  const a = peekAccounts(world, caller.id);
  if (amount > allocatable(a)) return insufficientBalance(amount, 'your allocatable amount', allocatable(a));
  const transId = transfer(world, {
    partnerId: caller.id,
    counterparty: resellerSide(reseller),
    operationType: 'SOURCE_OPERATION_BEADJUST',
    amount,
  });
  return ok({ transfer_id: transId });
}

/** ReclaimIndirectPartnerAccount: take part of a tier-2 reseller's free cash back to the distributor. */
export function reclaimFromReseller(
  world: FundsWorld,
  caller: Partner,
  body: S['ReclaimIndirectPartnerAccountRequest'],
): Result<S['ReclaimIndirectPartnerAccountResponse']> {
  const req = resellerRequest(world, caller, 'ReclaimIndirectPartnerAccount', body);
  if (!req.ok) return req;
  const { reseller: r, amount } = req.value;
  const ra = peekAccounts(world, r.id);
  if (amount > freeCash(ra))
    return insufficientBalance(amount, `tier-2 reseller ${r.id}'s reclaimable balance`, freeCash(ra));
  const transId = transfer(world, {
    partnerId: caller.id,
    counterparty: resellerSide(r),
    operationType: 'SOURCE_OPERATION_BERETRIEVE',
    amount,
  });
  return ok({ trans_id: transId });
}
