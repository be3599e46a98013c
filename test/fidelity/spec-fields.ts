/**
 * Reads the bundled spec (packages/sdk/src/generated/<site>/openapi.json) into the same flat field rows as the
 * checked-in models table (spec/sources/models.<site>.json), and compares the two.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelField, ModelOperation, ModelsTable } from '../../scripts/models-table.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export type Site = 'cn' | 'intl';
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes are walked generically.
export type Node = Record<string, any>;

// The table's row types are the generator's (scripts/models-table.ts), so the two cannot drift apart.
export type { ModelField, ModelOperation, ModelsTable };

export function loadTable(site: Site): ModelsTable {
  return JSON.parse(readFileSync(`${root}spec/sources/models.${site}.json`, 'utf8')) as ModelsTable;
}
export function loadSpec(site: Site): Node {
  return JSON.parse(readFileSync(`${root}packages/sdk/src/generated/${site}/openapi.json`, 'utf8')) as Node;
}

/** A spec field, flattened like the models table, with every schema node it is made of (for its extensions). */
export interface SpecField {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  /** JSON types, `null` left out. */
  types: Set<string>;
  items?: Set<string>;
  required: boolean;
  /** Enum values, `null` and `""` (the "no filter" spellings) left out. */
  enum?: (string | number)[];
  nodes: Node[];
  /** The object schema whose `required` lists this field (or would). */
  owner?: Node;
}

export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  op: Node;
  request: SpecField[];
  response: SpecField[];
}

export function resolver(doc: Node) {
  const deref = (n: Node): Node => {
    let cur = n;
    for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++) {
      const ref: string = cur.$ref;
      if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
      cur = ref
        .slice(2)
        .split('/')
        .reduce((o: Node, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    }
    return cur;
  };
  /** Every node a schema is made of: itself (dereferenced) and its allOf/anyOf/oneOf branches, recursively. */
  const parts = (n: Node | undefined, out: Node[] = []): Node[] => {
    if (!n || typeof n !== 'object') return out;
    if (n.$ref) out.push(n);
    const d = deref(n);
    if (!d || out.includes(d)) return out;
    out.push(d);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) for (const b of d[k] ?? []) parts(b, out);
    return out;
  };
  return { deref, parts };
}

function typesOf(nodes: Node[]): Set<string> {
  const s = new Set<string>();
  for (const n of nodes) {
    const t = n.type;
    for (const x of Array.isArray(t) ? t : t ? [t] : []) if (x !== 'null') s.add(x);
    if (!t && Array.isArray(n.enum))
      for (const v of n.enum) if (v !== null) s.add(typeof v === 'number' ? 'number' : 'string');
  }
  // A string branch that only admits "" is the "no filter" spelling, not a type the field has.
  const onlyEmpty = nodes.some((n) => n.type === 'string' && n.maxLength === 0);
  const otherString = nodes.some(
    (n) => (n.type === 'string' || (Array.isArray(n.type) && n.type.includes('string'))) && n.maxLength !== 0,
  );
  if (onlyEmpty && !otherString) s.delete('string');
  if (s.has('integer') && s.has('number')) s.delete('number');
  return s;
}

function enumOf(nodes: Node[]): (string | number)[] | undefined {
  const all = nodes.filter((n) => Array.isArray(n.enum) || 'const' in n);
  if (all.length === 0) return undefined;
  // Keyed by the wire text: `"1"` and `1` are one value to compare (the models table writes what the SDK sends).
  const values = new Map<string, string | number>();
  for (const n of all)
    for (const v of Array.isArray(n.enum) ? n.enum : [n.const]) if (v !== null && v !== '') values.set(String(v), v);
  return [...values.values()];
}

export function flattenSchema(
  doc: Node,
  schema: Node | undefined,
  location: SpecField['in'],
  prefix: string,
  out: SpecField[],
  depth = 0,
): void {
  const { parts, deref } = resolver(doc);
  const nodes = parts(schema);
  // Required: by the object itself and its allOf parts, or by every branch of a oneOf/anyOf.
  const requiredOf = (n: Node | undefined, seen = new Set<Node>()): Set<string> => {
    const d = n ? deref(n) : undefined;
    if (!d || seen.has(d)) return new Set();
    seen.add(d);
    const out = new Set<string>(d.required ?? []);
    for (const b of d.allOf ?? []) for (const k of requiredOf(b, seen)) out.add(k);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = ((d[key] ?? []) as Node[]).map((b) => requiredOf(b, new Set(seen)));
      if (branches.length) for (const k of branches[0]!) if (branches.every((b) => b.has(k))) out.add(k);
    }
    return out;
  };
  const required = requiredOf(schema);
  const props = new Map<string, Node[]>();
  const owners = new Map<string, Node>();
  for (const n of nodes) {
    if (n.$ref) continue;
    for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, Node>)) {
      props.set(k, [...(props.get(k) ?? []), v]);
      if (!owners.has(k)) owners.set(k, n);
    }
  }
  for (const [k, defs] of props) {
    const fieldNodes = defs.flatMap((d) => parts(d));
    const f: SpecField = {
      name: prefix + k,
      in: location,
      types: typesOf(fieldNodes),
      required: required.has(k),
      enum: enumOf(fieldNodes),
      nodes: fieldNodes,
      owner: owners.get(k),
    };
    const itemSchemas = fieldNodes.filter((n) => n.items).map((n) => n.items as Node);
    if (f.types.has('array')) {
      const itemNodes = itemSchemas.flatMap((s) => parts(s));
      f.items = typesOf(itemNodes);
      const ie = enumOf(itemNodes);
      if (ie) f.enum = ie;
      f.nodes = [...fieldNodes, ...itemNodes];
    }
    out.push(f);
    if (depth > 6) continue;
    if (f.types.has('object')) flattenSchema(doc, { allOf: defs }, location, `${f.name}.`, out, depth + 1);
    if (f.types.has('array'))
      for (const s of itemSchemas) {
        const inner = parts(s);
        if (typesOf(inner).has('object')) flattenSchema(doc, s, location, `${f.name}[].`, out, depth + 1);
      }
  }
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

export function specOperations(doc: Node): SpecOperation[] {
  const { deref } = resolver(doc);
  const ops: SpecOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Node>)) {
    for (const m of METHODS) {
      const op = item[m] as Node | undefined;
      if (!op?.operationId) continue;
      const request: SpecField[] = [];
      for (const p0 of [...(item.parameters ?? []), ...(op.parameters ?? [])] as Node[]) {
        const p = deref(p0);
        const { parts } = resolver(doc);
        const nodes = [p, ...parts(p.schema)];
        const schemaNodes = nodes.slice(1);
        const f: SpecField = {
          name: p.name,
          in: p.in,
          types: typesOf(schemaNodes),
          required: p.required === true,
          enum: enumOf(schemaNodes),
          nodes,
        };
        if (f.types.has('array')) {
          const itemNodes = schemaNodes.filter((n) => n.items).flatMap((n) => parts(n.items));
          f.items = typesOf(itemNodes);
          f.enum = enumOf(itemNodes);
          f.nodes = [...nodes, ...itemNodes];
        }
        request.push(f);
      }
      const body = deref(op.requestBody ?? {})?.content?.['application/json']?.schema;
      if (body) flattenSchema(doc, body, 'body', '', request);
      const response: SpecField[] = [];
      const ok = Object.entries((op.responses ?? {}) as Record<string, Node>).find(([s]) => /^2\d\d$/.test(s));
      const okSchema = ok ? deref(ok[1])?.content?.['application/json']?.schema : undefined;
      if (okSchema) flattenSchema(doc, okSchema, 'body', '', response);
      ops.push({ id: op.operationId, method: m.toUpperCase(), path, op, request, response });
    }
  }
  return ops;
}

export type Aspect = 'presence' | 'location' | 'type' | 'required' | 'enum';

/** A deliberate difference: `x-deviation: { <aspect>: <reason> }` on the field, or the operation's
 * `x-model-deviations: { "<request|response> <field>": { <aspect>: <reason> } }`. */
export function deviation(op: Node, side: 'request' | 'response', field: string, nodes: Node[], aspect: Aspect) {
  for (const n of nodes) {
    const r = n['x-deviation']?.[aspect];
    if (typeof r === 'string' && r.trim()) return r;
  }
  const r = op['x-model-deviations']?.[`${side} ${field}`]?.[aspect];
  return typeof r === 'string' && r.trim() ? r : undefined;
}

export interface Difference {
  site: Site;
  operation: string;
  side: 'request' | 'response' | 'operation';
  field: string;
  aspect: Aspect | 'path';
  spec: string;
  model: string;
}

export const describeDifference = (d: Difference) =>
  `${d.site} ${d.operation} ${d.side} ${d.field}: ${d.aspect} — spec ${d.spec}, model ${d.model}`;

const fmt = (s: Set<string> | undefined) => (s ? [...s].sort().join('|') || '(none)' : '(none)');
const fmtEnum = (e: (string | number)[] | undefined) =>
  e
    ? `[${e
        .map(String)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .join(',')}]`
    : '(none)';

/**
 * Every difference between the spec and the models table for one site, with the deliberate ones (those carrying an
 * `x-deviation` reason for that aspect) separated out. A deviation recorded where there is no difference is reported
 * as stale.
 */
export function compare(site: Site, doc: Node = loadSpec(site), table: ModelsTable = loadTable(site)) {
  const differences: Difference[] = [];
  const accepted: (Difference & { reason: string })[] = [];
  const stale: string[] = [];
  for (const op of specOperations(doc)) {
    const model = table.operations[op.id];
    if (!model) {
      differences.push({
        site,
        operation: op.id,
        side: 'operation',
        field: '-',
        aspect: 'presence',
        spec: 'present',
        model: 'absent',
      });
      continue;
    }
    if (model.method !== op.method || model.path !== op.path)
      differences.push({
        site,
        operation: op.id,
        side: 'operation',
        field: '-',
        aspect: 'path',
        spec: `${op.method} ${op.path}`,
        model: `${model.method} ${model.path}`,
      });
    for (const side of ['request', 'response'] as const) {
      const specFields = new Map(op[side].map((f) => [f.name, f]));
      const modelFields = new Map(model[side].map((f) => [f.name, f]));
      const names = [...new Set([...specFields.keys(), ...modelFields.keys()])];
      for (const name of names) {
        const s = specFields.get(name);
        const m = modelFields.get(name);
        const found: Difference[] = [];
        const base = { site, operation: op.id, side, field: name };
        if (!s || !m) {
          found.push({ ...base, aspect: 'presence', spec: s ? 'present' : 'absent', model: m ? 'present' : 'absent' });
        } else {
          if (s.in !== m.in) found.push({ ...base, aspect: 'location', spec: s.in, model: m.in });
          const modelType = m.type === 'any' ? undefined : m.type;
          const typeOk =
            modelType === undefined ||
            (side === 'request'
              ? s.types.has(modelType) ||
                (modelType === 'number' && s.types.has('integer') === false && s.types.has('number'))
              : s.types.size === 1 && s.types.has(modelType));
          const itemsOk =
            m.type !== 'array' || !m.items || m.items === 'any' || m.items === 'object'
              ? true
              : side === 'request'
                ? (s.items?.has(m.items) ?? false)
                : s.items?.size === 1 && s.items.has(m.items);
          if (!typeOk || !itemsOk)
            found.push({
              ...base,
              aspect: 'type',
              spec: `${fmt(s.types)}${s.items ? `<${fmt(s.items)}>` : ''}`,
              model: `${m.type}${m.items ? `<${m.items}>` : ''}`,
            });
          if (s.required !== m.required)
            found.push({ ...base, aspect: 'required', spec: String(s.required), model: String(m.required) });
          // Compared where the model lists values; a value list only the spec has needs a source (sources.test.ts).
          const se = s.enum?.map(String).sort();
          const me = m.enum?.map(String).sort();
          if (me && JSON.stringify(se) !== JSON.stringify(me))
            found.push({ ...base, aspect: 'enum', spec: fmtEnum(s.enum), model: fmtEnum(m.enum) });
        }
        const nodes = s?.nodes ?? [];
        for (const d of found) {
          const reason = deviation(op.op, side, name, nodes, d.aspect as Aspect);
          if (reason) accepted.push({ ...d, reason });
          else differences.push(d);
        }
        // A recorded deviation with no difference behind it is stale.
        for (const aspect of ['presence', 'location', 'type', 'required', 'enum'] as const) {
          if (found.some((d) => d.aspect === aspect)) continue;
          const own = op.op['x-model-deviations']?.[`${side} ${name}`]?.[aspect];
          if (own) stale.push(`${site} ${op.id} ${side} ${name}: x-model-deviations ${aspect} has no difference`);
        }
      }
    }
  }
  return { differences, accepted, stale };
}
