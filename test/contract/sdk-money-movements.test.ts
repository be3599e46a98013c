/**
 * Money movements are not idempotent on the real API. For every operation marked `x-idempotent: false`, against
 * the mock: when the movement is applied and then its answer is lost (the mock's `fail_after_commit` fault, or a
 * connection that drops after the mock applied it), the SDK never sends it again by itself, the records show exactly
 * one movement, `client.reconcile.<method>` finds it, and with `reconcile: true` the call returns the movement's
 * answer rebuilt from the records. When the request provably never left (connection refused), or the records show it
 * was not applied, it is sent, once.
 */
import {
  createPartnerClient,
  NetworkError,
  PartnerCenterError,
  ReconcileError,
  type CallOptions,
  type PartnerClient,
} from '@partner-center/sdk';
import { operationTables } from '@partner-center/sdk/internal';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mswEnv, type TestEnv } from '../support/env.js';

type Cn = PartnerClient<'cn'>;
type Role = 'solution_provider' | 'distributor' | 'reseller';
type Fetch = (request: Request) => Promise<Response>;

const env: TestEnv = mswEnv();
afterAll(() => env.close());

const ids = { sp: '', dist: '', res: '' };
let n = 0;
const unique = () => `${(n++).toString(36)}${Date.now().toString(36)}`;

/** The fetch the SDK sees: normally MSW's (global fetch), or one of the faults below. */
let fault: 'none' | 'apply-then-drop' | 'drop-before' | 'refused' = 'none';
/** How many requests of an operation reached the mock (its request journal). */
const sentOf = async (id: string) => (await env.control.listRequests({ operation: id })).total_count;
const faulty: Fetch = async (req) => {
  // The reads `reconcile: true` makes before and after a movement (the records lookups) pass untouched.
  if (req.method === 'GET' || new URL(req.url).pathname.endsWith('/sub-customers/query')) return globalThis.fetch(req);
  if (fault === 'refused') {
    fault = 'none';
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
  }
  if (fault === 'drop-before') {
    fault = 'none';
    throw new TypeError('fetch failed');
  }
  const res = await globalThis.fetch(req);
  if (fault === 'apply-then-drop') {
    fault = 'none';
    await res.arrayBuffer();
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
  }
  return res;
};

/** A client of one of the mock's partners over the faulty fetch; waits between attempts are skipped. */
function client(role: Role): Cn {
  const p = env.partner({ role });
  return createPartnerClient({
    credentials: { accessKey: p.accessKey, secretKey: p.secretKey },
    fetch: faulty,
    retry: { sleep: async () => {} },
  });
}
/** A plain client, for setting up and reading state. */
const plain = (role: Role) => env.client({ role });

async function newCustomer(c: Cn) {
  const id = unique();
  return (
    await c.createSubCustomer({
      xaccount_id: `x-${id}`,
      xaccount_type: 'acme_IDP',
      domain_name: `mm-${id}`,
      include_association_result: true,
    })
  ).domain_id!;
}
async function quota(partner_id: string) {
  return (await env.control.grantCouponQuota({ partner_id, quota_value: 1000 })).quota_id;
}

/** One non-idempotent operation: who calls it, its input, how many of its movements the records hold, and what its answer must look like. */
interface Case {
  role: Role;
  setup(): Promise<{ input: any; count(): Promise<number>; check(output: any): Promise<void> }>;
}

const adjustCount =
  (c: Cn, customer_id: string, operation_type: 'SOURCE_OPERATION_BEADJUST' | 'SOURCE_OPERATION_BERETRIEVE') =>
  async () =>
    (await c.listPartnerAdjustRecords({ customer_id, operation_type })).total_count!;
const latestTrans = async (
  c: Cn,
  customer_id: string,
  operation_type: 'SOURCE_OPERATION_BEADJUST' | 'SOURCE_OPERATION_BERETRIEVE',
) => (await c.listPartnerAdjustRecords({ customer_id, operation_type, limit: 1 })).records![0]!.trans_id;

const cases: Record<string, Case> = {
  UpdateCustomerAccountAmount: {
    role: 'solution_provider',
    async setup() {
      const sp = plain('solution_provider');
      const customer_id = await newCustomer(sp);
      return {
        input: { customer_id, amount: 12.34 },
        count: adjustCount(sp, customer_id, 'SOURCE_OPERATION_BEADJUST'),
        check: async (o) =>
          expect(o).toEqual({ transfer_id: await latestTrans(sp, customer_id, 'SOURCE_OPERATION_BEADJUST') }),
      };
    },
  },
  ReclaimToPartnerAccount: {
    role: 'solution_provider',
    async setup() {
      const sp = plain('solution_provider');
      const customer_id = await newCustomer(sp);
      await sp.updateCustomerAccountAmount({ customer_id, amount: 50 });
      return {
        input: { customer_id, amount: '20.00' },
        count: adjustCount(sp, customer_id, 'SOURCE_OPERATION_BERETRIEVE'),
        check: async (o) =>
          expect(o).toEqual({ trans_id: await latestTrans(sp, customer_id, 'SOURCE_OPERATION_BERETRIEVE') }),
      };
    },
  },
  UpdateIndirectPartnerAccount: {
    role: 'distributor',
    async setup() {
      const dist = plain('distributor');
      return {
        input: { indirect_partner_id: ids.res, amount: 12.34 },
        count: adjustCount(dist, ids.res, 'SOURCE_OPERATION_BEADJUST'),
        check: async (o) =>
          expect(o).toEqual({ transfer_id: await latestTrans(dist, ids.res, 'SOURCE_OPERATION_BEADJUST') }),
      };
    },
  },
  ReclaimIndirectPartnerAccount: {
    role: 'distributor',
    async setup() {
      const dist = plain('distributor');
      await dist.updateIndirectPartnerAccount({ indirect_partner_id: ids.res, amount: 50 });
      return {
        input: { indirect_partner_id: ids.res, amount: 20 },
        count: adjustCount(dist, ids.res, 'SOURCE_OPERATION_BERETRIEVE'),
        check: async (o) =>
          expect(o).toEqual({ trans_id: await latestTrans(dist, ids.res, 'SOURCE_OPERATION_BERETRIEVE') }),
      };
    },
  },
  UpdateCouponQuotas: {
    role: 'distributor',
    async setup() {
      const dist = plain('distributor');
      const quota_id = await quota(ids.dist);
      const records = () => dist.listCouponQuotasRecords({ parent_quota_id: quota_id, operation_type: '10' });
      return {
        input: { quota_id, indirect_partner_ids: [ids.res], quota_amount: 10 },
        count: async () => (await records()).total_count!,
        check: async (o) =>
          expect(o).toEqual({
            simple_quota_infos: [{ id: ids.res, quota_id: (await records()).records![0]!.quota_id }],
          }),
      };
    },
  },
  ReclaimCouponQuotas: {
    role: 'distributor',
    async setup() {
      const dist = plain('distributor');
      const parent = await quota(ids.dist);
      const child = (
        await dist.updateCouponQuotas({ quota_id: parent, indirect_partner_ids: [ids.res], quota_amount: 25 })
      ).simple_quota_infos![0]!.quota_id;
      return {
        input: { quota_ids: [child], remark: 'reconciled' },
        count: async () => (await dist.listCouponQuotasRecords({ quota_id: child, operation_type: '11' })).total_count!,
        check: async (o) => expect(o).toEqual({ simple_quota_infos: [{ quota_id: child, quota_balance: 0 }] }),
      };
    },
  },
  CreatePartnerCoupons: {
    role: 'solution_provider',
    async setup() {
      const sp = plain('solution_provider');
      const customer = await newCustomer(sp);
      const quota_id = await quota(ids.sp);
      const records = () => sp.listPartnerCouponsRecord({ quota_id, operation_types: ['1'] });
      return {
        input: { quota_id, customer_ids: [customer], face_value: 10 },
        count: async () => (await records()).total_count!,
        check: async (o) =>
          expect(o).toEqual({
            coupon_infos: [{ id: customer, coupon_id: (await records()).records![0]!.coupon_id }],
          }),
      };
    },
  },
  ReclaimPartnerCoupons: {
    role: 'solution_provider',
    async setup() {
      const sp = plain('solution_provider');
      const customer = await newCustomer(sp);
      const quota_id = await quota(ids.sp);
      const coupon_id = (await sp.createPartnerCoupons({ quota_id, customer_ids: [customer], face_value: 10 }))
        .coupon_infos![0]!.coupon_id;
      return {
        input: { coupon_id },
        count: async () =>
          (await sp.listPartnerCouponsRecord({ coupon_ids: [coupon_id], operation_types: ['2'] })).total_count!,
        check: async (o) => expect(o).toBeUndefined(),
      };
    },
  },
  CreateSubCustomer: {
    role: 'solution_provider',
    async setup() {
      const sp = plain('solution_provider');
      const id = unique();
      // Associated at once: the customer list shows a customer only once its association has completed.
      const input = {
        xaccount_id: `x-${id}`,
        xaccount_type: 'acme_IDP',
        domain_name: `mm-new-${id}`,
        include_association_result: true,
      };
      const list = () => sp.listSubCustomers({ account_name: input.domain_name });
      return {
        input,
        count: async () => (await list()).count!,
        check: async (o) =>
          expect(o).toEqual({
            domain_id: (await list()).customer_infos![0]!.customer_id,
            domain_name: input.domain_name,
          }),
      };
    },
  },
};

/** Calls operation `id` on a client by its method name. */
const call = (c: Cn, id: string, input: unknown, o?: CallOptions) =>
  (c as any)[id[0]!.toLowerCase() + id.slice(1)](input, o) as Promise<unknown>;
const reconcile = (c: Cn, id: string, input: unknown, since: Date) =>
  (c.reconcile as any)[id[0]!.toLowerCase() + id.slice(1)](input, { since });

beforeEach(async () => {
  await env.control.reset();
  // Records carry the mock's virtual time: align it with the wall clock the SDK's reconciliation window uses.
  await env.control.setClock({ now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), frozen: true });
  ids.sp = env.partner({ role: 'solution_provider' }).id;
  ids.dist = env.partner({ role: 'distributor' }).id;
  ids.res = env.partner({ role: 'reseller' }).id;
  fault = 'none';
});

it('covers every operation with a reconciliation; each money movement is marked non-idempotent and has one', () => {
  const ops = operationTables.cn as Record<string, { idempotent?: boolean; reconcile?: unknown }>;
  expect(
    Object.keys(ops)
      .filter((id) => ops[id]!.reconcile)
      .sort(),
  ).toEqual(Object.keys(cases).sort());
  for (const id of Object.keys(cases))
    expect(ops[id], id).toMatchObject({ idempotent: false, reconcile: expect.any(Object) });
});

describe.each(Object.entries(cases))('%s', (id, c) => {
  it('applied, then the answer failed (fail_after_commit, 5xx): not resent, found by reconcile', async () => {
    const { input, count, check } = await c.setup();
    const since = new Date();
    const before = await sentOf(id);
    await env.control.addFault({ action: 'fail_after_commit', operation: id, nth: 1, status: 503 });
    const e = await call(client(c.role), id, input).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect(e).toMatchObject({ status: 503, uncertain: true, attempts: 1 });
    expect(await count()).toBe(1);
    expect((await sentOf(id)) - before).toBe(1);

    const found = await reconcile(client(c.role), id, input, since);
    expect(found.status).toBe('applied');
    await check(found.output);
  });

  it('applied, then the connection dropped: not resent; with reconcile: true the answer is rebuilt from the records', async () => {
    const { input, count } = await c.setup();
    let before = await sentOf(id);
    fault = 'apply-then-drop';
    const e = await call(client(c.role), id, input).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(e).toMatchObject({ uncertain: true, attempts: 1 });
    expect((await sentOf(id)) - before).toBe(1);
    expect(await count()).toBe(1);

    // A second movement of the same kind (for a reseller, the same reseller): its records are counted from here.
    const again = await c.setup();
    before = await sentOf(id);
    const movements = await again.count();
    fault = 'apply-then-drop';
    const output = await call(client(c.role), id, again.input, { reconcile: true });
    expect((await sentOf(id)) - before).toBe(1);
    expect((await again.count()) - movements).toBe(1);
    await again.check(output);
  });

  it('dropped before reaching the mock: no record, but a dropped connection proves nothing, so not resent', async () => {
    const { input, count } = await c.setup();
    fault = 'drop-before';
    const before = await sentOf(id);
    const e = await call(client(c.role), id, input, { reconcile: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e).toMatchObject({ reason: 'not-found', uncertain: true });
    expect((await sentOf(id)) - before).toBe(0);
    expect(await count()).toBe(0);
  });

  it('refused with a 5xx that did not commit: records written with the movement prove it, so it is sent once more', async () => {
    const { input, count, check } = await c.setup();
    await env.control.addFault({ action: 'error', operation: id, nth: 1, status: 500 });
    const before = await sentOf(id);
    const consistent = (operationTables.cn as Record<string, { reconcile?: { consistent?: boolean } }>)[id]!.reconcile!
      .consistent;
    if (!consistent) {
      // Records that may lag the movement (a customer's association is asynchronous) prove nothing: not resent.
      const e = await call(client(c.role), id, input, { reconcile: true }).catch((x: unknown) => x);
      expect(e).toMatchObject({ name: 'ReconcileError', reason: 'not-found', uncertain: true });
      expect((await sentOf(id)) - before).toBe(1);
      return;
    }
    const output = await call(client(c.role), id, input, { reconcile: true });
    expect((await sentOf(id)) - before).toBe(2); // the refused one, and the one sent again
    expect(await count()).toBe(1);
    await check(output);
  });

  it('connection refused (provably not sent): retried by itself, applied once', async () => {
    const { input, count, check } = await c.setup();
    fault = 'refused';
    const before = await sentOf(id);
    const output = await call(client(c.role), id, input);
    expect((await sentOf(id)) - before).toBe(1);
    expect(await count()).toBe(1);
    await check(output);
  });
});

it('reconciles a batch target by target: only the customers without a coupon are sent again', async () => {
  const sp = plain('solution_provider');
  const good = await newCustomer(sp);
  const referral = (
    await sp.createSubCustomer({
      xaccount_id: `x-${unique()}`,
      xaccount_type: 'acme_IDP',
      cooperation_type: '1',
      include_association_result: true,
    })
  ).domain_id!;
  const quota_id = await quota(ids.sp);
  // Applied, then answered 500: the service is done with the request, so the records prove which targets moved.
  await env.control.addFault({ action: 'fail_after_commit', operation: 'CreatePartnerCoupons', nth: 1, status: 500 });
  const out = (await client('solution_provider').createPartnerCoupons(
    { quota_id, customer_ids: [good, referral], face_value: 10 },
    { reconcile: true },
  )) as any;
  const requests = (await env.control.listRequests({ operation: 'CreatePartnerCoupons', limit: 1000 })).requests.filter(
    (r) => (r.request as { quota_id: string }).quota_id === quota_id,
  );
  expect(requests.map((r) => (r.request as { customer_ids: string[] }).customer_ids)).toEqual([
    [good, referral],
    [referral],
  ]);
  expect(out.coupon_infos).toEqual([{ id: good, coupon_id: expect.any(String) }]);
  expect(out.error_details).toEqual([expect.objectContaining({ id: referral })]);
  expect((await sp.listPartnerCouponsRecord({ quota_id, operation_types: ['1'] })).total_count).toBe(1);
});

it('is not fooled by an earlier identical movement outside the window', async () => {
  const sp = plain('solution_provider');
  const customer_id = await newCustomer(sp);
  await sp.updateCustomerAccountAmount({ customer_id, amount: 5 });
  await env.control.advanceClock({ seconds: 3600 });
  const found = await sp.reconcile.updateCustomerAccountAmount(
    { customer_id, amount: 5 },
    { since: new Date(Date.now() + 3600_000) },
  );
  expect(found).toEqual({ status: 'not-found', remaining: { customer_id, amount: 5 } });
});

it('a customer still associating is not listed yet: not resent, the outcome is reported unknown', async () => {
  const sp = plain('solution_provider');
  const id = unique();
  const input = { xaccount_id: `x-${id}`, xaccount_type: 'acme_IDP', domain_name: `mm-async-${id}` };
  fault = 'apply-then-drop';
  const before = await sentOf('CreateSubCustomer');
  const e = await client('solution_provider')
    .createSubCustomer(input, { reconcile: true })
    .catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ReconcileError);
  expect(e).toMatchObject({ reason: 'not-found', uncertain: true });
  expect((await sentOf('CreateSubCustomer')) - before).toBe(1);
  await env.control.advanceClock({ seconds: 5 });
  expect((await sp.listSubCustomers({ account_name: input.domain_name })).count).toBe(1);
  expect(await sp.reconcile.createSubCustomer(input, { since: new Date() })).toMatchObject({
    status: 'applied',
    output: { domain_name: input.domain_name },
  });
});
