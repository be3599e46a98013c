import { describe, expect, it } from 'vitest';
import { keysOfOutput, mergeOutputs, reconcileWith, signatures, utcSeconds, type ReconcileSpec } from './reconcile.js';

/** A lookup over in-memory records that also records the query it was given. */
function lookup(records: Record<string, unknown>[]) {
  const calls: { operationId: string; query: Record<string, unknown> }[] = [];
  const list = async function* (operationId: string, query: Record<string, unknown>) {
    calls.push({ operationId, query });
    yield* records;
  };
  return { calls, list };
}

const since = new Date(Date.UTC(2024, 0, 1, 10, 0, 0, 500));

const allocation: ReconcileSpec = {
  lookup: 'ListPartnerAdjustRecords',
  key: 'trans_id',
  consistent: true,
  query: {
    customer_id: '$customer_id',
    operation_type: 'SOURCE_OPERATION_BEADJUST',
    operation_time_begin: '$since',
    indirect_partner_id: '$indirect_partner_id',
  },
  match: { amount: '$amount' },
  result: { transfer_id: 'trans_id' },
};

const coupons: ReconcileSpec = {
  lookup: 'ListPartnerCouponsRecord',
  key: 'coupon_id',
  each: 'customer_ids',
  query: { quota_id: '$quota_id', operation_types: ['1'], operation_time_begin: '$since' },
  match: { customer_id: '$each', operation_amount: '$face_value', result: '0' },
  result: { error_details: [], coupon_infos: { id: '$each', coupon_id: 'coupon_id' } },
};

describe('reconciliation from the records', () => {
  it('builds the lookup query from the input, leaving out what the input lacks', async () => {
    const { calls, list } = lookup([]);
    await reconcileWith(allocation, { customer_id: 'c1', amount: 10 }, since, list);
    expect(calls).toEqual([
      {
        operationId: 'ListPartnerAdjustRecords',
        query: {
          customer_id: 'c1',
          operation_type: 'SOURCE_OPERATION_BEADJUST',
          operation_time_begin: '2024-01-01T10:00:00Z',
        },
      },
    ]);
    expect(utcSeconds(since)).toBe('2024-01-01T10:00:00Z');
  });

  it('finds a movement by amount in cents and rebuilds its answer', async () => {
    const { list } = lookup([
      { trans_id: 'AD1', amount: '9.99' },
      { trans_id: 'AD2', amount: '10.00' },
    ]);
    expect(await reconcileWith(allocation, { customer_id: 'c1', amount: 10 }, since, list)).toEqual({
      status: 'applied',
      output: { transfer_id: 'AD2' },
      claimed: ['AD2'],
    });
    expect(await reconcileWith(allocation, { customer_id: 'c1', amount: '10.1' }, since, list)).toEqual({
      status: 'not-found',
      remaining: { customer_id: 'c1', amount: '10.1' },
      claimed: [],
    });
  });

  it('never equates long numeric ids as amounts', async () => {
    const spec: ReconcileSpec = { lookup: 'L', key: 'coupon_id', query: {}, match: { coupon_id: '$coupon_id' } };
    const { list } = lookup([{ coupon_id: '2018011615520151' }]);
    expect((await reconcileWith(spec, { coupon_id: '2018011615520150' }, since, list)).status).toBe('not-found');
    expect(await reconcileWith(spec, { coupon_id: '2018011615520151' }, since, list)).toEqual({
      status: 'applied',
      output: undefined,
      claimed: ['2018011615520151'],
    });
  });

  it('matches a batch target by target and leaves only the missing targets to send', async () => {
    const { list } = lookup([
      { customer_id: 'a', operation_amount: 5, coupon_id: 'K-a', result: '0' },
      { customer_id: 'b', operation_amount: 7, coupon_id: 'K-b-other-value', result: '0' },
      { customer_id: 'c', operation_amount: 5, coupon_id: 'K-c-failed', result: '-1' },
    ]);
    const input = { quota_id: 'q', customer_ids: ['a', 'b', 'c'], face_value: 5 };
    expect(await reconcileWith(coupons, input, since, list)).toEqual({
      status: 'partial',
      output: { error_details: [], coupon_infos: [{ id: 'a', coupon_id: 'K-a' }] },
      remaining: { ...input, customer_ids: ['b', 'c'] },
      claimed: ['K-a'],
    });
  });

  it('uses each record for one target only', async () => {
    const { list } = lookup([{ customer_id: 'a', operation_amount: 5, coupon_id: 'K1', result: '0' }]);
    const r = await reconcileWith(coupons, { quota_id: 'q', customer_ids: ['a', 'a'], face_value: 5 }, since, list);
    expect(r).toMatchObject({ status: 'partial', remaining: { customer_ids: ['a'] } });
  });

  it('takes only a record that did not exist before: an earlier identical movement is never this one', async () => {
    const { list } = lookup([
      { trans_id: 'AD-earlier', amount: '10.00' },
      { trans_id: 'AD-new', amount: '10.00' },
    ]);
    const input = { customer_id: 'c1', amount: 10 };
    expect(await reconcileWith(allocation, input, since, list, new Set(['AD-earlier']))).toMatchObject({
      status: 'applied',
      output: { transfer_id: 'AD-new' },
    });
    expect(await reconcileWith(allocation, input, since, list, new Set(['AD-earlier', 'AD-new']))).toMatchObject({
      status: 'not-found',
    });
  });

  it('two or more new candidates are ambiguous, never a success', async () => {
    const { list } = lookup([
      { trans_id: 'AD1', amount: '10.00' },
      { trans_id: 'AD2', amount: 10 },
    ]);
    expect(await reconcileWith(allocation, { customer_id: 'c1', amount: 10 }, since, list)).toEqual({
      status: 'ambiguous',
      candidates: [
        { trans_id: 'AD1', amount: '10.00' },
        { trans_id: 'AD2', amount: 10 },
      ],
      claimed: [],
    });
  });

  it('names the record keys of an answer, and one signature per target', () => {
    expect(keysOfOutput(allocation, { customer_id: 'c1', amount: 10 }, { transfer_id: 'AD9' })).toEqual(['AD9']);
    expect(
      keysOfOutput(coupons, { customer_ids: ['a', 'b'] }, { coupon_infos: [{ id: 'a', coupon_id: 'K-a' }] }),
    ).toEqual(['K-a']);
    const reclaim: ReconcileSpec = { lookup: 'L', key: 'coupon_id', query: {}, match: { coupon_id: '$coupon_id' } };
    expect(keysOfOutput(reclaim, { coupon_id: 'K-1' }, undefined)).toEqual(['K-1']);
    const a = signatures(allocation, { customer_id: 'c1', amount: 10 });
    expect(a).toEqual(signatures(allocation, { customer_id: 'c1', amount: 10 }));
    expect(a).not.toEqual(signatures(allocation, { customer_id: 'c1', amount: 11 }));
    expect(signatures(coupons, { quota_id: 'q', customer_ids: ['a', 'b'], face_value: 5 })).toHaveLength(2);
  });

  it('merges the parts of a batch answer', () => {
    expect(mergeOutputs(undefined, { x: [1] })).toEqual({ x: [1] });
    expect(mergeOutputs({ x: [1], y: [], n: 1 }, { x: [2], y: [3], n: 2 })).toEqual({ x: [1, 2], y: [3], n: 2 });
    expect(mergeOutputs({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});
