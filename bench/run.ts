/**
 * `pnpm bench`: runs every `bench/*.bench.ts` (or only those named on the command line, e.g. `pnpm bench mock`) and
 * writes each one's results into its own section of docs/benchmarks.md, between `<!-- bench:NAME -->` and
 * `<!-- /bench:NAME -->` (a section is appended when absent; the rest of the file is left alone).
 *
 * A bench file exports `title` (the section heading) and `run(): Promise<string>` (the section's markdown). Benchmarks
 * are measured, not asserted: the tests do not time anything.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const doc = join(root, 'docs/benchmarks.md');
const wanted = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.bench.ts')));
if (files.length === 0) {
  console.error(`no bench matches ${wanted.join(', ')}`);
  process.exit(1);
}

const machine = `${process.version}, ${process.platform}/${process.arch}, ${(await import('node:os')).cpus().length} CPUs`;
for (const file of files) {
  const name = basename(file, '.bench.ts');
  const mod = (await import(pathToFileURL(join(root, 'bench', file)).href)) as {
    title: string;
    run(): Promise<string>;
  };
  console.log(`== ${name}: ${mod.title}`);
  const started = Date.now();
  const body = await mod.run();
  const section = `<!-- bench:${name} -->\n## ${mod.title}\n\n_Measured ${new Date().toISOString().slice(0, 10)} by \`pnpm bench ${name}\` (${machine}; ${Math.round((Date.now() - started) / 1000)} s)._\n\n${body.trim()}\n<!-- /bench:${name} -->`;
  console.log(body);
  let text = existsSync(doc)
    ? readFileSync(doc, 'utf8')
    : '# Benchmarks\n\nNumbers written by `pnpm bench` (bench/run.ts); each section belongs to one `bench/*.bench.ts`.\n';
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  text = re.test(text) ? text.replace(re, () => section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(doc, text);
}
// The tables are written unaligned; the project's formatter aligns them, as `pnpm lint` expects.
execFileSync('pnpm', ['exec', 'biome', 'format', '--write', doc], { cwd: root, stdio: 'inherit' });
console.log(`wrote ${doc}`);
