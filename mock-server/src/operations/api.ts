/**
 * operationId → domain command. Each entry only picks the command; rules live in the domain. The spec-coverage test
 * fails when an operation of the spec has no entry here.
 */
import { checkIdentity, createCustomer, listCustomers, sendCode } from '../domain/customers/index.js';
import { fail, type Result } from '../kernel/result.js';
import {
  allocateToCustomer,
  fundReseller,
  listAdjustRecords,
  listCustomerBalances,
  listCustomerLedger,
  listIndirectPartners,
  listPartnerBalances,
  listPartnerLedger,
  reclaimFromCustomer,
  reclaimFromReseller,
  showCustomerBalances,
} from '../domain/funds/index.js';
import {
  listBudgetRecords,
  listBudgets,
  showBudget,
  showCustomerExpenditureQuota,
  showPartnerConsumptionQuota,
  updateBudget,
} from '../domain/budgets/index.js';
import { freezeCustomers, unfreezeCustomers } from '../domain/freeze/index.js';
import { applyEnterprise, applyIndividual, changeToEnterprise, showReviewResult } from '../domain/realname/index.js';
import { listResources } from '../domain/resources/index.js';
import { listNewCustomerTags } from '../domain/tags/index.js';
import type { Customer } from '../kernel/parties.js';
import type { ApiContext, ApiTable } from './context.js';
import { issueQuotas, listIssuedQuotas, listQuotaRecords, listQuotas, reclaimQuotas } from '../domain/quotas/index.js';
import {
  createCoupons,
  listCouponChanges,
  listCouponRecords,
  listCoupons,
  listIssuedCoupons,
  listStoredValueCards,
  reclaimCoupon,
} from '../domain/coupons/index.js';

/**
 * Partner operations refuse a customer's token, and customer-side operations a partner's credentials, with the
 * documented access-denied code.
 */
export const partnerOnly =
  <I>(h: (ctx: ApiContext<I>) => Result<unknown>) =>
  (ctx: ApiContext<I>): Result<unknown> =>
    ctx.customer
      ? fail('CBC.0151', 'Access denied: this operation needs partner credentials, not a customer token.')
      : h(ctx);
/** See {@link partnerOnly}. */
export const customerOnly =
  <I>(h: (ctx: ApiContext<I> & { customer: Customer }) => Result<unknown>) =>
  (ctx: ApiContext<I>): Result<unknown> =>
    ctx.customer
      ? h(ctx as ApiContext<I> & { customer: Customer })
      : fail('CBC.0151', "Access denied: this operation needs the customer's token.");

/** The real API: operationId → domain command. */
export const apiHandlers = {
  CheckUserIdentity: partnerOnly(({ world, input }) => checkIdentity(world, input)),
  SendVerificationMessageCode: partnerOnly(({ world, input }) => sendCode(world, input)),
  CreateSubCustomer: partnerOnly(({ world, partner, input }) => createCustomer(world, partner, input)),
  ListSubCustomers: partnerOnly(({ world, partner, input }) => listCustomers(world, partner, input)),
  // Funds and tier-2 resellers (domain/funds.ts)
  // A caller that is not a partner (a customer's token) gets CBC.5001, answered with HTTP 200 (reference §2.C C1).
  ListPartnerBalances: (ctx) =>
    ctx.customer
      ? fail('CBC.5001', 'The caller is not a partner: ListPartnerBalances needs partner credentials.')
      : listPartnerBalances(ctx.world, ctx.partner, ctx.input ?? {}),
  ListCustomersBalancesDetail: partnerOnly(({ world, partner, input }) => listCustomerBalances(world, partner, input)),
  UpdateCustomerAccountAmount: partnerOnly(({ world, partner, input }) => allocateToCustomer(world, partner, input)),
  ReclaimToPartnerAccount: partnerOnly(({ world, partner, input }) => reclaimFromCustomer(world, partner, input)),
  ListPartnerAdjustRecords: partnerOnly(({ world, partner, input }) => listAdjustRecords(world, partner, input ?? {})),
  ListPartnerAccountChangeRecords: partnerOnly(({ world, partner, input }) => listPartnerLedger(world, partner, input)),
  ShowCustomerAccountBalances: customerOnly(({ world, customer }) => showCustomerBalances(world, customer)),
  ListCustomerAccountChangeRecords: customerOnly(({ world, customer, input }) =>
    listCustomerLedger(world, customer, input),
  ),
  ListIndirectPartners: partnerOnly(({ world, partner, input }) => listIndirectPartners(world, partner, input)),
  UpdateIndirectPartnerAccount: partnerOnly(({ world, partner, input }) => fundReseller(world, partner, input)),
  ReclaimIndirectPartnerAccount: partnerOnly(({ world, partner, input }) => reclaimFromReseller(world, partner, input)),
  // Coupon quotas and partner coupons (domain/quotas.ts, domain/coupons.ts)
  ListQuotaCoupons: partnerOnly(({ world, partner, input }) => listQuotas(world, partner, input)),
  UpdateCouponQuotas: partnerOnly(({ world, partner, input }) => issueQuotas(world, partner, input)),
  ReclaimCouponQuotas: partnerOnly(({ world, partner, input }) => reclaimQuotas(world, partner, input)),
  ListIssuedCouponQuotas: partnerOnly(({ world, partner, input }) => listIssuedQuotas(world, partner, input ?? {})),
  ListCouponQuotasRecords: partnerOnly(({ world, partner, input }) => listQuotaRecords(world, partner, input ?? {})),
  CreatePartnerCoupons: partnerOnly(({ world, partner, input }) => createCoupons(world, partner, input)),
  ListIssuedPartnerCoupons: partnerOnly(({ world, partner, input }) => listIssuedCoupons(world, partner, input ?? {})),
  ReclaimPartnerCoupons: partnerOnly(({ world, partner, input }) => reclaimCoupon(world, partner, input)),
  ListPartnerCouponsRecord: partnerOnly(({ world, partner, input }) => listCouponRecords(world, partner, input ?? {})),
  // Partner credentials list the partner's own coupons, a customer's token the customer's.
  ListSubCustomerCoupons: ({ world, partner, customer, input }) => listCoupons(world, partner, customer, input ?? {}),
  ListCustomerCouponChangeRecords: customerOnly(({ world, customer, input }) =>
    listCouponChanges(world, customer, input),
  ),
  ListStoredValueCards: customerOnly(({ world, customer, input }) => listStoredValueCards(world, customer, input)),
  // New-customer tags, freezing, pay-per-use resources (domain/tags.ts, freeze.ts, resources.ts)
  ListSubCustomerNewTag: partnerOnly(({ world, partner, input }) => listNewCustomerTags(world, partner, input)),
  FreezeSubCustomers: partnerOnly(({ world, partner, input }) => freezeCustomers(world, partner, input)),
  UnfreezeSubCustomers: partnerOnly(({ world, partner, input }) => unfreezeCustomers(world, partner, input)),
  ListCustomerOnDemandResources: partnerOnly(({ world, partner, input }) => listResources(world, partner, input)),
  // Budgets and credit quotas (domain/budgets.ts)
  UpdateSubCustomerBudget: partnerOnly(({ world, partner, input }) => updateBudget(world, partner, input)),
  ShowSubCustomerBudget: partnerOnly(({ world, partner, input }) => showBudget(world, partner, input)),
  ListSubCustomerBudget: partnerOnly(({ world, partner, input }) => listBudgets(world, partner, input)),
  ListSubCustomerBudgetRecords: partnerOnly(({ world, partner, input }) => listBudgetRecords(world, partner, input)),
  ShowPartnerConsumptionQuota: partnerOnly(({ world, partner }) => showPartnerConsumptionQuota(world, partner)),
  ShowCustomerExpenditureQuota: customerOnly(({ world, customer }) => showCustomerExpenditureQuota(world, customer)),
  // Real-name authentication (domain/realname.ts)
  CreatePersonalRealnameAuth: partnerOnly(({ world, partner, input }) => applyIndividual(world, partner, input)),
  CreateEnterpriseRealnameAuthentication: partnerOnly(({ world, partner, input }) =>
    applyEnterprise(world, partner, input),
  ),
  ChangeEnterpriseRealnameAuthentication: partnerOnly(({ world, partner, input }) =>
    changeToEnterprise(world, partner, input),
  ),
  ShowRealnameAuthenticationReviewResult: partnerOnly(({ world, partner, input }) =>
    showReviewResult(world, partner, input.customer_id),
  ),
} satisfies ApiTable;

/** A handler looked up by an operationId known only at run time; its input is checked by the operation's validator. */
export type AnyApiHandler = (ctx: ApiContext<unknown>) => Result<unknown>;
const apiByName: Readonly<Record<string, AnyApiHandler>> = apiHandlers as never;

/** The handler of a run-time operationId (a routed request, a scenario step, a journal entry), if the mock has one. */
export function apiHandlerFor(operationId: string): AnyApiHandler | undefined {
  return Object.hasOwn(apiByName, operationId) ? apiByName[operationId] : undefined;
}
