/**
 * The two published packages carry what a registry page and a consumer need (name, version, description, keywords,
 * homepage, bugs, repository, license, engines, exports, files, public access), publish without the workspace-only
 * `partner-center:source` condition, ship the license, and pass publint; the examples package stays private; the
 * changesets configuration names only real packages, and every pending changeset has the front matter changesets
 * reads. publint reads the built mock (`pnpm test` builds first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const json = (path: string) => JSON.parse(read(path)) as Record<string, any>;

const packages = [
  { dir: 'packages/sdk', name: '@partner-center/sdk' },
  { dir: 'mock-server', name: '@partner-center/mock' },
];

/** `exports` without the workspace-only source condition, as it must be published. */
function withoutSource(exports: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(exports).map(([k, v]) => [
      k,
      typeof v === 'object' && v
        ? Object.fromEntries(Object.entries(v).filter(([c]) => c !== 'partner-center:source'))
        : v,
    ]),
  );
}

describe.each(packages)('$name package metadata', ({ dir, name }) => {
  const pkg = json(`${dir}/package.json`);

  it('has every field a registry page and a consumer need', () => {
    expect(pkg.name).toBe(name);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(pkg.description.length).toBeGreaterThan(40);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['huawei-cloud', 'partner-center', 'bss']));
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.engines.node).toBe(json('package.json').engines.node);
    expect(pkg.repository).toMatchObject({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
      directory: dir,
    });
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
    expect(pkg.private).toBeUndefined();
    // A folder per subpath export (its package.json points into dist/) serves resolvers that ignore `exports`.
    const subpaths = Object.keys(pkg.exports)
      .filter((k) => k !== '.' && k !== './package.json')
      .map((k) => k.slice(2));
    expect(pkg.files).toEqual(['dist', ...subpaths, 'README.md', 'LICENSE']);
    for (const sub of subpaths) {
      const shim = json(`${dir}/${sub}/package.json`);
      expect(shim).toEqual({ main: `../dist/${sub}.cjs`, module: `../dist/${sub}.js`, types: `../dist/${sub}.d.cts` });
      expect(pkg.exports[`./${sub}`].require.default).toBe(`./dist/${sub}.cjs`);
    }
  });

  it('publishes publicly, with the exports minus the workspace-only source condition', () => {
    expect(pkg.publishConfig.access).toBe('public');
    expect(pkg.exports['.']['partner-center:source']).toBe('./src/index.ts');
    expect(pkg.publishConfig.exports).toEqual(withoutSource(pkg.exports));
    expect(JSON.stringify(pkg.publishConfig.exports)).not.toContain('src/');
  });

  it('ships the license and a README', () => {
    expect(read(`${dir}/LICENSE`)).toBe(read('LICENSE'));
    expect(read('LICENSE')).toContain('Apache License');
    expect(read(`${dir}/README.md`)).toContain(`# ${name}`);
  });

  it('has no publint message (strict)', async () => {
    const { messages } = await publint({ pkgDir: resolve(root, dir), pack: 'pnpm', strict: true });
    expect(messages).toEqual([]);
  });
});

describe('release process', () => {
  it('keeps the examples and the root private', () => {
    expect(json('examples/package.json').private).toBe(true);
    expect(json('package.json').private).toBe(true);
  });

  it('versions the SDK and the mock together, publicly, and nothing else', () => {
    const config = json('.changeset/config.json');
    expect(config.access).toBe('public');
    expect(config.baseBranch).toBe('main');
    expect(config.fixed).toEqual([packages.map((p) => p.name)]);
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    expect(json('package.json').devDependencies['@changesets/cli']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json('package.json').scripts.changeset).toBe('changeset');
  });

  it('has pending changesets that changesets can read: front matter naming a package and a bump, then a summary', () => {
    const names = packages.map((p) => p.name);
    const files = readdirSync(resolve(root, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    const problems = files.flatMap((file) => problemsOf(file, read(`.changeset/${file}`), names));
    expect(problems).toEqual([]);
  });

  it('refuses a changeset whose front matter a markdown formatter turned into a heading', () => {
    const names = packages.map((p) => p.name);
    const broken = '---\n\n## "@partner-center/mock": minor\n\nA web console.\n';
    expect(problemsOf('x.md', broken, names)).toEqual(['x.md: no front matter (---, "package": bump lines, ---)']);
    expect(problemsOf('y.md', '---\n"@partner-center/nope": minor\n---\n\nText.\n', names)).toEqual([
      'y.md: names @partner-center/nope, not a published package',
    ]);
    expect(problemsOf('z.md', '---\n"@partner-center/sdk": patch\n---\n\nText.\n', names)).toEqual([]);
  });
});

/**
 * What keeps `changeset version` from reading a changeset: the front matter changesets parses (`---`, one
 * `"package": patch|minor|major` line each, `---`), naming published packages, followed by a summary. Biome formats
 * markdown and reads `"pkg": minor` over `---` as a heading, so .changeset/*.md is left out of its files.
 */
function problemsOf(file: string, text: string, names: string[]): string[] {
  const m = /^---\n((?:"[^"]+": (?:patch|minor|major)\n)+)---\n\n\S/.exec(text);
  if (!m) return [`${file}: no front matter (---, "package": bump lines, ---)`];
  return [...m[1]!.matchAll(/"([^"]+)"/g)]
    .map((n) => n[1]!)
    .filter((n) => !names.includes(n))
    .map((n) => `${file}: names ${n}, not a published package`);
}
