/**
 * Customer budgets (reference §2.B, international site): a resale-model (转售) customer's spending cap, its setting
 * records, the used amount (set by the control surface, since consumption is not modelled), the automatic freeze
 * on an exhausted budget, and the two credit-quota reads (the partner's consumption quota, the customer's
 * expenditure quota). Amounts are integer cents of USD. Every command checks first and mutates last.
 */
import type { IntlComponents } from '@partner-center/sdk';
import { utcSeconds } from '../../kernel/clock.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { freezeCustomer, unfreezeCustomer } from '../freeze/index.js';
import { addCents, formatYuan, parseAmount, toYuanNumber, type Cents } from '../../kernel/money.js';
import {
  actingPartner,
  type Customer,
  isSubCustomerOf,
  notYourReseller,
  type Partner,
  type Parties,
} from '../../kernel/parties.js';
import type { FreezeSlice } from '../freeze/index.js';

/** What this aggregate keeps in a tenant's World (domain/world.ts assembles them all). */
export interface BudgetsSlice {
  /** Customer budgets, their records and partners' consumption quotas. */
  budgets: BudgetState;
}

/** The part of a tenant's World this aggregate reads and writes. */
export type BudgetsWorld = Parties & BudgetsSlice & FreezeSlice;

type SI = IntlComponents['schemas'];
export type BudgetType = 'MONTHLY' | 'PACKAGE';

/** A customer's current budget. */
export interface Budget {
  customerId: string;
  amount: Cents;
  used: Cents;
  type: BudgetType;
  /** `0` the partner freezes by hand, `1` the customer is frozen automatically when the budget is used up. */
  frozenOperateType: 0 | 1;
}

/** One line of ListSubCustomerBudgetRecords. */
export interface BudgetRecord {
  customerId: string;
  /** The partner the customer belonged to (the acting partner, a reseller when a distributor acted for it). */
  partnerId: string;
  amount: Cents;
  operationType: 'SETTING' | 'DELETE';
  at: number;
  operator: string;
  budgetType: BudgetType;
  partnerCorpName: string;
  partnerAccountName: string;
  seq: number;
}

/** A partner's consumption quota, as Huawei sets it (control surface). */
export interface PartnerCredit {
  consumptionQuota: Cents;
  amount: Cents;
  couponAmount: Cents;
  dueAmount: Cents;
  unbilledAmount: Cents;
}

export interface BudgetState {
  budgets: Map<string, Budget>;
  records: BudgetRecord[];
  credit: Map<string, PartnerCredit>;
}

export const createBudgetState = (): BudgetState => ({ budgets: new Map(), records: [], credit: new Map() });

const CURRENCY = 'USD';
const MEASURE_ID = 1 as const;

const notSubCustomer = (id: string) => fail('CBC.99000035', `Customer ${id} is not a sub-customer of this partner.`);
const notResale = (c: Customer) =>
  fail(
    'CBC.99005024',
    `Customer ${c.id} is associated in model "${c.associationType}"; budgets exist only for resale-model (转售, "3") customers.`,
  );
/** The acting partner's resale-model customer, or the documented refusal. */
function resaleCustomer(world: BudgetsWorld, owner: Partner, customerId: string): Result<Customer> {
  const c = world.customers.get(customerId);
  if (!isSubCustomerOf(world, c, owner)) return notSubCustomer(customerId);
  if (c.associationType !== '3') return notResale(c);
  return ok(c);
}

type UpdateInput = SI['UpdateSubCustomerBudgetRequest'];

/** UpdateSubCustomerBudget: set the budget, record a SETTING, optionally lift the freeze. */
export function updateBudget(world: BudgetsWorld, caller: Partner, input: UpdateInput): Result<void> {
  const owner = actingPartner(world, caller, input.indirect_partner_id);
  if (!owner) return notYourReseller(input.indirect_partner_id);
  const found = resaleCustomer(world, owner, input.customer_id);
  if (!found.ok) return found;
  const amount = parseAmount(input.budget_amount);
  if (amount === undefined || amount <= 0)
    return fail(
      'CBC.0100',
      `budget_amount ${input.budget_amount} is not an amount greater than 0 with at most 2 decimals.`,
    );

  const current = world.budgets.budgets.get(input.customer_id);
  const fot = input.frozen_operate_type;
  const frozenOperateType: 0 | 1 = fot === 0 || fot === 1 ? fot : (current?.frozenOperateType ?? 0);
  const type: BudgetType = input.budget_type ?? 'MONTHLY';
  const cancelFreeze = String(input.cancel_partner_frozen ?? '') === '1';

  world.budgets.budgets.set(input.customer_id, {
    customerId: input.customer_id,
    amount,
    used: current?.used ?? 0,
    type,
    frozenOperateType,
  });
  world.budgets.records.push({
    customerId: input.customer_id,
    partnerId: owner.id,
    amount,
    operationType: 'SETTING',
    at: world.clock.now(),
    operator: caller.iamUser,
    budgetType: type,
    partnerCorpName: owner.name,
    partnerAccountName: owner.iamDomain,
    seq: ++world.seq,
  });
  if (cancelFreeze) unfreezeCustomer(world, input.customer_id);
  return ok(undefined);
}

function budgetView(b: Budget | undefined) {
  return b ? { budget_amount: toYuanNumber(b.amount), used_amount: toYuanNumber(b.used), budget_type: b.type } : {};
}

/** ShowSubCustomerBudget: one customer's budget (amounts absent while none is set). */
export function showBudget(
  world: BudgetsWorld,
  caller: Partner,
  q: { customer_id: string; indirect_partner_id?: string | null },
): Result<SI['SubCustomerBudget']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const found = resaleCustomer(world, owner, q.customer_id);
  if (!found.ok) return found;
  return ok({ ...budgetView(world.budgets.budgets.get(q.customer_id)), measure_id: MEASURE_ID, currency: CURRENCY });
}

/** ListSubCustomerBudget: the budgets of the listed customers that are the acting partner's resale customers. */
export function listBudgets(
  world: BudgetsWorld,
  caller: Partner,
  input: SI['ListSubCustomerBudgetRequest'],
): Result<SI['ListSubCustomerBudgetResponse']> {
  const owner = actingPartner(world, caller, input.indirect_partner_id);
  if (!owner) return notYourReseller(input.indirect_partner_id);
  const seen = new Set<string>();
  const budget_infos: SI['BudgetInfo'][] = [];
  for (const id of input.customer_ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (!resaleCustomer(world, owner, id).ok) continue;
    const b = world.budgets.budgets.get(id);
    if (b) budget_infos.push({ customer_id: id, ...budgetView(b) });
  }
  return ok({ measure_id: MEASURE_ID, currency: CURRENCY, budget_infos });
}

type RecordsQuery = {
  customer_id: string;
  indirect_partner_id?: string | null;
  operation_type?: 'SETTING' | 'DELETE';
  budget_type?: BudgetType;
  offset?: number;
  limit?: number;
};

/** ListSubCustomerBudgetRecords: the acting partner's records for a customer, newest first. */
export function listBudgetRecords(
  world: BudgetsWorld,
  caller: Partner,
  q: RecordsQuery,
): Result<SI['ListSubCustomerBudgetRecordsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const ownRecords = world.budgets.records.filter((r) => r.partnerId === owner.id && r.customerId === q.customer_id);
  const c = world.customers.get(q.customer_id);
  const associated = isSubCustomerOf(world, c, owner);
  if (associated && c.associationType !== '3') return notResale(c);
  if (!associated && ownRecords.length === 0) return notSubCustomer(q.customer_id);

  const matches = ownRecords
    .filter((r) => !q.operation_type || r.operationType === q.operation_type)
    .filter((r) => !q.budget_type || r.budgetType === q.budget_type)
    .sort((a, b) => b.at - a.at || b.seq - a.seq);
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 10;
  return ok({
    total_count: matches.length,
    measure_id: MEASURE_ID,
    currency: CURRENCY,
    record_list: matches.slice(offset, offset + limit).map((r) => ({
      budget_amount: toYuanNumber(r.amount),
      operation_type: r.operationType,
      operation_time: utcSeconds(r.at),
      operator: r.operator,
      budget_type: r.budgetType,
      partner_corp_name: r.partnerCorpName,
      partner_account_name: r.partnerAccountName,
    })),
  });
}

/**
 * Removes a customer's budget because its association with the partner ended, recording a `DELETE` (operator
 * `system`). For the association work (disassociation, association-type switch); a customer without a budget is
 * left alone. Returns whether a budget was removed.
 */
export function deleteBudgetOnDisassociation(world: BudgetsWorld, customerId: string, operator = 'system'): boolean {
  const b = world.budgets.budgets.get(customerId);
  const c = world.customers.get(customerId);
  if (!b || !c) return false;
  const owner = world.partners.get(c.partnerId);
  world.budgets.budgets.delete(customerId);
  world.budgets.records.push({
    customerId,
    partnerId: c.partnerId,
    amount: b.amount,
    operationType: 'DELETE',
    at: world.clock.now(),
    operator,
    budgetType: b.type,
    partnerCorpName: owner?.name ?? '',
    partnerAccountName: owner?.iamDomain ?? '',
    seq: ++world.seq,
  });
  return true;
}

/**
 * Control surface: set how much of a customer's budget is used. When the usage reaches the budget and the budget
 * freezes automatically, the customer's account is frozen (unless it already is).
 */
export function setBudgetUsage(
  world: BudgetsWorld,
  customerId: string,
  used: number | string,
): Result<{ budget: Budget; isFrozen: 0 | 1 | 2 }> {
  const c = world.customers.get(customerId);
  if (!c) return fail('CBC.0100', `Customer ${customerId} does not exist.`);
  const b = world.budgets.budgets.get(customerId);
  if (!b) return fail('CBC.0100', `Customer ${customerId} has no budget; set one with UpdateSubCustomerBudget first.`);
  const cents = parseAmount(used);
  if (cents === undefined)
    return fail('CBC.0100', `used_amount ${used} is not an amount of at least 0 with at most 2 decimals.`);
  b.used = cents;
  if (b.frozenOperateType === 1 && cents >= b.amount && c.isFrozen === 0) {
    freezeCustomer(world, customerId, 'ACCOUNT', 'Budget used up (automatic freeze).', 'budget');
  }
  return ok({ budget: b, isFrozen: c.isFrozen });
}

/** Control surface: set a partner's consumption quota and the balances that use it. */
export function setPartnerCredit(
  world: BudgetsWorld,
  input: {
    partner_id: string;
    consumption_quota: number | string;
    amount?: number | string;
    coupon_amount?: number | string;
    due_amount?: number | string;
    unbilled_amount?: number | string;
  },
): Result<PartnerCredit> {
  const partner = world.partners.get(input.partner_id);
  if (!partner) return fail('CBC.0100', `Partner ${input.partner_id} does not exist.`);
  const parsed: Record<string, Cents> = {};
  for (const key of ['consumption_quota', 'amount', 'coupon_amount', 'due_amount', 'unbilled_amount'] as const) {
    const value = input[key];
    const cents = value === undefined ? 0 : parseAmount(value);
    if (cents === undefined)
      return fail('CBC.0100', `${key} ${value} is not an amount of at least 0 with at most 2 decimals.`);
    parsed[key] = cents;
  }
  const credit: PartnerCredit = {
    consumptionQuota: parsed.consumption_quota!,
    amount: parsed.amount!,
    couponAmount: parsed.coupon_amount!,
    dueAmount: parsed.due_amount!,
    unbilledAmount: parsed.unbilled_amount!,
  };
  world.budgets.credit.set(partner.id, credit);
  return ok(credit);
}

/** The quota as ShowPartnerConsumptionQuota shows it; zero for a partner Huawei never granted one. */
export function partnerCreditView(
  world: BudgetsWorld,
  partnerId: string,
): Required<SI['ShowPartnerConsumptionQuotaResponse']> {
  const c = world.budgets.credit.get(partnerId) ?? {
    consumptionQuota: 0,
    amount: 0,
    couponAmount: 0,
    dueAmount: 0,
    unbilledAmount: 0,
  };
  return {
    consumption_quota: formatYuan(c.consumptionQuota),
    amount: formatYuan(c.amount),
    coupon_amount: formatYuan(c.couponAmount),
    due_amount: formatYuan(c.dueAmount),
    unbilled_amount: formatYuan(c.unbilledAmount),
    used_consumption_quota: formatYuan(addCents(c.dueAmount, c.unbilledAmount, -c.amount, -c.couponAmount)),
    measure_id: MEASURE_ID,
    currency: CURRENCY,
  };
}

/** ShowPartnerConsumptionQuota: the calling partner's quota. */
export function showPartnerConsumptionQuota(
  world: BudgetsWorld,
  caller: Partner,
): Result<SI['ShowPartnerConsumptionQuotaResponse']> {
  return ok(partnerCreditView(world, caller.id));
}

/** ShowCustomerExpenditureQuota: the calling customer's budget as a quota, with the used share in percent. */
export function showCustomerExpenditureQuota(
  world: BudgetsWorld,
  customer: Customer,
): Result<SI['ShowCustomerExpenditureQuotaResponse']> {
  const b = world.budgets.budgets.get(customer.id);
  const granted = b?.amount ?? 0;
  const used = b?.used ?? 0;
  // Percent with 2 decimals, rounded half up in integers: basis points of a percent.
  const hundredths = granted > 0 ? Math.floor((used * 10_000 * 2 + granted) / (granted * 2)) : 0;
  return ok({
    granting_amount: toYuanNumber(granted),
    granting_amount_used: toYuanNumber(used),
    percentage_granting_amount_used: toYuanNumber(hundredths),
    measure_id: MEASURE_ID,
    currency: CURRENCY,
  });
}

/** Invariants: budgets belong to existing resale customers, amounts are sane, and each matches its latest SETTING. */
export function budgetInvariants(world: BudgetsWorld): string[] {
  const out: string[] = [];
  for (const [id, b] of world.budgets.budgets) {
    const c = world.customers.get(id);
    if (!c) {
      out.push(`budget of unknown customer ${id}`);
      continue;
    }
    if (c.associationType !== '3') out.push(`customer ${id} has a budget but association type ${c.associationType}`);
    if (!Number.isSafeInteger(b.amount) || b.amount <= 0) out.push(`budget of ${id} is ${b.amount} cents`);
    if (!Number.isSafeInteger(b.used) || b.used < 0) out.push(`budget of ${id} has used ${b.used} cents`);
    const last = world.budgets.records
      .filter((r) => r.customerId === id)
      .reduce<BudgetRecord | undefined>((a, r) => (!a || r.seq > a.seq ? r : a), undefined);
    if (last?.operationType !== 'SETTING' || last.amount !== b.amount || last.budgetType !== b.type) {
      out.push(`budget of ${id} (${b.amount} cents, ${b.type}) does not match its latest record`);
    }
  }
  for (const [id] of world.budgets.credit)
    if (!world.partners.has(id)) out.push(`credit quota of unknown partner ${id}`);
  return out;
}
