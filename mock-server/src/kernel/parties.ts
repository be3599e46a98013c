/**
 * The parties every aggregate of the domain knows: partners and their customers, the settings and the clock, and the
 * core that each aggregate's state extends (`Parties`). Nothing here knows an aggregate: the World that assembles
 * them all is domain/world.ts, so the domain's import graph stays a tree.
 */
import type { Clock } from './clock.js';
import type { Random } from './random.js';
import { fail } from './result.js';

export type Site = 'cn' | 'intl';
export type PartnerRole = 'solution_provider' | 'distributor' | 'reseller';

/** A partner the mock knows: its role, its site and its credentials. */
export interface Partner {
  id: string;
  name: string;
  role: PartnerRole;
  site: Site;
  /** The distributor of a tier-2 reseller. */
  parentId?: string;
  accessKey: string;
  secretKey: string;
  iamUser: string;
  iamPassword: string;
  iamDomain: string;
  /** Flags that make the service refuse: sandbox account, restricted enterprise, reseller whose distributor left. */
  sandbox?: boolean;
  restricted?: boolean;
  distributorExited?: boolean;
}

/** A customer account created through (or associated with) a partner. */
export interface Customer {
  id: string;
  accountName: string;
  xaccountId: string;
  xaccountType: string;
  /**
   * The partner the customer is associated with (a reseller when a distributor created it for one); `''` once the
   * association ended (domain/associations/).
   */
  partnerId: string;
  /**
   * The partner it was last associated with, once the association ended: a disassociated customer still signs in to
   * the customer-side operations through that partner's site gateway (its own balances after the unbind reclaim).
   */
  formerPartnerId?: string;
  site: Site;
  /** Mobile without country code, and its country code. */
  mobile?: string;
  countryCode?: string;
  email?: string;
  hasPassword: boolean;
  /** `1` referral, `2` reseller model (代售), `3` resale (international). */
  associationType: '1' | '2' | '3';
  createdAt: number;
  /** When the asynchronous association completes (visible as `associated_on` from then on). */
  associatedAt: number;
  closeMarketing: boolean;
  label?: string;
  realName?: string;
  verifiedStatus: '-1' | '0' | '1' | '2' | '3';
  customerType: -1 | 0 | 1;
  isFrozen: 0 | 1 | 2;
  customerLevel: string;
  /** Insertion sequence, a stable tie-breaker for ordering. */
  seq: number;
}

/** Tunable behaviour, for the places where the reference leaves the exact value open. */
export interface Settings {
  /** Accounts one mobile may register across all partners (CheckUserIdentity `mobile_remain_available_num`). */
  maxAccountsPerMobile: number;
  /** Delay before a new customer's association completes. */
  associationDelayMs: number;
  /** Verification codes sent to one receiver per rolling hour / day. */
  codesPerHour: number;
  codesPerDay: number;
  /** Wrong tries that burn a code. */
  codeMaxFailures: number;
  /** Accepted `X-Sdk-Date` skew. */
  signatureSkewMs: number;
  /** Lifetime of an IAM token the mock issues. */
  tokenTtlMs: number;
  /** Seed of ids and codes. */
  seed: number;
  /**
   * Refuse ListCustomerAccountChangeRecords to partners' reseller-model customers with `CBC.99000084`, as the
   * reference's error table says (off by default: the ledger of allocations is served).
   */
  refusePartnerCustomerLedger: boolean;
  /** A reclaimed partner coupon's remaining balance goes back to the quota it was issued from (reference: INFERRED). */
  couponReclaimReturnsToQuota: boolean;
  /**
   * Answer as sparsely as the real service may: leave out every optional response field (`omitempty` in the official
   * models) whose value is empty, so client code that assumes presence fails against the mock (on by default).
   */
  sparseResponses: boolean;
}

export const defaultSettings: Settings = {
  maxAccountsPerMobile: 5,
  associationDelayMs: 2_000,
  codesPerHour: 15,
  codesPerDay: 60,
  codeMaxFailures: 3,
  signatureSkewMs: 15 * 60_000,
  tokenTtlMs: 24 * 3_600_000,
  seed: 20_240_101,
  refusePartnerCustomerLedger: false,
  couponReclaimReturnsToQuota: true,
  sparseResponses: true,
};

/**
 * The core of every tenant's state: partners, customers with their uniqueness indexes, settings, clock and random
 * source. Each aggregate declares the slices it needs on top of this (e.g. `Parties & FundsSlice`), and
 * domain/world.ts assembles the whole World.
 */
export interface Parties {
  settings: Settings;
  clock: Clock;
  random: Random;
  partners: Map<string, Partner>;
  partnersByAccessKey: Map<string, Partner>;
  customers: Map<string, Customer>;
  /** Each partner's customers in creation order (the same objects), so per-partner reads don't scan everyone's. */
  customersByPartner: Map<string, Customer[]>;
  /** Uniqueness indexes, global across partners. */
  loginNames: Map<string, string>;
  xaccounts: Map<string, string>;
  emails: Map<string, string>;
  /** Accounts registered per `countrycode-number` mobile. */
  mobileAccounts: Map<string, number>;
  /** Insertion sequence shared by every aggregate's records, a stable tie-breaker for ordering. */
  seq: number;
}

/**
 * The partner a call acts for: the caller, or (with `indirect_partner_id`) one of its tier-2 resellers.
 * Undefined when the caller may not act for that reseller (`CBC.99000037`).
 */
export function actingPartner(
  world: Parties,
  caller: Partner,
  indirectPartnerId: string | null | undefined,
): Partner | undefined {
  return indirectPartnerId ? resellerOf(world, caller, indirectPartnerId) : caller;
}

/** The caller's tier-2 reseller with this id: undefined unless the caller is a distributor and that reseller's. */
export function resellerOf(world: Parties, caller: Partner, id: string): Partner | undefined {
  const reseller = world.partners.get(id);
  if (!reseller || caller.role !== 'distributor' || reseller.role !== 'reseller' || reseller.parentId !== caller.id)
    return undefined;
  return reseller;
}

/**
 * Whether a customer is the partner's sub-customer: associated with it, and the (asynchronous) association completed.
 * Fund, coupon, budget and other customer operations refuse anything else with CBC.99000035.
 */
export function isSubCustomerOf(world: Parties, c: Customer | undefined, owner: Partner): c is Customer {
  return c !== undefined && c.partnerId === owner.id && c.associatedAt <= world.clock.now();
}

/** A partner's customers in creation order (empty when it has none). Read-only: change them with the helpers below. */
export function customersOf(world: Parties, partnerId: string): readonly Customer[] {
  return world.customersByPartner.get(partnerId) ?? [];
}

/** Adds a new customer to the world and to its partner's list. */
export function addCustomer(world: Parties, c: Customer): void {
  world.customers.set(c.id, c);
  const list = world.customersByPartner.get(c.partnerId);
  if (list) list.push(c);
  else world.customersByPartner.set(c.partnerId, [c]);
}

/** Moves a customer to another partner (`''`: none), keeping both partners' lists in creation order. */
export function assignCustomerPartner(world: Parties, c: Customer, partnerId: string): void {
  const from = world.customersByPartner.get(c.partnerId);
  if (from) {
    const i = from.indexOf(c);
    if (i >= 0) from.splice(i, 1);
  }
  if (partnerId === '' && c.partnerId !== '') c.formerPartnerId = c.partnerId;
  c.partnerId = partnerId;
  const to = world.customersByPartner.get(partnerId) ?? [];
  let at = to.length;
  while (at > 0 && to[at - 1]!.seq > c.seq) at--;
  to.splice(at, 0, c);
  world.customersByPartner.set(partnerId, to);
}

/** The refusal of a call naming a tier-2 reseller the caller may not act for. */
export const notYourReseller = (id: string | null | undefined) =>
  fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${id}.`);

/** The refusal of an operation a sandbox partner account may not use (money movements, customer creation). */
export const sandboxRefusal = () => fail('CBC.99005035', 'Sandbox partner accounts cannot use this API.');

/** The refusal of an operation only tier-1 distributors may call. */
export const distributorsOnly = (caller: Partner, operation: string) =>
  fail(
    'CBC.0151',
    `Access denied: ${operation} is for tier-1 distributors only; partner ${caller.id} is a ${caller.role.replace('_', ' ')}.`,
  );
