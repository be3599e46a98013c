/**
 * Real-name authentication applied for by the partner on behalf of its customers (reference §2.G). Document and
 * enterprise applications go to manual review, which Huawei staff do (the control surface decides them); a China
 * bank-card application is checked at once against the SMS code sent with scene 18. The customer's
 * `verified_status`, real-name name (`customer`) and `customer_type` in ListSubCustomers follow:
 *   -1 not verified → 0 under review → 2 verified (name and type set) or 1 rejected (may apply again).
 * An individual → enterprise change keeps the customer verified as an individual while it is reviewed.
 */
import type { CnComponents } from '@partner-center/sdk';
import { utcSeconds } from '../../kernel/clock.js';
import { checkCode } from '../codes/index.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import type { VerificationCode } from '../codes/index.js';
import { type Customer, isSubCustomerOf, type Parties, type Partner } from '../../kernel/parties.js';
import type { CodesSlice } from '../codes/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface RealnameSlice {
  /** Real-name applications. */
  realname: RealnameState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type RealnameWorld = Parties & RealnameSlice & CodesSlice;

type S = CnComponents['schemas'];

export type ApplicationKind = 'individual' | 'enterprise' | 'change';

export interface RealnameApplication {
  seq: number;
  customerId: string;
  kind: ApplicationKind;
  method: 'document' | 'bank_card' | 'organisation';
  /** The person's or the organisation's name. */
  name: string;
  verifiedNumber: string;
  verifiedType?: number;
  certificateType?: number;
  files: string[];
  regCountry?: string;
  regAddress?: string;
  legalPerson?: { name: string; idNumber: string; role?: string };
  submittedAt: number;
  state: 'reviewing' | 'rejected' | 'approved';
  opinion?: string;
  decidedAt?: number;
}

export interface RealnameState {
  applications: RealnameApplication[];
}

export const createRealnameState = (): RealnameState => ({ applications: [] });

const BANK_CARD_SCENE = 18;
/** The supported attachment formats; the mock judges a file by its extension, as it cannot read the bucket. */
const FILE_FORMAT = /\.(jpe?g|bmp|png|gif|pdf)$/i;

type PersonalInput = S['CreatePersonalRealnameAuthRequest'];
type EnterpriseInput = S['CreateEnterpriseRealnameAuthenticationRequest'];
type ChangeInput = S['ChangeEnterpriseRealnameAuthenticationRequest'];

const pending = (world: RealnameWorld, customerId: string) =>
  world.realname.applications.find((a) => a.customerId === customerId && a.state === 'reviewing');

/** The checks every application shares: own customer, matching platform id, supported attachments. */
function applicant(
  world: RealnameWorld,
  caller: Partner,
  input: { customer_id: string; xaccount_type: string; verified_file_url: string[] },
): Result<Customer> {
  const c = world.customers.get(input.customer_id);
  if (!isSubCustomerOf(world, c, caller))
    return fail('CBC.99000035', `Customer ${input.customer_id} is not a sub-customer of this partner.`);
  if (input.xaccount_type !== c.xaccountType) {
    return fail(
      'CBC.0100',
      `xaccount_type ${input.xaccount_type} is not the platform id customer ${c.id} was created with.`,
    );
  }
  const bad = input.verified_file_url.find((f) => !FILE_FORMAT.test(f));
  if (bad !== undefined)
    return fail('CBC.99000100', `Attachment ${bad} is not a jpg, jpeg, bmp, png, gif or pdf file.`);
  return ok(c);
}

function alreadyVerifiedOrReviewing(world: RealnameWorld, c: Customer): Result<never> | undefined {
  if (c.verifiedStatus === '2') return fail('CBC.99007188', `Customer ${c.id} is already real-name verified.`);
  if (c.verifiedStatus === '0' || pending(world, c.id))
    return fail('CBC.99007188', `A real-name application of customer ${c.id} is under review.`);
  return undefined;
}

/** The SMS code of a bank-card application: sent with scene 18 to the card's mobile, unused, unexpired. */
function bankCardCode(world: RealnameWorld, mobile: string, given: string): Result<VerificationCode> {
  const verdict = checkCode(world, mobile, BANK_CARD_SCENE, given);
  if (verdict.ok) return ok(verdict.code);
  switch (verdict.reason) {
    case 'expired':
      return fail('CBC.99000027', `The verification code expired at ${utcSeconds(verdict.expiresAt)}.`);
    case 'wrong':
      // As at registration, a wrong code counts a try, and the last allowed try burns it.
      return fail('CBC.99007202', 'Verification failed: the verification code is incorrect.');
    default:
      return fail('CBC.99007202', `Verification failed: no unused bank-card code was sent to ${mobile}.`);
  }
}

function submit(
  world: RealnameWorld,
  app: Omit<RealnameApplication, 'seq' | 'submittedAt' | 'state'>,
): RealnameApplication {
  const full: RealnameApplication = { ...app, seq: ++world.seq, submittedAt: world.clock.now(), state: 'reviewing' };
  world.realname.applications.push(full);
  return full;
}

/** CreatePersonalRealnameAuth: a document application (manual review) or a bank-card one (decided at once). */
export function applyIndividual(
  world: RealnameWorld,
  caller: Partner,
  input: PersonalInput,
): Result<S['RealnameAuthResponse']> {
  const found = applicant(world, caller, input);
  if (!found.ok) return found;
  const c = found.value;
  const refused = alreadyVerifiedOrReviewing(world, c);
  if (refused) return refused;

  if (input.identify_type === 4) {
    const verdict = bankCardCode(world, input.bank_card_info.mobile, input.bank_card_info.verification_code);
    if (!verdict.ok) return verdict;
    verdict.value.state = 'used';
    const app = submit(world, {
      customerId: c.id,
      kind: 'individual',
      method: 'bank_card',
      name: input.name,
      verifiedNumber: input.verified_number,
      files: [...input.verified_file_url],
    });
    decide(world, app, 'approved');
    return ok({ is_review: 0 });
  }
  submit(world, {
    customerId: c.id,
    kind: 'individual',
    method: 'document',
    name: input.name,
    verifiedNumber: input.verified_number,
    verifiedType: input.verified_type,
    files: [...input.verified_file_url],
  });
  c.verifiedStatus = '0';
  return ok({ is_review: 1 });
}

function organisation(
  c: Customer,
  kind: ApplicationKind,
  input: EnterpriseInput | ChangeInput,
): Omit<RealnameApplication, 'seq' | 'submittedAt' | 'state'> {
  return {
    customerId: c.id,
    kind,
    method: 'organisation',
    name: input.corp_name,
    verifiedNumber: input.verified_number,
    ...(input.certificate_type != null ? { certificateType: input.certificate_type } : {}),
    files: [...input.verified_file_url],
    ...(input.reg_country != null ? { regCountry: input.reg_country } : {}),
    ...(input.reg_address != null ? { regAddress: input.reg_address } : {}),
    ...(input.enterprise_person
      ? {
          legalPerson: {
            name: input.enterprise_person.legel_name,
            idNumber: input.enterprise_person.legel_id_number,
            ...(input.enterprise_person.certifier_role ? { role: input.enterprise_person.certifier_role } : {}),
          },
        }
      : {}),
  };
}

/** CreateEnterpriseRealnameAuthentication: an enterprise application, to manual review. */
export function applyEnterprise(
  world: RealnameWorld,
  caller: Partner,
  input: EnterpriseInput,
): Result<S['RealnameAuthResponse']> {
  const found = applicant(world, caller, input);
  if (!found.ok) return found;
  const c = found.value;
  const refused = alreadyVerifiedOrReviewing(world, c);
  if (refused) return refused;
  submit(world, organisation(c, 'enterprise', input));
  c.verifiedStatus = '0';
  return ok({ is_review: 1 });
}

/** ChangeEnterpriseRealnameAuthentication: an individual → enterprise change, to manual review. */
export function changeToEnterprise(
  world: RealnameWorld,
  caller: Partner,
  input: ChangeInput,
): Result<S['RealnameAuthResponse']> {
  const found = applicant(world, caller, input);
  if (!found.ok) return found;
  const c = found.value;
  if (c.verifiedStatus === '0' || pending(world, c.id))
    return fail('CBC.99007188', `A real-name application of customer ${c.id} is under review.`);
  if (c.verifiedStatus !== '2' || c.customerType !== 0) {
    return fail(
      'CBC.0100',
      `Customer ${c.id} is not verified as an individual; only such a verification can be changed into an enterprise one.`,
    );
  }
  submit(world, organisation(c, 'change', input));
  return ok({ is_review: 1 });
}

/** Applies a decision to an application and its customer. */
function decide(
  world: RealnameWorld,
  app: RealnameApplication,
  result: 'approved' | 'rejected',
  opinion?: string,
): void {
  const c = world.customers.get(app.customerId);
  app.state = result;
  app.decidedAt = world.clock.now();
  if (result === 'rejected' && opinion) app.opinion = opinion;
  if (!c) return;
  if (result === 'approved') {
    c.verifiedStatus = '2';
    c.customerType = app.kind === 'individual' ? 0 : 1;
    c.realName = app.name;
  } else if (app.kind !== 'change') {
    c.verifiedStatus = '1';
  }
}

/** Control surface: Huawei's reviewer approves or rejects the customer's pending application. */
export function reviewApplication(
  world: RealnameWorld,
  customerId: string,
  result: 'approved' | 'rejected',
  opinion?: string,
): Result<{ application: RealnameApplication; customer: Customer }> {
  const c = world.customers.get(customerId);
  if (!c) return fail('CBC.0100', `Customer ${customerId} does not exist.`);
  const app = pending(world, customerId);
  if (!app) return fail('CBC.0100', `Customer ${customerId} has no real-name application under review.`);
  decide(world, app, result, opinion);
  return ok({ application: app, customer: c });
}

/** ShowRealnameAuthenticationReviewResult: the state of the customer's latest application. */
export function showReviewResult(
  world: RealnameWorld,
  caller: Partner,
  customerId: string,
): Result<S['ShowRealnameAuthenticationReviewResultResponse']> {
  const c = world.customers.get(customerId);
  if (!c || c.partnerId !== caller.id) return fail('CBC.5002', `The partner's customer ${customerId} does not exist.`);
  const latest = world.realname.applications.findLast((a) => a.customerId === customerId);
  if (!latest) return ok({});
  const review_result = latest.state === 'reviewing' ? 0 : latest.state === 'rejected' ? 1 : 2;
  return ok({ review_result, ...(latest.state === 'rejected' && latest.opinion ? { opinion: latest.opinion } : {}) });
}

/** Invariants: one pending application at most per customer, and `verified_status` "0" exactly while one is pending. */
export function realnameInvariants(world: RealnameWorld): string[] {
  const out: string[] = [];
  const reviewing = new Map<string, RealnameApplication[]>();
  for (const a of world.realname.applications) {
    if (!world.customers.has(a.customerId))
      out.push(`real-name application ${a.seq} of unknown customer ${a.customerId}`);
    if (a.state === 'reviewing') reviewing.set(a.customerId, [...(reviewing.get(a.customerId) ?? []), a]);
    if (a.state !== 'reviewing' && a.decidedAt === undefined)
      out.push(`real-name application ${a.seq} was decided without a time`);
  }
  for (const [id, apps] of reviewing)
    if (apps.length > 1) out.push(`customer ${id} has ${apps.length} applications under review`);
  for (const c of world.customers.values()) {
    const app = reviewing.get(c.id)?.[0];
    const underReview = app !== undefined && app.kind !== 'change';
    if (underReview !== (c.verifiedStatus === '0'))
      out.push(
        `customer ${c.id} shows verified_status ${c.verifiedStatus} with${underReview ? '' : 'out'} an application under review`,
      );
    if (app?.kind === 'change' && (c.verifiedStatus !== '2' || c.customerType !== 0))
      out.push(`customer ${c.id} has a pending enterprise change but is not a verified individual`);
    if (c.verifiedStatus === '2' && !c.realName) out.push(`customer ${c.id} is verified without a real-name name`);
  }
  return out;
}
