import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPartnerClient, PartnerCenterError, SPEC_REVISION, type Site } from '@partner-center/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createControlClient, MockControlError } from './adapters/control-client.js';
import { scenario } from './app/scenarios/builder.js';
import type { Partner } from './kernel/parties.js';
import type { World } from './domain/world.js';
import { createEngine, TENANT_HEADER, type Engine, type MockOptions } from './engine.js';
import { apiHandlers } from './operations/api.js';

const base: MockOptions = {
  checkInvariants: true,
  validateResponses: true,
  clockFrozen: true,
  clockStart: Date.UTC(2024, 0, 1),
};

function clientOf(engine: Engine, p: Pick<Partner, 'accessKey' | 'secretKey' | 'site'>) {
  return createPartnerClient({
    site: p.site as Site,
    credentials: { accessKey: p.accessKey, secretKey: p.secretKey },
    fetch: (r) => engine.handle(r),
    retry: false,
  });
}
const sp = (world: World) =>
  [...world.partners.values()].find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
const newCustomer = (n: number) => ({
  xaccount_id: `x-${n}`,
  xaccount_type: 'acme_IDP',
  domain_name: `acme-customer-${n}`,
  include_association_result: true,
});

/** Everything in a World, with its clock and generator as their state, to compare two Worlds. */
const stateOf = (w: World) => {
  const { clock, random, ...rest } = w;
  return {
    ...rest,
    clock: (clock as unknown as { state(): unknown }).state(),
    random: (random as unknown as { state(): number }).state(),
  };
};

describe('tenants', () => {
  it('isolate state: each tenant sees only its own customers, and a reset touches one tenant', async () => {
    const engine = createEngine(base);
    const control = createControlClient({ engine });
    const a = await control.createTenant({ name: 'job-a' });
    const b = await control.createTenant({ name: 'job-b', seed: 1 });
    expect(a.tenant_id).not.toBe(b.tenant_id);
    const keyOf = (t: typeof a) => t.partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
    const ca = clientOf(engine, { accessKey: keyOf(a).access_key, secretKey: keyOf(a).secret_key, site: 'cn' });
    const cb = clientOf(engine, { accessKey: keyOf(b).access_key, secretKey: keyOf(b).secret_key, site: 'cn' });
    const cd = clientOf(engine, sp(engine.world));

    // The same login name in two tenants: no clash, since they are separate worlds.
    await ca.createSubCustomer(newCustomer(1));
    await cb.createSubCustomer(newCustomer(1));
    await cb.createSubCustomer(newCustomer(2));
    expect((await ca.listSubCustomers({})).count).toBe(1);
    expect((await cb.listSubCustomers({})).count).toBe(2);
    expect((await cd.listSubCustomers({})).count).toBe(0);

    await createControlClient({ engine, headers: { [TENANT_HEADER]: b.tenant_id } }).reset();
    expect((await cb.listSubCustomers({})).count).toBe(0);
    expect((await ca.listSubCustomers({})).count).toBe(1);

    const { tenants } = await control.listTenants();
    expect(tenants.map((t) => [t.name, t.customers])).toEqual([
      ['default', 0],
      ['job-a', 1],
      ['job-b', 0],
    ]);
    await control.deleteTenant({ tenant_id: a.tenant_id });
    await expect(ca.listSubCustomers({})).rejects.toMatchObject({ status: 401, code: 'CBC.0154' });
    await expect(control.deleteTenant({ tenant_id: 'default' })).rejects.toBeInstanceOf(MockControlError);
  });

  it('tokens are scoped too: a tenant partner`s IAM token reaches its tenant only', async () => {
    const engine = createEngine(base);
    const { tenant } = engine.createTenant();
    const p = sp(tenant.world);
    const res = await engine.handle(
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
    expect(res.status).toBe(201);
    const token = res.headers.get('X-Subject-Token')!;
    const byToken = createPartnerClient({
      site: 'cn',
      credentials: { token },
      fetch: (r) => engine.handle(r),
      retry: false,
    });
    await clientOf(engine, p).createSubCustomer(newCustomer(5));
    expect((await byToken.listSubCustomers({})).count).toBe(1);
    expect(engine.world.customers.size).toBe(0);
  });

  it('an unknown tenant header is refused on control calls', async () => {
    const engine = createEngine(base);
    await expect(
      createControlClient({ engine, headers: { [TENANT_HEADER]: 'nope' } }).getClock(),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('faults', () => {
  it('the n-th call of one operation fails with 503 while other operations and tenants are untouched', async () => {
    const engine = createEngine(base);
    const control = createControlClient({ engine });
    const other = engine.createTenant().tenant;
    await control.addFault({ action: 'error', operation: 'ListSubCustomers', nth: 2, status: 503 });
    const c = clientOf(engine, sp(engine.world));
    const o = clientOf(engine, sp(other.world));
    await c.listSubCustomers({});
    await o.listSubCustomers({});
    await expect(c.listSubCustomers({})).rejects.toMatchObject({ status: 503, code: 'CBC.0999' });
    await c.listSubCustomers({});
    await o.listSubCustomers({});
    const { faults } = await control.listFaults();
    expect(faults[0]).toMatchObject({ calls: 3, fired: 1 });
    await control.clearFaults();
    expect((await control.listFaults()).faults).toEqual([]);
  });

  it('429 carries Retry-After; a reset makes fetch reject; latency delays', async () => {
    const engine = createEngine(base);
    engine.addFault({ action: 'rate_limit', operation: 'ListSubCustomers', retry_after: 7, times: 1 });
    const c = clientOf(engine, sp(engine.world));
    const raw = await c.raw.POST('/v2/partners/sub-customers/query', { body: {} });
    expect(raw.response.status).toBe(429);
    expect(raw.response.headers.get('Retry-After')).toBe('7');
    expect((raw.error as { error_code: string }).error_code).toBe('CBC.0250');

    engine.addFault({ action: 'reset', operation: 'ListSubCustomers', times: 1 });
    await expect(c.listSubCustomers({})).rejects.toThrow();
    expect(engine.tenant()!.requests.list({}).requests.at(-1)).toMatchObject({ status: 0, fault: 'reset' });

    engine.addFault({ action: 'latency', operation: 'ListSubCustomers', latency_ms: 120, times: 1 });
    const t0 = performance.now();
    await c.listSubCustomers({});
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it('fail_after_commit applies the change, then fails the answer: a retry sees the customer exists', async () => {
    const engine = createEngine(base);
    engine.addFault({ action: 'fail_after_commit', operation: 'CreateSubCustomer', nth: 1 });
    const c = clientOf(engine, sp(engine.world));
    await expect(c.createSubCustomer(newCustomer(1))).rejects.toMatchObject({ status: 500 });
    expect(engine.world.customers.size).toBe(1);
    await expect(c.createSubCustomer(newCustomer(1))).rejects.toMatchObject({ code: 'CBC.99000039' });
    const journal = engine.tenant()!.requests.list({});
    expect(journal.requests.map((r) => [r.status, r.fault ?? r.error_code])).toEqual([
      [500, 'fail_after_commit'],
      [400, 'CBC.99000039'],
    ]);
  });
});

describe('request journal', () => {
  it('lists operation, body, result and validation failures, per tenant', async () => {
    const engine = createEngine(base);
    const control = createControlClient({ engine });
    const c = createPartnerClient({
      site: 'cn',
      credentials: { accessKey: sp(engine.world).accessKey, secretKey: sp(engine.world).secretKey },
      fetch: (r) => engine.handle(r),
      validateRequests: false,
      retry: false,
    });
    await c.createSubCustomer(newCustomer(1));
    await expect(c.createSubCustomer({ xaccount_id: '', xaccount_type: 't' })).rejects.toBeInstanceOf(
      PartnerCenterError,
    );
    await c.listSubCustomers({ limit: 5 });
    const all = await control.listRequests();
    expect(all.total_count).toBe(3);
    expect(all.requests[0]).toMatchObject({
      operation: 'CreateSubCustomer',
      method: 'POST',
      status: 200,
      request: newCustomer(1),
      response: { domain_name: 'acme-customer-1' },
    });
    expect(all.requests[1]).toMatchObject({
      status: 400,
      error_code: 'CBC.0100',
      request_issues: [{ field: 'xaccount_id', rule: 'minLength 1' }],
    });
    const lists = await control.listRequests({ operation: 'ListSubCustomers' });
    expect(lists.requests).toHaveLength(1);
    expect(lists.requests[0]!.response).toMatchObject({ count: 1 });
    const other = engine.createTenant().tenant;
    expect(
      (await createControlClient({ engine, headers: { [TENANT_HEADER]: other.id } }).listRequests()).total_count,
    ).toBe(0);
  });
});

describe('self-validation', () => {
  it('turns an answer that departs from the spec into a loud 500 MOCK.SPEC_DRIFT', async () => {
    const engine = createEngine(base);
    const c = clientOf(engine, sp(engine.world));
    const original = apiHandlers.ListSubCustomers!;
    apiHandlers.ListSubCustomers = (ctx) => {
      const r = original(ctx);
      return r.ok ? { ok: true, value: { ...(r.value as object), undocumented: 1 } } : r;
    };
    const errors: string[] = [];
    const consoleError = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      await expect(c.listSubCustomers({})).rejects.toMatchObject({ status: 500, rawCode: 'MOCK.SPEC_DRIFT' });
    } finally {
      apiHandlers.ListSubCustomers = original;
      console.error = consoleError;
    }
    expect(engine.drift[0]).toMatchObject({
      operation: 'ListSubCustomers',
      issues: ['response undocumented is not allowed'],
    });
    expect(engine.tenant()!.requests.list({}).requests[0]).toMatchObject({
      status: 500,
      error_code: 'MOCK.SPEC_DRIFT',
      response_issues: ['response undocumented is not allowed'],
    });
    expect(errors[0]).toContain('SPEC DRIFT in ListSubCustomers');
  });

  it('flags an error code the operation does not document', async () => {
    const engine = createEngine(base);
    const original = apiHandlers.ListSubCustomers!;
    apiHandlers.ListSubCustomers = () => ({ ok: false, error: { code: 'CBC.99005003', message: 'not this one' } });
    const consoleError = console.error;
    console.error = () => {};
    try {
      await expect(clientOf(engine, sp(engine.world)).listSubCustomers({})).rejects.toMatchObject({
        rawCode: 'MOCK.SPEC_DRIFT',
      });
    } finally {
      apiHandlers.ListSubCustomers = original;
      console.error = consoleError;
    }
    expect(engine.drift[0]!.issues[0]).toContain('CBC.99005003 is not in the x-error-codes of ListSubCustomers');
  });

  it('health reports the spec revision the answers carry', async () => {
    const engine = createEngine(base);
    expect(await createControlClient({ engine }).getHealth()).toEqual({ status: 'ok', spec_revision: SPEC_REVISION });
  });

  it('every answer carries the spec revision header', async () => {
    const engine = createEngine(base);
    const res = await clientOf(engine, sp(engine.world)).raw.POST('/v2/partners/sub-customers/query', { body: {} });
    expect(res.response.headers.get('X-Mock-Spec-Revision')).toBe(SPEC_REVISION);
  });
});

describe('persistence', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const stateFile = () => {
    const d = mkdtempSync(join(tmpdir(), 'pc-engine-'));
    dirs.push(d);
    return join(d, 'mock.state');
  };

  it('a restart from the journal rebuilds every tenant exactly, ids and codes included', async () => {
    const path = stateFile();
    const engine = createEngine({ ...base, stateFile: path, clockFrozen: false });
    const c = clientOf(engine, sp(engine.world));
    await c.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: '13900000001' });
    await c
      .createSubCustomer({ ...newCustomer(1), mobile_phone: '13900000001', verification_code: '000000' })
      .catch(() => {});
    await c.createSubCustomer(newCustomer(2));
    const { tenant } = engine.createTenant({ name: 'ci', scenario: scenario().customers(2).build() });
    await clientOf(engine, sp(tenant.world)).createSubCustomer(newCustomer(3));
    await createControlClient({ engine }).advanceClock({ seconds: 3600 });
    // No close(): as after kill -9, only the journal is there.
    const again = createEngine({ ...base, stateFile: path });
    expect(again.restored).toMatchObject({ snapshot: false, tornTail: false });
    expect(again.restored!.replayed).toBeGreaterThan(5);
    for (const id of ['default', tenant.id]) {
      expect(stateOf(again.tenant(id)!.world)).toEqual(stateOf(engine.tenant(id)!.world));
    }
    // The replayed state was folded into a snapshot; a third start reads it.
    again.close();
    const third = createEngine({ ...base, stateFile: path });
    expect(third.restored).toMatchObject({ snapshot: true, replayed: 0 });
    expect(stateOf(third.tenant(tenant.id)!.world)).toEqual(stateOf(engine.tenant(tenant.id)!.world));
    // And keeps going with the same ids the original would have drawn next.
    const next1 = await clientOf(third, sp(third.world)).createSubCustomer(newCustomer(9));
    const next2 = await clientOf(engine, sp(engine.world)).createSubCustomer(newCustomer(9));
    expect(next1.domain_id).toBe(next2.domain_id);
    third.close();
  });

  it('journals commands with readable keys and no sign-in password; a journal in the earlier format still loads', async () => {
    const path = stateFile();
    const engine = createEngine({ ...base, stateFile: path });
    const partner = sp(engine.world);
    await clientOf(engine, partner).createSubCustomer(newCustomer(1));
    const signIn = await engine.handle(
      new Request('https://iam.myhuaweicloud.com/v3/auth/tokens', {
        method: 'POST',
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: {
                user: { name: partner.iamUser, password: partner.iamPassword, domain: { name: partner.iamDomain } },
              },
            },
          },
        }),
      }),
    );
    expect(signIn.status).toBe(201);
    const lines = readFileSync(`${path}.journal`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.kind)).toEqual(['tenant', 'api', 'iam']);
    expect(lines[1]).toMatchObject({ seq: 2, kind: 'api', tenant: 'default', operation: 'CreateSubCustomer' });
    expect(lines[1]).toHaveProperty('partner', partner.id);
    expect(lines[2]).toEqual({
      seq: 3,
      kind: 'iam',
      tenant: 'default',
      at: expect.any(Number),
      user: partner.iamUser,
      domain: partner.iamDomain,
    });

    // The same commands as the first release wrote them (short keys, the password in the sign-in line).
    const legacy = lines.map(
      ({ seq, kind, tenant, at, operation, partner: p, customer, input, user, domain, ...rest }) => ({
        seq,
        k: kind,
        t: tenant,
        at,
        ...(operation !== undefined ? { op: operation, p, i: input } : {}),
        ...(customer !== undefined ? { c: customer } : {}),
        ...(user !== undefined ? { u: user, d: domain, pw: partner.iamPassword } : {}),
        ...rest,
      }),
    );
    const old = stateFile();
    writeFileSync(`${old}.journal`, legacy.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const restored = createEngine({ ...base, stateFile: old });
    expect(restored.restored).toMatchObject({ snapshot: false, replayed: 3 });
    expect(stateOf(restored.world)).toEqual(stateOf(engine.world));
    expect([...restored.world.tokens.keys()]).toEqual([...engine.world.tokens.keys()]);
    restored.close();
    // A journal of the current format replays the sign-in with the partner's password: the same token.
    const again = createEngine({ ...base, stateFile: path });
    expect([...again.world.tokens.keys()]).toEqual([...engine.world.tokens.keys()]);
    again.close();
  });

  it('reads do not grow the journal; automatic snapshots keep it short', async () => {
    const path = stateFile();
    const engine = createEngine({ ...base, stateFile: path, snapshotEvery: 3 });
    const c = clientOf(engine, sp(engine.world));
    for (let i = 0; i < 4; i++) await c.createSubCustomer(newCustomer(i));
    for (let i = 0; i < 5; i++) await c.listSubCustomers({});
    const again = createEngine({ ...base, stateFile: path });
    expect(again.restored).toMatchObject({ snapshot: true });
    expect(again.restored!.replayed).toBeLessThanOrEqual(2);
    expect(again.world.customers.size).toBe(4);
  });
});

describe('scenarios', () => {
  it('seed through the control surface, all or nothing', async () => {
    const engine = createEngine(base);
    const control = createControlClient({ engine });
    const result = await control.applyScenario(scenario().resellers(2).customers(3, { partner: 'resellers' }).build());
    const groups = Object.fromEntries(result.groups.map((g) => [g.name, g.items]));
    expect(groups.resellers).toHaveLength(2);
    expect(groups.customers!.map((c) => c.partner_id)).toEqual([
      groups.resellers![0]!.id,
      groups.resellers![1]!.id,
      groups.resellers![0]!.id,
    ]);
    // A reseller created by the scenario can sign requests and sees its own customers.
    const reseller = groups.resellers![0]!;
    const c = clientOf(engine, { accessKey: reseller.access_key!, secretKey: reseller.secret_key!, site: 'cn' });
    expect((await c.listSubCustomers({})).count).toBe(2);

    const before = structuredClone(stateOf(engine.world));
    await expect(
      control.applyScenario({
        steps: [{ customers: { count: 2 } }, { call: { operation: 'CreateSubCustomer', input: { xaccount_id: '' } } }],
      }),
    ).rejects.toMatchObject({
      status: 400,
    });
    expect(stateOf(engine.world)).toEqual(before);
  });

  it('a named scenario seeds a new tenant at creation', async () => {
    const engine = createEngine(base);
    const t = await createControlClient({ engine }).createTenant({ scenario: { name: 'distributor' } });
    expect(t.scenario!.groups.find((g) => g.name === 'customers')!.items).toHaveLength(3);
    expect(engine.tenant(t.tenant_id)!.world.customers.size).toBe(3);
    expect(engine.world.customers.size).toBe(0);
  });
});
