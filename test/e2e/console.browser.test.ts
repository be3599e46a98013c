/**
 * The web console in a real browser: headless Chromium (the Debian `chromium` package, driven by playwright-core)
 * against an in-process mock served over HTTP (`mock.listen()`). Each test gets its own tenant, seeds it through the
 * control surface and the SDK, acts in the page, and checks the result through the real API. One browser for the
 * file. Screenshots of each page go to .tmp/console-screenshots/, and to docs/guides/web-console/ with
 * UPDATE_SCREENSHOTS=1 (the guide's and the README's pictures).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMock, type Mock, type RunningServer } from '@partner-center/mock';
import { createPartnerClient, type PartnerClient } from '@partner-center/sdk';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../mock-server/console/build.js';

const SHOTS = [
  join('.tmp', 'console-screenshots'),
  ...(process.env.UPDATE_SCREENSHOTS ? [join('docs', 'guides', 'web-console')] : []),
];

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('No chromium found: apt-get install -y chromium (.ci/run does this), or set CHROMIUM_PATH');
  }
}

let mock: Mock;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await buildConsole({ ifStale: true });
  mock = createMock({ checkInvariants: true, validateResponses: true });
  server = await mock.listen({ port: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  for (const dir of SHOTS) mkdirSync(dir, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface World {
  tenant: string;
  partnerId: string;
  control: ReturnType<Mock['controlFor']>;
  sdk: PartnerClient<'cn'>;
  customers: { id: string; name: string }[];
  frozenAt: string;
}

/**
 * A fresh tenant with three customers of its China solution provider and ¥100,000 in cash, its clock frozen a minute
 * on (past the asynchronous association of the new customers).
 */
async function newWorld(name: string): Promise<World> {
  const created = await mock.control.createTenant({ name, scenario: { name: 'customers' } });
  const control = mock.controlFor(created.tenant_id);
  const { now } = await control.getClock();
  const frozenAt = new Date(Date.parse(now) + 60_000).toISOString();
  await control.setClock({ now: frozenAt, frozen: true });
  const sp = created.partners.find((p) => p.role === 'solution_provider' && p.site === 'cn')!;
  const sdk = createPartnerClient({
    baseUrl: server.url,
    credentials: { accessKey: sp.access_key, secretKey: sp.secret_key },
  });
  const list = await sdk.listSubCustomers({ limit: 10 });
  const customers = list
    .customer_infos!.map((c) => ({ id: c.customer_id, name: c.account_name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { tenant: created.tenant_id, partnerId: sp.partner_id, control, sdk, customers, frozenAt };
}

/** Opens the console on a page of the world's tenant and partner (the fragment preselects both). */
async function open(w: World, route: string, extra = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  page.setDefaultTimeout(8_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${server.url}/_mock/console/#/${route}?tenant=${w.tenant}&partner=${w.partnerId}${extra}`);
  await page.locator(`main[data-page="${route}"]`).waitFor();
  return page;
}

const shot = async (page: Page, name: string) => {
  for (const dir of SHOTS) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
};

/** Waits until a table has at least `n` data rows. */
const rows = async (page: Page, testId: string, n = 1) => {
  const loc = page.locator(`[data-testid="${testId}"] tbody tr[data-key]`);
  await expect.poll(() => loc.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(n);
  return loc;
};

describe('web console (Chromium)', () => {
  it('serves the app at /_mock/console/ with no other origin allowed', async () => {
    const res = await fetch(`${server.url}/_mock/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('app.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${server.url}/_mock/console`, { redirect: 'manual' })).headers.get('location')).toBe(
      '/_mock/console/',
    );
    expect((await fetch(`${server.url}/_mock/console/nope.js`)).status).toBe(404);
  });

  it('renders each page with the tenant state', async () => {
    const w = await newWorld('pages');
    // State for every page, made through the control surface and the real API.
    const voucherQuota = await w.control.grantCouponQuota({ partner_id: w.partnerId, quota_type: 0, quota_value: 500 });
    await w.sdk.createPartnerCoupons({
      quota_id: voucherQuota.quota_id,
      customer_ids: [w.customers[0]!.id],
      face_value: 40,
      memo: 'spring promotion',
    });
    await w.control.rechargePartnerAccount({ partner_id: w.partnerId, method: 'offline', amount: 2500 });
    await w.control.setRebateBalance({ partner_id: w.partnerId, withdrawable_amount: 321.5 });
    await w.control.createLead({ partner_id: w.partnerId, company_name: 'Lead Co', contact_name: 'Li Lei' });
    await w.control.addFault({ operation: 'ListPartnerBalances', action: 'latency', latency_ms: 1, times: 1000 });

    const page = await open(w, 'customers');
    const customers = await rows(page, 'customers', 3);
    for (const c of w.customers)
      await expect.poll(() => page.locator('[data-testid="customers"]').textContent()).toContain(c.name);
    expect(await customers.count()).toBe(3);
    expect(await page.locator('[data-testid="partner-balances"]').textContent()).toContain('100000.00');
    await shot(page, 'customers');

    const pages: [string, string, string][] = [
      ['coupons', 'coupon-records', 'spring promotion'],
      ['quotas', 'own-quotas', voucherQuota.quota_id],
      ['associations', 'association-records', w.customers[0]!.name],
      ['recharge', 'recharges', '2500.00'],
      ['rebates', 'rebate', '321.50'],
      ['leads', 'leads', 'Lead Co'],
      ['tools', 'faults', 'ListPartnerBalances'],
      ['journal', 'journal', 'ListSubCustomers'],
    ];
    for (const [route, testId, text] of pages) {
      await page.click(`nav a[href="#/${route}"]`);
      await page.locator(`main[data-page="${route}"]`).waitFor();
      await expect
        .poll(() => page.locator(`[data-testid="${testId}"]`).first().textContent(), { timeout: 10_000 })
        .toContain(text);
      // The journal's picture shows one entry opened: what was sent and answered.
      if (route === 'journal') await page.locator('[data-operation="CreatePartnerCoupons"] summary').click();
      await shot(page, route);
    }
    // The clock the tools page shows is the tenant's virtual clock.
    await page.click('nav a[href="#/tools"]');
    await expect.poll(() => page.locator('[data-testid="clock"]').textContent()).toContain(w.frozenAt);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('moves exactly the money of a batch allocation made in the page, as the API then reports', async () => {
    const w = await newWorld('batch');
    const before = (await w.sdk.listPartnerBalances({})).account_balances!.find((b) => b.account_type === 8)!.amount;
    const page = await open(w, 'customers');
    await rows(page, 'customers', 3);
    const [a, b] = w.customers;
    await page.getByRole('checkbox', { name: `选择 ${a!.name}` }).check();
    await page.getByRole('checkbox', { name: `选择 ${b!.name}` }).check();
    await page.getByRole('button', { name: /批量拨款 \(2\)/ }).click();
    const dialog = page.locator('[data-testid="batch-allocate"]');
    await dialog.getByLabel(`${a!.name} 拨款金额 (元)`).fill('123.45');
    await dialog.getByLabel(`${b!.name} 拨款金额 (元)`).fill('6.78');
    await dialog.getByRole('button', { name: '拨款' }).click();
    await expect.poll(() => dialog.locator('[data-testid="batch-summary"]').textContent()).toContain('成功 2');
    await shot(page, 'batch-allocation');

    // What the real API reports: each customer's balance, the adjust records, and the partner's allocatable amount.
    const balances = await w.sdk.listCustomersBalancesDetail({
      customer_infos: [{ customer_id: a!.id }, { customer_id: b!.id }, { customer_id: w.customers[2]!.id }],
    });
    const amountOf = (id: string) => balances.customer_balances!.find((x) => x.customer_id === id)!.amount;
    expect([amountOf(a!.id), amountOf(b!.id), amountOf(w.customers[2]!.id)]).toEqual([123.45, 6.78, 0]);
    const records = await w.sdk.listPartnerAdjustRecords({ operation_type: 'SOURCE_OPERATION_BEADJUST' });
    expect(records.records!.map((r) => [r.customer_id, r.amount]).sort()).toEqual(
      [
        [a!.id, '123.45'],
        [b!.id, '6.78'],
      ].sort(),
    );
    const after = (await w.sdk.listPartnerBalances({})).account_balances!.find((x) => x.account_type === 8)!.amount;
    expect(Math.round((before - after) * 100)).toBe(12_345 + 678);

    // The page shows the balances the API reports once the dialog is closed.
    await dialog.getByRole('button', { name: '关闭' }).click();
    const row = page.locator(`[data-testid="customers"] tr[data-key="${a!.id}"] [data-balance]`);
    await expect.poll(() => row.textContent()).toBe('123.45');
    await page.close();
  });

  it("approving a customer's disassociation in the page yields the BEUNBIND records the API lists", async () => {
    const w = await newWorld('unbind');
    const c = w.customers[1]!;
    await w.sdk.updateCustomerAccountAmount({ customer_id: c.id, amount: 88.8 });
    const page = await open(w, 'customers');
    await rows(page, 'customers', 3);
    // The customer asks, in its account centre (acted in the page), to end the association.
    await page.getByRole('button', { name: `以客户身份操作 ${c.name}` }).click();
    const dialog = page.locator('[data-testid="customer-action"]');
    await dialog.getByLabel('原因').fill('moving to another partner');
    await dialog.getByRole('button', { name: '申请解除关联' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.click('nav a[href="#/associations"]');
    const approve = page.getByRole('button', { name: `同意 ${c.name}` });
    await approve.click();
    const status = page
      .locator('[data-testid="association-records"] tbody tr')
      .filter({ hasText: '解除关联' })
      .locator('[data-status]');
    await expect.poll(() => status.getAttribute('data-status')).toBe('approved');
    await shot(page, 'disassociation-approved');

    const unbind = await w.sdk.listPartnerAdjustRecords({ operation_type: 'SOURCE_OPERATION_BEUNBIND' });
    expect(unbind.records!.map((r) => [r.customer_id, r.amount])).toEqual([[c.id, '88.80']]);
    const still = await w.sdk.listSubCustomers({ customer_id: c.id });
    expect(still.count).toBe(0);
    await page.close();
  });

  it('the verification-code gate asks for the code, refuses a wrong one and accepts the one the mock sent', async () => {
    const w = await newWorld('gate');
    const page = await open(w, 'tools');
    await page.getByRole('button', { name: '开启验证码验证' }).click();
    await expect.poll(() => page.locator('[data-testid="gate-state"]').textContent()).toBe('已开启');

    await page.click('nav a[href="#/customers"]');
    await rows(page, 'customers', 3);
    const c = w.customers[0]!;
    await page.getByRole('checkbox', { name: `选择 ${c.name}` }).check();
    await page.getByRole('button', { name: /批量拨款 \(1\)/ }).click();
    const batch = page.locator('[data-testid="batch-allocate"]');
    await batch.getByLabel(`${c.name} 拨款金额 (元)`).fill('50');
    await batch.getByRole('button', { name: '拨款' }).click();

    const gate = page.locator('[data-testid="gate"]');
    await gate.waitFor();
    await gate.getByRole('button', { name: '发送验证码' }).click();
    const code = await gate.locator('[data-code]').getAttribute('data-code');
    expect(code).toMatch(/^\d{6}$/);
    // A wrong code: refused, nothing moved, and the dialog asks again.
    const wrong = code === '000000' ? '111111' : '000000';
    await gate.getByLabel('验证码', { exact: true }).fill(wrong);
    await gate.getByRole('button', { name: '确认' }).click();
    await expect
      .poll(() => page.locator('[data-testid="gate"] [role="alert"]').textContent())
      .toMatch(/CBC\.990040(08|09|10)/);
    const zero = await w.sdk.listCustomersBalancesDetail({ customer_infos: [{ customer_id: c.id }] });
    expect(zero.customer_balances![0]!.amount).toBe(0);
    await shot(page, 'verification-gate');

    await page.locator('[data-testid="gate"]').getByLabel('验证码', { exact: true }).fill(code!);
    await page.locator('[data-testid="gate"]').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => batch.locator('[data-testid="batch-summary"]').textContent()).toContain('成功 1');
    const done = await w.sdk.listCustomersBalancesDetail({ customer_infos: [{ customer_id: c.id }] });
    expect(done.customer_balances![0]!.amount).toBe(50);
    await page.close();
  });

  it('shows a call made by the SDK in the journal without reloading', async () => {
    const w = await newWorld('journal');
    const page = await open(w, 'journal');
    await expect.poll(() => page.locator('[data-testid="journal-live"]').textContent()).toContain('实时');
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await w.sdk.listSubCustomers({ account_name: 'journal-probe', limit: 5 });
    const entry = page.locator('[data-testid="journal"] li', { hasText: 'journal-probe' });
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.getAttribute('data-operation')).toBe('ListSubCustomers');
    // The same document: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    // A failing call shows its status and code, and the status filter finds it.
    await expect(
      w.sdk.updateCustomerAccountAmount({ customer_id: w.customers[0]!.id, amount: 10_000_000 }),
    ).rejects.toThrow();
    await page.locator('[data-testid="journal"] li[data-operation="UpdateCustomerAccountAmount"]').waitFor();
    await page.getByLabel('状态').selectOption('client');
    const shown = page.locator('[data-testid="journal"] li');
    await expect.poll(() => shown.count()).toBe(1);
    await shown.first().locator('summary').click();
    expect(await shown.first().textContent()).toContain('CBC.');
    await page.close();
  });

  it("every page's actions reach the state the API reports", async () => {
    const w = await newWorld('walk');
    const [c0, c1, c2] = w.customers;
    const quota = await w.control.grantCouponQuota({ partner_id: w.partnerId, quota_type: 0, quota_value: 300 });
    const page = await open(w, 'coupons');
    const act = async (button: string | RegExp, scope = page.locator('main')) => {
      await scope.getByRole('button', { name: button }).first().click();
    };
    const notice = (text: string) => page.locator('.notices').getByText(text).first().waitFor();

    // Coupons: issue a voucher with a remark, then batch-reclaim it; the amount actually reclaimed is shown.
    const issue = page.locator('[data-testid="issue-coupons"]');
    await expect.poll(() => issue.locator('select[name="quota_id"] option').count()).toBe(2);
    await issue.locator('select[name="quota_id"]').selectOption(quota.quota_id);
    await issue.getByLabel('面额 (元)').fill('25');
    await issue.getByLabel('备注').fill('walk remark');
    await issue.getByLabel(c0!.name).check();
    await act('发放', issue);
    await notice('发放: 成功');
    const coupons = await rows(page, 'coupons', 1);
    const couponId = (await coupons.first().getAttribute('data-key'))!;
    const records = await w.sdk.listPartnerCouponsRecord({ coupon_ids: [couponId] });
    expect(records.records!.map((r) => [r.operation_type, r.operation_amount, r.remark])).toEqual([
      ['1', 25, 'walk remark'],
    ]);
    await page.getByRole('checkbox', { name: `选择 ${couponId}` }).check();
    await act(/批量回收 \(1\)/);
    await expect
      .poll(() => page.locator('[data-testid="batch-reclaim-results"]').textContent())
      .toContain('回收 25.00');
    const reclaimed = await w.sdk.listIssuedPartnerCoupons({ coupon_id: couponId });
    expect(reclaimed.user_coupons![0]!.status).toBe(5);

    // Customers: freeze one, ask another to switch its association type; the customer accepts on the records page.
    await page.click('nav a[href="#/customers"]');
    await rows(page, 'customers', 3);
    await act(`冻结 ${c1!.name}`);
    await page.locator('[data-testid="customer-action"]').getByLabel('原因').fill('arrears');
    await act('冻结', page.locator('[data-testid="customer-action"]'));
    await notice('冻结: 成功');
    expect((await w.sdk.listSubCustomers({ customer_id: c1!.id })).customer_infos![0]!.is_frozen).toBe(1);
    await act(`切换关联类型 ${c2!.name}`);
    await act('提交申请', page.locator('[data-testid="customer-action"]'));
    await notice('切换关联类型: 成功');
    await page.click('nav a[href="#/associations"]');
    await act(`客户同意 ${c2!.name}`);
    await notice('客户同意: 成功');
    expect((await w.sdk.listSubCustomers({ customer_id: c2!.id })).customer_infos![0]!.association_type).toBe('1');

    // Recharge offline, confirmed by "Huawei finance"; then a rebate withdrawn into the cash account.
    const cash = async () =>
      (await w.sdk.listPartnerBalances({})).account_balances!.find((b) => b.account_type === 1)!.amount;
    const cashBefore = await cash();
    await page.click('nav a[href="#/recharge"]');
    await page.getByLabel('充值方式').selectOption('offline');
    await page.getByLabel('金额 (元)').fill('1000');
    await act(/^充值$/);
    await notice('充值: 成功');
    await act(/^确认到账 /);
    await notice('确认到账: 成功');
    expect(await cash()).toBe(cashBefore + 1000);
    await page.click('nav a[href="#/rebates"]');
    await page.getByLabel('模拟：可提现返点 (元)').fill('500');
    await act('设置');
    await notice('设置返点: 成功');
    await page.getByLabel('提现到').selectOption('account');
    await page.getByLabel('金额 (元)').fill('200');
    await act(/^提现$/);
    await notice('返点提现: 成功');
    expect(await cash()).toBe(cashBefore + 1200);
    await expect.poll(() => page.locator('[data-testid="rebate"]').textContent()).toContain('300.00');

    // Pickup coupons of a government-cloud partner, then the customer's full withdrawal returning one to its quota.
    await page.click('nav a[href="#/coupons"]');
    await page.getByRole('tab', { name: '提货券' }).click();
    await act('模拟：设为政企云伙伴');
    await notice('设为政企云伙伴: 成功');
    await page.getByLabel('模拟：授予额度 (元)').fill('200');
    await act('授予');
    await notice('授予额度: 成功');
    const pickupQuota = (await rows(page, 'pickup-quotas', 1)).first();
    const pickupQuotaId = (await pickupQuota.getAttribute('data-key'))!;
    await page.locator('select[name="pickup_quota"]').selectOption(pickupQuotaId);
    await page.locator('select[name="pickup_customer"]').selectOption(c0!.id);
    await page.getByLabel('面额 (元)').fill('60');
    await act(/^发放$/);
    await notice('发放提货券: 成功');
    await rows(page, 'pickup-coupons', 1);
    await page.click('nav a[href="#/customers"]');
    await act(`以客户身份操作 ${c0!.name}`);
    await act(/全额提现/, page.locator('[data-testid="customer-action"]'));
    await expect.poll(() => page.locator('[data-testid="full-withdrawal"]').textContent()).toContain('60.00');
    await page.locator('[data-testid="customer-action"]').getByRole('button', { name: '关闭' }).click();
    const pickups = await w.control.listPickupCoupons({ partner_id: w.partnerId });
    expect(pickups.coupons.map((p) => [p.customer_id, p.close_reason])).toEqual([[c0!.id, 'full_withdrawal']]);
    const pickupQuotas = await w.control.listPickupCouponQuotas({ partner_id: w.partnerId });
    expect(pickupQuotas.quotas.map((q) => q.balance)).toEqual([200]);

    // Leads: create, follow up, convert into a customer the API lists.
    await page.click('nav a[href="#/leads"]');
    await page.getByLabel('公司名称').fill('Walk Co');
    await page.getByLabel('联系人').fill('Han Meimei');
    await act('创建');
    await notice('新建线索: 成功');
    await act('跟进 Walk Co');
    await page.getByLabel('跟进内容').fill('called');
    await act('保存', page.locator('dialog'));
    await notice('跟进: 成功');
    await act('转客户 Walk Co');
    await page.getByLabel('客户在伙伴系统中的 ID (xaccount_id)').fill('walk-x-1');
    await act('转客户', page.locator('dialog'));
    await notice('转客户: 成功');
    await expect.poll(() => page.locator('[data-testid="leads"]').textContent()).toContain('已转化');

    // Mock tools: the clock advances an hour; a fault is added and cleared.
    await page.click('nav a[href="#/tools"]');
    await page.getByLabel('秒数').fill('3600');
    await act('快进');
    const later = new Date(Date.parse(w.frozenAt) + 3_600_000).toISOString();
    await expect.poll(() => page.locator('[data-testid="clock"]').textContent()).toContain(later);
    expect((await w.control.getClock()).now).toBe(later);
    // An hour on, the converted lead's customer is associated (asynchronously, as CreateSubCustomer's are).
    expect((await w.sdk.listSubCustomers({ limit: 10 })).count).toBe(4);
    await page.getByLabel('操作（operationId，空为全部）').fill('ListSubCustomers');
    await act('添加');
    await rows(page, 'faults', 1);
    expect((await w.control.listFaults()).faults.map((f) => f.operation)).toEqual(['ListSubCustomers']);
    await act('清除全部');
    await notice('清除全部故障: 成功');
    expect((await w.control.listFaults()).faults).toEqual([]);

    // The distributor: a quota granted, part of it issued to its reseller, then reclaimed.
    const distributor = (await w.control.listPartners()).partners.find(
      (p) => p.role === 'distributor' && p.site === 'cn',
    )!;
    await page.getByLabel('伙伴', { exact: true }).selectOption(distributor.partner_id);
    await page.click('nav a[href="#/quotas"]');
    await page.getByLabel('模拟：授予额度 (元)').fill('1000');
    await act('授予');
    await notice('授予额度: 成功');
    const own = await rows(page, 'own-quotas', 1);
    const ownId = (await own.first().getAttribute('data-key'))!;
    await page.locator('select[name="issue_quota"]').selectOption(ownId);
    await expect.poll(() => page.locator('select[name="issue_reseller"] option').count()).toBeGreaterThan(1);
    await page.locator('select[name="issue_reseller"]').selectOption({ index: 1 });
    await page.getByLabel('金额 (元)').fill('300');
    await act('发放');
    await notice('发放额度: 成功');
    const issued = await rows(page, 'issued-quotas', 1);
    const issuedId = (await issued.first().getAttribute('data-key'))!;
    await act(`回收 ${issuedId}`);
    await notice('回收额度: 成功');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('switches to English, works from the keyboard, and sends the token it was opened with', async () => {
    const w = await newWorld('access');
    const page = await browser.newPage();
    const seen: Record<string, string>[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/_mock/') && !r.url().includes('/_mock/console/'))
        seen.push(r.headers());
    });
    await page.goto(`${server.url}/_mock/console/#/customers?tenant=${w.tenant}&partner=${w.partnerId}&token=s3cret`);
    await rows(page, 'customers', 3);
    // The token left the address bar and went, as a header, with every control call.
    expect(page.url()).not.toContain('s3cret');
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) {
      expect(h.authorization).toBe('Bearer s3cret');
      expect(h['x-mock-tenant']).toBe(w.tenant);
    }
    // Keyboard only: focus the language toggle and press Enter.
    const toggle = page.getByRole('button', { name: 'English' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Customers');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // On every page, in English: the heading, and a label for every form control.
    const english: Record<string, string> = {
      customers: 'Customers',
      coupons: 'Coupons',
      quotas: 'Quotas',
      associations: 'Association records',
      recharge: 'Recharge',
      rebates: 'Rebate withdrawal',
      leads: 'Leads',
      tools: 'Mock tools',
      journal: 'Request journal',
    };
    for (const [route, heading] of Object.entries(english)) {
      // Keyboard only: the navigation link focused and followed with Enter.
      await page.locator(`nav a[href="#/${route}"]`).focus();
      await page.keyboard.press('Enter');
      await page.locator(`main[data-page="${route}"]`).waitFor();
      expect(await page.locator('main h1').textContent()).toBe(heading);
      await page.locator('main section').first().waitFor();
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
          .map((el) => el.outerHTML),
      );
      expect(unlabelled, route).toEqual([]);
    }
    await page.close();
  });
});
