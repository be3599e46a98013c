/**
 * Customer registration scenarios (CheckUserIdentity, SendVerificationMessageCode, CreateSubCustomer,
 * ListSubCustomers), written once and run both in-process (MSW) and over real HTTP.
 */
import { PartnerCenterError, RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';

/** Expects a call to fail with the given HTTP status and error_code. */
export async function expectError(call: Promise<unknown>, status: number, code: string): Promise<PartnerCenterError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(PartnerCenterError);
  const e = err as PartnerCenterError;
  expect({ status: e.status, code: e.code }, e.message).toEqual({ status, code });
  expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
  return e;
}

export function registrationScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`customer registration (${name})`, () => {
    let { env, sp } = {} as Scenario;
    let n = 0;
    const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
    const mobile = () => `139${String(10_000_000 + n++).slice(-8)}`;

    beforeEach(async () => ({ env, sp } = await freshScenario(env ?? (await makeEnv()))));
    afterAll(async () => env?.close());

    /** Sends a code and reads it through the control surface, as a test of a real integration would. */
    async function codeFor(phone: string, client = sp) {
      await client.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone });
      return env.control.latestCode(phone);
    }

    /** Registers a customer whose association completes at once (the asynchronous path has its own test). */
    async function register(client: PartnerClient<'cn'>, extra: Record<string, unknown> = {}) {
      const id = unique();
      return client.createSubCustomer({
        xaccount_id: `x-${id}`,
        xaccount_type: 'acme_IDP',
        domain_name: `cust-${id}`,
        include_association_result: true,
        ...extra,
      });
    }

    it('registers a customer with a verification code and lists it once the association completes', async () => {
      const phone = mobile();
      const code = await codeFor(phone);
      expect(code).toMatch(/^\d{6}$/);
      const created = await sp.createSubCustomer({
        xaccount_id: 'acme-1001',
        xaccount_type: 'acme_IDP',
        domain_name: 'acme-customer-01',
        mobile_phone: phone,
        verification_code: code,
        password: 'S3cure-pass',
      });
      expect(created).toEqual({ domain_id: expect.stringMatching(/^[0-9a-f]{32}$/), domain_name: 'acme-customer-01' });

      // The association completes asynchronously: until then the customer is not listed.
      expect(await sp.listSubCustomers({ customer_id: created.domain_id })).toEqual({ count: 0 });
      await env.control.advanceClock({ seconds: 2 });
      const list = await sp.listSubCustomers({ customer_id: created.domain_id });
      expect(list.count).toBe(1);
      expect(list.customer_infos![0]).toMatchObject({
        account_name: 'acme-customer-01',
        association_type: '2',
        telephone: phone,
        country_code: '0086',
        xaccount_id: 'acme-1001',
      });
      expect(list.customer_infos![0]!.associated_on).toBe('2024-01-01T00:00:02Z');
      expect((await env.control.listSentCodes({ receiver: phone })).codes[0]!.state).toBe('used');
    });

    it('associates at once when include_association_result is true, and marks referral customers', async () => {
      const c = await register(sp, { include_association_result: true, cooperation_type: '1' });
      const info = (await sp.listSubCustomers({ customer_id: c.domain_id })).customer_infos![0]!;
      expect(info.associated_on).toBe('2024-01-01T00:00:00Z');
      expect(info.association_type).toBe('1');
    });

    it('generates a 32-character login name when none is given', async () => {
      const c = await sp.createSubCustomer({
        xaccount_id: `x-${unique()}`,
        xaccount_type: 'acme_IDP',
        domain_name: '',
      });
      expect(c.domain_name).toMatch(/^[a-z][0-9a-f]{31}$/);
      expect((await sp.checkUserIdentity({ search_type: 'name', search_value: c.domain_name! })).check_result).toBe(
        'used_by_user',
      );
    });

    describe('CheckUserIdentity', () => {
      it('sees login names across all partners', async () => {
        const other = env.client({ role: 'reseller' });
        expect(
          (await other.checkUserIdentity({ search_type: 'name', search_value: 'shared-name-1' })).check_result,
        ).toBe('available');
        await sp.createSubCustomer({
          xaccount_id: 'x-shared',
          xaccount_type: 'acme_IDP',
          domain_name: 'Shared-Name-1',
        });
        expect(
          (await other.checkUserIdentity({ search_type: 'name', search_value: 'shared-name-1' })).check_result,
        ).toBe('used_by_user');
      });

      it('counts down the registrations left for a mobile', async () => {
        const phone = mobile();
        const check = () => sp.checkUserIdentity({ search_type: 'mobile', search_value: `0086-${phone}` });
        expect(await check()).toEqual({ check_result: 'available', mobile_remain_available_num: 5 });
        // A mobile belongs to at most one customer per partner, so the two registrations go through two partners.
        for (const role of ['solution_provider', 'reseller'] as const) {
          const client = env.client({ role });
          await register(client, { mobile_phone: phone, verification_code: await codeFor(phone, client) });
        }
        expect(await check()).toEqual({ check_result: 'available', mobile_remain_available_num: 3 });
      });

      it('refuses malformed values before sending, naming the field and rule', async () => {
        const err = await sp
          .checkUserIdentity({ search_type: 'mobile', search_value: '13912345678' })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestValidationError);
        expect((err as RequestValidationError).issues[0]).toMatchObject({
          field: 'search_value',
          rule: 'pattern ^[0-9]+-[0-9]+$',
        });
        await expectError(
          sp.checkUserIdentity({ search_type: 'name', search_value: 'op_admin1' }, { validate: false }),
          400,
          'CBC.0100',
        );
      });
    });

    describe('SendVerificationMessageCode', () => {
      it('answers 204 and applies the validity rules (default 10 min, above 60 forced to 5)', async () => {
        const phone = mobile();
        await expect(
          sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone }),
        ).resolves.toBeUndefined();
        await sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone, timeout: 61 });
        await sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone, timeout: 30 });
        const codes = (await env.control.listSentCodes({ receiver: phone })).codes;
        const minutes = codes.map((c) => (Date.parse(c.expires_at) - Date.parse(c.sent_at)) / 60_000);
        expect(minutes).toEqual([30, 5, 10]);
        expect(codes.map((c) => c.state)).toEqual(['active', 'superseded', 'superseded']);
      });

      it('caps sends at 15 per hour and 60 per day, and the refusal sends nothing', async () => {
        const phone = mobile();
        for (let i = 0; i < 15; i++) await sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone });
        await expectError(
          sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone }),
          400,
          'CBC.99004015',
        );
        expect((await env.control.listSentCodes({ receiver: phone })).codes).toHaveLength(15);
        await env.control.advanceClock({ seconds: 3600 });
        for (let h = 1; h < 4; h++) {
          for (let i = 0; i < 15; i++) await sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone });
          await env.control.advanceClock({ seconds: 3600 });
        }
        await expectError(
          sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone }),
          400,
          'CBC.99004015',
        );
        await env.control.advanceClock({ seconds: 24 * 3600 });
        await expect(
          sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone }),
        ).resolves.toBeUndefined();
      });

      it('requires customer_id for the bank-card scene', async () => {
        const err = await sp
          .sendVerificationMessageCode({ receiver_type: 1, mobile_phone: mobile(), scene: 18 })
          .catch((e: unknown) => e);
        expect((err as RequestValidationError).issues).toEqual([
          expect.objectContaining({ field: 'customer_id', rule: 'required' }),
        ]);
      });
    });

    describe('verification codes at registration', () => {
      it('burns a code after three wrong tries', async () => {
        const phone = mobile();
        const code = await codeFor(phone);
        const wrong = code === '000000' ? '111111' : '000000';
        const attempt = (c: string) => register(sp, { mobile_phone: phone, verification_code: c });
        for (let i = 0; i < 3; i++) await expectError(attempt(wrong), 400, 'CBC.99004010');
        await expectError(attempt(code), 400, 'CBC.99004009');
        expect((await env.control.listSentCodes({ receiver: phone })).codes[0]).toMatchObject({
          state: 'burned',
          attempts_left: 0,
        });
        expect((await sp.listSubCustomers()).count).toBe(0);
        // A new code works again.
        await expect(attempt(await codeFor(phone))).resolves.toMatchObject({ domain_id: expect.any(String) });
      });

      it('expires codes on the virtual clock', async () => {
        const phone = mobile();
        await sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: phone, timeout: 3 });
        const code = await env.control.latestCode(phone);
        await env.control.advanceClock({ seconds: 181 });
        await expectError(register(sp, { mobile_phone: phone, verification_code: code }), 400, 'CBC.99004008');
        expect((await env.control.listSentCodes({ receiver: phone })).codes[0]!.state).toBe('expired');
      });

      it('uses a code once, and refuses a mobile without a code', async () => {
        const phone = mobile();
        const code = await codeFor(phone);
        await register(sp, { mobile_phone: phone, verification_code: code });
        await expectError(
          register(env.client({ role: 'reseller' }), { mobile_phone: phone, verification_code: code }),
          400,
          'CBC.99004010',
        );
        const err = await register(sp, { mobile_phone: mobile() }).catch((e: unknown) => e);
        expect((err as RequestValidationError).issues[0]).toMatchObject({
          field: 'verification_code',
          rule: 'required',
        });
      });
    });

    describe('CreateSubCustomer refusals leave the state unchanged', () => {
      async function snapshot() {
        return { list: await sp.listSubCustomers({ limit: 100 }), codes: (await env.control.listSentCodes()).codes };
      }

      it('answers the field-specific codes for malformed login name, mobile and password', async () => {
        await register(sp);
        const before = await snapshot();
        const raw = (body: Record<string, unknown>) =>
          sp.createSubCustomer({ xaccount_id: 'x-raw', xaccount_type: 'acme_IDP', ...body } as never, {
            validate: false,
          });
        await expectError(raw({ domain_name: '1234567' }), 400, 'CBC.99000031');
        await expectError(raw({ domain_name: 'op_customer' }), 400, 'CBC.99000031');
        await expectError(raw({ mobile_phone: '0086-139', verification_code: '123456' }), 400, 'CBC.5017');
        await expectError(raw({ password: 'alllowercase' }), 400, 'CBC.99000036');
        await expectError(raw({ password: 'Short1!' }), 400, 'CBC.99000036');
        await expectError(
          sp.createSubCustomer({ xaccount_type: 'acme_IDP' } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(raw({ verification_code: '' }), 400, 'CBC.0100');
        expect(await snapshot()).toEqual(before);
      });

      it('enforces uniqueness of login name, xaccount_id and mobile, and the password rules', async () => {
        const phone = mobile();
        await register(sp, {
          domain_name: 'taken-name',
          xaccount_id: 'taken-x',
          mobile_phone: phone,
          verification_code: await codeFor(phone),
        });
        const before = await snapshot();
        await expectError(register(sp, { domain_name: 'TAKEN-name' }), 400, 'CBC.99000038');
        await expectError(
          register(env.client({ role: 'reseller' }), { domain_name: 'taken-name' }),
          400,
          'CBC.99000038',
        );
        await expectError(register(sp, { xaccount_id: 'taken-x' }), 400, 'CBC.99000039');
        await expectError(register(sp, { mobile_phone: phone, verification_code: '123456' }), 400, 'CBC.99000029');
        await expectError(register(sp, { domain_name: 'Secret-Name1', password: 'secret-name1' }), 400, 'CBC.99000036');
        await expectError(register(sp, { domain_name: 'Secret-Name1', password: '1eman-terces' }), 400, 'CBC.99000036');
        await expectError(
          register(sp, { mobile_phone: '13800000001', verification_code: '123456', password: 'pw13800000001' }),
          400,
          'CBC.99000036',
        );
        expect(await snapshot()).toEqual(before);
      });
    });

    describe('tier-1 distributors and tier-2 resellers', () => {
      it('a distributor registers customers for its reseller only', async () => {
        const dist = env.client({ role: 'distributor' });
        const reseller = env.partner({ role: 'reseller' });
        await expectError(register(dist), 400, 'CBC.50010059');
        const c = await register(dist, { indirect_partner_id: reseller.id });
        expect(
          (await dist.listSubCustomers({ indirect_partner_id: reseller.id })).customer_infos!.map((i) => i.customer_id),
        ).toEqual([c.domain_id]);
        expect((await env.client({ role: 'reseller' }).listSubCustomers()).count).toBe(1);
        expect((await dist.listSubCustomers()).count).toBe(0);
        await expectError(
          register(dist, { indirect_partner_id: env.partner({ role: 'solution_provider' }).id }),
          400,
          'CBC.99000037',
        );
        await expectError(sp.listSubCustomers({ indirect_partner_id: reseller.id }), 400, 'CBC.99000037');
      });
    });

    describe('ListSubCustomers', () => {
      it('filters (fuzzy, exact, type, association time) and pages with count = all matches', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          ids.push(
            (
              await sp.createSubCustomer({
                xaccount_id: `page-${i}`,
                xaccount_type: 'acme_IDP',
                domain_name: `page-cust-${String(i).padStart(2, '0')}`,
                cooperation_type: i % 3 === 0 ? '1' : null,
              })
            ).domain_id!,
          );
          await env.control.advanceClock({ seconds: 60 });
        }
        await register(sp, { domain_name: 'other-name' });
        const page1 = await sp.listSubCustomers({ account_name: 'PAGE-cust', offset: 0, limit: 5 });
        expect(page1.count).toBe(12);
        expect(page1.customer_infos!.map((c) => c.account_name)).toEqual([
          'page-cust-11',
          'page-cust-10',
          'page-cust-09',
          'page-cust-08',
          'page-cust-07',
        ]);
        const page3 = await sp.listSubCustomers({ account_name: 'page-cust', offset: 10, limit: 5 });
        expect(page3.customer_infos!.map((c) => c.account_name)).toEqual(['page-cust-01', 'page-cust-00']);
        expect((await sp.listSubCustomers({ account_name: 'page-cust', offset: 40 })).customer_infos).toBeUndefined();
        expect((await sp.listSubCustomers({ association_type: '1' })).count).toBe(4);
        expect((await sp.listSubCustomers({ customer_id: ids[3]! })).customer_infos![0]!.account_name).toBe(
          'page-cust-03',
        );
        expect((await sp.listSubCustomers({ customer_id: 'ffffffffffffffffffffffffffffffff' })).count).toBe(0);
        expect((await sp.listSubCustomers({ account_name: '', customer_id: null })).count).toBe(13);
        const window = await sp.listSubCustomers({
          associated_on_begin: '2024-01-01T00:02:00Z',
          associated_on_end: '2024-01-01T00:04:59Z',
          limit: 100,
        });
        expect(window.customer_infos!.map((c) => c.account_name)).toEqual([
          'page-cust-04',
          'page-cust-03',
          'page-cust-02',
        ]);
        expect((await sp.listSubCustomers()).customer_infos).toHaveLength(10);
      });

      it('refuses out-of-range paging and malformed filters with CBC.0100', async () => {
        const err = await sp.listSubCustomers({ limit: 101 }).catch((e: unknown) => e);
        expect((err as RequestValidationError).issues[0]).toMatchObject({ field: 'limit', rule: 'maximum 100' });
        await expectError(sp.listSubCustomers({ limit: 101 }, { validate: false }), 400, 'CBC.0100');
        await expectError(sp.listSubCustomers({ offset: -1 }, { validate: false }), 400, 'CBC.0100');
        await expectError(sp.listSubCustomers({ account_name: 'has space' }, { validate: false }), 400, 'CBC.0100');
        await expectError(
          sp.listSubCustomers({ associated_on_begin: '' } as never, { validate: false }),
          400,
          'CBC.0100',
        );
        await expectError(
          sp.listSubCustomers({ association_type: '3' } as never, { validate: false }),
          400,
          'CBC.0100',
        );
      });
    });

    describe('authentication', () => {
      it('refuses a wrong secret key and an unknown access key with 401 CBC.0154', async () => {
        const p = env.partner({ role: 'solution_provider' });
        const { createPartnerClient } = await import('@partner-center/sdk');
        const bad = createPartnerClient({
          baseUrl: env.baseUrl('cn'),
          credentials: { accessKey: p.accessKey, secretKey: 'wrong' },
        });
        await expectError(bad.listSubCustomers(), 401, 'CBC.0154');
        const unknown = createPartnerClient({
          baseUrl: env.baseUrl('cn'),
          credentials: { accessKey: 'NOSUCHKEY', secretKey: 'x' },
        });
        await expectError(unknown.listSubCustomers(), 401, 'CBC.0154');
        const stale = createPartnerClient({
          baseUrl: env.baseUrl('cn'),
          credentials: { accessKey: p.accessKey, secretKey: p.secretKey },
          now: () => new Date(Date.now() - 3_600_000),
        });
        await expectError(stale.listSubCustomers(), 401, 'CBC.0154');
      });

      it('accepts IAM tokens it issued, until they expire on the virtual clock', async () => {
        const p = env.partner({ role: 'solution_provider' });
        const res = await fetch(`${env.baseUrl('cn')}/v3/auth/tokens`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            auth: {
              identity: {
                methods: ['password'],
                password: { user: { name: p.iamUser, password: p.iamPassword, domain: { name: p.iamDomain } } },
              },
              scope: { domain: { name: p.iamDomain } },
            },
          }),
        });
        expect(res.status).toBe(201);
        const token = res.headers.get('X-Subject-Token')!;
        expect(token).toMatch(/^MII/);
        const client = env.client({ role: 'solution_provider', token });
        await register(client);
        expect((await client.listSubCustomers()).count).toBe(1);
        await env.control.advanceClock({ seconds: 24 * 3600 });
        await expectError(client.listSubCustomers(), 401, 'CBC.0154');
      });
    });

    describe('international site', () => {
      it('registers with e-mail and domain_area, and the China-only fields are refused', async () => {
        const intl = env.client({ role: 'solution_provider', site: 'intl' });
        await intl.sendVerificationMessageCode({ receiver_type: 2, email: 'New.Customer@example.com' });
        const code = await env.control.latestCode('new.customer@example.com');
        const c = await intl.createSubCustomer({
          xaccount_id: 'intl-1',
          xaccount_type: 'acme_IDP',
          domain_area: 'MX',
          email: 'New.Customer@example.com',
          verification_code: code,
          include_association_result: true,
        });
        const info = (await intl.listSubCustomers({ customer_id: c.domain_id })).customer_infos![0]!;
        expect(info).toMatchObject({ association_type: '3', email: 'New.Customer@example.com' });
        expect(
          (await intl.checkUserIdentity({ search_type: 'email', search_value: 'new.customer@EXAMPLE.com' }))
            .check_result,
        ).toBe('used_by_user');
        const err = await intl
          .createSubCustomer({ xaccount_id: 'intl-2', xaccount_type: 'acme_IDP' } as never)
          .catch((e: unknown) => e);
        expect((err as RequestValidationError).issues[0]).toMatchObject({ field: 'domain_area', rule: 'required' });
        await expectError(
          intl.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: '13912345678' } as never, {
            validate: false,
          }),
          400,
          'CBC.0100',
        );
      });
    });
  });
}
