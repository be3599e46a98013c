/**
 * Leads (线索, seed capability 22), a console-only feature: a partner records prospects, follows them up and turns
 * them into customers. The contact mobile follows the console form's rule (`countrycode-number`, 1–32 characters)
 * and is de-duplicated against the partner's open leads and every customer. Phone and e-mail are masked in every
 * answer when the partner's programme requires it (SetPartnerProfile `mask_lead_contacts`); the mock keeps them
 * whole. Turning a lead into a customer goes through CreateSubCustomer's own rules, so the customer is the same as
 * one created through the API.
 */
import type { CnComponents, IntlComponents } from '@partner-center/sdk';
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { utcSeconds } from '../../kernel/clock.js';
import { consolePartner, profileOf } from '../partners/index.js';
import { createCustomer } from '../customers/index.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import type { Partner, Parties } from '../../kernel/parties.js';
import type { CodesSlice } from '../codes/index.js';
import type { PartnersSlice } from '../partners/index.js';
import type { CouponsSlice } from '../coupons/index.js';
import type { FreezeSlice } from '../freeze/index.js';
import type { FundsSlice } from '../funds/index.js';
import type { QuotasSlice } from '../quotas/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface LeadsSlice {
  /** Leads. */
  leads: LeadState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type LeadsWorld = Parties &
  LeadsSlice &
  CodesSlice &
  PartnersSlice &
  CouponsSlice &
  FreezeSlice &
  FundsSlice &
  QuotasSlice;

type C = ControlComponents['schemas'];

export type LeadStatus = 'new' | 'following' | 'converted' | 'closed';

export interface Lead {
  id: string;
  partnerId: string;
  companyName: string;
  contactName: string;
  /** `countrycode-number`. */
  mobile?: string;
  email?: string;
  industry?: string;
  remark?: string;
  status: LeadStatus;
  followUps: { content: string; at: number; nextAt?: number }[];
  customerId?: string;
  createdAt: number;
  updatedAt: number;
  seq: number;
}

export interface LeadState {
  leads: Map<string, Lead>;
  seq: number;
}

export function createLeadState(): LeadState {
  return { leads: new Map(), seq: 0 };
}

/** `0086-139****5678`: the country code, the first 3 and last 4 digits of the number. */
export function maskMobile(mobile: string): string {
  const [cc, number] = mobile.split('-') as [string, string];
  if (number.length <= 4) return `${cc}-${'*'.repeat(number.length)}`;
  const head = number.length > 7 ? number.slice(0, 3) : '';
  return `${cc}-${head}${'*'.repeat(number.length - head.length - 4)}${number.slice(-4)}`;
}

/** `a***@example.com`: the first character of the local part. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

function leadView(world: LeadsWorld, partner: Partner, l: Lead): C['Lead'] {
  const masked = profileOf(world, partner).maskLeadContacts;
  return {
    lead_id: l.id,
    partner_id: l.partnerId,
    company_name: l.companyName,
    contact_name: l.contactName,
    ...(l.mobile !== undefined ? { mobile: masked ? maskMobile(l.mobile) : l.mobile } : {}),
    ...(l.email !== undefined ? { email: masked ? maskEmail(l.email) : l.email } : {}),
    ...(l.industry !== undefined ? { industry: l.industry } : {}),
    ...(l.remark !== undefined ? { remark: l.remark } : {}),
    status: l.status,
    contacts_masked: masked,
    follow_ups: l.followUps.map((f) => ({
      content: f.content,
      at: utcSeconds(f.at),
      ...(f.nextAt !== undefined ? { next_follow_up_at: utcSeconds(f.nextAt) } : {}),
    })),
    ...(l.customerId !== undefined ? { customer_id: l.customerId } : {}),
    created_at: utcSeconds(l.createdAt),
    updated_at: utcSeconds(l.updatedAt),
  };
}

const isOpen = (l: Lead) => l.status === 'new' || l.status === 'following';

/** CreateLead. */
export function createLead(world: LeadsWorld, input: C['CreateLeadRequest']): Result<C['Lead']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const partner = p.value;
  if (input.mobile !== undefined) {
    const m = input.mobile;
    const lead = [...world.leads.leads.values()].find(
      (l) => l.partnerId === partner.id && l.status !== 'closed' && l.mobile === m,
    );
    if (lead) return fail('CONSOLE.LEAD_MOBILE_EXISTS', `The mobile ${m} already belongs to lead ${lead.id}.`);
    if ([...world.customers.values()].some((c) => c.mobile !== undefined && `${c.countryCode}-${c.mobile}` === m)) {
      return fail('CONSOLE.LEAD_MOBILE_EXISTS', `The mobile ${m} already belongs to a customer.`);
    }
  }
  const now = world.clock.now();
  let id: string;
  do id = `LD${world.random.digits(16)}`;
  while (world.leads.leads.has(id));
  const lead: Lead = {
    id,
    partnerId: partner.id,
    companyName: input.company_name,
    contactName: input.contact_name,
    ...(input.mobile !== undefined ? { mobile: input.mobile } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.industry !== undefined ? { industry: input.industry } : {}),
    ...(input.remark !== undefined ? { remark: input.remark } : {}),
    status: 'new',
    followUps: [],
    createdAt: now,
    updatedAt: now,
    seq: ++world.leads.seq,
  };
  world.leads.leads.set(id, lead);
  return ok(leadView(world, partner, lead));
}

/** ListLeads: the partner's leads, newest first, filtered, one page. */
export function listLeads(
  world: LeadsWorld,
  q: { partner_id: string; status?: LeadStatus; keyword?: string; offset?: number; limit?: number },
): Result<C['Leads']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const needle = q.keyword?.toLowerCase();
  const matches = [...world.leads.leads.values()]
    .filter((l) => l.partnerId === p.value.id)
    .filter((l) => q.status === undefined || l.status === q.status)
    .filter(
      (l) =>
        needle === undefined ||
        l.companyName.toLowerCase().includes(needle) ||
        l.contactName.toLowerCase().includes(needle),
    )
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const offset = q.offset ?? 0;
  return ok({
    total_count: matches.length,
    leads: matches.slice(offset, offset + (q.limit ?? 10)).map((l) => leadView(world, p.value, l)),
  });
}

/** The partner's open lead. */
function openLead(world: LeadsWorld, partner: Partner, id: string): Result<Lead> {
  const l = world.leads.leads.get(id);
  if (!l || l.partnerId !== partner.id)
    return fail('CONSOLE.LEAD_NOT_FOUND', `Partner ${partner.id} has no lead ${id}.`);
  if (!isOpen(l)) return fail('CONSOLE.LEAD_CLOSED', `Lead ${id} is already ${l.status}.`);
  return ok(l);
}

/** FollowUpLead: a follow-up note; the lead is `following` from then on, or `closed` when asked. */
export function followUpLead(world: LeadsWorld, input: C['FollowUpLeadRequest']): Result<C['Lead']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const l = openLead(world, p.value, input.lead_id);
  if (!l.ok) return l;
  const now = world.clock.now();
  const nextAt = input.next_follow_up_at !== undefined ? Date.parse(input.next_follow_up_at) : undefined;
  if (nextAt !== undefined && nextAt <= now)
    return fail('CBC.0100', 'Invalid parameter: next_follow_up_at must be in the future.');
  l.value.followUps.push({ content: input.content, at: now, ...(nextAt !== undefined ? { nextAt } : {}) });
  l.value.status = input.close ? 'closed' : 'following';
  l.value.updatedAt = now;
  return ok(leadView(world, p.value, l.value));
}

/** ConvertLead: creates the customer as CreateSubCustomer does (its codes on refusal), then marks the lead converted. */
export function convertLead(world: LeadsWorld, input: C['ConvertLeadRequest']): Result<C['ConvertedLead']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const partner = p.value;
  const l = openLead(world, partner, input.lead_id);
  if (!l.ok) return l;
  let body:
    | CnComponents['schemas']['CreateSubCustomerRequest']
    | IntlComponents['schemas']['CreateSubCustomerRequestIntl'];
  const common = {
    xaccount_id: input.xaccount_id,
    xaccount_type: input.xaccount_type,
    ...(input.domain_name !== undefined ? { domain_name: input.domain_name } : {}),
    ...(input.indirect_partner_id !== undefined ? { indirect_partner_id: input.indirect_partner_id } : {}),
  };
  if (partner.site === 'intl') {
    if (input.domain_area === undefined)
      return fail('CBC.0100', 'Invalid parameter: domain_area is required for international partners.');
    if (input.cooperation_type !== undefined)
      return fail('CBC.0100', 'Invalid parameter: cooperation_type does not exist on the international site.');
    body = { ...common, domain_area: input.domain_area };
  } else {
    if (input.domain_area !== undefined)
      return fail('CBC.0100', 'Invalid parameter: domain_area is for international partners.');
    body = { ...common, ...(input.cooperation_type !== undefined ? { cooperation_type: input.cooperation_type } : {}) };
  }
  const created = createCustomer(world, partner, body);
  if (!created.ok) return created;
  const now = world.clock.now();
  l.value.status = 'converted';
  l.value.customerId = created.value.domain_id;
  l.value.updatedAt = now;
  return ok({
    lead: leadView(world, partner, l.value),
    customer_id: created.value.domain_id,
    account_name: created.value.domain_name,
  });
}

/** Lead invariants: leads name known partners, converted leads their customer, and open mobiles are unique per partner. */
export function leadInvariants(world: LeadsWorld): string[] {
  const out: string[] = [];
  const mobiles = new Map<string, string>();
  for (const l of world.leads.leads.values()) {
    if (!world.partners.has(l.partnerId)) out.push(`leads: lead ${l.id} of unknown partner ${l.partnerId}`);
    if ((l.status === 'converted') !== (l.customerId !== undefined))
      out.push(`leads: lead ${l.id} is ${l.status} with customer ${l.customerId}`);
    if (l.customerId !== undefined && !world.customers.has(l.customerId))
      out.push(`leads: lead ${l.id} names unknown customer ${l.customerId}`);
    if (l.mobile !== undefined && l.status !== 'closed') {
      const key = `${l.partnerId}/${l.mobile}`;
      if (mobiles.has(key)) out.push(`leads: leads ${mobiles.get(key)} and ${l.id} share the mobile ${l.mobile}`);
      mobiles.set(key, l.id);
    }
  }
  return out;
}
