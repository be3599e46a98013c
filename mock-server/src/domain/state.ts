/**
 * The mock's whole state, as plain data. Domain commands take a World and a command and return a Result; nothing
 * here knows about HTTP, and there are no singletons, so every mock instance (and test) is isolated by construction.
 */
import type { Clock } from './clock.js';
import { createClock } from './clock.js';
import type { Random } from './random.js';
import { createRandom } from './random.js';
import { createBudgetState, type BudgetState } from './budgets.js';
import { createFreezeState, type FreezeState } from './freeze.js';
import { createRealnameState, type RealnameState } from './realname.js';
import { createResourceState, type ResourceState } from './resources.js';
import { createTagState, type TagState } from './tags.js';
import { createFundsState, type FundsState } from './funds.js';
import { createBenefitsState, type BenefitsState } from './coupons.js';
import { createAssociationState, type AssociationState } from './associations.js';
import { createLeadState, type LeadState } from './leads.js';
import { createConsoleState, type ConsoleState } from './console.js';

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
   * association ended (domain/associations.ts).
   */
  partnerId: string;
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

/** A verification code the mock "sent". */
export interface VerificationCode {
  receiver: string;
  scene: number;
  code: string;
  sentAt: number;
  expiresAt: number;
  failures: number;
  state: 'active' | 'used' | 'burned' | 'superseded';
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
};

export interface World {
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
  codes: VerificationCode[];
  /** Send times per receiver, for the hourly and daily caps. */
  sendLog: Map<string, number[]>;
  /** IAM tokens: a partner's, or a customer's (`customerId` set) for the customer-side operations. */
  tokens: Map<string, { partnerId: string; customerId?: string; expiresAt: number }>;
  /** Customer budgets, their records and partners' consumption quotas (domain/budgets.ts). */
  budgets: BudgetState;
  /** Freezes of customers; `Customer.isFrozen` mirrors them (domain/freeze.ts). */
  freezes: FreezeState;
  /** Customers' pay-per-use resources (domain/resources.ts). */
  resources: ResourceState;
  /** SMB new-customer tags Huawei set (domain/tags.ts). */
  newCustomerTags: TagState;
  /** Real-name applications (domain/realname.ts). */
  realname: RealnameState;
  /** Partner and customer balances, adjust records and ledgers (domain/funds.ts). */
  funds: FundsState;
  /** Coupon quotas, partner coupons, their records, the customers' coupon ledger and stored-value cards (domain/quotas.ts, domain/coupons.ts). */
  benefits: BenefitsState;
  /** Association operation records and the customers' standing (domain/associations.ts). */
  associations: AssociationState;
  /** Leads (domain/leads.ts). */
  leads: LeadState;
  /** Console-only settings, recharges, rebates and pickup coupons (domain/console.ts). */
  console: ConsoleState;
  seq: number;
}

/** A fresh world with the given partners. */
export function createWorld(
  partners: Partner[],
  settings: Partial<Settings> = {},
  clock: Clock = createClock(),
): World {
  const s = { ...defaultSettings, ...settings };
  return {
    settings: s,
    clock,
    random: createRandom(s.seed),
    partners: new Map(partners.map((p) => [p.id, p])),
    partnersByAccessKey: new Map(partners.map((p) => [p.accessKey, p])),
    customers: new Map(),
    customersByPartner: new Map(),
    loginNames: new Map(),
    xaccounts: new Map(),
    emails: new Map(),
    mobileAccounts: new Map(),
    codes: [],
    sendLog: new Map(),
    tokens: new Map(),
    budgets: createBudgetState(),
    freezes: createFreezeState(),
    resources: createResourceState(),
    newCustomerTags: createTagState(),
    realname: createRealnameState(),
    funds: createFundsState(partners, clock.now()),
    benefits: createBenefitsState(),
    associations: createAssociationState(),
    leads: createLeadState(),
    console: createConsoleState(),
    seq: 0,
  };
}

/** The demo partners every mock starts with (credentials are printed by the CLI and listed by the control API). */
export function demoPartners(): Partner[] {
  const p = (id: string, name: string, role: PartnerRole, site: Site, key: string, parentId?: string): Partner => ({
    id,
    name,
    role,
    site,
    ...(parentId ? { parentId } : {}),
    accessKey: `PCMOCK${key}`.padEnd(20, '0'),
    secretKey: `pcmock-secret-${key.toLowerCase()}`.padEnd(40, '0'),
    iamUser: `${key.toLowerCase()}-admin`,
    iamPassword: `Mock-${key}-Pass1`,
    iamDomain: `${key.toLowerCase()}-domain`,
  });
  return [
    p('0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'Demo Solution Provider', 'solution_provider', 'cn', 'DEMOSP'),
    p('1b2c3d4e5f60718293a4b5c6d7e8f90a', 'Demo Distributor', 'distributor', 'cn', 'DEMODIST'),
    p(
      '2c3d4e5f60718293a4b5c6d7e8f90a1b',
      'Demo Reseller',
      'reseller',
      'cn',
      'DEMORES',
      '1b2c3d4e5f60718293a4b5c6d7e8f90a',
    ),
    p('3d4e5f60718293a4b5c6d7e8f90a1b2c', 'Demo International Partner', 'solution_provider', 'intl', 'DEMOINTL'),
    p('4e5f60718293a4b5c6d7e8f90a1b2c3d', 'Demo International Distributor', 'distributor', 'intl', 'DEMOINTLDIST'),
    p(
      '5f60718293a4b5c6d7e8f90a1b2c3d4e',
      'Demo International Reseller',
      'reseller',
      'intl',
      'DEMOINTLRES',
      '4e5f60718293a4b5c6d7e8f90a1b2c3d',
    ),
  ];
}

/**
 * The partner a call acts for: the caller, or (with `indirect_partner_id`) one of its tier-2 resellers.
 * Undefined when the caller may not act for that reseller (`CBC.99000037`).
 */
export function actingPartner(
  world: World,
  caller: Partner,
  indirectPartnerId: string | null | undefined,
): Partner | undefined {
  if (!indirectPartnerId) return caller;
  const reseller = world.partners.get(indirectPartnerId);
  if (!reseller || caller.role !== 'distributor' || reseller.role !== 'reseller' || reseller.parentId !== caller.id)
    return undefined;
  return reseller;
}

/**
 * Whether a customer is the partner's sub-customer: associated with it, and the (asynchronous) association completed.
 * Fund, coupon, budget and other customer operations refuse anything else with CBC.99000035.
 */
export function isSubCustomerOf(world: World, c: Customer | undefined, owner: Partner): c is Customer {
  return c !== undefined && c.partnerId === owner.id && c.associatedAt <= world.clock.now();
}

/** A partner's customers in creation order (empty when it has none). Read-only: change them with the helpers below. */
export function customersOf(world: World, partnerId: string): readonly Customer[] {
  return world.customersByPartner.get(partnerId) ?? [];
}

/** Adds a new customer to the world and to its partner's list. */
export function addCustomer(world: World, c: Customer): void {
  world.customers.set(c.id, c);
  const list = world.customersByPartner.get(c.partnerId);
  if (list) list.push(c);
  else world.customersByPartner.set(c.partnerId, [c]);
}

/** Moves a customer to another partner (`''`: none), keeping both partners' lists in creation order. */
export function assignCustomerPartner(world: World, c: Customer, partnerId: string): void {
  const from = world.customersByPartner.get(c.partnerId);
  if (from) {
    const i = from.indexOf(c);
    if (i >= 0) from.splice(i, 1);
  }
  c.partnerId = partnerId;
  const to = world.customersByPartner.get(partnerId) ?? [];
  let at = to.length;
  while (at > 0 && to[at - 1]!.seq > c.seq) at--;
  to.splice(at, 0, c);
  world.customersByPartner.set(partnerId, to);
}
