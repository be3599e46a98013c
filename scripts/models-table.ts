/**
 * Derives spec/sources/models.{cn,intl}.json from Huawei's official Go SDK (huaweicloud-sdk-go-v3): for every
 * operation of our spec, the request and response fields the SDK's model structs declare — name, location (path,
 * query, header, body), JSON type, required-ness (a field without `omitempty` is required), enum values (from the
 * SDK's enum types, else read from the field comment) and the comment itself (the limits and wording the sources test
 * looks for).
 *
 * Run by hand, never by the build or the tests (they read the checked-in JSON):
 *
 *   pnpm exec tsx scripts/models-table.ts <path to a huaweicloud-sdk-go-v3 checkout or git directory>
 *
 * A git directory without a work tree (a mirror) is read at HEAD through `git archive`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One field of a model struct as parsed from Go source. */
interface GoField {
  goName: string;
  goType: string;
  json: string;
  omitempty: boolean;
  comment: string;
}

/** An enum type of the SDK (`type XEnum struct`) with its wire values. */
interface GoEnum {
  base: 'string' | 'integer';
  values: (string | number)[];
}

/** One row of the table: a request or response field, flattened (`records[].amount`). */
export interface ModelField {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';
  /** For arrays, the items' type. */
  items?: ModelField['type'];
  required: boolean;
  /** Wire values: from the SDK's enum type (`enumSource: "type"`) or read from the comment (`"comment"`). */
  enum?: (string | number)[];
  enumSource?: 'type' | 'comment';
  /** `Struct.GoField` the row comes from. */
  model: string;
  comment: string;
}

export interface ModelOperation {
  method: string;
  path: string;
  request: ModelField[];
  response: ModelField[];
}

export interface ModelsTable {
  source: { repository: string; commit: string; service: string };
  operations: Record<string, ModelOperation>;
}

export function parseModels(dir: string): { structs: Map<string, GoField[]>; enums: Map<string, GoEnum> } {
  const structs = new Map<string, GoField[]>();
  const enums = new Map<string, GoEnum>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.go'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const [, name, body] = m as unknown as [string, string, string];
      if (name.endsWith('Enum')) continue;
      const fields: GoField[] = [];
      let comment: string[] = [];
      for (const raw of body.split('\n')) {
        const line = raw.trim();
        if (line.startsWith('//')) {
          comment.push(line.replace(/^\/\/\s?/, ''));
          continue;
        }
        const f = /^(\w+)\s+(\S+)\s+`json:"([^"]*)"/.exec(line);
        if (f) {
          const [, goName, goType, tag] = f as unknown as [string, string, string, string];
          const [json, ...opts] = tag.split(',');
          if (json !== '-' && json)
            fields.push({ goName, goType, json, omitempty: opts.includes('omitempty'), comment: comment.join(' ') });
        }
        if (line === '' || f) comment = [];
      }
      structs.set(name, fields);
    }
    // type XEnum struct { A X; B X } with constructors `A: X{ value: "A" }` (string) or `value: 1` (int32).
    for (const m of text.matchAll(/^func Get(\w+)Enum\(\) \w+ \{\n([\s\S]*?)^\}/gm)) {
      const [, name, body] = m as unknown as [string, string, string];
      const values: (string | number)[] = [];
      let base: GoEnum['base'] = 'string';
      for (const v of body.matchAll(/value:\s*("(?:[^"\\]|\\.)*"|-?\d+)/g)) {
        const lit = v[1]!;
        if (lit.startsWith('"')) values.push(JSON.parse(lit) as string);
        else {
          base = 'integer';
          values.push(Number(lit));
        }
      }
      enums.set(name, { base, values });
    }
  }
  return { structs, enums };
}

/**
 * Enum values written in a comment as `VALUE：meaning` or `VALUE: meaning` (the SDK's convention, often with no space
 * between one meaning and the next value: `1：余额2：信用`). Timestamps and URLs are removed first.
 */
function enumFromComment(comment: string, type: ModelField['type']): (string | number)[] | undefined {
  const text = comment
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?/g, ' ')
    .replace(/[Hh]{2}:mm:ss|HH:MM:SS/g, ' ')
    // "…Huawei Pay320：华为支付": a value glued to the previous meaning's last word.
    .replace(/([a-z])(\d+[：:])/g, '$1 $2');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9_.-])(-?[A-Za-z0-9_]+)\s?[：:]/g)) {
    const v = m[1]!;
    if (/^(UTC|GMT|eg|e\.g|note|Note)$/i.test(v)) continue;
    found.add(v);
  }
  if (found.size === 0) return undefined;
  const values = [...found];
  if (type === 'integer') {
    if (!values.every((v) => /^-?\d+$/.test(v))) return undefined;
    return values.map(Number);
  }
  if (type !== 'string') return undefined;
  return values;
}

/**
 * Comments that name values of another field (or give an example) rather than list this field's values; the parser
 * cannot tell them apart, so they are listed here.
 */
const NOT_ENUMS = new Set([
  'AccountChangeRecord.CustomerId', // "non-empty for SOURCE_OPERATION_BEADJUST, …"
  'IQueryUserCouponsResultV2.SourceId', // "发放者ID：…"
  'BankCardInfoV2.Areacode', // "0086：中国" is an example
]);

function jsonType(goType: string): { type: ModelField['type']; items?: ModelField['type']; ref?: string } {
  const t = goType.replace(/^\*/, '');
  if (t.startsWith('[]')) {
    const inner = jsonType(t.slice(2));
    return { type: 'array', items: inner.type, ref: inner.ref };
  }
  if (t.startsWith('map[')) return { type: 'object' };
  if (t === 'string') return { type: 'string' };
  if (/^u?int(8|16|32|64)?$/.test(t)) return { type: 'integer' };
  if (t === 'float64' || t === 'float32' || t === 'decimal.Decimal') return { type: 'number' };
  if (t === 'bool') return { type: 'boolean' };
  if (t === 'interface{}') return { type: 'any' };
  return { type: 'object', ref: t };
}

function flatten(
  structName: string,
  models: ReturnType<typeof parseModels>,
  location: ModelField['in'],
  prefix: string,
  out: ModelField[],
  depth = 0,
): void {
  const fields = models.structs.get(structName);
  if (!fields) throw new Error(`model struct ${structName} not found`);
  for (const f of fields) {
    if (f.goName === 'HttpStatusCode') continue;
    const name = prefix + f.json;
    const jt = jsonType(f.goType);
    const row: ModelField = {
      name,
      in: location,
      type: jt.type,
      required: !f.omitempty,
      model: `${structName}.${f.goName}`,
      comment: f.comment,
    };
    if (jt.items) row.items = jt.items;
    const en = jt.ref ? models.enums.get(jt.ref) : undefined;
    if (en) {
      if (jt.type === 'array') row.items = en.base;
      else row.type = en.base;
      row.enum = en.values;
      row.enumSource = 'type';
    } else if (!NOT_ENUMS.has(row.model)) {
      const hinted = enumFromComment(f.comment, jt.type === 'array' ? (jt.items ?? 'any') : row.type);
      if (hinted) {
        row.enum = hinted;
        row.enumSource = 'comment';
      }
    }
    out.push(row);
    if (jt.ref && !en && models.structs.has(jt.ref) && depth < 6)
      flatten(jt.ref, models, location, `${name}${jt.type === 'array' ? '[]' : ''}.`, out, depth + 1);
  }
}

interface MetaOperation {
  method: string;
  path: string;
  fields: Map<string, ModelField['in']>;
}

export function parseMeta(text: string): Map<string, MetaOperation> {
  const ops = new Map<string, MetaOperation>();
  for (const m of text.matchAll(/^func GenReqDefFor(\w+)\(\) \*def\.HttpRequestDef \{\n([\s\S]*?)^\}/gm)) {
    const [, name, body] = m as unknown as [string, string, string];
    const method = /WithMethod\(http\.Method(\w+)\)/.exec(body)![1]!.toUpperCase();
    const path = /WithPath\("([^"]+)"\)/.exec(body)![1]!;
    const fields = new Map<string, ModelField['in']>();
    for (const f of body.matchAll(
      /WithName\("(\w+)"\)\.\s*(?:WithJsonTag\("[^"]*"\)\.\s*)?WithLocationType\(def\.(\w+)\)/g,
    ))
      fields.set(f[1]!, f[2]!.toLowerCase() as ModelField['in']);
    ops.set(name, { method, path, fields });
  }
  return ops;
}

export function buildTable(
  sdk: string,
  commit: string,
  service: string,
  metaFile: string,
  operationIds: string[],
): ModelsTable {
  const models = parseModels(join(sdk, service, 'model'));
  const meta = parseMeta(readFileSync(join(sdk, service, metaFile), 'utf8'));
  const operations: Record<string, ModelOperation> = {};
  for (const id of operationIds) {
    const op = meta.get(id);
    if (!op) throw new Error(`${service}: no GenReqDefFor${id} in ${metaFile}`);
    const request: ModelField[] = [];
    for (const f of models.structs.get(`${id}Request`) ?? []) {
      const location = op.fields.get(f.goName);
      if (!location) throw new Error(`${id}Request.${f.goName}: no location in ${metaFile}`);
      if (location === 'body') {
        const ref = jsonType(f.goType).ref;
        if (!ref) throw new Error(`${id}Request.${f.goName}: body is not a struct`);
        flatten(ref, models, 'body', '', request);
        continue;
      }
      const jt = jsonType(f.goType);
      const row: ModelField = {
        name: f.json,
        in: location,
        type: jt.type,
        required: !f.omitempty,
        model: `${id}Request.${f.goName}`,
        comment: f.comment,
      };
      if (jt.items) row.items = jt.items;
      const en = jt.ref ? models.enums.get(jt.ref) : undefined;
      if (en) {
        row.type = en.base;
        row.enum = en.values;
        row.enumSource = 'type';
      } else {
        const hinted = enumFromComment(f.comment, jt.type === 'array' ? (jt.items ?? 'any') : row.type);
        if (hinted) {
          row.enum = hinted;
          row.enumSource = 'comment';
        }
      }
      request.push(row);
    }
    const response: ModelField[] = [];
    flatten(`${id}Response`, models, 'body', '', response);
    operations[id] = { method: op.method, path: op.path, request, response };
  }
  return { source: { repository: 'huaweicloud/huaweicloud-sdk-go-v3', commit, service }, operations };
}

function operationIdsOf(site: 'cn' | 'intl'): string[] {
  const doc = JSON.parse(readFileSync(join(root, `packages/sdk/src/generated/${site}/openapi.json`), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  return Object.values(doc.paths).flatMap((item) =>
    Object.values(item)
      .map((o) => o?.operationId)
      .filter((x): x is string => typeof x === 'string'),
  );
}

function main(): void {
  const arg = process.argv[2];
  if (!arg) {
    console.error('usage: tsx scripts/models-table.ts <huaweicloud-sdk-go-v3 checkout or git dir>');
    process.exit(2);
  }
  const src = resolve(arg);
  const commit = execFileSync('git', ['-C', src, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  let sdk = src;
  let tmp: string | undefined;
  if (!existsSync(join(src, 'services'))) {
    tmp = mkdtempSync(join(tmpdir(), 'go-sdk-'));
    const tar = execFileSync('git', ['-C', src, 'archive', 'HEAD', 'services/bss/v2', 'services/bssintl/v2'], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', tmp], { input: tar });
    sdk = tmp;
  }
  try {
    const sites = [
      { site: 'cn', service: 'services/bss/v2', meta: 'bss_meta.go' },
      { site: 'intl', service: 'services/bssintl/v2', meta: 'bssintl_meta.go' },
    ] as const;
    for (const s of sites) {
      const table = buildTable(sdk, commit, s.service, s.meta, operationIdsOf(s.site));
      const file = join(root, `spec/sources/models.${s.site}.json`);
      writeFileSync(file, `${JSON.stringify(table, null, 1)}\n`);
      console.log(`${file}: ${Object.keys(table.operations).length} operations`);
    }
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
