/**
 * The published package (ESM + CJS + d.ts from `pnpm build`) is clean under publint and "Are the types wrong?"
 * in every module resolution mode. Needs the build (`pnpm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkgDir, '../..');

describe('package', () => {
  it('is built: ESM, CJS and both declaration files', () => {
    for (const entry of ['index', 'cn', 'intl', 'internal']) {
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts'])
        expect(existsSync(resolve(pkgDir, 'dist', entry + ext)), `dist/${entry}${ext} (run pnpm build)`).toBe(true);
    }
  });

  it('has no publint message', async () => {
    const { messages } = await publint({ pkgDir, pack: 'pnpm', strict: true });
    expect(messages).toEqual([]);
  });

  it('resolves with the right types in node10, node16 (CJS and ESM) and bundler resolution', () => {
    const out = execFileSync(resolve(root, 'node_modules/.bin/attw'), ['--pack', pkgDir, '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const report = JSON.parse(out) as {
      problems: Record<string, unknown>;
      analysis: { entrypoints: Record<string, { resolutions: Record<string, unknown> }> };
    };
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([
      '.',
      './cn',
      './internal',
      './intl',
      './package.json',
    ]);
    for (const entry of Object.values(report.analysis.entrypoints)) {
      expect(Object.keys(entry.resolutions).sort()).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm']);
    }
  });

  it('shares one copy of each class between the entry points, in CJS and in ESM', async () => {
    const require = createRequire(import.meta.url);
    const dist = (f: string) => resolve(pkgDir, 'dist', f);
    const builds = [
      { main: require(dist('index.cjs')), cn: require(dist('cn.cjs')), intl: require(dist('intl.cjs')) },
      { main: await import(dist('index.js')), cn: await import(dist('cn.js')), intl: await import(dist('intl.js')) },
    ];
    for (const { main, cn, intl } of builds) {
      for (const [site, entry] of [
        ['cn', cn],
        ['intl', intl],
      ] as const) {
        const client = entry.createPartnerClient({ credentials: { accessKey: 'AK', secretKey: 'SK' } });
        expect(client.site).toBe(site);
        const refused = await client
          .checkUserIdentity({ search_type: 'name', search_value: '' })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(main.RequestValidationError);
        expect(refused).toBeInstanceOf(main.SdkError);
        expect(() =>
          entry.createPartnerClient({
            site: site === 'cn' ? 'intl' : 'cn',
            credentials: { accessKey: 'AK', secretKey: 'SK' },
          }),
        ).toThrow(TypeError);
      }
    }
  });
});
