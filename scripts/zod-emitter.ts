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

/** The helpers every generated file carries (emitted, so generated code imports nothing hand-written). */
const PRELUDE = `import * as z from 'zod/mini';

/** Code points, as JSON Schema counts string length. */
const cpLength = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else { n++; i++; }
  }
  return n;
};
const minLen = (min: number) =>
  z.superRefine<string>((s, ctx) => {
    if (cpLength(s) < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: s, message: \`must be at least \${min} characters\` });
  });
const maxLen = (max: number) =>
  z.superRefine<string>((s, ctx) => {
    if (cpLength(s) > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: s, message: \`must be at most \${max} characters\` });
  });
/** Decimal multipleOf for steps 10^-k (money: 0.01), exact for every JSON number: no float remainder. */
const step = (unit: number) => {
  const places = Math.max(0, -Math.round(Math.log10(unit)));
  return z.superRefine<number>((n, ctx) => {
    const text = String(n);
    const exp = /e-(\\d+)$/.exec(text);
    const decimals = exp ? Number(exp[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0) : (text.split('.')[1]?.length ?? 0);
    if (decimals > places) ctx.addIssue({ code: 'not_multiple_of', origin: 'number', divisor: unit, input: n, message: \`must be a multiple of \${unit}\` });
  });
};
/** JSON Schema \`if\`/\`then\`: when \`cond\` accepts the value, \`then\` must accept it too. */
const when = <T>(cond: z.ZodMiniType, then: z.ZodMiniType) =>
  z.superRefine<T>((value, ctx) => {
    if (!cond.safeParse(value).success) return;
    const r = then.safeParse(value);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, input: value } as never);
  });
const unique = /*@__PURE__*/ z.superRefine<unknown[]>((a, ctx) => {
  if (new Set(a.map((x) => JSON.stringify(x))).size !== a.length) ctx.addIssue({ code: 'custom', input: a, message: 'items must be unique' });
});
`;

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
  const names = Object.keys(schemas);
  const ident = (name: string) => `z${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const refName = (ref: string) => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (!m) throw new Error(`unsupported $ref ${ref}`);
    const name = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!(name in schemas)) throw new Error(`$ref to unknown schema ${name}`);
    return name;
  };
  const resolve = (s: Schema): Schema => (typeof s === 'object' && s.$ref ? resolve(schemas[refName(s.$ref)]!) : s);

  // Components in dependency order, so each const is defined before use.
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
  for (const n of names) visit(n, []);

  const compile = (s: Schema, where: string): string => {
    if (s === true) return 'z.unknown()';
    if (s === false) return 'z.never()';
    for (const key of Object.keys(s)) {
      if (!HANDLED.has(key) && !ANNOTATIONS.has(key) && !key.startsWith('x-')) {
        throw new Error(`${where}: keyword "${key}" is not supported by the zod emitter`);
      }
    }
    const constraintKeys = Object.keys(s).filter((k) => HANDLED.has(k) && k !== '$ref');
    if (s.$ref) {
      if (constraintKeys.length === 0) return ident(refName(s.$ref));
      const { $ref, ...rest } = s;
      return compile({ allOf: [{ $ref }, rest] }, where);
    }
    if (s.allOf) return compile(mergeAllOf(s, where), where);
    if (s.oneOf || s.anyOf) {
      const { oneOf, anyOf, discriminator, ...rest } = s;
      const hasRest = Object.keys(rest).some((k) => HANDLED.has(k));
      if (hasRest) throw new Error(`${where}: oneOf/anyOf with sibling constraints is not supported`);
      const branches = ((oneOf ?? anyOf) as Schema[]).map((b, i) =>
        compile(b, `${where}/${oneOf ? 'oneOf' : 'anyOf'}/${i}`),
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

    const types: string[] = s.type === undefined ? [] : ([] as string[]).concat(s.type);
    const nullable = types.includes('null') || (Array.isArray(s.enum) && s.enum.includes(null) && types.length === 0);
    let nonNull = types.filter((t) => t !== 'null');
    if (nonNull.length === 0 && (s.properties || s.required || s.if)) nonNull = ['object'];
    if (nonNull.length > 1) throw new Error(`${where}: several non-null types ${nonNull.join(',')} are not supported`);
    const type = nonNull[0];

    let expr: string;
    if (s.const !== undefined) {
      expr = `z.literal(${JSON.stringify(s.const)})`;
    } else if (s.enum) {
      const values = (s.enum as unknown[]).filter((v) => v !== null);
      if (values.length === 0) expr = 'z.null()';
      else if (values.length === 1) expr = `z.literal(${JSON.stringify(values[0])})`;
      // One multi-value literal for every enum (strings or numbers): the same verdict and issue as z.enum or a union
      // of literals, and one schema kind fewer in the SDK's bundle.
      else expr = `z.literal(${JSON.stringify(values)})`;
      if (type === 'integer' && values.some((v) => !Number.isInteger(v))) throw new Error(`${where}: non-integer enum`);
    } else if (type === undefined && types.includes('null')) {
      expr = 'z.null()';
    } else if (type === undefined) {
      expr = 'z.unknown()';
    } else if (type === 'string') {
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
      expr = withChecks('z.string()', checks);
    } else if (type === 'integer' || type === 'number') {
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
      expr = withChecks(type === 'integer' ? 'z.int()' : 'z.number()', checks);
    } else if (type === 'boolean') {
      expr = 'z.boolean()';
    } else if (type === 'array') {
      const checks: string[] = [];
      if (s.minItems !== undefined) checks.push(`z.minLength(${s.minItems})`);
      if (s.maxItems !== undefined) checks.push(`z.maxLength(${s.maxItems})`);
      if (s.uniqueItems) checks.push('unique');
      expr = withChecks(
        `z.array(${s.items === undefined ? 'z.unknown()' : compile(s.items, `${where}/items`)})`,
        checks,
      );
    } else if (type === 'object') {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(s.required ?? []);
      const fields = Object.entries(props).map(([key, prop]) => {
        let e = compile(prop, `${where}/properties/${key}`);
        const dflt = options.defaults && typeof prop === 'object' ? prop.default : undefined;
        if (!required.has(key))
          e = dflt !== undefined ? `z._default(z.optional(${e}), ${JSON.stringify(dflt)})` : `z.optional(${e})`;
        return `${JSON.stringify(key)}: ${e}`;
      });
      // A required name without a schema (in an if/then): z.unknown() as an object key refuses only absence.
      for (const key of required) if (!(key in props)) fields.push(`${JSON.stringify(key)}: z.unknown()`);
      const strict =
        s.additionalProperties === false || (options.responses === true && s.additionalProperties === undefined);
      const ctor = strict ? 'z.strictObject' : 'z.object';
      if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') {
        throw new Error(`${where}: additionalProperties with a schema is not supported`);
      }
      expr = `${ctor}({ ${fields.join(', ')} })`;
    } else {
      throw new Error(`${where}: type ${type} is not supported`);
    }

    if (nullable && expr !== 'z.null()') expr = `z.nullable(${expr})`;
    if (s.if) {
      if (!s.then) throw new Error(`${where}: if without then is not supported`);
      expr = `${expr}.check(when(${compile({ type: 'object', ...(s.if as object) }, `${where}/if`)}, ${compile({ type: 'object', ...(s.then as object) }, `${where}/then`)}))`;
    } else if (s.then) {
      throw new Error(`${where}: then without if`);
    }
    return expr;
  };

  /** allOf of constraint sets on one type: merged into one schema (patterns accumulate, bounds tighten). */
  const mergeAllOf = (s: Record<string, any>, where: string): Record<string, any> => {
    const { allOf, ...base } = s;
    const merged: Record<string, any> = { ...base };
    for (const part of allOf as Schema[]) {
      let p = resolve(part);
      if (typeof p !== 'object') throw new Error(`${where}: boolean schema in allOf`);
      if (p.allOf) p = mergeAllOf(p, where);
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
          throw new Error(
            `${where}: allOf part with "${k}" is not supported (only string/number constraint sets merge)`,
          );
      }
    }
    return merged;
  };

  const lines: string[] = [PRELUDE];
  for (const name of order) {
    const s = schemas[name]!;
    const doc =
      typeof s === 'object' && s.description ? `/** ${oneLine(s.description)} */\n` : `/** Schema ${name}. */\n`;
    lines.push(`${doc}export const ${ident(name)} = ${compile(s, `#/components/schemas/${name}`)};`);
  }

  if (options.responses) {
    const table: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
        const op = (item as any)[method];
        if (!op) continue;
        const id = op.operationId as string;
        const status = Object.keys(op.responses ?? {}).find((s) => /^2\d\d$/.test(s))!;
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        if (schema) {
          lines.push(
            `/** Success body of ${id} (${method.toUpperCase()} ${path}), strict. */\nexport const zSuccessOf${id} = ${compile(schema, `${id} response`)};`,
          );
        }
        table.push(`  ${id}: { status: ${status}, schema: ${schema ? `zSuccessOf${id}` : 'undefined'} },`);
      }
    }
    lines.push(
      `/** Success status and body schema of every operation. */\nexport const responses = {\n${table.join('\n')}\n} as const;`,
    );
    lines.push(
      `/** The error envelope. */\nexport const errorResponse = ${'ErrorResponse' in schemas ? 'zErrorResponse' : 'undefined'};`,
    );
    return pure(`${lines.join('\n\n')}\n`);
  }

  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      const op = (item as any)[method];
      if (!op) continue;
      const id = op.operationId as string;
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) {
        lines.push(
          `/** Request body of ${id} (${method.toUpperCase()} ${path}). */\nexport const z${id}Body = ${compile(body, `${id} body`)};`,
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
          `/** Query parameters of ${id} (${method.toUpperCase()} ${path}). */\nexport const z${id}Query = ${compile(obj, `${id} query`)};`,
        );
      }
    }
  }
  return pure(`${lines.join('\n\n')}\n`);
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
