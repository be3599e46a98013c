/**
 * Every operation and every rule of the spec has a source: the reference section and official model it comes from
 * (`x-source`, or the models table's comment/enum for that field, which the rule's value must appear in), or an
 * `x-note` giving the reason it is our choice.
 */
import { loadTable, specOperations, type Node, type Site, type SpecField } from './spec-fields.js';

const RULES = ['maxLength', 'minLength', 'maximum', 'minimum', 'exclusiveMinimum', 'maxItems', 'minItems', 'pattern'];

const has = (nodes: Node[], key: string) =>
  nodes.some((n) => typeof n[key] === 'string' || (n[key] && typeof n[key] === 'object'));

/** Rules every spec carries by construction: non-empty ids, counts from 0, the int32 range of an integer. */
function structural(rule: string, value: unknown, type: Set<string>): boolean {
  if (rule === 'minLength' && value === 1) return true;
  if ((rule === 'minimum' || rule === 'minItems') && value === 0) return true;
  if (rule === 'minItems' && value === 1) return true;
  if (rule === 'maximum' && value === 2147483647 && type.has('integer')) return true;
  return false;
}

export function unsourced(site: Site, doc: Node): string[] {
  const table = loadTable(site);
  const out: string[] = [];
  for (const op of specOperations(doc)) {
    const src = op.op['x-source'];
    const opSourced =
      (typeof src === 'string' && /§\s?\d|Reference/.test(src)) || (src && typeof src === 'object' && src.reference);
    if (!opSourced && typeof op.op['x-note'] !== 'string')
      out.push(`${site} ${op.id}: no x-source (reference section) and no x-note`);
    if (!opSourced && (op.op['x-error-codes'] ?? []).length && typeof op.op['x-note'] !== 'string')
      out.push(`${site} ${op.id}: error codes without a source`);
    const model = table.operations[op.id];
    for (const side of ['request', 'response'] as const) {
      for (const f of op[side] as SpecField[]) {
        const m = model?.[side].find((x) => x.name === f.name);
        const comment = m?.comment ?? '';
        const noted = has(f.nodes, 'x-source') || has(f.nodes, 'x-note') || has(f.nodes, 'x-deviation');
        if (noted) continue;
        for (const n of f.nodes) {
          for (const rule of RULES) {
            if (n[rule] === undefined) continue;
            const v = n[rule];
            if (structural(rule, v, f.types)) continue;
            if (rule !== 'pattern' && comment.includes(String(v))) continue;
            out.push(`${site} ${op.id} ${side} ${f.name}: ${rule} ${JSON.stringify(v)} has no source`);
          }
          for (const v of (Array.isArray(n.enum) ? n.enum : 'const' in n ? [n.const] : []) as unknown[]) {
            if (v === null || v === '') continue;
            if (m?.enum?.map(String).includes(String(v))) continue;
            if (comment.includes(String(v))) continue;
            out.push(`${site} ${op.id} ${side} ${f.name}: enum value ${JSON.stringify(v)} has no source`);
          }
        }
      }
    }
  }
  return [...new Set(out)];
}

/** Every `Model.Field` the official models have, with its comment, over both sites' tables. */
function modelComments(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const site of ['cn', 'intl'] as const) {
    const table = loadTable(site);
    for (const op of Object.values(table.operations))
      for (const f of [...op.request, ...op.response]) out.set(f.model, [...(out.get(f.model) ?? []), f.comment]);
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Citations of the official models in the extensions (`x-source`, `x-note`, `x-deviation`, …) that the models do not
 * bear out: a `Model.Field` the current models do not have, a model named in an operation's `x-source.models` that
 * has no field in the table, or a quoted comment (Chinese text in quotes, in a text that names a model) that is not in
 * the comment of a field the same text names (or, when it names none, of any field). Old SDK comments fail here once
 * the table is refreshed.
 */
export function miscited(doc: Node): string[] {
  const comments = modelComments();
  const models = new Set([...comments.keys()].map((m) => m.split('.')[0]));
  const everyComment = [...comments.values()].flat().map(squash);
  const out: string[] = [];
  const check = (text: string, where: string) => {
    const named = [...text.matchAll(/\b([A-Z][A-Za-z0-9]+\.[A-Z][A-Za-z0-9]+)\b/g)].map((m) => m[1]!);
    for (const m of named) if (!comments.has(m)) out.push(`${where}: cites ${m}, which the models do not have`);
    // Quotes are checked where the text names a model; a quote with English words in it is the reference's.
    if (named.length === 0 && !/\b[Mm]odels?\s+[A-Z][A-Za-z0-9]+/.test(text)) return;
    const haystack = named.some((m) => comments.has(m))
      ? named.flatMap((m) => comments.get(m) ?? []).map(squash)
      : everyComment;
    for (const q of text.matchAll(/["“]([^"“”]*\p{Script=Han}[^"“”]*)["”]/gu)) {
      if (/[a-z]{3,}/.test(q[1]!)) continue;
      const parts = q[1]!
        .split(/…|\.\.\./)
        .map(squash)
        .filter(Boolean);
      if (!parts.every((p) => haystack.some((c) => c.includes(p))))
        out.push(`${where}: quotes "${q[1]}", which is not in the cited models' comments`);
    }
  };
  const walk = (n: unknown, path: string) => {
    if (Array.isArray(n)) {
      for (const [i, v] of n.entries()) walk(v, `${path}/${i}`);
    } else if (n && typeof n === 'object')
      for (const [k, v] of Object.entries(n as Node)) {
        const here = `${path}/${k}`;
        if (k.startsWith('x-')) {
          const strings: string[] = [];
          const collect = (x: unknown) => {
            if (typeof x === 'string') strings.push(x);
            else if (Array.isArray(x)) for (const y of x) collect(y);
            else if (x && typeof x === 'object') for (const y of Object.values(x)) collect(y);
          };
          collect(v);
          for (const s of strings) check(s, here);
          if (k === 'x-source' && v && typeof v === 'object' && Array.isArray((v as Node).models))
            for (const m of (v as Node).models as string[])
              if (!models.has(m)) out.push(`${here}: names model ${m}, which has no field in the models table`);
        }
        walk(v, here);
      }
  };
  walk(doc, '#');
  return [...new Set(out)];
}
