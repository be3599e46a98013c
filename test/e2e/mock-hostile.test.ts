/**
 * The standalone mock as a shared CI service facing a hostile (or careless) client, over real HTTP: bodies over the
 * limit, a journal that stays small and keeps no secrets, a control surface that refuses other hosts, cross-site
 * requests and missing tokens, tenants wired site by site, `..` paths, amounts written with too many decimals,
 * aborted uploads, state files others cannot read, and stopping by the PID a shell gives. Kept short: a few
 * servers, one request or two per point.
 */
import { connect } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  iamToken,
  listening,
  type MockProcess,
  raw,
  repoRoot,
  spawnListening,
  startMock,
} from '../support/mock-process.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

type PartnerView = {
  partner_id: string;
  role: string;
  site: string;
  parent_partner_id?: string;
  iam_user: string;
  iam_password: string;
  iam_domain: string;
};

describe('standalone mock, no tokens (a local or single-job server)', () => {
  let m: MockProcess;
  let partners: PartnerView[];
  const partner = (role: string, site: string) => partners.find((p) => p.role === role && p.site === site)!;
  beforeAll(async () => {
    m = await startMock(['--validate-responses']);
    partners = (await raw(m.port, 'GET', '/_mock/partners')).json().partners;
  }, 60_000);
  afterAll(() => m?.stop());

  it('answers a body over the limit 413 APIGW.0201 without reading it, and keeps serving', async () => {
    const token = await iamToken(m.port, partner('solution_provider', 'cn'));
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    const r = await raw(m.port, 'POST', '/v2/partners/sub-customers', {
      headers: { ...JSON_HEADERS, 'x-auth-token': token },
      body: big,
    });
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ error_code: 'APIGW.0201' });
    expect((await raw(m.port, 'GET', '/_mock/health')).status).toBe(200);
  });

  it('keeps a big refused body in the journal as its size and hash, not its bytes', async () => {
    const token = await iamToken(m.port, partner('solution_provider', 'cn'));
    const body = JSON.stringify({ xaccount_id: 'x'.repeat(200_000), xaccount_type: 'acme_IDP' });
    const r = await raw(m.port, 'POST', '/v2/partners/sub-customers', {
      headers: { ...JSON_HEADERS, 'x-auth-token': token },
      body,
    });
    expect(r.status).toBe(400);
    const list = await raw(m.port, 'GET', '/_mock/requests?operation=CreateSubCustomer&offset=0&limit=100');
    expect(list.status).toBe(200);
    const last = list.json().requests.at(-1);
    expect(last.request).toMatchObject({ truncated: true, size: Buffer.byteLength(body) });
    expect(last.request.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(list.text.length).toBeLessThan(16_384);
  });

  it('keeps no password in the request journal', async () => {
    const token = await iamToken(m.port, partner('solution_provider', 'cn'));
    const password = 'Hostile-Secret-42';
    const r = await raw(m.port, 'POST', '/v2/partners/sub-customers', {
      headers: { ...JSON_HEADERS, 'x-auth-token': token },
      body: JSON.stringify({ xaccount_id: 'pw-1', xaccount_type: 'acme_IDP', domain_name: 'hostile-pw', password }),
    });
    expect(r.status).toBe(200);
    const list = await raw(m.port, 'GET', '/_mock/requests?operation=CreateSubCustomer');
    expect(list.text).toContain('hostile-pw');
    expect(list.text).not.toContain(password);
    expect(list.json().requests.at(-1).request.password).toBe('[redacted]');
    expect(m.out()).not.toContain(password);
  });

  it('refuses a Host header it does not serve (DNS rebinding), on the control surface and the API', async () => {
    const evil = await raw(m.port, 'GET', '/_mock/partners', { headers: { host: `evil.example:${m.port}` } });
    expect(evil.status).toBe(403);
    expect(evil.json()).toMatchObject({ error_code: 'MOCK.HOST_NOT_ALLOWED' });
    expect(evil.text).not.toContain('secret');
    const iam = await raw(m.port, 'POST', '/v3/auth/tokens', { headers: { host: 'evil.example' }, body: '{}' });
    expect(iam.status).toBe(403);
    for (const host of [`localhost:${m.port}`, `127.0.0.1:${m.port}`, `[::1]:${m.port}`])
      expect((await raw(m.port, 'GET', '/_mock/health', { headers: { host } })).status).toBe(200);
  });

  it('refuses a control POST a browser could send cross-site without a preflight, and changes nothing', async () => {
    await raw(m.port, 'PUT', '/_mock/clock', {
      headers: JSON_HEADERS,
      body: '{"now":"2030-01-01T00:00:00Z","frozen":true}',
    });
    for (const headers of <Record<string, string>[]>[
      { 'content-type': 'text/plain' },
      {},
      { 'content-type': 'application/x-www-form-urlencoded' },
    ]) {
      const r = await raw(m.port, 'POST', '/_mock/clock/advance', { headers, body: '{"seconds":3600}' });
      expect(r.status).toBe(403);
      expect(r.json()).toMatchObject({ error_code: 'MOCK.CROSS_SITE' });
    }
    expect((await raw(m.port, 'GET', '/_mock/clock')).json().now).toBe('2030-01-01T00:00:00.000Z');
    // A custom header (which a browser sends cross-site only after a preflight the mock never grants) is enough.
    const withHeader = await raw(m.port, 'POST', '/_mock/clock/advance', {
      headers: { 'content-type': 'text/plain', 'x-mock-tenant': 'default' },
      body: '{"seconds":60}',
    });
    expect(withHeader.status).toBe(200);
  });

  it('never lets a `..` path under an API prefix reach /_mock/', async () => {
    for (const path of [
      '/v2/partners/../../_mock/partners',
      '/v2/partners/%2e%2e/%2e%2e/_mock/partners',
      '/v2/./../_mock/tenants',
    ]) {
      const r = await raw(m.port, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.text).not.toContain('secret_key');
    }
  });

  it('checks an amount as written: more than 2 decimals in the JSON text is refused like 12.345', async () => {
    const dist = partner('distributor', 'cn');
    const reseller = partner('reseller', 'cn');
    const funds = await raw(m.port, 'PUT', '/_mock/partner-funds', {
      headers: JSON_HEADERS,
      body: JSON.stringify({ partner_id: dist.partner_id, cash_amount: 1000 }),
    });
    expect(funds.status).toBe(200);
    const token = await iamToken(m.port, dist);
    const fund = (amount: string) =>
      raw(m.port, 'POST', '/v2/accounts/partner-accounts/indirect-partner-adjust', {
        headers: { ...JSON_HEADERS, 'x-auth-token': token },
        body: `{"indirect_partner_id":"${reseller.partner_id}","amount":${amount}}`,
      });
    const coarse = await fund('12.345');
    expect(coarse.status).toBe(400);
    for (const amount of ['0.010000000000000000001', '1.000000000000000000001', '100.001', '1e-3']) {
      const r = await fund(amount);
      expect(r.status, amount).toBe(400);
      expect(r.json().error_code, amount).toBe(coarse.json().error_code);
    }
    // As written with at most 2 decimals (trailing zeros and exponents included) it is booked.
    for (const amount of ['0.01', '1.50', '1.2e1', '1.000']) expect((await fund(amount)).status, amount).toBe(200);
  });

  it('wires a created tenant site by site: the cn distributor cannot fund the intl reseller', async () => {
    const created = await raw(m.port, 'POST', '/_mock/tenants', { headers: JSON_HEADERS, body: '{"name":"sites"}' });
    expect(created.status).toBe(201);
    const ps: PartnerView[] = created.json().partners;
    const cnDist = ps.find((p) => p.role === 'distributor' && p.site === 'cn')!;
    const intlDist = ps.find((p) => p.role === 'distributor' && p.site === 'intl')!;
    for (const reseller of ps.filter((p) => p.role === 'reseller')) {
      const parent = ps.find((p) => p.partner_id === reseller.parent_partner_id)!;
      expect(parent.site).toBe(reseller.site);
    }
    const intlReseller = ps.find((p) => p.role === 'reseller' && p.site === 'intl')!;
    const tenant = created.json().tenant_id as string;
    await raw(m.port, 'PUT', '/_mock/partner-funds', {
      headers: { ...JSON_HEADERS, 'x-mock-tenant': tenant },
      body: JSON.stringify({ partner_id: cnDist.partner_id, cash_amount: 1000 }),
    });
    const cnToken = await iamToken(m.port, cnDist);
    const cross = await raw(m.port, 'POST', '/v2/accounts/partner-accounts/indirect-partner-adjust', {
      headers: { ...JSON_HEADERS, 'x-auth-token': cnToken },
      body: JSON.stringify({ indirect_partner_id: intlReseller.partner_id, amount: 10 }),
    });
    expect(cross.status).toBe(400);
    expect(cross.json()).toMatchObject({ error_code: 'CBC.99000037' });
    const intlToken = await iamToken(m.port, intlDist);
    const listed = await raw(m.port, 'POST', '/v2/partners/indirect-partners/query', {
      headers: { ...JSON_HEADERS, 'x-auth-token': intlToken },
      body: '{}',
    });
    expect(listed.status).toBe(200);
    expect(listed.json().indirect_partners.map((p: { indirect_partner_id: string }) => p.indirect_partner_id)).toEqual([
      intlReseller.partner_id,
    ]);
  });

  it('logs a client that aborts an upload as one line, without a stack trace', async () => {
    const token = await iamToken(m.port, partner('solution_provider', 'cn'));
    await new Promise<void>((resolve, reject) => {
      const s = connect(m.port, '127.0.0.1', () => {
        s.write(
          `POST /v2/partners/sub-customers HTTP/1.1\r\nHost: 127.0.0.1:${m.port}\r\nX-Auth-Token: ${token}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"xaccount_id":',
          () => setTimeout(() => (s.destroy(), resolve()), 100),
        );
      });
      s.on('error', reject);
    });
    await eventually(() => /abort/i.test(m.err()), 'the abort to be logged');
    const lines = m
      .err()
      .split('\n')
      .filter((l) => /abort/i.test(l));
    expect(lines).toHaveLength(1);
    expect(m.err()).not.toMatch(/^\s+at /m);
    expect((await raw(m.port, 'GET', '/_mock/health')).status).toBe(200);
  });
});

describe('standalone mock with an admin token (a shared CI service)', () => {
  let m: MockProcess;
  const ADMIN = 'admin-token-for-tests';
  beforeAll(async () => {
    m = await startMock([], { PARTNER_CENTER_MOCK_ADMIN_TOKEN: ADMIN });
  }, 60_000);
  afterAll(() => m?.stop());
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('refuses /_mock/ without the token (health and the web console stay open), accepts it as a header', async () => {
    for (const path of ['/_mock/tenants', '/_mock/partners', '/_mock/requests']) {
      const r = await raw(m.port, 'GET', path);
      expect(r.status, path).toBe(401);
      expect(r.json()).toMatchObject({ error_code: 'MOCK.UNAUTHORIZED' });
      expect((await raw(m.port, 'GET', path, { headers: bearer('wrong') })).status).toBe(401);
    }
    expect((await raw(m.port, 'POST', '/_mock/reset', { headers: JSON_HEADERS })).status).toBe(401);
    expect((await raw(m.port, 'GET', '/_mock/health')).status).toBe(200);
    expect((await raw(m.port, 'GET', '/_mock/tenants', { headers: bearer(ADMIN) })).status).toBe(200);
    expect((await raw(m.port, 'GET', '/_mock/partners', { headers: { 'x-mock-token': ADMIN } })).status).toBe(200);
  });

  it('gives each tenant a control token that reaches that tenant only', async () => {
    const mk = async (name: string) =>
      (
        await raw(m.port, 'POST', '/_mock/tenants', {
          headers: { ...JSON_HEADERS, ...bearer(ADMIN) },
          body: JSON.stringify({ name }),
        })
      ).json() as { tenant_id: string; control_token: string };
    const a = await mk('job-a');
    const b = await mk('job-b');
    expect(a.control_token).toMatch(/^.{24,}$/);
    expect(a.control_token).not.toBe(b.control_token);
    const asA = (path: string, tenant: string, method = 'GET') =>
      raw(m.port, method, path, { headers: { ...JSON_HEADERS, ...bearer(a.control_token), 'x-mock-tenant': tenant } });
    expect((await asA('/_mock/partners', a.tenant_id)).status).toBe(200);
    expect((await asA('/_mock/requests', a.tenant_id)).status).toBe(200);
    for (const other of [b.tenant_id, 'default']) {
      const r = await asA('/_mock/partners', other);
      expect(r.status).toBe(403);
      expect(r.json()).toMatchObject({ error_code: 'MOCK.FORBIDDEN' });
      expect((await asA('/_mock/reset', other, 'POST')).status).toBe(403);
    }
    expect((await raw(m.port, 'GET', '/_mock/tenants', { headers: bearer(a.control_token) })).status).toBe(403);
    const del = await raw(m.port, 'DELETE', `/_mock/tenants?tenant_id=${b.tenant_id}`, {
      headers: bearer(a.control_token),
    });
    expect(del.status).toBe(403);
    // Its own tenant it may delete.
    const own = await raw(m.port, 'DELETE', `/_mock/tenants?tenant_id=${a.tenant_id}`, {
      headers: { ...bearer(a.control_token), 'x-mock-tenant': a.tenant_id },
    });
    expect(own.status).toBe(204);
  });

  it('accepts any Host once a token guards it (a container reached by its service name)', async () => {
    const r = await raw(m.port, 'GET', '/_mock/tenants', { headers: { ...bearer(ADMIN), host: 'mock:4010' } });
    expect(r.status).toBe(200);
  });
});

describe('standalone mock, process and files', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('warns when it listens beyond loopback without a token', async () => {
    const m = await startMock(['--host', '0.0.0.0']);
    try {
      await eventually(() => /warning: .*0\.0\.0\.0.*without an admin token/i.test(m.err()), 'the warning');
    } finally {
      await m.stop();
    }
    const quiet = await startMock(['--host', '0.0.0.0', '--admin-token', 'x'.repeat(24)]);
    try {
      // stderr is written before the listening line; one round trip later it has arrived.
      expect((await raw(quiet.port, 'GET', '/_mock/health')).status).toBe(200);
      expect(quiet.err()).not.toMatch(/warning/i);
    } finally {
      await quiet.stop();
    }
  }, 60_000);

  it('creates its state files 0600 and replays a journaled IAM sign-in', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pc-hostile-'));
    dirs.push(d);
    const state = join(d, 'mock.state');
    const m = await startMock(['--state', state]);
    let token: string;
    try {
      const partners: PartnerView[] = (await raw(m.port, 'GET', '/_mock/partners')).json().partners;
      const sp = partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
      token = await iamToken(m.port, sp);
      // The partners' keys are state (kept 0600); a sign-in's password is not: the replay takes the partner's.
      const lines = readFileSync(`${state}.journal`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const signIn = lines.find((l) => l.kind === 'iam')!;
      expect(signIn.user).toBe(sp.iam_user);
      expect(JSON.stringify(signIn)).not.toContain(sp.iam_password);
    } finally {
      // Killed: the restart must replay the journal, sign-in included.
      await m.stop();
    }
    const again = await startMock(['--state', state]);
    try {
      expect(again.out()).toMatch(/[1-9]\d* journaled commands replayed/);
      const listed = await raw(again.port, 'POST', '/v2/partners/sub-customers/query', {
        headers: { ...JSON_HEADERS, 'x-auth-token': token },
        body: '{"limit":1}',
      });
      expect(listed.status).toBe(200);
      for (const f of [state, `${state}.journal`, `${state}.lock`]) {
        expect(existsSync(f), f).toBe(true);
        expect(statSync(f).mode & 0o077, f).toBe(0);
      }
    } finally {
      await again.stop();
    }
  }, 60_000);

  const stopsByPid = async (command: string, args: string[]) => {
    // Its own process group, so that whatever a wrapper leaves behind is cleaned up after the test.
    const m = await spawnListening(command, [...args, '--port', '0', '--quiet'], {}, { detached: true });
    try {
      expect(await listening(m.port)).toBe(true);
      process.kill(m.child.pid!, 'SIGTERM');
      await eventually(async () => !(await listening(m.port)), `${command} ${args.join(' ')} to stop listening`, 100);
    } finally {
      try {
        process.kill(-m.child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    }
  };

  it('stops when `pnpm mock` is killed by the PID the shell gives', () => stopsByPid('pnpm', ['mock']), 60_000);

  it.runIf(existsSync(join(repoRoot, 'mock-server/dist/cli.js')))(
    'stops when `npx partner-center-mock` is killed by the PID the shell gives',
    () => stopsByPid('npx', ['--no-install', 'partner-center-mock']),
    60_000,
  );
});
