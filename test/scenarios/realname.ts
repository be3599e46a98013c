/**
 * Real-name authentication scenarios (CreatePersonalRealnameAuth, CreateEnterpriseRealnameAuthentication,
 * ChangeEnterpriseRealnameAuthentication, ShowRealnameAuthenticationReviewResult on both sites, decided through the
 * ReviewRealnameApplication control operation), run in-process (MSW) and over real HTTP.
 */
import { RequestValidationError, type PartnerClient } from '@partner-center/sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshScenario, type Scenario, type TestEnv } from '../support/env.js';
import { expectError } from './registration.js';

type Cn = PartnerClient<'cn'>;

export function realnameScenarios(name: string, makeEnv: () => Promise<TestEnv>) {
  describe(`real-name authentication (${name})`, () => {
    let { env, sp, dist, resId } = {} as Scenario;
    let n = 0;

    beforeEach(async () => ({ env, sp, dist, resId } = await freshScenario(env ?? (await makeEnv()))));
    afterAll(async () => env?.close());

    async function newCustomer(client: Cn, extra: Record<string, unknown> = {}) {
      return (
        await client.createSubCustomer({
          xaccount_id: `n-${(n++).toString(36)}`,
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          ...extra,
        })
      ).domain_id!;
    }

    // A passport takes 3 images on the China site (data page, entry stamp, holder) and 2 on the international one.
    const passport = (customer_id: string, site: 'cn' | 'intl' = 'cn') => ({
      customer_id,
      identify_type: 0 as const,
      verified_type: 3 as const,
      verified_file_url:
        site === 'cn'
          ? ['ids/passport.jpg', 'ids/stamp.jpg', 'ids/holding.jpg']
          : ['ids/passport.jpg', 'ids/holding.jpg'],
      name: 'Zhang San',
      verified_number: 'E12345678',
      change_type: -1 as const,
      xaccount_type: 'acme_IDP',
    });
    const company = (customer_id: string) => ({
      customer_id,
      identify_type: 1 as const,
      certificate_type: 0 as const,
      verified_file_url: ['corp/licence.pdf', 'corp/legal-front.jpg', 'corp/legal-back.jpg'],
      corp_name: 'Acme Trading Co.',
      verified_number: '91110000MA01ABCDE1',
      reg_country: 'CN',
      reg_address: 'Beijing',
      xaccount_type: 'acme_IDP',
      enterprise_person: {
        legel_name: 'Zhao Liu',
        legel_id_number: '110101198001011234',
        certifier_role: 'legalPerson' as const,
      },
    });

    const status = async (client: Cn, customer_id: string) => {
      const c = (await client.listSubCustomers({ customer_id })).customer_infos![0]!;
      return { verified_status: c.verified_status, customer_type: c.customer_type, customer: c.customer };
    };

    it('individual by document: under review, then approved by Huawei with the name and individual type', async () => {
      const id = await newCustomer(sp);
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({});
      expect(await status(sp, id!)).toEqual({ verified_status: '-1', customer_type: -1, customer: undefined });
      expect(await sp.createPersonalRealnameAuth(passport(id!))).toEqual({ is_review: 1 });
      expect(await status(sp, id!)).toEqual({ verified_status: '0', customer_type: -1, customer: undefined });
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 0 });
      expect(await env.control.reviewRealnameApplication({ customer_id: id!, result: 'approved' })).toEqual({
        customer_id: id,
        review_result: 2,
        verified_status: '2',
        customer_type: 0,
        customer: 'Zhang San',
      });
      expect(await status(sp, id!)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Zhang San' });
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 2 });
      expect((await sp.listSubCustomers({ customer: 'Zhang' })).customer_infos!.map((c) => c.customer_id)).toEqual([
        id,
      ]);
    });

    it('a rejection carries the opinion; the partner may then apply again, here as an enterprise', async () => {
      const id = await newCustomer(sp);
      await sp.createPersonalRealnameAuth(passport(id!));
      await env.control.reviewRealnameApplication({
        customer_id: id!,
        result: 'rejected',
        opinion: 'The passport page is blurred.',
      });
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({
        review_result: 1,
        opinion: 'The passport page is blurred.',
      });
      expect((await status(sp, id!)).verified_status).toBe('1');
      expect(await sp.createEnterpriseRealnameAuthentication(company(id!))).toEqual({ is_review: 1 });
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 0 });
      await env.control.reviewRealnameApplication({ customer_id: id!, result: 'approved' });
      expect(await status(sp, id!)).toEqual({ verified_status: '2', customer_type: 1, customer: 'Acme Trading Co.' });
    });

    it('refuses a customer under review or already verified (CBC.99007188), without any change', async () => {
      const id = await newCustomer(sp);
      await sp.createPersonalRealnameAuth(passport(id!));
      await expectError(sp.createPersonalRealnameAuth(passport(id!)), 400, 'CBC.99007188');
      await expectError(sp.createEnterpriseRealnameAuthentication(company(id!)), 400, 'CBC.99007188');
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 0 });
      await env.control.reviewRealnameApplication({ customer_id: id!, result: 'approved' });
      await expectError(sp.createPersonalRealnameAuth(passport(id!)), 400, 'CBC.99007188');
      await expectError(sp.createEnterpriseRealnameAuthentication(company(id!)), 400, 'CBC.99007188');
      expect(await status(sp, id!)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Zhang San' });
    });

    it('individual by bank card: decided at once with the scene-18 SMS code', async () => {
      const id = await newCustomer(sp);
      const mobile = '13800001111';
      const card = (verification_code: string) => ({
        customer_id: id,
        identify_type: 4 as const,
        verified_file_url: ['face.jpg'],
        name: 'Li Si',
        verified_number: '110101199001011234',
        xaccount_type: 'acme_IDP',
        bank_card_info: { bank_account: '6222-0200-1234', areacode: '0086', mobile, verification_code },
      });
      await expectError(sp.createPersonalRealnameAuth(card('123456')), 400, 'CBC.99007202');
      await sp.sendVerificationMessageCode({
        receiver_type: 1,
        mobile_phone: mobile,
        scene: 18,
        customer_id: id,
        timeout: 1,
      });
      const expired = await env.control.latestCode(mobile);
      await env.control.advanceClock({ seconds: 61 });
      await expectError(sp.createPersonalRealnameAuth(card(expired)), 400, 'CBC.99000027');
      await sp.sendVerificationMessageCode({ receiver_type: 1, mobile_phone: mobile, scene: 18, customer_id: id });
      const code = await env.control.latestCode(mobile);
      await expectError(
        sp.createPersonalRealnameAuth(card(code === '999999' ? '000000' : '999999')),
        400,
        'CBC.99007202',
      );
      expect((await status(sp, id!)).verified_status).toBe('-1');
      expect(await sp.createPersonalRealnameAuth(card(code))).toEqual({ is_review: 0 });
      expect(await status(sp, id!)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Li Si' });
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 2 });
      expect((await env.control.listSentCodes({ receiver: mobile })).codes[0]!.state).toBe('used');
    });

    it('changes an individual verification into an enterprise one (PUT), the customer staying verified meanwhile', async () => {
      const id = await newCustomer(sp);
      const change = { ...company(id!), change_type: 1 as const, reg_country: '', reg_address: null };
      await expectError(sp.changeEnterpriseRealnameAuthentication(change), 400, 'CBC.0100');
      await sp.createPersonalRealnameAuth(passport(id!));
      await expectError(sp.changeEnterpriseRealnameAuthentication(change), 400, 'CBC.99007188');
      await env.control.reviewRealnameApplication({ customer_id: id!, result: 'approved' });
      expect(await sp.changeEnterpriseRealnameAuthentication(change)).toEqual({ is_review: 1 });
      expect(await status(sp, id!)).toEqual({ verified_status: '2', customer_type: 0, customer: 'Zhang San' });
      expect(await sp.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 0 });
      await expectError(sp.changeEnterpriseRealnameAuthentication(change), 400, 'CBC.99007188');
      await env.control.reviewRealnameApplication({ customer_id: id!, result: 'approved' });
      expect(await status(sp, id!)).toEqual({ verified_status: '2', customer_type: 1, customer: 'Acme Trading Co.' });
      await expectError(sp.changeEnterpriseRealnameAuthentication(change), 400, 'CBC.0100');
    });

    it("refuses other partners' customers, foreign platform ids and unsupported attachments", async () => {
      const mine = await newCustomer(sp);
      const theirs = await newCustomer(dist, { indirect_partner_id: resId });
      await expectError(sp.createPersonalRealnameAuth(passport(theirs!)), 400, 'CBC.99000035');
      await expectError(dist.createEnterpriseRealnameAuthentication(company(theirs!)), 400, 'CBC.99000035');
      await expectError(sp.showRealnameAuthenticationReviewResult({ customer_id: theirs! }), 500, 'CBC.5002');
      await expectError(sp.showRealnameAuthenticationReviewResult({ customer_id: 'f'.repeat(32) }), 500, 'CBC.5002');
      await expectError(
        sp.createPersonalRealnameAuth({ ...passport(mine!), xaccount_type: 'other_IDP' }),
        400,
        'CBC.0100',
      );
      await expectError(
        sp.createPersonalRealnameAuth({ ...passport(mine!), verified_file_url: ['a.jpg', 'b.jpg', 'c.docx'] }),
        400,
        'CBC.99000100',
      );
      await expectError(
        sp.createEnterpriseRealnameAuthentication({ ...company(mine!), verified_file_url: ['scan', 'a.jpg', 'b.jpg'] }),
        400,
        'CBC.99000100',
      );
      expect(await status(sp, mine!)).toEqual({ verified_status: '-1', customer_type: -1, customer: undefined });
      const { token } = (await env.control.issueCustomerToken({ customer_id: mine! })) as unknown as { token: string };
      await expectError(env.client({ token }).createPersonalRealnameAuth(passport(mine!)), 403, 'CBC.0151');
    });

    it('enforces the documented attachment and field rules in the SDK and in the mock', async () => {
      const id = await newCustomer(sp);
      const person = passport(id!);
      const org = company(id!);
      const personal = [
        { ...person, verified_file_url: ['only-one.jpg'] },
        { ...person, verified_type: 0, verified_file_url: ['a.jpg', 'b.jpg', 'c.jpg'] },
        { ...person, verified_type: 7, verified_file_url: ['a.jpg', 'b.jpg'] },
        { ...person, verified_file_url: ['a.jpg', 'b.jpg'] },
        { ...person, verified_type: 8 },
        { ...person, verified_file_url: ['https://bucket.obs.example.com/download/a.jpg', 'b.jpg'] },
        { ...person, verified_file_url: ['/download/a.jpg', 'b.jpg'] },
        { ...person, identify_type: 4 },
        { ...person, name: '' },
      ];
      for (const bad of personal) {
        await expect(sp.createPersonalRealnameAuth(bad as never)).rejects.toBeInstanceOf(RequestValidationError);
        await expectError(sp.createPersonalRealnameAuth(bad as never, { validate: false }), 400, 'CBC.0100');
      }
      const enterprise = [
        { ...org, verified_file_url: ['licence.pdf'] },
        { ...org, corp_name: '12345 ###' },
        { ...org, reg_country: 'China' },
        { ...org, certificate_type: 5 },
        { ...org, identify_type: 0 },
      ];
      for (const bad of enterprise) {
        await expect(sp.createEnterpriseRealnameAuthentication(bad as never)).rejects.toBeInstanceOf(
          RequestValidationError,
        );
        await expectError(
          sp.createEnterpriseRealnameAuthentication(bad as never, { validate: false }),
          400,
          'CBC.0100',
        );
      }
      await expectError(
        sp.changeEnterpriseRealnameAuthentication({ ...org, change_type: 2 } as never, { validate: false }),
        400,
        'CBC.0100',
      );
      await expectError(
        sp.showRealnameAuthenticationReviewResult({ customer_id: '' }, { validate: false }),
        400,
        'CBC.0100',
      );
      expect(await status(sp, id!)).toEqual({ verified_status: '-1', customer_type: -1, customer: undefined });
      // Without a legal person one organisation document is enough; the three ID-card images are enough for type 0.
      const { enterprise_person: _p, ...noPerson } = org;
      expect(
        await sp.createEnterpriseRealnameAuthentication({ ...noPerson, verified_file_url: ['licence.pdf'] }),
      ).toEqual({ is_review: 1 });
    });

    it('works the same on the international site, by document only', async () => {
      const intl = env.client({ role: 'solution_provider', site: 'intl' });
      const id = (
        await intl.createSubCustomer({
          xaccount_id: 'intl-n',
          xaccount_type: 'acme_IDP',
          include_association_result: true,
          domain_area: 'MX',
        })
      ).domain_id!;
      const bankCard = {
        customer_id: id,
        identify_type: 4,
        verified_file_url: ['face.jpg'],
        name: 'Juan',
        verified_number: '1',
        xaccount_type: 'acme_IDP',
        include_association_result: true,
        bank_card_info: { bank_account: '1', areacode: '0052', mobile: '13800001111', verification_code: '123456' },
      };
      await expect(intl.createPersonalRealnameAuth(bankCard as never)).rejects.toBeInstanceOf(RequestValidationError);
      await expectError(intl.createPersonalRealnameAuth(bankCard as never, { validate: false }), 400, 'CBC.0100');
      expect(await intl.createPersonalRealnameAuth({ ...passport(id!, 'intl'), name: 'Juan Pérez' })).toEqual({
        is_review: 1,
      });
      expect(await intl.showRealnameAuthenticationReviewResult({ customer_id: id! })).toEqual({ review_result: 0 });
      await env.control.reviewRealnameApplication({ customer_id: id!, result: 'approved' });
      const c = (await intl.listSubCustomers({ customer_id: id })).customer_infos![0]!;
      expect([c.verified_status, c.customer_type, c.customer]).toEqual(['2', 0, 'Juan Pérez']);
      expect(
        await intl.changeEnterpriseRealnameAuthentication({ ...company(id!), change_type: 1, reg_country: 'MX' }),
      ).toEqual({ is_review: 1 });
    });
  });
}
