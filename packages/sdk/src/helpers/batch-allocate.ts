/**
 * Batch allocation (批量拨款), as the Partner Center console offers it, over the real single-allocation operation
 * (`UpdateCustomerAccountAmount`): the open API has no batch call. Each customer succeeds or fails on its own, and
 * the report lists both; a failed allocation changed nothing for that customer.
 */
import type { CallOptions, PartnerClient } from '../client.js';

/** One allocation of a batch. */
export interface BatchAllocationItem {
  /** The reseller-model (代售) customer to fund. */
  customer_id: string;
  /** Yuan, greater than 0 with at most 2 decimals (number or numeric string). */
  amount: number | string;
}

/** Options of {@link batchAllocate}: per-call options for every allocation, plus the batch's own. */
export interface BatchAllocateOptions extends CallOptions {
  /** A distributor allocating from one of its tier-2 resellers' balances to that reseller's customers. */
  indirect_partner_id?: string;
  /**
   * Allocations in flight at once (default 1: in order, so a balance running short fails the later items, as in
   * the console). At most 10.
   */
  concurrency?: number;
}

/** The outcome of one allocation: its transfer id, or the error it failed with. */
export type BatchAllocationResult =
  | { customer_id: string; amount: number | string; ok: true; transfer_id: string }
  | { customer_id: string; amount: number | string; ok: false; error: unknown };

/** What a batch did, item by item in request order. */
export interface BatchAllocationReport {
  /** One result per item, in the order of the items. */
  results: BatchAllocationResult[];
  /** How many allocations were applied. */
  succeeded: number;
  /** How many failed (and changed nothing for their customer). */
  failed: number;
}

/** The client calls the helper needs (a China-site client). */
export type AllocatingClient = Pick<PartnerClient<'cn'>, 'updateCustomerAccountAmount'>;

/**
 * Allocates to several customers, each on its own, through `UpdateCustomerAccountAmount`. Never rejects for a
 * failed item: the error (a `PartnerCenterError` with the service's code, a `RequestValidationError`, a
 * `NetworkError`, or the abort reason) is in that item's result. Once `signal` aborts, items not yet started fail
 * with the abort reason without being sent. With `reconcile` (a call option), an allocation whose answer was lost
 * is looked up in the adjust records by customer and amount: give a batch distinct (customer, amount) pairs, or a
 * lost answer may be matched with an earlier item's record.
 */
export async function batchAllocate(
  client: AllocatingClient,
  items: readonly BatchAllocationItem[],
  options: BatchAllocateOptions = {},
): Promise<BatchAllocationReport> {
  const { indirect_partner_id, concurrency = 1, ...callOptions } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10)
    throw new RangeError(`concurrency must be an integer from 1 to 10, got ${concurrency}`);
  const results: BatchAllocationResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const { customer_id, amount } = items[i]!;
      if (callOptions.signal?.aborted) {
        results[i] = { customer_id, amount, ok: false, error: callOptions.signal.reason };
        continue;
      }
      try {
        const body = { customer_id, amount, ...(indirect_partner_id !== undefined ? { indirect_partner_id } : {}) };
        const { transfer_id } = await client.updateCustomerAccountAmount(body, callOptions);
        results[i] = { customer_id, amount, ok: true, transfer_id };
      } catch (error) {
        results[i] = { customer_id, amount, ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
