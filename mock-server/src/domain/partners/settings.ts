/**
 * What Huawei configured for a partner (the partner profile): its contracting entity, which decides the recharge
 * methods offered, and the government-cloud and lead-masking programme flags. Absent fields take their defaults.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import type { Parties, Partner } from '../../kernel/parties.js';

type C = ControlComponents['schemas'];

export type ContractingEntity = C['ContractingEntity'];
export type RechargeMethod = 'online' | 'offline';

/** What Huawei configured for a partner; absent fields take their defaults (see {@link profileOf}). */
export interface PartnerProfileData {
  contractingEntity?: ContractingEntity;
  governmentCloud?: boolean;
  maskLeadContacts?: boolean;
}

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface PartnersSlice {
  /** Partner profiles, by partner id (only the partners Huawei configured). */
  profiles: Map<string, PartnerProfileData>;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type PartnersWorld = Parties & PartnersSlice;

export function createProfiles(): PartnersSlice['profiles'] {
  return new Map();
}

/** Recharge methods offered per contracting entity. */
export const RECHARGE_METHODS: Record<ContractingEntity, RechargeMethod[]> = {
  HUAWEI_CLOUD_COMPUTING: ['online', 'offline'],
  HUAWEI_SOFTWARE: ['offline'],
  HUAWEI_CLOUD_HK: [],
};

/** A partner's profile with its defaults filled in. */
export function profileOf(world: PartnersWorld, partner: Partner): Required<PartnerProfileData> {
  const p = world.profiles.get(partner.id) ?? {};
  return {
    contractingEntity: p.contractingEntity ?? (partner.site === 'cn' ? 'HUAWEI_CLOUD_COMPUTING' : 'HUAWEI_CLOUD_HK'),
    governmentCloud: p.governmentCloud ?? false,
    maskLeadContacts: p.maskLeadContacts ?? false,
  };
}

/** Changes the given profile fields of a partner; fields left out keep their value. */
export function updateProfile(world: PartnersWorld, partner: Partner, input: C['SetPartnerProfileRequest']): void {
  const current = world.profiles.get(partner.id) ?? {};
  world.profiles.set(partner.id, {
    ...current,
    ...(input.contracting_entity !== undefined ? { contractingEntity: input.contracting_entity } : {}),
    ...(input.government_cloud !== undefined ? { governmentCloud: input.government_cloud } : {}),
    ...(input.mask_lead_contacts !== undefined ? { maskLeadContacts: input.mask_lead_contacts } : {}),
  });
}

/** Partner invariants: every profile names a known partner. */
export function partnerInvariants(world: PartnersWorld): string[] {
  return [...world.profiles.keys()]
    .filter((id) => !world.partners.has(id))
    .map((id) => `console: settings of unknown partner ${id}`);
}
