/**
 * The console's partner profile page (ShowPartnerProfile / SetPartnerProfile). The settings themselves belong to the
 * partners aggregate; the page also shows the verification-code gate switch (codes) and the withdrawable incentive
 * rebate (funds), so it sits above those aggregates rather than in partners/, which they depend on.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { ok, type Result } from '../../kernel/result.js';
import { consolePartner, updateProfile } from '../partners/index.js';
import { type ProfileWorld, profileView } from './views.js';

type C = ControlComponents['schemas'];

/** ShowPartnerProfile. */
export function showProfile(world: ProfileWorld, q: { partner_id: string }): Result<C['PartnerProfile']> {
  const p = consolePartner(world, q.partner_id);
  return p.ok ? ok(profileView(world, p.value)) : p;
}

/** SetPartnerProfile: fields left out keep their value. */
export function setProfile(world: ProfileWorld, input: C['SetPartnerProfileRequest']): Result<C['PartnerProfile']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  updateProfile(world, p.value, input);
  return ok(profileView(world, p.value));
}
