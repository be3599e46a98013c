/**
 * Which response fields are enumerations, read from the generated response schemas (the spec's `enum`s become zod
 * literals): their values are compared, where other strings (ids, names, times) are compared by type only.
 */
import * as cn from '../../generated/cn/responses.js';
import * as intl from '../../generated/intl/responses.js';

type Def = { type: string; [k: string]: any };
interface Schema {
  _zod: { def: Def };
}
type Table = { responses: Record<string, { status: number; schema: Schema | undefined }> };
const tables: Record<'cn' | 'intl', Table> = { cn: cn as unknown as Table, intl: intl as unknown as Table };

/** Collects `path → allowed values` for every literal under a schema (`items[].status`, array items as `[]`). */
function collect(schema: Schema | undefined, path: string, out: Map<string, unknown[]>, depth: number): void {
  if (!schema?._zod || depth > 30) return;
  const def = schema._zod.def;
  switch (def.type) {
    case 'literal':
      out.set(path, [...(out.get(path) ?? []), ...(def.values as unknown[])]);
      return;
    case 'object':
      for (const [k, s] of Object.entries(def.shape as Record<string, Schema>))
        collect(s, path ? `${path}.${k}` : k, out, depth + 1);
      return;
    case 'array':
      collect(def.element, `${path}[]`, out, depth + 1);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      collect(def.innerType, path, out, depth + 1);
      return;
    case 'union':
      for (const s of def.options as Schema[]) collect(s, path, out, depth + 1);
      return;
    case 'intersection':
      collect(def.left, path, out, depth + 1);
      collect(def.right, path, out, depth + 1);
      return;
    case 'pipe':
      collect(def.in, path, out, depth + 1);
      return;
    default:
  }
}

const cache = new Map<string, Map<string, unknown[]>>();

/** The enumerated fields of an operation's success answer: `path → values` (empty for an unknown operation). */
export function enumFields(site: 'cn' | 'intl', operation: string): Map<string, unknown[]> {
  const key = `${site} ${operation}`;
  let found = cache.get(key);
  if (!found) {
    found = new Map();
    collect(tables[site].responses[operation]?.schema, '', found, 0);
    cache.set(key, found);
  }
  return found;
}
