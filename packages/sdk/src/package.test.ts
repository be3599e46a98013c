/**
 * The published package (ESM + CJS + d.ts from `pnpm build`) is clean under publint and "Are the types wrong?"
 * in every module resolution mode. Needs the build (`pnpm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkgDir, '../..');

describe('package', () => {
  it('is built: ESM, CJS and both declaration files', () => {
    for (const f of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) expect(existsSync(resolve(pkgDir, 'dist', f)), `dist/${f} (run pnpm build)`).toBe(true);
  });

  it('has no publint message', async () => {
    const { messages } = await publint({ pkgDir, pack: 'pnpm', strict: true });
    expect(messages).toEqual([]);
  });

  it('resolves with the right types in node10, node16 (CJS and ESM) and bundler resolution', () => {
    const out = execFileSync(resolve(root, 'node_modules/.bin/attw'), ['--pack', pkgDir, '--format', 'json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const report = JSON.parse(out) as { problems: Record<string, unknown>; analysis: { entrypoints: Record<string, { resolutions: Record<string, unknown> }> } };
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints['.']!.resolutions).sort()).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm']);
  });
});
