/**
 * Finding out whether a money movement whose outcome is unknown was applied, from the service's own records, so it
 * is never sent twice (the real API has no idempotency key). Generic: each non-idempotent operation's spec entry
 * says, in `x-reconcile`, which records operation to read, with which filters, how a record matches, and how the
 * answer is rebuilt. A batch (`each`: coupons to several customers, quotas to several resellers) is matched
 * target by target, so only the targets not found are sent again.
 *
 * In the description, a string `$name` is the input's field `name` (`$since`: the start of the time window,
 * `$each`: the batch target); in `result`, another string names a field of the matched record, an object is the
 * item shape of a list built from every matched target, anything else is a literal.
 */

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
  /** The shape of the movement's answer; absent for an empty (204) answer. */
  result?: Rec;
}

/** What a lookup found. `remaining` is what may still be sent: the whole input, or a batch's missing targets. */
export type Reconciliation<O, I> =
  | { status: 'applied'; output: O }
  | { status: 'partial'; output: O; remaining: I }
  | { status: 'not-found'; remaining: I };

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

/** Reads the records from `since` on and matches them against the movement. */
export async function reconcileWith(
  spec: ReconcileSpec,
  input: Rec,
  since: Date,
  list: (operationId: string, query: Rec) => AsyncIterable<Rec>,
): Promise<Reconciliation<unknown, Rec>> {
  const vars = { ...input, since: utcSeconds(since) };
  const query: Rec = {};
  for (const [k, v] of Object.entries(spec.query)) {
    const r = resolve(v, vars);
    if (r != null && r !== '' && !(Array.isArray(r) && r.some((x) => x == null))) query[k] = r;
  }
  const records: Rec[] = [];
  for await (const rec of list(spec.lookup, query)) records.push(rec);

  const used = new Set<Rec>();
  const found: [unknown, Rec][] = [];
  const missing: unknown[] = [];
  for (const each of spec.each ? ((input[spec.each] ?? []) as unknown[]) : [undefined]) {
    const v = { ...vars, each };
    const hit = records.find(
      (rec) => !used.has(rec) && Object.entries(spec.match).every(([k, m]) => same(rec[k], resolve(m, v))),
    );
    if (hit) {
      used.add(hit);
      found.push([each, hit]);
    } else missing.push(each);
  }
  if (!found.length) return { status: 'not-found', remaining: input };
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
    ? { status: 'partial', output, remaining: { ...input, [spec.each]: missing } }
    : { status: 'applied', output };
}

/** Merges the answers of a batch sent in parts: arrays are concatenated, other fields taken from the latest part. */
export function mergeOutputs(a: unknown, b: unknown): unknown {
  if (!a || typeof a !== 'object' || !b || typeof b !== 'object') return b ?? a;
  const out: Rec = { ...(a as Rec) };
  for (const [k, v] of Object.entries(b as Rec))
    out[k] = Array.isArray(v) && Array.isArray(out[k]) ? [...out[k], ...v] : v;
  return out;
}
