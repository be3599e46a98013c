/**
 * The request journal is bounded in bytes, per tenant and for all tenants together, whatever clients send: big
 * bodies are kept as their size and hash, a tenant keeps at most its byte budget (oldest out first), and when the
 * tenants together reach the total the biggest journal gives way first.
 */
import { createEngine, type Engine, type Tenant } from '@partner-center/mock';
import { describe, expect, it } from 'vitest';

const PER_TENANT = 50_000;
const TOTAL = 120_000;

async function signIn(engine: Engine, tenant: Tenant): Promise<string> {
  const p = [...tenant.world.partners.values()].find((x) => x.role === 'solution_provider' && x.site === 'cn')!;
  const r = await engine.handle(
    new Request('https://iam.myhuaweicloud.com/v3/auth/tokens', {
      method: 'POST',
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: p.iamUser, password: p.iamPassword, domain: { name: p.iamDomain } } },
          },
        },
      }),
    }),
  );
  return r.headers.get('X-Subject-Token')!;
}

/** `n` refused CreateSubCustomer calls with a `size`-byte field (too long: refused, journaled). */
async function flood(engine: Engine, token: string, n: number, size: number) {
  const body = JSON.stringify({ xaccount_id: 'x'.repeat(size), xaccount_type: 'acme_IDP' });
  for (let i = 0; i < n; i++) {
    const r = await engine.handle(
      new Request('https://bss.myhuaweicloud.com/v2/partners/sub-customers', {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json' },
        body,
      }),
    );
    expect(r.status).toBe(400);
  }
}

const held = (t: Tenant) => JSON.stringify(t.requests.list({ limit: 10_000 })).length;

describe('request journal bounds', () => {
  it('keeps a tenant within its bytes, big bodies as size and hash, the newest kept', async () => {
    const engine = createEngine({ requestLogBytes: PER_TENANT, requestLogTotalBytes: TOTAL });
    const tenant = engine.tenant()!;
    await flood(engine, await signIn(engine, tenant), 200, 20_000);
    const { total_count, requests } = tenant.requests.list({ limit: 10_000 });
    expect(total_count).toBeGreaterThan(3);
    expect(total_count).toBeLessThan(200);
    expect(requests.at(-1)!.seq).toBe(200);
    for (const r of requests) expect(r.request).toMatchObject({ truncated: true, size: 20_045 });
    expect(held(tenant)).toBeLessThan(PER_TENANT);
  });

  it('keeps all tenants within the total, the biggest journal giving way first', async () => {
    const engine = createEngine({ requestLogBytes: PER_TENANT, requestLogTotalBytes: TOTAL });
    const quiet = engine.createTenant({ name: 'quiet' }).tenant;
    await flood(engine, await signIn(engine, quiet), 3, 200);
    const noisy = [1, 2, 3, 4].map((i) => engine.createTenant({ name: `noisy-${i}` }).tenant);
    for (const t of noisy) await flood(engine, await signIn(engine, t), 60, 20_000);
    const all = [quiet, ...noisy];
    const total = all.reduce((sum, t) => sum + held(t), 0);
    expect(total).toBeLessThan(TOTAL);
    // Each noisy tenant alone stays within its own bytes; together they went over the total and gave way.
    const kept = noisy.map((t) => t.requests.list({}).total_count);
    expect(kept.reduce((a, b) => a + b, 0)).toBeLessThan(4 * 60);
    // The quiet tenant's three small requests survive the noisy ones.
    expect(quiet.requests.list({}).total_count).toBe(3);
    for (const t of noisy) expect(t.requests.list({}).total_count).toBeGreaterThan(0);
  });
});
