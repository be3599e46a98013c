/**
 * A small JSON Schema (OpenAPI 3.1 subset) → zod/mini compiler for the generator.
 *
 * It understands exactly the keywords the spec uses and throws on any other, so no field rule can be dropped
 * silently. Semantics follow JSON Schema, not zod's defaults, where they differ:
 *  - string lengths count code points (JSON Schema), not UTF-16 units;
 *  - `multipleOf` is checked in decimal, never as a binary-float remainder;
 *  - `oneOf` is exclusive (z.xor, with or without a discriminator);
 *  - `if`/`then` are honoured, and `required` means "present";
 *  - `default` is an annotation (JSON Schema does not validate it): the SDK's validators check, they do not fill (the
 *    mock fills the real API's documented defaults itself, from its route tables); with `defaults: true` (the mock's
 *    own control surface and response validators) absent fields take their default.
 */

import { PRELUDE } from './zod-prelude.js';

export type OpenApiDoc = Record<string, any>;
type Schema = Record<string, any> | boolean;

const ANNOTATIONS = new Set([
  'description',
  'title',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  '$comment',
  'discriminator',
  'summary',
  'default',
]);
const HANDLED = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'allOf',
  'anyOf',
  'oneOf',
  'if',
  'then',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
]);
/** Formats that are annotations here: the rule is carried by `pattern` or by the type itself. */
const ANNOTATION_FORMATS = new Set(['int32', 'int64', 'float', 'double']);

/**
 * Options of {@link emitValidators}. `responses: true` emits the mock's response validators instead of the request
 * ones: objects without an explicit `additionalProperties` are strict (a field the spec does not declare is drift),
 * and each operation gets `z<Id>Response` plus a `responses` table (success status and schema) for self-validation.
 */
export interface EmitOptions {
  /** Emit the response validators (strict objects) instead of the request ones. */
  responses?: boolean;
  /** Fill absent properties with their `default`. */
  defaults?: boolean;
}

export function emitValidators(doc: OpenApiDoc, options: EmitOptions = {}): string {
  const schemas: Record<string, Schema> = doc.components?.schemas ?? {};
  const c = createCompiler(schemas, options);
  const lines: string[] = [PRELUDE];
  for (const name of dependencyOrder(schemas, c.refName)) {
    const s = schemas[name]!;
    const comment =
      typeof s === 'object' && s.description ? `/** ${oneLine(s.description)} */\n` : `/** Schema ${name}. */\n`;
    lines.push(`${comment}export const ${c.ident(name)} = ${c.compile(s, `#/components/schemas/${name}`)};`);
  }
  lines.push(...(options.responses ? responseSchemas(doc, schemas, c) : requestSchemas(doc, c)));
  return pure(`${lines.join('\n\n')}\n`);
}

/** What compiling a schema needs: the component names as identifiers, `$ref` resolution, and the compiler itself. */
interface Compiler {
  ident(name: string): string;
  refName(ref: string): string;
  resolve(s: Schema): Schema;
  compile(s: Schema, where: string): string;
  options: EmitOptions;
}

function createCompiler(schemas: Record<string, Schema>, options: EmitOptions): Compiler {
  const refName = (ref: string) => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (!m) throw new Error(`unsupported $ref ${ref}`);
    const name = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!(name in schemas)) throw new Error(`$ref to unknown schema ${name}`);
    return name;
  };
  const c: Compiler = {
    ident: (name) => `z${name.replace(/[^A-Za-z0-9_]/g, '_')}`,
    refName,
    resolve: (s) => (typeof s === 'object' && s.$ref ? c.resolve(schemas[refName(s.$ref)]!) : s),
    compile: (s, where) => compileSchema(c, s, where),
    options,
  };
  return c;
}

/** Components in dependency order, so each const is defined before use. */
function dependencyOrder(schemas: Record<string, Schema>, refName: (ref: string) => string): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new Error(`recursive schema ${[...path, name].join(' → ')} is not supported`);
    state.set(name, 'visiting');
    for (const dep of refsOf(schemas[name]!)) visit(refName(dep), [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const n of Object.keys(schemas)) visit(n, []);
  return order;
}

function compileSchema(c: Compiler, s: Schema, where: string): string {
  if (s === true) return 'z.unknown()';
  if (s === false) return 'z.never()';
  for (const key of Object.keys(s)) {
    if (!HANDLED.has(key) && !ANNOTATIONS.has(key) && !key.startsWith('x-')) {
      throw new Error(`${where}: keyword "${key}" is not supported by the zod emitter`);
    }
  }
  const constraintKeys = Object.keys(s).filter((k) => HANDLED.has(k) && k !== '$ref');
  if (s.$ref) {
    if (constraintKeys.length === 0) return c.ident(c.refName(s.$ref));
    const { $ref, ...rest } = s;
    return c.compile({ allOf: [{ $ref }, rest] }, where);
  }
  if (s.allOf) return c.compile(mergeAllOf(c, s, where), where);
  if (s.oneOf || s.anyOf) return compileUnion(c, s, where);

  const types: string[] = s.type === undefined ? [] : ([] as string[]).concat(s.type);
  const nullable = types.includes('null') || (Array.isArray(s.enum) && s.enum.includes(null) && types.length === 0);
  let nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length === 0 && (s.properties || s.required || s.if)) nonNull = ['object'];
  if (nonNull.length > 1) throw new Error(`${where}: several non-null types ${nonNull.join(',')} are not supported`);

  let expr = compileTyped(c, s, nonNull[0], types, where);
  if (nullable && expr !== 'z.null()') expr = `z.nullable(${expr})`;
  if (s.if) {
    if (!s.then) throw new Error(`${where}: if without then is not supported`);
    expr = `${expr}.check(when(${c.compile({ type: 'object', ...(s.if as object) }, `${where}/if`)}, ${c.compile({ type: 'object', ...(s.then as object) }, `${where}/then`)}))`;
  } else if (s.then) {
    throw new Error(`${where}: then without if`);
  }
  return expr;
}

function compileUnion(c: Compiler, s: Record<string, any>, where: string): string {
  const { oneOf, anyOf, discriminator, ...rest } = s;
  const hasRest = Object.keys(rest).some((k) => HANDLED.has(k));
  if (hasRest) throw new Error(`${where}: oneOf/anyOf with sibling constraints is not supported`);
  const branches = ((oneOf ?? anyOf) as Schema[]).map((b, i) =>
    c.compile(b, `${where}/${oneOf ? 'oneOf' : 'anyOf'}/${i}`),
  );
  if (anyOf) {
    // A null branch of an anyOf is nullability: the same verdict as z.nullable, and z.null() need not ship.
    const others = branches.filter((b) => b !== 'z.null()');
    if (others.length === branches.length || others.length === 0) return `z.union([${branches.join(', ')}])`;
    return `z.nullable(${others.length === 1 ? others[0] : `z.union([${others.join(', ')}])`})`;
  }
  // A discriminator only names the property whose const tells the branches apart; the verdict is the oneOf's, so
  // z.xor (exactly one branch) serves both and the SDK bundle carries one union kind fewer (~0.5 KB min+gz).
  void discriminator;
  return `z.xor([${branches.join(', ')}])`;
}

/** The schema of one (non-null) type, before nullability and `if`/`then`. */
function compileTyped(
  c: Compiler,
  s: Record<string, any>,
  type: string | undefined,
  types: string[],
  where: string,
): string {
  if (s.const !== undefined) return `z.literal(${JSON.stringify(s.const)})`;
  if (s.enum) return compileEnum(s, type, where);
  if (type === undefined) return types.includes('null') ? 'z.null()' : 'z.unknown()';
  if (type === 'string') return compileString(s, where);
  if (type === 'integer' || type === 'number') return compileNumber(s, type, where);
  if (type === 'boolean') return 'z.boolean()';
  if (type === 'array') return compileArray(c, s, where);
  if (type === 'object') return compileObject(c, s, where);
  throw new Error(`${where}: type ${type} is not supported`);
}

function compileEnum(s: Record<string, any>, type: string | undefined, where: string): string {
  const values = (s.enum as unknown[]).filter((v) => v !== null);
  if (type === 'integer' && values.some((v) => !Number.isInteger(v))) throw new Error(`${where}: non-integer enum`);
  if (values.length === 0) return 'z.null()';
  if (values.length === 1) return `z.literal(${JSON.stringify(values[0])})`;
  // One multi-value literal for every enum (strings or numbers): the same verdict and issue as z.enum or a union
  // of literals, and one schema kind fewer in the SDK's bundle.
  return `z.literal(${JSON.stringify(values)})`;
}

function compileString(s: Record<string, any>, where: string): string {
  if (s.format && !ANNOTATION_FORMATS.has(s.format) && !s.pattern && !hasPatternInAllOf(s)) {
    throw new Error(`${where}: format "${s.format}" has no pattern in the spec and no zod mapping`);
  }
  const checks: string[] = [];
  if (s.minLength !== undefined) checks.push(`minLen(${s.minLength})`);
  if (s.maxLength !== undefined) checks.push(`maxLen(${s.maxLength})`);
  // A pattern's failure is explained in words: the schema's description, which the spec writes for people
  // ("A mainland-China mobile number without country code (11 digits starting with 1)."); the rule keeps the regex.
  const words =
    typeof s.description === 'string' ? `, ${JSON.stringify(oneLine(s.description).replace(/\.$/, ''))}` : '';
  for (const p of ([] as string[]).concat(s.pattern ?? []))
    checks.push(`z.regex(new RegExp(${JSON.stringify(p)}, 'u')${words})`);
  return withChecks('z.string()', checks);
}

function compileNumber(s: Record<string, any>, type: 'integer' | 'number', where: string): string {
  const checks: string[] = [];
  if (s.minimum !== undefined) checks.push(`z.gte(${s.minimum})`);
  if (s.maximum !== undefined) checks.push(`z.lte(${s.maximum})`);
  if (s.exclusiveMinimum !== undefined) checks.push(`z.gt(${s.exclusiveMinimum})`);
  if (s.exclusiveMaximum !== undefined) checks.push(`z.lt(${s.exclusiveMaximum})`);
  if (s.multipleOf !== undefined) {
    const unit = Number(s.multipleOf);
    if (Math.abs(Math.log10(unit) - Math.round(Math.log10(unit))) > 1e-12)
      throw new Error(`${where}: multipleOf ${unit} is not a power of ten`);
    checks.push(unit >= 1 && type === 'integer' ? `z.multipleOf(${unit})` : `step(${unit})`);
  }
  return withChecks(type === 'integer' ? 'z.int()' : 'z.number()', checks);
}

function compileArray(c: Compiler, s: Record<string, any>, where: string): string {
  const checks: string[] = [];
  if (s.minItems !== undefined) checks.push(`z.minLength(${s.minItems})`);
  if (s.maxItems !== undefined) checks.push(`z.maxLength(${s.maxItems})`);
  if (s.uniqueItems) checks.push('unique');
  return withChecks(`z.array(${s.items === undefined ? 'z.unknown()' : c.compile(s.items, `${where}/items`)})`, checks);
}

function compileObject(c: Compiler, s: Record<string, any>, where: string): string {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set<string>(s.required ?? []);
  const fields = Object.entries(props).map(([key, prop]) => {
    let e = c.compile(prop, `${where}/properties/${key}`);
    const dflt = c.options.defaults && typeof prop === 'object' ? prop.default : undefined;
    if (!required.has(key))
      e = dflt !== undefined ? `z._default(z.optional(${e}), ${JSON.stringify(dflt)})` : `z.optional(${e})`;
    return `${JSON.stringify(key)}: ${e}`;
  });
  // A required name without a schema (in an if/then): z.unknown() as an object key refuses only absence.
  for (const key of required) if (!(key in props)) fields.push(`${JSON.stringify(key)}: z.unknown()`);
  const strict =
    s.additionalProperties === false || (c.options.responses === true && s.additionalProperties === undefined);
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') {
    throw new Error(`${where}: additionalProperties with a schema is not supported`);
  }
  return `${strict ? 'z.strictObject' : 'z.object'}({ ${fields.join(', ')} })`;
}

/** allOf of constraint sets on one type: merged into one schema (patterns accumulate, bounds tighten). */
function mergeAllOf(c: Compiler, s: Record<string, any>, where: string): Record<string, any> {
  const { allOf, ...base } = s;
  const merged: Record<string, any> = { ...base };
  for (const part of allOf as Schema[]) {
    let p = c.resolve(part);
    if (typeof p !== 'object') throw new Error(`${where}: boolean schema in allOf`);
    if (p.allOf) p = mergeAllOf(c, p, where);
    for (const [k, v] of Object.entries(p)) {
      if (ANNOTATIONS.has(k) || k.startsWith('x-')) continue;
      if (k === 'pattern') merged.pattern = ([] as string[]).concat(merged.pattern ?? [], v as string);
      else if (k === 'minLength' || k === 'minimum' || k === 'minItems')
        merged[k] = Math.max(merged[k] ?? -Infinity, v as number);
      else if (k === 'maxLength' || k === 'maximum' || k === 'maxItems')
        merged[k] = Math.min(merged[k] ?? Infinity, v as number);
      else if (k === 'type' || k === 'format') {
        if (merged[k] !== undefined && JSON.stringify(merged[k]) !== JSON.stringify(v))
          throw new Error(`${where}: allOf with conflicting ${k}`);
        merged[k] = v;
      } else
        throw new Error(`${where}: allOf part with "${k}" is not supported (only string/number constraint sets merge)`);
    }
  }
  return merged;
}

/** Every operation of the document, with its method and path. */
function* operationsOf(doc: OpenApiDoc): Generator<{ path: string; method: string; op: Record<string, any> }> {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      const op = (item as any)[method];
      if (op) yield { path, method, op };
    }
  }
}

/** The mock's response validators: each operation's strict success body, their table and the error envelope. */
function responseSchemas(doc: OpenApiDoc, schemas: Record<string, Schema>, c: Compiler): string[] {
  const lines: string[] = [];
  const table: string[] = [];
  for (const { path, method, op } of operationsOf(doc)) {
    const id = op.operationId as string;
    const status = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s))!;
    const schema = op.responses[status]?.content?.['application/json']?.schema;
    if (schema) {
      lines.push(
        `/** Success body of ${id} (${method.toUpperCase()} ${path}), strict. */\nexport const zSuccessOf${id} = ${c.compile(schema, `${id} response`)};`,
      );
    }
    table.push(`  ${id}: { status: ${status}, schema: ${schema ? `zSuccessOf${id}` : 'undefined'} },`);
  }
  lines.push(
    `/** Success status and body schema of every operation. */\nexport const responses = {\n${table.join('\n')}\n} as const;`,
  );
  lines.push(
    `/** The error envelope. */\nexport const errorResponse = ${'ErrorResponse' in schemas ? 'zErrorResponse' : 'undefined'};`,
  );
  return lines;
}

/** The request validators: each operation's body and query parameters. */
function requestSchemas(doc: OpenApiDoc, c: Compiler): string[] {
  const lines: string[] = [];
  for (const { path, method, op } of operationsOf(doc)) {
    const id = op.operationId as string;
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) {
      lines.push(
        `/** Request body of ${id} (${method.toUpperCase()} ${path}). */\nexport const z${id}Body = ${c.compile(body, `${id} body`)};`,
      );
    }
    const query = ((op.parameters ?? []) as any[]).filter((p) => p.in === 'query');
    if (query.length) {
      const obj = {
        type: 'object',
        properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? { type: 'string' }])),
        required: query.filter((p) => p.required).map((p) => p.name),
      };
      lines.push(
        `/** Query parameters of ${id} (${method.toUpperCase()} ${path}). */\nexport const z${id}Query = ${c.compile(obj, `${id} query`)};`,
      );
    }
  }
  return lines;
}

function withChecks(base: string, checks: string[]) {
  return checks.length ? `${base}.check(${checks.join(', ')})` : base;
}

function hasPatternInAllOf(s: Record<string, any>) {
  return Array.isArray(s.allOf) && s.allOf.some((p: any) => p?.pattern);
}

function refsOf(s: Schema): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === '$ref' && typeof v === 'string') out.push(v);
        else if (k !== 'examples' && k !== 'example' && k !== 'discriminator') walk(v);
      }
    }
  };
  walk(s);
  return out;
}

function oneLine(text: string) {
  return text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();
}

/**
 * Mark every call that builds a schema pure (zod factories, the prelude's check builders, RegExp constructions), so
 * bundlers drop the schemas an app does not use: one unmarked call in a schema's expression keeps the whole schema,
 * and everything it refers to, in every application's bundle.
 */
function pure(code: string) {
  return code.replace(/(?<![.\w$'"])(z\.\w+|minLen|maxLen|step|when|new RegExp)\(/g, '/*@__PURE__*/ $1(');
}
