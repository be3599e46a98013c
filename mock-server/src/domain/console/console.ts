/**
 * Console-only capabilities (reference §3; seed capabilities marked "console"): what a partner does in the Partner
 * Center web console and what Huawei configures for it, driven through the mock's control surface. Their effects show
 * through the real operations:
 *
 * - the verification-code gate: when a partner turns it on, its sensitive console actions need a code sent to its
 *   operator's mobile (ListSentCodes, scene 0). The real API operations are never gated;
 * - the partner profile: contracting entity (which recharge methods are offered), government-cloud and lead-masking
 *   programme flags;
 * - batch allocation (each customer as UpdateCustomerAccountAmount would, on its own) and batch coupon reclaim (each
 *   coupon as ReclaimPartnerCoupons would);
 * - recharge by online payment or offline remittance (a `RECHARGE` ledger row once the money is in), incentive rebate
 *   withdrawal to a bank account or into the cash account;
 * - pickup coupons (提货券) of government-cloud partners, with their own quotas, and the full-withdrawal rule: a
 *   customer's full withdrawal returns its cash and pickup coupons' remaining balance to the issuable quotas;
 * - freeze / unfreeze on the China site, mirroring the international FreezeSubCustomers shape.
 *
 * Every command checks everything first and mutates last; the verification code is checked last among the checks,
 * since a wrong code counts a try (as registration codes do). Reads never change the state: time-dependent states
 * (an expired pickup coupon) are derived when read and written down by the next command.
 */
import type { components as ControlComponents } from '../../generated/control/schema.js';
import { DAY, HOUR, MINUTE, utcSeconds, YEAR } from '../../kernel/clock.js';
import { checkCode, codeRefusal, issueCode } from '../codes/index.js';
import { expire as settleCoupons, reclaimCoupon } from '../coupons/index.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { freezeCustomer, unfreezeCustomer, type FreezeType } from '../freeze/index.js';
import { allocateToCustomer, peekAccounts, rechargePartnerCash } from '../funds/index.js';
import { addCents, formatYuan, parseAmount, positiveAmount, toYuanNumber, type Cents } from '../../kernel/money.js';
import { actingPartner, isSubCustomerOf, type Partner, type Parties } from '../../kernel/parties.js';
import type { VerificationCode } from '../codes/index.js';
import type { CodesSlice } from '../codes/index.js';
import type { CouponsSlice } from '../coupons/index.js';
import type { FreezeSlice } from '../freeze/index.js';
import type { FundsSlice } from '../funds/index.js';
import type { QuotasSlice } from '../quotas/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface ConsoleSlice {
  /** Console-only settings, recharges, rebates and pickup coupons. */
  console: ConsoleState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type ConsoleWorld = Parties & ConsoleSlice & CodesSlice & CouponsSlice & FreezeSlice & FundsSlice & QuotasSlice;

type C = ControlComponents['schemas'];

export type ContractingEntity = C['ContractingEntity'];
export type RechargeMethod = 'online' | 'offline';

/** What Huawei configured for a partner; absent fields take their defaults (see {@link profileOf}). */
export interface PartnerProfileData {
  contractingEntity?: ContractingEntity;
  governmentCloud?: boolean;
  maskLeadContacts?: boolean;
}

/** The verification-code confirmation of a partner's console. */
export interface GateSetting {
  enabled: boolean;
  /** The operator mobile the codes go to. */
  mobile: string;
}

export interface RechargeEntry {
  id: string;
  partnerId: string;
  method: RechargeMethod;
  amount: Cents;
  status: 'pending' | 'completed';
  entity: ContractingEntity;
  channel?: string;
  remitter?: string;
  createdAt: number;
  completedAt?: number;
  seq: number;
}

export interface RebateWithdrawalEntry {
  id: string;
  partnerId: string;
  amount: Cents;
  destination: 'bank' | 'account';
  bankName?: string;
  bankAccountName?: string;
  bankAccount?: string;
  createdAt: number;
  seq: number;
}

export interface PickupQuota {
  id: string;
  partnerId: string;
  value: Cents;
  balance: Cents;
  effectiveAt: number;
  expiresAt: number;
  createdAt: number;
  seq: number;
}

export type PickupCloseReason = NonNullable<C['PickupCoupon']['close_reason']>;

export interface PickupCoupon {
  id: string;
  partnerId: string;
  customerId: string;
  quotaId: string;
  face: Cents;
  balance: Cents;
  /** Spent by the customer's orders. */
  consumed: Cents;
  /** Given back to the quota (reclaim, full withdrawal, disassociation, type switch). */
  returned: Cents;
  /** 2 available, 3 used up, 4 expired, 5 reclaimed (returned to the quota). */
  status: 2 | 3 | 4 | 5;
  effectiveAt: number;
  expiresAt: number;
  createdAt: number;
  closedAt?: number;
  closeReason?: PickupCloseReason;
  seq: number;
}

/** The console slice of the world. */
export interface ConsoleState {
  profiles: Map<string, PartnerProfileData>;
  gates: Map<string, GateSetting>;
  recharges: RechargeEntry[];
  /** Withdrawable incentive rebate per partner. */
  rebates: Map<string, Cents>;
  withdrawals: RebateWithdrawalEntry[];
  pickupQuotas: Map<string, PickupQuota>;
  pickupCoupons: Map<string, PickupCoupon>;
  seq: number;
}

export function createConsoleState(): ConsoleState {
  return {
    profiles: new Map(),
    gates: new Map(),
    recharges: [],
    rebates: new Map(),
    withdrawals: [],
    pickupQuotas: new Map(),
    pickupCoupons: new Map(),
    seq: 0,
  };
}

/** The scene of console confirmation codes in ListSentCodes (registration is 29, bank-card real-name 18). */
export const CONSOLE_CODE_SCENE = 0;
const CODE_VALIDITY_MS = 10 * MINUTE;

/** The control operations that need a verification code while the partner's confirmation is on (seed row 21). */
export const GATED_ACTIONS = [
  'BatchAllocate',
  'BatchReclaimCoupons',
  'IssuePickupCoupons',
  'ReclaimPickupCoupons',
  'RequestAssociationTypeSwitch',
  'RequestDisassociation',
  'DecideAssociationAsPartner',
  'WithdrawRebate',
] as const;

/** Recharge methods offered per contracting entity. */
export const RECHARGE_METHODS: Record<ContractingEntity, RechargeMethod[]> = {
  HUAWEI_CLOUD_COMPUTING: ['online', 'offline'],
  HUAWEI_SOFTWARE: ['offline'],
  HUAWEI_CLOUD_HK: [],
};

const nextSeq = (world: ConsoleWorld) => ++world.console.seq;

// ---- partners, profiles -------------------------------------------------------------------------------------------

/** The partner logged in to the console. */
export function consolePartner(world: ConsoleWorld, partnerId: string): Result<Partner> {
  const p = world.partners.get(partnerId);
  return p ? ok(p) : fail('CBC.0100', `Invalid parameter: unknown partner ${partnerId}.`);
}

/** The partner the console acts for: the caller, or (distributors) one of its tier-2 resellers. */
export function consoleOwner(
  world: ConsoleWorld,
  caller: Partner,
  indirectPartnerId: string | undefined,
): Result<Partner> {
  const owner = actingPartner(world, caller, indirectPartnerId);
  return owner
    ? ok(owner)
    : fail('CBC.99000037', `You have no permission to operate on tier-2 reseller ${indirectPartnerId}.`);
}

/** A partner's profile with its defaults filled in. */
export function profileOf(world: ConsoleWorld, partner: Partner): Required<PartnerProfileData> {
  const p = world.console.profiles.get(partner.id) ?? {};
  return {
    contractingEntity: p.contractingEntity ?? (partner.site === 'cn' ? 'HUAWEI_CLOUD_COMPUTING' : 'HUAWEI_CLOUD_HK'),
    governmentCloud: p.governmentCloud ?? false,
    maskLeadContacts: p.maskLeadContacts ?? false,
  };
}

function profileView(world: ConsoleWorld, partner: Partner): C['PartnerProfile'] {
  const p = profileOf(world, partner);
  return {
    partner_id: partner.id,
    contracting_entity: p.contractingEntity,
    government_cloud: p.governmentCloud,
    mask_lead_contacts: p.maskLeadContacts,
    recharge_methods: [...RECHARGE_METHODS[p.contractingEntity]],
    verification_enabled: gateOf(world, partner.id).enabled,
    rebate_withdrawable: toYuanNumber(world.console.rebates.get(partner.id) ?? 0),
  };
}

/** ShowPartnerProfile. */
export function showProfile(world: ConsoleWorld, q: { partner_id: string }): Result<C['PartnerProfile']> {
  const p = consolePartner(world, q.partner_id);
  return p.ok ? ok(profileView(world, p.value)) : p;
}

/** SetPartnerProfile: fields left out keep their value. */
export function setProfile(world: ConsoleWorld, input: C['SetPartnerProfileRequest']): Result<C['PartnerProfile']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const current = world.console.profiles.get(p.value.id) ?? {};
  world.console.profiles.set(p.value.id, {
    ...current,
    ...(input.contracting_entity !== undefined ? { contractingEntity: input.contracting_entity } : {}),
    ...(input.government_cloud !== undefined ? { governmentCloud: input.government_cloud } : {}),
    ...(input.mask_lead_contacts !== undefined ? { maskLeadContacts: input.mask_lead_contacts } : {}),
  });
  return ok(profileView(world, p.value));
}

// ---- the verification-code gate -----------------------------------------------------------------------------------

/** A stable operator mobile for a partner that did not name one: `139` and 8 digits from its id. */
function defaultMobile(partnerId: string): string {
  const hex = partnerId.replace(/[^0-9a-f]/gi, '').slice(0, 8) || '0';
  return `139${String(parseInt(hex, 16) % 100_000_000).padStart(8, '0')}`;
}

export function gateOf(world: ConsoleWorld, partnerId: string): GateSetting {
  return world.console.gates.get(partnerId) ?? { enabled: false, mobile: defaultMobile(partnerId) };
}

function gateView(world: ConsoleWorld, partnerId: string): C['ConsoleVerification'] {
  const g = gateOf(world, partnerId);
  return { partner_id: partnerId, enabled: g.enabled, mobile_phone: g.mobile, gated_actions: [...GATED_ACTIONS] };
}

/** SetConsoleVerification. */
export function setVerification(
  world: ConsoleWorld,
  input: C['SetConsoleVerificationRequest'],
): Result<C['ConsoleVerification']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const current = gateOf(world, p.value.id);
  world.console.gates.set(p.value.id, { enabled: input.enabled, mobile: input.mobile_phone ?? current.mobile });
  return ok(gateView(world, p.value.id));
}

/** SendConsoleVerificationCode: a code to the partner's operator mobile, within the mobile's send caps. */
export function sendConsoleCode(
  world: ConsoleWorld,
  input: C['SendConsoleVerificationCodeRequest'],
): Result<C['ConsoleCodeSent']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const receiver = gateOf(world, p.value.id).mobile;
  const sent = issueCode(world, receiver, CONSOLE_CODE_SCENE, CODE_VALIDITY_MS);
  if (!sent.ok) return sent;
  const expiresAt = sent.value.expiresAt;
  return ok({ receiver, expires_at: new Date(expiresAt).toISOString() });
}

/** A passed gate: the code to consume when the action goes ahead (none when the gate is off). */
export interface GatePass {
  code?: VerificationCode;
}

/**
 * Checks a console action against the partner's gate. Call it last among the checks: a wrong code counts a try (the
 * last allowed one burns the code), the one change a refused action makes. Consume the pass with {@link passGate}.
 */
export function checkGate(world: ConsoleWorld, partner: Partner, given: string | undefined): Result<GatePass> {
  const gate = gateOf(world, partner.id);
  if (!gate.enabled) return ok({});
  if (given === undefined) {
    return fail(
      'CONSOLE.VERIFICATION_REQUIRED',
      `Partner ${partner.id} confirms sensitive console actions with a verification code: send one (SendConsoleVerificationCode) and pass it as verification_code.`,
    );
  }
  const verdict = checkCode(world, gate.mobile, CONSOLE_CODE_SCENE, given);
  return verdict.ok ? ok({ code: verdict.code }) : codeRefusal(world, verdict, 'the operator mobile');
}

/** Consumes the code of a passed gate: one code confirms one action. */
export function passGate(pass: GatePass): void {
  if (pass.code) pass.code.state = 'used';
}

// ---- batch allocation and batch coupon reclaim ------------------------------------------------------------------

/** BatchAllocate: each allocation as UpdateCustomerAccountAmount would, each on its own. */
export function batchAllocate(world: ConsoleWorld, input: C['BatchAllocateRequest']): Result<C['BatchAllocateResult']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  if (caller.value.site !== 'cn')
    return fail('CONSOLE.SITE_NOT_SUPPORTED', 'Allocation exists on the China site only.');
  const owner = consoleOwner(world, caller.value, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const pass = checkGate(world, caller.value, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const results = input.allocations.map((a): C['BatchAllocateResult']['results'][number] => {
    const amount = toYuanNumber(parseAmount(a.amount)!);
    const r = allocateToCustomer(world, caller.value, {
      customer_id: a.customer_id,
      amount: a.amount,
      ...(input.indirect_partner_id !== undefined ? { indirect_partner_id: input.indirect_partner_id } : {}),
    });
    return r.ok
      ? { customer_id: a.customer_id, amount, transfer_id: r.value.transfer_id }
      : { customer_id: a.customer_id, amount, error_code: r.error.code, error_msg: r.error.message };
  });
  const failures = results.filter((r) => r.error_code !== undefined).length;
  return ok({ success_count: results.length - failures, failure_count: failures, results });
}

/** BatchReclaimCoupons: each coupon as ReclaimPartnerCoupons would (whole balance, record type 2), each on its own. */
export function batchReclaimCoupons(
  world: ConsoleWorld,
  input: C['BatchReclaimCouponsRequest'],
): Result<C['CouponReclaimResult']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const owner = consoleOwner(world, caller.value, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const pass = checkGate(world, caller.value, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  const results = input.coupon_ids.map((id): C['CouponReclaimResult']['results'][number] => {
    const r = reclaimCoupon(world, caller.value, {
      coupon_id: id,
      ...(input.indirect_partner_id !== undefined ? { indirect_partner_id: input.indirect_partner_id } : {}),
    });
    if (!r.ok) return { coupon_id: id, error_code: r.error.code, error_msg: r.error.message };
    const rec = world.benefits.couponRecords.findLast((x) => x.couponId === id);
    return { coupon_id: id, reclaimed_amount: toYuanNumber(rec?.amount ?? 0) };
  });
  const failures = results.filter((r) => r.error_code !== undefined).length;
  return ok({ success_count: results.length - failures, failure_count: failures, results });
}

// ---- recharge and rebates -----------------------------------------------------------------------------------------

/** The largest cash balance the control surface can express (yuan 2147483647). */
const MAX_CASH: Cents = 2_147_483_647_00;

function rechargeView(r: RechargeEntry): C['Recharge'] {
  return {
    recharge_id: r.id,
    partner_id: r.partnerId,
    method: r.method,
    amount: toYuanNumber(r.amount),
    status: r.status,
    contracting_entity: r.entity,
    ...(r.channel ? { payment_channel: r.channel } : {}),
    ...(r.remitter ? { remitter_account: r.remitter } : {}),
    created_at: utcSeconds(r.createdAt),
    ...(r.completedAt !== undefined ? { completed_at: utcSeconds(r.completedAt) } : {}),
  };
}

/** RechargePartnerAccount: online payment credits at once, offline remittance waits for ConfirmRemittance. */
export function recharge(world: ConsoleWorld, input: C['RechargeRequest']): Result<C['Recharge']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const entity = profileOf(world, caller.value).contractingEntity;
  if (!RECHARGE_METHODS[entity].includes(input.method)) {
    const offered = RECHARGE_METHODS[entity];
    return fail(
      'CONSOLE.RECHARGE_NOT_OFFERED',
      `Recharge by ${input.method} ${input.method === 'online' ? 'payment' : 'remittance'} is not offered for contracting entity ${entity} (offered: ${offered.length ? offered.join(', ') : 'none'}).`,
    );
  }
  if (input.method === 'offline' && input.payment_channel !== undefined)
    return fail('CBC.0100', 'Invalid parameter: payment_channel is for online payments only.');
  if (input.method === 'online' && input.remitter_account !== undefined)
    return fail('CBC.0100', 'Invalid parameter: remitter_account is for offline remittances only.');
  const amount = positiveAmount(input.amount, 'amount');
  if (!amount.ok) return amount;
  if (peekAccounts(world, caller.value.id).cash + amount.value > MAX_CASH)
    return fail('CBC.0100', 'Invalid parameter: the cash balance would exceed 2147483647.');

  const now = world.clock.now();
  const entry: RechargeEntry = {
    id: `RC${utcSeconds(now).replace(/\D/g, '').slice(0, 8)}${world.random.digits(10)}`,
    partnerId: caller.value.id,
    method: input.method,
    amount: amount.value,
    status: input.method === 'online' ? 'completed' : 'pending',
    entity,
    ...(input.method === 'online' ? { channel: input.payment_channel ?? 'online_banking' } : {}),
    ...(input.remitter_account !== undefined ? { remitter: input.remitter_account } : {}),
    createdAt: now,
    ...(input.method === 'online' ? { completedAt: now } : {}),
    seq: nextSeq(world),
  };
  if (entry.status === 'completed') rechargePartnerCash(world, entry.partnerId, entry.amount, 'online');
  world.console.recharges.push(entry);
  return ok(rechargeView(entry));
}

/** ConfirmRemittance: Huawei finance received the money; the recharge completes and the cash is credited. */
export function confirmRemittance(world: ConsoleWorld, input: C['ConfirmRemittanceRequest']): Result<C['Recharge']> {
  const entry = world.console.recharges.find((r) => r.id === input.recharge_id);
  if (entry?.status !== 'pending')
    return fail('CONSOLE.RECHARGE_NOT_PENDING', `No pending offline remittance ${input.recharge_id}.`);
  if (peekAccounts(world, entry.partnerId).cash + entry.amount > MAX_CASH)
    return fail('CBC.0100', 'Invalid parameter: the cash balance would exceed 2147483647.');
  rechargePartnerCash(world, entry.partnerId, entry.amount, 'remittance');
  entry.status = 'completed';
  entry.completedAt = world.clock.now();
  return ok(rechargeView(entry));
}

/** ListRecharges: newest first. */
export function listRecharges(world: ConsoleWorld, q: { partner_id: string }): Result<C['Recharges']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const mine = world.console.recharges
    .filter((r) => r.partnerId === p.value.id)
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  return ok({ recharges: mine.map(rechargeView) });
}

const maskAccount = (account: string) => `****${account.slice(-4)}`;

function withdrawalView(w: RebateWithdrawalEntry): C['RebateWithdrawal'] {
  return {
    withdrawal_id: w.id,
    partner_id: w.partnerId,
    amount: toYuanNumber(w.amount),
    destination: w.destination,
    ...(w.bankName !== undefined ? { bank_name: w.bankName } : {}),
    ...(w.bankAccountName !== undefined ? { bank_account_name: w.bankAccountName } : {}),
    ...(w.bankAccount !== undefined ? { bank_account: maskAccount(w.bankAccount) } : {}),
    status: 'completed',
    created_at: utcSeconds(w.createdAt),
  };
}

function rebateView(world: ConsoleWorld, partnerId: string): C['RebateAccount'] {
  const mine = world.console.withdrawals
    .filter((w) => w.partnerId === partnerId)
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  return {
    partner_id: partnerId,
    withdrawable_amount: toYuanNumber(world.console.rebates.get(partnerId) ?? 0),
    withdrawals: mine.map(withdrawalView),
  };
}

/** ShowRebateAccount. */
export function showRebates(world: ConsoleWorld, q: { partner_id: string }): Result<C['RebateAccount']> {
  const p = consolePartner(world, q.partner_id);
  return p.ok ? ok(rebateView(world, p.value.id)) : p;
}

/** SetRebateBalance: what Huawei grants as withdrawable incentive rebate. */
export function setRebate(world: ConsoleWorld, input: C['SetRebateBalanceRequest']): Result<C['RebateAccount']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  const cents = parseAmount(input.withdrawable_amount);
  if (cents === undefined)
    return fail(
      'CBC.0100',
      `Invalid parameter: withdrawable_amount ${JSON.stringify(input.withdrawable_amount)} is not an amount.`,
    );
  world.console.rebates.set(p.value.id, cents);
  return ok(rebateView(world, p.value.id));
}

/** WithdrawRebate: at most the withdrawable rebate, to a bank account or into the cash account (a recharge). */
export function withdrawRebate(world: ConsoleWorld, input: C['WithdrawRebateRequest']): Result<C['RebateWithdrawal']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const destination = input.destination ?? 'bank';
  const amount = positiveAmount(input.amount, 'amount');
  if (!amount.ok) return amount;
  const available = world.console.rebates.get(caller.value.id) ?? 0;
  if (amount.value > available) {
    return fail(
      'CONSOLE.REBATE_INSUFFICIENT',
      `The amount ${formatYuan(amount.value)} exceeds the withdrawable incentive rebate ${formatYuan(available)}.`,
    );
  }
  if (destination === 'account') {
    if (caller.value.site !== 'cn')
      return fail(
        'CONSOLE.SITE_NOT_SUPPORTED',
        'Withdrawing rebate into the cash account exists on the China site only.',
      );
    if (peekAccounts(world, caller.value.id).cash + amount.value > MAX_CASH)
      return fail('CBC.0100', 'Invalid parameter: the cash balance would exceed 2147483647.');
  }
  const pass = checkGate(world, caller.value, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  world.console.rebates.set(caller.value.id, available - amount.value);
  if (destination === 'account') rechargePartnerCash(world, caller.value.id, amount.value, 'rebate');
  const entry: RebateWithdrawalEntry = {
    id: `RW${world.random.digits(16)}`,
    partnerId: caller.value.id,
    amount: amount.value,
    destination,
    ...(destination === 'bank'
      ? { bankName: input.bank_name!, bankAccountName: input.bank_account_name!, bankAccount: input.bank_account! }
      : {}),
    createdAt: world.clock.now(),
    seq: nextSeq(world),
  };
  world.console.withdrawals.push(entry);
  return ok(withdrawalView(entry));
}

// ---- pickup coupons -----------------------------------------------------------------------------------------------

const notGovernmentCloud = (p: Partner) =>
  fail(
    'CONSOLE.NOT_GOVERNMENT_CLOUD',
    `Partner ${p.id} is not a government-cloud partner; pickup coupons (提货券) are for government-cloud partners only.`,
  );

/** The status of a pickup coupon now: an available coupon past its expiry is expired. */
export function pickupStatus(c: PickupCoupon, now: number): PickupCoupon['status'] {
  return c.status === 2 && now >= c.expiresAt ? 4 : c.status;
}

/** Writes down the expiry of pickup coupons past their time (commands call it in their mutation phase). */
function settlePickup(world: ConsoleWorld): void {
  for (const c of world.console.pickupCoupons.values()) {
    if (c.status === 2 && world.clock.now() >= c.expiresAt) {
      c.status = 4;
      c.closedAt = c.expiresAt;
      c.closeReason = 'expired';
    }
  }
}

/** Gives a pickup coupon's remaining balance back to its quota and closes it. */
function returnPickup(world: ConsoleWorld, c: PickupCoupon, reason: PickupCloseReason): Cents {
  const quota = world.console.pickupQuotas.get(c.quotaId)!;
  const amount = c.balance;
  quota.balance = addCents(quota.balance, amount);
  c.returned = addCents(c.returned, amount);
  c.balance = 0;
  c.status = 5;
  c.closedAt = world.clock.now();
  c.closeReason = reason;
  return amount;
}

/**
 * Returns the remaining balance of all of a customer's available pickup coupons to their quotas (disassociation,
 * type switch, full withdrawal). For the mutation phase of those commands; it never refuses.
 */
export function returnCustomerPickupCoupons(
  world: ConsoleWorld,
  customerId: string,
  reason: PickupCloseReason,
): { coupon_id: string; quota_id: string; amount: Cents }[] {
  settlePickup(world);
  return [...world.console.pickupCoupons.values()]
    .filter((c) => c.customerId === customerId && c.status === 2)
    .sort((a, b) => a.seq - b.seq)
    .map((c) => ({ coupon_id: c.id, quota_id: c.quotaId, amount: returnPickup(world, c, reason) }));
}

function pickupQuotaView(q: PickupQuota, now: number): C['PickupQuota'] {
  return {
    quota_id: q.id,
    partner_id: q.partnerId,
    quota_value: toYuanNumber(q.value),
    balance: toYuanNumber(q.balance),
    status: now >= q.expiresAt ? 3 : 0,
    effective_time: utcSeconds(q.effectiveAt),
    expire_time: utcSeconds(q.expiresAt),
  };
}

function pickupView(c: PickupCoupon, now: number): C['PickupCoupon'] {
  const status = pickupStatus(c, now);
  const expiredNow = status === 4 && c.status === 2;
  return {
    coupon_id: c.id,
    partner_id: c.partnerId,
    customer_id: c.customerId,
    quota_id: c.quotaId,
    face_value: toYuanNumber(c.face),
    balance: toYuanNumber(c.balance),
    status,
    effective_time: utcSeconds(c.effectiveAt),
    expire_time: utcSeconds(c.expiresAt),
    created_at: utcSeconds(c.createdAt),
    ...(expiredNow ? { closed_at: utcSeconds(c.expiresAt), close_reason: 'expired' as const } : {}),
    ...(!expiredNow && c.closedAt !== undefined ? { closed_at: utcSeconds(c.closedAt) } : {}),
    ...(!expiredNow && c.closeReason !== undefined ? { close_reason: c.closeReason } : {}),
  };
}

/** GrantPickupCouponQuota: Huawei grants a government-cloud partner a pickup-coupon quota. */
export function grantPickupQuota(world: ConsoleWorld, input: C['GrantPickupQuotaRequest']): Result<C['PickupQuota']> {
  const p = consolePartner(world, input.partner_id);
  if (!p.ok) return p;
  if (!profileOf(world, p.value).governmentCloud) return notGovernmentCloud(p.value);
  const value = positiveAmount(input.quota_value, 'quota_value');
  if (!value.ok) return value;
  const now = world.clock.now();
  const effectiveAt = input.effective_time ? Date.parse(input.effective_time) : now;
  const expiresAt = input.expire_time ? Date.parse(input.expire_time) : effectiveAt + YEAR;
  if (!(expiresAt > effectiveAt))
    return fail('CBC.0100', 'Invalid parameter: expire_time must be after effective_time.');
  let id: string;
  do id = `PQ${world.random.digits(14)}`;
  while (world.console.pickupQuotas.has(id));
  const quota: PickupQuota = {
    id,
    partnerId: p.value.id,
    value: value.value,
    balance: value.value,
    effectiveAt,
    expiresAt,
    createdAt: now,
    seq: nextSeq(world),
  };
  world.console.pickupQuotas.set(id, quota);
  return ok(pickupQuotaView(quota, now));
}

/** ListPickupCouponQuotas: the partner's quotas, newest first. */
export function listPickupQuotas(world: ConsoleWorld, q: { partner_id: string }): Result<C['PickupQuotas']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const now = world.clock.now();
  const mine = [...world.console.pickupQuotas.values()]
    .filter((x) => x.partnerId === p.value.id)
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  return ok({ quotas: mine.map((x) => pickupQuotaView(x, now)) });
}

/** IssuePickupCoupons: one coupon per customer from the quota; per-customer refusals in `error_details`. */
export function issuePickupCoupons(
  world: ConsoleWorld,
  input: C['IssuePickupCouponsRequest'],
): Result<C['IssuedPickupCoupons']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const partner = caller.value;
  if (!profileOf(world, partner).governmentCloud) return notGovernmentCloud(partner);
  const quota = world.console.pickupQuotas.get(input.quota_id);
  if (!quota || quota.partnerId !== partner.id)
    return fail('CBC.99000012', `Pickup-coupon quota ${input.quota_id} does not exist for partner ${partner.id}.`);
  const now = world.clock.now();
  if (now < quota.effectiveAt || now >= quota.expiresAt) {
    return fail(
      'CBC.99000017',
      `Pickup-coupon quota ${quota.id} is valid from ${utcSeconds(quota.effectiveAt)} to ${utcSeconds(quota.expiresAt)}.`,
    );
  }
  const face = positiveAmount(input.face_value, 'face_value');
  if (!face.ok) return face;
  const expiresAt = input.expire_time ? Date.parse(input.expire_time) : quota.expiresAt;
  if (expiresAt <= now || expiresAt > quota.expiresAt)
    return fail(
      'CBC.0100',
      `Invalid parameter: expire_time must be in the future and not after the quota's expiry ${utcSeconds(quota.expiresAt)}.`,
    );

  // Plan each customer against a running balance, then check the gate, then apply.
  let running = quota.balance;
  const plan: { customerId: string; error?: C['ConsoleError'] }[] = input.customer_ids.map((id) => {
    const c = world.customers.get(id);
    if (!isSubCustomerOf(world, c, partner))
      return {
        customerId: id,
        error: {
          id,
          error_code: 'CBC.99000035',
          error_msg: `Customer ${id} is not a sub-customer of partner ${partner.id}.`,
        },
      };
    if (c.associationType !== '2')
      return {
        customerId: id,
        error: {
          id,
          error_code: 'CBC.99000014',
          error_msg: `Customer ${id} is not a reseller-model (代售) customer; pickup coupons cannot be issued to it.`,
        },
      };
    if (running < face.value)
      return {
        customerId: id,
        error: {
          id,
          error_code: 'CBC.99000013',
          error_msg: `The quota balance ${formatYuan(running)} is less than the face value ${formatYuan(face.value)}.`,
        },
      };
    running -= face.value;
    return { customerId: id };
  });
  const pass = checkGate(world, partner, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  settlePickup(world);
  const issued: C['IssuedPickupCoupons']['coupon_infos'] = [];
  for (const item of plan) {
    if (item.error) continue;
    let id: string;
    do id = `PK${utcSeconds(now).replace(/\D/g, '').slice(2)}${world.random.hex(6).toUpperCase()}`;
    while (world.console.pickupCoupons.has(id));
    quota.balance -= face.value;
    world.console.pickupCoupons.set(id, {
      id,
      partnerId: partner.id,
      customerId: item.customerId,
      quotaId: quota.id,
      face: face.value,
      balance: face.value,
      consumed: 0,
      returned: 0,
      status: 2,
      effectiveAt: now,
      expiresAt,
      createdAt: now,
      seq: nextSeq(world),
    });
    issued.push({ id: item.customerId, coupon_id: id });
  }
  return ok({ coupon_infos: issued, error_details: plan.flatMap((p) => (p.error ? [p.error] : [])) });
}

/** ReclaimPickupCoupons: each available coupon's whole balance back to its quota; each coupon on its own. */
export function reclaimPickupCoupons(
  world: ConsoleWorld,
  input: C['ReclaimPickupCouponsRequest'],
): Result<C['CouponReclaimResult']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  const partner = caller.value;
  if (!profileOf(world, partner).governmentCloud) return notGovernmentCloud(partner);
  const now = world.clock.now();
  const verdicts = input.coupon_ids.map((id): { id: string; error?: { code: string; msg: string } } => {
    const c = world.console.pickupCoupons.get(id);
    if (!c) return { id, error: { code: 'CBC.0100', msg: `Invalid parameter: pickup coupon ${id} does not exist.` } };
    if (c.partnerId !== partner.id)
      return {
        id,
        error: { code: 'CBC.99000035', msg: `Pickup coupon ${id} was not issued by partner ${partner.id}.` },
      };
    const status = pickupStatus(c, now);
    if (status !== 2) {
      const why = { 3: 'is used up', 4: 'has expired', 5: 'has already been reclaimed' }[status];
      return {
        id,
        error: { code: 'CBC.99000048', msg: `Pickup coupon ${id} ${why}; only available coupons can be reclaimed.` },
      };
    }
    return { id };
  });
  const pass = checkGate(world, partner, input.verification_code);
  if (!pass.ok) return pass;

  passGate(pass.value);
  settlePickup(world);
  const results = verdicts.map((v): C['CouponReclaimResult']['results'][number] =>
    v.error
      ? { coupon_id: v.id, error_code: v.error.code, error_msg: v.error.msg }
      : {
          coupon_id: v.id,
          reclaimed_amount: toYuanNumber(returnPickup(world, world.console.pickupCoupons.get(v.id)!, 'reclaimed')),
        },
  );
  const failures = results.filter((r) => r.error_code !== undefined).length;
  return ok({ success_count: results.length - failures, failure_count: failures, results });
}

/** ConsumePickupCoupon: an order spends part of an available coupon; at zero it is used up. */
export function consumePickupCoupon(
  world: ConsoleWorld,
  input: C['ConsumePickupCouponRequest'],
): Result<C['PickupCoupon']> {
  const c = world.console.pickupCoupons.get(input.coupon_id);
  if (!c) return fail('CBC.0100', `Invalid parameter: pickup coupon ${input.coupon_id} does not exist.`);
  const now = world.clock.now();
  if (pickupStatus(c, now) !== 2)
    return fail('CBC.99000048', `Pickup coupon ${c.id} is not available (status ${pickupStatus(c, now)}).`);
  const amount = positiveAmount(input.amount, 'amount');
  if (!amount.ok) return amount;
  if (amount.value > c.balance)
    return fail(
      'CBC.0100',
      `Invalid parameter: amount ${formatYuan(amount.value)} exceeds the coupon balance ${formatYuan(c.balance)}.`,
    );
  settlePickup(world);
  c.balance -= amount.value;
  c.consumed = addCents(c.consumed, amount.value);
  if (c.balance === 0) {
    c.status = 3;
    c.closedAt = now;
    c.closeReason = 'used_up';
  }
  return ok(pickupView(c, now));
}

/** ListPickupCoupons: newest first, filtered, one page. */
export function listPickupCoupons(
  world: ConsoleWorld,
  q: { partner_id: string; customer_id?: string; status?: number; offset?: number; limit?: number },
): Result<C['PickupCoupons']> {
  const p = consolePartner(world, q.partner_id);
  if (!p.ok) return p;
  const now = world.clock.now();
  const matches = [...world.console.pickupCoupons.values()]
    .filter((c) => c.partnerId === p.value.id)
    .filter((c) => q.customer_id === undefined || c.customerId === q.customer_id)
    .filter((c) => q.status === undefined || pickupStatus(c, now) === q.status)
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const offset = q.offset ?? 0;
  return ok({
    total_count: matches.length,
    coupons: matches.slice(offset, offset + (q.limit ?? 10)).map((c) => pickupView(c, now)),
  });
}

// ---- the full-withdrawal rule -------------------------------------------------------------------------------------

/**
 * CustomerFullWithdrawal: the customer withdraws its whole balance; the remaining balance of its available cash
 * coupons and pickup coupons goes back to the issuable quotas they came from. Vouchers are not affected.
 */
export function fullWithdrawal(world: ConsoleWorld, input: C['FullWithdrawalRequest']): Result<C['FullWithdrawal']> {
  const c = world.customers.get(input.customer_id);
  if (!c) return fail('CBC.5002', `Customer ${input.customer_id} does not exist.`);

  settleCoupons(world);
  const returned: C['FullWithdrawal']['returned'] = [];
  const cash = [...world.benefits.coupons.values()]
    .filter((k) => k.customerId === c.id && k.type === 4 && k.status === 2)
    .sort((a, b) => a.seq - b.seq);
  for (const k of cash) {
    const issuer = world.partners.get(k.issuerId);
    const amount = k.balance;
    if (!issuer || !reclaimCoupon(world, issuer, { coupon_id: k.id }).ok) continue;
    returned.push({ coupon_id: k.id, kind: 'cash_coupon', quota_id: k.quotaId, amount: toYuanNumber(amount) });
  }
  for (const r of returnCustomerPickupCoupons(world, c.id, 'full_withdrawal')) {
    returned.push({
      coupon_id: r.coupon_id,
      kind: 'pickup_coupon',
      quota_id: r.quota_id,
      amount: toYuanNumber(r.amount),
    });
  }
  const total = returned.reduce((sum, r) => addCents(sum, parseAmount(r.amount)!), 0);
  return ok({ customer_id: c.id, returned, total_returned: toYuanNumber(total) });
}

// ---- China-site freeze ------------------------------------------------------------------------------------------

/** FreezeCustomersInConsole / UnfreezeCustomersInConsole: reseller-model customers only, per-customer refusals. */
export function consoleFreeze(
  world: ConsoleWorld,
  input: C['ConsoleFreezeRequest'] | C['ConsoleUnfreezeRequest'],
  action: 'freeze' | 'unfreeze',
): Result<C['ConsoleFreezeResult']> {
  const caller = consolePartner(world, input.partner_id);
  if (!caller.ok) return caller;
  if (caller.value.site !== 'cn')
    return fail(
      'CONSOLE.SITE_NOT_SUPPORTED',
      'International partners freeze customers with FreezeSubCustomers / UnfreezeSubCustomers.',
    );
  const owner = consoleOwner(world, caller.value, input.indirect_partner_id);
  if (!owner.ok) return owner;
  const ids = [...new Set(input.customer_ids)];
  const errors: C['ConsoleError'][] = [];
  for (const id of ids) {
    const c = world.customers.get(id);
    if (!isSubCustomerOf(world, c, owner.value))
      errors.push({
        id,
        error_code: 'CBC.99000035',
        error_msg: `Customer ${id} is not a sub-customer of this partner.`,
      });
    else if (c.associationType !== '2')
      errors.push({
        id,
        error_code: 'CBC.99005024',
        error_msg: `Customer ${id} is not a reseller-model (代售) customer; only those can be frozen or unfrozen by the partner.`,
      });
  }
  const refused = new Set(errors.map((e) => e.id));
  const type: FreezeType = ('freeze_type' in input ? input.freeze_type : undefined) ?? 'ACCOUNT';
  for (const id of ids) {
    if (refused.has(id)) continue;
    if (action === 'freeze') freezeCustomer(world, id, type, input.reason, 'partner');
    else unfreezeCustomer(world, id);
  }
  return ok(errors.length ? { error_details: errors } : {});
}

// ---- invariants ---------------------------------------------------------------------------------------------------

/**
 * Console invariants: pickup-coupon money is conserved per quota (value = balance + what its coupons hold or spent),
 * each coupon's balance is its face value less what was spent and returned, closed coupons hold nothing, rebates are
 * never negative, recharges are consistent, and every setting names a known partner.
 */
export function consoleInvariants(world: ConsoleWorld): string[] {
  const out: string[] = [];
  const s = world.console;
  for (const id of [...s.profiles.keys(), ...s.gates.keys(), ...s.rebates.keys()])
    if (!world.partners.has(id)) out.push(`console: settings of unknown partner ${id}`);
  for (const [id, v] of s.rebates)
    if (!Number.isSafeInteger(v) || v < 0) out.push(`console: partner ${id} rebate is ${v}`);
  const held = new Map<string, Cents>();
  for (const c of s.pickupCoupons.values()) {
    if (!s.pickupQuotas.has(c.quotaId)) out.push(`console: pickup coupon ${c.id} of unknown quota ${c.quotaId}`);
    if (!world.customers.has(c.customerId))
      out.push(`console: pickup coupon ${c.id} of unknown customer ${c.customerId}`);
    if (c.balance < 0 || c.balance !== c.face - c.consumed - c.returned)
      out.push(`console: pickup coupon ${c.id} balance ${c.balance} ≠ ${c.face} − ${c.consumed} − ${c.returned}`);
    if (c.status === 3 && (c.balance !== 0 || c.closeReason !== 'used_up'))
      out.push(`console: pickup coupon ${c.id} is used up with balance ${c.balance}`);
    if (c.status === 5 && (c.balance !== 0 || c.closedAt === undefined))
      out.push(`console: pickup coupon ${c.id} is reclaimed with balance ${c.balance}`);
    if (c.status === 2 && c.closedAt !== undefined) out.push(`console: available pickup coupon ${c.id} is closed`);
    held.set(c.quotaId, (held.get(c.quotaId) ?? 0) + c.face - c.returned);
  }
  for (const q of s.pickupQuotas.values()) {
    if (q.balance < 0) out.push(`console: pickup quota ${q.id} balance ${q.balance}`);
    if (q.value !== q.balance + (held.get(q.id) ?? 0))
      out.push(`console: pickup quota ${q.id} of ${q.value} has ${q.balance} left and ${held.get(q.id) ?? 0} out`);
  }
  for (const r of s.recharges) {
    if ((r.status === 'completed') !== (r.completedAt !== undefined))
      out.push(`console: recharge ${r.id} is ${r.status} with completedAt ${r.completedAt}`);
    if (r.status === 'pending' && r.method !== 'offline') out.push(`console: online recharge ${r.id} is pending`);
  }
  return out;
}
