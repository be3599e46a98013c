/**
 * The built site's link check (test/docs/site.test.ts): every `href` and `src` of every page that points inside the
 * site must name a file that exists, and its `#anchor` an element of that page (`id` or `name`). The Redoc pages
 * route by hash (`#/customers/createsubcustomer`): an anchor into one must be one of its own menu links.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** A Redoc page (one self-contained HTML per OpenAPI document); its own links are router paths, not files. */
const isRedoc = (html: string) => html.includes('id="redoc"');

function anchorsOf(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/\s(?:id|name)="([^"]+)"/g)) out.add(decodeHtml(m[1]!));
  if (isRedoc(html)) for (const m of html.matchAll(/href="#([^"]+)"/g)) out.add(decodeHtml(m[1]!));
  return out;
}

const decodeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Every broken internal link of the site under `root`, as "page: link (why)". */
export function brokenLinks(root: string): string[] {
  const pages = htmlFiles(root);
  const cache = new Map<string, Set<string>>();
  const anchors = (file: string) => {
    if (!cache.has(file)) cache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    return cache.get(file)!;
  };
  const broken: string[] = [];
  for (const page of pages) {
    const html = readFileSync(page, 'utf8');
    if (isRedoc(html)) continue;
    // Code samples are text, not links.
    const markup = html.replace(/<pre[\s\S]*?<\/pre>/g, '');
    for (const m of markup.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const link = decodeHtml(m[1]!);
      if (link === '' || link === '#' || /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue;
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path ? resolve(dirname(page), decodeURIComponent(path.split('?')[0]!)) : page;
      const where = `${relative(root, page)}: ${link}`;
      if (!existsSync(target) || statSync(target).isDirectory()) broken.push(`${where} (no such file)`);
      else if (anchor && target.endsWith('.html') && !anchors(target).has(decodeURIComponent(anchor)))
        broken.push(`${where} (no such anchor)`);
    }
  }
  return broken;
}

/** The number of pages checked, for the test to say the check saw the site. */
export const pageCount = (root: string) => htmlFiles(root).length;
