/**
 * Comparing one answer with the recorded one: status, `error_code`, a 2xx carrying an error body, the set of fields
 * present, JSON types, enumerated values (enums.ts), counts, and amounts. Ids, names and times are compared by type
 * only: they differ by nature between two services. Each difference is named by kind and field path (array items as
 * `[]`), once per path.
 */
import { enumFields } from './enums.js';

/** The kinds of difference, in the order the report lists them. */
export const DIFFERENCE_KINDS = [
  'status',
  'error_code',
  'error-in-success',
  'missing-field',
  'extra-field',
  'type',
  'enum',
  'count',
  'amount',
] as const;
/** A kind of difference. */
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** `null`, `""`, `[]` or `{}`: what an `omitempty` field leaves out. */
const isEmpty = (v: unknown): boolean =>
  v == null || v === '' || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0);

/** One way an answer differs from the recorded one. */
export interface Difference {
  kind: DifferenceKind;
  /** The field (`customer_infos[].association_type`); absent for status. */
  path?: string;
  /** What the recording has (`absent` for a field it lacks). */
  recorded: unknown;
  /** What the replay answered. */
  replayed: unknown;
}

/** Money fields: compared to the cent. */
const AMOUNT_FIELD = /(amount|balance|_value|price|fee|debt)$/;
/** Counters: compared exactly. */
const COUNT_FIELD = /^(count|total_count|.*_count|total)$/;

/** The JSON type of a value (an integer and a decimal are both `number`, as JSON has one number type). */
const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const cents = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  return n === undefined ? undefined : Math.round(n * 100);
};
const isRecord = (v: unknown): v is Record<string, unknown> => jsonType(v) === 'object';
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The differences between a recorded answer and a replayed one of the same operation. */
export function compareAnswers(
  site: 'cn' | 'intl',
  operation: string,
  recorded: { status: number; body: unknown },
  replayed: { status: number; body: unknown },
): Difference[] {
  const out = new Map<string, Difference>();
  const add = (d: Difference) => {
    const key = `${d.kind} ${d.path ?? ''}`;
    if (!out.has(key)) out.set(key, d);
  };
  if (recorded.status !== replayed.status)
    add({ kind: 'status', recorded: recorded.status, replayed: replayed.status });
  const recCode = isRecord(recorded.body) ? recorded.body.error_code : undefined;
  const repCode = isRecord(replayed.body) ? replayed.body.error_code : undefined;
  if (recCode !== undefined && repCode !== undefined && recCode !== repCode)
    add({ kind: 'error_code', path: 'error_code', recorded: recCode, replayed: repCode });
  const success = recorded.status < 300 && replayed.status < 300;
  if (success && (recCode !== undefined) !== (repCode !== undefined))
    add({ kind: 'error-in-success', path: 'error_code', recorded: recCode ?? 'absent', replayed: repCode ?? 'absent' });
  // Bodies of different outcomes (a success and an error) have nothing else in common to compare.
  if (recorded.status < 300 !== replayed.status < 300 || (recCode !== undefined) !== (repCode !== undefined))
    return [...out.values()];
  const enums = recorded.status < 300 ? enumFields(site, operation) : new Map<string, unknown[]>();
  walk(recorded.body, replayed.body, '', '', { enums, add });
  return [...out.values()];
}

interface WalkContext {
  enums: Map<string, unknown[]>;
  add: (d: Difference) => void;
}

function walk(rec: unknown, rep: unknown, path: string, field: string, ctx: WalkContext): void {
  const [rt, pt] = [jsonType(rec), jsonType(rep)];
  if (rt !== pt) {
    ctx.add({ kind: 'type', path, recorded: rt, replayed: pt });
    return;
  }
  if (isRecord(rec) && isRecord(rep)) {
    // An empty value and an absent field are the same answer: the official models mark such fields `omitempty`, and
    // the mock leaves them out by default (sparse answers), as the service may.
    for (const k of Object.keys(rec))
      if (!(k in rep) && !isEmpty(rec[k]))
        ctx.add({ kind: 'missing-field', path: join(path, k), recorded: rec[k], replayed: 'absent' });
    for (const k of Object.keys(rep))
      if (!(k in rec) && !isEmpty(rep[k]))
        ctx.add({ kind: 'extra-field', path: join(path, k), recorded: 'absent', replayed: rep[k] });
    for (const k of Object.keys(rec)) if (k in rep) walk(rec[k], rep[k], join(path, k), k, ctx);
    return;
  }
  if (Array.isArray(rec) && Array.isArray(rep)) {
    if (rec.length !== rep.length)
      ctx.add({ kind: 'count', path: `${path}.length`, recorded: rec.length, replayed: rep.length });
    for (let i = 0; i < Math.min(rec.length, rep.length); i++) walk(rec[i], rep[i], `${path}[]`, field, ctx);
    return;
  }
  if (rec === rep) return;
  if (ctx.enums.has(path)) ctx.add({ kind: 'enum', path, recorded: rec, replayed: rep });
  else if (COUNT_FIELD.test(field) && typeof rec === 'number')
    ctx.add({ kind: 'count', path, recorded: rec, replayed: rep });
  else if (AMOUNT_FIELD.test(field) && cents(rec) !== undefined && cents(rec) !== cents(rep))
    ctx.add({ kind: 'amount', path, recorded: rec, replayed: rep });
}
