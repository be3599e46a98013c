/**
 * Customer registration (reference §2.A): identity checks, verification codes and account creation. Every command
 * checks everything first and mutates last, so a refused call changes nothing, with one documented exception: a
 * wrong verification code counts as a failed try (three burn the code), as on the real service.
 */
import type { CnComponents, IntlComponents } from '@partner-center/sdk';
import { MINUTE } from '../../kernel/clock.js';
import {
  actingPartner,
  addCustomer,
  type Customer,
  customersOf,
  notYourReseller,
  type Partner,
  sandboxRefusal,
} from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { checkCode, codeRefusal, issueCode, type VerificationCode } from '../codes/index.js';
import { type CustomersWorld, lower } from './state.js';

type S = CnComponents['schemas'];
type SI = IntlComponents['schemas'];
type CreateRequest = S['CreateSubCustomerRequest'] | SI['CreateSubCustomerRequestIntl'];

const REGISTRATION_SCENE = 29;

/** Accounts registered with a `countrycode-number` mobile, and how many more it may register. */
function mobileRemaining(world: CustomersWorld, ccMobile: string): number {
  return Math.max(0, world.settings.maxAccountsPerMobile - (world.mobileAccounts.get(ccMobile) ?? 0));
}

/** CheckUserIdentity: can this login name, e-mail or mobile register? */
export function checkIdentity(
  world: CustomersWorld,
  body: S['CheckUserIdentityRequestCn'] | SI['CheckUserIdentityRequest'],
): Result<S['CheckUserIdentityResponse']> {
  switch (body.search_type) {
    case 'name':
      return ok({ check_result: world.loginNames.has(lower(body.search_value)) ? 'used_by_user' : 'available' });
    case 'email':
      return ok({ check_result: world.emails.has(lower(body.search_value)) ? 'used_by_user' : 'available' });
    case 'mobile': {
      const remaining = mobileRemaining(world, body.search_value);
      return ok({ check_result: remaining > 0 ? 'available' : 'used_by_user', mobile_remain_available_num: remaining });
    }
  }
}

/** SendVerificationMessageCode: issue a code to a mobile (China) or an e-mail (international), within the send caps. */
export function sendCode(
  world: CustomersWorld,
  body: S['SendVerificationCodeRequest'] | SI['SendVerificationCodeRequestIntl'],
): Result<void> {
  const receiver = 'mobile_phone' in body ? body.mobile_phone : lower(body.email);
  const minutes = body.timeout == null ? 10 : body.timeout > 60 ? 5 : body.timeout;
  // The international body has no `scene` (registration only).
  const scene = 'scene' in body ? body.scene : undefined;
  const sent = issueCode(world, receiver, scene ?? REGISTRATION_SCENE, minutes * MINUTE);
  if (!sent.ok) return sent;
  return ok(undefined);
}

/**
 * Checks a registration code without consuming it. A wrong code is the one failure that changes state: it counts a
 * try, and the last allowed wrong try burns the code.
 */
function verifyCode(
  world: CustomersWorld,
  receiver: string,
  given: string | null | undefined,
): Result<VerificationCode> {
  const verdict = checkCode(world, receiver, REGISTRATION_SCENE, given);
  return verdict.ok ? ok(verdict.code) : codeRefusal(world, verdict, 'this receiver');
}

function randomLoginName(world: CustomersWorld): string {
  for (;;) {
    const name = `a${world.random.hex(31)}`;
    if (!world.loginNames.has(name)) return name;
  }
}

function randomId(world: CustomersWorld): string {
  for (;;) {
    const id = world.random.hex(32);
    if (!world.customers.has(id)) return id;
  }
}

const reverse = (s: string) => [...s].reverse().join('');

/** The partner a new customer is associated with, when the caller may acquire customers for it; or the refusal. */
function acquiringPartner(world: CustomersWorld, caller: Partner, body: CreateRequest): Result<Partner> {
  if (caller.sandbox) return sandboxRefusal();
  if (caller.restricted) return fail('CBC.50010085', 'The partner enterprise is restricted.');
  const owner = actingPartner(world, caller, body.indirect_partner_id);
  if (!owner) return notYourReseller(body.indirect_partner_id);
  if (caller.role === 'distributor' && owner === caller) {
    return fail(
      'CBC.50010059',
      'A tier-1 distributor may not associate sub-customers directly; pass indirect_partner_id.',
    );
  }
  if (owner.role === 'reseller') {
    if (owner.distributorExited)
      return fail('CBC.50010065', "The tier-2 reseller's distributor has exited; customers cannot be acquired.");
    const parent = owner.parentId ? world.partners.get(owner.parentId) : undefined;
    if (parent?.restricted) return fail('CBC.50010086', "The reseller's distributor is restricted.");
  }
  return ok(owner);
}

/** The new account's contacts: a mobile (China) and/or an e-mail (international). */
interface Contacts {
  mobile: string | undefined;
  email: string | undefined;
}

/** The password rules: not the account name or its reverse, not containing the mobile or the e-mail. */
function checkPassword(body: CreateRequest, { mobile, email }: Contacts): Result<void> {
  if (!body.password) return ok(undefined);
  const name = body.domain_name ? lower(body.domain_name) : undefined;
  const pw = lower(body.password);
  if (name && (pw === name || pw === reverse(name)))
    return fail('CBC.99000036', 'The password must not equal the account name or its reverse.');
  if (mobile && body.password.includes(mobile))
    return fail('CBC.99000036', 'The password must not contain the mobile number.');
  if (email && pw.includes(lower(email)))
    return fail('CBC.99000036', 'The password must not contain the e-mail address.');
  return ok(undefined);
}

/** The account's identifiers are free: its xaccount and its login name. */
function checkIdentifiers(world: CustomersWorld, body: CreateRequest): Result<void> {
  if (world.xaccounts.has(`${body.xaccount_type}\n${body.xaccount_id}`))
    return fail('CBC.99000039', `xaccount_id ${body.xaccount_id} is already bound to an account.`);
  if (body.domain_name && world.loginNames.has(lower(body.domain_name)))
    return fail('CBC.99000038', `The login name ${body.domain_name} already exists.`);
  return ok(undefined);
}

/** The contacts may register: the mobile is new to the partner and under its account cap; the e-mail is unused. */
function checkContacts(world: CustomersWorld, owner: Partner, { mobile, email }: Contacts): Result<void> {
  if (mobile) {
    if (customersOf(world, owner.id).some((x) => x.mobile === mobile))
      return fail('CBC.99000029', `The mobile number ${mobile} already belongs to one of this partner's customers.`);
    if (mobileRemaining(world, `0086-${mobile}`) === 0) {
      return fail(
        'CBC.99000030',
        `The mobile number ${mobile} has registered the maximum of ${world.settings.maxAccountsPerMobile} accounts.`,
      );
    }
  }
  if (email && world.emails.has(lower(email)))
    return fail('CBC.99000051', `The e-mail ${email} is already registered and cannot be used.`);
  return ok(undefined);
}

/** The new customer record (its association completes after the configured delay unless asked to wait for it). */
function newCustomer(world: CustomersWorld, caller: Partner, owner: Partner, body: CreateRequest, c: Contacts) {
  const now = world.clock.now();
  // The generated login name is drawn before the id, as it always was: seeded worlds keep their ids.
  const accountName = body.domain_name || randomLoginName(world);
  const site = caller.site;
  const customer: Customer = {
    id: randomId(world),
    accountName,
    xaccountId: body.xaccount_id,
    xaccountType: body.xaccount_type,
    partnerId: owner.id,
    site,
    ...(c.mobile ? { mobile: c.mobile, countryCode: '0086' } : {}),
    ...(c.email ? { email: c.email } : {}),
    hasPassword: Boolean(body.password),
    associationType: site === 'intl' ? '3' : 'cooperation_type' in body && body.cooperation_type === '1' ? '1' : '2',
    createdAt: now,
    associatedAt: body.include_association_result ? now : now + world.settings.associationDelayMs,
    closeMarketing: body.is_close_market_ms === 'true',
    verifiedStatus: '-1',
    customerType: -1,
    isFrozen: 0,
    customerLevel: 'V0',
    seq: ++world.seq,
  };
  return customer;
}

/** CreateSubCustomer: create the account, associate it with the partner (asynchronously), consume the code. */
export function createCustomer(
  world: CustomersWorld,
  caller: Partner,
  body: CreateRequest,
): Result<S['CreateSubCustomerResponse']> {
  const owner = acquiringPartner(world, caller, body);
  if (!owner.ok) return owner;
  const contacts: Contacts = {
    mobile: 'mobile_phone' in body && body.mobile_phone ? body.mobile_phone : undefined,
    email: 'email' in body && body.email ? body.email : undefined,
  };
  const identifiers = checkIdentifiers(world, body);
  if (!identifiers.ok) return identifiers;
  const password = checkPassword(body, contacts);
  if (!password.ok) return password;
  const free = checkContacts(world, owner.value, contacts);
  if (!free.ok) return free;

  // The code check is last: it is the only one that records a failure.
  let code: VerificationCode | undefined;
  if (contacts.mobile || contacts.email) {
    const verdict = verifyCode(world, contacts.mobile ?? lower(contacts.email!), body.verification_code);
    if (!verdict.ok) return verdict;
    code = verdict.value;
  }

  const customer = newCustomer(world, caller, owner.value, body, contacts);
  if (code) code.state = 'used';
  addCustomer(world, customer);
  world.loginNames.set(lower(customer.accountName), customer.id);
  world.xaccounts.set(`${body.xaccount_type}\n${body.xaccount_id}`, customer.id);
  if (contacts.email) world.emails.set(lower(contacts.email), customer.id);
  if (contacts.mobile) {
    const ccMobile = `0086-${contacts.mobile}`;
    world.mobileAccounts.set(ccMobile, (world.mobileAccounts.get(ccMobile) ?? 0) + 1);
  }
  return ok({ domain_id: customer.id, domain_name: customer.accountName });
}
