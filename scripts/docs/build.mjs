// @ts-check
/**
 * `pnpm docs:build`: the documentation site in docs/site/ (open docs/site/index.html; it needs no server and no
 * network).
 *
 * 1. The three HTTP references (China, international, the mock's control surface) with Redoc
 *    (`redocly build-docs --inlineBundle`, scripts/docs/redoc.hbs), from the bundled documents the generator writes.
 *    Each operation's description gains the error codes it lists (`x-error-codes`) with their status and meaning.
 * 2. TypeDoc (typedoc.json): the SDK's and the mock's API, the guides as its documents, the Mermaid pictures rendered
 *    to SVG and the Redoc pages linked in (scripts/docs/typedoc-site.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildDir } from './typedoc-site.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const VERBS = ['get', 'put', 'post', 'delete', 'patch'];

const references = [
  { name: 'bss', doc: 'packages/sdk/src/generated/cn/openapi.json' },
  { name: 'bss-intl', doc: 'packages/sdk/src/generated/intl/openapi.json' },
  { name: 'mock-control', doc: 'mock-server/src/generated/control/openapi.json' },
];

/** The bundled document with each operation's documented error codes appended to its description. */
function withErrorCodes(spec) {
  const catalog = spec['x-error-catalog'] ?? {};
  for (const item of Object.values(spec.paths ?? {}))
    for (const verb of VERBS) {
      const op = item[verb];
      const codes = op?.['x-error-codes'];
      if (!codes?.length) continue;
      const rows = codes.map((code) => {
        const entry = catalog[code];
        return `| \`${code}\` | ${entry?.status ?? ''} | ${(entry?.message ?? '').replace(/\|/g, '\\|')} |`;
      });
      op.description = [
        op.description ?? '',
        '',
        '**Error codes** this operation can answer (the error-code page of the guides says what to do about each):',
        '',
        '| code | HTTP | meaning |',
        '| ---- | ---- | ------- |',
        ...rows,
      ].join('\n');
    }
  return spec;
}

async function httpReference({ name, doc }) {
  const dir = join(buildDir, 'http');
  const input = join(dir, `${name}.json`);
  const spec = withErrorCodes(JSON.parse(readFileSync(join(root, doc), 'utf8')));
  writeFileSync(input, JSON.stringify(spec));
  await run(
    join(root, 'node_modules/.bin/redocly'),
    [
      'build-docs',
      input,
      '--inlineBundle',
      '--template',
      join(root, 'scripts/docs/redoc.hbs'),
      '--output',
      join(dir, `${name}.html`),
    ],
    // No usage reports to Redocly, and none from the page (its `disableTelemetry` follows this setting).
    { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' } },
  );
}

const started = Date.now();
rmSync(join(buildDir, 'http'), { recursive: true, force: true });
mkdirSync(join(buildDir, 'http'), { recursive: true });
await Promise.all(references.map(httpReference));
rmSync(join(root, 'docs/site'), { recursive: true, force: true });
// Type errors are `pnpm typecheck`'s job; skipping the check here keeps the build to the conversion.
const typedoc = await run(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--skipErrorChecking'], {
  cwd: root,
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  maxBuffer: 16 * 1024 * 1024,
}).catch((e) => {
  process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
  process.exit(1);
});
process.stdout.write(typedoc.stdout);
console.log(`docs/site/index.html written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
