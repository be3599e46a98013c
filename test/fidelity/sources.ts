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
