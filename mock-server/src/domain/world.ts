/**
 * The World: one tenant's whole state, as plain data. It is the parties' core (kernel/parties.ts) plus the slice each
 * aggregate keeps. This is the only module that knows every aggregate: aggregates declare their own slices and never
 * import this file, so the domain's imports form a tree. Domain commands take a World (or the part of it they need)
 * and a command and return a Result; nothing here knows about HTTP, and there are no singletons, so every mock
 * instance (and test) is isolated by construction.
 */
import { type Clock, createClock } from '../kernel/clock.js';
import {
  defaultSettings,
  type Parties,
  type Partner,
  type PartnerRole,
  type Settings,
  type Site,
} from '../kernel/parties.js';
import { createRandom } from '../kernel/random.js';
import { type AssociationsSlice, createAssociationState } from './associations/index.js';
import { type BudgetsSlice, createBudgetState } from './budgets/index.js';
import { type CodesSlice, createGates, type GateSlice } from './codes/index.js';
import { type CouponsSlice, createBenefitsState, createPickupState, type PickupSlice } from './coupons/index.js';
import { createFreezeState, type FreezeSlice } from './freeze/index.js';
import { createFundsState, createRecharges, type FundsSlice, type RechargesSlice } from './funds/index.js';
import { createLeadState, type LeadsSlice } from './leads/index.js';
import { createProfiles, type PartnersSlice } from './partners/index.js';
import type { QuotasSlice } from './quotas/index.js';
import { createRealnameState, type RealnameSlice } from './realname/index.js';
import { createResourceState, type ResourcesSlice } from './resources/index.js';
import { createTagState, type TagsSlice } from './tags/index.js';
import type { TokensSlice } from './tokens/index.js';

/** A tenant's whole state. */
export type World = Parties &
  PartnersSlice &
  CodesSlice &
  GateSlice &
  TokensSlice &
  FundsSlice &
  RechargesSlice &
  QuotasSlice &
  CouponsSlice &
  PickupSlice &
  BudgetsSlice &
  FreezeSlice &
  RealnameSlice &
  ResourcesSlice &
  TagsSlice &
  LeadsSlice &
  AssociationsSlice;

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
    profiles: createProfiles(),
    codes: [],
    sendLog: new Map(),
    gates: createGates(),
    tokens: new Map(),
    budgets: createBudgetState(),
    freezes: createFreezeState(),
    resources: createResourceState(),
    newCustomerTags: createTagState(),
    realname: createRealnameState(),
    funds: createFundsState(partners, clock.now()),
    ...createRecharges(),
    benefits: createBenefitsState(),
    pickup: createPickupState(),
    associations: createAssociationState(),
    leads: createLeadState(),
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
