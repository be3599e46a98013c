/**
 * The web console's server side over real HTTP: its files (only its own, only by plain name), and the journal stream,
 * which the control surface authorises first and which carries each real-API request as ListRequests lists it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPartnerClient } from '@partner-center/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer, type RunningServer } from './node-http.js';
import { createEngine, type Engine } from '../engine.js';
import { consoleAssetsDir, consoleRoutes } from '../http/console-app.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let engine: Engine;
let server: RunningServer;
beforeAll(async () => {
  engine = createEngine();
  server = await startNodeServer(engine, { port: 0 });
});
afterAll(() => server.close());

/** Reads server-sent events from a response until `count` events arrived. */
async function events(res: Response, count: number): Promise<{ event: string; data: string }[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const out: { event: string; data: string }[] = [];
  let buffer = '';
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) out.push({ event, data });
    }
  }
  await reader.cancel();
  return out;
}

describe('journal stream', () => {
  it('sends each real-API request as ListRequests lists it, to followers of that tenant only', async () => {
    const other = engine.createTenant({ name: 'other' }).tenant;
    const controller = new AbortController();
    const res = await fetch(`${server.url}/_mock/requests/stream`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const otherRes = await fetch(`${server.url}/_mock/requests/stream`, { headers: { 'X-Mock-Tenant': other.id } });
    const got = events(res, 1);
    const otherGot = Promise.race([events(otherRes, 1), new Promise((r) => setTimeout(() => r('none'), 300))]);

    const sp = [...engine.world.partners.values()].find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
    const client = createPartnerClient({
      baseUrl: server.url,
      credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey },
    });
    await client.listSubCustomers({ account_name: 'stream-probe' });
    const [first] = await got;
    expect(first!.event).toBe('request');
    const streamed = JSON.parse(first!.data);
    const listed = engine.tenant()!.requests.list({}).requests.at(-1)!;
    expect(streamed).toEqual(JSON.parse(JSON.stringify(listed)));
    expect(streamed.request).toMatchObject({ account_name: 'stream-probe' });
    // The other tenant's follower heard nothing.
    expect(await otherGot).toBe('none');
    controller.abort();
  });

  it('is refused as the control surface refuses the same headers (an unknown tenant)', async () => {
    const res = await fetch(`${server.url}/_mock/requests/stream`, { headers: { 'X-Mock-Tenant': 'no-such' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error_code: 'CBC.0100' });
  });
});

describe('console files', () => {
  let dir: string;
  let plain: Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'notes.txt'), 'not served');
    const routes = consoleRoutes(engine, dir);
    plain = createServer((req, res) => {
      if (!routes.handle(req, res)) {
        res.writeHead(418);
        res.end();
      }
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    plain.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at the root and its files by plain name, with a same-origin-only policy', async () => {
    const index = await fetch(`${url}/_mock/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const js = await fetch(`${url}/_mock/console/app.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('leaves everything else to the engine: other types, paths, methods, and the control operations under it', async () => {
    for (const path of [
      '/_mock/console/notes.txt',
      '/_mock/console/../x.js',
      '/_mock/console/a/b.js',
      '/_mock/console/associations',
      '/v2/x',
    ])
      expect((await fetch(`${url}${path}`)).status, path).toBe(418);
    expect((await fetch(`${url}/_mock/console/app.js`, { method: 'POST', body: '{}' })).status).toBe(418);
    expect((await fetch(`${url}/_mock/console/missing.js`)).status).toBe(404);
  });

  it('finds the package build output from the source tree', () => {
    expect(consoleAssetsDir()).toMatch(/mock-server[/\\]dist[/\\]console$/);
  });
});
