/**
 * The task examples (funds, vouchers, a distributor's quota for a reseller, a disassociation) run over HTTP against
 * the standalone mock, with invariants checked after every call and every answer checked against the spec, so they
 * cannot drift from the SDK or the mock. Each test also checks the state the example left, as the mock holds it.
 */
import { createMock, type Mock, type RunningServer } from '@partner-center/mock';
import { createPartnerClient } from '@partner-center/sdk';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disassociation } from '../../examples/disassociation.js';
import { funds } from '../../examples/funds.js';
import { resellerQuota } from '../../examples/reseller-quota.js';
import { vouchers } from '../../examples/vouchers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('task examples against the standalone mock', () => {
  let mock: Mock;
  let server: RunningServer;
  const partner = (role: 'solution_provider' | 'distributor' | 'reseller') =>
    [...mock.engine.world.partners.values()].find((p) => p.role === role && p.site === 'cn')!;
  const keys = (p: { accessKey: string; secretKey: string }) => ({ accessKey: p.accessKey, secretKey: p.secretKey });
  /** A client of the same server, to read what the example left through the real API, as the partner would. */
  const client = (p: { accessKey: string; secretKey: string }) =>
    createPartnerClient({ site: 'cn', baseUrl: server.url, credentials: keys(p) });

  beforeEach(async () => {
    mock = createMock({ checkInvariants: true, validateResponses: true });
    server = await mock.listen({ port: 0 });
  });
  afterEach(async () => {
    await server.close();
    expect(mock.engine.drift).toEqual([]);
  });

  it('funds: allocates ¥12.34, reclaims ¥5.00, and the over-reclaim is refused without moving money', async () => {
    const lines: string[] = [];
    const r = await funds({
      baseUrl: server.url,
      ...keys(partner('solution_provider')),
      log: (l) => lines.push(l),
      suffix: 'f1',
    });
    expect(r.balances).toEqual([12.34, 7.34]);
    expect(r.allocatable).toEqual([100_000, 99_992.66]);
    expect(lines.some((l) => l.includes('CBC.99005003'))).toBe(true);
    const { records } = await client(partner('solution_provider')).listPartnerAdjustRecords({
      customer_id: r.customerId,
    });
    expect(records!.map((a) => [a.operation_type, a.amount, a.trans_id])).toEqual([
      ['SOURCE_OPERATION_BERETRIEVE', '5.00', r.reclaimId],
      ['SOURCE_OPERATION_BEADJUST', '12.34', r.transferId],
    ]);
  });

  it('funds: an allocation whose answer is lost after it was applied is reconciled, not sent twice', async () => {
    await mock.control.addFault({
      operation: 'UpdateCustomerAccountAmount',
      nth: 1,
      action: 'fail_after_commit',
      status: 503,
    });
    const r = await funds({ baseUrl: server.url, ...keys(partner('solution_provider')), log: () => {}, suffix: 'f2' });
    expect(r.balances).toEqual([12.34, 7.34]);
    expect(r.allocatable).toEqual([100_000, 99_992.66]);
    const { faults } = await mock.control.listFaults();
    expect(faults[0]).toMatchObject({ fired: 1, calls: 1 });
    const { records } = await client(partner('solution_provider')).listPartnerAdjustRecords({
      customer_id: r.customerId,
      operation_type: 'SOURCE_OPERATION_BEADJUST',
    });
    expect(records!.map((a) => a.trans_id)).toEqual([r.transferId]);
    const journal = await mock.control.listRequests({ operation: 'UpdateCustomerAccountAmount' });
    expect(journal.requests.map((q) => q.status)).toEqual([503]);
  });

  it('vouchers: issues one voucher, refuses the referral customer in error_details, reclaims it back into the quota', async () => {
    const sp = partner('solution_provider');
    await mock.control.grantCouponQuota({ partner_id: sp.id, quota_type: 0, quota_value: 1000 });
    const lines: string[] = [];
    const r = await vouchers({ baseUrl: server.url, ...keys(sp), log: (l) => lines.push(l), suffix: 'v1' });
    expect(r.refusedCode).toBe('CBC.99000014');
    expect(r.quotaBalances).toEqual([1000, 980, 1000]);
    const { user_coupons } = await client(sp).listIssuedPartnerCoupons({ coupon_id: r.couponId });
    expect(user_coupons![0]).toMatchObject({ customer_id: r.customerId, status: 5 });
    expect(lines.filter((l) => l.startsWith('7. coupon record'))).toHaveLength(2);
  });

  it('vouchers: fails clearly when the partner has no quota (Huawei grants them)', async () => {
    await expect(
      vouchers({ baseUrl: server.url, ...keys(partner('solution_provider')), log: () => {}, suffix: 'v2' }),
    ).rejects.toThrow(/no voucher quota/);
  });

  it("reseller quota: the distributor's ¥100 child quota, a ¥30 voucher from it, ¥70 reclaimed", async () => {
    const dist = partner('distributor');
    const res = partner('reseller');
    await mock.control.grantCouponQuota({ partner_id: dist.id, quota_value: 1000 });
    const r = await resellerQuota({
      baseUrl: server.url,
      distributor: keys(dist),
      reseller: { id: res.id, ...keys(res) },
      log: () => {},
      suffix: 'q1',
    });
    expect(r.resellerId).toBe(res.id);
    expect(r.reclaimed).toBe(70);
    expect(r.parentBalances).toEqual([1000, 900, 970]);
    const { quotas } = await client(dist).listIssuedCouponQuotas({ quota_id: r.childQuotaId });
    expect(quotas![0]).toMatchObject({ quota_status: 6, balance: 0, parent_quota_id: r.parentQuotaId });
  });

  it('reseller quota: refuses a reseller id that is not the distributor’s', async () => {
    const dist = partner('distributor');
    const sp = partner('solution_provider');
    await expect(
      resellerQuota({
        baseUrl: server.url,
        distributor: keys(dist),
        reseller: { id: sp.id, ...keys(sp) },
        log: () => {},
        suffix: 'q2',
      }),
    ).rejects.toThrow(/not a tier-2 reseller/);
  });

  it('disassociation: the customer leaves, its funds and voucher come back, and the API treats it as a stranger', async () => {
    const sp = partner('solution_provider');
    const lines: string[] = [];
    const r = await disassociation({
      baseUrl: server.url,
      ...keys(sp),
      partnerId: sp.id,
      control: mock.control,
      log: (l) => lines.push(l),
      suffix: 'd1',
    });
    expect(r.refusedCode).toBe('CBC.99000035');
    expect(r.cameBack.associated).toBe(false);
    expect(r.cameBack.funds).toBe(50);
    expect(r.cameBack.coupons).toEqual([{ coupon_id: expect.any(String), amount: 20, type: '3' }]);
    expect(lines).toHaveLength(5);
    const { records } = await mock.control.listAssociationRecords({
      partner_id: sp.id,
      customer_id: r.customerId,
      operation_type: 'disassociate',
    });
    expect(records[0]).toMatchObject({ status: 'approved', initiator: 'partner' });
  });

  it('each main runs by hand against a running mock (`pnpm example <file>` with PARTNER_CENTER_ENDPOINT)', async () => {
    // The mock's demo partners, not credentials of the real service that the environment may hold.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(HUAWEICLOUD|DISTRIBUTOR|RESELLER)_/.test(k)),
    );
    const run = (file: string) =>
      promisify(execFile)('node', ['--conditions=partner-center:source', '--import', 'tsx', file], {
        cwd: root,
        env: { ...env, PARTNER_CENTER_ENDPOINT: server.url },
        timeout: 60_000,
      });
    // One after the other, as someone trying them would: they share the demo partners (and their quotas).
    const f = await run('examples/funds.ts');
    const v = await run('examples/vouchers.ts');
    const q = await run('examples/reseller-quota.ts');
    const d = await run('examples/disassociation.ts');
    expect(f.stdout).toMatch(/^7\. allocatable balance: ¥\d/m);
    expect(v.stdout).toMatch(/^6\. reclaimed CP\w+; the quota has ¥1000 left$/m);
    expect(q.stdout).toMatch(/^7\. reclaimed ¥70 of \d+ \(¥0 left on it\); the parent has ¥970$/m);
    expect(d.stdout).toMatch(
      /^5\. associated: false; funds back: ¥50; coupons reclaimed: CP\w+ ¥20 \(record type 3\)$/m,
    );
  }, 60_000);
});
