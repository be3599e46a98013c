/**
 * Builds the web console into `mock-server/dist/console/` (index.html, app.js, app.css), which the mock package ships
 * and its node server serves under `/_mock/console/`. Run by the package build; `pnpm mock` and `pnpm start` run it
 * with `--if-stale`, which rebuilds only when a source is newer than the bundle.
 *
 *   tsx mock-server/console/build.ts [--if-stale]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
/** Where the console is built (what the server reads, see src/http/console-app.ts). */
export const consoleOutDir = join(root, 'dist', 'console');

/** Newest modification time under the given paths (files or directories), in ms. */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
    else latest = Math.max(latest, st.mtimeMs);
  };
  for (const p of paths) visit(p);
  return latest;
}

/** What the bundle is made of: the console's sources, the control client and its generated table, and the SDK. */
const SOURCES = [
  join(here, 'src'),
  join(here, 'public'),
  join(root, 'src', 'adapters', 'control-client.ts'),
  join(root, 'src', 'generated', 'control'),
  join(root, '..', 'packages', 'sdk', 'src'),
];

/** Sizes of the built files in bytes: each file raw and gzipped (level 9), and the totals. */
export interface ConsoleSize {
  files: { name: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
}

/** Measures the built console. */
export function consoleSize(outdir = consoleOutDir): ConsoleSize {
  const files = readdirSync(outdir)
    .filter((n) => !n.endsWith('.map'))
    .sort()
    .map((name) => {
      const body = readFileSync(join(outdir, name));
      return { name, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
  return {
    files,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    gzip: files.reduce((a, f) => a + f.gzip, 0),
  };
}

/**
 * Builds the console; with `ifStale`, only when a source changed since the last build. Returns whether it built, and
 * esbuild's metafile (what each source contributes: the size benchmark reads it).
 */
export async function buildConsole(
  options: { outdir?: string; ifStale?: boolean } = {},
): Promise<{ built: boolean; metafile?: Metafile }> {
  const outdir = options.outdir ?? consoleOutDir;
  const bundle = join(outdir, 'app.js');
  if (options.ifStale && existsSync(bundle) && statSync(bundle).mtimeMs >= newest(SOURCES)) return { built: false };
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    outfile: bundle,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    // The workspace packages from their TypeScript sources: the console does not wait for the SDK's own build.
    conditions: ['partner-center:source'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  for (const name of readdirSync(join(here, 'public'))) copyFileSync(join(here, 'public', name), join(outdir, name));
  return { built: true, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { built } = await buildConsole({ ifStale: process.argv.includes('--if-stale') });
  const size = consoleSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `web console ${built ? 'built' : 'up to date'} in ${consoleOutDir}: ${size.files.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ')}; ${kb(size.gzip)} gzip (${kb(size.bytes)} raw)`,
  );
}
