import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { createCustomer, listCustomers, sendCode } from '../customers/index.js';
import { checkInvariants } from '../invariants.js';
import {
  applyEnterprise,
  applyIndividual,
  changeToEnterprise,
  reviewApplication,
  showReviewResult,
} from './realname.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';

function setup() {
  const partners = demoPartners();
  const world = createWorld(partners, {}, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
  const cn = (role: Partner['role']) => partners.find((p) => p.role === role && p.site === 'cn')!;
  let n = 0;
  const customer = (owner: Partner, indirect?: string) => {
    const r = createCustomer(world, owner, {
      xaccount_id: `x${n++}`,
      xaccount_type: 'acme_IDP',
      include_association_result: true,
      ...(indirect ? { indirect_partner_id: indirect } : {}),
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.domain_id!;
  };
  return { world, sp: cn('solution_provider'), dist: cn('distributor'), res: cn('reseller'), customer };
}

const passport = (customer_id: string, extra: object = {}) => ({
  customer_id,
  identify_type: 0 as const,
  verified_type: 3 as const,
  verified_file_url: ['id/page.jpg', 'id/holding.PNG'],
  name: 'Zhang San',
  verified_number: 'E12345678',
  xaccount_type: 'acme_IDP',
  ...extra,
});
const company = <E extends object = object>(customer_id: string, extra: E = {} as E) => ({
  customer_id,
  identify_type: 1 as const,
  verified_file_url: ['licence.pdf'],
  corp_name: 'Acme Trading Co.',
  verified_number: '91110000MA01ABCDE1',
  xaccount_type: 'acme_IDP',
  ...extra,
});

const view = (world: World, owner: Partner, id: string) => {
  const r = listCustomers(world, owner, { customer_id: id });
  if (!r.ok) throw new Error(r.error.code);
  const { verified_status, customer_type, customer } = r.value.customer_infos![0]!;
  return { verified_status, customer_type, customer };
};

const snapshot = (world: World) =>
  structuredClone({ customers: world.customers, realname: world.realname, codes: world.codes, seq: world.seq });

describe('real-name authentication domain', () => {
  it('document application: under review, then approved with the name and individual type', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(showReviewResult(world, sp, id)).toEqual({ ok: true, value: {} });
    expect(applyIndividual(world, sp, passport(id))).toEqual({ ok: true, value: { is_review: 1 } });
    expect(view(world, sp, id)).toEqual({ verified_status: '0', customer_type: -1, customer: undefined });
    expect(showReviewResult(world, sp, id)).toEqual({ ok: true, value: { review_result: 0 } });
    expect(checkInvariants(world)).toEqual([]);
    expect(reviewApplication(world, id, 'approved').ok).toBe(true);
    expect(view(world, sp, id)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Zhang San' });
    expect(showReviewResult(world, sp, id)).toEqual({ ok: true, value: { review_result: 2 } });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('a rejection shows the opinion and allows a new application', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    applyIndividual(world, sp, passport(id));
    reviewApplication(world, id, 'rejected', 'The images are blurred.');
    expect(view(world, sp, id).verified_status).toBe('1');
    expect(showReviewResult(world, sp, id)).toEqual({
      ok: true,
      value: { review_result: 1, opinion: 'The images are blurred.' },
    });
    expect(applyEnterprise(world, sp, company(id))).toEqual({ ok: true, value: { is_review: 1 } });
    expect(showReviewResult(world, sp, id)).toEqual({ ok: true, value: { review_result: 0 } });
    reviewApplication(world, id, 'approved');
    expect(view(world, sp, id)).toEqual({ verified_status: '2', customer_type: 1, customer: 'Acme Trading Co.' });
  });

  it('refuses while under review or once verified (CBC.99007188), without any change', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    applyIndividual(world, sp, passport(id));
    let before = snapshot(world);
    expect(applyIndividual(world, sp, passport(id))).toMatchObject({ ok: false, error: { code: 'CBC.99007188' } });
    expect(applyEnterprise(world, sp, company(id))).toMatchObject({ ok: false, error: { code: 'CBC.99007188' } });
    expect(changeToEnterprise(world, sp, { ...company(id), change_type: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99007188' },
    });
    expect(snapshot(world)).toEqual(before);
    reviewApplication(world, id, 'approved');
    before = snapshot(world);
    expect(applyIndividual(world, sp, passport(id))).toMatchObject({ ok: false, error: { code: 'CBC.99007188' } });
    expect(applyEnterprise(world, sp, company(id))).toMatchObject({ ok: false, error: { code: 'CBC.99007188' } });
    expect(snapshot(world)).toEqual(before);
  });

  it("refuses other partners' customers (CBC.99000035 / CBC.5002), a foreign xaccount_type and unsupported files", () => {
    const { world, sp, dist, res, customer } = setup();
    const mine = customer(sp);
    const theirs = customer(dist, res.id);
    const before = snapshot(world);
    expect(applyIndividual(world, sp, passport(theirs))).toMatchObject({ ok: false, error: { code: 'CBC.99000035' } });
    expect(applyEnterprise(world, dist, company(theirs))).toMatchObject({ ok: false, error: { code: 'CBC.99000035' } });
    expect(applyIndividual(world, sp, passport('missing'))).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000035' },
    });
    expect(applyIndividual(world, sp, passport(mine, { xaccount_type: 'other_IDP' }))).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(applyIndividual(world, sp, passport(mine, { verified_file_url: ['a.jpg', 'b.tiff'] }))).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000100' },
    });
    expect(applyEnterprise(world, sp, company(mine, { verified_file_url: ['licence'] }))).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000100' },
    });
    expect(showReviewResult(world, sp, theirs)).toMatchObject({ ok: false, error: { code: 'CBC.5002' } });
    expect(showReviewResult(world, sp, 'missing')).toMatchObject({ ok: false, error: { code: 'CBC.5002' } });
    expect(snapshot(world)).toEqual(before);
    expect(applyIndividual(world, res, passport(theirs)).ok).toBe(true);
  });

  it('bank-card application: decided at once with the scene-18 code, which is then used', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    const mobile = '13912345678';
    sendCode(world, { receiver_type: 1, mobile_phone: mobile, scene: 18, customer_id: id });
    const code = world.codes.at(-1)!.code;
    const card = (verification_code: string) => ({
      customer_id: id,
      identify_type: 4 as const,
      verified_file_url: ['face.jpg'],
      name: 'Li Si',
      verified_number: '110101199001011234',
      xaccount_type: 'acme_IDP',
      bank_card_info: { bank_account: '6222-0000-1111', areacode: '0086', mobile, verification_code },
    });
    const wrong = code === '000000' ? '111111' : '000000';
    expect(applyIndividual(world, sp, card(wrong))).toMatchObject({ ok: false, error: { code: 'CBC.99007202' } });
    expect(world.codes.at(-1)!.failures).toBe(1);
    expect(view(world, sp, id).verified_status).toBe('-1');
    expect(applyIndividual(world, sp, card(code))).toEqual({ ok: true, value: { is_review: 0 } });
    expect(view(world, sp, id)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Li Si' });
    expect(world.codes.at(-1)!.state).toBe('used');
    expect(showReviewResult(world, sp, id)).toEqual({ ok: true, value: { review_result: 2 } });
    expect(checkInvariants(world)).toEqual([]);
  });

  it('bank-card codes: expired (CBC.99000027), registration-scene or missing (CBC.99007202)', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    const mobile = '13912345670';
    const card = (verification_code: string) => ({
      customer_id: id,
      identify_type: 4 as const,
      verified_file_url: ['face.jpg'],
      name: 'Li Si',
      verified_number: '1',
      xaccount_type: 'acme_IDP',
      bank_card_info: { bank_account: '6222', areacode: '0086', mobile, verification_code },
    });
    expect(applyIndividual(world, sp, card('123456'))).toMatchObject({ ok: false, error: { code: 'CBC.99007202' } });
    sendCode(world, { receiver_type: 1, mobile_phone: mobile });
    expect(applyIndividual(world, sp, card(world.codes.at(-1)!.code))).toMatchObject({
      ok: false,
      error: { code: 'CBC.99007202' },
    });
    sendCode(world, { receiver_type: 1, mobile_phone: mobile, scene: 18, customer_id: id, timeout: 1 });
    world.clock.advance(61_000);
    expect(applyIndividual(world, sp, card(world.codes.at(-1)!.code))).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000027' },
    });
    expect(view(world, sp, id).verified_status).toBe('-1');
  });

  it('changes an individual into an enterprise: stays verified while reviewed, enterprise once approved', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    const change = company(id, { change_type: 1 as const, reg_country: '', reg_address: '' });
    expect(changeToEnterprise(world, sp, change)).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    applyIndividual(world, sp, passport(id));
    reviewApplication(world, id, 'approved');
    expect(changeToEnterprise(world, sp, change)).toEqual({ ok: true, value: { is_review: 1 } });
    expect(view(world, sp, id)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Zhang San' });
    expect(showReviewResult(world, sp, id)).toEqual({ ok: true, value: { review_result: 0 } });
    expect(checkInvariants(world)).toEqual([]);
    reviewApplication(world, id, 'rejected', 'Licence expired.');
    expect(view(world, sp, id)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Zhang San' });
    expect(changeToEnterprise(world, sp, change).ok).toBe(true);
    reviewApplication(world, id, 'approved');
    expect(view(world, sp, id)).toEqual({ verified_status: '2', customer_type: 1, customer: 'Acme Trading Co.' });
    expect(changeToEnterprise(world, sp, change)).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(world.realname.applications.at(-1)).toMatchObject({ kind: 'change', regCountry: '', regAddress: '' });
  });

  it('the reviewer needs a pending application', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(reviewApplication(world, id, 'approved')).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(reviewApplication(world, 'missing', 'approved')).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(view(world, sp, id).verified_status).toBe('-1');
  });

  it('property: any sequence of applications and reviews keeps the statuses consistent', () => {
    const step = fc.constantFrom('individual', 'enterprise', 'change', 'approve', 'reject');
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const { world, sp, customer } = setup();
        const id = customer(sp);
        for (const s of steps) {
          const before = snapshot(world);
          const r =
            s === 'individual'
              ? applyIndividual(world, sp, passport(id))
              : s === 'enterprise'
                ? applyEnterprise(world, sp, company(id))
                : s === 'change'
                  ? changeToEnterprise(world, sp, { ...company(id), change_type: 1 })
                  : reviewApplication(world, id, s === 'approve' ? 'approved' : 'rejected', 'no');
          if (!r.ok) expect(snapshot(world)).toEqual(before);
          expect(checkInvariants(world)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
