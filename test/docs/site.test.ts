/**
 * The documentation site (`pnpm docs:build` → docs/site/): built from scratch (by `pnpm test` before vitest, or
 * here when this file runs alone), then
 * - every internal link and anchor of every page resolves (test/docs/site-links.ts; shown to catch a broken file link
 *   and a broken anchor on a seeded fixture);
 * - in headless Chromium (playwright-core with the system `chromium`), the four pictures render as SVG with a
 *   non-empty box, the search finds an SDK method and a control-client method (`advanceClock`, documented on its
 *   page), every control operation of spec/mock-control.yaml is a documented method of `MockControlClient`, the HTTP
 *   references show their operations with their error codes (status and meaning, console codes included), and no
 *   page fetches anything from the network (the site works offline, without a CDN).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenLinks, pageCount } from './site-links.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const site = join(root, 'docs/site');
/** A page's file URL; a `#fragment` stays a fragment. */
const url = (path: string) => {
  const [file, hash] = path.split('#') as [string, string | undefined];
  return pathToFileURL(join(site, file)).href + (hash === undefined ? '' : `#${hash}`);
};

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

/** What the tests read of a bundled OpenAPI document. */
type Bundled = { paths: Record<string, Record<string, { operationId?: string; summary?: string } | undefined>> };

/** The control client's page in the site. */
const controlClientPage = 'interfaces/_partner-center_mock.MockControlClient.html';

/**
 * Every operation of spec/mock-control.yaml, from its bundled copy (`pnpm gen:check` keeps it equal to the spec):
 * operationId → method, path and summary.
 */
const controlOperations = (() => {
  const doc = JSON.parse(readFileSync(join(root, 'mock-server/src/generated/control/openapi.json'), 'utf8')) as Bundled;
  const out = new Map<string, { method: string; path: string; summary: string }>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const verb of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[verb];
      // The summary as the page shows it: markdown code spans lose their backticks.
      const summary = (op?.summary ?? '').replace(/`/g, '');
      if (op?.operationId) out.set(op.operationId, { method: verb.toUpperCase(), path, summary });
    }
  return out;
})();

/** The summary of an operation of spec/bss.yaml, from its bundled copy, as the page shows it. */
function cnSummary(id: string): string {
  const doc = JSON.parse(readFileSync(join(root, 'packages/sdk/src/generated/cn/openapi.json'), 'utf8')) as Bundled;
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item)) if (op?.operationId === id) return (op.summary ?? '').replace(/`/g, '');
  throw new Error(`no operation ${id}`);
}

/** A documented error code's meaning, from the catalogs of the bundled documents. */
function errorMessage(code: string): string {
  const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const { 'x-error-catalog': api } = read('packages/sdk/src/generated/cn/openapi.json');
  const { 'x-console-error-catalog': console } = read('mock-server/src/generated/control/openapi.json');
  const entry = { ...api, ...console }[code];
  if (!entry) throw new Error(`no error code ${code}`);
  return entry.message;
}

let browser: Browser;
/** Requests that left the file system, per page opened. */
const external: string[] = [];

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  // A response is something fetched; a request the page's Content-Security-Policy blocked never gets one.
  page.on('response', (r) => {
    if (!/^(file|data|blob|about):/.test(r.url())) external.push(`${path}: ${r.url()}`);
  });
  await page.goto(url(path), { waitUntil: 'load' });
  return page;
}

/**
 * Searches the site for a method name, checks that the hit whose highlighted name is exactly it leads to `target`,
 * follows it, and returns the text of the method's doc comment there (which must be visible).
 */
async function searchAndOpen(name: string, target: RegExp): Promise<string> {
  const page = await open('index.html');
  await page.click('#tsd-search-trigger');
  await page.fill('#tsd-search-input', name);
  const hit = page
    .locator('#tsd-search-results li a')
    .filter({ has: page.locator('mark', { hasText: new RegExp(`^${name}$`) }) })
    .filter({ has: page.locator('xpath=self::*[contains(@href, "#")]') });
  const hrefs: string[] = [];
  await hit.first().waitFor({ timeout: 10_000 });
  for (const a of await hit.all()) hrefs.push((await a.getAttribute('href')) ?? '');
  const index = hrefs.findIndex((h) => target.test(h));
  expect(index, `search hits for ${name}: ${hrefs.join(', ')}`).toBeGreaterThanOrEqual(0);
  await hit.nth(index).click();
  await page.waitForURL(target);
  const anchor = name.toLowerCase();
  const comment = page
    .locator('section.tsd-member', { has: page.locator(`h3[id="${anchor}"]`) })
    .locator('.tsd-comment')
    .first();
  expect(await comment.isVisible()).toBe(true);
  const text = (await comment.textContent()) ?? '';
  await page.close();
  return text;
}

beforeAll(async () => {
  // `pnpm test` builds the site before vitest starts (DOCS_SITE_BUILT=1), so the build does not compete with the
  // other test files for the CPU; run alone, this file builds it.
  if (process.env.DOCS_SITE_BUILT !== '1')
    await promisify(execFile)(process.execPath, [join(root, 'scripts/docs/build.mjs')], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 240_000,
    });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

describe('the built site', () => {
  it('has no broken internal link or anchor', () => {
    expect(pageCount(site)).toBeGreaterThan(50);
    expect(brokenLinks(site)).toEqual([]);
  });

  it('renders the four pictures as SVG, without JavaScript from elsewhere', async () => {
    const pages = {
      'documents/Funds__balances,_allocation_and_reclaim.html': 'allocatable',
      'documents/Vouchers,_cash_coupons_and_quotas.html': 'child quota',
      'documents/Associations.html': 'disassociated',
      'documents/The_mock.html': 'self-check',
    };
    for (const [path, label] of Object.entries(pages)) {
      const page = await open(path);
      const figures = page.locator('figure.diagram > svg');
      expect(await figures.count(), path).toBe(1);
      const box = await figures.first().boundingBox();
      expect(box?.width, path).toBeGreaterThan(100);
      expect(box?.height, path).toBeGreaterThan(100);
      expect(await page.locator('figure.diagram').textContent(), path).toContain(label);
      await page.close();
    }
  }, 60_000);

  it('finds an SDK method with the search, and its page shows the method documented', async () => {
    // The method itself (`CnMethods.createSubCustomer`), not the `CreateSubCustomer` operation types nor the
    // `createSubCustomer` entry of the error-code map.
    const text = await searchAndOpen('createSubCustomer', /_partner-center_sdk\.CnMethods\.html#createsubcustomer$/);
    expect(text).toContain(cnSummary('CreateSubCustomer'));
  }, 60_000);

  it('finds a control-client method with the search, and its page shows the method documented', async () => {
    const text = await searchAndOpen('advanceClock', /_partner-center_mock\.MockControlClient\.html#advanceclock$/);
    expect(text).toContain(controlOperations.get('AdvanceClock')!.summary);
    expect(text).toContain('POST /_mock/clock/advance');
  }, 60_000);

  it('lists every control operation of spec/mock-control.yaml as a documented MockControlClient method', async () => {
    expect(controlOperations.size).toBeGreaterThan(50);
    const page = await open(controlClientPage);
    const missing: string[] = [];
    for (const [id, { method, path, summary }] of controlOperations) {
      const anchor = (id[0]!.toLowerCase() + id.slice(1)).toLowerCase();
      const member = page.locator('section.tsd-member', { has: page.locator(`h3[id="${anchor}"]`) });
      if ((await member.count()) !== 1 || !(await member.isVisible())) {
        missing.push(`${id}: no method`);
        continue;
      }
      const text = (await member.locator('.tsd-comment').first().textContent()) ?? '';
      if (!text.includes(summary) || !text.includes(`${method} ${path}`)) missing.push(`${id}: undocumented`);
    }
    expect(missing).toEqual([]);
    await page.close();
  }, 60_000);

  it('has the HTTP references, with each operation and its error codes', async () => {
    for (const [path, operation] of [
      ['media/bss.html', 'createsubcustomer'],
      ['media/bss-intl.html', 'createsubcustomer'],
      ['media/mock-control.html', 'advanceclock'],
    ] as const) {
      const page = await open(path);
      const link = page.locator(`a[href$="/${operation}"]`).first();
      await link.waitFor({ state: 'attached', timeout: 20_000 });
      await page.close();
    }
    const page = await open('media/bss.html#/customers/createsubcustomer');
    await page.getByText('CBC.99000039').first().waitFor({ state: 'attached', timeout: 20_000 });
    await page.close();
    // The control surface's console operations list codes of spec/errors.yaml and of the console's own catalog:
    // each row has its status and meaning.
    const control = await open('media/mock-control.html#/console/requestdisassociation');
    for (const code of ['CONSOLE.ARREARS', 'CBC.99004008']) {
      const row = control.locator('tr', { has: control.locator('code', { hasText: code }) }).first();
      await row.waitFor({ state: 'attached', timeout: 20_000 });
      expect(await row.textContent()).toContain(`400${errorMessage(code)}`);
    }
    await control.close();
  }, 120_000);

  it('fetched nothing from the network', () => {
    expect(external).toEqual([]);
  });
});

describe('the link check', () => {
  it('catches a missing page and a missing anchor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'site-links-'));
    try {
      mkdirSync(join(dir, 'documents'));
      writeFileSync(join(dir, 'documents/a.html'), '<h2 id="here">Here</h2><a href="b.html#here">ok</a>');
      writeFileSync(
        join(dir, 'documents/b.html'),
        '<h2 id="here">B</h2><a href="a.html#gone">x</a><a href="c.html">y</a><a href="https://x.test/">z</a>',
      );
      expect(brokenLinks(dir)).toEqual([
        'documents/b.html: a.html#gone (no such anchor)',
        'documents/b.html: c.html (no such file)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
