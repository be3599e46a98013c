/**
 * The layer rules (.dependency-cruiser.cjs) hold on the real tree, and they catch what they are there to catch: a
 * seeded tree with a type-only import circle, a domain module importing the HTTP layer, an aggregate importing the
 * World and a kernel module importing the domain must each be reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));

async function violations(baseDir: string, paths: string[], tsConfig?: string): Promise<string[]> {
  const options = { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, baseDir };
  if (!tsConfig) delete options.tsConfig;
  const result = (await cruise(paths, options)).output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('layer rules', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('hold on the mock and the SDK: no import circle, every import goes down the layers', async () => {
    expect(await violations(root, ['mock-server/src', 'packages/sdk/src'], 'tsconfig.json')).toEqual([]);
  }, 60_000);

  it('catch a seeded type-only circle, an upward import, an aggregate reading the World, an aggregate reaching past a barrel and a kernel importing the domain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-layers-'));
    dirs.push(dir);
    const file = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    file(
      'mock-server/src/kernel/parties.ts',
      "import type { Fund } from '../domain/funds/index.js';\nexport type P = Fund;\n",
    );
    file('mock-server/src/domain/funds/index.ts', "export * from './funds.js';\n");
    file(
      'mock-server/src/domain/funds/funds.ts',
      "import type { World } from '../world.js';\nimport type { Answer } from '../../http/respond.js';\nexport type Fund = { w?: World; a?: Answer };\n",
    );
    file(
      'mock-server/src/domain/world.ts',
      "import type { Fund } from './funds/index.js';\nexport type World = { f: Fund[] };\n",
    );
    file('mock-server/src/http/respond.ts', 'export type Answer = { status: number };\n');
    file('mock-server/src/domain/coupons/index.ts', "export * from './coupons.js';\n");
    file(
      'mock-server/src/domain/coupons/coupons.ts',
      "import type { Fund } from '../funds/funds.js';\nexport type Coupon = { paidBy?: Fund };\n",
    );
    const found = await violations(dir, ['mock-server/src']);
    const rules = new Set(found.map((v) => v.split(':')[0]));
    expect(rules).toEqual(
      new Set([
        'no-circular',
        'domain-imports-only-lower-layers',
        'aggregates-do-not-import-the-world',
        'kernel-imports-only-lower-layers',
        'kernel-imports-only-kernel-and-generated',
        'aggregates-meet-through-their-barrels',
      ]),
    );
    expect(found).toContain(
      'domain-imports-only-lower-layers: mock-server/src/domain/funds/funds.ts → mock-server/src/http/respond.ts',
    );
  }, 60_000);
});
