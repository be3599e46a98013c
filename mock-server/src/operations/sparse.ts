/**
 * Sparse answers: the real service may leave out any response field its official model marks `omitempty` (the spec
 * marks those optional), and does when the value is empty. The mock does the same by default (setting
 * `sparseResponses`), so client code that reads an optional field without a check fails against the mock, in CI,
 * rather than against Huawei. Empty: `null`, `""`, `[]` or `{}`; zero and `false` are values and stay.
 *
 * The plan of each operation comes from the spec (scripts/generate.ts → routes.ts `sparse`). Answers are never
 * mutated: a thinned copy is made where something is left out, and a frozen list entry's copy is cached and frozen,
 * so the answer layer's cache of frozen entries' JSON text keeps working.
 */

/** Required property names (`r`), properties with optional fields below them (`o`), an array's items (`i`). */
export interface SparsePlan {
  readonly r?: readonly string[];
  readonly o?: Readonly<Record<string, SparsePlan>>;
  readonly i?: SparsePlan;
}

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

const frozenCopies = new WeakMap<object, unknown>();

/** The answer with every optional field whose value is empty left out, per the plan. */
export function sparse(value: unknown, plan: SparsePlan | undefined): unknown {
  if (!plan || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (!plan.i) return value;
    let out: unknown[] | undefined;
    for (let n = 0; n < value.length; n++) {
      const item = value[n];
      const thin = sparse(item, plan.i);
      if (thin !== item) {
        out ??= value.slice(0, n);
      }
      out?.push(thin);
    }
    return out ?? value;
  }
  if (Object.isFrozen(value)) {
    const cached = frozenCopies.get(value);
    if (cached !== undefined) return cached;
    const thin = thinObject(value as Record<string, unknown>, plan);
    const kept = thin === value ? value : Object.freeze(thin);
    frozenCopies.set(value, kept);
    return kept;
  }
  return thinObject(value as Record<string, unknown>, plan);
}

function thinObject(record: Record<string, unknown>, plan: SparsePlan): Record<string, unknown> {
  const required = plan.r ?? [];
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const v = record[key];
    const drop = v === undefined || (isEmpty(v) && !required.includes(key));
    const next = drop ? undefined : plan.o?.[key] ? sparse(v, plan.o[key]) : v;
    if (drop || next !== v) {
      out ??= { ...record };
      if (drop) delete out[key];
      else out[key] = next;
    }
  }
  return out ?? record;
}
