/**
 * openapi-fetch captures `globalThis.fetch` when a client is created; ours looks it up per call, so a client created
 * before MSW starts listening (at module level, in a shared helper) is still intercepted.
 */
import { createPartnerClient } from '@partner-center/sdk';
import { createMock } from '@partner-center/mock';
import { setupServer } from 'msw/node';
import { afterAll, expect, it } from 'vitest';

const mock = createMock();
const sp = [...mock.engine.world.partners.values()].find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
const client = createPartnerClient({ credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey } });
const server = setupServer(...mock.handlers);

afterAll(() => server.close());

it('a client created before server.listen() goes through MSW', async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await client.createSubCustomer({
    xaccount_id: 'early-1',
    xaccount_type: 'acme_IDP',
    domain_name: 'early-client',
    include_association_result: true,
  });
  expect((await client.listSubCustomers()).customer_infos!.map((c) => c.account_name)).toEqual(['early-client']);
  expect([...mock.engine.world.customers.values()].map((c) => c.accountName)).toEqual(['early-client']);
});
