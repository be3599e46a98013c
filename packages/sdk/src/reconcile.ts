/**
 * Finding out whether a money movement whose outcome is unknown was applied, from the service's own records, so it
 * is never sent twice and never reported done without a record of its own (the real API has no idempotency key).
 * Generic: each non-idempotent operation's spec entry says, in `x-reconcile`, which records operation to read, with
 * which filters, how a record matches, which record field identifies a record (`key`), whether the service writes
 * the record with the movement itself (`consistent`), and how the answer is rebuilt. A batch (`each`: coupons to
 * several customers, quotas to several resellers) is matched target by target, so only the targets not found are
 * sent again.
 *
 * A record counts only if it did not exist before the movement was first sent (its key is not in `exclude`: the
 * records read before sending, and those already claimed by other movements of the same client), and only if it is
 * the one such record: two or more candidates are ambiguous, never a success.
 *
 * In the description, a string `$name` is the input's field `name` (`$since`: the start of the time window,
 * `$each`: the batch target); in `result`, another string names a field of the matched record, an object is the
 * item shape of a list built from every matched target, anything else is a literal.
 */
import { SdkError } from './errors.js';

type Rec = Record<string, any>;

/** How an operation is looked up (the `x-reconcile` extension of the spec). */
export interface ReconcileSpec {
  /** The records operation to read. */
  lookup: string;
  /** For a batch: the input's array field, one movement per element. */
  each?: string;
  /** Filters of the lookup; a `$ref` that resolves to nothing (or `""`) is left out. */
  query: Rec;
  /** Record fields that must equal these values (amounts are compared in cents). */
  match: Rec;
  /** The record field that identifies one record (a transaction id, a coupon id…). */
  key: string;
  /** True when the service writes the record together with the movement: no record then proves nothing moved. */
  consistent?: boolean;
  /** The shape of the movement's answer; absent for an empty (204) answer. */
  result?: Rec;
}

/** What a lookup found. `remaining` is what may still be sent: the whole input, or a batch's missing targets. */
export type Reconciliation<O, I> =
  | { status: 'applied'; output: O }
  | { status: 'partial'; output: O; remaining: I }
  | { status: 'not-found'; remaining: I }
  | { status: 'ambiguous'; candidates: Rec[] };

/** Why a reconciliation could not settle a movement whose outcome is unknown; the money may or may not have moved. */
export class ReconcileError extends SdkError {
  override name = 'ReconcileError';
  /**
   * `ambiguous`: two or more new records match (listed in `candidates`); `not-found`: no record, and the records do
   * not prove nothing moved; `concurrent`: an identical movement of this client is still pending, so a record could
   * be either's.
   */
  readonly reason: 'ambiguous' | 'not-found' | 'concurrent';
  /** The records that could be this movement's (for `ambiguous`). */
  readonly candidates: Rec[];

  constructor(operationId: string, reason: ReconcileError['reason'], candidates: Rec[], cause: SdkError) {
    super(`${operationId}: outcome unknown (${reason}); check the records before sending it again`, {
      operationId,
      status: cause.status,
      requestId: cause.requestId,
      attempts: cause.attempts,
      uncertain: true,
      cause,
    });
    this.reason = reason;
    this.candidates = candidates;
  }
}

const MONEY = /^-?\d{1,12}(\.\d+)?$/;
/** Equal as strings, or as amounts in cents when both read as amounts (`10` = `"10.00"`). */
const same = (a: unknown, b: unknown) =>
  String(a) === String(b) ||
  (MONEY.test(String(a)) && MONEY.test(String(b)) && Math.round(Number(a) * 100) === Math.round(Number(b) * 100));

const resolve = (v: unknown, vars: Rec): any =>
  typeof v === 'string' && v[0] === '$' ? vars[v.slice(1)] : Array.isArray(v) ? v.map((x) => resolve(x, vars)) : v;

const build = (shape: Rec, rec: Rec, vars: Rec) =>
  Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, typeof v === 'string' && v[0] !== '$' ? rec[v] : resolve(v, vars)]),
  );

/** `yyyy-MM-ddTHH:mm:ssZ`, the service's timestamp format. */
export function utcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Lister = (operationId: string, query: Rec) => AsyncIterable<Rec>;

function lookupQuery(spec: ReconcileSpec, input: Rec, since: Date): Rec {
  const vars = { ...input, since: utcSeconds(since) };
  const query: Rec = {};
  for (const [k, v] of Object.entries(spec.query)) {
    const r = resolve(v, vars);
    if (r != null && r !== '' && !(Array.isArray(r) && r.some((x) => x == null))) query[k] = r;
  }
  return query;
}

async function read(spec: ReconcileSpec, input: Rec, since: Date, list: Lister): Promise<Rec[]> {
  const records: Rec[] = [];
  for await (const rec of list(spec.lookup, lookupQuery(spec, input, since))) records.push(rec);
  return records;
}

const keyOf = (spec: ReconcileSpec, rec: Rec) => String(rec[spec.key]);
/** The movement's targets: a batch's elements, or the one movement (`undefined`). */
const targets = (spec: ReconcileSpec, input: Rec): unknown[] => (spec.each ? (input[spec.each] ?? []) : [undefined]);

/** The keys of the records the lookup shows now: read before a movement is sent, they can never be its record. */
export async function recordKeys(spec: ReconcileSpec, input: Rec, since: Date, list: Lister): Promise<Set<string>> {
  return new Set((await read(spec, input, since, list)).map((r) => keyOf(spec, r)));
}

/**
 * One string per target of a movement: what a record must show to be that target's. Two movements sharing one
 * cannot tell their records apart.
 */
export function signatures(spec: ReconcileSpec, input: Rec): string[] {
  // The epoch stands for the time window, the same for every movement.
  const query = lookupQuery(spec, input, new Date(0));
  return targets(spec, input).map((each) =>
    JSON.stringify([spec.lookup, query, Object.values(spec.match).map((m) => String(resolve(m, { ...input, each })))]),
  );
}

/** The record keys a successful answer names (a transaction id, the coupon ids…), to claim them for its movement. */
export function keysOfOutput(spec: ReconcileSpec, input: Rec, output: unknown): string[] {
  const out: Rec = output ?? {};
  const keys: unknown[] = [];
  for (const [field, shape] of Object.entries(spec.result ?? {})) {
    if (shape === spec.key) keys.push(out[field]);
    if (shape && typeof shape === 'object')
      for (const [f, s] of Object.entries(shape as Rec))
        if (s === spec.key) for (const item of out[field] ?? []) keys.push(item?.[f]);
  }
  // An empty (204) answer: the key is the input's, when the record is matched on it (a reclaimed coupon's id).
  const own = spec.match[spec.key];
  if (!spec.result && typeof own === 'string') keys.push(resolve(own, input));
  return keys.filter((k) => k != null).map(String);
}

/**
 * Reads the records from `since` on and matches them against the movement, leaving out every record whose key is in
 * `exclude`. `claimed` lists the keys of the records attributed to the movement.
 */
export async function reconcileWith(
  spec: ReconcileSpec,
  input: Rec,
  since: Date,
  list: Lister,
  exclude: ReadonlySet<string> = new Set(),
): Promise<Reconciliation<unknown, Rec> & { claimed: string[] }> {
  const vars = { ...input, since: utcSeconds(since) };
  const records = (await read(spec, input, since, list)).filter((r) => !exclude.has(keyOf(spec, r)));

  const used = new Set<Rec>();
  const found: [unknown, Rec][] = [];
  const missing: unknown[] = [];
  for (const each of targets(spec, input)) {
    const v = { ...vars, each };
    const candidates = records.filter(
      (rec) => !used.has(rec) && Object.entries(spec.match).every(([k, m]) => same(rec[k], resolve(m, v))),
    );
    if (candidates.length > 1) return { status: 'ambiguous', candidates, claimed: [] };
    if (candidates[0]) {
      used.add(candidates[0]);
      found.push([each, candidates[0]]);
    } else missing.push(each);
  }
  const claimed = found.map(([, rec]) => keyOf(spec, rec));
  if (!found.length) return { status: 'not-found', remaining: input, claimed };
  const shape = spec.result;
  const output = !shape
    ? undefined
    : spec.each
      ? Object.fromEntries(
          Object.entries(shape).map(([k, v]) => [
            k,
            v && typeof v === 'object' && !Array.isArray(v)
              ? found.map(([each, rec]) => build(v, rec, { ...vars, each }))
              : v,
          ]),
        )
      : build(shape, found[0]![1], vars);
  return spec.each && missing.length
    ? { status: 'partial', output, remaining: { ...input, [spec.each]: missing }, claimed }
    : { status: 'applied', output, claimed };
}

/** Merges the answers of a batch sent in parts: arrays are concatenated, other fields taken from the latest part. */
export function mergeOutputs(a: unknown, b: unknown): unknown {
  if (!a || typeof a !== 'object' || !b || typeof b !== 'object') return b ?? a;
  const out: Rec = { ...(a as Rec) };
  for (const [k, v] of Object.entries(b as Rec))
    out[k] = Array.isArray(v) && Array.isArray(out[k]) ? [...out[k], ...v] : v;
  return out;
}
