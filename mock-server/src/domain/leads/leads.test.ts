/** Leads at the domain level: creation with the mobile rule, masking, follow-ups, conversion into a customer. */
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { setProfile } from '../profile/index.js';
import { createCustomer, listCustomers, sendCode } from '../customers/index.js';
import type { Result } from '../../kernel/result.js';
import { checkInvariants } from '../invariants.js';
import { convertLead, createLead, followUpLead, listLeads, maskEmail, maskMobile } from './leads.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

function setup() {
  const world = createWorld(demoPartners(), {}, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
  const by = (role: Partner['role'], site: Partner['site'] = 'cn') =>
    [...world.partners.values()].find((p) => p.role === role && p.site === site)!;
  return {
    world,
    sp: by('solution_provider'),
    dist: by('distributor'),
    res: by('reseller'),
    intl: by('solution_provider', 'intl'),
  };
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function refused(r: Result<unknown>): string {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return r.error.code;
}

const snapshot = (world: World) => {
  const { clock: _c, random: _r, ...rest } = world;
  return serialize(rest);
};

describe('masking', () => {
  it('keeps the country code, the first 3 and the last 4 digits, and the first character of an e-mail', () => {
    expect(maskMobile('0086-13912345678')).toBe('0086-139****5678');
    expect(maskMobile('1-5551234')).toBe('1-***1234');
    expect(maskMobile('44-123')).toBe('44-***');
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
  });
});

describe('leads', () => {
  it('creates, lists (filtered, newest first), follows up and closes', () => {
    const { world, sp, res } = setup();
    const a = value(
      createLead(world, {
        partner_id: sp.id,
        company_name: 'Acme Ltd',
        contact_name: 'Alice',
        mobile: '0086-13912345678',
        email: 'alice@acme.example',
        industry: 'retail',
      }),
    );
    expect(a).toMatchObject({
      status: 'new',
      contacts_masked: false,
      mobile: '0086-13912345678',
      email: 'alice@acme.example',
      follow_ups: [],
      created_at: '2024-01-01T00:00:00Z',
    });
    world.clock.advance(60_000);
    const b = value(createLead(world, { partner_id: sp.id, company_name: 'Beta Corp', contact_name: 'Bob' }));
    value(createLead(world, { partner_id: res.id, company_name: 'Other', contact_name: 'Olga' }));
    expect(value(listLeads(world, { partner_id: sp.id })).leads.map((l) => l.lead_id)).toEqual([b.lead_id, a.lead_id]);
    expect(value(listLeads(world, { partner_id: sp.id, keyword: 'ALI' })).leads.map((l) => l.lead_id)).toEqual([
      a.lead_id,
    ]);
    expect(value(listLeads(world, { partner_id: sp.id, offset: 1, limit: 1 }))).toEqual({
      total_count: 2,
      leads: [expect.objectContaining({ lead_id: a.lead_id })],
    });

    world.clock.advance(60_000);
    const followed = value(
      followUpLead(world, {
        partner_id: sp.id,
        lead_id: a.lead_id,
        content: 'Called; wants a demo',
        next_follow_up_at: '2024-01-05T00:00:00Z',
      }),
    );
    expect(followed).toMatchObject({
      status: 'following',
      updated_at: '2024-01-01T00:02:00Z',
      follow_ups: [
        { content: 'Called; wants a demo', at: '2024-01-01T00:02:00Z', next_follow_up_at: '2024-01-05T00:00:00Z' },
      ],
    });
    expect(value(listLeads(world, { partner_id: sp.id, status: 'following' })).total_count).toBe(1);
    expect(
      value(followUpLead(world, { partner_id: sp.id, lead_id: b.lead_id, content: 'No budget', close: true })).status,
    ).toBe('closed');
    const before = snapshot(world);
    expect(refused(followUpLead(world, { partner_id: sp.id, lead_id: b.lead_id, content: 'again' }))).toBe(
      'CONSOLE.LEAD_CLOSED',
    );
    expect(refused(followUpLead(world, { partner_id: res.id, lead_id: a.lead_id, content: 'not mine' }))).toBe(
      'CONSOLE.LEAD_NOT_FOUND',
    );
    expect(
      refused(
        followUpLead(world, {
          partner_id: sp.id,
          lead_id: a.lead_id,
          content: 'past',
          next_follow_up_at: '2023-12-31T00:00:00Z',
        }),
      ),
    ).toBe('CBC.0100');
    expect(snapshot(world).equals(before)).toBe(true);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('refuses a mobile already held by an open lead of the partner or by a customer', () => {
    const { world, sp, res } = setup();
    value(createLead(world, { partner_id: sp.id, company_name: 'A', contact_name: 'A', mobile: '0086-13900000001' }));
    const before = snapshot(world);
    expect(
      refused(
        createLead(world, { partner_id: sp.id, company_name: 'B', contact_name: 'B', mobile: '0086-13900000001' }),
      ),
    ).toBe('CONSOLE.LEAD_MOBILE_EXISTS');
    expect(snapshot(world).equals(before)).toBe(true);
    // Another partner's leads are its own business.
    value(createLead(world, { partner_id: res.id, company_name: 'B', contact_name: 'B', mobile: '0086-13900000001' }));
    value(sendCode(world, { receiver_type: 1, mobile_phone: '13900000002' }));
    const code = world.codes.at(-1)!.code;
    value(
      createCustomer(world, sp, {
        xaccount_id: 'x-m',
        xaccount_type: 'acme_IDP',
        mobile_phone: '13900000002',
        verification_code: code,
      } as never),
    );
    expect(
      refused(
        createLead(world, { partner_id: res.id, company_name: 'C', contact_name: 'C', mobile: '0086-13900000002' }),
      ),
    ).toBe('CONSOLE.LEAD_MOBILE_EXISTS');
  });

  it('masks phone and e-mail in every answer when the programme requires it, keeping them whole inside', () => {
    const { world, sp } = setup();
    value(setProfile(world, { partner_id: sp.id, mask_lead_contacts: true }));
    const l = value(
      createLead(world, {
        partner_id: sp.id,
        company_name: 'Acme',
        contact_name: 'Alice',
        mobile: '0086-13912345678',
        email: 'alice@acme.example',
      }),
    );
    expect(l).toMatchObject({ contacts_masked: true, mobile: '0086-139****5678', email: 'a***@acme.example' });
    expect(value(listLeads(world, { partner_id: sp.id })).leads[0]).toMatchObject({
      mobile: '0086-139****5678',
      email: 'a***@acme.example',
    });
    // Masking is a view: the duplicate check still sees the real number.
    expect(
      refused(
        createLead(world, { partner_id: sp.id, company_name: 'B', contact_name: 'B', mobile: '0086-13912345678' }),
      ),
    ).toBe('CONSOLE.LEAD_MOBILE_EXISTS');
  });

  it('turns a lead into a customer through the registration rules', () => {
    const { world, sp, dist, res, intl } = setup();
    const l = value(createLead(world, { partner_id: sp.id, company_name: 'Acme', contact_name: 'Alice' }));
    const before = snapshot(world);
    expect(
      refused(
        convertLead(world, {
          partner_id: sp.id,
          lead_id: l.lead_id,
          xaccount_id: 'x-1',
          xaccount_type: 'acme_IDP',
          domain_area: 'MX',
        }),
      ),
    ).toBe('CBC.0100');
    expect(snapshot(world).equals(before)).toBe(true);
    const converted = value(
      convertLead(world, {
        partner_id: sp.id,
        lead_id: l.lead_id,
        xaccount_id: 'x-1',
        xaccount_type: 'acme_IDP',
        domain_name: 'acme-from-lead',
      }),
    );
    expect(converted).toMatchObject({
      account_name: 'acme-from-lead',
      lead: { status: 'converted', customer_id: converted.customer_id },
    });
    world.clock.advance(world.settings.associationDelayMs);
    expect(value(listCustomers(world, sp, { customer_id: converted.customer_id })).customer_infos![0]).toMatchObject({
      account_name: 'acme-from-lead',
      association_type: '2',
    });
    expect(
      refused(
        convertLead(world, { partner_id: sp.id, lead_id: l.lead_id, xaccount_id: 'x-2', xaccount_type: 'acme_IDP' }),
      ),
    ).toBe('CONSOLE.LEAD_CLOSED');
    // CreateSubCustomer's refusals pass through and leave the lead open.
    const l2 = value(createLead(world, { partner_id: sp.id, company_name: 'Dup', contact_name: 'D' }));
    expect(
      refused(
        convertLead(world, { partner_id: sp.id, lead_id: l2.lead_id, xaccount_id: 'x-1', xaccount_type: 'acme_IDP' }),
      ),
    ).toBe('CBC.99000039');
    expect(
      refused(
        convertLead(world, {
          partner_id: sp.id,
          lead_id: l2.lead_id,
          xaccount_id: 'x-3',
          xaccount_type: 'acme_IDP',
          domain_name: 'acme-from-lead',
        }),
      ),
    ).toBe('CBC.99000038');
    const l3 = value(createLead(world, { partner_id: dist.id, company_name: 'Dist lead', contact_name: 'D' }));
    expect(
      refused(
        convertLead(world, { partner_id: dist.id, lead_id: l3.lead_id, xaccount_id: 'x-4', xaccount_type: 'acme_IDP' }),
      ),
    ).toBe('CBC.50010059');
    expect(
      value(
        convertLead(world, {
          partner_id: dist.id,
          indirect_partner_id: res.id,
          lead_id: l3.lead_id,
          xaccount_id: 'x-4',
          xaccount_type: 'acme_IDP',
          cooperation_type: '1',
        }),
      ).lead.status,
    ).toBe('converted');
    expect(world.customers.get(value(listLeads(world, { partner_id: dist.id })).leads[0]!.customer_id!)).toMatchObject({
      partnerId: res.id,
      associationType: '1',
    });
    expect(value(listLeads(world, { partner_id: sp.id, status: 'new' })).leads.map((x) => x.lead_id)).toEqual([
      l2.lead_id,
    ]);
    // International partners give the account's country.
    const li = value(createLead(world, { partner_id: intl.id, company_name: 'Intl', contact_name: 'I' }));
    expect(
      refused(
        convertLead(world, { partner_id: intl.id, lead_id: li.lead_id, xaccount_id: 'x-5', xaccount_type: 'acme_IDP' }),
      ),
    ).toBe('CBC.0100');
    expect(
      world.customers.get(
        value(
          convertLead(world, {
            partner_id: intl.id,
            lead_id: li.lead_id,
            xaccount_id: 'x-5',
            xaccount_type: 'acme_IDP',
            domain_area: 'MX',
          }),
        ).customer_id,
      ),
    ).toMatchObject({ site: 'intl', associationType: '3' });
    expect(checkInvariants(world)).toEqual([]);
  });
});
