// @ts-check
/**
 * `pnpm docs:build`: the documentation site in docs/site/ (open docs/site/index.html; it needs no server and no
 * network).
 *
 * 1. The three HTTP references (China, international, the mock's control surface) with Redoc
 *    (`redocly build-docs --inlineBundle`, scripts/docs/redoc.hbs), from the OpenAPI roots in spec/.
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

/** The three OpenAPI roots, each bundled here (`redocly bundle`) so the build reads only spec/. */
const references = ['bss', 'bss-intl', 'mock-control'];
const redocly = join(root, 'node_modules/.bin/redocly');
// No usage reports to Redocly, and none from the pages (their `disableTelemetry` follows this setting).
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' };

/**
 * The bundled document with each operation's documented error codes appended to its description. `catalog` holds
 * the codes the document may list beyond its own `x-error-catalog` (the control surface's console operations list
 * the real API's codes); a listed code no catalog defines fails the build rather than show an empty row.
 */
function withErrorCodes(spec, catalog) {
  for (const item of Object.values(spec.paths ?? {}))
    for (const verb of VERBS) {
      const op = item[verb];
      const codes = op?.['x-error-codes'];
      if (!codes?.length) continue;
      const rows = codes.map((code) => {
        const entry = catalog[code];
        if (!entry) throw new Error(`${op.operationId}: x-error-codes names ${code}, which no error catalog defines`);
        return `| \`${code}\` | ${entry.status} | ${entry.message.replace(/\|/g, '\\|')} |`;
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

/** One OpenAPI root bundled into a single JSON document. */
async function bundle(name) {
  const bundled = join(buildDir, 'http', `${name}.bundled.json`);
  await run(redocly, ['bundle', `spec/${name}.yaml`, '--output', bundled, '--ext', 'json'], { cwd: root, env });
  return JSON.parse(readFileSync(bundled, 'utf8'));
}

/** The Redoc page of one bundled document. */
async function httpReference(name, spec, catalog) {
  const dir = join(buildDir, 'http');
  const input = join(dir, `${name}.json`);
  writeFileSync(input, JSON.stringify(withErrorCodes(spec, catalog)));
  await run(
    redocly,
    [
      'build-docs',
      input,
      '--inlineBundle',
      '--template',
      join(root, 'scripts/docs/redoc.hbs'),
      '--output',
      join(dir, `${name}.html`),
    ],
    { cwd: root, env },
  );
}

const started = Date.now();
rmSync(join(buildDir, 'http'), { recursive: true, force: true });
mkdirSync(join(buildDir, 'http'), { recursive: true });
const specs = await Promise.all(references.map(bundle));
// Every code of spec/errors.yaml (the API documents' `x-error-catalog`) and the console's own.
const catalog = Object.assign({}, ...specs.map((s) => ({ ...s['x-error-catalog'], ...s['x-console-error-catalog'] })));
await Promise.all(references.map((name, i) => httpReference(name, specs[i], catalog)));
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
