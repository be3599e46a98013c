/**
 * Customer registration and listing (reference §2.A): identity checks, verification codes, account creation and the
 * customer list. Every command checks everything first and mutates last, so a refused call changes nothing, with one
 * documented exception: a wrong verification code counts as a failed try (three burn the code), as on the real
 * service.
 */
import type { CnComponents, IntlComponents } from '@partner-center/sdk';
import { utcSeconds } from '../../kernel/clock.js';
import { checkCode, codeRefusal, issueCode } from '../codes/index.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import {
  actingPartner,
  addCustomer,
  customersOf,
  type Customer,
  type Partner,
  type Parties,
} from '../../kernel/parties.js';
import type { VerificationCode } from '../codes/index.js';
import type { CodesSlice } from '../codes/index.js';

/** The part of a tenant's World this aggregate reads and writes. */
export type CustomersWorld = Parties & CodesSlice;

type S = CnComponents['schemas'];
type SI = IntlComponents['schemas'];

const REGISTRATION_SCENE = 29;

const lower = (s: string) => s.toLowerCase();

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
  const sent = issueCode(world, receiver, body.scene ?? REGISTRATION_SCENE, minutes * 60_000);
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

/** CreateSubCustomer: create the account, associate it with the partner (asynchronously), consume the code. */
export function createCustomer(
  world: CustomersWorld,
  caller: Partner,
  body: S['CreateSubCustomerRequest'] | SI['CreateSubCustomerRequestIntl'],
): Result<S['CreateSubCustomerResponse']> {
  if (caller.sandbox) return fail('CBC.99005035', 'Sandbox partner accounts cannot use this API.');
  if (caller.restricted) return fail('CBC.50010085', 'The partner enterprise is restricted.');
  const owner = actingPartner(world, caller, body.indirect_partner_id);
  if (!owner)
    return fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${body.indirect_partner_id}.`);
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

  const xkey = `${body.xaccount_type}\n${body.xaccount_id}`;
  if (world.xaccounts.has(xkey))
    return fail('CBC.99000039', `xaccount_id ${body.xaccount_id} is already bound to an account.`);
  if (body.domain_name && world.loginNames.has(lower(body.domain_name))) {
    return fail('CBC.99000038', `The login name ${body.domain_name} already exists.`);
  }

  const mobile = 'mobile_phone' in body && body.mobile_phone ? body.mobile_phone : undefined;
  const email = 'email' in body && body.email ? body.email : undefined;
  if (body.password) {
    const name = body.domain_name ? lower(body.domain_name) : undefined;
    const pw = lower(body.password);
    if (name && (pw === name || pw === reverse(name)))
      return fail('CBC.99000036', 'The password must not equal the account name or its reverse.');
    if (mobile && body.password.includes(mobile))
      return fail('CBC.99000036', 'The password must not contain the mobile number.');
    if (email && pw.includes(lower(email)))
      return fail('CBC.99000036', 'The password must not contain the e-mail address.');
  }
  const ccMobile = mobile ? `0086-${mobile}` : undefined;
  if (mobile) {
    const sameOwner = customersOf(world, owner.id).some((c) => c.mobile === mobile);
    if (sameOwner)
      return fail('CBC.99000029', `The mobile number ${mobile} already belongs to one of this partner's customers.`);
    if (mobileRemaining(world, ccMobile!) === 0) {
      return fail(
        'CBC.99000030',
        `The mobile number ${mobile} has registered the maximum of ${world.settings.maxAccountsPerMobile} accounts.`,
      );
    }
  }
  if (email && world.emails.has(lower(email)))
    return fail('CBC.99000051', `The e-mail ${email} is already registered and cannot be used.`);

  // The code check is last: it is the only one that records a failure.
  let code: VerificationCode | undefined;
  if (mobile || email) {
    const verdict = verifyCode(world, mobile ?? lower(email!), body.verification_code);
    if (!verdict.ok) return verdict;
    code = verdict.value;
  }

  const now = world.clock.now();
  const accountName = body.domain_name || randomLoginName(world);
  const site = caller.site;
  const customer: Customer = {
    id: randomId(world),
    accountName,
    xaccountId: body.xaccount_id,
    xaccountType: body.xaccount_type,
    partnerId: owner.id,
    site,
    ...(mobile ? { mobile, countryCode: '0086' } : {}),
    ...(email ? { email } : {}),
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
  if (code) code.state = 'used';
  addCustomer(world, customer);
  world.loginNames.set(lower(accountName), customer.id);
  world.xaccounts.set(xkey, customer.id);
  if (email) world.emails.set(lower(email), customer.id);
  if (ccMobile) world.mobileAccounts.set(ccMobile, (world.mobileAccounts.get(ccMobile) ?? 0) + 1);
  return ok({ domain_id: customer.id, domain_name: accountName });
}

/** ListSubCustomers filters; `""` and null mean "no filter". */
type ListQuery = S['ListSubCustomersRequest'] | SI['ListSubCustomersRequestIntl'];

/**
 * ListSubCustomers: the acting partner's customers, filtered, newest first, one page. A customer appears once its
 * asynchronous association has completed (CBC.99000050 tells callers to confirm the association this way).
 */
export function listCustomers(
  world: CustomersWorld,
  caller: Partner,
  q: ListQuery,
): Result<S['ListSubCustomersResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner)
    return fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${q.indirect_partner_id}.`);
  const now = world.clock.now();
  const begin = q.associated_on_begin ? Date.parse(q.associated_on_begin) : undefined;
  const end = q.associated_on_end ? Date.parse(q.associated_on_end) : undefined;

  const filter: ListFilter = {
    now,
    customerId: q.customer_id || undefined,
    name: q.account_name ? lower(q.account_name) : undefined,
    realName: q.customer ? lower(q.customer) : undefined,
    label: q.label || undefined,
    associationType: q.association_type || undefined,
    begin,
    end,
  };
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;

  // One pass over the partner's own customers from the last created: newest first is then the list's reverse order,
  // and only the page is kept. Creation times only run backwards when a test sets the clock back; then the matches
  // are sorted.
  const own = customersOf(world, owner.id);
  const page: Customer[] = [];
  let count = 0;
  let newer: Customer | undefined;
  for (let i = own.length - 1; i >= 0; i--) {
    const c = own[i]!;
    if (!matches(filter, c)) continue;
    if (newer !== undefined && c.createdAt > newer.createdAt)
      return ok(
        sortedPage(
          own.filter((x) => matches(filter, x)),
          offset,
          limit,
        ),
      );
    newer = c;
    if (count >= offset && count < offset + limit) page.push(c);
    count++;
  }
  return ok({ count, customer_infos: page.map(listedInfo) });
}

/** ListSubCustomers filters, normalised (`""` and null: no filter; names lower-cased). */
interface ListFilter {
  now: number;
  customerId: string | undefined;
  name: string | undefined;
  realName: string | undefined;
  label: string | undefined;
  associationType: string | undefined;
  begin: number | undefined;
  end: number | undefined;
}

function matches(f: ListFilter, c: Customer): boolean {
  if (c.associatedAt > f.now) return false;
  if (f.customerId !== undefined && c.id !== f.customerId) return false;
  if (f.name !== undefined && !lower(c.accountName).includes(f.name)) return false;
  if (f.realName !== undefined && !(c.realName !== undefined && lower(c.realName).includes(f.realName))) return false;
  if (f.label !== undefined && !c.label?.includes(f.label)) return false;
  if (f.associationType !== undefined && c.associationType !== f.associationType) return false;
  if (f.begin !== undefined || f.end !== undefined) {
    // The service compares at second precision, as it formats the times.
    const at = Math.floor(c.associatedAt / 1000) * 1000;
    if ((f.begin !== undefined && at < f.begin) || (f.end !== undefined && at > f.end)) return false;
  }
  return true;
}

/** One page of customers newest first (creation time, then creation order) when creation times are out of order. */
function sortedPage(matches: Customer[], offset: number, limit: number): S['ListSubCustomersResponse'] {
  matches.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  return { count: matches.length, customer_infos: matches.slice(offset, offset + limit).map(listedInfo) };
}

/**
 * The fields of a customer its listing entry shows. customers.test.ts checks that customerInfo reads exactly these and
 * that a change to any of them is listed (`unchanged` compares them).
 */
export const LISTED_FIELDS = [
  'accountName',
  'id',
  'realName',
  'associatedAt',
  'associationType',
  'label',
  'mobile',
  'countryCode',
  'verifiedStatus',
  'customerType',
  'isFrozen',
  'xaccountId',
  'xaccountType',
  'customerLevel',
  'email',
] as const satisfies readonly (keyof Customer)[];

/** A listing entry and the customer it was built from (a copy of the fields it shows). */
interface Listed {
  info: S['CustomerInformation'];
  from: Pick<Customer, (typeof LISTED_FIELDS)[number]>;
}

/** Entries kept per generation; two generations at most, so the cache stays small however many customers exist. */
const LISTED_GENERATION = 1_000;
let listedNow = new Map<Customer, Listed>();
let listedBefore = new Map<Customer, Listed>();

/**
 * A customer's listing entry, frozen and reused while the fields it shows are unchanged: lists answer the same
 * customers call after call, and a frozen entry's JSON text is kept by http/respond.ts, so an unchanged customer is
 * neither rebuilt nor serialised again. Any change to a listed field (in any domain) builds a new entry.
 */
export function listedInfo(c: Customer): S['CustomerInformation'] {
  let kept = listedNow.get(c);
  if (kept === undefined) {
    kept = listedBefore.get(c);
    if (kept !== undefined) remember(c, kept);
  }
  if (kept !== undefined && unchanged(c, kept.from)) return kept.info;
  const entry: Listed = { info: customerInfo(c), from: { ...c } };
  Object.freeze(entry.info.account_managers);
  Object.freeze(entry.info);
  remember(c, entry);
  return entry.info;
}

function remember(c: Customer, entry: Listed): void {
  if (listedNow.size >= LISTED_GENERATION) {
    listedBefore = listedNow;
    listedNow = new Map();
  }
  listedNow.set(c, entry);
}

/** Whether every field in LISTED_FIELDS is as it was (spelled out: a loop over the names reads them slowly). */
function unchanged(c: Customer, from: Listed['from']): boolean {
  return (
    c.accountName === from.accountName &&
    c.id === from.id &&
    c.realName === from.realName &&
    c.associatedAt === from.associatedAt &&
    c.associationType === from.associationType &&
    c.label === from.label &&
    c.mobile === from.mobile &&
    c.countryCode === from.countryCode &&
    c.verifiedStatus === from.verifiedStatus &&
    c.customerType === from.customerType &&
    c.isFrozen === from.isFrozen &&
    c.xaccountId === from.xaccountId &&
    c.xaccountType === from.xaccountType &&
    c.customerLevel === from.customerLevel &&
    c.email === from.email
  );
}

/** A customer as ListSubCustomers shows it. */
export function customerInfo(c: Customer): S['CustomerInformation'] {
  // Optional fields added in the documented order (not spread in: a spread copies a temporary object per field).
  const info: Record<string, unknown> = { account_name: c.accountName, customer_id: c.id };
  if (c.realName) info.customer = c.realName;
  info.associated_on = utcSeconds(c.associatedAt);
  info.association_type = c.associationType;
  if (c.label) info.label = c.label;
  if (c.mobile) {
    info.telephone = c.mobile;
    info.country_code = c.countryCode!;
  }
  info.verified_status = c.verifiedStatus;
  info.customer_type = c.customerType;
  info.is_frozen = c.isFrozen;
  info.account_managers = [];
  info.xaccount_id = c.xaccountId;
  info.xaccount_type = c.xaccountType;
  info.customer_level = c.customerLevel;
  if (c.email) info.email = c.email;
  return info as S['CustomerInformation'];
}
