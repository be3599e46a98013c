/**
 * Calls of an operation as the typed methods make them (reconciling an uncertain money movement when asked), and
 * iteration over every page of an offset/limit operation.
 */
import type { CallOptions } from './call-types.js';
import { SdkError } from './errors.js';
import { createReconciled } from './reconciled.js';
import type { RetryOptions } from './retry.js';
import type { OperationEntry, Rec } from './send.js';
import { notify, type Hooks } from './transport.js';

/** How far before a movement was sent its records are read (the clocks of client and server may differ). */
export const SKEW_MS = 15 * 60_000;

/** The client options calling reads. */
export interface CallsOptions {
  retry?: RetryOptions | false | undefined;
  reconcile?: boolean | undefined;
}

/**
 * Builds `call` (one call of an operation by its operationId) and `iterate` (every item of every page). Positional
 * rather than an object of dependencies: the names of its fields would ship in every application's bundle.
 */
export function createCalls(
  table: Record<string, OperationEntry>,
  send: (op: OperationEntry, input: unknown, o: CallOptions) => Promise<unknown>,
  now: () => Date,
  hooks: Hooks,
  options: CallsOptions,
) {
  const reconciled = createReconciled(
    send,
    (id, q, o) => iterate(id, q, o),
    now,
    () => options.retry,
  );
  const call = async (operationId: string, input: unknown, o: CallOptions = {}): Promise<unknown> => {
    const op = table[operationId]!;
    const r = (o.reconcile ?? options.reconcile) && !op.idempotent ? op.reconcile : undefined;
    try {
      return r ? await reconciled(op, r, input, o) : await send(op, input, o);
    } catch (e) {
      if (e instanceof SdkError) notify(hooks.onError, { operationId, error: e });
      throw e;
    }
  };

  /** Every item of every page, offset by the number of items received (robust to a server that caps `limit`). */
  async function* iterate(operationId: string, input: unknown, o: CallOptions = {}): AsyncGenerator<Rec> {
    const op = table[operationId];
    if (!op?.pagination) throw new TypeError(`${operationId} has no x-pagination`);
    const { items, total, pageSize } = op.pagination;
    const base = (input ?? {}) as Rec;
    const limit: number = base.limit ?? pageSize;
    let offset: number = base.offset ?? 0;
    for (;;) {
      const page = (await call(operationId, { ...base, offset, limit }, o)) as Rec | undefined;
      const list: Rec[] = page?.[items] ?? [];
      yield* list;
      offset += list.length;
      const count = total ? page?.[total] : undefined;
      if (list.length === 0 || (typeof count === 'number' ? offset >= count : list.length < limit)) return;
    }
  }
  return { call, iterate };
}
