/**
 * The SDK as shipped: its size budget (min+gz, measured with esbuild like bench/bundle-size.ts), and its
 * independence from Node: bundled for a neutral platform (any `node:` import would fail the build), it runs a signed
 * call in a VM context that has only web-platform globals (fetch, Web Crypto, URL, AbortController, timers).
 */
import { build } from 'esbuild';
import { createHash, webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { measureBundleSizes, sdkEntry, sizeBudget } from '../../../bench/bundle-size.js';

describe('bundle', () => {
  it('keeps the core, and each site with its validators, within the size budgets', async () => {
    const sizes = await measureBundleSizes();
    expect(sizes.core.gzip, `core is ${sizes.core.gzip} B min+gz`).toBeLessThanOrEqual(sizeBudget.core);
    for (const site of ['cn', 'intl'] as const) {
      expect(sizes.full[site].gzip, `${site} with validators is ${sizes.full[site].gzip} B min+gz`).toBeLessThanOrEqual(
        sizeBudget.full,
      );
    }
    // The main entry serves both sites (no budget of its own: one site's entry is what an application ships); this
    // ceiling only catches a sudden regression.
    expect(sizes.full.both.gzip, `both sites are ${sizes.full.both.gzip} B min+gz`).toBeLessThanOrEqual(24 * 1024);
    expect(sizes.core.gzip).toBeLessThan(sizes.tables.gzip);
    expect(sizes.tables.gzip).toBeLessThan(sizes.full.cn.gzip);
    expect(sizes.full.cn.gzip).toBeLessThan(sizes.full.both.gzip);
  });

  it('runs a signed, validated call with web-platform globals only', async () => {
    const out = await build({
      entryPoints: [sdkEntry],
      bundle: true,
      format: 'iife',
      globalName: 'sdk',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['partner-center:source', 'import', 'module', 'default'],
      write: false,
      logLevel: 'silent',
    });
    const requests: { url: string; headers: Record<string, string>; body: string }[] = [];
    const fetch = async (req: Request) => {
      requests.push({ url: req.url, headers: Object.fromEntries(req.headers), body: await req.text() });
      return new Response(JSON.stringify({ check_result: 'available' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const web = {
      fetch,
      Request,
      Response,
      Headers,
      FormData,
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
      crypto: webcrypto,
      AbortController,
      AbortSignal,
      DOMException,
      setTimeout,
      clearTimeout,
    };
    const context = vm.createContext({ ...web });
    vm.runInContext(out.outputFiles[0]!.text, context);
    expect(vm.runInContext('typeof process + typeof Buffer + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    );

    const result = await vm.runInContext(
      `sdk.createPartnerClient({ credentials: { accessKey: 'AK', secretKey: 'SK' }, now: () => new Date(Date.UTC(2024, 0, 1)) })
         .checkUserIdentity({ search_type: 'name', search_value: 'acme-01' })`,
      context,
    );
    expect(JSON.parse(JSON.stringify(result))).toEqual({ check_result: 'available' });
    expect(requests[0]!.headers).toMatchObject({
      'x-sdk-date': '20240101T000000Z',
      authorization: expect.stringMatching(
        /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=[a-z;-]*x-sdk-date[a-z;-]*, Signature=[0-9a-f]{64}$/,
      ),
    });
    expect(createHash('sha256').update(requests[0]!.body).digest('hex')).toHaveLength(64);

    const refused = await vm.runInContext(
      `sdk.createPartnerClient({ credentials: { accessKey: 'AK', secretKey: 'SK' } })
         .checkUserIdentity({ search_type: 'name', search_value: '' }).catch((e) => e.name + ' ' + e.issues[0].field)`,
      context,
    );
    expect(refused).toBe('RequestValidationError search_value');
  });
});
