/** The mock's tables: the route facts of a real-API document, and the control surface's operation table. */
import { camel, deref, type Json, type OperationFacts, operationFacts, paramKind } from './gen-facts.js';
import type { OpenApiDoc } from './zod-emitter.js';

/** The query parameters' names and types, so the mock's router can type query-string values as the spec does. */
function queryParams(doc: OpenApiDoc, f: OperationFacts) {
  return f.query.map((p) => ({ name: p.name as string, kind: paramKind(doc, p.schema) }));
}

/** What the mock's router needs besides the SDK's table: success status, query types, documented error codes. */
function routeFacts(doc: OpenApiDoc, f: OperationFacts) {
  const fieldErrorCodes: Record<string, string> = {};
  if (f.bodySchema) {
    for (const [name, prop] of Object.entries((deref(doc, f.bodySchema).properties ?? {}) as Json)) {
      if (prop['x-error-code']) fieldErrorCodes[name] = prop['x-error-code'];
    }
  }
  for (const p of f.query) if (p.schema?.['x-error-code']) fieldErrorCodes[p.name] = p.schema['x-error-code'];
  return {
    successStatus: Number(f.success),
    defaults: requestDefaults(doc, f),
    queryParams: queryParams(doc, f),
    errorCodes: (f.op['x-error-codes'] ?? []) as string[],
    fieldErrorCodes,
    distributorOnly: f.op['x-distributor-only'] === true,
    sparse: sparsePlan(doc, f.op.responses?.[f.success]?.content?.['application/json']?.schema),
  };
}

/**
 * Where the success answer of an operation has optional fields, for the mock's sparse answers (it omits an optional
 * field whose value is empty, as the real service may): `r` the required property names of an object, `o` the
 * properties that have such fields below them, `i` the plan of an array's items. Undefined when nothing is optional.
 */
interface SparsePlan {
  r?: string[];
  o?: Record<string, SparsePlan>;
  i?: SparsePlan;
}
function sparsePlan(doc: OpenApiDoc, schema: Json | undefined, depth = 0): SparsePlan | undefined {
  if (!schema || depth > 8) return undefined;
  const node = deref(doc, schema);
  // The branches of a combination: an object's properties are the union, its required ones those all branches need.
  const branches = [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])].map((b: Json) =>
    deref(doc, b),
  );
  const objects = [node, ...branches].filter((n) => n.properties);
  const arrays = [node, ...branches].filter((n) => n.items);
  if (objects.length) {
    const props = new Map<string, Json[]>();
    for (const o of objects)
      for (const [k, v] of Object.entries(o.properties as Json)) props.set(k, [...(props.get(k) ?? []), v]);
    const required = new Set<string>(node.required ?? []);
    for (const b of node.allOf ?? []) for (const k of deref(doc, b).required ?? []) required.add(k);
    const o: Record<string, SparsePlan> = {};
    for (const [k, defs] of props) {
      const sub = sparsePlan(doc, defs.length === 1 ? defs[0] : { allOf: defs }, depth + 1);
      if (sub) o[k] = sub;
    }
    return Object.keys(o).length ? { r: [...required].sort(), o } : { r: [...required].sort() };
  }
  if (arrays.length) {
    const sub = sparsePlan(doc, arrays[0]!.items, depth + 1);
    return sub ? { i: sub } : undefined;
  }
  return undefined;
}

/**
 * The documented defaults of a request's top-level fields (body or query), which the mock fills in when a field is
 * absent. Validators do not fill defaults (an annotation in JSON Schema), so one deeper in a request would be lost:
 * refuse it rather than drop it.
 */
function requestDefaults(doc: OpenApiDoc, f: OperationFacts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const top: [string, Json][] = f.bodySchema
    ? Object.entries((deref(doc, f.bodySchema).properties ?? {}) as Record<string, Json>)
    : f.query.map((p) => [p.name as string, (p.schema ?? {}) as Json]);
  const nested = (node: unknown, where: string, depth: number, seen: Set<unknown>): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const n = node as Json;
    if (depth > 0 && n.default !== undefined)
      throw new Error(`${f.id}: a default below the top level of the request (${where}) is not supported`);
    if (typeof n.$ref === 'string') {
      nested(deref(doc, n), where, depth, seen);
      return;
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties')
        for (const [name, p] of Object.entries(v as Json)) nested(p, `${where}.${name}`, depth + 1, seen);
      else if (k === 'items' || k === 'if' || k === 'then') nested(v, `${where}.${k}`, depth + 1, seen);
      else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf')
        for (const [i, b] of (v as Json[]).entries()) nested(b, `${where}.${k}[${i}]`, depth, seen);
    }
  };
  for (const [name, schema] of top) {
    const s = deref(doc, schema);
    if (s.default !== undefined) out[name] = s.default;
    else if (schema.default !== undefined) out[name] = schema.default;
    nested(s, name, 0, new Set());
  }
  return out;
}

/** The mock's route table of a real-API document; the router merges it with the SDK's operation table. */
export function emitRoutes(doc: OpenApiDoc) {
  const rows = operationFacts(doc).map((f) => `  ${f.id}: ${JSON.stringify(routeFacts(doc, f))},`);
  return `/** What the mock needs of each operation besides the SDK's table (which has method, path and validators). */
export const routes = {
${rows.join('\n')}
} as const;
`;
}

/** The control surface's table: the mock's own, so one table holds everything its router and client need. */
export function emitControlOperations(doc: OpenApiDoc) {
  const facts = operationFacts(doc);
  const rows = facts.map((f) => {
    const fields = [
      `operationId: ${JSON.stringify(f.id)}`,
      `method: ${JSON.stringify(f.method)}`,
      `path: ${JSON.stringify(f.path)}`,
      `successStatus: ${f.success}`,
      `body: ${f.bodySchema ? `v.z${f.id}Body` : 'undefined'}`,
      `query: ${f.query.length ? `v.z${f.id}Query` : 'undefined'}`,
      `queryParams: ${JSON.stringify(queryParams(doc, f))}`,
    ];
    return `  ${f.id}: {\n    ${fields.join(',\n    ')},\n  },`;
  });
  const methodNames = facts.map((f) => `  ${f.id}: ${JSON.stringify(camel(f.id))},`).join('\n');
  return `import * as v from './validators.js';

/** Every operation of this document, keyed by operationId. */
export const operations = {
${rows.join('\n')}
} as const;

/** The operationIds of this document. */
export type OperationId = keyof typeof operations;

/** The client method name of each operation. */
export const methodNames = {
${methodNames}
} as const;
`;
}
