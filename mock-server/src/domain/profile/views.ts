/** The partner profile as the console shows it (control schema `PartnerProfile`). */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { toYuanNumber } from '../../kernel/money.js';
import type { Partner } from '../../kernel/parties.js';
import { type GateSlice, gateOf } from '../codes/index.js';
import type { RechargesSlice } from '../funds/index.js';
import { type PartnersWorld, profileOf, RECHARGE_METHODS } from '../partners/index.js';

type C = ControlComponents['schemas'];

/** What the profile page reads: the profile, the gate switch and the withdrawable rebate. */
export type ProfileWorld = PartnersWorld & GateSlice & Pick<RechargesSlice, 'rebates'>;

/** A partner's profile with its defaults, the recharge methods they imply, its gate switch and rebate. */
export function profileView(world: ProfileWorld, partner: Partner): C['PartnerProfile'] {
  const p = profileOf(world, partner);
  return {
    partner_id: partner.id,
    contracting_entity: p.contractingEntity,
    government_cloud: p.governmentCloud,
    mask_lead_contacts: p.maskLeadContacts,
    recharge_methods: [...RECHARGE_METHODS[p.contractingEntity]],
    verification_enabled: gateOf(world, partner.id).enabled,
    rebate_withdrawable: toYuanNumber(world.rebates.balances.get(partner.id) ?? 0),
  };
}
