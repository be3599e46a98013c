// @ts-check
/**
 * TypeDoc plugin: turns the API reference into the documentation site (`pnpm docs:build`, scripts/docs/build.mjs).
 *
 * - Modules are named after the package entry they are imported from (`@partner-center/sdk/cn`), read from each
 *   workspace package's `exports` (`partner-center:source` condition), not after their source path.
 * - Guides (the `projectDocuments`) are titled by their first heading and grouped by folder, so the navigation reads
 *   "Quick start", not "quick-start".
 * - Every ```mermaid block of a guide is rendered to SVG at build time (mermaid-cli, the system Chromium) and put in
 *   the page inline, so the pictures show without JavaScript and without a CDN. The source stays in the markdown,
 *   where GitHub renders it too.
 * - A link to an OpenAPI root (`spec/bss.yaml`, `spec/bss-intl.yaml`, `spec/mock-control.yaml`) becomes a link to
 *   its Redoc page when the build made one (`.tmp/docs/http/<name>.html`); TypeDoc copies that page into the site.
 *   Without the pages (`typedoc --emit none` in the API reference test) the links stay on the YAML files.
 * - Members inherited from an undocumented interface (the generated `ControlMethods` of `MockControlClient`) are
 *   shown as the documented interface's own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, ReflectionFlag, ReflectionKind } from 'typedoc';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where the build puts what this plugin picks up (Redoc pages) and its scratch files (diagrams). */
export const buildDir = join(root, '.tmp/docs');
/** The OpenAPI roots that have an HTTP reference page, by file name. */
export const httpReferences = ['bss', 'bss-intl', 'mock-control'];

/** The workspace packages whose entries are documented: source file → import specifier. */
function entryNames() {
  const names = new Map();
  for (const dir of ['packages/sdk', 'mock-server']) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    for (const [subpath, conditions] of Object.entries(pkg.exports ?? {})) {
      const source = conditions?.['partner-center:source'];
      if (typeof source !== 'string') continue;
      const file = resolve(root, dir, source).replace(/\.ts$/, '');
      names.set(file, subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`);
    }
  }
  return names;
}

/** The first `# heading` of a markdown document, without inline code marks. */
function firstHeading(parts) {
  const text = parts.map((p) => p.text).join('');
  const m = /^#\s+(.+)$/m.exec(text);
  return m ? m[1].replace(/`/g, '').trim() : undefined;
}

/** Which navigation group a document belongs to, by its folder. */
function groupOf(path) {
  const rel = relative(root, path);
  if (rel.startsWith('docs/guides/')) return 'Guides';
  if (rel.startsWith('docs/reference/') || rel === 'docs/benchmarks.md') return 'Reference';
  return 'Start here';
}

/** The Chromium the pictures are rendered with: `CHROMIUM_PATH`, else `chromium` on the PATH. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('No chromium on the PATH: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  }
}

/** Every displayed-text array of the project's documents (the guides and the project README). */
function documentContents(project) {
  const contents = [];
  if (project.readme) contents.push(project.readme);
  for (const doc of project.getReflectionsByKind(ReflectionKind.Document)) contents.push(doc.content);
  return contents;
}

const MERMAID = /^```mermaid\n([\s\S]*?)\n?```$/;

/**
 * Renders every mermaid code part to SVG in one browser session and replaces the part by a figure holding the SVG.
 * A diagram that does not parse fails the build (mermaid-cli throws).
 */
async function renderDiagrams(project) {
  const blocks = [];
  for (const parts of documentContents(project))
    for (const part of parts) if (part.kind === 'code' && MERMAID.test(part.text)) blocks.push(part);
  if (blocks.length === 0) return;

  const { run } = await import('@mermaid-js/mermaid-cli');
  const dir = join(buildDir, 'diagrams');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'all.md');
  writeFileSync(input, blocks.map((b) => b.text).join('\n\n'));
  const config = JSON.parse(readFileSync(join(root, 'scripts/docs/puppeteer.json'), 'utf8'));
  await run(input, join(dir, 'out.md'), {
    quiet: true,
    puppeteerConfig: { ...config, executablePath: chromiumPath() },
  });
  blocks.forEach((part, i) => {
    const svg = readFileSync(join(dir, `out-${i + 1}.svg`), 'utf8')
      // Unique ids per picture (mermaid names every root "my-svg"), and one line so that markdown keeps it whole.
      .replaceAll('my-svg', `diagram-${i + 1}`)
      .replace(/\r?\n/g, ' ');
    part.kind = 'text';
    part.text = `\n<figure class="diagram">${svg}</figure>\n`;
  });
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const names = entryNames();

  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, doc) => {
    const path = doc.project.files.getReflectionPath(doc);
    doc.name = firstHeading(doc.content) ?? doc.name;
    if (path) doc.frontmatter.group ??= groupOf(path);
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const file = context.project.getSymbolIdFromReflection(mod)?.fileName ?? resolve(root, mod.name);
      const name = names.get(file.replace(/\.ts$/, '')) ?? names.get(resolve(root, mod.name));
      if (name) mod.name = name;
    }
  });

  // A member inherited from an interface the reference does not document (the generated method interfaces behind
  // `MockControlClient`) reads as the interface's own: no "Inherited from" naming a page that does not exist, and
  // the "Inherited" filter of the page's settings does not hide every control method.
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const owner of context.project.getReflectionsByKind(ReflectionKind.Interface))
      for (const member of owner.children ?? []) {
        if (!member.inheritedFrom || member.inheritedFrom.reflection) continue;
        for (const reflection of [member, ...(member.signatures ?? [])]) {
          reflection.inheritedFrom = undefined;
          reflection.setFlag(ReflectionFlag.Inherited, false);
        }
      }
  });

  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const files = context.project.files;
    const specs = new Map(
      httpReferences.map((name) => [join(root, 'spec', `${name}.yaml`), join(buildDir, 'http', `${name}.html`)]),
    );
    for (const parts of documentContents(context.project))
      for (const part of parts) {
        if (part.kind !== 'relative-link' || part.target === undefined) continue;
        const page = specs.get(files.resolvePath(part.target));
        if (page && existsSync(page)) part.target = files.registerAbsolute(page).target;
      }
  });

  app.renderer.preRenderAsyncJobs.push((/** @type {import('typedoc').RendererEvent} */ event) =>
    renderDiagrams(event.project),
  );
}
