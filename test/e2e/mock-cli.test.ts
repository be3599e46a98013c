/**
 * The standalone mock as another language's CI would use it: a subprocess started by the CLI, waited for on its
 * health endpoint, driven over HTTP, killed with SIGKILL and restarted on the same state file, stopped with SIGTERM.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPartnerClient } from '@partner-center/sdk';
import { createControlClient } from '@partner-center/mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildConsole } from '../../mock-server/console/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = ['--conditions=partner-center:source', '--import', 'tsx', 'mock-server/src/cli.ts'];

interface Started {
  child: ChildProcess;
  url: string;
  out: () => string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
});

function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn('node', [...CLI, '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${out}`)), 30_000);
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ child, url: m[1]!, out: () => out, exited });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`the mock exited with ${code}:\n${out}`)));
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const stateFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'pc-cli-'));
  dirs.push(d);
  return join(d, 'mock.state');
};

async function waitHealthy(url: string) {
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${url}/_mock/health`).catch(() => undefined);
    if (r?.ok) return (await r.json()) as { status: string; spec_revision: string };
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('not healthy');
}

describe('partner-center-mock CLI', () => {
  it('--help documents every option and exits 0', async () => {
    const { stdout } = await promisify(execFile)('node', [...CLI, '--help'], { cwd: root });
    for (const flag of [
      '--host',
      '--port',
      '--partners',
      '--scenario',
      '--state',
      '--seed',
      '--validate-responses',
      'SIGTERM',
      '/_mock/health',
    ])
      expect(stdout).toContain(flag);
  }, 60_000);

  it('rejects a bad flag value with exit code 2', async () => {
    const r = await promisify(execFile)('node', [...CLI, '--port', 'abc'], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(r).toMatchObject({ code: 2 });
    expect((r as { stderr: string }).stderr).toContain('invalid port abc');
  }, 60_000);

  it('prints partners from the environment, seeds a scenario, serves signed calls, stops on SIGTERM', async () => {
    const partners = [
      {
        role: 'solution_provider',
        site: 'cn',
        access_key: 'CIJOBKEY000000000001',
        secret_key: 'ci-job-secret',
        name: 'CI partner',
      },
    ];
    const m = await start(['--scenario', 'customers', '--validate-responses'], {
      PARTNER_CENTER_MOCK_PARTNERS: JSON.stringify(partners),
    });
    // Keys given by the job are secrets: printed without the SK.
    expect(m.out()).toContain('AK=CIJOBKEY000000000001 (SK and IAM password as given)');
    expect(m.out()).not.toContain('ci-job-secret');
    expect(m.out()).toContain('validating responses');
    expect((await waitHealthy(m.url)).status).toBe('ok');
    const client = createPartnerClient({
      site: 'cn',
      baseUrl: m.url,
      credentials: { accessKey: 'CIJOBKEY000000000001', secretKey: 'ci-job-secret' },
      retry: false,
    });
    expect((await client.listSubCustomers({})).count).toBe(3);
    // The web console's address is printed, and it answers there.
    expect(m.out()).toContain(`console: ${m.url}/_mock/console/`);
    await buildConsole({ ifStale: true });
    const page = await fetch(`${m.url}/_mock/console/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    m.child.kill('SIGTERM');
    expect(await m.exited).toBe(0);
    expect(m.out()).toContain('SIGTERM: finishing requests in flight');
  }, 60_000);

  it('every acknowledged change survives kill -9 and a restart on the same state file', async () => {
    const path = stateFile();
    const m = await start(['--state', path]);
    const control = createControlClient({ baseUrl: m.url });
    const tenant = await control.createTenant({ name: 'crash' });
    const sp = tenant.partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
    const client = createPartnerClient({
      site: 'cn',
      baseUrl: m.url,
      credentials: { accessKey: sp.access_key, secretKey: sp.secret_key },
      retry: false,
    });

    // A burst of creations; SIGKILL lands while some are still in flight.
    const acknowledged: string[] = [];
    const burst = Array.from({ length: 60 }, (_, i) =>
      client
        .createSubCustomer({
          xaccount_id: `crash-${i}`,
          xaccount_type: 'ci_IDP',
          domain_name: `crash-customer-${i}`,
          include_association_result: true,
        })
        .then(
          (r) => {
            acknowledged.push(r.domain_id!);
            if (acknowledged.length === 30) m.child.kill('SIGKILL');
          },
          () => undefined,
        ),
    );
    await Promise.all(burst);
    await m.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);

    const again = await start(['--state', path]);
    expect(again.out()).toMatch(/journaled commands replayed/);
    // A second server on the same state file is refused while the first lives (the killed one's lock was stale).
    const second = await promisify(execFile)('node', [...CLI, '--port', '0', '--state', path], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(second).toMatchObject({ code: 2 });
    expect((second as { stderr: string }).stderr).toContain('is in use by process');
    const client2 = createPartnerClient({
      site: 'cn',
      baseUrl: again.url,
      credentials: { accessKey: sp.access_key, secretKey: sp.secret_key },
      retry: false,
    });
    const listed = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = await client2.listSubCustomers({ offset, limit: 100 });
      for (const c of page.customer_infos!) listed.add(c.customer_id);
      if (page.customer_infos!.length < 100) break;
    }
    for (const id of acknowledged) expect(listed.has(id)).toBe(true);
    // The tenant itself came back, with its credentials.
    const tenants = await createControlClient({ baseUrl: again.url }).listTenants();
    expect(tenants.tenants.map((t) => t.name)).toContain('crash');

    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(existsSync(path)).toBe(true);
    // A clean stop left a snapshot: the third start replays nothing.
    const third = await start(['--state', path]);
    expect(third.out()).toContain('snapshot loaded, 0 journaled commands replayed');
    third.child.kill('SIGTERM');
    await third.exited;
  }, 90_000);
});
