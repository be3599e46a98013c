/**
 * The guides stay true to the code: every relative link (and its #anchor) resolves; every row of an operation table
 * (`| \`method\` | VERB \`/path\` |`) names a real operation of the spec with that HTTP method and path; every
 * `control.x(…)` names a method of the mock's control client; every `client.x(…)` (and the other client variables
 * the guides use) names an SDK operation method or one of the client's helpers.
 */
import { operationTables } from '@partner-center/sdk/internal';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { methodNames as controlMethodNames } from '../../mock-server/src/generated/control/operations.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'api' || name === 'site' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}
const docs = [
  resolve(root, 'README.md'),
  resolve(root, '.changeset/README.md'),
  resolve(root, 'examples/README.md'),
  ...markdownFiles(resolve(root, 'docs')),
];
const rel = (p: string) => relative(root, p);

/** GitHub's heading anchors (lower case, punctuation dropped, spaces to hyphens), and `<a id="…">` anchors. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(m[1]!);
  for (const m of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+)$/gm)) {
    out.add(
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/`/g, '')
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return out;
}

const operations = (['cn', 'intl'] as const).flatMap((site) =>
  Object.entries(operationTables[site] as Record<string, { method: string; path: string }>).map(
    ([operationId, op]) => ({
      site,
      method: operationId[0]!.toLowerCase() + operationId.slice(1),
      verb: op.method.toUpperCase(),
      path: op.path,
    }),
  ),
);
const sdkMethods = new Set([...operations.map((o) => o.method), 'paginate', 'reconcile', 'raw', 'site']);
const controlMethods = new Set([...Object.values(controlMethodNames as Record<string, string>), 'latestCode']);

describe.each(docs.map((path) => ({ file: rel(path), path })))('$file', ({ path }) => {
  const text = readFileSync(path, 'utf8');
  const prose = text.replace(/```[\s\S]*?```/g, '');

  it('links to files and anchors that exist', () => {
    const broken: string[] = [];
    for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const full = file ? resolve(dirname(path), file) : path;
      if (!existsSync(full)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor && full.endsWith('.md') && !anchors(readFileSync(full, 'utf8')).has(anchor))
        broken.push(`${target}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it('names real operations, with their method and path, in its operation tables', () => {
    const wrong: string[] = [];
    for (const m of prose.matchAll(/^\|\s*`(\w+)`\s*\|\s*(GET|POST|PUT|DELETE|PATCH)\b[^`|]*(?:\|\s*)?`([^`]+)`/gm)) {
      const [, method, verb, path] = m as unknown as [string, string, string, string];
      if (!operations.some((o) => o.method === method && o.verb === verb && o.path === path))
        wrong.push(`${method} ${verb} ${path}`);
    }
    expect(wrong).toEqual([]);
  });

  it('calls only methods that exist on the control client and the SDK client', () => {
    const unknown: string[] = [];
    for (const m of text.matchAll(/\bcontrol\.(\w+)\(/g))
      if (!controlMethods.has(m[1]!)) unknown.push(`control.${m[1]}`);
    for (const m of text.matchAll(/\b(client|dist|reseller)\.(\w+)\(/g))
      if (!sdkMethods.has(m[2]!)) unknown.push(`${m[1]}.${m[2]}`);
    for (const m of text.matchAll(/\bclient\.(paginate|reconcile)\.(\w+)\(/g))
      if (!sdkMethods.has(m[2]!)) unknown.push(`client.${m[1]}.${m[2]}`);
    expect(unknown).toEqual([]);
  });
});

it('checks the operation tables of the guides that have them', () => {
  const withTables = docs.filter((p) => /^\|\s*`\w+`\s*\|\s*(GET|POST)\b/m.test(readFileSync(p, 'utf8'))).map(rel);
  // customers.md writes the path in its own cell (`| POST (204) | \`/v2/…\` |`): both layouts are read.
  expect(withTables).toEqual(
    expect.arrayContaining(['docs/guides/customers.md', 'docs/guides/funds.md', 'docs/guides/coupons-and-quotas.md']),
  );
});
