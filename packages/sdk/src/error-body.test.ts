/**
 * The service answers some refusals with HTTP 200 and the error body (reference §1.5: ReclaimPartnerCoupons'
 * CBC.99000048, ListPartnerBalances' CBC.5001): a body with a top-level `error_code` is an error whatever the status,
 * while a batch's per-item failures (`error_details`) are not.
 */
import { describe, expect, it } from 'vitest';
import { PartnerCenterError } from './errors.js';
import { createPartnerClient } from './sites.js';

const answer = (status: number, body: unknown) => async () =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
  });

const client = (fetch: () => Promise<Response>) =>
  createPartnerClient({ credentials: { accessKey: 'AK', secretKey: 'SK' }, fetch, retry: false });

describe('a top-level error_code is an error whatever the status', () => {
  it('throws a 200 carrying CBC.99000048 (coupon expired or already reclaimed), not marked uncertain', async () => {
    const c = client(answer(200, { error_code: 'CBC.99000048', error_msg: 'The coupon was already reclaimed.' }));
    const e = await c.reclaimPartnerCoupons({ coupon_id: 'CP1' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect(e).toMatchObject({ status: 200, code: 'CBC.99000048', uncertain: false });
  });

  it('throws a 200 carrying CBC.5001 (caller not a partner)', async () => {
    const c = client(answer(200, { error_code: 'CBC.5001', error_msg: 'Not a partner.' }));
    await expect(c.listPartnerBalances()).rejects.toMatchObject({ status: 200, code: 'CBC.5001' });
  });

  it('returns a batch answer whose failures are per item, and a 204', async () => {
    const partial = { error_details: [{ id: 'c2', error_code: 'CBC.99000014', error_msg: 'Referral.' }] };
    await expect(
      client(answer(200, partial)).createPartnerCoupons({ quota_id: 'q', customer_ids: ['c2'], face_value: 1 }),
    ).resolves.toEqual(partial);
    await expect(client(answer(204, undefined)).reclaimPartnerCoupons({ coupon_id: 'CP1' })).resolves.toBeUndefined();
    // An empty error_code is not an error code.
    await expect(client(answer(200, { error_code: '', account_balances: [] })).listPartnerBalances()).resolves.toEqual({
      error_code: '',
      account_balances: [],
    });
  });
});
