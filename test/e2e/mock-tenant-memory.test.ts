/**
 * Deleting a tenant frees it: once deleted and no test holds it, nothing in the engine keeps its World, its request
 * journal or its fault rules reachable (a cache keyed by access key used to, so every deleted tenant's journal
 * stayed in memory). Checked with a WeakRef and a forced collection, after the tenant was reached by every route
 * that remembers a tenant: a signed call (access key), an IAM token, a control call, a journaled request.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createPartnerClient } from '@partner-center/sdk';
import { createEngine, type Engine } from '@partner-center/mock';
import { describe, expect, it } from 'vitest';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Creates a tenant, uses it by every route, deletes it; returns weak references to what it held. */
async function useAndDelete(engine: Engine) {
  const { tenant } = engine.createTenant({ name: 'memory' });
  const sp = [...tenant.world.partners.values()].find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
  const client = createPartnerClient({
    site: 'cn',
    baseUrl: 'https://bss.myhuaweicloud.com',
    credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey },
    fetch: (r) => engine.handle(r),
    retry: false,
  });
  await client.createSubCustomer({ xaccount_id: 'm-1', xaccount_type: 'acme_IDP' });
  await client.listSubCustomers({ limit: 10 });
  const signIn = await engine.handle(
    new Request('https://iam.myhuaweicloud.com/v3/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: sp.iamUser, password: sp.iamPassword, domain: { name: sp.iamDomain } } },
          },
        },
      }),
    }),
  );
  expect(signIn.status).toBe(201);
  engine.addFault({ operation: 'ListSubCustomers', action: 'error', status: 503 }, tenant.id);
  expect(tenant.requests.list({}).total_count).toBe(2);
  const refs = {
    world: new WeakRef(tenant.world),
    requests: new WeakRef(tenant.requests),
    tenant: new WeakRef(tenant),
  };
  expect(engine.deleteTenant(tenant.id)).toBe(true);
  return refs;
}

describe('tenant deletion', () => {
  it('leaves nothing of the tenant reachable', async () => {
    const engine = createEngine();
    const refs = await useAndDelete(engine);
    // The engine still serves (and its default tenant is untouched).
    expect(engine.tenants.size).toBe(1);
    for (let i = 0; i < 5 && refs.world.deref(); i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    expect(refs.tenant.deref()).toBeUndefined();
    expect(refs.world.deref()).toBeUndefined();
    expect(refs.requests.deref()).toBeUndefined();
  });
});
