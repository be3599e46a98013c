/**
 * Concurrency over real HTTP: many allocations and reclaims in flight at once, over several connections, against
 * the standalone server. Every acknowledged movement is accounted for and balances are exact to the cent;
 * refused movements (insufficient balance, nothing allocated yet) move nothing.
 */
import { createPartnerClient, PartnerCenterError } from '@partner-center/sdk';
import { createMock, scenario } from '@partner-center/mock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const toCents = (yuan: number) => Math.round(yuan * 100);

describe('concurrent allocations and reclaims over HTTP', () => {
  it('leave the partner and every customer balance exact to the cent', async () => {
    const mock = createMock({
      checkInvariants: true,
      validateResponses: true,
      clockFrozen: true,
      clockStart: Date.UTC(2024, 0, 1),
    });
    const seeded = mock.engine.applyScenario(
      scenario().customers(5, { group: 'c' }).funds('solution_provider', { cash: 5_000 }).build(),
    );
    if (!seeded.ok) throw new Error(seeded.error.message);
    const customers = seeded.value.groups.find((g) => g.name === 'c')!.items.map((i) => i.id);
    const server = await mock.listen({ port: 0 });
    try {
      const sp = [...mock.engine.world.partners.values()].find(
        (p) => p.role === 'solution_provider' && p.site === 'cn',
      )!;
      const client = createPartnerClient({
        site: 'cn',
        baseUrl: server.url,
        credentials: { accessKey: sp.accessKey, secretKey: sp.secretKey },
        retry: false,
      });
      const initialCents = 500_000;

      // 400 movements with amounts in cents, generated reproducibly; large enough that many allocations are refused.
      const moves = fc.sample(
        fc.record({
          kind: fc.constantFrom('allocate', 'reclaim', 'allocate'),
          customer: fc.integer({ min: 0, max: customers.length - 1 }),
          cents: fc.integer({ min: 1, max: 150_000 }),
        }),
        { numRuns: 400, seed: 42 },
      );
      const expected = new Map(customers.map((c) => [c, 0]));
      let partnerCents = initialCents;
      let refused = 0;
      await Promise.all(
        moves.map(async (m) => {
          const customer_id = customers[m.customer]!;
          const amount = m.cents / 100;
          try {
            if (m.kind === 'allocate') await client.updateCustomerAccountAmount({ customer_id, amount });
            else await client.reclaimToPartnerAccount({ customer_id, amount });
          } catch (e) {
            // Insufficient balance, or a reclaim from a customer nothing was allocated to yet.
            if (!(e instanceof PartnerCenterError) || (e.code !== 'CBC.99005003' && e.code !== 'CBC.99000047')) throw e;
            refused++;
            return;
          }
          const sign = m.kind === 'allocate' ? 1 : -1;
          expected.set(customer_id, expected.get(customer_id)! + sign * m.cents);
          partnerCents -= sign * m.cents;
        }),
      );
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThan(moves.length);

      const { account_balances } = await client.listPartnerBalances();
      expect(toCents(account_balances!.find((a) => a.account_type === 1)!.amount)).toBe(partnerCents);
      const { customer_balances } = await client.listCustomersBalancesDetail({
        customer_infos: customers.map((customer_id) => ({ customer_id })),
      });
      for (const b of customer_balances!) expect(toCents(b.amount!), b.customer_id).toBe(expected.get(b.customer_id));
      const total = [...expected.values()].reduce((a, b) => a + b, 0);
      expect(total + partnerCents).toBe(initialCents);
      // Every acknowledged movement is in the request journal once.
      const journal = mock.engine.tenant()!.requests.list({ limit: 1000 });
      expect(
        journal.requests.filter(
          (r) => r.status === 200 && /^(UpdateCustomerAccountAmount|ReclaimToPartnerAccount)$/.test(r.operation),
        ).length,
      ).toBe(moves.length - refused);
    } finally {
      await server.close();
    }
  });
});
