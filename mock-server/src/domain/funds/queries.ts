/**
 * The funds slice's read operations (reference §2.C, §2.D): balances, adjust records, the partners' and customers'
 * ledgers and a distributor's tier-2 resellers. They filter and page; views.ts gives the wire forms. No read changes
 * the state.
 */
import type { CnComponents, CnOperations, IntlOperations } from '@partner-center/sdk';
import { inDays, inRange, newestFirst, page } from '../../kernel/paging.js';
import {
  actingPartner,
  type Customer,
  distributorsOnly,
  isSubCustomerOf,
  notYourReseller,
  type Partner,
} from '../../kernel/parties.js';
import { fail, ok, type Result } from '../../kernel/result.js';
import { type FundsWorld, peekAccounts } from './state.js';
import {
  adjustRecordView,
  balancesView,
  customerBalanceView,
  customerLedgerView,
  indirectPartnerView,
  ownBalancesView,
  partnerLedgerView,
} from './views.js';

type S = CnComponents['schemas'];
type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** ListPartnerBalances: the acting partner's cash, credit and allocatable accounts. */
export function listPartnerBalances(
  world: FundsWorld,
  caller: Partner,
  q: Query<CnOperations['ListPartnerBalances']>,
): Result<S['ListPartnerBalancesResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  return ok({ account_balances: balancesView(owner, peekAccounts(world, owner.id)) });
}

/** ListCustomersBalancesDetail: balances of the acting partner's reseller-model customers among the ids. */
export function listCustomerBalances(
  world: FundsWorld,
  caller: Partner,
  body: S['ListCustomersBalancesDetailRequest'],
): Result<S['ListCustomersBalancesDetailResponse']> {
  const owner = actingPartner(world, caller, body.indirect_partner_id);
  if (!owner) return notYourReseller(body.indirect_partner_id);
  const ids = [...new Set(body.customer_infos.map((i) => i.customer_id))];
  const customers: Customer[] = [];
  for (const id of ids) {
    const c = world.customers.get(id);
    if (!isSubCustomerOf(world, c, owner))
      return fail('CBC.99000035', `Customer ${id} is not a sub-customer of partner ${owner.id}.`);
    customers.push(c);
  }
  return ok({
    customer_balances: customers
      .filter((c) => c.associationType === '2')
      .map((c) => customerBalanceView(c, world.funds.allocations.get(c.id))),
  });
}

/** ListPartnerAdjustRecords: the acting partner's allocation/reclaim records, newest first, filtered, one page. */
export function listAdjustRecords(
  world: FundsWorld,
  caller: Partner,
  q: Query<CnOperations['ListPartnerAdjustRecords']>,
): Result<S['ListPartnerAdjustRecordsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const matches = (world.funds.adjustRecordsByPartner.get(owner.id) ?? [])
    .filter((r) => !q.customer_id || r.counterparty.id === q.customer_id)
    .filter((r) => !q.operation_type || r.operationType === q.operation_type)
    .filter((r) => !q.trans_id || r.transId === q.trans_id)
    .filter((r) => inRange(r.at, q.operation_time_begin, q.operation_time_end))
    .sort(newestFirst);
  return ok({ total_count: matches.length, records: page(matches, q.offset, q.limit).map(adjustRecordView) });
}

/** ListPartnerAccountChangeRecords: the acting partner's ledger of one account, newest first, one page. */
export function listPartnerLedger(
  world: FundsWorld,
  caller: Partner,
  q: Query<CnOperations['ListPartnerAccountChangeRecords']>,
): Result<S['ListPartnerAccountChangeRecordsResponse']> {
  const owner = actingPartner(world, caller, q.indirect_partner_id);
  if (!owner) return notYourReseller(q.indirect_partner_id);
  const inPeriod = inDays(world.clock.now(), q.trade_time_begin, q.trade_time_end);
  const matches = (world.funds.partnerLedgerByPartner.get(owner.id) ?? [])
    .filter((e) => e.balanceType === q.balance_type)
    .filter((e) => !q.trade_type || e.tradeType === q.trade_type)
    .filter((e) => inPeriod(e.at))
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    currency: 'CNY',
    records: page(matches, q.offset, q.limit).map(partnerLedgerView),
  });
}

/** ShowCustomerAccountBalances (customer token): the customer's cash account (its allocation balance). */
export function showCustomerBalances(
  world: FundsWorld,
  customer: Customer,
): Result<S['ShowCustomerAccountBalancesResponse']> {
  if (customer.associationType === '3')
    return fail('CBC.99000049', `Customer ${customer.id} is a resale (转售) sub-customer and has no account balance.`);
  return ok(ownBalancesView(customer, world.funds.allocations.get(customer.id)));
}

/** ListCustomerAccountChangeRecords (customer token): the customer's ledger, newest first, one page. */
export function listCustomerLedger(
  world: FundsWorld,
  customer: Customer,
  q: Query<CnOperations['ListCustomerAccountChangeRecords']>,
): Result<S['ListCustomerAccountChangeRecordsResponse']> {
  if (world.settings.refusePartnerCustomerLedger && customer.associationType !== '1') {
    return fail(
      'CBC.99000084',
      `This operation is not supported for partners' reseller-model customers such as ${customer.id}.`,
    );
  }
  const inPeriod = inDays(world.clock.now(), q.trade_time_begin, q.trade_time_end);
  const channels = q.payment_channel_id ? new Set(q.payment_channel_id.split(',')) : undefined;
  const matches = world.funds.customerLedger
    .filter((e) => e.customerId === customer.id && q.balance_type === 'BALANCE_TYPE_DEBIT')
    .filter(
      (e) => !q.revenue_expense_type || (e.direction === 'income' ? 'REVENUE' : 'EXPENSE') === q.revenue_expense_type,
    )
    .filter((e) => !q.trade_type || e.tradeType === q.trade_type)
    .filter((e) => !q.trade_id || e.tradeId === q.trade_id)
    .filter((e) => !channels || channels.has(e.paymentChannelId))
    .filter((e) => !q.payment_channel_no || e.tradeId === q.payment_channel_no)
    .filter((e) => inPeriod(e.at))
    .sort(newestFirst);
  return ok({
    total_count: matches.length,
    currency: customer.site === 'intl' ? 'USD' : 'CNY',
    records: page(matches, q.offset, q.limit).map((e) => customerLedgerView(customer, e)),
  });
}

type ListIndirectPartnersBody =
  | S['ListIndirectPartnersRequest']
  | NonNullable<IntlOperations['ListIndirectPartners']['requestBody']>['content']['application/json'];

/** ListIndirectPartners: the calling distributor's tier-2 resellers, filtered, one page. */
export function listIndirectPartners(
  world: FundsWorld,
  caller: Partner,
  body: ListIndirectPartnersBody,
): Result<S['ListIndirectPartnersResponse']> {
  if (caller.role !== 'distributor') return distributorsOnly(caller, 'ListIndirectPartners');
  // The seeded resellers were associated when the world was seeded, shown to the second.
  const associatedAt = Math.floor(world.funds.seededAt / 1000) * 1000;
  const inWindow = inRange(associatedAt, body.associated_on_begin, body.associated_on_end);
  const matches = [...world.partners.values()]
    .filter((p) => p.role === 'reseller' && p.parentId === caller.id)
    .filter((p) => !body.indirect_partner_id || p.id === body.indirect_partner_id)
    .filter((p) => !body.account_name || p.iamDomain === body.account_name)
    .filter(() => inWindow)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return ok({
    count: matches.length,
    indirect_partners: page(matches, body.offset, body.limit).map((p) => indirectPartnerView(p, associatedAt)),
  });
}
