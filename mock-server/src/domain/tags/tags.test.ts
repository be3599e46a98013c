import { describe, expect, it } from 'vitest';
import { createClock } from '../../kernel/clock.js';
import { createCustomer } from '../customers/index.js';
import { checkInvariants } from '../invariants.js';
import { applyIndividual, reviewApplication } from '../realname/index.js';
import type { Partner } from '../../kernel/parties.js';
import { createWorld, demoPartners, type World } from '../world.js';
import { listNewCustomerTags, setNewCustomerTag } from './tags.js';

function setup() {
  const partners = demoPartners();
  const world = createWorld(partners, {}, createClock({ start: Date.UTC(2024, 0, 15), frozen: true }));
  const cn = (role: Partner['role']) => partners.find((p) => p.role === role && p.site === 'cn')!;
  let n = 0;
  const customer = (owner: Partner, indirect?: string) => {
    world.clock.advance(1000);
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

/** Verifies a customer through the real-name flow (document application approved by the reviewer). */
function verify(world: World, owner: Partner, id: string) {
  const r = applyIndividual(world, owner, {
    customer_id: id,
    identify_type: 0,
    verified_type: 3,
    verified_file_url: ['a.jpg', 'b.jpg'],
    name: 'Zhang San',
    verified_number: 'E1',
    xaccount_type: 'acme_IDP',
  });
  if (!r.ok) throw new Error(r.error.message);
  reviewApplication(world, id, 'approved');
}

const tags = (world: World, caller: Partner, q: object = {}) => {
  const r = listNewCustomerTags(world, caller, q);
  if (!r.ok) throw new Error(r.error.code);
  return r.value.new_customer_tags;
};

describe('new-customer tags domain', () => {
  it('shows no tag before real-name verification, UNDETERMINED after, then what Huawei set', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(tags(world, sp)).toEqual([{ customer_id: id, customer_tag_type: 'SMB' }]);
    setNewCustomerTag(world, {
      customer_id: id,
      new_customer_tag: 'Y',
      effective_time: '2024-01',
      expire_time: '2024-12',
    });
    expect(tags(world, sp)).toEqual([{ customer_id: id, customer_tag_type: 'SMB' }]);
    world.newCustomerTags.delete(id);
    verify(world, sp, id);
    expect(tags(world, sp)).toEqual([{ customer_id: id, customer_tag_type: 'SMB', new_customer_tag: 'UNDETERMINED' }]);
    setNewCustomerTag(world, {
      customer_id: id,
      new_customer_tag: 'Y',
      effective_time: '2024-01',
      expire_time: '2024-12',
    });
    expect(tags(world, sp)).toEqual([
      {
        customer_id: id,
        customer_tag_type: 'SMB',
        new_customer_tag: 'Y',
        effective_time: '2024-01',
        expire_time: '2024-12',
      },
    ]);
    expect(checkInvariants(world)).toEqual([]);
  });

  it('turns a Y tag into N once its expiry month is over', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    verify(world, sp, id);
    setNewCustomerTag(world, {
      customer_id: id,
      new_customer_tag: 'Y',
      effective_time: '2024-01',
      expire_time: '2024-02',
    });
    world.clock.set(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(tags(world, sp)![0]!.new_customer_tag).toBe('Y');
    world.clock.set(Date.UTC(2024, 2, 1));
    expect(tags(world, sp)![0]).toEqual({
      customer_id: id,
      customer_tag_type: 'SMB',
      new_customer_tag: 'N',
      effective_time: '2024-01',
      expire_time: '2024-02',
    });
  });

  it("filters out ids that are not the acting partner's customers, keeps the order given and pages", () => {
    const { world, sp, dist, res, customer } = setup();
    const mine = [customer(sp), customer(sp), customer(sp)];
    const theirs = customer(dist, res.id);
    expect(
      tags(world, sp, { customer_ids: [mine[2], theirs, 'missing', mine[0], mine[2]] })!.map((t) => t.customer_id),
    ).toEqual([mine[2], mine[0]]);
    expect(tags(world, sp)!.map((t) => t.customer_id)).toEqual([mine[2], mine[1], mine[0]]);
    expect(tags(world, sp, { customer_ids: [], offset: 1, limit: 1 })!.map((t) => t.customer_id)).toEqual([mine[1]]);
    expect(tags(world, sp, { customer_ids: null, offset: 3 })).toEqual([]);
    expect(tags(world, dist, { indirect_partner_id: res.id })!.map((t) => t.customer_id)).toEqual([theirs]);
    expect(tags(world, dist)).toEqual([]);
    expect(listNewCustomerTags(world, sp, { indirect_partner_id: res.id })).toMatchObject({
      ok: false,
      error: { code: 'CBC.99000037' },
    });
  });

  it('validates the control input: Y needs ordered months, the customer must exist', () => {
    const { world, sp, customer } = setup();
    const id = customer(sp);
    expect(setNewCustomerTag(world, { customer_id: id, new_customer_tag: 'Y' })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(
      setNewCustomerTag(world, {
        customer_id: id,
        new_customer_tag: 'N',
        effective_time: '2024-05',
        expire_time: '2024-04',
      }),
    ).toMatchObject({ ok: false });
    expect(setNewCustomerTag(world, { customer_id: 'nope', new_customer_tag: 'N' })).toMatchObject({
      ok: false,
      error: { code: 'CBC.0100' },
    });
    expect(world.newCustomerTags.size).toBe(0);
    expect(setNewCustomerTag(world, { customer_id: id, new_customer_tag: 'N' })).toEqual({
      ok: true,
      value: { tag: 'N' },
    });
  });
});
