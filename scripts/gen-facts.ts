/** What the generator's tables need of a document's operations, and the small schema helpers they share. */
import type { OpenApiDoc } from './zod-emitter.js';

/** A node of a bundled OpenAPI document. */
export type Json = Record<string, any>;

/** The client method name of an operationId. */
export function camel(operationId: string) {
  return operationId[0]!.toLowerCase() + operationId.slice(1);
}

/** One operation of a document, with what the tables need of it. */
export interface OperationFacts {
  id: string;
  method: string;
  path: string;
  op: Json;
  success: string;
  bodySchema: Json | undefined;
  query: Json[];
}

/** Every operation of a document, with what both tables need of it. */
export function operationFacts(doc: OpenApiDoc): OperationFacts[] {
  const out: OperationFacts[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
      const op = (item as Json)[method] as Json | undefined;
      if (!op) continue;
      const id = op.operationId as string;
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const success = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
      if (success.length !== 1) throw new Error(`${id}: expected exactly one 2xx response, got ${success.join(',')}`);
      const params = ((op.parameters ?? []) as Json[]).map((p) => deref(doc, p));
      const unsupported = params.filter((p) => p.in !== 'query' && p.in !== 'header');
      if (unsupported.length)
        throw new Error(`${id}: parameters in ${unsupported.map((p) => p.in).join(',')} are not supported`);
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
      out.push({
        id,
        method: method.toUpperCase(),
        path,
        op,
        success: success[0]!,
        bodySchema,
        query: params.filter((p) => p.in === 'query'),
      });
    }
  }
  return out;
}

/** The page size the SDK's iterators ask for: the documented maximum of `limit`, else its default, else 10. */
export function pageSize(doc: OpenApiDoc, bodySchema: Json | undefined, query: Json[]): number {
  const fromBody = bodySchema ? deref(doc, bodySchema).properties?.limit : undefined;
  const fromQuery = query.find((p) => p.name === 'limit')?.schema;
  const found = fromBody ?? fromQuery;
  const limit = found ? deref(doc, found as Json) : {};
  return limit.maximum ?? limit.default ?? 10;
}

/** The type of a query parameter, of the kinds a query string can carry. */
export function paramKind(
  doc: OpenApiDoc,
  schema: Json | undefined,
): 'string' | 'integer' | 'number' | 'boolean' | 'array' {
  const s = schema ? deref(doc, schema) : {};
  const types = ([] as string[]).concat(s.type ?? 'string').filter((t) => t !== 'null');
  const t = types[0] ?? 'string';
  if (t === 'string' || t === 'integer' || t === 'number' || t === 'boolean' || t === 'array') return t;
  throw new Error(`query parameter type ${t} is not supported`);
}

/** A node with its local `$ref`s followed (the document is bundled: no external ones remain). */
export function deref(doc: OpenApiDoc, node: Json): Json {
  let cur = node;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++) {
    const ref: string = cur.$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref left after bundling: ${ref}`);
    cur = ref
      .slice(2)
      .split('/')
      .reduce((acc: any, key) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  if (!cur) throw new Error(`unresolvable $ref ${node.$ref}`);
  return cur;
}
