/**
 * Invariants of the mock's state, checked after every mutation when the engine runs with `checkInvariants` (on in
 * the tests). Each domain contributes a checker; a violation is a bug in the mock, reported loudly.
 */
import type { World } from './world.js';
import { budgetInvariants } from './budgets/index.js';
import { freezeInvariants } from './freeze/index.js';
import { realnameInvariants } from './realname/index.js';
import { resourceInvariants } from './resources/index.js';
import { tagInvariants } from './tags/index.js';
import { fundsInvariants } from './funds/index.js';
import { couponInvariants, pickupInvariants, quotaInvariants } from './coupons/index.js';
import { associationInvariants } from './associations/index.js';
import { leadInvariants } from './leads/index.js';
import { gateInvariants } from './codes/index.js';
import { rebateInvariants, rechargeInvariants } from './funds/index.js';
import { partnerInvariants } from './partners/index.js';

/** A checker returns one sentence per violated invariant. */
export type InvariantChecker = (world: World) => string[];

function customerIndexes(world: World): string[] {
  const out: string[] = [];
  for (const c of world.customers.values()) {
    if (world.loginNames.get(c.accountName.toLowerCase()) !== c.id)
      out.push(`customer ${c.id}: login name ${c.accountName} is not indexed`);
    if (world.xaccounts.get(`${c.xaccountType}\n${c.xaccountId}`) !== c.id)
      out.push(`customer ${c.id}: xaccount ${c.xaccountId} is not indexed`);
    // '' = no partner any more (a disassociation; associationInvariants checks it).
    if (c.partnerId !== '' && !world.partners.has(c.partnerId))
      out.push(`customer ${c.id}: unknown partner ${c.partnerId}`);
  }
  let listed = 0;
  for (const [partnerId, list] of world.customersByPartner) {
    listed += list.length;
    list.forEach((c, i) => {
      if (world.customers.get(c.id) !== c || c.partnerId !== partnerId)
        out.push(`customer ${c.id} is listed under partner ${partnerId} but belongs to ${c.partnerId}`);
      if (i > 0 && list[i - 1]!.seq >= c.seq)
        out.push(`partner ${partnerId}: customers out of creation order at ${c.id}`);
    });
  }
  if (listed !== world.customers.size)
    out.push(`${listed} customers in per-partner lists, ${world.customers.size} in all`);
  if (world.loginNames.size !== world.customers.size)
    out.push(`${world.loginNames.size} login names indexed for ${world.customers.size} customers`);
  const perMobile = new Map<string, number>();
  for (const c of world.customers.values())
    if (c.mobile)
      perMobile.set(`${c.countryCode}-${c.mobile}`, (perMobile.get(`${c.countryCode}-${c.mobile}`) ?? 0) + 1);
  for (const [m, n] of world.mobileAccounts) {
    if (perMobile.get(m) !== n) out.push(`mobile ${m}: ${n} registrations counted, ${perMobile.get(m) ?? 0} customers`);
    if (n > world.settings.maxAccountsPerMobile) out.push(`mobile ${m}: ${n} registrations exceed the cap`);
  }
  return out;
}

/** Every checker; domains add theirs here. */
export const invariantCheckers: InvariantChecker[] = [
  customerIndexes,
  fundsInvariants,
  quotaInvariants,
  couponInvariants,
  budgetInvariants,
  freezeInvariants,
  resourceInvariants,
  tagInvariants,
  realnameInvariants,
  associationInvariants,
  leadInvariants,
  partnerInvariants,
  gateInvariants,
  rebateInvariants,
  rechargeInvariants,
  pickupInvariants,
];

/** All violations in the world (empty when consistent). */
export function checkInvariants(world: World): string[] {
  return invariantCheckers.flatMap((check) => check(world));
}
