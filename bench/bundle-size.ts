/**
 * Bundle size of the SDK as an application ships it: an entry importing what an application calls the service with
 * (`createPartnerClient`, `iamPasswordToken` and the error classes) from `@partner-center/sdk`, bundled with the
 * runtime dependencies (openapi-fetch, zod/mini), minified, then gzipped (level 9). Figures:
 *
 * - core: the SDK's own runtime (client, transport, retries, signing, IAM tokens, errors, pagination,
 *   reconciliation) plus openapi-fetch: everything generated from the spec (operation tables, error codes,
 *   validators) and the validation layer (zod/mini and the issue formatter) are replaced by empty stubs;
 * - tables: core plus the generated operation tables and error codes of both sites (grows with the spec);
 * - full: everything, validators of both sites and the parts of zod/mini they use included;
 * - barrel: the whole entry point with every export (helpers and the mock's utilities too), for reference.
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

/** Replaces the modules matching `filter` by stubs that export what the SDK imports from them, empty. */
function stub(filter: RegExp): Plugin {
  return {
    name: 'stub',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: [
          'export const operations = {}, methodNames = {}, documentedErrorCodes = new Set(), errorCatalog = {}, SPEC_REVISION = "";',
          'export const checkValue = () => ({ ok: true }), describeIssues = () => "";',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

const GENERATED = String.raw`[\/]generated[\/].*\.js$`;
const VALIDATION = String.raw`^zod(\/.*)?$|[\/]validators\.js$|[\/]validation[\/]issues\.js$`;

/** What an application imports to call the service. */
const APP = `export { createPartnerClient, iamPasswordToken, SdkError, PartnerCenterError, RequestValidationError, NetworkError } from ${JSON.stringify(sdkEntry)};`;

async function measure(plugins: Plugin[], whole = false): Promise<BundleSize> {
  const out = await build({
    ...(whole ? { entryPoints: [sdkEntry] } : { stdin: { contents: APP, resolveDir: dirname(sdkEntry), loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    treeShaking: true,
    conditions: ['partner-center:source', 'import', 'module', 'default'],
    mainFields: ['module', 'main'],
    plugins,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

/** Measures the core, the core with the generated tables, the full bundle, and the whole barrel. */
export async function measureBundleSizes(): Promise<{ core: BundleSize; tables: BundleSize; full: BundleSize; barrel: BundleSize }> {
  return {
    core: await measure([stub(new RegExp(`${GENERATED}|${VALIDATION}`))]),
    tables: await measure([stub(new RegExp(`${VALIDATION}`))]),
    full: await measure([]),
    barrel: await measure([], true),
  };
}

/** Size budgets (min+gz bytes) of the core and of the full bundle. */
export const sizeBudget = { core: 8 * 1024, full: 20 * 1024 } as const;
