import { createPartnerClient } from '@partner-center/sdk';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine.js';
import { checkInvariants } from '../../domain/invariants.js';
import { namedScenarios, scenario, type ScenarioResult } from './builder.js';
import { applyScenario } from './run.js';
import { createWorld, demoPartners } from '../../domain/world.js';
import { createClock } from '../../kernel/clock.js';

const base = { checkInvariants: true, validateResponses: true, clockFrozen: true, clockStart: Date.UTC(2024, 0, 1) };
const group = (r: ScenarioResult, name: string) => r.groups.find((g) => g.name === name)?.items ?? [];
const clientFor = (engine: Engine, ak: string, sk: string) =>
  createPartnerClient({
    site: 'cn',
    credentials: { accessKey: ak, secretKey: sk },
    fetch: (r) => engine.handle(r),
    retry: false,
  });

describe('scenario builder', () => {
  it('builds plain JSON steps that compose', () => {
    const a = scenario('a').resellers(2);
    const b = scenario().customers(3, { partner: 'resellers' });
    const spec = a.then(b).build();
    expect(spec).toEqual({
      name: 'a',
      steps: [
        { partners: { count: 2, role: 'reseller', parent: 'distributor', group: 'resellers' } },
        { customers: { count: 3, partner: 'resellers' } },
      ],
    });
    expect(JSON.parse(JSON.stringify(a.then(b)))).toEqual(spec);
    // Builders are immutable: composing did not change `a`.
    expect(a.steps).toHaveLength(1);
  });

  it('seeds a bare World in-process, through the handlers, deterministically', () => {
    const run = () => {
      const world = createWorld(demoPartners(), {}, createClock({ start: Date.UTC(2024, 0, 1), frozen: true }));
      const r = applyScenario(world, scenario().customers(4).build());
      expect(r.ok).toBe(true);
      expect(checkInvariants(world)).toEqual([]);
      return [...world.customers.keys()];
    };
    const first = run();
    expect(first).toHaveLength(4);
    expect(run()).toEqual(first);
  });

  it('"distributor": two resellers, three customers, ¥10,000 allocated, two vouchers — as the API then shows it', async () => {
    const engine = createEngine(base);
    const r = engine.applyScenario(namedScenarios.distributor!());
    if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
    const resellers = group(r.value, 'resellers');
    const customers = group(r.value, 'customers');
    expect(resellers).toHaveLength(2);
    expect(customers).toHaveLength(3);
    expect(group(r.value, 'vouchers')).toHaveLength(1);

    const reseller = clientFor(engine, resellers[0]!.access_key!, resellers[0]!.secret_key!);
    const details = await reseller.listCustomersBalancesDetail({
      customer_infos: customers.map((c) => ({ customer_id: c.id })),
    } as never);
    const total = JSON.stringify(details);
    expect(total).toContain('4000');
    expect(total).toContain('3000');
    const coupons = await reseller.listIssuedPartnerCoupons({});
    expect((coupons as { total_count: number }).total_count).toBe(2);
    expect(checkInvariants(engine.world)).toEqual([]);
  });

  it('the builder example of docs/guides/mock-ci.md runs', () => {
    const spec = scenario('two resellers')
      .resellers(2)
      .customers(3, { partner: 'resellers[0]' })
      .funds('distributor', { cash: 10_000 })
      .fundResellers(5_000)
      .allocate(1_000)
      .couponQuota('resellers[0]', 1_000)
      .vouchers(2, 100, { partner: 'resellers[0]' })
      .build();
    const engine = createEngine({ ...base, scenario: spec });
    expect(engine.world.customers.size).toBe(3);
    expect(checkInvariants(engine.world)).toEqual([]);
  });

  it('a refused step names the step and changes nothing', () => {
    const engine = createEngine(base);
    const before = engine.world.customers.size;
    const r = engine.applyScenario(scenario().customers(2).allocate(1, { to: 'nobody' }).build());
    expect(r).toMatchObject({ ok: false, error: { code: 'CBC.0100' } });
    expect(!r.ok && r.error.message).toMatch(/step 2: no group "nobody"/);
    expect(engine.world.customers.size).toBe(before);
  });

  it('refers to partners by id, role, role@site, group and group[i]', () => {
    const engine = createEngine(base);
    const intl = [...engine.world.partners.values()].find((p) => p.site === 'intl')!;
    const r = engine.applyScenario(
      scenario()
        .customers(1, { partner: 'solution_provider@intl', group: 'a' })
        .customers(1, { partner: intl.id, group: 'b' })
        .resellers(2)
        .customers(1, { partner: 'resellers[1]', group: 'c' })
        .build(),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(group(r.value, 'a')[0]!.partner_id).toBe(intl.id);
    expect(group(r.value, 'b')[0]!.partner_id).toBe(intl.id);
    expect(group(r.value, 'c')[0]!.partner_id).toBe(group(r.value, 'resellers')[1]!.id);
  });
});
