/**
 * Bundle size of the SDK as an application ships it: an entry importing what an application calls the service with
 * (`createPartnerClient`, `iamPasswordToken` and the error classes), bundled with the runtime dependencies
 * (openapi-fetch, zod/mini), minified, then gzipped (level 9). An application talks to one site, so it takes
 * `createPartnerClient` from that site's entry point (`@partner-center/sdk/cn` or `/intl`) and the rest from
 * `@partner-center/sdk`; the main entry's `createPartnerClient` serves both sites and ships both. Figures:
 *
 * - core: the SDK's own runtime (client, transport, retries, signing, IAM tokens, errors, pagination,
 *   reconciliation) plus openapi-fetch: everything generated from the spec (operation tables, error codes,
 *   validators) and the validation layer (zod/mini and the issue formatter) are replaced by empty stubs;
 * - tables: core plus the China site's generated operation table and the error codes (grows with the spec);
 * - full: everything for one site (China, international) and for both through the main entry, validators and
 *   the parts of zod/mini they use included;
 * - barrel: the whole main entry point with every export (helpers too), for reference.
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
/** The per-site entry points. */
const siteEntry = (site: 'cn' | 'intl') => resolve(root, `packages/sdk/src/${site}.ts`);

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
          'export const operations = {}, documentedErrorCodes = new Set(), errorCatalog = {}, operationErrorCodes = {}, SPEC_REVISION = "";',
          'export const checkValue = () => ({ ok: true }), describeIssues = () => "";',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

const GENERATED = String.raw`[\/]generated[\/].*\.js$`;
const VALIDATION = String.raw`^zod(\/.*)?$|[\/]validators\.js$|[\/]validation[\/]issues\.js$`;

const REST = 'iamPasswordToken, SdkError, PartnerCenterError, RequestValidationError, NetworkError';
/** What an application imports to call the service: one site's entry, or the main entry for both sites. */
const app = (site: 'cn' | 'intl' | 'both') =>
  site === 'both'
    ? `export { createPartnerClient, ${REST} } from ${JSON.stringify(sdkEntry)};`
    : `export { createPartnerClient } from ${JSON.stringify(siteEntry(site))};\nexport { ${REST} } from ${JSON.stringify(sdkEntry)};`;

async function measure(plugins: Plugin[], entry: 'cn' | 'intl' | 'both' | 'barrel'): Promise<BundleSize> {
  const out = await build({
    ...(entry === 'barrel'
      ? { entryPoints: [sdkEntry] }
      : { stdin: { contents: app(entry), resolveDir: dirname(sdkEntry), loader: 'ts' as const } }),
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

/** Measures the core, the core with the generated tables, the full bundle of each site and of both, and the barrel. */
export async function measureBundleSizes(): Promise<{
  core: BundleSize;
  tables: BundleSize;
  full: { cn: BundleSize; intl: BundleSize; both: BundleSize };
  barrel: BundleSize;
}> {
  return {
    core: await measure([stub(new RegExp(`${GENERATED}|${VALIDATION}`))], 'cn'),
    tables: await measure([stub(new RegExp(`${VALIDATION}`))], 'cn'),
    full: { cn: await measure([], 'cn'), intl: await measure([], 'intl'), both: await measure([], 'both') },
    barrel: await measure([], 'barrel'),
  };
}

/**
 * Size budgets (min+gz bytes) of the core and of the full bundle of one site. The site budget was 20 KB (issue 5) and
 * is 21 KB since issue 12: reconciliation that never reports success without a record of its own costs about 0.5 KB
 * (docs/benchmarks.md says where each target comes from).
 */
export const sizeBudget = { core: 8 * 1024, full: 21 * 1024 } as const;
