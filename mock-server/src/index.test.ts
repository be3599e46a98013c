/** `mock.fetch`: the engine's answers handed to an in-process caller without MSW, as `engine.handle` gives them. */
import { createPartnerClient, PartnerCenterError } from '@partner-center/sdk';
import { IN_PROCESS } from '@partner-center/sdk/internal';
import { describe, expect, it } from 'vitest';
import { createMock } from './index.js';
import { TextResponse } from './http/respond.js';

const options = { clockFrozen: true, clockStart: Date.UTC(2024, 0, 1) };

function setUp() {
  const mock = createMock(options);
  mock.engine.applyScenario({ steps: [{ customers: { count: 12 } }] });
  const sp = [...mock.engine.world.partners.values()].find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
  return { mock, credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey } };
}

describe('mock.fetch', () => {
  it('answers the SDK (through its in-process entry) as it answers a Request and as engine.handle does', async () => {
    const { mock, credentials } = setUp();
    expect(typeof (mock.fetch as unknown as Record<symbol, unknown>)[IN_PROCESS]).toBe('function');
    const direct = createPartnerClient({ credentials, fetch: mock.fetch, retry: false });
    const requested = createPartnerClient({ credentials, fetch: (r) => mock.fetch(r), retry: false });
    const handled = createPartnerClient({ credentials, fetch: (r) => mock.engine.handle(r), retry: false });
    const query = { limit: 5, offset: 3 };
    const pages = [await direct.listSubCustomers(query), await requested.listSubCustomers(query)];
    expect(pages).toEqual([await handled.listSubCustomers(query), await handled.listSubCustomers(query)]);
    const check = { search_type: 'name' as const, search_value: 'acme-customer-01' };
    expect(await direct.checkUserIdentity(check)).toEqual(await requested.checkUserIdentity(check));
    // The raw client's bytes go the same way.
    const raw = await direct.raw.POST('/v2/partners/sub-customers/query', { body: query });
    expect(raw.data).toEqual(pages[0]);
    const journal = (await mock.control.listRequests({})).requests;
    expect(journal.map((r) => [r.operation, r.status])).toEqual([
      ['ListSubCustomers', 200],
      ['ListSubCustomers', 200],
      ['ListSubCustomers', 200],
      ['ListSubCustomers', 200],
      ['CheckUserIdentity', 200],
      ['CheckUserIdentity', 200],
      ['ListSubCustomers', 200],
    ]);
    // Each call journaled alike, whichever way it came in.
    expect(journal[0]!.request).toEqual(journal[1]!.request);
    expect(journal[0]!.request).toEqual(journal[6]!.request);
  });

  it('answers errors in the service shape, read as the SDK reads them', async () => {
    const { mock, credentials } = setUp();
    const wrongSecret = createPartnerClient({
      credentials: { ...credentials, secretKey: `${credentials.secretKey}x` },
      fetch: mock.fetch,
      retry: false,
    });
    const e = await wrongSecret.listSubCustomers({ limit: 5 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect((e as PartnerCenterError).code).toBe('CBC.0154');
    expect((e as PartnerCenterError).status).toBe(401);
  });

  it('takes a URL and init as fetch does, and answers a Response that reads like any other', async () => {
    const { mock } = setUp();
    const res = await mock.fetch('https://bss.myhuaweicloud.com/v2/partners/sub-customers/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res).toBeInstanceOf(TextResponse);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const copy = res.clone();
    expect(await res.json()).toMatchObject({ error_code: 'CBC.0154' });
    expect(JSON.parse(new TextDecoder().decode(await copy.arrayBuffer()))).toMatchObject({ error_code: 'CBC.0154' });
    expect(res.bodyUsed && copy.bodyUsed).toBe(true);
  });
});
