/**
 * Bundle size of the SDK as an application would ship it: `@partner-center/sdk`'s entry bundled with its runtime
 * dependencies (openapi-fetch, zod/mini), minified, then gzipped. Two figures:
 *
 * - core: everything except the request validators, i.e. with the generated `validators.ts` modules and zod
 *   replaced by empty stubs (signing, transport, retries, errors, pagination, operation tables, openapi-fetch);
 * - full: the same entry with the generated validators and the parts of zod/mini they use.
 *
 * Used by `pnpm bench` (numbers for docs/benchmarks.md) and by the size-budget test.
 */
import { build, type Plugin } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The SDK entry point. */
export const sdkEntry = resolve(root, 'packages/sdk/src/index.ts');

/** Size of one bundle. */
export interface BundleSize {
  /** Minified bytes. */
  min: number;
  /** Minified and gzipped (level 9) bytes. */
  gzip: number;
}

const stubValidators: Plugin = {
  name: 'stub-validators',
  setup(b) {
    b.onResolve({ filter: /(^zod(\/.*)?$)|([\\/]validators\.js$)/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {}', loader: 'js' }));
  },
};

async function measure(withValidators: boolean): Promise<BundleSize> {
  const out = await build({
    entryPoints: [sdkEntry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    treeShaking: true,
    conditions: ['partner-center:source', 'import', 'module', 'default'],
    mainFields: ['module', 'main'],
    plugins: withValidators ? [] : [stubValidators],
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

/** Measures the core (no validators) and the full bundle. */
export async function measureBundleSizes(): Promise<{ core: BundleSize; full: BundleSize }> {
  return { core: await measure(false), full: await measure(true) };
}

/** Size budgets (min+gz bytes) the tests enforce. */
export const sizeBudget = { core: 8 * 1024, full: 20 * 1024 } as const;
