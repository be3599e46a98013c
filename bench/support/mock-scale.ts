/**
 * One scale measurement, in its own process (run with --expose-gc): a mock whose default tenant holds `customers`
 * customers and about `records` fund records, and a probe partner with 100 customers of its own (the same in every
 * run, so only the size of the rest of the state differs). Prints JSON: heap per customer and per record, and the
 * mean latency of the probe's ListSubCustomers (limit 10), CreateSubCustomer, ListPartnerAdjustRecords (limit 10)
 * and UpdateCustomerAccountAmount through the engine (token auth, so no signing cost on either side).
 *
 * Usage: node --expose-gc --conditions=partner-center:source --import tsx bench/support/mock-scale.ts <customers> <records>
 */
import { createEngine } from '@partner-center/mock';
import { callControl, callOperation } from '../../mock-server/src/app/scenarios/run.js';

const customers = Number(process.argv[2] ?? 1000);
const records = Number(process.argv[3] ?? 0);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const engine = createEngine({ clockFrozen: true, clockStart: Date.UTC(2024, 0, 1), requestLogLimit: 100 });
const seeded = engine.applyScenario({
  steps: [
    { partners: { count: 1, role: 'solution_provider', group: 'probe' } },
    { customers: { count: 100, partner: 'probe', group: 'probe-customers' } },
  ],
});
if (!seeded.ok) throw new Error(seeded.error.message);
const world = engine.world;
const probe = world.partners.get(seeded.value.groups[0]!.items[0]!.id)!;
const probeCustomers = seeded.value.groups[1]!.items.map((i) => i.id);
const other = [...world.partners.values()].find(
  (p) => p.role === 'solution_provider' && p.site === 'cn' && p !== probe,
)!;
must(callControl(world, 'SetPartnerFunds', { partner_id: probe.id, cash_amount: 1_000_000 }));
must(callControl(world, 'SetPartnerFunds', { partner_id: other.id, cash_amount: 100_000_000 }));

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.value;
}

// The rest of the state: customers of another partner, then allocations to them (one adjust record and two ledger
// entries each).
const heap0 = heap();
const others: string[] = [];
for (let i = 0; i < customers - 100; i++) {
  const r = must(
    callOperation(world, other, 'CreateSubCustomer', {
      xaccount_id: `scale-${i}`,
      xaccount_type: 'bench_IDP',
      include_association_result: true,
    }),
  ) as { domain_id: string };
  others.push(r.domain_id);
}
const heap1 = heap();
const recordCount = () =>
  world.funds.adjustRecords.length + world.funds.partnerLedger.length + world.funds.customerLedger.length;
const before = recordCount();
for (let i = 0; recordCount() - before < records; i++) {
  must(
    callOperation(world, other, 'UpdateCustomerAccountAmount', {
      customer_id: others[i % others.length]!,
      amount: 0.01,
    }),
  );
}
const heap2 = heap();

// The probe partner's IAM token.
const iam = await engine.handle(
  new Request('https://iam.myhuaweicloud.com/v3/auth/tokens', {
    method: 'POST',
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: probe.iamUser, password: probe.iamPassword, domain: { name: probe.iamDomain } } },
        },
      },
    }),
  }),
);
const token = iam.headers.get('X-Subject-Token')!;
const headers = () => new Headers({ 'x-auth-token': token, 'content-type': 'application/json' });
const enc = new TextEncoder();

async function mean(n: number, make: (i: number) => { method: string; url: string; body: string }): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) {
    const r = make(1_000_000 + i);
    await engine.handleRaw({ method: r.method, url: r.url, headers: headers(), body: enc.encode(r.body) });
  }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = make(i);
    const answer = await engine.handleRaw({
      method: r.method,
      url: r.url,
      headers: headers(),
      body: enc.encode(r.body),
    });
    if (answer.status !== 200) throw new Error(`${r.url}: ${answer.status} ${answer.body}`);
  }
  return ((performance.now() - t0) / n) * 1000;
}

const cn = 'https://bss.myhuaweicloud.com';
const result = {
  customers: world.customers.size,
  records: recordCount(),
  heapBytesPerCustomer: customers > 100 ? (heap1 - heap0) / (customers - 100) : NaN,
  heapBytesPerRecord: records > 0 ? (heap2 - heap1) / (recordCount() - before) : NaN,
  heapMB: heap2 / 1048576,
  listUs: await mean(3000, () => ({
    method: 'POST',
    url: `${cn}/v2/partners/sub-customers/query`,
    body: '{"limit":10}',
  })),
  createUs: await mean(3000, (i) => ({
    method: 'POST',
    url: `${cn}/v2/partners/sub-customers`,
    body: JSON.stringify({ xaccount_id: `probe-${i}`, xaccount_type: 'bench_IDP' }),
  })),
  listRecordsUs: await mean(1000, () => ({
    method: 'GET',
    url: `${cn}/v3/accounts/partner-accounts/adjust-records?limit=10`,
    body: '',
  })),
  allocateUs: await mean(1000, (i) => ({
    method: 'POST',
    url: `${cn}/v2/accounts/partner-accounts/adjust-amount`,
    body: JSON.stringify({ customer_id: probeCustomers[i % 100], amount: 0.01 }),
  })),
};
console.log(JSON.stringify(result));
