/**
 * A money movement sent with `reconcile: true`: the records matching it are read before it is sent; after an
 * uncertain failure exactly one new record settles it; none is sent again only when that proves nothing moved (the
 * service writes its records with the movement, and it answered); anything else throws a {@link ReconcileError}
 * (uncertain). Never a success without a record of its own.
 */
import type { CallOptions } from './call-types.js';
import { SdkError } from './errors.js';
import {
  keysOfOutput,
  mergeOutputs,
  ReconcileError,
  type ReconcileSpec,
  reconcileWith,
  recordKeys,
  signatures,
} from './reconcile.js';
import { resolveRetry, type RetryOptions } from './retry.js';
import type { OperationEntry, Rec } from './send.js';

/**
 * How far back `reconcile: true` reads the records around a movement. Wide, because the lookup's time filter uses this
 * machine's clock: a record stamped before the window by a service whose clock is behind would be missed, and its
 * movement sent again. Older records cost only reading; they existed before the call and are never taken for it.
 */
const WINDOW_MS = 24 * 3600_000;

type Send = (op: OperationEntry, input: unknown, o: CallOptions) => Promise<unknown>;
type Iterate = (operationId: string, input: unknown, o: CallOptions) => AsyncIterable<Rec>;

/**
 * Builds the reconciling sender of one client. It remembers the records already attributed to this client's
 * movements (per lookup; bounded, the oldest dropped) and the movements still pending, so a record is never taken for
 * two movements.
 */
export function createReconciled(
  send: Send,
  iterate: Iterate,
  now: () => Date,
  retry: () => RetryOptions | false | undefined,
) {
  const claimed = new Map<string, Set<string>>();
  const claim = (lookup: string, keys: Iterable<string>) => {
    const set = claimed.get(lookup) ?? claimed.set(lookup, new Set()).get(lookup)!;
    for (const k of keys) set.add(k);
    for (const k of set) {
      if (set.size <= 10_000) break;
      set.delete(k);
    }
  };
  const pending = new Set<{ operationId: string; signatures: Set<string> }>();
  const twinOf = (m: { operationId: string; signatures: Set<string> }) =>
    [...pending].some(
      (p) => p !== m && p.operationId === m.operationId && [...p.signatures].some((x) => m.signatures.has(x)),
    );

  return async (op: OperationEntry, r: ReconcileSpec, input: unknown, o: CallOptions): Promise<unknown> => {
    const since = new Date(now().getTime() - WINDOW_MS);
    const list = (id: string, q: Rec) => iterate(id, q, o);
    const before = await recordKeys(r, input as Rec, since, list);
    const movement = { operationId: op.operationId, signatures: new Set(signatures(r, input as Rec)) };
    pending.add(movement);
    let rest = input;
    let merged: unknown;
    let rounds = 0;
    try {
      for (;;) {
        try {
          const output = await send(op, rest, o);
          claim(r.lookup, keysOfOutput(r, rest as Rec, output));
          return mergeOutputs(merged, output);
        } catch (e) {
          if (!(e instanceof SdkError) || !e.uncertain) throw e;
          if (twinOf(movement)) throw new ReconcileError(op.operationId, 'concurrent', [], e);
          const exclude = new Set([...before, ...(claimed.get(r.lookup) ?? [])]);
          const found = await reconcileWith(r, rest as Rec, since, list, exclude).catch(() => {
            throw e;
          });
          if (found.status === 'ambiguous') throw new ReconcileError(op.operationId, 'ambiguous', found.candidates, e);
          claim(r.lookup, found.claimed);
          if (found.status === 'applied') return mergeOutputs(merged, found.output);
          // What the records lack is sent again only when they prove it did not move: the service writes them with
          // the movement (`consistent`) and it answered (a 5xx), so it is done with the request; a timeout or a
          // dropped connection may still be at work. The sends stay within maxAttempts.
          if (!r.consistent || e.status === undefined) throw new ReconcileError(op.operationId, 'not-found', [], e);
          if (++rounds >= resolveRetry(retry(), o.retry).maxAttempts) throw e;
          if (found.status === 'partial') merged = mergeOutputs(merged, found.output);
          rest = found.remaining;
        }
      }
    } finally {
      pending.delete(movement);
    }
  };
}
